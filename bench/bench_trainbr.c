/* chaoslm — trainbr against trainlm: the cost of an epoch, measured in the
 * same run, and what each gives on Boston housing (built by `make`, never
 * run by `make check`).
 *
 * Epoch cost.  An epoch of trainbr is an epoch of trainlm (one Jacobian
 * pass with J'J, then per mu trial one factor + solve and one forward pass)
 * plus one factor and the trace of the inverse for gamma.  On bench_train's
 * problems (all samples training samples, dividetrain; fixed seeds):
 *   sinfit  1-10-1,   Q = 200:    x = linspace(-1,1,200), t = sin(2 pi x) + 0.5 x^2
 *   wide    8-40-2,   Q = 2000:   x uniform on [-1,1]^8
 *   large   16-64-2,  Q = 20000:  x uniform on [-1,1]^16
 * with, for wide/large (R inputs, s = sum_i x_i / sqrt(R)),
 *   t1 = sin(2 s) + 0.3 x_1 x_2,   t2 = tanh(x_R - x_1) + 0.2 cos(3 x_2),
 * trainlm and trainbr each run E epochs from the same initial weights
 * (min_grad 0, MATLAB's other defaults), in rounds of one run each (R
 * rounds, --rounds; the order alternates from round to round, so that a
 * drift of the machine's speed hits both alike); an epoch's cost is the
 * median over the epochs of the thread CPU time between two record rows
 * (read by the epoch callback; with one thread all the work runs on the
 * calling thread, so waiting for other processes does not count, though
 * sharing the core's caches and clock with them still does).  Printed:
 *   lm, br    = the median over the rounds of each trainer's epoch cost;
 *   br/lm     = the median of the rounds' ratios trainbr / trainlm, and
 *               their range (target <= 1.15);
 *   roofline  = trainlm's epoch + (trials_br - trials_lm) x (one factor +
 *               solve + one forward pass) + one trace_inv (factor + trace),
 *               each part measured right after the runs with the CPU
 *               backend at the same P; br/roof = trainbr's epoch over it:
 *               what trainbr adds beyond its own arithmetic.
 * The trial counts differ because the two trainers take different paths
 * (mu, the objective), so both ratios are shown.
 *
 * Boston housing (--boston): data/boston_housing.csv, 13-10-1
 * (feedforwardnet(10), MATLAB's defaults), seeds 1..10: the seed sets the
 * initial weights (clm_configure) and the dividerand split, whose test set
 * (the last 15 % of the permutation) is the same for the three runs:
 *   trainlm                  70/15/15, max_fail 6 (validation stop);
 *   trainbr                  70/15/15, max_fail Inf (validation recorded,
 *                            no stop; the network of lowest vperf returned);
 *   trainbr, val -> train    85/0/15 (MATLAB's trainbr folds the validation
 *                            samples into training; the last network).
 * For each: epochs, stop reasons, training time (thread CPU seconds, one
 * thread) and the test RMSE of the returned network, medians over the
 * seeds (and the range of the test RMSE).
 *
 * Usage: bench_trainbr [--quick] [--case sinfit|wide|large|all] [--threads T]
 *                      [--rounds N] [--boston] [--boston-only] [--data PATH]
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
#include "chaoslm.h"
#include "net_internal.h"
#include "linsolver.h"
#include "bench_util.h"
#include "bench_eval.h"
#include "../tools/csv.h"

/* ------------------------------------------------------------------------ */
/* Epoch cost                                                                */

typedef struct bcase {
  const char *name;
  size_t R, H, O, Q, epochs, quick_epochs, rounds;
  uint64_t seed;
} bcase;

typedef struct run {
  double cpu_med, trials, perf_end;
  size_t epochs;
  clm_stop stop;
} run;

