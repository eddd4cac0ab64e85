/* chaoslm tests — the CPU backend's own kernels: J'J (solvers/jtj.c) and
 * Cholesky (solvers/chol.c).
 *
 * J'J:
 * Every entry of J'J and J'e must be one chain of fused multiply-adds over
 * the rows in order, whatever the threads, the blocks and the kernel:
 *   - against an independent reference computed here, entry by entry, as
 *     c = fma(J_ri, J_rj, c) over r: equal BIT FOR BIT, for P from 65 to
 *     443 (edge tiles, the e column in every position of its panel);
 *   - against a naive long-double J'J: within 1e-13 relative;
 *   - 1, 2 and 3 threads, rows in one block or cut into blocks of 1, 13
 *     and 97, the AVX2 and the portable kernel: identical bits;
 *   - more rows than the kernel's row buffer (P = 1000, 2500 rows: three
 *     reductions), fed by copy or written in place through
 *     clm__jtj_buffer: the same bits, and sampled entries equal to their
 *     fma chains;
 *   - set/get round trip, zero;
 *   - trainlm through clm_train at P = 222 with 1, 2 and 3 threads:
 *     identical records and weights.
 * The worker pool: every item of every job exactly once, 1-4 threads.
 * Cholesky, for P = 65 .. 1000 (block edges, the parallel threshold):
 *   - U'U = A within 1e-13 relative, U against LAPACK's DPOTRF within
 *     1e-10, 1/u_kk returned;
 *   - 1, 2 and 3 threads, block sizes 48, 96 and 192, the portable
 *     tiles: identical bits; the
 *     padding of A stays zero;
 *   - a matrix that is not positive definite: the same failing minor as
 *     DPOTRF's info.
 * The trace of the inverse from the factor (clm__chol_inv_trace, trainbr),
 * for P = 65 .. 1000 (block edges, the parallel threshold):
 *   - against LAPACK's DPOTRI inverse from DPOTRF's factor: within 1e-12;
 *   - the X = U^-T it leaves in the lower triangle: U'X = I within 1e-12
 *     (long double residual, P <= 143);
 *   - 1, 2 and 3 threads, the portable tiles: identical trace and X bits;
 *     U untouched, padding zero; blocks of 96 and 192: identical X bits,
 *     the trace within 1e-14 (its squares are grouped by block).
 * GPL-3.0-or-later. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chaoslm.h"
#include <lapacke.h>
#include "chol.h"
#include "jtj.h"
#include "pool.h"
#include "linsolver_suite.h"

/* One accumulation of n rows in blocks of `block` rows; JJ (P x P upper)
 * and JE out. */
static int run(size_t P, size_t n, const double *J, const double *e, int threads, size_t block,
               size_t max_rows, int portable, double *JJ, double *JE) {
  clm_jtj *s = NULL;
  clm_pool *pool = NULL;
  int st = clm__pool_create(&pool, threads);
  if (st == CLM_OK) st = clm__jtj_alloc(&s, P, max_rows, pool);
  if (st != CLM_OK) {
    clm__pool_free(pool);
    return st;
  }
  clm__jtj_force_portable(s, portable);
  clm__jtj_zero(s);
  for (size_t r = 0; r < n; r += block) {
    size_t m = n - r < block ? n - r : block;
    clm__jtj_add(s, J + r * P, e + r, m);
  }
  memset(JJ, 0, P * P * sizeof *JJ);
  clm__jtj_get(s, JJ, JE);
  clm__jtj_free(s);
  clm__pool_free(pool);
  return CLM_OK;
}

