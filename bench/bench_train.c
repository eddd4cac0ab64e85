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
 * Usage: bench_train [--quick] [--case NAME[,NAME...]] [--threads T] [--epochs E]
 *   --quick: fewer epochs and no huge case (a smoke run);
 *   --case: sinfit, wide, large, huge, p5000, p10000, all (the first four),
 *     or R-H-O:Q (a custom net, O = 1 or 2; data as for wide);
 *   --threads T: only T threads (default: 1, then 2).
 *
 * CPU against GPU (--compare): for each case, trainlm on the CPU backend
 * with --cpu-threads threads (evaluation and OpenBLAS; default 2, the
 * project's 2-core machine) and on the GPU backend with --gpu-threads
 * evaluation threads (default: all), same data, same seed; prints both
 * ms/epoch, the speed-up and the largest relative difference of the two
 * records (perf, mu, gradient per epoch; conformance wants <= 1e-9 over
 * 10 epochs, so at most 10 epochs unless --epochs says otherwise).  No
 * roofline.  p5000 is 16-263-2 with Q = 10000 (P = 4999), p10000 is
 * 16-526-2 with Q = 2500 (P = 9996): sized so that a CPU epoch at 2
 * threads stays within seconds.
 *
 * Threshold sweep (--sweep): the same comparison over a grid of 8-H-2
 * nets (H = 10..160, P = 112..1762) and Q = 250..4000 samples, then the
 * smallest work P^2 * rows at which the GPU won and the largest at which it
 * lost, for the auto threshold of solvers/linsolver.c.
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
#include "bench_eval.h"

static uint64_t rs = 0x9E3779B97F4A7C15ULL;
static double urand(void) { return xorshift_uniform(&rs); }

typedef struct bcase {
  const char *name;
  size_t R, H, O, Q, epochs, quick_epochs;
  uint64_t seed; /* 0: continue the generator (the original four cases) */
} bcase;

static void make_data(const bcase *c, double *X, double *T) {
  if (c->seed) rs = c->seed;
  bench_fit_data(c->R, c->O, c->Q, &rs, X, T);
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
    double t0 = bench_now();
    for (size_t r = 0; r < n; r += B) {
      size_t m = n - r < B ? n - r : B;
      cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, (int)P, (int)m, 1.0, J, (int)P, 1.0, JJ, (int)P);
      cblas_dgemv(CblasColMajor, CblasNoTrans, (int)P, (int)m, 1.0, J, (int)P, e, 1, 1.0, JE, 1);
    }
    double t1 = bench_now() - t0;
    if (t1 < *t_syrk) *t_syrk = t1;
  }
  /* a PD matrix: JJ/n + I */
  for (int rep = 0; rep < 3; rep++) {
    for (size_t j = 0; j < P; j++)
      for (size_t i = 0; i <= j; i++) A[j * P + i] = JJ[j * P + i] / (double)n + (i == j ? 1.0 : 0.0);
    memcpy(e, JE, (P < B ? P : B) * sizeof *e);
    double t0 = bench_now();
    LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'U', (lapack_int)P, A, (lapack_int)P);
    LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, 'U', (lapack_int)P, 1, A, (lapack_int)P, JE, (lapack_int)P);
    double t1 = bench_now() - t0;
    if (t1 < *t_chol) *t_chol = t1;
  }
  bench_eval ev;
  if (bench_eval_open(&ev, net, X, T, Q, threads) == CLM_OK) {
    *t_fwd = bench_fwd_best(&ev, net, 3, bench_now);
    bench_eval_close(&ev);
  }
  free(J);
  free(e);
  free(JJ);
  free(A);
  free(JE);
}

/* One training of case c on `backend` with `threads` threads for `epochs`
 * epochs (from the net in *start, configured); the record goes to rec. */
