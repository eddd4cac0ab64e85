/* chaoslm — CPU linear-solver backend for trainlm (own J'J kernels +
 * LAPACKE).
 *
 * Math.  For each epoch the Jacobian arrives in row blocks J_b (m x P,
 * row-major) with their errors e_b; the backend accumulates
 *     JJ = sum_b J_b' J_b   (upper triangle, P x P column-major)
 *     JE = sum_b J_b' e_b
 * with its own kernels, never a BLAS: the small kernel below for P <=
 * CLM_SMALL_P (its 8-column blocks of JJ split between `threads` OpenMP
 * threads when a block of rows is big enough), and for larger P the kernel
 * of solvers/jtj.c, which runs on the backend's own worker pool
 * (solvers/pool.h: `threads` threads, the caller included, sleeping
 * between jobs); both give the same bits for any thread count.
 *
 * For each mu trial, factor() copies A = scale*JJ + mu*I into a second
 * buffer and factors it (upper Cholesky: small_potrf below for small P,
 * the blocked OpenMP factorisation of solvers/chol.c above), so JJ itself
 * survives every trial of the epoch; solve() runs the two triangular
 * solves (small_potrs).  No OpenBLAS thread runs during an epoch (OpenBLAS
 * threads sleep and wake between calls, and on 2 cores they and the OpenMP
 * workers took each other's time).  A not positive definite is CLM_ENOTPD (a
 * rejected step for trainlm, never an error).  MATLAB also rejects a step
 * when its backslash warns that the matrix is "close to singular"
 * (reciprocal condition number below eps; doc/matlab.md §3);
 * the equivalent here is DPOCON's 1-norm estimate rcond < DBL_EPSILON, also
 * reported as CLM_ENOTPD.
 *
 * trace_inv() (trainbr's trace of A^-1) builds and factors A the same way,
 * without the rcond test, then sums the squares of U^-1's entries: for
 * small P from the explicit U^-1 of inv_upper_pad (the rcond bound's), for
 * larger P by the blocked kernel of solvers/chol.c, which forms U^-T in
 * A's free lower triangle; no P x P buffer beyond the factor's.
 *
 * Only the *_work LAPACKE entry points are used: they neither allocate nor
 * scan the matrix for NaN, so a trial costs one copy, one factorisation and
 * at most one DPOCON (O(P^2)); DPOCON is skipped when a cheap rigorous
 * bound proves that its estimate would pass (rcond_surely_ok; for trainbr's
 * trials the trace of the epoch's traced matrix, rcond_trace_ok; for small
 * P rcond_bound_ok), so the accept/reject decisions are exactly DPOCON's.
 * Everything is allocated in alloc().
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "alloc64.h"
#include "chol.h"
#include "jtj.h"
#include "linsolver.h"
#include "pool.h"

/* Up to this size the rcond check first bounds ||A^-1||_1 from the explicit
 * inverse of the Cholesky factor (P^3/6 multiply-adds), which is cheaper
 * than DPOCON's iterations for small P; see rcond_bound_ok. */
#define CLM_RCOND_INV_MAX 96

/* Up to this many unknowns J'J and J'e are accumulated by the small kernel
 * below instead of DSYRK + DGEMV, whose call overhead dominates there. */
#define CLM_SMALL_P 64
#define CLM_SMALL_ROWS 128 /* rows per padded chunk of J */

/* The small kernel.  JJp (Pp x Pp column-major, Pp = P rounded up to 8) and
 * JEp (Pp) hold the running sums; each entry is a sum over the rows in row
 * order, continued across calls, so the result is independent of how the
 * rows are cut into blocks and of any thread count.  Rows are read with
 * stride ld: in place (ld = P, the vectors past column P read the next
 * row, so the padded rows/columns accumulate garbage that is never read),
 * or, for the last rows of a block, from a zero-padded chunk (ld = Pp);
 * every load is a full 8-wide vector.  Entries below the diagonal are
 * computed too but never read.  No FMA contraction (ISO C mode), so all
 * clones round identically. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define CLM_LS_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CLM_LS_CLONES
#endif
/* GCC warns that passing 32-byte vectors changes the ABI without AVX; these
 * helpers are static and inlined into the target_clones bodies, so no ABI
 * boundary is crossed. */
#pragma GCC diagnostic ignored "-Wpsabi"
typedef double clm_v4d __attribute__((vector_size(32)));
static inline clm_v4d ld4(const double *p) {
  clm_v4d v;
  memcpy(&v, p, sizeof v);
  return v;
}
static inline void st4(double *p, clm_v4d v) { memcpy(p, &v, sizeof v); }

/* 8 rows x 4 columns of JJp per pass over the chunk: 8 four-wide sums.
 * Only the columns [jlo, jhi) of JJp (multiples of 8), and JEp when je is
 * set: threads that take disjoint column ranges compute each entry exactly
 * as one thread would. */
