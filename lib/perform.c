/* chaoslm — performance from error sums: the one place that knows how mse
 * and sse normalise; and the checks of number arrays.
 *
 *   mse = sse / N,  sse = sse,  N = the number of non-NaN target elements.
 *
 * Two forms exist because they round differently and each is what MATLAB's
 * code path computes: a set's performance divides its sum by its own count
 * (clm__perf_of_sse: validation and test sets, clm_perform), while training
 * multiplies every sum (sse, J'e, J'J) by one scale factor fixed at the
 * start (clm__perf_scale: 1/N for mse, 1 for sse).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include "net_internal.h"

double clm__perf_of_sse(clm_performfcn f, double sse, size_t count) {
  if (f == CLM_SSE) return sse;
  return count ? sse / (double)count : NAN;
}

double clm__perf_scale(clm_performfcn f, size_t count) {
  if (f == CLM_SSE) return 1.0;
  return count ? 1.0 / (double)count : NAN;
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