static int train_epochs(const clm_trainer_type *t, const clm_net *start, const double *X,
                        const double *T, size_t Q, int threads, size_t epochs, run *out) {
  clm_net *net = NULL;
  int st = clm_net_copy(start, &net);
  bench_cpu_log log = {malloc((epochs + 1) * sizeof(double)), 0, epochs + 1};
  double *d = malloc((epochs + 1) * sizeof(double));
  clm_trainparam p = clm_trainparam_default(t);
  p.epochs = epochs;
  p.min_grad = 0;
  p.threads = threads;
  p.backend = CLM_BACKEND_CPU;
  p.show = 0;
  p.callback = bench_log_cpu;
  p.callback_user = &log;
  clm_record rec;
  clm_record_init(&rec);
  if (st == CLM_OK && log.t && d) st = clm_train(net, t, X, T, Q, &p, &rec);
  if (st == CLM_OK) {
    size_t E = rec.num_epochs;
    for (size_t k = 0; k < E; k++) d[k] = log.t[k + 1] - log.t[k];
    out->cpu_med = bench_median(d, E);
    out->trials = E ? (double)rec.n_factor / (double)E : NAN;
    out->epochs = E;
    out->stop = rec.stop;
    out->perf_end = rec.perf[E];
  }
  clm_record_free(&rec);
  clm_net_free(net);
  free(log.t);
  free(d);
  return st;
}

/* Seconds of one factor + solve, one trace_inv (CPU backend, P unknowns, a
 * J'J of n random rows) and one forward pass over the Q samples: the best
 * of a few repetitions. */
static void parts(const clm_net *net, const double *X, const double *T, size_t Q, int threads,
                  double *t_fs, double *t_tr, double *t_fwd) {
  const clm_linsolver_type *ls = &clm__linsolver_cpu;
  const size_t P = net->n_wb, n = P + 64, B = 64;
  void *st = NULL;
  double *J = malloc(B * P * sizeof *J), *e = malloc(B * sizeof *e), *JE = malloc(P * sizeof *JE);
  uint64_t rs = 12345;
  *t_fs = *t_tr = *t_fwd = INFINITY;
  if (J && e && JE && ls->alloc(&st, P, B, threads) == CLM_OK && ls->begin(st) == CLM_OK) {
    for (size_t r = 0; r < n; r += B) {
      size_t m = n - r < B ? n - r : B;
      for (size_t i = 0; i < m * P; i++) J[i] = xorshift_uniform(&rs) - 0.5;
      for (size_t i = 0; i < m; i++) e[i] = xorshift_uniform(&rs) - 0.5;
      ls->accumulate(st, J, e, m, P);
    }
    ls->end(st, JE, NULL);
    for (int rep = 0; rep < 5; rep++) {
      double t0 = bench_cpu_now();
      int s1 = ls->factor(st, 1.0 / (double)n, 1e-2);
      if (s1 == CLM_OK) s1 = ls->solve(st, JE, J);
      double t1 = bench_cpu_now();
      double tr;
      int s2 = ls->trace_inv(st, 0.5, 1e-2, &tr);
      double t2 = bench_cpu_now();
      if (s1 == CLM_OK && t1 - t0 < *t_fs) *t_fs = t1 - t0;
      if (s2 == CLM_OK && t2 - t1 < *t_tr) *t_tr = t2 - t1;
    }
  }
  if (st) ls->free(st);
  bench_eval ev;
  if (bench_eval_open(&ev, net, X, T, Q, threads) == CLM_OK) {
    *t_fwd = bench_fwd_best(&ev, net, 5, bench_cpu_now);
    bench_eval_close(&ev);
  }
  free(J);
  free(e);
  free(JE);
}

#define MAX_ROUNDS 32