CLM_LS_CLONES static void small_jejj(size_t Pp, size_t ld, size_t m, const double *restrict Jp,
                                     const double *restrict e, double *restrict JJp,
                                     double *restrict JEp, size_t jlo, size_t jhi, int je) {
  for (size_t j0 = jlo; j0 < jhi; j0 += 4) {
    double *c0 = JJp + j0 * Pp, *c1 = c0 + Pp, *c2 = c1 + Pp, *c3 = c2 + Pp;
    for (size_t i0 = 0; i0 < j0 + 4; i0 += 8) {
      clm_v4d a0 = ld4(c0 + i0), b0 = ld4(c0 + i0 + 4), a1 = ld4(c1 + i0), b1 = ld4(c1 + i0 + 4);
      clm_v4d a2 = ld4(c2 + i0), b2 = ld4(c2 + i0 + 4), a3 = ld4(c3 + i0), b3 = ld4(c3 + i0 + 4);
      const double *restrict row = Jp;
      for (size_t r = 0; r < m; r++, row += ld) {
        clm_v4d x = ld4(row + i0), y = ld4(row + i0 + 4);
        double w0 = row[j0], w1 = row[j0 + 1], w2 = row[j0 + 2], w3 = row[j0 + 3];
        a0 += x * w0;
        b0 += y * w0;
        a1 += x * w1;
        b1 += y * w1;
        a2 += x * w2;
        b2 += y * w2;
        a3 += x * w3;
        b3 += y * w3;
      }
      st4(c0 + i0, a0);
      st4(c0 + i0 + 4, b0);
      st4(c1 + i0, a1);
      st4(c1 + i0 + 4, b1);
      st4(c2 + i0, a2);
      st4(c2 + i0 + 4, b2);
      st4(c3 + i0, a3);
      st4(c3 + i0 + 4, b3);
    }
  }
  for (size_t i0 = 0; je && i0 < Pp; i0 += 8) {
    clm_v4d g = ld4(JEp + i0), h = ld4(JEp + i0 + 4);
    const double *restrict row = Jp;
    for (size_t r = 0; r < m; r++, row += ld) {
      g += ld4(row + i0) * e[r];
      h += ld4(row + i0 + 4) * e[r];
    }
    st4(JEp + i0, g);
    st4(JEp + i0 + 4, h);
  }
}

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define CLM_HAVE_AVX512_KERNEL 1
typedef double clm_v8d __attribute__((vector_size(64)));
/* The same sums with 8-wide vectors, 8 rows x 8 columns per pass (Pp is a
 * multiple of 8).  Every entry sees the same operations in the same order
 * as in small_jejj, so both give identical bits. */
__attribute__((target("avx512f"))) static void small_jejj512(size_t Pp, size_t ld, size_t m,
                                                             const double *restrict Jp,
                                                             const double *restrict e,
                                                             double *restrict JJp,
                                                             double *restrict JEp, size_t jlo,
                                                             size_t jhi, int je) {
  for (size_t j0 = jlo; j0 < jhi; j0 += 8) {
    double *c = JJp + j0 * Pp;
    for (size_t i0 = 0; i0 < j0 + 8; i0 += 8) {
      clm_v8d a0, a1, a2, a3, a4, a5, a6, a7;
#define CLM_LD(k) memcpy(&a##k, c + k * Pp + i0, sizeof a##k)
#define CLM_ST(k) memcpy(c + k * Pp + i0, &a##k, sizeof a##k)
      CLM_LD(0); CLM_LD(1); CLM_LD(2); CLM_LD(3); CLM_LD(4); CLM_LD(5); CLM_LD(6); CLM_LD(7);
      const double *restrict row = Jp;
      for (size_t r = 0; r < m; r++, row += ld) {
        clm_v8d x;
        memcpy(&x, row + i0, sizeof x);
        const double *w = row + j0;
        a0 += x * w[0];
        a1 += x * w[1];
        a2 += x * w[2];
        a3 += x * w[3];
        a4 += x * w[4];
        a5 += x * w[5];
        a6 += x * w[6];
        a7 += x * w[7];
      }
      CLM_ST(0); CLM_ST(1); CLM_ST(2); CLM_ST(3); CLM_ST(4); CLM_ST(5); CLM_ST(6); CLM_ST(7);
#undef CLM_LD
#undef CLM_ST
    }
  }
  for (size_t i0 = 0; je && i0 < Pp; i0 += 8) {
    clm_v8d g;
    memcpy(&g, JEp + i0, sizeof g);
    const double *restrict row = Jp;
    for (size_t r = 0; r < m; r++, row += ld) {
      clm_v8d x;
      memcpy(&x, row + i0, sizeof x);
      g += x * e[r];
    }
    memcpy(JEp + i0, &g, sizeof g);
  }
}
#endif

