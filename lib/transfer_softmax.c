/* chaoslm — softmax over the S values of one sample (a column):
 *
 *   a_i = exp(n_i - m) / sum_j exp(n_j - m),   m = max_j n_j,
 *
 * a zero denominator replaced by 1.  Subtracting the maximum keeps exp from
 * overflowing; a column with +-Inf entries gives NaN as MATLAB does
 * (Inf - Inf), which evaluation never meets since inputs are finite.
 * The derivative is the full S x S matrix da_i/dn_j = a_i (delta_ij - a_j),
 * i.e. diag(a) - a a'; it is symmetric, so backpropagation applies it as
 *   g <- a .* (g - a'g).
 * Output [0, 1]; no active range.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include "transfer.h"

static void softmax_apply(const double *n, double *a, size_t S) {
  if (S == 0) return;
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
}

static void softmax_backprop(const double *a, double *g, size_t S) {
  double s = 0.0;
  for (size_t i = 0; i < S; i++) s += a[i] * g[i];
  for (size_t i = 0; i < S; i++) g[i] = a[i] * (g[i] - s);
}

const clm__transfer_ops clm__softmax_ops = {
  .name = "softmax",
  .columnwise = 1,
  .apply = softmax_apply,
  .backprop = softmax_backprop,
  .flops = 12.0,
  .out_lo = 0.0,
  .out_hi = 1.0,
  .active_lo = -INFINITY,
  .active_hi = INFINITY,
};