static int train_once(const bcase *c, const clm_net *start, const double *X, const double *T,
                      clm_backend backend, int threads, size_t epochs, clm_record *rec,
                      size_t *P_out) {
  clm_net *net = NULL;
  int st = clm_net_copy(start, &net);
  clm_trainparam p = clm_trainparam_default(clm_trainlm);
  p.epochs = epochs;
  p.min_grad = 0;
  p.threads = threads;
  p.backend = backend;
  bench_blas_threads(threads);
  clm_record_init(rec);
  if (st == CLM_OK) st = clm_train(net, clm_trainlm, X, T, c->Q, &p, rec);
  if (P_out) *P_out = net ? net->n_wb : 0;
  clm_net_free(net);
  return st;
}

/* ms/epoch from a record: (time[E] - time[0]) / E and the median epoch. */
static void epoch_times(const clm_record *rec, double *per, double *med) {
  size_t E = rec->num_epochs;
  *per = E ? (rec->time[E] - rec->time[0]) / (double)E : NAN;
  *med = NAN;
  double *dt = E ? malloc(E * sizeof *dt) : NULL;
  if (dt) {
    for (size_t e = 0; e < E; e++) dt[e] = rec->time[e + 1] - rec->time[e];
    *med = bench_median(dt, E);
    free(dt);
  }
}

/* Largest relative difference of perf, mu and gradient over the epochs;
 * 1e300 when the epoch counts differ. */
static double record_diff(const clm_record *a, const clm_record *b) {
  if (a->num_epochs != b->num_epochs) return 1e300;
  double worst = 0;
  for (size_t k = 0; k <= a->num_epochs; k++) {
    const double x[3] = {a->perf[k], a->mu[k], a->gradient[k]};
    const double y[3] = {b->perf[k], b->mu[k], b->gradient[k]};
    for (int f = 0; f < 3; f++) {
      double s = fabs(x[f]) > fabs(y[f]) ? fabs(x[f]) : fabs(y[f]);
      double d = s > 0 ? fabs(x[f] - y[f]) / s : 0;
      if (!(d <= worst)) worst = d;
    }
  }
  return worst;
}

/* A configured net and data for case c; 0 on success. */
static int setup_case(const bcase *c, double **X, double **T, clm_net **net) {
  *X = malloc(c->R * c->Q * sizeof **X);
  *T = malloc(c->O * c->Q * sizeof **T);
  *net = NULL;
  if (!*X || !*T) return CLM_ENOMEM;
  make_data(c, *X, *T);
  size_t h[] = {c->H};
  int st = clm_feedforwardnet(net, 1, h);
  if (st == CLM_OK) st = clm_net_set_divide(*net, CLM_DIVIDETRAIN, 1, 0, 0);
  if (st == CLM_OK) st = clm_configure(*net, *X, c->R, *T, c->O, c->Q, 7);
  return st;
}

static int run_case(const bcase *c, int quick, int only_threads, size_t epochs_override) {
  double *X, *T;
  clm_net *start;
  int st = setup_case(c, &X, &T, &start);
  for (int th = 1; st == CLM_OK && th <= 2; th++) {
    if (only_threads && th != only_threads) continue;
    int threads = only_threads ? only_threads : th;
    clm_record rec;
    size_t E0 = epochs_override ? epochs_override : quick ? c->quick_epochs : c->epochs, P = 0;
    int s2 = train_once(c, start, X, T, CLM_BACKEND_CPU, threads, E0, &rec, &P);
    if (s2 != CLM_OK) {
      printf("%-7s T=%d: %s\n", c->name, threads, clm_strerror(s2));
      clm_record_free(&rec);
      continue;
    }
    size_t E = rec.num_epochs;
    double per, med;
    epoch_times(&rec, &per, &med);
    double trials = E ? (double)rec.n_factor / (double)E : NAN;
    double ts, tc, tf;
    roofline(start, X, T, c->Q, threads, &ts, &tc, &tf);
    double roof = ts + tc + trials * tf;
    printf("%-7s %2zu-%zu-%zu  P=%5zu  n=%8zu  T=%d  epochs %3zu  %10.4f ms/epoch (median %.4f)  "
           "trials/epoch %.2f  roofline %10.4f ms (syrk+gemv %.4f, chol %.4f, fwd %.4f)  "
           "ratio %.2f (median %.2f)  perf[E] %a\n",
           c->name, c->R, c->H, c->O, P, c->Q * c->O, threads, E, 1e3 * per, 1e3 * med, trials,
           1e3 * roof, 1e3 * ts, 1e3 * tc, 1e3 * tf, per / roof, med / roof, rec.perf[E]);
    fflush(stdout);
    clm_record_free(&rec);
  }
  if (st != CLM_OK) printf("%-7s setup: %s\n", c->name, clm_strerror(st));
  clm_net_free(start);
  free(X);
  free(T);
  return 0;
}