typedef struct cpu_state {
  size_t P;
  double *JJ;          /* P x P, upper triangle, column-major */
  double *JE;          /* P */
  double *A;           /* ld x ld: scale*JJ + mu*I, then its Cholesky factor */
  size_t ld;           /* leading dimension of A and V: Pp for small P, else clm__chol_ld(P) */
  double *cwork;       /* P > CLM_SMALL_P: scratch of clm__chol and clm__chol_inv_trace
                        * (64-byte aligned) */
  clm_pool *pool;      /* P > CLM_SMALL_P: the threads of jtj and chol */
  double *work;        /* 3P for DPOCON */
  lapack_int *iwork;   /* P for DPOCON */
  double *V;           /* P x P scratch for U^-1 when P <= CLM_RCOND_INV_MAX, else NULL */
  size_t Pp;           /* small kernel (P <= CLM_SMALL_P): P rounded up to 8, else 0 */
  int nslot;           /* its threads: slot t sums the 8-column blocks b of */
  unsigned char owner[CLM_SMALL_P / 8]; /* JJp with owner[b] == t; slot 0 also JEp */
  double *JJp, *JEp;   /* its running sums (Pp x Pp, Pp) */
  double *Jp;          /* its padded chunk of rows (CLM_SMALL_ROWS x Pp) */
  double *rdg;         /* 1/u_kk of the last factor (P) */
  clm_jtj *jtj;        /* P > CLM_SMALL_P: the sums of solvers/jtj.c */
  int pending;         /* JJp/JEp or jtj hold sums not yet copied to JJ/JE */
  size_t rows;         /* rows accumulated since begin(); 0 = unknown (set_jj) */
  int rows_known;
  int factored;
  clm__traced traced;  /* trace_inv's last result, for rcond_trace_ok */
} cpu_state;

static int cpu_available(char *why, size_t why_len) {
  if (why && why_len) {
    strncpy(why, "own J'J and Cholesky kernels, LAPACKE DPOCON", why_len - 1);
    why[why_len - 1] = '\0';
  }
  return 1;
}

static void cpu_free(void *state) {
  cpu_state *s = state;
  if (!s) return;
  free(s->JJ);
  free(s->JE);
  free(s->A);
  free(s->work);
  free(s->iwork);
  free(s->V);
  free(s->JJp);
  free(s->JEp);
  free(s->Jp);
  free(s->rdg);
  free(s->cwork);
  clm__jtj_free(s->jtj);
  clm__pool_free(s->pool);
  free(s);
}

/* The small kernel's slots: at most one per 8-column block of JJp, block b
 * costing b + 1 (its rows of 8 x 8 sums per row of J), handed out from the
 * dearest to the least loaded slot, so that threads finish together
 * (P = 31, two slots: blocks {3, 0} and {2, 1}, 5 and 5); the first
 * blocks go to the empty slots, so every slot owns one at least. */
static void assign_slots(cpu_state *s, int threads) {
  const size_t nb = s->Pp / 8;
  int ns = threads < (int)nb ? threads : (int)nb;
  if (ns < 1) ns = 1;
  double load[CLM_SMALL_P / 8] = {0};
  for (size_t b = nb; b-- > 0;) {
    int t = 0;
    for (int u = 1; u < ns; u++)
      if (load[u] < load[t]) t = u;
    s->owner[b] = (unsigned char)t;
    load[t] += (double)(b + 1);
  }
  s->nslot = ns;
}

/* n zeroed doubles (free() releases them).  Below 1 MiB on a cache line,
 * so that the small kernels' buffers do not move with unrelated
 * allocations, nor their speed with them; larger ones from calloc, whose
 * pages glibc maps zeroed and lazily (J'J's lower triangle is never
 * touched) at an offset that does not move either. */
static double *zalloc64(size_t n) {
  if (n > SIZE_MAX / sizeof(double)) return NULL;
  size_t bytes = n * sizeof(double);
  if (bytes >= (size_t)1 << 20) return calloc(n, sizeof(double));
  double *p = clm__alloc64(bytes);
  if (p) memset(p, 0, bytes);
  return p;
}

static int cpu_alloc(void **state, size_t P, size_t max_rows, int threads) {
  if (!state) return CLM_ENULL;
  *state = NULL;
  if (P == 0) return CLM_ESIZE;
  if (P > (size_t)INT32_MAX / 4 || P > SIZE_MAX / sizeof(double) / P) return CLM_ENOMEM;
  cpu_state *s = calloc(1, sizeof *s);
  if (!s) return CLM_ENOMEM;
  s->P = P;
  s->JJ = zalloc64(P * P);
  /* A (and V) have leading dimension Pp for small P (see small_potrf),
   * else the padded one of clm__chol (zero padding, never written) */
  size_t ld = P <= CLM_SMALL_P ? (P + 7) / 8 * 8 : clm__chol_ld(P);
  if (ld > SIZE_MAX / sizeof(double) / ld) {
    free(s->JJ);
    free(s);
    return CLM_ENOMEM;
  }
  s->ld = ld;
  s->rdg = zalloc64(ld);
  s->A = zalloc64(ld * ld);
  s->JE = zalloc64(P);
  s->work = zalloc64(3 * P + 24);
  s->iwork = malloc(P * sizeof *s->iwork);
  if (P <= CLM_RCOND_INV_MAX) s->V = zalloc64(ld * ld);
  int nt = threads;
#ifdef _OPENMP
  if (nt <= 0) nt = omp_get_max_threads();
#endif
  if (nt < 1) nt = 1;
  if (P <= CLM_SMALL_P) {
    size_t Pp = (P + 7) / 8 * 8;
    s->Pp = Pp;
    assign_slots(s, nt);
    s->JJp = zalloc64(Pp * Pp);
    s->JEp = zalloc64(Pp);
    s->Jp = zalloc64(CLM_SMALL_ROWS * Pp);
    if (!s->JJp || !s->JEp || !s->Jp) {
      cpu_free(s);
      return CLM_ENOMEM;
    }
  } else {
    int st = clm__pool_create(&s->pool, nt);
    if (st == CLM_OK) st = clm__jtj_alloc(&s->jtj, P, max_rows, s->pool);
    if (st != CLM_OK) {
      cpu_free(s);
      return st;
    }
    size_t cw = clm__chol_work(P), ciw = clm__chol_inv_work(P); /* factor, then trace_inv */
    s->cwork = clm__alloc64((cw > ciw ? cw : ciw) * sizeof(double));
  }
  if (!s->JJ || !s->A || !s->JE || !s->work || !s->iwork || !s->rdg ||
      (P <= CLM_RCOND_INV_MAX && !s->V) || (P > CLM_SMALL_P && !s->cwork)) {
    cpu_free(s);
    return CLM_ENOMEM;
  }
  *state = s;
  return CLM_OK;
}

