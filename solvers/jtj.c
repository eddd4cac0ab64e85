/* chaoslm — J'J and J'e on the host's own threads (see jtj.h).
 *
 * Layout.  The sums live in C, an order-Pc column-major matrix (Pc = P+1
 * rounded up to 12): C_ij (i <= j < P) is JJ_ij and C_iP is JE_i, i.e. e is
 * handled as column P of an augmented matrix [J e].  A block of m rows is
 * first packed into column panels of 4: panel q holds columns 4q..4q+3 of
 * [J e] for the m rows, row after row (4 doubles per row; columns past P
 * are zero, and panels wholly past column P are zeroed once at allocation
 * and never packed).  C is then updated in 12 x 4 tiles: tile (t, q) covers
 * rows 12t..12t+11 (panels 3t..3t+2) and columns 4q..4q+3, for every q >=
 * 3t (the tiles that touch the upper triangle; the few entries below the
 * diagonal they also compute are never read).  A tile keeps its 12 x 4
 * sums in registers over KC rows: per row, 3 vector loads of the row part,
 * 4 broadcasts of the column part and 12 fused multiply-adds.
 *
 * Work items.  Tiles are grouped as in a blocked matrix product: an item is
 * a group of G tile rows (12 G rows of C, whose row panels, G x KC x 12
 * doubles, stay in the core's L2) times a range of QC column panels; for
 * each KC rows and each column panel (KC x 4 doubles, in L1), the G tiles
 * of the group run in turn, so a column panel is read from the shared
 * cache once per group instead of once per tile.
 *
 * Threads.  One OpenMP region per block: the panels are packed in
 * parallel, then the items are handed out dynamically.  Each entry of C
 * belongs to one tile, computed by one thread, as one chain of fma over
 * the rows in order, so the bits never depend on the thread count or the
 * schedule; below CLM_JTJ_PAR_WORK multiply-adds a block runs on the
 * calling thread.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "chaoslm.h"
#include "jtj.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define CLM_JTJ_AVX2 1
#endif

#define KC 128                   /* rows per register pass of a tile */
#define G 8                      /* tile rows per item */
#define QC 16                    /* column panels per item */
#define CLM_JTJ_PAR_WORK 2.0e6   /* multiply-adds below which a block runs serially */

struct clm_jtj {
  size_t P, Pc, Q, Qe, Te, mmax;
  size_t n_items;
  size_t *items; /* item k: group items[2k], first column panel items[2k+1] */
  int nthr;
  int avx2;  /* the CPU has AVX2 and FMA */
  double *C;  /* Pc x Pc */
  double *Jp; /* Q panels of mmax rows x 4 */
};

/* ---------------------------------------------------------------- tiles */

/* C (12 x 4, leading dimension ldc) += the product over kc rows of the row
 * panels a, a+ps, a+2ps (4 doubles per row each) and the column panel b. */
static void tile_generic(const double *a, size_t ps, const double *b, size_t kc, double *C,
                         size_t ldc) {
  for (size_t jj = 0; jj < 4; jj++)
    for (size_t ii = 0; ii < 12; ii++) {
      const double *x = a + (ii / 4) * ps + ii % 4;
      double c = C[ii + jj * ldc];
      for (size_t r = 0; r < kc; r++) c = fma(x[4 * r], b[4 * r + jj], c);
      C[ii + jj * ldc] = c;
    }
}

