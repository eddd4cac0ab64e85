/* chaoslm tests — the data sets of the evaluation tests and the
 * finite-difference check of the Jacobian and the gradient (header-only;
 * test_eval.c and test_cascade.c).  GPL-3.0-or-later. */
#ifndef CLM_TESTS_EVAL_CHECK_H
#define CLM_TESTS_EVAL_CHECK_H
#include <math.h>
#include <stdlib.h>
#include "net_internal.h"

/* R x Q inputs and O x Q targets, one sample per column (owned). */
typedef struct dataset {
  size_t R, O, Q;
  double *X, *T;
} dataset;

static inline void free_data(dataset *d) {
  free(d->X);
  free(d->T);
}

/* A sample with a NaN input is left out of every evaluation. */
static inline int sample_skipped(const dataset *d, size_t q) {
  for (size_t i = 0; i < d->R; i++)
    if (isnan(d->X[q * d->R + i])) return 1;
  return 0;
}

/* Every Jacobian column (clm_jacobian against central differences of
 * clm_sim) and gradient entry (clm_gradient against central differences
 * of clm_perform): the worst relative errors in *jac_err and *grad_err.
 * *rows_ok: both calls succeeded and the Jacobian rows that must be zero
 * are (NaN target, skipped sample, removed output); with check_errors
 * also the errors of those rows: T - xoffset for a removed output of a
 * kept sample with a target, else 0.  The weights are restored. */
static inline void fd_check(clm_net *net, const dataset *d, int check_errors, double *jac_err,
                            double *grad_err, int *rows_ok) {
  const size_t P = clm_net_num_weights(net), Q = d->Q, O = d->O, M = Q * O;
  double *J = malloc(M * P * sizeof *J), *E = malloc(M * sizeof *E);
  double *Yp = malloc(M * sizeof *Yp), *Ym = malloc(M * sizeof *Ym);
  double *g = malloc(P * sizeof *g), *w = malloc(P * sizeof *w);
  int st = clm_jacobian(net, d->X, d->T, Q, J, E);
  st |= clm_gradient(net, d->X, d->T, Q, g, NULL);
  clm_getwb(net, w);
  double jmax = 0.0, gmax = 0.0;
  for (size_t i = 0; i < M * P; i++) jmax = fmax(jmax, fabs(J[i]));
  for (size_t i = 0; i < P; i++) gmax = fmax(gmax, fabs(g[i]));
  *jac_err = *grad_err = 0.0;
  *rows_ok = st == CLM_OK;
  for (size_t q = 0; q < Q; q++)
    for (size_t i = 0; i < O; i++) {
      size_t r = q * O + i;
      if (isnan(d->T[r]) || sample_skipped(d, q) || !net->out.kept[i]) {
        int zero = 1;
        for (size_t p = 0; p < P; p++) zero &= J[r * P + p] == 0.0;
        if (check_errors) {
          const int removed = !net->out.kept[i] && !isnan(d->T[r]) && !sample_skipped(d, q);
          zero &= E[r] == (removed ? d->T[r] - net->out.xoffset[i] : 0.0);
        }
        *rows_ok &= zero;
      }
    }
  for (size_t p = 0; p < P; p++) {
    const double w0 = w[p], h = 1e-5 * fmax(1.0, fabs(w0));
    double fp, fm;
    w[p] = w0 + h;
    clm_setwb(net, w);
    clm_sim(net, d->X, Q, Yp, 1);
    clm_perform(net, d->X, d->T, Q, &fp, NULL);
    w[p] = w0 - h;
    clm_setwb(net, w);
    clm_sim(net, d->X, Q, Ym, 1);
    clm_perform(net, d->X, d->T, Q, &fm, NULL);
    w[p] = w0;
    double colmax = 0.0, diff = 0.0;
    for (size_t q = 0; q < Q; q++) {
      if (sample_skipped(d, q)) continue;
      for (size_t i = 0; i < O; i++) {
        size_t r = q * O + i;
        if (isnan(d->T[r])) continue;
        double fd = -(Yp[r] - Ym[r]) / (2.0 * h);
        colmax = fmax(colmax, fabs(J[r * P + p]));
        diff = fmax(diff, fabs(fd - J[r * P + p]));
      }
    }
    double rel = diff / fmax(colmax, 1e-3 * jmax);
    if (!(rel <= *jac_err)) *jac_err = rel; /* NaN sticks */
    double grel = fabs((fp - fm) / (2.0 * h) - g[p]) / fmax(fabs(g[p]), 1e-3 * gmax);
    if (!(grel <= *grad_err)) *grad_err = grel;
  }
  clm_setwb(net, w);
  free(J);
  free(E);
  free(Yp);
  free(Ym);
  free(g);
  free(w);
}
#endif
