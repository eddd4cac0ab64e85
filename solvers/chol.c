/* chaoslm — blocked Cholesky on the host's own threads (see chol.h).
 *
 * Right-looking, upper, in blocks of NB columns (48, or 144 for large n:
 * every block step reads and writes the whole trailing matrix, about
 * n^3 / (3 NB) doubles over the factorisation, which with small blocks
 * costs more than the arithmetic).  For the block k0..k1-1:
 *   1. the diagonal block is factored column by column: u_kk = sqrt(a_kk),
 *      row k of the block times 1/u_kk, then a_ij -= u_ki u_kj inside the
 *      block;
 *   2. rows k0..k1-1 of the columns to the right are solved with the
 *      block's transpose, U_bb' X = A_bj, four columns at a time in their
 *      packed panel: x_s = x_s * (1/u_ss), then x_r -= u_sr x_s for r > s
 *      (independent updates, not one serial dot product per entry),
 *      giving those rows of U;
 *   3. the trailing matrix loses their contribution,
 *      a_ij -= sum_{r=k0}^{k1-1} u_ri u_rj  (k1 <= i <= j),
 *      with the 12 x 4 register tiles of tile_kernels.h, in groups of G
 *      tile rows that share each column panel: the rows of U just
 *      solved are packed into 4-column panels (3 per tile row, the last
 *      ones zero from the padding), which serve as both the row and the
 *      column operands (the trailing matrix is symmetric).
 * Every update is a fused multiply-add with the product negated, and each
 * entry sees its terms in increasing r, whether they come from step 1, 2
 * or 3, then one product with 1/u_kk: the bits depend neither on the
 * thread count nor on the block size.  Steps 2 and 3 run as two jobs of
 * the worker pool (solvers/pool.h) when the trailing work is at least
 * CLM_CHOL_PAR_WORK multiply-adds (panels solved and packed, then groups
 * of tile rows, handed out dynamically), else on the calling thread.  The
 * tiles also compute entries below the diagonal of diagonal tiles and in
 * the padding (there the panels are zero); neither is ever read.
 *
 * The trace of the inverse (clm__chol_inv_trace).  X = U^-T solves
 * U'X = I: x_ic = (d_ic - sum_{k<i} u_ki x_kc) / u_ii, and x_ic = 0 for
 * c > i, so X is lower triangular and lives in A's strictly lower triangle
 * (its diagonal, 1/u_ii, is rdg).  In blocks of rows k0..k1-1, right-looking
 * like the factorisation:
 *   A. each column panel of 4 columns c < k1: rows k0..k1-1 hold the
 *      right-hand side d_ic - sum_{k<k0} u_ki x_kc (for c >= k0 the
 *      identity's columns, which earlier blocks never touch); they are
 *      packed, solved with the diagonal block's transpose (the panel solve
 *      of step 2 above), written back below the diagonal, and their squares
 *      added to the panel's running sum.  Rows k0..k1-1 of U right of the
 *      block are packed into 4-column panels as well;
 *   B. rows i >= k1 of the columns c < k1 lose the block's contribution,
 *      x_ic -= sum_{k=k0}^{k1-1} u_ki x_kc, with the 12 x 4 tiles (row
 *      operand: U's packed rows, column operand: the solved rows of X),
 *      the first time a column is reached starting from zero.
 * About n^3/6 multiply-adds in B, as many as the factorisation.  Each entry
 * of X is one fixed chain of fused multiply-adds, each panel's sum of
 * squares a fixed sum of four column chains per block, the panels summed in
 * order at the end: the bits depend neither on the thread count nor on the
 * tiles (the block size changes the grouping of the squares, so the trace's
 * last bits; X's bits do not depend on it).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "chol.h"
#include "tile_kernels.h"

#define NB_MAX 192               /* largest block (blocks are multiples of 12) */
#define CLM_CHOL_PAR_WORK 1.0e7  /* trailing multiply-adds below which one thread works */

size_t clm__chol_ld(size_t n) { return (n + 23) / 24 * 24; }

/* Columns per block for order n. */
static size_t block_for(size_t n) { return n < 3000 ? 48 : 144; }

size_t clm__chol_work(size_t n) { return clm__chol_ld(n) * NB_MAX + 8; }

/* Step 1: the diagonal block k0..k1-1; row k of U kept contiguous in uk.
 * 0, or k+1 for a pivot that is not > 0.  Compiled twice (below): with FMA
 * instructions, and portable (fma() calls); the bits are the same. */