#ifdef CLM_JTJ_AVX2
__attribute__((target("avx2,fma"))) static void tile_avx2(const double *a, size_t ps,
                                                          const double *b, size_t kc, double *C,
                                                          size_t ldc) {
  const double *a0 = a, *a1 = a + ps, *a2 = a + 2 * ps;
  double *C0 = C, *C1 = C + ldc, *C2 = C + 2 * ldc, *C3 = C + 3 * ldc;
  __m256d c00 = _mm256_loadu_pd(C0), c01 = _mm256_loadu_pd(C0 + 4), c02 = _mm256_loadu_pd(C0 + 8);
  __m256d c10 = _mm256_loadu_pd(C1), c11 = _mm256_loadu_pd(C1 + 4), c12 = _mm256_loadu_pd(C1 + 8);
  __m256d c20 = _mm256_loadu_pd(C2), c21 = _mm256_loadu_pd(C2 + 4), c22 = _mm256_loadu_pd(C2 + 8);
  __m256d c30 = _mm256_loadu_pd(C3), c31 = _mm256_loadu_pd(C3 + 4), c32 = _mm256_loadu_pd(C3 + 8);
  for (size_t r = 0; r < kc; r++) {
    __m256d x0 = _mm256_load_pd(a0 + 4 * r), x1 = _mm256_load_pd(a1 + 4 * r),
            x2 = _mm256_load_pd(a2 + 4 * r);
    __m256d w = _mm256_broadcast_sd(b + 4 * r);
    c00 = _mm256_fmadd_pd(x0, w, c00);
    c01 = _mm256_fmadd_pd(x1, w, c01);
    c02 = _mm256_fmadd_pd(x2, w, c02);
    w = _mm256_broadcast_sd(b + 4 * r + 1);
    c10 = _mm256_fmadd_pd(x0, w, c10);
    c11 = _mm256_fmadd_pd(x1, w, c11);
    c12 = _mm256_fmadd_pd(x2, w, c12);
    w = _mm256_broadcast_sd(b + 4 * r + 2);
    c20 = _mm256_fmadd_pd(x0, w, c20);
    c21 = _mm256_fmadd_pd(x1, w, c21);
    c22 = _mm256_fmadd_pd(x2, w, c22);
    w = _mm256_broadcast_sd(b + 4 * r + 3);
    c30 = _mm256_fmadd_pd(x0, w, c30);
    c31 = _mm256_fmadd_pd(x1, w, c31);
    c32 = _mm256_fmadd_pd(x2, w, c32);
  }
  _mm256_storeu_pd(C0, c00);
  _mm256_storeu_pd(C0 + 4, c01);
  _mm256_storeu_pd(C0 + 8, c02);
  _mm256_storeu_pd(C1, c10);
  _mm256_storeu_pd(C1 + 4, c11);
  _mm256_storeu_pd(C1 + 8, c12);
  _mm256_storeu_pd(C2, c20);
  _mm256_storeu_pd(C2 + 4, c21);
  _mm256_storeu_pd(C2 + 8, c22);
  _mm256_storeu_pd(C3, c30);
  _mm256_storeu_pd(C3 + 4, c31);
  _mm256_storeu_pd(C3 + 8, c32);
}
#endif

/* ---------------------------------------------------------------- state */

void clm__jtj_free(clm_jtj *s) {
  if (!s) return;
  free(s->C);
  free(s->Jp);
  free(s->items);
  free(s);
}

int clm__jtj_alloc(clm_jtj **out, size_t P, size_t max_rows, int threads) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  if (P == 0) return CLM_ESIZE;
  if (max_rows == 0) max_rows = 1;
  size_t Pc = (P + 1 + 11) / 12 * 12;
  if (Pc > SIZE_MAX / sizeof(double) / Pc || max_rows > SIZE_MAX / sizeof(double) / Pc)
    return CLM_ENOMEM;
  clm_jtj *s = calloc(1, sizeof *s);
  if (!s) return CLM_ENOMEM;
  s->P = P;
  s->Pc = Pc;
  s->Q = Pc / 4;
  s->Qe = (P + 1 + 3) / 4;
  s->Te = (P + 1 + 11) / 12;
  s->mmax = max_rows;
  int nt = threads;
#ifdef _OPENMP
  if (nt <= 0) nt = omp_get_max_threads();
#else
  nt = 1;
#endif
  s->nthr = nt < 1 ? 1 : nt;
#ifdef CLM_JTJ_AVX2
  s->avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  /* 64-byte aligned panels (4 doubles per row: aligned 32-byte loads) */
  size_t jb = (s->Q * 4 * max_rows * sizeof(double) + 63) / 64 * 64;
  s->C = calloc(Pc * Pc, sizeof *s->C);
  s->Jp = aligned_alloc(64, jb);
  /* the items, group by group (the longest groups first) */
  size_t ng = (s->Te + G - 1) / G, n = 0;
  for (size_t g = 0; g < ng; g++) n += (s->Qe - 3 * G * g + QC - 1) / QC;
  s->items = malloc(2 * n * sizeof *s->items);
  if (s->items) {
    for (size_t g = 0, k = 0; g < ng; g++)
      for (size_t q = 3 * G * g; q < s->Qe; q += QC, k++) {
        s->items[2 * k] = g;
        s->items[2 * k + 1] = q;
      }
    s->n_items = n;
  }
  if (!s->C || !s->Jp || !s->items) {
    clm__jtj_free(s);
    return CLM_ENOMEM;
  }
  memset(s->Jp, 0, jb); /* the panels past column P stay zero */
  *out = s;
  return CLM_OK;
}