static void kernel_checks(void) {
  const size_t Ps[] = {65, 100, 101, 102, 103, 222, 443}, n = 700;
  for (size_t c = 0; c < sizeof Ps / sizeof Ps[0]; c++) {
    const size_t P = Ps[c];
    suite_prob p;
    if (suite_prob_make(&p, n, P, 900 + P, P) != 0) {
      tap_ok(0, "P=%zu: out of memory", P);
      continue;
    }
    double *JJ = malloc(P * P * sizeof *JJ), *JE = malloc(P * sizeof *JE);
    double *JJ2 = malloc(P * P * sizeof *JJ2), *JE2 = malloc(P * sizeof *JE2);
    /* the fma-chain reference, entry by entry */
    double *R = malloc(P * P * sizeof *R), *RE = malloc(P * sizeof *RE);
    for (size_t j = 0; j < P; j++) {
      for (size_t i = 0; i <= j; i++) {
        double acc = 0.0;
        for (size_t r = 0; r < n; r++) acc = fma(p.J[r * P + i], p.J[r * P + j], acc);
        R[i + j * P] = acc;
      }
      double acc = 0.0;
      for (size_t r = 0; r < n; r++) acc = fma(p.J[r * P + j], p.e[r], acc);
      RE[j] = acc;
    }
    int st = run(P, n, p.J, p.e, 1, n, n, 0, JJ, JE);
    int same = st == CLM_OK && !memcmp(JE, RE, P * sizeof *JE);
    for (size_t j = 0; same && j < P; j++) same = !memcmp(JJ + j * P, R + j * P, (j + 1) * sizeof *JJ);
    tap_ok(same, "P=%zu n=%zu: J'J and J'e = one fma chain per entry in row order, bit for bit",
           P, n);
    tap_ok(st == CLM_OK && suite_relerr_upper(JJ, p.JJ, P) < 1e-13 &&
               suite_relerr(JE, p.JE, P) < 1e-13,
           "P=%zu: against a naive long-double J'J %.1e, J'e %.1e", P,
           suite_relerr_upper(JJ, p.JJ, P), suite_relerr(JE, p.JE, P));
    /* threads x blocks x kernel */
    const struct { int threads; size_t block, max_rows; int portable; } v[] = {
      {2, n, n, 0}, {3, n, n, 0}, {2, 97, 97, 0}, {1, 13, 13, 0}, {3, 1, 64, 0},
      {2, 200, 64, 0}, {1, n, n, 1}, {2, 97, 97, 1}};
    int all = 1;
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
      st = run(P, n, p.J, p.e, v[k].threads, v[k].block, v[k].max_rows, v[k].portable, JJ2, JE2);
      int eq = st == CLM_OK && !memcmp(JE2, JE, P * sizeof *JE);
      for (size_t j = 0; eq && j < P; j++) eq = !memcmp(JJ2 + j * P, JJ + j * P, (j + 1) * sizeof *JJ);
      if (!eq) {
        tap_diag("P=%zu: threads %d, blocks of %zu (max %zu), %s kernel differ", P, v[k].threads,
                 v[k].block, v[k].max_rows, v[k].portable ? "portable" : "fastest");
        all = 0;
      }
    }
    tap_ok(all, "P=%zu: 1-3 threads, blocks of 1..%zu rows, AVX2 and portable kernels: same bits",
           P, n);
    free(R);
    free(RE);
    free(JJ);
    free(JE);
    free(JJ2);
    free(JE2);
    suite_prob_free(&p);
  }
}

/* The CPU backend's small kernel (P <= 64): with more than one thread it
 * splits J'J's 8-column blocks between threads once a block of rows is
 * worth a parallel region (3000 rows: P = 31 and up).  Every entry must
 * still be one multiply-then-add chain over the rows in order: the same
 * bits as that chain written out here, for 1, 2, 3 and 5 threads and for
 * any cut of the rows into blocks. */