static void epoch_case(const bcase *c, int threads, int quick, int rounds_req) {
  double *X = malloc(c->R * c->Q * sizeof *X), *T = malloc(c->O * c->Q * sizeof *T);
  size_t hs[1] = {c->H};
  clm_net *net = NULL;
  uint64_t rs = c->seed;
  bench_fit_data(c->R, c->O, c->Q, &rs, X, T);
  int st = clm_feedforwardnet(&net, 1, hs);
  if (st == CLM_OK) st = clm_net_set_divide(net, CLM_DIVIDETRAIN, 1, 0, 0);
  if (st == CLM_OK) st = clm_configure(net, X, c->R, T, c->O, c->Q, 1);
  if (st != CLM_OK) {
    printf("%-7s setup failed: %s\n", c->name, clm_strerror(st));
    return;
  }
  const size_t E = quick ? c->quick_epochs : c->epochs;
  size_t R = rounds_req > 0 ? (size_t)rounds_req : quick ? 2 : c->rounds;
  if (R > MAX_ROUNDS) R = MAX_ROUNDS;
  /* Rounds of one trainlm and one trainbr run, the order alternating so
   * that a drift of the machine's speed hits both alike; each round gives
   * one ratio of the two epoch medians. */
  run lm = {0}, br = {0};
  double tl[MAX_ROUNDS], tb[MAX_ROUNDS], ratio[MAX_ROUNDS];
  for (size_t k = 0; k < R; k++) {
    int first_br = k % 2;
    for (int o = 0; o < 2; o++) {
      int is_br = o != first_br;
      if (train_epochs(is_br ? clm_trainbr : clm_trainlm, net, X, T, c->Q, threads, E,
                       is_br ? &br : &lm) != CLM_OK) {
        printf("%-7s training failed\n", c->name);
        return;
      }
    }
    tl[k] = lm.cpu_med;
    tb[k] = br.cpu_med;
    ratio[k] = br.cpu_med / lm.cpu_med;
  }
  double rmin = INFINITY, rmax = 0.0;
  for (size_t k = 0; k < R; k++) {
    if (ratio[k] < rmin) rmin = ratio[k];
    if (ratio[k] > rmax) rmax = ratio[k];
  }
  const double t_lm = bench_median(tl, R), t_br = bench_median(tb, R);
  const double r_med = bench_median(ratio, R);
  double t_fs, t_tr, t_fwd;
  parts(net, X, T, c->Q, threads, &t_fs, &t_tr, &t_fwd);
  const double roof = t_lm + (br.trials - lm.trials) * (t_fs + t_fwd) + t_tr;
  printf("%-7s %2d-%3zu-%zu P=%-5zu T=%d  lm %5zu ep %4.2f tr/ep %9.4f ms  br %5zu ep %4.2f "
         "tr/ep %9.4f ms  trace %8.4f ms  br/lm %5.3f [%5.3f-%5.3f, %zu rounds]  br/roof %5.3f  "
         "perf[E] lm %a br %a\n",
         c->name, (int)c->R, c->H, c->O, net->n_wb, threads, lm.epochs, lm.trials, 1e3 * t_lm,
         br.epochs, br.trials, 1e3 * t_br, 1e3 * t_tr, r_med, rmin, rmax, R, t_br / roof,
         lm.perf_end, br.perf_end);
  fflush(stdout);
  clm_net_free(net);
  free(X);
  free(T);
}

/* ------------------------------------------------------------------------ */
/* Boston housing                                                            */

typedef struct bresult {
  double rmse, cpu, mse_train;
  size_t epochs;
  clm_stop stop;
} bresult;

/* One training; the test RMSE of the network returned. */
static int boston_run(const clm_trainer_type *t, const double *X, const double *T, size_t Q,
                      double rtrain, double rval, double rtest, size_t max_fail, uint64_t seed,
                      bresult *out) {
  size_t hs[1] = {10};
  clm_net *net = NULL;
  int st = clm_feedforwardnet(&net, 1, hs);
  if (st == CLM_OK) st = clm_net_set_divide(net, CLM_DIVIDERAND, rtrain, rval, rtest);
  if (st == CLM_OK) st = clm_configure(net, X, 13, T, 1, Q, seed);
  clm_trainparam p = clm_trainparam_default(t);
  p.seed = seed;
  p.threads = 1;
  p.show = 0;
  p.max_fail = max_fail;
  clm_record rec;
  clm_record_init(&rec);
  double t0 = bench_cpu_now();
  if (st == CLM_OK) st = clm_train(net, t, X, T, Q, &p, &rec);
  out->cpu = bench_cpu_now() - t0;
  if (st == CLM_OK) {
    out->epochs = rec.num_epochs;
    out->stop = rec.stop;
    out->rmse = sqrt(rec.best_tperf);
    out->mse_train = rec.best_perf;
  }
  clm_record_free(&rec);
  clm_net_free(net);
  return st;
}

