/* chaoslm — performance functions and performParam: the one place that
 * knows how mse, sse, mae and crossentropy normalise, how errors are
 * normalized per output row, and how regularization enters; and the
 * checks of number arrays.
 *
 * With the loss sum S = the sum of the per-element terms over the N
 * non-NaN target elements (lib/eval.c forms the terms: e^2, |e|, or the
 * cross-entropy terms; e = en_i (t - y)):
 *   mse = S/N,  sse = S,  mae = S/N,  crossentropy = S/N,
 * and with regularization r (net.performParam.regularization)
 *   perf = (1 - r) perf_errors + r WB'WB / P.
 * Two forms of the division exist because they round differently and each
 * is what MATLAB's code path computes: a set's performance divides its sum
 * by its own count (clm__perf_of_sum: validation and test sets,
 * clm_perform), while training multiplies every sum (S, J'e, J'J) by one
 * scale factor fixed at the start (clm__perf_scale: 1/N, or 1 for sse).
 *
 * Normalization (net.performParam.normalization): the error of raw output
 * row i is multiplied by en_i = 2/range_i (standard) or 1/range_i
 * (percent), range_i from the network's output range (clm_proc xmin/xmax,
 * set by configure from the targets, MATLAB's net.outputs{1}.range, as
 * MATLAB's errNorm hint does); a factor that is not finite is 1.  The
 * factors are computed as 1/(max/2 - min/2) and 0.5/(max/2 - min/2): the
 * same bits as 2/range and 1/range for any ordinary range (halving is
 * exact), and no overflow for rows spanning -1e308..1e308.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include "net_internal.h"

clm_loss_kind clm__loss_kind(const clm_net *net) {
  switch (net->performfcn) {
  case CLM_MAE:
    return CLM_LOSS_ABS;
  case CLM_CROSSENTROPY:
    /* MATLAB: the two-term form when the targets have a single row */
    return net->n_outputs == 1 ? CLM_LOSS_XENT2 : CLM_LOSS_XENT;
  default:
    return CLM_LOSS_SQUARED;
  }
}

int clm__perf_errnorm(const clm_net *net, double *en) {
  int any = 0;
  const clm_proc *o = &net->out;
  for (size_t i = 0; i < net->n_outputs; i++) {
    double f = 1.0;
    if (net->perf_norm != CLM_NORMALIZATION_NONE && o->xmin && o->xmax) {
      const double half_range = o->xmax[i] * 0.5 - o->xmin[i] * 0.5;
      f = (net->perf_norm == CLM_NORMALIZATION_STANDARD ? 1.0 : 0.5) / half_range;
      if (!isfinite(f) || !(f > 0.0)) f = 1.0; /* constant, all-NaN or unknown row */
    }
    en[i] = f;
    any |= f != 1.0;
  }
  return any;
}

double clm__perf_of_sum(clm_performfcn f, double sum, size_t count) {
  if (f == CLM_SSE) return sum;
  return count ? sum / (double)count : NAN;
}

double clm__perf_scale(clm_performfcn f, size_t count) {
  if (f == CLM_SSE) return 1.0;
  return count ? 1.0 / (double)count : NAN;
}

double clm__perf_regularize(const clm_net *net, double perf_errors, const double *wb) {
  const double r = net->perf_reg;
  if (r == 0.0 || net->n_wb == 0) return perf_errors;
  double ss = 0.0;
  for (size_t i = 0; i < net->n_wb; i++) ss += wb[i] * wb[i];
  return (1.0 - r) * perf_errors + r * ss / (double)net->n_wb;
}

int clm__perform_check(const clm_net *net, unsigned trainer_flags, const char *trainer_name,
                       char *msg, size_t msg_len) {
  if (msg && msg_len) msg[0] = '\0';
  if (!net) return CLM_ENULL;
  const char *pf = clm_performfcn_name(net->performfcn);
  if (!pf || !(net->perf_reg >= 0.0 && net->perf_reg <= 1.0) ||
      (int)net->perf_norm < 0 || net->perf_norm >= CLM_NORMALIZATION_COUNT_) {
    if (msg && msg_len) snprintf(msg, msg_len, "the network's performance settings are invalid");
    return CLM_EPERFORM;
  }
  if (net->performfcn == CLM_CROSSENTROPY && net->perf_norm != CLM_NORMALIZATION_NONE) {
    if (msg && msg_len)
      snprintf(msg, msg_len,
               "crossentropy takes no normalization (performParam.normalization = '%s'; "
               "set it to 'none')",
               clm_normalization_name(net->perf_norm));
    return CLM_EPERFORM;
  }
  if ((trainer_flags & CLM_TRAINER_JACOBIAN) && net->performfcn != CLM_MSE &&
      net->performfcn != CLM_SSE) {
    if (msg && msg_len)
      snprintf(msg, msg_len,
               "%s needs performFcn mse or sse (it works on the Jacobian of the errors); "
               "the network's performFcn is %s",
               trainer_name ? trainer_name : "this trainer", pf);
    return CLM_EPERFORM;
  }
  if ((trainer_flags & CLM_TRAINER_REGULARIZES) && net->perf_reg != 0.0) {
    if (msg && msg_len)
      snprintf(msg, msg_len,
               "%s chooses its own weight penalty (Bayesian regularization); "
               "performParam.regularization must be 0 (it is %g)",
               trainer_name ? trainer_name : "this trainer", net->perf_reg);
    return CLM_EPERFORM;
  }
  return CLM_OK;
}

int clm__check_finite(const double *a, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isfinite(a[i])) return isnan(a[i]) ? CLM_ENAN : CLM_EINF;
  return CLM_OK;
}

int clm__check_no_inf(const double *a, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (isinf(a[i])) return CLM_EINF;
  return CLM_OK;
}