static void small_checks(void) {
  const size_t Ps[] = {8, 31, 44, 64}, n = 3000;
  const clm_linsolver_type *t = &clm__linsolver_cpu;
  for (size_t c = 0; c < sizeof Ps / sizeof Ps[0]; c++) {
    const size_t P = Ps[c];
    suite_prob p;
    double *JJ = malloc(P * P * sizeof *JJ), *JE = malloc(P * sizeof *JE);
    double *R = malloc(P * P * sizeof *R), *RE = malloc(P * sizeof *RE);
    if (!JJ || !JE || !R || !RE || suite_prob_make(&p, n, P, 1200 + P, P) != 0) {
      tap_ok(0, "small P=%zu: out of memory", P);
      free(JJ), free(JE), free(R), free(RE);
      continue;
    }
    for (size_t j = 0; j < P; j++) {
      for (size_t i = 0; i <= j; i++) {
        double acc = 0.0;
        for (size_t r = 0; r < n; r++) acc += p.J[r * P + i] * p.J[r * P + j];
        R[i + j * P] = acc;
      }
      double acc = 0.0;
      for (size_t r = 0; r < n; r++) acc += p.J[r * P + j] * p.e[r];
      RE[j] = acc;
    }
    const struct { int threads; size_t block; } v[] = {{1, n}, {2, n}, {3, n}, {5, n}, {2, 97},
                                                       {3, 1024}};
    int all = 1;
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
      void *st = NULL;
      int s1 = t->alloc(&st, P, v[k].block, v[k].threads);
      if (s1 == CLM_OK) s1 = t->begin(st);
      for (size_t r = 0; s1 == CLM_OK && r < n; r += v[k].block) {
        size_t m = n - r < v[k].block ? n - r : v[k].block;
        s1 = t->accumulate(st, p.J + r * P, p.e + r, m, P);
      }
      if (s1 == CLM_OK) s1 = t->end(st, JE, NULL);
      if (s1 == CLM_OK) s1 = t->get_jj(st, JJ);
      int eq = s1 == CLM_OK && !memcmp(JE, RE, P * sizeof *JE);
      for (size_t j = 0; eq && j < P; j++) eq = !memcmp(JJ + j * P, R + j * P, (j + 1) * sizeof *JJ);
      if (!eq) {
        tap_diag("small P=%zu: %d threads, blocks of %zu rows differ (%s)", P, v[k].threads,
                 v[k].block, clm_status_name(s1));
        all = 0;
      }
      if (st) t->free(st);
    }
    tap_ok(all, "small P=%zu, %zu rows: 1-5 threads, blocks of 97..%zu rows: J'J and J'e = one "
           "multiply-add chain per entry in row order, bit for bit", P, n, n);
    free(JJ), free(JE), free(R), free(RE);
    suite_prob_free(&p);
  }
}

/* More rows than the row buffer (about 8 MiB: 1048 rows at P = 1000). */
static void buffer_checks(void) {
  const size_t P = 1000, n = 2500;
  double *J = malloc(n * P * sizeof *J), *e = malloc(n * sizeof *e);
  double *JJ[3], *JE[3];
  suite_rng r = {2024};
  for (size_t i = 0; J && i < n * P; i++) J[i] = suite_unif(&r);
  for (size_t i = 0; e && i < n; i++) e[i] = suite_unif(&r);
  int st = J && e ? CLM_OK : CLM_ENOMEM;
  for (int k = 0; k < 3; k++) {
    JJ[k] = malloc(P * P * sizeof(double));
    JE[k] = malloc(P * sizeof(double));
    if (!JJ[k] || !JE[k]) st = CLM_ENOMEM;
  }
  /* 0: one add of everything, 1 thread; 1: blocks of 97 copied, 2 threads;
   * 2: blocks of 131 written in place, 3 threads */
  for (int k = 0; k < 3 && st == CLM_OK; k++) {
    clm_jtj *s = NULL;
    clm_pool *pool = NULL;
    st = clm__pool_create(&pool, k + 1);
    if (st == CLM_OK) st = clm__jtj_alloc(&s, P, k == 2 ? 131 : 97, pool);
    if (st != CLM_OK) {
      clm__pool_free(pool);
      break;
    }
    clm__jtj_zero(s);
    size_t blk = k == 0 ? n : k == 1 ? 97 : 131;
    for (size_t r0 = 0; r0 < n; r0 += blk) {
      size_t m = n - r0 < blk ? n - r0 : blk;
      if (k == 2) {
        double *bJ, *be;
        clm__jtj_buffer(s, m, &bJ, &be);
        if (!bJ) {
          st = CLM_EINTERNAL;
          break;
        }
        memcpy(bJ, J + r0 * P, m * P * sizeof *J);
        memcpy(be, e + r0, m * sizeof *e);
        clm__jtj_add(s, bJ, be, m);
      } else {
        clm__jtj_add(s, J + r0 * P, e + r0, m);
      }
    }
    clm__jtj_get(s, JJ[k], JE[k]);
    clm__jtj_free(s);
    clm__pool_free(pool);
  }
  int same = st == CLM_OK;
  for (int k = 1; same && k < 3; k++) {
    same = !memcmp(JE[k], JE[0], P * sizeof(double));
    for (size_t j = 0; same && j < P; j++)
      same = !memcmp(JJ[k] + j * P, JJ[0] + j * P, (j + 1) * sizeof(double));
  }
  tap_ok(same, "P=%zu, %zu rows (more than the row buffer): copied, in place, 1-3 threads: same "
               "bits (%s)", P, n, clm_status_name(st));
  int chain = st == CLM_OK;
  for (int q = 0; chain && q < 200; q++) {
    size_t j = (size_t)(q * 7919) % P, i = (size_t)(q * 104729) % (j + 1);
    double acc = 0.0, ae = 0.0;
    for (size_t rr = 0; rr < n; rr++) {
      acc = fma(J[rr * P + i], J[rr * P + j], acc);
      ae = fma(J[rr * P + j], e[rr], ae);
    }
    chain = acc == JJ[0][i + j * P] && ae == JE[0][j];
  }
  tap_ok(chain, "P=%zu: 200 sampled entries of J'J and J'e equal their fma chains", P);
  for (int k = 0; k < 3; k++) {
    free(JJ[k]);
    free(JE[k]);
  }
  free(J);
  free(e);
}

