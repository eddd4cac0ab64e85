/* chaoslm — J'J and J'e on the host's own threads (see jtj.h).
 *
 * Layout.  The sums live in C, an order-Pc column-major matrix (Pc = P+1
 * rounded up to 12): C_ij (i <= j < P) is JJ_ij and C_iP is JE_i, i.e. e is
 * handled as column P of an augmented matrix [J e].  Rows are packed, as
 * they arrive, into column panels of 4: panel q holds columns 4q..4q+3 of
 * [J e], row after row (4 doubles per row; columns past P are zero, and
 * panels wholly past column P are zeroed once at allocation and never
 * packed).  C is then updated in 12 x 4 tiles: tile (t, q) covers
 * rows 12t..12t+11 (panels 3t..3t+2) and columns 4q..4q+3, for every q >=
 * 3t (the tiles that touch the upper triangle; the few entries below the
 * diagonal they also compute are never read).  A tile keeps its 12 x 4
 * sums in registers over KC rows: per row, 3 vector loads of the row part,
 * 4 broadcasts of the column part and 12 fused multiply-adds.
 *
 * Work items.  Tiles are grouped as in a blocked matrix product: an item is
 * a group of G tile rows (12 G rows of C) times a range of QC column panels;
 * for each KC rows, each tile row of the group keeps its three row panels
 * (KC x 12 doubles, 24 KiB) in L1 while the item's column panels (QC x KC x
 * 4 doubles, 128 KiB, in L2 with the group's row panels) stream past it:
 * per row of a tile, one 32-byte read from L2 for 12 fused multiply-adds.
 * KC, G and QC change the speed only, never the bits (each entry's chain
 * runs over the rows in order whatever the blocking); measured on a Zen 3
 * core, this order with KC = 256 runs J'J 5-7 % faster than the opposite
 * one (column panel in L1, row panels from L2) with KC = 128.
 *
 * Buffering.  The panels hold up to `mmax` rows (about CLM_JTJ_BUF_BYTES,
 * at least CLM_JTJ_MIN_ROWS and the caller's block); rows are packed on the calling thread as
 * each block arrives, while it is still in cache (the evaluator writes its
 * blocks into a row buffer of one block, clm__jtj_buffer, other callers'
 * rows are read where they are), and the reduction runs when the panels
 * are full or the sums are read: few parallel regions per epoch (two for
 * 4000 rows of 442 unknowns), so few synchronisations between threads,
 * which on a shared machine cost a scheduler time slice each time a
 * thread has been preempted.
 *
 * Threads.  One pool job per reduction (solvers/pool.h: the workers sleep
 * between jobs instead of spinning), its items handed out dynamically.  Each entry of C
 * belongs to one tile, computed by one thread, as one chain of fma over
 * the rows in order, so the bits never depend on the thread count or the
 * schedule; below CLM_JTJ_PAR_WORK multiply-adds a block runs on the
 * calling thread.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "chaoslm.h"
#include "alloc64.h"
#include "jtj.h"

#include "tile_kernels.h"

#define KC 256                   /* rows per register pass of a tile */
#define G 8                      /* tile rows per item */
#define QC 16                    /* column panels per item */
#define CLM_JTJ_PAR_WORK 2.0e6   /* multiply-adds below which a reduction runs serially */
#define CLM_JTJ_BUF_BYTES ((size_t)8 << 20) /* target size of the packed rows */
/* Rows the panels hold at least: each reduction reads and writes all of C
 * once per KC rows, so with few rows that traffic (P^2 doubles) would
 * dominate for large P. */
#define CLM_JTJ_MIN_ROWS ((size_t)1024)

struct clm_jtj {
  size_t P, Pc, Q, Qe, Te, mmax; /* mmax: rows the panels hold */
  double *R, *Re;                /* row buffer for the caller: rrow rows of P, and their e */
  size_t rrow;
  size_t rfill;                  /* rows in the panels */
  size_t n_items;
  size_t *items; /* item k: group items[2k], first column panel items[2k+1] */
  clm_pool *pool; /* borrowed; NULL: serial */
  int avx2;        /* the CPU has AVX2 and FMA */
  double *C;  /* Pc x Pc */
  double *Jp; /* Q panels of mmax rows x 4 */
};

/* ---------------------------------------------------------------- state */

void clm__jtj_free(clm_jtj *s) {
  if (!s) return;
  free(s->C);
  free(s->Jp);
  free(s->R);
  free(s->Re);
  free(s->items);
  free(s);
}