static void boston(const char *path) {
  clm_csv data;
  char err[256];
  if (clm_csv_read(path, 1, &data, err, sizeof err) != 0 || data.n_rows == 0 ||
      data.n_inputs != 13) {
    printf("boston: cannot read %s (run from the source tree or pass --data)\n", path);
    clm_csv_free(&data);
    return;
  }
  const double *X = data.X, *T = data.T;
  const size_t Q = data.n_rows;
  struct {
    const char *what;
    const clm_trainer_type *t;
    double r[3];
    size_t max_fail;
  } cfg[3] = {
      {"trainlm 70/15/15 max_fail 6", clm_trainlm, {0.70, 0.15, 0.15}, 6},
      {"trainbr 70/15/15 max_fail Inf", clm_trainbr, {0.70, 0.15, 0.15}, SIZE_MAX},
      {"trainbr 85/0/15 (val -> train)", clm_trainbr, {0.85, 0.0, 0.15}, SIZE_MAX},
  };
  printf("\nboston_housing 13-10-1, seeds 1..10, one thread (test set: the same 76 samples per seed)\n");
  for (int k = 0; k < 3; k++) {
    double rm[10], cpu[10], ep[10], mt[10];
    int nstop[CLM_STOP_COUNT_] = {0}, ok = 1;
    printf("  %-32s test RMSE:", cfg[k].what);
    for (int s = 0; s < 10; s++) {
      bresult b;
      if (boston_run(cfg[k].t, X, T, Q, cfg[k].r[0], cfg[k].r[1], cfg[k].r[2], cfg[k].max_fail,
                     (uint64_t)s + 1, &b) != CLM_OK) {
        ok = 0;
        break;
      }
      rm[s] = b.rmse, cpu[s] = b.cpu, ep[s] = (double)b.epochs, mt[s] = b.mse_train;
      nstop[b.stop]++;
      printf(" %.3f", b.rmse);
    }
    if (!ok) {
      printf(" training failed\n");
      continue;
    }
    double lo = rm[0], hi = rm[0];
    for (int s = 1; s < 10; s++) lo = fmin(lo, rm[s]), hi = fmax(hi, rm[s]);
    printf("\n  %-32s median: test RMSE %.3f (%.3f-%.3f), epochs %.1f, train MSE %.3f, "
           "%.4f s CPU;",
           "", bench_median(rm, 10), lo, hi, bench_median(ep, 10), bench_median(mt, 10),
           bench_median(cpu, 10));
    for (int r = 0; r < CLM_STOP_COUNT_; r++)
      if (nstop[r]) printf(" %d x '%s'", nstop[r], clm_stop_text((clm_stop)r));
    printf("\n");
    fflush(stdout);
  }
  clm_csv_free(&data);
}

int main(int argc, char **argv) {
  int quick = 0, threads = 1, do_epochs = 1, do_boston = 0, rounds = 0;
  const char *which = "all", *data = "data/boston_housing.csv";
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--quick")) quick = 1;
    else if (!strcmp(argv[i], "--case") && i + 1 < argc) which = argv[++i];
    else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--boston")) do_boston = 1;
    else if (!strcmp(argv[i], "--boston-only")) do_boston = 1, do_epochs = 0;
    else if (!strcmp(argv[i], "--data") && i + 1 < argc) data = argv[++i];
    else {
      fprintf(stderr,
              "usage: %s [--quick] [--case sinfit|wide|large|all] [--threads T] [--rounds N] "
              "[--boston] [--boston-only] [--data PATH]\n",
              argv[0]);
      return 2;
    }
  }
  if (threads < 1) threads = 1;
  bench_blas_threads(threads);
  static const bcase cases[] = {
      {"sinfit", 1, 10, 1, 200, 200, 40, 7, 0},
      {"wide", 8, 40, 2, 2000, 30, 6, 7, 0x5EED0001},
      {"large", 16, 64, 2, 20000, 6, 2, 3, 0x5EED0002},
  };
  if (do_epochs) {
    printf("trainbr vs trainlm, ms per epoch (thread CPU time, median over the epochs, median "
           "over the rounds); br/lm: median [range] of the rounds' ratios; trace = one trace_inv "
           "(factor + trace)\n");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
      if (!strcmp(which, "all") || !strcmp(which, cases[i].name))
        epoch_case(&cases[i], threads, quick, rounds);
  }
  if (do_boston) boston(data);
  return 0;
}
