/* chaoslm — the 12 x 4 register tile shared by the CPU backend's J'J
 * (solvers/jtj.c) and Cholesky (solvers/chol.c) kernels (internal,
 * header-only).
 *
 * A tile updates C (12 x 4, column-major, leading dimension ldc) with kc
 * "rows" taken from packed panels of 4 doubles per row: three row panels
 * a, a + ps, a + 2 ps (the 12 row indices of the tile) and one column panel
 * b (its 4 column indices):
 *     add:  C_ij = fma( a_ri, b_rj, C_ij)   for r = 0 .. kc-1 in order,
 *     sub:  C_ij = fma(-a_ri, b_rj, C_ij).
 * Each entry is one chain of fused multiply-adds in row order, so the AVX2
 * kernel (vfmadd/vfnmadd: one rounding, like fma()) and the portable one
 * give the same bits.  Row panels must be 32-byte aligned.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_TILE_KERNELS_H
#define CLM_TILE_KERNELS_H

#include <math.h>
#include <stddef.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define CLM_TILE_AVX2 1
#endif

/* Portable tile: fma() per entry (sub: the product negated, exact). */
static inline void clm_tile_portable(const double *a, size_t ps, const double *b, size_t kc,
                                     double *C, size_t ldc, int sub) {
  for (size_t jj = 0; jj < 4; jj++)
    for (size_t ii = 0; ii < 12; ii++) {
      const double *x = a + (ii / 4) * ps + ii % 4;
      double c = C[ii + jj * ldc];
      if (sub)
        for (size_t r = 0; r < kc; r++) c = fma(-x[4 * r], b[4 * r + jj], c);
      else
        for (size_t r = 0; r < kc; r++) c = fma(x[4 * r], b[4 * r + jj], c);
      C[ii + jj * ldc] = c;
    }
}

/* 1 when the AVX2 tiles may run here. */
static inline int clm_tile_have_avx2(void) {
#ifdef CLM_TILE_AVX2
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return 0;
#endif
}

#ifdef CLM_TILE_AVX2
/* The AVX2 tile: 12 accumulators; per row 3 loads, 4 broadcasts and 12
 * fused multiply-adds (OP: _mm256_fmadd_pd or _mm256_fnmadd_pd). */
#define CLM_TILE_AVX2_BODY(OP)                                                                  \
  const double *a0 = a, *a1 = a + ps, *a2 = a + 2 * ps;                                         \
  double *C0 = C, *C1 = C + ldc, *C2 = C + 2 * ldc, *C3 = C + 3 * ldc;                          \
  __m256d c00 = _mm256_loadu_pd(C0), c01 = _mm256_loadu_pd(C0 + 4), c02 = _mm256_loadu_pd(C0 + 8); \
  __m256d c10 = _mm256_loadu_pd(C1), c11 = _mm256_loadu_pd(C1 + 4), c12 = _mm256_loadu_pd(C1 + 8); \
  __m256d c20 = _mm256_loadu_pd(C2), c21 = _mm256_loadu_pd(C2 + 4), c22 = _mm256_loadu_pd(C2 + 8); \
  __m256d c30 = _mm256_loadu_pd(C3), c31 = _mm256_loadu_pd(C3 + 4), c32 = _mm256_loadu_pd(C3 + 8); \
  for (size_t r = 0; r < kc; r++) {                                                             \
    __m256d x0 = _mm256_load_pd(a0 + 4 * r), x1 = _mm256_load_pd(a1 + 4 * r),                   \
            x2 = _mm256_load_pd(a2 + 4 * r);                                                    \
    __m256d w = _mm256_broadcast_sd(b + 4 * r);                                                 \
    c00 = OP(x0, w, c00);                                                                       \
    c01 = OP(x1, w, c01);                                                                       \
    c02 = OP(x2, w, c02);                                                                       \
    w = _mm256_broadcast_sd(b + 4 * r + 1);                                                     \
    c10 = OP(x0, w, c10);                                                                       \
    c11 = OP(x1, w, c11);                                                                       \
    c12 = OP(x2, w, c12);                                                                       \
    w = _mm256_broadcast_sd(b + 4 * r + 2);                                                     \
    c20 = OP(x0, w, c20);                                                                       \
    c21 = OP(x1, w, c21);                                                                       \
    c22 = OP(x2, w, c22);                                                                       \
    w = _mm256_broadcast_sd(b + 4 * r + 3);                                                     \
    c30 = OP(x0, w, c30);                                                                       \
    c31 = OP(x1, w, c31);                                                                       \
    c32 = OP(x2, w, c32);                                                                       \
  }                                                                                             \
  _mm256_storeu_pd(C0, c00);                                                                    \
  _mm256_storeu_pd(C0 + 4, c01);                                                                \
  _mm256_storeu_pd(C0 + 8, c02);                                                                \
  _mm256_storeu_pd(C1, c10);                                                                    \
  _mm256_storeu_pd(C1 + 4, c11);                                                                \
  _mm256_storeu_pd(C1 + 8, c12);                                                                \
  _mm256_storeu_pd(C2, c20);                                                                    \
  _mm256_storeu_pd(C2 + 4, c21);                                                                \
  _mm256_storeu_pd(C2 + 8, c22);                                                                \
  _mm256_storeu_pd(C3, c30);                                                                    \
  _mm256_storeu_pd(C3 + 4, c31);                                                                \
  _mm256_storeu_pd(C3 + 8, c32);

__attribute__((target("avx2,fma"), unused)) static void clm_tile_avx2_add(
    const double *a, size_t ps, const double *b, size_t kc, double *C, size_t ldc) {
  CLM_TILE_AVX2_BODY(_mm256_fmadd_pd)
}
__attribute__((target("avx2,fma"), unused)) static void clm_tile_avx2_sub(
    const double *a, size_t ps, const double *b, size_t kc, double *C, size_t ldc) {
  CLM_TILE_AVX2_BODY(_mm256_fnmadd_pd)
}
#endif

#endif /* CLM_TILE_KERNELS_H */