static void set_get(void) {
  const size_t P = 70;
  clm_jtj *s = NULL;
  double *A = calloc(P * P, sizeof *A), *B = calloc(P * P, sizeof *B), a[70], b[70];
  int st = A && B ? clm__jtj_alloc(&s, P, 8, NULL) : CLM_ENOMEM;
  suite_rng r = {3};
  for (size_t j = 0; j < P; j++) {
    for (size_t i = 0; i <= j; i++) A[i + j * P] = suite_unif(&r);
    a[j] = suite_unif(&r);
  }
  if (st == CLM_OK) {
    clm__jtj_set(s, A, a);
    clm__jtj_get(s, B, b);
  }
  tap_ok(st == CLM_OK && suite_relerr_upper(B, A, P) == 0 && !memcmp(a, b, sizeof a),
         "set then get returns the upper triangle and J'e");
  if (st == CLM_OK) {
    clm__jtj_zero(s);
    clm__jtj_get(s, B, b);
  }
  double mx = 0;
  for (size_t j = 0; j < P; j++) {
    mx = fmax(mx, fabs(b[j]));
    for (size_t i = 0; i <= j; i++) mx = fmax(mx, fabs(B[i + j * P]));
  }
  tap_ok(st == CLM_OK && mx == 0, "zero clears the sums");
  clm__jtj_free(s);
  clm_jtj *none = NULL;
  tap_ok(clm__jtj_alloc(&none, 0, 8, NULL) == CLM_ESIZE && none == NULL,
         "P = 0 is CLM_ESIZE, no state");
  clm__jtj_free(none);
  free(A);
  free(B);
}

/* trainlm at P = 222 (the jtj path) with 1, 2 and 3 threads. */
static void train_threads(void) {
  clm_record rec[3];
  double *wb[3] = {NULL, NULL, NULL};
  int st[3];
  size_t P = 0;
  for (int k = 0; k < 3; k++) {
    clm_record_init(&rec[k]);
    double *X = malloc(8 * 400 * sizeof *X), *T = malloc(2 * 400 * sizeof *T);
    suite_rng r = {77};
    for (size_t q = 0; q < 400; q++) {
      double sum = 0;
      for (size_t i = 0; i < 8; i++) sum += (X[q * 8 + i] = suite_unif(&r));
      T[q * 2] = sin(sum);
      T[q * 2 + 1] = cos(X[q * 8] * X[q * 8 + 1]);
    }
    clm_net *net = NULL;
    size_t h[] = {20};
    st[k] = clm_feedforwardnet(&net, 1, h);
    if (st[k] == CLM_OK) st[k] = clm_configure(net, X, 8, T, 2, 400, 5);
    clm_trainparam p = clm_trainparam_default(clm_trainlm);
    p.epochs = 25;
    p.seed = 5;
    p.threads = k + 1;
    p.show = 0;
    p.backend = CLM_BACKEND_CPU;
    if (st[k] == CLM_OK) st[k] = clm_train(net, clm_trainlm, X, T, 400, &p, &rec[k]);
    if (st[k] == CLM_OK) {
      P = clm_net_num_weights(net);
      wb[k] = malloc(P * sizeof *wb[k]);
      if (wb[k]) clm_getwb(net, wb[k]);
    }
    clm_net_free(net);
    free(X);
    free(T);
  }
  int same = st[0] == CLM_OK && st[1] == CLM_OK && st[2] == CLM_OK && P == 222;
  for (int k = 1; same && k < 3; k++)
    same = suite_record_diff(&rec[k], &rec[0]) == 0 && wb[k] && wb[0] &&
           !memcmp(wb[k], wb[0], P * sizeof *wb[0]);
  tap_ok(same, "trainlm 8-20-2 (P=%zu), 25 epochs with 1, 2, 3 threads: identical records and "
               "weights", P);
  for (int k = 0; k < 3; k++) {
    clm_record_free(&rec[k]);
    free(wb[k]);
  }
}

