/* chaoslm — trainlm speed: ms per epoch against a roofline measured in the
 * same run (built by `make`, never run by `make check`).
 *
 * Problems (all samples are training samples, dividetrain; seeds fixed):
 *   sinfit  1-10-1,   Q = 200:    x = linspace(-1,1,200),
 *                                 t = sin(2*pi*x) + 0.5*x^2
 *   wide    8-40-2,   Q = 2000:   x uniform on [-1,1]^8,
 *   large   16-64-2,  Q = 20000:  x uniform on [-1,1]^16,
 *   huge    8-40-2,   Q = 1e6:    as wide, one million samples
 * with, for wide/large/huge (R inputs, s = sum_i x_i / sqrt(R)),
 *   t1 = sin(2 s) + 0.3 x_1 x_2,   t2 = tanh(x_R - x_1) + 0.2 cos(3 x_2).
 *
 * For each problem and for 1 and 2 threads (OpenMP evaluation threads and
 * OpenBLAS threads both set to T), trainlm runs a fixed number of epochs;
 * ms/epoch is (time[E] - time[0]) / E from the record, so setup and the
 * epoch-0 Jacobian are excluded; the median of the per-epoch times (from
 * the same record) is printed too, as it is robust against preemption on a
 * shared machine.  The roofline, measured right after at the
 * same thread count, is what an epoch cannot avoid:
 *   one DSYRK J'J over n = Q*outputs rows (1024-row blocks, beta = 1, as the
 *   trainer accumulates), one DGEMV J'e over the same blocks, one DPOTRF +
 *   DPOTRS of size P, and (trials per epoch) forward passes over the Q
 *   samples (clm__eval_sse), trials as measured in the training run.
 * Each roofline part is the best of 3 (of 1 for the J'J of huge-N).  What the ratio leaves out is mainly
 * computing J itself (backpropagation per row block) and the extra
 * factorisations of rejected trials.  Peak RSS (getrusage) is printed for
 * the huge-N case, run last.  Each line ends with the final training
 * performance in hex (perf[E] %a), a fingerprint of the trajectory: it must
 * not change with T, nor between commits unless a change says so.
 *
 * Usage: bench_train [--quick] [--case sinfit|wide|large|huge|all]
 *   --quick: fewer epochs and no huge case (a smoke run).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <cblas.h>
#include <lapacke.h>
#include "chaoslm.h"
#include "net_internal.h"
#include "bench_util.h"

#ifdef HAVE_OPENBLAS_SET_NUM_THREADS
void openblas_set_num_threads(int);
#endif

static double now(void) { return bench_now(); }

static uint64_t rs = 0x9E3779B97F4A7C15ULL;
static double urand(void) { return bench_xorshift(&rs); }

typedef struct bcase {
  const char *name;
  size_t R, H, O, Q, epochs, quick_epochs;
} bcase;

static void make_data(const bcase *c, double *X, double *T) {
  if (c->R == 1) {
    for (size_t q = 0; q < c->Q; q++) {
      double x = -1.0 + 2.0 * (double)q / (double)(c->Q - 1);
      X[q] = x;
      T[q] = sin(2.0 * M_PI * x) + 0.5 * x * x;
    }
    return;
  }
  for (size_t q = 0; q < c->Q; q++) {
    double *x = X + q * c->R, s = 0;
    for (size_t i = 0; i < c->R; i++) {
      x[i] = 2.0 * urand() - 1.0;
      s += x[i];
    }
    s /= sqrt((double)c->R);
    T[q * 2] = sin(2 * s) + 0.3 * x[0] * x[1];
    T[q * 2 + 1] = tanh(x[c->R - 1] - x[0]) + 0.2 * cos(3 * x[1]);
  }
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void set_threads(int t) {
#ifdef HAVE_OPENBLAS_SET_NUM_THREADS
  openblas_set_num_threads(t);
#else
  (void)t;
#endif
}

/* Roofline parts in seconds: syrk+gemv over n rows, potrf+potrs, one forward pass. */
static void roofline(const clm_net *net, const double *X, const double *T, size_t Q, int threads,
                     double *t_syrk, double *t_chol, double *t_fwd) {
  const size_t P = net->n_wb, n = Q * net->n_outputs, B = n < 1024 ? n : 1024;
  double *J = malloc(B * P * sizeof *J), *e = malloc(B * sizeof *e);
  double *JJ = calloc(P * P, sizeof *JJ), *A = malloc(P * P * sizeof *A), *JE = calloc(P, sizeof *JE);
  for (size_t i = 0; i < B * P; i++) J[i] = urand() - 0.5;
  for (size_t i = 0; i < B; i++) e[i] = urand() - 0.5;
  *t_syrk = *t_chol = *t_fwd = INFINITY;
  const int reps = n > 100000 ? 1 : 3; /* huge-N: one pass is seconds long */
  for (int rep = 0; rep < reps; rep++) {
    double t0 = now();
    for (size_t r = 0; r < n; r += B) {
      size_t m = n - r < B ? n - r : B;
      cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, (int)P, (int)m, 1.0, J, (int)P, 1.0, JJ, (int)P);
      cblas_dgemv(CblasColMajor, CblasNoTrans, (int)P, (int)m, 1.0, J, (int)P, e, 1, 1.0, JE, 1);
    }
    double t1 = now() - t0;
    if (t1 < *t_syrk) *t_syrk = t1;
  }
  /* a PD matrix: JJ/n + I */
  for (int rep = 0; rep < 3; rep++) {
    for (size_t j = 0; j < P; j++)
      for (size_t i = 0; i <= j; i++) A[j * P + i] = JJ[j * P + i] / (double)n + (i == j ? 1.0 : 0.0);
    memcpy(e, JE, (P < B ? P : B) * sizeof *e);
    double t0 = now();
    LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'U', (lapack_int)P, A, (lapack_int)P);
    LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'U', (lapack_int)P, 1, A, (lapack_int)P, JE, (lapack_int)P);
    double t1 = now() - t0;
    if (t1 < *t_chol) *t_chol = t1;
  }
  double *Xp = malloc(net->size[0] * Q * sizeof *Xp);
  unsigned char *skip = malloc(Q);
  clm_evalws *ws = NULL;
  if (clm__data_prepare(net, X, Q, Xp, skip) == CLM_OK &&
      clm__evalws_alloc(&ws, net, Q, threads) == CLM_OK) {
    clm_data d = {Q, Xp, T, skip};
    for (int rep = 0; rep < 3; rep++) {
      double sse;
      size_t cnt;
      double t0 = now();
      clm__eval_sse(ws, net, net->wb, &d, NULL, Q, &sse, &cnt);
      double t1 = now() - t0;
      if (t1 < *t_fwd) *t_fwd = t1;
    }
  }
  clm__evalws_free(ws);
  free(Xp);
  free(skip);
  free(J);
  free(e);
  free(JJ);
  free(A);
  free(JE);
}