static int cpu_begin(void *state) {
  cpu_state *s = state;
  const size_t P = s->P;
  /* only the upper triangle is ever read */
  for (size_t j = 0; j < P; j++) memset(s->JJ + j * P, 0, (j + 1) * sizeof(double));
  memset(s->JE, 0, P * sizeof(double));
  if (s->Pp) {
    memset(s->JJp, 0, s->Pp * s->Pp * sizeof(double));
    memset(s->JEp, 0, s->Pp * sizeof(double));
  }
  if (s->jtj) clm__jtj_zero(s->jtj);
  s->pending = 0;
  s->rows = 0;
  s->rows_known = 1;
  s->factored = 0;
  s->traced.valid = 0;
  return CLM_OK;
}

/* Copy the kernel's sums into JJ (upper) and JE. */
static void flush_small(cpu_state *s) {
  if (!s->pending) return;
  if (s->jtj) {
    clm__jtj_get(s->jtj, s->JJ, s->JE);
    s->pending = 0;
    return;
  }
  const size_t P = s->P, Pp = s->Pp;
  for (size_t j = 0; j < P; j++) memcpy(s->JJ + j * P, s->JJp + j * Pp, (j + 1) * sizeof(double));
  memcpy(s->JE, s->JEp, P * sizeof(double));
  s->pending = 0;
}

/* Below this many multiply-adds a block's small-kernel sums stay on the
 * calling thread (a parallel region costs a few microseconds). */
#define CLM_SMALL_PAR_FMA 1000000.0

/* The small kernel on the 8-column blocks of JJp that slot t owns (every
 * slot owns one at least: assign_slots), and JEp with slot 0's first. */
static void small_slot(const cpu_state *s, int t, size_t ld, size_t m, const double *J,
                       const double *e) {
  const size_t Pp = s->Pp;
#ifdef CLM_HAVE_AVX512_KERNEL
  const int v512 = __builtin_cpu_supports("avx512f");
#endif
  int je = t == 0;
  for (size_t b = 0; b < Pp / 8; b++) {
    if (s->owner[b] != t) continue;
#ifdef CLM_HAVE_AVX512_KERNEL
    if (v512)
      small_jejj512(Pp, ld, m, J, e, s->JJp, s->JEp, 8 * b, 8 * b + 8, je);
    else
#endif
      small_jejj(Pp, ld, m, J, e, s->JJp, s->JEp, 8 * b, 8 * b + 8, je);
    je = 0;
  }
}

/* The small kernel's sums over m rows: on the slots in parallel when the
 * work is worth a region.  Each entry of JJp and JEp belongs to one slot
 * and sums the rows in order, so the bits are those of one thread.  An
 * OpenMP region, like the evaluator's: its workers are the same threads,
 * so the two never compete for the cores (host_threads() stays 1). */
static void small_sums(const cpu_state *s, size_t ld, size_t m, const double *J,
                       const double *e) {
  const double fma = (double)m * (double)s->Pp * (double)s->Pp / 2.0;
  if (s->nslot > 1 && fma >= CLM_SMALL_PAR_FMA) {
#pragma omp parallel for schedule(static, 1) num_threads(s->nslot)
    for (int t = 0; t < s->nslot; t++) small_slot(s, t, ld, m, J, e);
  } else {
    for (int t = 0; t < s->nslot; t++) small_slot(s, t, ld, m, J, e);
  }
}

static int cpu_accumulate(void *state, const double *J, const double *e, size_t m, size_t P) {
  cpu_state *s = state;
  if (P != s->P) return CLM_EINTERNAL;
  if (m == 0) return CLM_OK;
  s->rows += m;
  s->factored = 0; /* JJ changes: the factor and the trace are stale */
  s->traced.valid = 0;
  if (s->Pp) {
    const size_t Pp = s->Pp;
    /* Rows r with r*P + Pp <= m*P are read in place (stride P): their
     * vectors run past column P into the next row, which only feeds the
     * padded rows/columns of JJp/JEp (never read).  The last rows, whose
     * vectors would run past the block, go through the zero-padded chunk.
     * Every entry still sums the rows in row order: identical bits. */
    size_t md = m * P >= Pp ? (m * P - Pp) / P + 1 : 0;
    if (md > m) md = m;
    if (md) small_sums(s, P, md, J, e);
    for (size_t r0 = md; r0 < m; r0 += CLM_SMALL_ROWS) {
      size_t mc = m - r0 < CLM_SMALL_ROWS ? m - r0 : CLM_SMALL_ROWS;
      for (size_t r = 0; r < mc; r++) memcpy(s->Jp + r * Pp, J + (r0 + r) * P, P * sizeof(double));
      small_sums(s, Pp, mc, s->Jp, e + r0);
    }
    s->pending = 1;
    return CLM_OK;
  }
  clm__jtj_add(s->jtj, J, e, m);
  s->pending = 1;
  return CLM_OK;
}