/* ------------------------------------------------------------ pool */

typedef struct pool_check {
  unsigned char *hit;
  size_t n;
} pool_check;
static void pool_item(void *arg, size_t k) {
  pool_check *c = arg;
  if (k < c->n) c->hit[k]++;
}

/* Every item exactly once, for 1-4 threads and many jobs in a row (each
 * job's items visible to the caller when run returns). */
static void pool_checks(void) {
  int ok = 1;
  for (int th = 1; th <= 4 && ok; th++) {
    clm_pool *p = NULL;
    if (clm__pool_create(&p, th) != CLM_OK || clm__pool_threads(p) != th) {
      ok = 0;
      clm__pool_free(p);
      break;
    }
    for (size_t job = 0; job < 2000 && ok; job++) {
      size_t n = job % 37;
      unsigned char hit[37] = {0};
      pool_check c = {hit, n};
      clm__pool_run(p, n, pool_item, &c);
      for (size_t k = 0; k < n; k++) ok &= hit[k] == 1;
    }
    clm__pool_free(p);
  }
  clm_pool *idle = NULL;
  int st = clm__pool_create(&idle, 3);
  clm__pool_free(idle); /* created and freed without a job */
  tap_ok(ok && st == CLM_OK, "pool: 1-4 threads, 2000 jobs of 0-36 items: every item exactly once");
}

/* ------------------------------------------------------------ Cholesky */

/* A = B'B/n + 0.1 I (P x P, upper, leading dimension ld, zero padding). */
static double *chol_matrix(size_t P, size_t ld, uint64_t seed) {
  size_t n = P + 20;
  double *B = malloc(n * P * sizeof *B), *A = calloc(ld * ld, sizeof *A);
  if (!B || !A) {
    free(B);
    free(A);
    return NULL;
  }
  suite_rng r = {seed};
  for (size_t i = 0; i < n * P; i++) B[i] = suite_unif(&r);
  for (size_t j = 0; j < P; j++)
    for (size_t i = 0; i <= j; i++) {
      long double acc = 0;
      for (size_t k = 0; k < n; k++) acc += (long double)B[k * P + i] * B[k * P + j];
      A[i + j * ld] = (double)(acc / n) + (i == j ? 0.1 : 0.0);
    }
  free(B);
  return A;
}