static int run_case(const bcase *c, int quick) {
  double *X = malloc(c->R * c->Q * sizeof *X), *T = malloc(c->O * c->Q * sizeof *T);
  if (!X || !T) return 1;
  make_data(c, X, T);
  for (int th = 1; th <= 2; th++) {
    set_threads(th);
    size_t h[] = {c->H};
    clm_net *net;
    clm_feedforwardnet(&net, 1, h);
    clm_net_set_divide(net, CLM_DIVIDETRAIN, 1, 0, 0);
    int st = clm_configure(net, X, c->R, T, c->O, c->Q, 7);
    clm_trainparam p = clm_trainparam_default(clm_trainlm);
    p.epochs = quick ? c->quick_epochs : c->epochs;
    p.min_grad = 0;
    p.threads = th;
    p.backend = CLM_BACKEND_CPU;
    clm_record rec;
    clm_record_init(&rec);
    clm_net *start;
    clm_net_copy(net, &start);
    if (st == CLM_OK) st = clm_train(net, clm_trainlm, X, T, c->Q, &p, &rec);
    if (st != CLM_OK) {
      printf("%-7s T=%d: %s\n", c->name, th, clm_strerror(st));
      clm_net_free(net);
      clm_net_free(start);
      continue;
    }
    size_t E = rec.num_epochs;
    double per = E ? (rec.time[E] - rec.time[0]) / (double)E : NAN;
    /* median epoch (robust against preemption on a shared machine) */
    double med = NAN;
    double *dt = E ? malloc(E * sizeof *dt) : NULL;
    if (dt) {
      for (size_t e = 0; e < E; e++) dt[e] = rec.time[e + 1] - rec.time[e];
      qsort(dt, E, sizeof *dt, cmp_double);
      med = E % 2 ? dt[E / 2] : 0.5 * (dt[E / 2 - 1] + dt[E / 2]);
      free(dt);
    }
    double trials = E ? (double)rec.n_factor / (double)E : NAN;
    double ts, tc, tf;
    roofline(start, X, T, c->Q, th, &ts, &tc, &tf);
    double roof = ts + tc + trials * tf;
    printf("%-7s %2zu-%zu-%zu  P=%5zu  n=%8zu  T=%d  epochs %3zu  %10.4f ms/epoch (median %.4f)  "
           "trials/epoch %.2f  roofline %10.4f ms (syrk+gemv %.4f, chol %.4f, fwd %.4f)  "
           "ratio %.2f (median %.2f)  perf[E] %a\n",
           c->name, c->R, c->H, c->O, net->n_wb, c->Q * c->O, th, E, 1e3 * per, 1e3 * med, trials,
           1e3 * roof, 1e3 * ts, 1e3 * tc, 1e3 * tf, per / roof, med / roof, rec.perf[E]);
    fflush(stdout);
    clm_record_free(&rec);
    clm_net_free(net);
    clm_net_free(start);
  }
  free(X);
  free(T);
  return 0;
}

int main(int argc, char **argv) {
  int quick = 0;
  const char *which = "all";
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--quick")) quick = 1;
    else if (!strcmp(argv[i], "--case") && i + 1 < argc) which = argv[++i];
    else {
      fprintf(stderr, "usage: %s [--quick] [--case sinfit|wide|large|huge|all]\n", argv[0]);
      return 2;
    }
  }
  static const bcase cases[] = {
    {"sinfit", 1, 10, 1, 200, 2000, 200},
    {"wide", 8, 40, 2, 2000, 50, 10},
    {"large", 16, 64, 2, 20000, 8, 3},
    {"huge", 8, 40, 2, 1000000, 2, 0},
  };
  printf("chaoslm %s bench_train (trainlm, CPU backend)\n", clm_version());
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    if (strcmp(which, "all") && strcmp(which, cases[i].name)) continue;
    if (quick && !strcmp(cases[i].name, "huge")) continue;
    run_case(&cases[i], quick);
    if (!strcmp(cases[i].name, "huge")) {
      struct rusage ru;
      getrusage(RUSAGE_SELF, &ru);
      printf("huge    peak RSS %.1f MB\n", ru.ru_maxrss / 1024.0);
    }
  }
  return 0;
}