#define DIAG_BODY                                                              \
  double uk[NB_MAX];                                                           \
  for (size_t k = k0; k < k1; k++) {                                           \
    double akk = A[k + k * ld];                                                \
    if (!(akk > 0.0)) return k + 1;                                            \
    double ukk = sqrt(akk), rk = 1.0 / ukk;                                    \
    A[k + k * ld] = ukk;                                                       \
    rdg[k] = rk;                                                               \
    for (size_t j = k + 1; j < k1; j++) uk[j - k0] = A[k + j * ld] *= rk;      \
    for (size_t j = k + 1; j < k1; j++) {                                      \
      double *col = A + j * ld, ukj = uk[j - k0];                              \
      for (size_t i = k + 1; i <= j; i++) col[i] = fma(-uk[i - k0], ukj, col[i]); \
    }                                                                          \
  }                                                                            \
  return 0;

static size_t diag_portable(double *A, size_t ld, double *rdg, size_t k0, size_t k1) {
  DIAG_BODY
}
#ifdef CLM_TILE_AVX2
__attribute__((target("avx2,fma"))) static size_t diag_fma(double *A, size_t ld, double *rdg,
                                                            size_t k0, size_t k1) {
  DIAG_BODY
}
#endif

/* Step 2 on one packed panel X (nb rows of 4): X := U_bb'^-1 X, where
 * u_sr = A[s + r ld] (k0 <= s <= r < k1).  Each x_r gets fma(-u_sr, x_s,
 * x_r) for s = k0 .. r-1 in order, then the product with 1/u_rr. */
static void solve_panel_portable(const double *A, size_t ld, const double *rdg, size_t k0,
                                 size_t nb, double *X) {
  for (size_t s = 0; s < nb; s++) {
    for (size_t c = 0; c < 4; c++) X[4 * s + c] *= rdg[k0 + s];
    const double *us = A + k0 + s; /* us[r * ld]: u_{s, r} */
    for (size_t r = s + 1; r < nb; r++) {
      const double u = us[(k0 + r) * ld];
      for (size_t c = 0; c < 4; c++) X[4 * r + c] = fma(-u, X[4 * s + c], X[4 * r + c]);
    }
  }
}

#ifdef CLM_TILE_AVX2
__attribute__((target("avx2,fma"))) static void solve_panel_avx2(const double *A, size_t ld,
                                                                 const double *rdg, size_t k0,
                                                                 size_t nb, double *X) {
  for (size_t s = 0; s < nb; s++) {
    __m256d xs = _mm256_mul_pd(_mm256_load_pd(X + 4 * s), _mm256_set1_pd(rdg[k0 + s]));
    _mm256_store_pd(X + 4 * s, xs);
    const double *us = A + k0 + s;
    for (size_t r = s + 1; r < nb; r++) {
      __m256d u = _mm256_set1_pd(us[(k0 + r) * ld]);
      _mm256_store_pd(X + 4 * r, _mm256_fnmadd_pd(u, xs, _mm256_load_pd(X + 4 * r)));
    }
  }
}
#endif

/* Step 2 for the 4 columns of panel q: pack rows k0..k1-1 of them into
 * the panel (padding columns are zero), solve there, write the rows back. */
static void solve_pack(double *A, size_t ld, size_t n, const double *rdg, size_t k0, size_t k1,
                       size_t q, double *Wp, size_t nbs, int avx2) {
  const size_t nb = k1 - k0, j0 = k1 + 4 * q;
  double *X = Wp + q * 4 * nbs;
  for (size_t c = 0; c < 4; c++) {
    const double *col = A + (j0 + c) * ld + k0;
    for (size_t r = 0; r < nb; r++) X[4 * r + c] = col[r];
  }
  if (j0 >= n) return; /* all padding: zero */
#ifdef CLM_TILE_AVX2
  if (avx2)
    solve_panel_avx2(A, ld, rdg, k0, nb, X);
  else
#endif
    solve_panel_portable(A, ld, rdg, k0, nb, X);
  (void)avx2;
  for (size_t c = 0; c < 4 && j0 + c < n; c++) {
    double *col = A + (j0 + c) * ld + k0;
    for (size_t r = 0; r < nb; r++) col[r] = X[4 * r + c];
  }
}

/* Step 3 for the group of tile rows t0 .. t0+G-1: for each column panel
 * q (read once, kept in L1), the group's tiles (t, q) with q >= 3t (their
 * row panels stay in L2). */
