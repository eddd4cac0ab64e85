/* chaoslm tests — the CPU backend's J'J kernel (solvers/jtj.c).
 *
 * Every entry of J'J and J'e must be one chain of fused multiply-adds over
 * the rows in order, whatever the threads, the blocks and the kernel:
 *   - against an independent reference computed here, entry by entry, as
 *     c = fma(J_ri, J_rj, c) over r: equal BIT FOR BIT, for P from 65 to
 *     443 (edge tiles, the e column in every position of its panel);
 *   - against a naive long-double J'J: within 1e-13 relative;
 *   - 1, 2 and 3 threads, rows in one block or cut into blocks of 1, 13
 *     and 97, the AVX2 and the portable kernel: identical bits;
 *   - set/get round trip, zero;
 *   - trainlm through clm_train at P = 222 with 1, 2 and 3 threads:
 *     identical records and weights.
 * GPL-3.0-or-later. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chaoslm.h"
#include "jtj.h"
#include "linsolver_suite.h"

/* One accumulation of n rows in blocks of `block` rows; JJ (P x P upper)
 * and JE out. */
static int run(size_t P, size_t n, const double *J, const double *e, int threads, size_t block,
               size_t max_rows, int portable, double *JJ, double *JE) {
  clm_jtj *s = NULL;
  int st = clm__jtj_alloc(&s, P, max_rows, threads);
  if (st != CLM_OK) return st;
  clm__jtj_force_portable(s, portable);
  clm__jtj_zero(s);
  for (size_t r = 0; r < n; r += block) {
    size_t m = n - r < block ? n - r : block;
    clm__jtj_add(s, J + r * P, e + r, m);
  }
  memset(JJ, 0, P * P * sizeof *JJ);
  clm__jtj_get(s, JJ, JE);
  clm__jtj_free(s);
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

static void set_get(void) {
  const size_t P = 70;
  clm_jtj *s = NULL;
  double *A = calloc(P * P, sizeof *A), *B = calloc(P * P, sizeof *B), a[70], b[70];
  int st = A && B ? clm__jtj_alloc(&s, P, 8, 1) : CLM_ENOMEM;
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
  tap_ok(clm__jtj_alloc(&s, 0, 8, 1) == CLM_ESIZE && s == NULL, "P = 0 is CLM_ESIZE, no state");
  clm__jtj_free(s);
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

int main(void) {
  kernel_checks();
  set_get();
  train_threads();
  return tap_done();
}