/* P > CLM_SMALL_P: the evaluator writes its blocks into the kernel's row
 * buffer (solvers/jtj.c); small P: its own buffer. */
static int cpu_block_buffer(void *state, size_t m, double **J, double **e) {
  cpu_state *s = state;
  if (!s || !J || !e) return CLM_ENULL;
  *J = *e = NULL;
  if (s->jtj) clm__jtj_buffer(s->jtj, m, J, e);
  return CLM_OK;
}

static int cpu_end(void *state, double *JE, double *diag) {
  cpu_state *s = state;
  flush_small(s);
  if (JE) memcpy(JE, s->JE, s->P * sizeof *JE);
  if (diag)
    for (size_t j = 0; j < s->P; j++) diag[j] = s->JJ[j * s->P + j];
  return CLM_OK;
}

/* DPOCON's rcond is skipped when the bound of clm__rcond_surely_ok
 * (solvers/linsolver.c) proves that its estimate would pass. */
static int rcond_surely_ok(const cpu_state *s, double mu, double tr, double anorm) {
  return clm__rcond_surely_ok(s->rows_known, s->rows, s->P, mu, tr, anorm);
}

/* The bound from trace_inv's last result (clm__rcond_trace_ok): for the
 * same JJ and scale and any mu at least the traced one. */
static int rcond_trace_ok(const cpu_state *s, double scale, double mu, double anorm) {
  return clm__traced_vouches(&s->traced, s->P, scale, mu, anorm);
}

/* V = U^-1 (upper part of V, P x P column-major) for the bound below.  All
 * columns advance together, k from P-1 down to 0: row k of V is final once
 * scaled by 1/u_kk, and is then eliminated from the rows above it,
 * v_ij -= u_ik v_kj (i < k <= j), a rank-1 update with contiguous columns,
 * so the only serial chain is over k (the earlier column-by-column
 * back-substitution waited on a division per element).  The reciprocal
 * multiply rounds differently from a division; V only feeds a bound whose
 * margin (64 P eps against eps) dwarfs that, see rcond_bound_ok. */
CLM_LS_CLONES static void inv_upper(size_t P, const double *restrict U, double *restrict V,
                                   double *restrict rd) {
  for (size_t j = 0; j < P; j++) {
    double *restrict v = V + j * P;
    for (size_t i = 0; i < j; i++) v[i] = 0.0;
    v[j] = 1.0;
    rd[j] = 1.0 / U[j + j * P];
  }
  for (size_t k = P; k-- > 0;) {
    const double *restrict uk = U + k * P;
    const double rk = rd[k];
    for (size_t j = k; j < P; j++) {
      double *restrict v = V + j * P;
      double vk = v[k] * rk;
      v[k] = vk;
#pragma omp simd
      for (size_t i = 0; i < k; i++) v[i] -= uk[i] * vk;
    }
  }
}

/* inv_upper for small P on the padded layout (U and V with leading
 * dimension Pp, a multiple of 8): the same operations on the upper
 * triangle, but the elimination runs over whole 8-row chunks of a column
 * (no loop peeling on the short triangular ranges, which dominated at
 * P = 31).  Entries of a chunk at or below row k are multiplied by zeros
 * from the copy t of u_k (t_i = 0 for i >= k), so x - 0*vk leaves them
 * unchanged (a non-finite vk can only turn the bound into NaN, which
 * rejects it: then DPOCON decides).  V's rows below the diagonal stay 0. */
CLM_LS_CLONES static void inv_upper_pad(size_t P, size_t Pp, const double *restrict U,
                                       double *restrict V, double *restrict rd,
                                       double *restrict t) {
  for (size_t j = 0; j < P; j++) {
    double *restrict v = V + j * Pp;
    for (size_t i = 0; i < Pp; i++) v[i] = 0.0;
    v[j] = 1.0;
    rd[j] = 1.0 / U[j + j * Pp];
  }
  for (size_t k = P; k-- > 0;) {
    const double *restrict uk = U + k * Pp;
    size_t ce = (k + 7) / 8 * 8; /* rows 0..k-1 rounded up to a chunk */
    for (size_t i = 0; i < k; i++) t[i] = uk[i];
    for (size_t i = k; i < ce; i++) t[i] = 0.0;
    const double rk = rd[k];
    size_t j = k;
    for (; j + 1 < P; j += 2) { /* two columns share the loads of t */
      double *restrict v = V + j * Pp, *restrict w = v + Pp;
      double vk = v[k] * rk, wk = w[k] * rk;
      for (size_t c = 0; c < ce; c += 4) { /* v[c..c+4) -= t[c..c+4) vk, w alike */
        clm_v4d tc = ld4(t + c);
        st4(v + c, ld4(v + c) - tc * vk);
        st4(w + c, ld4(w + c) - tc * wk);
      }
      v[k] = vk; /* after the chunks (t_k = 0): no narrow store before wide loads */
      w[k] = wk;
    }
    if (j < P) {
      double *restrict v = V + j * Pp;
      double vk = v[k] * rk;
      for (size_t c = 0; c < ce; c += 4) st4(v + c, ld4(v + c) - ld4(t + c) * vk);
      v[k] = vk;
    }
  }
}