void clm__jtj_force_portable(clm_jtj *s, int on) {
#ifdef CLM_JTJ_AVX2
  s->avx2 = !on && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  (void)s;
  (void)on;
#endif
}

void clm__jtj_zero(clm_jtj *s) { memset(s->C, 0, s->Pc * s->Pc * sizeof *s->C); }

/* ---------------------------------------------------------------- blocks */

/* Panel q from m rows of J and e. */
static void pack_panel(clm_jtj *s, size_t q, const double *J, const double *e, size_t m) {
  const size_t P = s->P, c0 = 4 * q;
  double *dst = s->Jp + q * 4 * s->mmax;
  if (c0 + 4 <= P) {
    for (size_t r = 0; r < m; r++) memcpy(dst + 4 * r, J + r * P + c0, 4 * sizeof *dst);
    return;
  }
  for (size_t r = 0; r < m; r++)
    for (size_t c = 0; c < 4; c++) {
      size_t col = c0 + c;
      dst[4 * r + c] = col < P ? J[r * P + col] : col == P ? e[r] : 0.0;
    }
}

/* Item (group g, column panels q0 .. q0+QC-1) over m packed rows: tiles
 * (t, q) for the group's t with q >= 3t. */
static void do_item(clm_jtj *s, size_t g, size_t q0, size_t m) {
  const size_t ps = 4 * s->mmax, Pc = s->Pc;
  const size_t t0 = G * g, t1 = t0 + G < s->Te ? t0 + G : s->Te;
  const size_t q1 = q0 + QC < s->Qe ? q0 + QC : s->Qe;
  for (size_t r0 = 0; r0 < m; r0 += KC) {
    size_t kc = m - r0 < KC ? m - r0 : KC;
    for (size_t q = q0; q < q1; q++) {
      const double *b = s->Jp + q * ps + 4 * r0;
      for (size_t t = t0; t < t1 && 3 * t <= q; t++) {
        const double *a = s->Jp + 3 * t * ps + 4 * r0;
        double *C = s->C + 12 * t + 4 * q * Pc;
#ifdef CLM_JTJ_AVX2
        if (s->avx2) {
          tile_avx2(a, ps, b, kc, C, Pc);
          continue;
        }
#endif
        tile_generic(a, ps, b, kc, C, Pc);
      }
    }
  }
}

static void add_block(clm_jtj *s, const double *J, const double *e, size_t m) {
  const double work = (double)m * (double)s->P * (double)s->P * 0.5;
  const int nt = work >= CLM_JTJ_PAR_WORK ? s->nthr : 1;
  const size_t Qe = s->Qe, ni = s->n_items;
#pragma omp parallel num_threads(nt) if (nt > 1)
  {
#pragma omp for schedule(static)
    for (size_t q = 0; q < Qe; q++) pack_panel(s, q, J, e, m);
#pragma omp for schedule(dynamic, 1)
    for (size_t k = 0; k < ni; k++) do_item(s, s->items[2 * k], s->items[2 * k + 1], m);
  }
}

void clm__jtj_add(clm_jtj *s, const double *J, const double *e, size_t m) {
  while (m > 0) {
    size_t mb = m < s->mmax ? m : s->mmax;
    add_block(s, J, e, mb);
    J += mb * s->P;
    e += mb;
    m -= mb;
  }
}

void clm__jtj_get(const clm_jtj *s, double *JJ, double *JE) {
  const size_t P = s->P, Pc = s->Pc;
  for (size_t j = 0; j < P; j++) memcpy(JJ + j * P, s->C + j * Pc, (j + 1) * sizeof *JJ);
  if (JE) memcpy(JE, s->C + P * Pc, P * sizeof *JE);
}

void clm__jtj_set(clm_jtj *s, const double *JJ, const double *JE) {
  const size_t P = s->P, Pc = s->Pc;
  clm__jtj_zero(s);
  for (size_t j = 0; j < P; j++) memcpy(s->C + j * Pc, JJ + j * P, (j + 1) * sizeof *JJ);
  memcpy(s->C + P * Pc, JE, P * sizeof *JE);
}