#define G 8
static void trailing_group(double *A, size_t ld, size_t k1, size_t nb, size_t t0, size_t Tn,
                           size_t Qn, const double *Wp, size_t nbs, int avx2) {
  const size_t ps = 4 * nbs, t1 = t0 + G < Tn ? t0 + G : Tn;
  for (size_t q = 3 * t0; q < Qn; q++) {
    const double *b = Wp + q * ps;
    for (size_t t = t0; t < t1 && 3 * t <= q; t++) {
      const double *a = Wp + 3 * t * ps;
      double *C = A + (k1 + 12 * t) + (k1 + 4 * q) * ld;
#ifdef CLM_TILE_AVX2
      if (avx2) {
        clm_tile_avx2_sub(a, ps, b, nb, C, ld);
        continue;
      }
#endif
      (void)avx2;
      clm_tile_portable(a, ps, b, nb, C, ld, 1);
    }
  }
}

/* One block step's steps 2 and 3, as pool jobs. */
typedef struct step_job {
  double *A, *Wp;
  const double *rdg;
  size_t ld, n, k0, k1, nb, NB, Tn, Qn;
  int avx2;
} step_job;
static void solve_job(void *arg, size_t q) {
  step_job *j = arg;
  solve_pack(j->A, j->ld, j->n, j->rdg, j->k0, j->k1, q, j->Wp, j->NB, j->avx2);
}
static void trailing_job(void *arg, size_t g) {
  step_job *j = arg;
  trailing_group(j->A, j->ld, j->k1, j->nb, g * G, j->Tn, j->Qn, j->Wp, j->NB, j->avx2);
}

size_t clm__chol(size_t n, double *A, double *rdg, double *work, clm_pool *pool) {
  return clm__chol_kernel(n, A, rdg, work, pool, 0, 0);
}

size_t clm__chol_kernel(size_t n, double *A, double *rdg, double *work, clm_pool *pool,
                        int portable, size_t block) {
  const size_t ld = clm__chol_ld(n);
  const int avx2 = !portable && clm_tile_have_avx2();
  double *Wp = work;
  const size_t NB = block >= 12 && block <= NB_MAX && block % 12 == 0 ? block : block_for(n);
  for (size_t k0 = 0; k0 < n; k0 += NB) {
    const size_t k1 = k0 + NB < n ? k0 + NB : n, nb = k1 - k0;
    /* 1. the diagonal block */
    size_t bad;
#ifdef CLM_TILE_AVX2
    if (avx2)
      bad = diag_fma(A, ld, rdg, k0, k1);
    else
#endif
      bad = diag_portable(A, ld, rdg, k0, k1);
    if (bad) return bad;
    if (k1 == n) break;
    /* 2. and 3.: the trailing matrix of order m */
    const size_t m = n - k1, Qn = (m + 3) / 4, Tn = (m + 11) / 12;
    const int par = (double)m * (double)m * (double)nb * 0.5 >= CLM_CHOL_PAR_WORK;
    step_job j = {A, Wp, rdg, ld, n, k0, k1, nb, NB, Tn, Qn, avx2};
    clm__pool_run(par ? pool : NULL, 3 * Tn, solve_job, &j);
    clm__pool_run(par ? pool : NULL, (Tn + G - 1) / G, trailing_job, &j);
  }
  return 0;
}

/* ------------------------------------------------------------------------ */
/* The trace of A^-1 from the factor (see the banner)                        */

/* Row panels of U (3 per tile row), column panels of X (one per 4 columns),
 * NB_MAX x 4 doubles each, then one running sum per column panel. */
size_t clm__chol_inv_work(size_t n) {
  const size_t up = 3 * ((n + 11) / 12), xp = (n + 3) / 4;
  return (up + xp) * 4 * NB_MAX + xp + 8;
}

/* One block step's phases A and B, as pool jobs. */
typedef struct inv_job {
  double *A, *Up, *Xp, *sq;
  const double *rdg;
  size_t ld, n, k0, k1, nb, NB, Tn, Qx;
  int avx2;
} inv_job;

/* Phase A, item k: column panel k of X (k < Qx), else row panel k - Qx of
 * U's rows k0..k1-1 (columns k1 + 4 (k - Qx) ..; zero past n). */