/* CPU against GPU on case c; returns the two ms/epoch (NaN on failure). */
static void compare_case(const bcase *c, int cpu_threads, int gpu_threads, size_t epochs,
                         double *cpu_ms, double *gpu_ms) {
  double *X, *T;
  clm_net *start;
  *cpu_ms = *gpu_ms = NAN;
  int st = setup_case(c, &X, &T, &start);
  clm_record rc, rg;
  clm_record_init(&rc);
  clm_record_init(&rg);
  size_t P = start ? start->n_wb : 0;
  int sg = st, sc = st;
  if (st == CLM_OK) sg = train_once(c, start, X, T, CLM_BACKEND_GPU, gpu_threads, epochs, &rg, NULL);
  if (st == CLM_OK) sc = train_once(c, start, X, T, CLM_BACKEND_CPU, cpu_threads, epochs, &rc, NULL);
  double cper = NAN, cmed = NAN, gper = NAN, gmed = NAN;
  if (sc == CLM_OK) epoch_times(&rc, &cper, &cmed);
  if (sg == CLM_OK) epoch_times(&rg, &gper, &gmed);
  printf("%-9s %6zu %8zu %3zu | %5d %10.3f %10.3f | %5d %10.3f %10.3f | %8.1fx | %9.1e | %s%s%s\n",
         c->name, P, c->Q * c->O, epochs, cpu_threads, 1e3 * cper, 1e3 * cmed, gpu_threads,
         1e3 * gper, 1e3 * gmed, cper / gper,
         sc == CLM_OK && sg == CLM_OK ? record_diff(&rc, &rg) : NAN,
         sc == CLM_OK ? "" : clm_status_name(sc), sc == CLM_OK && sg != CLM_OK ? "gpu: " : "",
         sg == CLM_OK ? rg.backend_note : clm_status_name(sg));
  fflush(stdout);
  *cpu_ms = 1e3 * cper;
  *gpu_ms = 1e3 * gper;
  clm_record_free(&rc);
  clm_record_free(&rg);
  clm_net_free(start);
  free(X);
  free(T);
}

static void compare_header(void) {
  printf("%-9s %6s %8s %3s | %5s %10s %10s | %5s %10s %10s | %9s | %9s | %s\n", "case", "P",
         "rows", "E", "cpu_T", "cpu_ms", "(median)", "gpu_T", "gpu_ms", "(median)", "speed-up",
         "rec_diff", "gpu backend note");
}

/* The auto threshold sweep: 8-H-2 nets over a grid of H and Q. */
static void sweep(int cpu_threads, int gpu_threads, size_t epochs) {
  const size_t Hs[] = {10, 20, 40, 80, 160}, Qs[] = {250, 1000, 4000};
  double win_min = INFINITY, lose_max = 0;
  compare_header();
  for (size_t i = 0; i < sizeof Hs / sizeof Hs[0]; i++)
    for (size_t j = 0; j < sizeof Qs / sizeof Qs[0]; j++) {
      char name[32];
      snprintf(name, sizeof name, "8-%zu-2:%zu", Hs[i], Qs[j]);
      bcase c = {name, 8, Hs[i], 2, Qs[j], epochs, epochs, 1000 + 10 * i + j};
      double cm, gm;
      compare_case(&c, cpu_threads, gpu_threads, epochs, &cm, &gm);
      double P = (double)(8 * Hs[i] + Hs[i] + 2 * Hs[i] + 2), w = P * P * (double)(2 * Qs[j]);
      if (gm < cm && w < win_min) win_min = w;
      if (!(gm < cm) && w > lose_max) lose_max = w;
    }
  printf("sweep: the gpu won from P^2*rows = %.3g; it lost up to %.3g (auto threshold now 1e9)\n",
         win_min, lose_max);
}

