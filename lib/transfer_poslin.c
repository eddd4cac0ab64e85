/* chaoslm — poslin, the positive linear (ReLU) function:
 *   a = max(0, n),   da/dn = 1 for n > 0, else 0 (0 at n = 0, as MATLAB).
 * a > 0 exactly when n > 0, so the derivative is read from a.  NaN stays
 * NaN.  Output [0, Inf); no active range.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include "transfer.h"

static void poslin_apply(const double *n, double *a, size_t S) {
  for (size_t i = 0; i < S; i++) a[i] = n[i] > 0.0 ? n[i] : (isnan(n[i]) ? n[i] : 0.0);
}

static void poslin_backprop(const double *a, double *g, size_t S) {
  for (size_t i = 0; i < S; i++)
    if (!(a[i] > 0.0)) g[i] = 0.0;
}

const clm__transfer_ops clm__poslin_ops = {
  .name = "poslin",
  .apply = poslin_apply,
  .backprop = poslin_backprop,
  .flops = 1.0,
  .out_lo = 0.0,
  .out_hi = INFINITY,
  .active_lo = -INFINITY,
  .active_hi = INFINITY,
};