int clm__jtj_alloc(clm_jtj **out, size_t P, size_t max_rows, clm_pool *pool) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  if (P == 0) return CLM_ESIZE;
  if (max_rows == 0) max_rows = 1;
  if (P > SIZE_MAX / sizeof(double) / 16 || max_rows > SIZE_MAX / sizeof(double) / (P + 16))
    return CLM_ENOMEM;
  const size_t rrow = max_rows;
  if (max_rows < CLM_JTJ_BUF_BYTES / (P * sizeof(double)))
    max_rows = CLM_JTJ_BUF_BYTES / (P * sizeof(double));
  if (max_rows < CLM_JTJ_MIN_ROWS) max_rows = CLM_JTJ_MIN_ROWS;
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
  s->pool = pool;
  s->avx2 = clm_tile_have_avx2();
  /* 64-byte aligned panels (4 doubles per row: aligned 32-byte loads) */
  size_t jb = s->Q * 4 * max_rows * sizeof(double);
  s->C = calloc(Pc * Pc, sizeof *s->C);
  s->Jp = clm__alloc64(jb);
  s->rrow = rrow;
  s->R = malloc(rrow * P * sizeof *s->R);
  s->Re = malloc(rrow * sizeof *s->Re);
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
  if (!s->C || !s->Jp || !s->items || !s->R || !s->Re) {
    clm__jtj_free(s);
    return CLM_ENOMEM;
  }
  memset(s->Jp, 0, jb); /* the panels past column P stay zero */
  *out = s;
  return CLM_OK;
}

void clm__jtj_force_portable(clm_jtj *s, int on) { s->avx2 = !on && clm_tile_have_avx2(); }

void clm__jtj_zero(clm_jtj *s) {
  s->rfill = 0;
  memset(s->C, 0, s->Pc * s->Pc * sizeof *s->C);
}

/* ---------------------------------------------------------------- blocks */

/* m rows of J and e into the panels at rows rfill.. (each row is read once,
 * in order; each panel is written in order). */
static void pack_rows(clm_jtj *s, const double *J, const double *e, size_t m) {
  const size_t P = s->P, ps = 4 * s->mmax, full = P / 4; /* panels wholly inside J */
  for (size_t r = 0; r < m; r++) {
    const double *row = J + r * P;
    double *dst = s->Jp + 4 * (s->rfill + r);
    for (size_t q = 0; q < full; q++) memcpy(dst + q * ps, row + 4 * q, 4 * sizeof *dst);
    for (size_t q = full; q < s->Qe; q++) /* the panel(s) with column P (e) */
      for (size_t c = 0; c < 4; c++) {
        size_t col = 4 * q + c;
        dst[q * ps + c] = col < P ? row[col] : col == P ? e[r] : 0.0;
      }
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
    for (size_t t = t0; t < t1 && 3 * t < q1; t++) {
      const double *a = s->Jp + 3 * t * ps + 4 * r0;
      for (size_t q = q0 > 3 * t ? q0 : 3 * t; q < q1; q++) {
        const double *b = s->Jp + q * ps + 4 * r0;
        double *C = s->C + 12 * t + 4 * q * Pc;
#ifdef CLM_TILE_AVX2
        if (s->avx2) {
          clm_tile_avx2_add(a, ps, b, kc, C, Pc);
          continue;
        }
#endif
        clm_tile_portable(a, ps, b, kc, C, Pc, 0);
      }
    }
  }
}

static void item_job(void *arg, size_t k) {
  clm_jtj *s = arg;
  do_item(s, s->items[2 * k], s->items[2 * k + 1], s->rfill);
}

/* Reduce the packed rows into the sums. */
static void flush(clm_jtj *s) {
  const size_t m = s->rfill, ni = s->n_items;
  if (!m) return;
  const double work = (double)m * (double)s->P * (double)s->P * 0.5;
  clm__pool_run(work >= CLM_JTJ_PAR_WORK ? s->pool : NULL, ni, item_job, s);
  s->rfill = 0;
}

void clm__jtj_buffer(clm_jtj *s, size_t m, double **J, double **e) {
  *J = *e = NULL;
  if (m == 0 || m > s->rrow) return;
  *J = s->R;
  *e = s->Re;
}

void clm__jtj_add(clm_jtj *s, const double *J, const double *e, size_t m) {
  while (m > 0) {
    size_t take = s->mmax - s->rfill;
    if (take > m) take = m;
    pack_rows(s, J, e, take);
    s->rfill += take;
    J += take * s->P;
    e += take;
    m -= take;
    if (s->rfill == s->mmax) flush(s);
  }
}

void clm__jtj_get(clm_jtj *s, double *JJ, double *JE) {
  const size_t P = s->P, Pc = s->Pc;
  flush(s);
  for (size_t j = 0; j < P; j++) memcpy(JJ + j * P, s->C + j * Pc, (j + 1) * sizeof *JJ);
  if (JE) memcpy(JE, s->C + P * Pc, P * sizeof *JE);
}

void clm__jtj_set(clm_jtj *s, const double *JJ, const double *JE) {
  const size_t P = s->P, Pc = s->Pc;
  clm__jtj_zero(s);
  for (size_t j = 0; j < P; j++) memcpy(s->C + j * Pc, JJ + j * P, (j + 1) * sizeof *JJ);
  memcpy(s->C + P * Pc, JE, P * sizeof *JE);
}