static void chol_checks(void) {
  const size_t Ps[] = {65, 100, 143, 500, 1000};
  for (size_t c = 0; c < sizeof Ps / sizeof Ps[0]; c++) {
    const size_t P = Ps[c], ld = clm__chol_ld(P);
    double *A0 = chol_matrix(P, ld, 31 + P);
    double *U[3] = {malloc(ld * ld * sizeof(double)), malloc(ld * ld * sizeof(double)),
                    malloc(ld * ld * sizeof(double))};
    double *L = malloc(P * P * sizeof *L), *rdg = malloc(ld * sizeof *rdg);
    double *work = aligned_alloc(64, (clm__chol_work(P) * sizeof(double) + 63) / 64 * 64);
    if (!A0 || !U[0] || !U[1] || !U[2] || !L || !rdg || !work) {
      tap_ok(0, "chol P=%zu: out of memory", P);
      goto next;
    }
    size_t ret[3];
    for (int k = 0; k < 3; k++) { /* 1 thread; 2 threads, blocks of 96; 3 threads,
                                     portable tiles, blocks of 192 */
      clm_pool *pool = NULL;
      memcpy(U[k], A0, ld * ld * sizeof(double));
      ret[k] = clm__pool_create(&pool, k + 1) == CLM_OK
                   ? clm__chol_kernel(P, U[k], rdg, work, pool, k == 2,
                                      k == 0 ? 0 : k == 1 ? 96 : 192)
                   : 1;
      clm__pool_free(pool);
    }
    /* U'U against A, and U against DPOTRF */
    double emax = 0, amax = 0, dmax = 0, umax = 0, rmax = 0;
    for (size_t j = 0; j < P; j++)
      for (size_t i = 0; i <= j; i++) L[i + j * P] = A0[i + j * ld];
    lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'U', (lapack_int)P, L, (lapack_int)P);
    for (size_t j = 0; j < P; j++) {
      rmax = fmax(rmax, fabs(rdg[j] * U[0][j + j * ld] - 1.0));
      for (size_t i = 0; i <= j; i++) {
        long double acc = 0;
        for (size_t k = 0; k <= i; k++) acc += (long double)U[0][k + i * ld] * U[0][k + j * ld];
        emax = fmax(emax, fabs((double)acc - A0[i + j * ld]));
        amax = fmax(amax, fabs(A0[i + j * ld]));
        dmax = fmax(dmax, fabs(U[0][i + j * ld] - L[i + j * P]));
        umax = fmax(umax, fabs(L[i + j * P]));
      }
    }
    tap_ok(ret[0] == 0 && info == 0 && emax / amax < 1e-13 && dmax / umax < 1e-10 && rmax < 1e-15,
           "chol P=%zu: U'U = A (rel %.1e), U = DPOTRF's U (rel %.1e), 1/u_kk (%.1e)", P,
           emax / amax, dmax / umax, rmax);
    int same = ret[1] == 0 && ret[2] == 0;
    for (int k = 1; same && k < 3; k++)
      for (size_t j = 0; same && j < P; j++)
        same = !memcmp(U[k] + j * ld, U[0] + j * ld, (j + 1) * sizeof(double));
    int pad = 1;
    for (size_t j = 0; j < ld; j++)
      for (size_t i = 0; i < ld; i++)
        if ((i >= P || j >= P) && U[2][i + j * ld] != 0.0) pad = 0;
    tap_ok(same && pad,
           "chol P=%zu: 1-3 threads, blocks of 48-192, portable tiles: same bits; padding zero", P);
    /* not positive definite: a_kk of a middle pivot made negative enough */
    size_t kbad = P / 2;
    memcpy(U[0], A0, ld * ld * sizeof(double));
    U[0][kbad + kbad * ld] = -1.0;
    for (size_t j = 0; j < P; j++)
      for (size_t i = 0; i <= j; i++) L[i + j * P] = U[0][i + j * ld];
    size_t r = clm__chol(P, U[0], rdg, work, NULL);
    info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'U', (lapack_int)P, L, (lapack_int)P);
    tap_ok(r > 0 && (lapack_int)r == info, "chol P=%zu: not positive definite at minor %zu (DPOTRF "
           "info %d)", P, r, (int)info);
  next:
    free(A0);
    for (int k = 0; k < 3; k++) free(U[k]);
    free(L);
    free(rdg);
    free(work);
  }
}

/* ------------------------------------------------------------ trace of A^-1 */

