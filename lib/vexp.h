/* chaoslm — a vectorisable exp for the elementwise sigmoid loops (tansig,
 * logsig), internal to lib/.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_VEXP_H
#define CLM_VEXP_H

#include <stdint.h>
#include <string.h>

/* A vectorisable exp for the elementwise loops (tansig, logsig), which
 * dominate the forward pass of small networks: libm's exp is a scalar call
 * (about 5 ns), this one runs in SIMD lanes.  Method (Tang's table-driven
 * exp): x = (64 m + j) ln2/64 + r with j = 0..63 and |r| <= ln2/128, using
 * Cody-Waite reduction (ln2/64 split into a 32-bit head, so k*head is exact
 * for |k| < 2^20, and a tail; fdlibm's ln2 constants scaled by 1/64);
 * exp(x) = 2^m * 2^(j/64) * exp(r), with 2^(j/64) from a table of correctly
 * rounded values and exp(r) by Taylor to degree 5 (truncation < 4e-17
 * relative).  Accuracy about 1 ulp.  Range: x > 709 gives +inf and x < -708
 * gives 0 (subnormal results are flushed), which changes saturated
 * tansig/logsig values by less than 1e-307 absolute.  NaN propagates. */
static const double clm_exp2_64[64] __attribute__((unused)) = {
    0x1.0000000000000p+0, 0x1.02c9a3e778061p+0, 0x1.059b0d3158574p+0, 0x1.0874518759bc8p+0,
    0x1.0b5586cf9890fp+0, 0x1.0e3ec32d3d1a2p+0, 0x1.11301d0125b51p+0, 0x1.1429aaea92de0p+0,
    0x1.172b83c7d517bp+0, 0x1.1a35beb6fcb75p+0, 0x1.1d4873168b9aap+0, 0x1.2063b88628cd6p+0,
    0x1.2387a6e756238p+0, 0x1.26b4565e27cddp+0, 0x1.29e9df51fdee1p+0, 0x1.2d285a6e4030bp+0,
    0x1.306fe0a31b715p+0, 0x1.33c08b26416ffp+0, 0x1.371a7373aa9cbp+0, 0x1.3a7db34e59ff7p+0,
    0x1.3dea64c123422p+0, 0x1.4160a21f72e2ap+0, 0x1.44e086061892dp+0, 0x1.486a2b5c13cd0p+0,
    0x1.4bfdad5362a27p+0, 0x1.4f9b2769d2ca7p+0, 0x1.5342b569d4f82p+0, 0x1.56f4736b527dap+0,
    0x1.5ab07dd485429p+0, 0x1.5e76f15ad2148p+0, 0x1.6247eb03a5585p+0, 0x1.6623882552225p+0,
    0x1.6a09e667f3bcdp+0, 0x1.6dfb23c651a2fp+0, 0x1.71f75e8ec5f74p+0, 0x1.75feb564267c9p+0,
    0x1.7a11473eb0187p+0, 0x1.7e2f336cf4e62p+0, 0x1.82589994cce13p+0, 0x1.868d99b4492edp+0,
    0x1.8ace5422aa0dbp+0, 0x1.8f1ae99157736p+0, 0x1.93737b0cdc5e5p+0, 0x1.97d829fde4e50p+0,
    0x1.9c49182a3f090p+0, 0x1.a0c667b5de565p+0, 0x1.a5503b23e255dp+0, 0x1.a9e6b5579fdbfp+0,
    0x1.ae89f995ad3adp+0, 0x1.b33a2b84f15fbp+0, 0x1.b7f76f2fb5e47p+0, 0x1.bcc1e904bc1d2p+0,
    0x1.c199bdd85529cp+0, 0x1.c67f12e57d14bp+0, 0x1.cb720dcef9069p+0, 0x1.d072d4a07897cp+0,
    0x1.d5818dcfba487p+0, 0x1.da9e603db3285p+0, 0x1.dfc97337b9b5fp+0, 0x1.e502ee78b3ff6p+0,
    0x1.ea4afa2a490dap+0, 0x1.efa1bee615a27p+0, 0x1.f50765b6e4540p+0, 0x1.fa7c1819e90d8p+0};

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
  double t = xc * (64.0 * 1.4426950408889634) + shift;
  double kd = t - shift;
  double r = xc - kd * (6.93147180369123816490e-01 / 64.0);
  r = r - kd * (1.90821492927058770002e-10 / 64.0);
  double p = 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r; /* exp(r) - 1 */
  /* t's low mantissa bits hold k = 64 m + j. */
  int64_t k = d2i(t) - d2i(shift);
  int64_t j = k & 63;
  int64_t m = (k - j) / 64;
  double tj = clm_exp2_64[j];
  /* 2^m; the shift is done unsigned: for NaN x, m is garbage and a signed
   * overflow would be undefined (the NaN result is selected below anyway). */
  double scale = i2d((int64_t)((uint64_t)(m + 1023) << 52));
  double y = (tj + tj * p) * scale;
  y = sel(x > 709.0, INFINITY, y);
  y = sel(x < -708.0, 0.0, y);
  return y;
}

/* The two sigmoid loops, built three times on x86-64 Linux (AVX-512F, AVX2,
 * baseline; chosen at load time).  ISO C mode keeps FP contraction off, so
 * all clones round identically. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define CLM_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CLM_CLONES
#endif

/* The elementwise loops using it are built three times on x86-64 Linux
 * (AVX-512F, AVX2, baseline; chosen at load time).  ISO C mode keeps FP
 * contraction off, so all clones round identically. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define CLM_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CLM_CLONES
#endif

#endif /* CLM_VEXP_H */
