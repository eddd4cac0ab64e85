/* chaoslm benchmark — J'J accumulation (clm_jejj) against the machine's
 * dgemm rate, measured in the same run.
 *
 * Problem: an 8-40-2 network (P = 442 weights) on 2000 samples, so
 * M = 4000 Jacobian rows.  clm_jejj produces J in row blocks and
 * accumulates J'J (upper triangle, cblas_dsyrk) and J'e.  Its useful work is
 * counted as the syrk's P*(P+1)*M flops.  The reference is cblas_dgemm on
 * the same-size product (P x M times M x P, 2*P*P*M flops), i.e. what the
 * BLAS reaches on this shape; a ratio near 0.5 would mean clm_jejj runs at
 * the speed of a full (non-symmetric) product of J'J.
 *
 * Also reported, to split the time: J production alone (clm__eval_jacobian
 * with a sink that does nothing) and the bare dsyrk on a stored J.
 * Each figure is the best of `repeats` runs (default 20).  Threads t: our
 * OpenMP threads (threads argument) and the OpenBLAS thread count are both
 * set to t.
 *
 * GPL-3.0-or-later. */
#include "config.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cblas.h>
#include "net_internal.h"
#include "bench_util.h"

static double now(void) { return bench_now(); }

static uint64_t st_ = 12345;
static double urand(void) { return splitmix_uniform(&st_) * 2.0 - 1.0; }

static int null_sink(void *s, const double *J, const double *e, size_t m, size_t P) {
  (void)J;
  (void)e;
  *(double *)s += (double)(m * P);
  return 0;
}

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 20;
  if (reps < 1) reps = 1;
  const size_t R = 8, O = 2, Q = 2000, H = 40;
  double *X = malloc(R * Q * sizeof *X), *T = malloc(O * Q * sizeof *T);
  for (size_t q = 0; q < Q; q++) {
    double s = 0.0;
    for (size_t i = 0; i < R; i++) s += (X[q * R + i] = urand());
    T[q * O] = sin(s);
    T[q * O + 1] = s * s;
  }
  clm_net *net = NULL;
  int st = clm_feedforwardnet(&net, 1, &H);
  if (!st) st = clm_configure(net, X, R, T, O, Q, 1);
  if (st) {
    fprintf(stderr, "setup failed: %s\n", clm_strerror(st));
    return 1;
  }
  size_t P = clm_net_num_weights(net), M = Q * O;
  double *JJ = malloc(P * P * sizeof *JJ), *JE = malloc(P * sizeof *JE);
  double *J = malloc(M * P * sizeof *J), *C = malloc(P * P * sizeof *C);
  for (size_t i = 0; i < M * P; i++) J[i] = urand();
  double *Xp = malloc(R * Q * sizeof *Xp);
  unsigned char *skip = malloc(Q);
  clm__data_prepare(net, X, Q, Xp, skip);
  clm_data d = {Q, Xp, T, skip};
  double syrk_flops = (double)P * (double)(P + 1) * (double)M;
  double gemm_flops = 2.0 * (double)P * (double)P * (double)M;

  printf("bench_jacobian: 8-40-2 network, P = %zu, Q = %zu, M = %zu rows, best of %d\n", P, Q, M, reps);
  printf("%-7s %12s %10s %12s %10s %10s %12s %12s\n", "threads", "dgemm ms", "GFLOP/s", "clm_jejj ms",
         "GFLOP/s", "ratio", "J only ms", "dsyrk ms");
  for (int t = 1; t <= 2; t++) {
    bench_blas_threads(t);
    double best_gemm = 1e30, best_jejj = 1e30, best_j = 1e30, best_syrk = 1e30;
    clm_evalws *ws = NULL;
    clm__evalws_alloc(&ws, net, Q, t);
    for (int r = 0; r < reps; r++) {
      double t0 = now();
      cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, (int)P, (int)P, (int)M, 1.0, J, (int)P, J,
                  (int)P, 0.0, C, (int)P);
      double t1 = now();
      double sse;
      size_t n;
      clm_jejj(net, X, T, Q, JJ, JE, &sse, &n, t);
      double t2 = now();
      double dummy = 0.0;
      clm__eval_jacobian(ws, net, net->wb, &d, NULL, Q, null_sink, &dummy, &sse, &n);
      double t3 = now();
      cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, (int)P, (int)M, 1.0, J, (int)P, 0.0, C, (int)P);
      double t4 = now();
      if (t1 - t0 < best_gemm) best_gemm = t1 - t0;
      if (t2 - t1 < best_jejj) best_jejj = t2 - t1;
      if (t3 - t2 < best_j) best_j = t3 - t2;
      if (t4 - t3 < best_syrk) best_syrk = t4 - t3;
    }
    clm__evalws_free(ws);
    double g_gemm = gemm_flops / best_gemm * 1e-9, g_jejj = syrk_flops / best_jejj * 1e-9;
    printf("%-7d %12.3f %10.2f %12.3f %10.2f %10.3f %12.3f %12.3f\n", t, best_gemm * 1e3, g_gemm,
           best_jejj * 1e3, g_jejj, g_jejj / g_gemm, best_j * 1e3, best_syrk * 1e3);
  }
  printf("ratio = clm_jejj GFLOP/s (syrk flops P(P+1)M) / dgemm GFLOP/s (2P^2M flops)\n");
  free(X);
  free(T);
  free(JJ);
  free(JE);
  free(J);
  free(C);
  free(Xp);
  free(skip);
  clm_net_free(net);
  return 0;
}