/* ||V||_F^2 for inv_upper_pad's V, whose rows below the diagonal are zero:
 * each column summed over whole 8-row chunks up to its diagonal's, in eight
 * lanes, which are added in a fixed order at the end (the same bits in
 * every clone: no FMA contraction).  A NaN anywhere in V propagates. */
CLM_LS_CLONES static double small_sumsq(size_t P, size_t Pp, const double *restrict V) {
  clm_v4d a = {0.0, 0.0, 0.0, 0.0}, b = a;
  for (size_t j = 0; j < P; j++) {
    const double *restrict v = V + j * Pp;
    for (size_t c = 0; c <= j; c += 8) {
      clm_v4d x = ld4(v + c), y = ld4(v + c + 4);
      a += x * x;
      b += y * y;
    }
  }
  a += b;
  return (a[0] + a[1]) + (a[2] + a[3]);
}

/* ||V||_1 (largest column sum of |v_ij|), the row sums of |V| into rs and
 * ||V||_F^2.  The sums may be reassociated (SIMD partial sums): they only
 * feed the bound below, whose margin dwarfs a few roundings; a NaN still
 * propagates to the result. */
CLM_LS_CLONES static void v_norms(size_t P, size_t ld, const double *restrict V,
                                 double *restrict rs, double *n1_out, double *fro_out) {
  double n1 = 0.0, fro = 0.0;
  for (size_t i = 0; i < P; i++) rs[i] = 0.0;
  for (size_t j = 0; j < P; j++) {
    const double *restrict v = V + j * ld;
    double cs = 0.0, fj = 0.0;
#pragma omp simd reduction(+ : cs, fj)
    for (size_t i = 0; i <= j; i++) {
      double a = fabs(v[i]);
      cs += a;
      rs[i] += a;
      fj += a * a;
    }
    fro += fj;
    if (!(cs <= n1)) n1 = cs;
  }
  *n1_out = n1;
  *fro_out = fro;
}

/* A second sufficient test, after DPOTRF, for small P: with V = U^-1
 * (computed by column back-substitution), A^-1 = V V' so
 *   ||A^-1||_1 <= min(||V||_1 ||V||_inf, sqrt(P) ||V||_F^2),
 * a rigorous lower bound on the rcond of the factored matrix U'U, which is
 * what DPOCON estimates (its estimate of ||A^-1||_1 is a lower bound up to
 * the rounding of its solves).  When that bound is >= 64 P DBL_EPSILON, the
 * solves' relative error (about cond(A) P u <= 1/128) cannot bring DPOCON's
 * estimate under DBL_EPSILON, so DPOCON would accept: skip it. */
static int rcond_bound_ok(cpu_state *s, double anorm) {
  const size_t P = s->P;
  const double *restrict U = s->A;
  double *restrict V = s->V;
  if (!V) return 0;
  double *restrict rs = s->work;     /* row sums of |V| (3P + 24 available) */
  double *restrict rd = s->work + P; /* 1/u_kk */
  if (s->ld != P) /* padded layout (small P, or clm__chol's) */
    inv_upper_pad(P, s->ld, U, V, rd, s->work + 2 * P);
  else
    inv_upper(P, U, V, rd);
  double n1 = 0.0, fro = 0.0;
  v_norms(P, s->ld, V, rs, &n1, &fro);
  double ninf = 0.0;
  for (size_t i = 0; i < P; i++)
    if (!(rs[i] <= ninf)) ninf = rs[i];
  double b1 = n1 * ninf, b2 = sqrt((double)P) * fro;
  double ainv = b1 < b2 ? b1 : b2;
  if (!isfinite(ainv) || !(ainv > 0.0)) return 0;
  return 1.0 / (anorm * ainv) >= 64.0 * (double)P * DBL_EPSILON;
}

/* Small-P Cholesky (P <= CLM_SMALL_P), replacing DPOTRF whose call and
 * blocking overhead is most of its cost there (27k instructions at P = 31).
 * Right-looking, upper, in place on A (column-major, leading dimension Pp =
 * P rounded up to 8; the upper triangle holds the result): for each k,
 * u_kk = sqrt(a_kk), row k of U is u_kj = a_kj * (1/u_kk) (j > k), kept
 * contiguous in r, and the trailing upper triangle takes the rank-1 update
 * a_ij -= u_ki u_kj (k < i <= j), column by column.  Every a_ij sees its k
 * terms subtracted in increasing k, independent of threads.  The rounding
 * differs from OpenBLAS's DPOTRF in the last bits (a small-P trajectory
 * change).  rdg receives 1/u_kk for small_potrs.  Returns 0, like DPOTRF's
 * info > 0, when a pivot is not > 0 (NaN included: then the matrix is not
 * positive definite). */
