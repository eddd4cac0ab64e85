/* chaoslm — logsig, MATLAB's logistic sigmoid.
 *
 *   a = 1/(1+exp(-n)),   da/dn = a(1 - a).
 *
 * Saturates to exactly 0 and 1 with no NaN.  Output [0, 1]; initnw's
 * active input range [-4, 4] (doc/matlab.md §6.1).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include "transfer.h"
#include "vexp.h"

CLM_CLONES static void logsig_apply(const double *n, double *a, size_t S) {
#pragma omp simd
  for (size_t i = 0; i < S; i++) a[i] = 1.0 / (1.0 + clm_vexp(-n[i]));
}

static void logsig_backprop(const double *restrict a, double *restrict g, size_t S) {
#pragma omp simd
  for (size_t i = 0; i < S; i++) g[i] *= a[i] * (1.0 - a[i]);
}

const clm__transfer_ops clm__logsig_ops = {
  .name = "logsig",
  .apply = logsig_apply,
  .backprop = logsig_backprop,
  .flops = 10.0,
  .out_lo = 0.0,
  .out_hi = 1.0,
  .active_lo = -4.0,
  .active_hi = 4.0,
};