static void inv_panel_job(void *arg, size_t k) {
  inv_job *j = arg;
  const size_t ps = 4 * j->NB, nb = j->nb, ld = j->ld, k0 = j->k0;
  if (k >= j->Qx) {
    const size_t p = k - j->Qx, i0 = j->k1 + 4 * p;
    double *W = j->Up + p * ps;
    for (size_t c = 0; c < 4; c++) {
      const double *col = j->A + (i0 + c) * ld + k0;
      const int inside = i0 + c < j->n;
      for (size_t r = 0; r < nb; r++) W[4 * r + c] = inside ? col[r] : 0.0;
    }
    return;
  }
  const size_t c0 = 4 * k;
  double *X = j->Xp + k * ps;
  for (size_t c = 0; c < 4; c++) {
    const size_t cc = c0 + c;
    if (cc < k0) { /* the right-hand side left by the earlier blocks */
      const double *col = j->A + cc * ld + k0;
      for (size_t r = 0; r < nb; r++) X[4 * r + c] = col[r];
    } else { /* the identity's column (zero past n) */
      for (size_t r = 0; r < nb; r++) X[4 * r + c] = 0.0;
      if (cc < j->n) X[4 * (cc - k0) + c] = 1.0;
    }
  }
#ifdef CLM_TILE_AVX2
  if (j->avx2)
    solve_panel_avx2(j->A, ld, j->rdg, k0, nb, X);
  else
#endif
    solve_panel_portable(j->A, ld, j->rdg, k0, nb, X);
  /* the squares, one running sum per column (independent chains, plain
   * products and sums: no fma() call, which without -mfma is a libm call) */
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  for (size_t r = 0; r < nb; r++) {
    const double *x = X + 4 * r;
    s0 += x[0] * x[0];
    s1 += x[1] * x[1];
    s2 += x[2] * x[2];
    s3 += x[3] * x[3];
  }
  j->sq[k] += (s0 + s1) + (s2 + s3);
  for (size_t c = 0; c < 4 && c0 + c < j->n; c++) { /* strictly lower: never U */
    const size_t cc = c0 + c;
    double *col = j->A + cc * ld;
    for (size_t r = cc < k0 ? 0 : cc - k0 + 1; r < nb; r++) col[k0 + r] = X[4 * r + c];
  }
}

/* Phase B for the group of tile rows g G .. g G + G - 1 of the rows k1..:
 * for each column panel q of X (kept in L1), the group's tiles. */
static void inv_trailing_job(void *arg, size_t g) {
  inv_job *j = arg;
  const size_t ps = 4 * j->NB, ld = j->ld, t0 = g * G, t1 = t0 + G < j->Tn ? t0 + G : j->Tn;
  const size_t qnew = j->k0 / 4; /* columns k0.. are reached for the first time */
  for (size_t q = 0; q < j->Qx; q++) {
    const double *b = j->Xp + q * ps;
    for (size_t t = t0; t < t1; t++) {
      const double *a = j->Up + 3 * t * ps;
      double *C = j->A + (j->k1 + 12 * t) + 4 * q * ld;
      if (q >= qnew)
        for (size_t c = 0; c < 4; c++) memset(C + c * ld, 0, 12 * sizeof *C);
#ifdef CLM_TILE_AVX2
      if (j->avx2) {
        clm_tile_avx2_sub(a, ps, b, j->nb, C, ld);
        continue;
      }
#endif
      clm_tile_portable(a, ps, b, j->nb, C, ld, 1);
    }
  }
}

double clm__chol_inv_trace(size_t n, double *A, const double *rdg, double *work, clm_pool *pool) {
  return clm__chol_inv_kernel(n, A, rdg, work, pool, 0, 0);
}

double clm__chol_inv_kernel(size_t n, double *A, const double *rdg, double *work, clm_pool *pool,
                            int portable, size_t block) {
  const size_t ld = clm__chol_ld(n);
  const int avx2 = !portable && clm_tile_have_avx2();
  const size_t NB = block >= 12 && block <= NB_MAX && block % 12 == 0 ? block : block_for(n);
  const size_t QX = (n + 3) / 4, UP = 3 * ((n + 11) / 12);
  double *Up = work, *Xp = work + UP * 4 * NB, *sq = Xp + QX * 4 * NB;
  for (size_t q = 0; q < QX; q++) sq[q] = 0.0;
  for (size_t k0 = 0; k0 < n; k0 += NB) {
    const size_t k1 = k0 + NB < n ? k0 + NB : n, m = n - k1;
    const size_t Tn = (m + 11) / 12, Qx = (k1 + 3) / 4;
    inv_job j = {A, Up, Xp, sq, rdg, ld, n, k0, k1, k1 - k0, NB, Tn, Qx, avx2};
    const int par = (double)m * (double)k1 * (double)(k1 - k0) >= CLM_CHOL_PAR_WORK;
    clm__pool_run(par ? pool : NULL, Qx + 3 * Tn, inv_panel_job, &j);
    if (m) clm__pool_run(par ? pool : NULL, (Tn + G - 1) / G, inv_trailing_job, &j);
  }
  /* the tiles of the last tile row may have reached the padding rows */
  for (size_t c = 0; c < n; c++)
    for (size_t i = n; i < ld; i++) A[i + c * ld] = 0.0;
  double tr = 0.0;
  for (size_t q = 0; q < QX; q++) tr += sq[q];
  return tr;
}