CLM_LS_CLONES static int small_potrf(size_t P, size_t Pp, double *restrict A, double *restrict r,
                                    double *restrict rdg) {
  for (size_t i = 0; i < Pp; i++) r[i] = 0.0;
  for (size_t k = 0; k < P; k++) {
    double akk = A[k + k * Pp];
    if (!(akk > 0.0)) return 0;
    double ukk = sqrt(akk), rk = 1.0 / ukk;
    A[k + k * Pp] = ukk;
    rdg[k] = rk;
    r[k] = 0.0; /* r_i = 0 for i <= k: see below */
    /* times the reciprocal, as LAPACK's DPOTF2 scales the row (DSCAL) */
    for (size_t j = k + 1; j < P; j++) r[j] = A[k + j * Pp] * rk;
    /* Column j takes rows k+1..j; the loop runs over whole 8-row chunks
     * from the one holding row k+1 to the one holding row j.  Rows <= k
     * (final entries of U) get x - 0*r_j = x, unchanged; rows > j lie in
     * the never-read lower triangle or padding.  (A non-finite r_j
     * would also reach row j's pivot, which then fails as it would in
     * the unchunked loop.) */
    size_t c0 = (k + 1) / 8 * 8, j = k + 1;
    for (; j + 1 < P; j += 2) { /* two columns share the loads of r */
      double *restrict col = A + j * Pp, *restrict col2 = col + Pp;
      const double rj = r[j], rj2 = r[j + 1];
      size_t ce = j / 8 * 8 + 8, ce2 = (j + 1) / 8 * 8 + 8, c = c0;
      for (; c < ce; c += 4) { /* col[c..c+4) -= r[c..c+4) rj, col2 alike */
        clm_v4d rc = ld4(r + c);
        st4(col + c, ld4(col + c) - rc * rj);
        st4(col2 + c, ld4(col2 + c) - rc * rj2);
      }
      for (; c < ce2; c += 4) st4(col2 + c, ld4(col2 + c) - ld4(r + c) * rj2);
      col[k] = rj; /* u_kj, stored after the wide loads of its chunk (r_k = 0) */
      col2[k] = rj2;
    }
    if (j < P) {
      double *restrict col = A + j * Pp;
      const double rj = r[j];
      for (size_t c = c0; c < j / 8 * 8 + 8; c += 4) st4(col + c, ld4(col + c) - ld4(r + c) * rj);
      col[k] = rj;
    }
  }
  return 1;
}

/* Solve U'U x = b in place (x holds b): U'y = b by dot products down the
 * columns of U (u_ki, k < i, is column i), then U x = y by column axpys;
 * the divisions by u_ii are products with rdg_i = 1/u_ii (small_potrf). */
CLM_LS_CLONES static void small_potrs(size_t P, size_t ld, const double *restrict U,
                                     const double *restrict rdg, double *restrict x) {
  for (size_t i = 0; i < P; i++) {
    const double *restrict ui = U + i * ld;
    double sum = x[i];
    for (size_t k = 0; k < i; k++) sum -= ui[k] * x[k];
    x[i] = sum * rdg[i];
  }
  for (size_t i = P; i-- > 0;) {
    const double *restrict ui = U + i * ld;
    double xi = x[i] * rdg[i];
    x[i] = xi;
#pragma omp simd
    for (size_t k = 0; k < i; k++) x[k] -= ui[k] * xi;
  }
}

/* The loop of cpu_factor below for small P, with the column sums of |a_ij|
 * as SIMD partial sums (reassociated: anorm may differ from the serial
 * order in the last bits, so the DPOCON fallback's rcond may too; this is
 * part of the small-P path's changed rounding). */
CLM_LS_CLONES static void small_build(size_t P, size_t Pp, const double *restrict JJ,
                                     double *restrict A, double *restrict w, double scale,
                                     double mu, double *tr_out) {
  double tr = 0.0;
  for (size_t j = 0; j < P; j++) {
    const double *restrict src = JJ + j * P;
    double *restrict dst = A + j * Pp;
    double cs = 0.0;
#pragma omp simd reduction(+ : cs)
    for (size_t i = 0; i < j; i++) {
      double a = scale * src[i];
      dst[i] = a;
      a = fabs(a);
      cs += a;
      w[i] += a;
    }
    double djj = scale * src[j];
    tr += djj;
    dst[j] = djj + mu;
    w[j] += cs + fabs(dst[j]);
  }
  *tr_out = tr;
}

/* A = scale*JJ + mu*I into s->A (upper triangle, JJ intact) and its
 * Cholesky factor in place; *anorm = ||A||_1 and *tr = trace(scale*JJ).
 * CLM_ENOTPD when A is not finite or a pivot is not > 0. */
