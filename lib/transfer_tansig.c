/* chaoslm — tansig, MATLAB's hyperbolic tangent sigmoid.
 *
 *   a = 2/(1+exp(-2n)) - 1,   da/dn = 1 - a^2.
 *
 * MATLAB's formula, not tanh() (they differ in the last bits).  For
 * n -> -inf, exp(-2n) = +inf and a = 2/inf - 1 = -1 exactly; for n -> +inf,
 * a = 1; no NaN but from a NaN input.  Output [-1, 1]; initnw's active
 * input range [-2, 2] (doc/matlab.md §6.1).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include "transfer.h"
#include "vexp.h"

CLM_CLONES static void tansig_apply(const double *n, double *a, size_t S) {
#pragma omp simd
  for (size_t i = 0; i < S; i++) a[i] = 2.0 / (1.0 + clm_vexp(-2.0 * n[i])) - 1.0;
}

static void tansig_backprop(const double *restrict a, double *restrict g, size_t S) {
#pragma omp simd
  for (size_t i = 0; i < S; i++) g[i] *= 1.0 - a[i] * a[i];
}

const clm__transfer_ops clm__tansig_ops = {
  .name = "tansig",
  .apply = tansig_apply,
  .backprop = tansig_backprop,
  .flops = 10.0,
  .out_lo = -1.0,
  .out_hi = 1.0,
  .active_lo = -2.0,
  .active_hi = 2.0,
};