int main(int argc, char **argv) {
  int quick = 0, only_threads = 0, compare = 0, do_sweep = 0, cpu_threads = 2, gpu_threads = 0;
  size_t epochs = 0;
  const char *which = "all";
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--quick")) quick = 1;
    else if (!strcmp(argv[i], "--case") && i + 1 < argc) which = argv[++i];
    else if (!strcmp(argv[i], "--threads") && i + 1 < argc) only_threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--epochs") && i + 1 < argc) epochs = (size_t)atol(argv[++i]);
    else if (!strcmp(argv[i], "--compare")) compare = 1;
    else if (!strcmp(argv[i], "--sweep")) do_sweep = 1;
    else if (!strcmp(argv[i], "--cpu-threads") && i + 1 < argc) cpu_threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--gpu-threads") && i + 1 < argc) gpu_threads = atoi(argv[++i]);
    else {
      fprintf(stderr,
              "usage: %s [--quick] [--case NAME[,NAME...]] [--threads T] [--epochs E]\n"
              "       %s --compare [--case ...] [--cpu-threads T] [--gpu-threads T] [--epochs E]\n"
              "       %s --sweep [--cpu-threads T] [--gpu-threads T] [--epochs E]\n",
              argv[0], argv[0], argv[0]);
      return 2;
    }
  }
  static const bcase cases[] = {
    {"sinfit", 1, 10, 1, 200, 2000, 200, 0},
    {"wide", 8, 40, 2, 2000, 50, 10, 0},
    {"large", 16, 64, 2, 20000, 8, 3, 0},
    {"huge", 8, 40, 2, 1000000, 2, 0, 0},
    {"p5000", 16, 263, 2, 10000, 2, 1, 5000},
    {"p10000", 16, 526, 2, 2500, 1, 1, 10000},
  };
  const size_t n_std = 4; /* "all" */
  if (do_sweep) {
    printf("chaoslm %s bench_train --sweep: cpu %d threads, gpu %d threads\n", clm_version(),
           cpu_threads, gpu_threads);
    sweep(cpu_threads, gpu_threads, epochs ? epochs : 3);
    return 0;
  }
  printf("chaoslm %s bench_train (trainlm, %s)\n", clm_version(),
         compare ? "CPU against GPU backend" : "CPU backend");
  if (compare) compare_header();
  /* --case: a comma-separated list of names or R-H-O:Q */
  char list[256];
  snprintf(list, sizeof list, "%s", which);
  for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
    size_t R, H, O, Q;
    bcase custom;
    const bcase *sel[8];
    size_t nsel = 0;
    if (sscanf(tok, "%zu-%zu-%zu:%zu", &R, &H, &O, &Q) == 4 && R >= 1 && O >= 1 && O <= 2) {
      custom = (bcase){tok, R, H, O, Q, 10, 3, 77};
      sel[nsel++] = &custom;
    } else {
      for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if ((!strcmp(tok, "all") && i < n_std) || !strcmp(tok, cases[i].name)) sel[nsel++] = &cases[i];
    }
    if (!nsel) {
      fprintf(stderr, "%s: unknown case '%s'\n", argv[0], tok);
      return 2;
    }
    for (size_t k = 0; k < nsel; k++) {
      const bcase *c = sel[k];
      if (quick && !strcmp(c->name, "huge")) continue;
      if (compare) {
        double cm, gm;
        size_t E = epochs ? epochs : quick ? c->quick_epochs : c->epochs;
        if (!epochs && E > 10) E = 10; /* records compared over at most 10 epochs */
        compare_case(c, cpu_threads, gpu_threads, E, &cm, &gm);
        continue;
      }
      run_case(c, quick, only_threads, epochs);
      if (!strcmp(c->name, "huge")) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        printf("huge    peak RSS %.1f MB\n", ru.ru_maxrss / 1024.0);
      }
    }
  }
  return 0;
}