static int build_and_factor(cpu_state *s, double scale, double mu, double *anorm_out,
                            double *tr_out) {
  const size_t P = s->P;
  s->factored = 0;
  flush_small(s);
  /* A = scale*JJ + mu*I (upper triangle) and its 1-norm, which for a
   * symmetric matrix is the largest column sum of |a_ij| over the full
   * column: the upper part of column j plus row j to the right. */
  double *restrict w = s->work;
  for (size_t j = 0; j < P; j++) w[j] = 0.0;
  double tr = 0.0;
  if (s->Pp) {
    small_build(P, s->Pp, s->JJ, s->A, w, scale, mu, &tr);
  } else {
    for (size_t j = 0; j < P; j++) {
      const double *restrict src = s->JJ + j * P;
      double *restrict dst = s->A + j * s->ld;
      double cs = 0.0;
      for (size_t i = 0; i < j; i++) {
        double a = scale * src[i];
        dst[i] = a;
        a = fabs(a);
        cs += a;
        w[i] += a; /* a_ij also sits in column i, below the diagonal */
      }
      double djj = scale * src[j];
      tr += djj;
      dst[j] = djj + mu;
      w[j] += cs + fabs(dst[j]);
    }
  }
  double anorm = 0.0;
  for (size_t j = 0; j < P; j++)
    if (!(w[j] <= anorm)) anorm = w[j]; /* NaN propagates */
  *anorm_out = anorm;
  *tr_out = tr;
  if (!isfinite(anorm)) return CLM_ENOTPD;
  if (s->Pp) {
    if (!small_potrf(P, s->Pp, s->A, s->work, s->rdg)) return CLM_ENOTPD;
  } else {
    if (clm__chol(P, s->A, s->rdg, s->cwork, s->pool) != 0) return CLM_ENOTPD;
  }
  return CLM_OK;
}

static int cpu_factor(void *state, double scale, double mu) {
  cpu_state *s = state;
  double anorm = 0.0, tr = 0.0;
  int st = build_and_factor(s, scale, mu, &anorm, &tr);
  if (st != CLM_OK) return st;
  if (!rcond_surely_ok(s, mu, tr, anorm) && !rcond_trace_ok(s, scale, mu, anorm) &&
      !rcond_bound_ok(s, anorm)) {
    double rcond = 0.0;
    lapack_int info = LAPACKE_dpocon_work(LAPACK_COL_MAJOR, 'U', (lapack_int)s->P, s->A,
                                          (lapack_int)s->ld, anorm, &rcond, s->work, s->iwork);
    if (info != 0) return CLM_EINTERNAL;
    if (!(rcond >= DBL_EPSILON)) return CLM_ENOTPD;
  }
  s->factored = 1;
  return CLM_OK;
}

/* trace(A^-1) = ||U^-1||_F^2: for small P from V = U^-1 (inv_upper_pad,
 * then small_sumsq),
 * else by clm__chol_inv_trace (X = U^-T in the lower triangle of A). */
static int cpu_trace_inv(void *state, double scale, double mu, double *trace) {
  cpu_state *s = state;
  double anorm = 0.0, tr = 0.0;
  int st = build_and_factor(s, scale, mu, &anorm, &tr);
  if (st != CLM_OK) return st;
  const size_t P = s->P;
  if (s->Pp) {
    inv_upper_pad(P, s->ld, s->A, s->V, s->work + P, s->work + 2 * P);
    *trace = small_sumsq(P, s->ld, s->V);
  } else {
    *trace = clm__chol_inv_trace(P, s->A, s->rdg, s->cwork, s->pool);
  }
  s->traced = (clm__traced){1, scale, mu, *trace};
  return CLM_OK;
}

static int cpu_solve(void *state, const double *b, double *x) {
  cpu_state *s = state;
  if (!s->factored) return CLM_EINTERNAL;
  if (x != b) memcpy(x, b, s->P * sizeof *x);
  small_potrs(s->P, s->ld, s->A, s->rdg, x);
  return CLM_OK;
}

/* The pool's threads for P > CLM_SMALL_P (J'J jobs when the buffer fills,
 * the factorisation's trailing updates); the small kernels run on the
 * caller. */
static int cpu_host_threads(const void *state) {
  const cpu_state *s = state;
  return s->pool ? clm__pool_threads(s->pool) : 1;
}

static int cpu_get_jj(void *state, double *JJ) {
  cpu_state *s = state;
  flush_small(s);
  const size_t P = s->P;
  for (size_t j = 0; j < P; j++) memcpy(JJ + j * P, s->JJ + j * P, (j + 1) * sizeof *JJ);
  return CLM_OK;
}

static int cpu_set_jj(void *state, const double *JJ, const double *JE) {
  cpu_state *s = state;
  const size_t P = s->P;
  for (size_t j = 0; j < P; j++) memcpy(s->JJ + j * P, JJ + j * P, (j + 1) * sizeof *JJ);
  memcpy(s->JE, JE, P * sizeof *JE);
  if (s->Pp) { /* later accumulation continues from the new sums */
    for (size_t j = 0; j < P; j++) memcpy(s->JJp + j * s->Pp, JJ + j * P, (j + 1) * sizeof *JJ);
    memcpy(s->JEp, JE, P * sizeof *JE);
  }
  if (s->jtj) clm__jtj_set(s->jtj, JJ, JE);
  s->pending = 0;
  s->rows_known = 0; /* a reduction from elsewhere: always run DPOCON */
  s->factored = 0;
  s->traced.valid = 0;
  return CLM_OK;
}

const clm_linsolver_type clm__linsolver_cpu = {
  .name = "cpu",
  .kind = CLM_BACKEND_CPU,
  .host_threads = cpu_host_threads,
  .available = cpu_available,
  .alloc = cpu_alloc,
  .begin = cpu_begin,
  .accumulate = cpu_accumulate,
  .end = cpu_end,
  .factor = cpu_factor,
  .solve = cpu_solve,
  .trace_inv = cpu_trace_inv,
  .get_jj = cpu_get_jj,
  .set_jj = cpu_set_jj,
  .free = cpu_free,
  .block_buffer = cpu_block_buffer,
};
