/* chaoslm — transfer functions and their derivatives (MATLAB semantics).
 *
 * Formulas, as MATLAB implements them (reference: matlab-semantics.md §3.2,
 * MathWorks tansig/logsig/softmax documentation):
 *   tansig   a = 2/(1+exp(-2n)) - 1      da/dn = 1 - a^2
 *   logsig   a = 1/(1+exp(-n))           da/dn = a(1 - a)
 *   purelin  a = n                       da/dn = 1
 *   poslin   a = max(0, n)               da/dn = 1 if n > 0 else 0
 *   softmax  a_i = exp(n_i - m)/sum_j exp(n_j - m), m = max_j n_j, per column;
 *            a zero denominator is replaced by 1.  Its derivative is the full
 *            S x S matrix da_i/dn_j = a_i (delta_ij - a_j), i.e. diag(a) - a a';
 *            backpropagation applies it as g -> a .* (g - a'g) (see eval.c).
 *
 * Stability: tansig uses MATLAB's formula (not tanh(), which differs in the
 * last bits).  For n -> -inf, exp(-2n) overflows to +inf and a = 2/inf - 1 =
 * -1 exactly; for n -> +inf, exp(-2n) = 0 and a = 1.  logsig likewise gives 0
 * and 1 with no NaN.  NaN inputs propagate as NaN.  softmax subtracts the
 * column maximum so exp never overflows; a column with +-inf entries gives
 * NaN as MATLAB does (inf - inf), which evaluation never produces because
 * inputs are finite.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include "net_internal.h"

void clm__transfer_apply(clm_transfer tf, const double *n, double *a, size_t S) {
  switch (tf) {
  case CLM_TANSIG:
    for (size_t i = 0; i < S; i++) a[i] = 2.0 / (1.0 + exp(-2.0 * n[i])) - 1.0;
    break;
  case CLM_LOGSIG:
    for (size_t i = 0; i < S; i++) a[i] = 1.0 / (1.0 + exp(-n[i]));
    break;
  case CLM_POSLIN:
    /* NaN stays NaN (n > 0 is false, but n is returned for NaN). */
    for (size_t i = 0; i < S; i++) a[i] = n[i] > 0.0 ? n[i] : (isnan(n[i]) ? n[i] : 0.0);
    break;
  case CLM_SOFTMAX: {
    if (S == 0) break;
    double m = -INFINITY;
    for (size_t i = 0; i < S; i++)
      if (n[i] > m) m = n[i];
    if (isinf(m)) m = 0.0; /* all -inf (or +inf present): no shift helps */
    double s = 0.0;
    for (size_t i = 0; i < S; i++) {
      a[i] = exp(n[i] - m);
      s += a[i];
    }
    if (s == 0.0) s = 1.0;
    for (size_t i = 0; i < S; i++) a[i] /= s;
    break;
  }
  case CLM_PURELIN:
  default:
    if (a != n)
      for (size_t i = 0; i < S; i++) a[i] = n[i];
    break;
  }
}

void clm__transfer_deriv(clm_transfer tf, const double *n, const double *a, double *d, size_t S) {
  switch (tf) {
  case CLM_TANSIG:
    for (size_t i = 0; i < S; i++) d[i] = 1.0 - a[i] * a[i];
    break;
  case CLM_LOGSIG:
    for (size_t i = 0; i < S; i++) d[i] = a[i] * (1.0 - a[i]);
    break;
  case CLM_POSLIN:
    /* n may be NULL: a > 0 exactly when n > 0. */
    for (size_t i = 0; i < S; i++) d[i] = (n ? n[i] : a[i]) > 0.0 ? 1.0 : 0.0;
    break;
  case CLM_SOFTMAX:
    /* Only the diagonal of diag(a) - a a'; backprop uses the full matrix. */
    for (size_t i = 0; i < S; i++) d[i] = a[i] * (1.0 - a[i]);
    break;
  case CLM_PURELIN:
  default:
    for (size_t i = 0; i < S; i++) d[i] = 1.0;
    break;
  }
}

int clm__transfer_active_range(clm_transfer tf, double *nmin, double *nmax) {
  switch (tf) {
  case CLM_TANSIG:
    *nmin = -2.0;
    *nmax = 2.0;
    return 1;
  case CLM_LOGSIG:
    *nmin = -4.0;
    *nmax = 4.0;
    return 1;
  default:
    *nmin = -INFINITY;
    *nmax = INFINITY;
    return 0;
  }
}

void clm__transfer_output_range(clm_transfer tf, double *lo, double *hi) {
  switch (tf) {
  case CLM_TANSIG:
    *lo = -1.0;
    *hi = 1.0;
    break;
  case CLM_LOGSIG:
  case CLM_SOFTMAX:
    *lo = 0.0;
    *hi = 1.0;
    break;
  case CLM_POSLIN:
    *lo = 0.0;
    *hi = INFINITY;
    break;
  case CLM_PURELIN:
  default:
    *lo = -INFINITY;
    *hi = INFINITY;
    break;
  }
}