static void chol_inv_checks(void) {
  const size_t Ps[] = {65, 100, 143, 500, 1000};
  for (size_t c = 0; c < sizeof Ps / sizeof Ps[0]; c++) {
    const size_t P = Ps[c], ld = clm__chol_ld(P);
    double *A0 = chol_matrix(P, ld, 77 + P);
    double *U0 = malloc(ld * ld * sizeof(double)), *rdg = malloc(ld * sizeof *rdg);
    double *F[3] = {malloc(ld * ld * sizeof(double)), malloc(ld * ld * sizeof(double)),
                    malloc(ld * ld * sizeof(double))};
    double *L = malloc(P * P * sizeof *L);
    size_t wn = clm__chol_work(P) > clm__chol_inv_work(P) ? clm__chol_work(P) : clm__chol_inv_work(P);
    double *work = aligned_alloc(64, (wn * sizeof(double) + 63) / 64 * 64);
    if (!A0 || !U0 || !rdg || !F[0] || !F[1] || !F[2] || !L || !work) {
      tap_ok(0, "chol_inv P=%zu: out of memory", P);
      goto next;
    }
    memcpy(U0, A0, ld * ld * sizeof(double));
    size_t bad = clm__chol(P, U0, rdg, work, NULL);
    double tr[3], trb[2];
    for (int k = 0; k < 3; k++) { /* threads 1-3, the portable tiles with 3 */
      clm_pool *pool = NULL;
      memcpy(F[k], U0, ld * ld * sizeof(double));
      tr[k] = clm__pool_create(&pool, k + 1) == CLM_OK
                  ? clm__chol_inv_kernel(P, F[k], rdg, work, pool, k == 2, 0)
                  : NAN;
      clm__pool_free(pool);
    }
    double *G = malloc(ld * ld * sizeof(double));
    int same_x_blocks = G != NULL;
    for (int k = 0; k < 2 && G; k++) { /* blocks of 96 and 192: X's bits, the trace's rounding */
      memcpy(G, U0, ld * ld * sizeof(double));
      trb[k] = clm__chol_inv_kernel(P, G, rdg, work, NULL, 0, k ? 192 : 96);
      for (size_t j = 0; j < P; j++)
        if (memcmp(G + j * ld + j + 1, F[0] + j * ld + j + 1, (P - j - 1) * sizeof(double)))
          same_x_blocks = 0;
    }
    free(G);
    /* LAPACK: DPOTRF, DPOTRI, the trace of the inverse */
    for (size_t j = 0; j < P; j++)
      for (size_t i = 0; i <= j; i++) L[i + j * P] = A0[i + j * ld];
    lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'U', (lapack_int)P, L, (lapack_int)P);
    if (info == 0) info = LAPACKE_dpotri_work(LAPACK_COL_MAJOR, 'U', (lapack_int)P, L, (lapack_int)P);
    double ref = 0;
    for (size_t j = 0; j < P; j++) ref += L[j + j * P];
    double rel = fabs(tr[0] - ref) / ref;
    tap_ok(bad == 0 && info == 0 && rel < 1e-12,
           "chol_inv P=%zu: trace(A^-1) = %.15g, DPOTRI's %.15g (rel %.1e)", P, tr[0], ref, rel);
    if (P <= 143) {
      /* (U'X)_ic = sum_{k=c}^{i} u_ki x_kc, x_kk = 1/u_kk (rdg) */
      double res = 0;
      for (size_t i = 0; i < P; i++)
        for (size_t cc = 0; cc <= i; cc++) {
          long double acc = 0;
          for (size_t k = cc; k <= i; k++) {
            double x = k == cc ? rdg[k] : F[0][k + cc * ld];
            acc += (long double)U0[k + i * ld] * x;
          }
          res = fmax(res, fabs((double)acc - (i == cc ? 1.0 : 0.0)));
        }
      tap_ok(res < 1e-12, "chol_inv P=%zu: X = U^-T in the lower triangle, |U'X - I| %.1e", P, res);
    }
    int same = tr[1] == tr[0] && tr[2] == tr[0], untouched = 1, pad = 1;
    for (int k = 0; k < 3; k++)
      for (size_t j = 0; j < ld; j++)
        for (size_t i = 0; i < ld; i++) {
          double v = F[k][i + j * ld];
          if (i >= P || j >= P) {
            if (v != 0.0) pad = 0;
          } else if (i <= j) {
            if (memcmp(&v, &U0[i + j * ld], sizeof v)) untouched = 0;
          } else if (k > 0 && memcmp(&v, &F[0][i + j * ld], sizeof v)) {
            same = 0;
          }
        }
    tap_ok(same && untouched && pad,
           "chol_inv P=%zu: 1-3 threads, portable tiles: same bits (trace, X); U untouched, "
           "padding zero", P);
    double db = fmax(fabs(trb[0] - tr[0]), fabs(trb[1] - tr[0])) / tr[0];
    tap_ok(same_x_blocks && db < 1e-14,
           "chol_inv P=%zu: blocks of 96 and 192: the same X bits, trace within %.1e", P, db);
  next:
    free(A0);
    free(U0);
    free(rdg);
    for (int k = 0; k < 3; k++) free(F[k]);
    free(L);
    free(work);
  }
}

int main(void) {
  pool_checks();
  kernel_checks();
  small_checks();
  buffer_checks();
  chol_checks();
  chol_inv_checks();
  set_get();
  train_threads();
  return tap_done();
}
