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
#include <stdint.h>
#include <string.h>
#include "net_internal.h"

/* A vectorisable exp for the elementwise loops (tansig, logsig), which
 * dominate the forward pass of small networks: libm's exp is a scalar call
 * (about 5 ns), this one runs in SIMD lanes.  Cody-Waite reduction
 * x = k ln2 + r, |r| <= ln2/2, with ln2 split into a 32-bit head (so k*head
 * is exact) and a tail (fdlibm's constants); exp(r) by its Taylor series to
 * degree 13 (truncation < 2e-16 relative); 2^k assembled in the exponent
 * bits.  Accuracy: about 1-2 ulp.  Range: x > 709 gives +inf and x < -708
 * gives 0 (exp(-708) ~ 3e-308: subnormal results are flushed), which only
 * affects saturated tansig/logsig values by less than 1e-307 absolute.
 * NaN propagates. */
static inline int64_t d2i(double d) {
  int64_t b;
  memcpy(&b, &d, sizeof b);
  return b;
}
static inline double i2d(int64_t b) {
  double d;
  memcpy(&d, &b, sizeof d);
  return d;
}
/* c ? a : b as a bit blend: GCC vectorises it where it would not vectorise
 * a floating-point ?: under the default -ftrapping-math. */
static inline double sel(int c, double a, double b) {
  int64_t m = -(int64_t)c;
  return i2d((d2i(a) & m) | (d2i(b) & ~m));
}

static inline double clm_vexp(double x) {
  double xc = sel(x < -708.0, -708.0, x); /* false for NaN: NaN is kept */
  xc = sel(xc > 709.0, 709.0, xc);
  const double shift = 0x1.8p52; /* adding it rounds to an integer */
  double t = xc * 1.4426950408889634 + shift;
  double k = t - shift;
  double r = xc - k * 6.93147180369123816490e-01;
  r = r - k * 1.90821492927058770002e-10;
  double p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  /* t's low mantissa bits hold k; move k + 1023 into the exponent: 2^k. */
  double scale = i2d((d2i(t) - (int64_t)0x4338000000000000 + 1023) * ((int64_t)1 << 52));
  double y = p * scale;
  y = sel(x > 709.0, INFINITY, y);
  y = sel(x < -708.0, 0.0, y);
  return y;
}

/* The two sigmoid loops, built twice on x86-64 Linux (AVX2 and baseline,
 * chosen at load time).  ISO C mode keeps FP contraction off, so both
 * clones round identically. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define CLM_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define CLM_CLONES
#endif

CLM_CLONES static void tansig_loop(const double *n, double *a, size_t S) {
#pragma omp simd
  for (size_t i = 0; i < S; i++) a[i] = 2.0 / (1.0 + clm_vexp(-2.0 * n[i])) - 1.0;
}

CLM_CLONES static void logsig_loop(const double *n, double *a, size_t S) {
#pragma omp simd
  for (size_t i = 0; i < S; i++) a[i] = 1.0 / (1.0 + clm_vexp(-n[i]));
}

void clm__transfer_apply(clm_transfer tf, const double *n, double *a, size_t S) {
  switch (tf) {
  case CLM_TANSIG:
    tansig_loop(n, a, S);
    break;
  case CLM_LOGSIG:
    logsig_loop(n, a, S);
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
