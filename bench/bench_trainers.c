/* chaoslm — speed of the gradient trainers (traingd, traingda, traingdx,
 * trainrp, trainscg): time per epoch against a roofline measured in the
 * same run (built by `make`, never run by `make check`).
 *
 * What an epoch of these trainers must do is evaluate the performance and
 * the gradient: one forward+backward pass over the training samples per
 * evaluation (traingd, traingda, traingdx, trainrp: one per epoch;
 * trainscg: two after a successful epoch, one after a refused step).  The
 * roofline of a run is
 *     (gradient passes per epoch) x (time of one pass, clm__eval_je)
 *   + (forward passes per epoch)  x (time of one forward pass, clm__eval_sse)
 * with the pass counts taken from the run's own record (n_jacobian and
 * n_forward, the epoch-0 evaluation and the initial count of N excluded)
 * and each pass time measured right after the run at the same thread
 * count (repeated for about 0.2 s).  Two ratios are printed: mean epoch time over the roofline
 * of the best pass times (what a quiet machine shows), and median epoch
 * time over the roofline of the median pass times (robust against
 * preemption on a shared machine); with T = 1 also the median thread CPU
 * time per epoch (read by the epoch callback) over the roofline of the
 * median CPU times of the passes, which other processes on the machine
 * do not inflate (all the work runs on the calling thread).  The ratio is
 * what the
 * trainer and the training loop add: the update's vector operations (O(P)
 * per epoch), copying the point for a trial, the stop checks and the
 * record row.  Target: <= 1.3.
 *
 * Problems: those of bench_train (all samples are training samples,
 * dividetrain; seeds fixed):
 *   sinfit  1-10-1,   Q = 200:    x = linspace(-1,1,200), t = sin(2*pi*x) + 0.5*x^2
 *   wide    8-40-2,   Q = 2000:   x uniform on [-1,1]^8
 *   large   16-64-2,  Q = 20000:  x uniform on [-1,1]^16
 * with, for wide/large (R inputs, s = sum_i x_i / sqrt(R)),
 *   t1 = sin(2 s) + 0.3 x_1 x_2,   t2 = tanh(x_R - x_1) + 0.2 cos(3 x_2).
 * Each trainer runs a fixed number of epochs from the same initial weights
 * with min_grad = 0 and MATLAB's other defaults; ms/epoch is
 * (time[E] - time[0]) / E from the record, and the median of the per-epoch
 * times.
 * Each line ends with perf[E] in hex, a fingerprint of the trajectory: it
 * must not change with the thread count.
 *
 * Usage: bench_trainers [--quick] [--case sinfit|wide|large|all] [--threads N] [--blas N]
 *   --quick: fewer epochs (a smoke run); --threads: only T = N (else 1 and
 *   2); --blas: OpenBLAS threads (default: T, as bench_train).
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
#include "chaoslm.h"
#include "net_internal.h"
#include "bench_util.h"
#include "bench_eval.h"

static uint64_t rs = 0x9E3779B97F4A7C15ULL;

typedef struct bcase {
  const char *name;
  size_t R, H, O, Q, epochs, quick_epochs;
} bcase;

/* One forward+backward pass (clm__eval_je) and one forward pass
 * (clm__eval_sse) over the Q samples at the network's weights, in seconds:
 * the best and the median of each over enough repetitions to span about
 * 0.2 s (at least 11), so that a short burst of load does not decide. */
typedef struct pass_time {
  double je_best, je_median, fwd_best, fwd_median; /* wall clock */
  double je_cpu, fwd_cpu;                          /* thread CPU time, medians */
} pass_time;

static pass_time pass_times(const clm_net *net, const double *X, const double *T, size_t Q,
                            int threads) {
  pass_time pt = {INFINITY, INFINITY, INFINITY, INFINITY, INFINITY, INFINITY};
  double *JE = malloc(net->n_wb * sizeof *JE);
  bench_eval ev;
  if (JE && bench_eval_open(&ev, net, X, T, Q, threads) == CLM_OK) {
    clm_evalws *ws = ev.ws;
    const clm_data d = ev.d;
    double sse;
    size_t cnt;
    double t0 = bench_now();
    clm__eval_je(ws, net, net->wb, &d, NULL, Q, JE, &sse, &cnt);
    clm__eval_sse(ws, net, net->wb, &d, NULL, Q, &sse, &cnt);
    double one = bench_now() - t0;
    size_t reps = one > 0 ? (size_t)(0.2 / one) : 2001;
    reps = (reps < 11 ? 11 : reps > 2001 ? 2001 : reps) | 1;
    double *tj = malloc(4 * reps * sizeof *tj), *tf = tj + reps, *cj = tf + reps, *cf = cj + reps;
    for (size_t rep = 0; tj && rep < reps; rep++) {
      double w0 = bench_now(), c0 = bench_cpu_now();
      clm__eval_je(ws, net, net->wb, &d, NULL, Q, JE, &sse, &cnt);
      double w1 = bench_now(), c1 = bench_cpu_now();
      clm__eval_sse(ws, net, net->wb, &d, NULL, Q, &sse, &cnt);
      double w2 = bench_now(), c2 = bench_cpu_now();
      tj[rep] = w1 - w0;
      tf[rep] = w2 - w1;
      cj[rep] = c1 - c0;
      cf[rep] = c2 - c1;
    }
    if (tj) {
      pt.je_median = bench_median(tj, reps);
      pt.je_best = tj[0]; /* bench_median sorted the times */
      pt.fwd_median = bench_median(tf, reps);
      pt.fwd_best = tf[0];
      pt.je_cpu = bench_median(cj, reps);
      pt.fwd_cpu = bench_median(cf, reps);
    }
    free(tj);
    bench_eval_close(&ev);
  }
  free(JE);
  return pt;
}

static void run_case(const bcase *c, int quick, int only_threads, int blas) {
  double *X = malloc(c->R * c->Q * sizeof *X), *T = malloc(c->O * c->Q * sizeof *T);
  if (!X || !T) {
    free(X);
    free(T);
    return;
  }
  bench_fit_data(c->R, c->O, c->Q, &rs, X, T);
  const clm_trainer_type *trainers[] = {clm_traingd, clm_traingda, clm_traingdx, clm_trainrp,
                                        clm_trainscg};
  for (int th = 1; th <= 2; th++) {
    if (only_threads && th != only_threads) continue;
    bench_blas_threads(blas ? blas : th);
    size_t h[] = {c->H};
    clm_net *start = NULL;
    clm_feedforwardnet(&start, 1, h);
    clm_net_set_divide(start, CLM_DIVIDETRAIN, 1, 0, 0);
    int st = clm_configure(start, X, c->R, T, c->O, c->Q, 7);
    if (st != CLM_OK) {
      printf("%-7s T=%d: %s\n", c->name, th, clm_strerror(st));
      clm_net_free(start);
      continue;
    }
    for (size_t k = 0; k < sizeof trainers / sizeof trainers[0]; k++) {
      const clm_trainer_type *t = trainers[k];
      clm_trainparam p = clm_trainparam_default(t);
      p.epochs = quick ? c->quick_epochs : c->epochs;
      p.min_grad = 0;
      p.threads = th;
      clm_net *net = NULL;
      clm_net_copy(start, &net);
      bench_cpu_log cl = {malloc((p.epochs + 1) * sizeof(double)), 0, p.epochs + 1};
      p.callback = cl.t ? bench_log_cpu : NULL;
      p.callback_user = &cl;
      clm_record rec;
      clm_record_init(&rec);
      st = clm_train(net, t, X, T, c->Q, &p, &rec);
      if (st != CLM_OK) {
        printf("%-7s %-8s T=%d: %s\n", c->name, clm_trainer_name(t), th, clm_strerror(st));
        clm_net_free(net);
        free(cl.t);
        continue;
      }
      const size_t E = rec.num_epochs;
      double per = E ? (rec.time[E] - rec.time[0]) / (double)E : NAN;
      double med = NAN;
      double *dt = E ? malloc(E * sizeof *dt) : NULL;
      if (dt) {
        for (size_t e = 0; e < E; e++) dt[e] = rec.time[e + 1] - rec.time[e];
        med = bench_median(dt, E);
        free(dt);
      }
      /* passes inside the E timed epochs: the epoch-0 evaluation and the
       * count of N happen before time[0] */
      double jac = E ? (double)(rec.n_jacobian - 1) / (double)E : NAN;
      double fwd = E ? (double)(rec.n_forward - 1) / (double)E : NAN;
      pass_time pt = pass_times(start, X, T, c->Q, th);
      double roof = jac * pt.je_best + fwd * pt.fwd_best;
      double roof_med = jac * pt.je_median + fwd * pt.fwd_median;
      /* T = 1: median thread CPU time per epoch over the CPU roofline */
      double cpu_ratio = NAN;
      if (th == 1 && cl.n == E + 1 && E > 0) {
        double *ct = malloc(E * sizeof *ct);
        if (ct) {
          for (size_t e = 0; e < E; e++) ct[e] = cl.t[e + 1] - cl.t[e];
          cpu_ratio = bench_median(ct, E) / (jac * pt.je_cpu + fwd * pt.fwd_cpu);
          free(ct);
        }
      }
      printf("%-7s %2zu-%zu-%zu  P=%5zu  Q=%6zu  T=%d  %-8s  epochs %4zu  %9.4f ms/epoch (median %.4f)  "
             "passes/epoch %.2f (+%.2f fwd)  pass %.4f ms (median %.4f)  roofline %9.4f ms  "
             "ratio %.2f (medians %.2f, cpu %.2f)  perf[E] %a\n",
             c->name, c->R, c->H, c->O, start->n_wb, c->Q, th, clm_trainer_name(t), E, 1e3 * per,
             1e3 * med, jac, fwd, 1e3 * pt.je_best, 1e3 * pt.je_median, 1e3 * roof, per / roof,
             med / roof_med, cpu_ratio, rec.perf[E]);
      free(cl.t);
      fflush(stdout);
      clm_record_free(&rec);
      clm_net_free(net);
    }
    clm_net_free(start);
  }
  free(X);
  free(T);
}

int main(int argc, char **argv) {
  int quick = 0, only_threads = 0, blas = 0;
  const char *which = "all";
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--quick")) quick = 1;
    else if (!strcmp(argv[i], "--case") && i + 1 < argc) which = argv[++i];
    else if (!strcmp(argv[i], "--threads") && i + 1 < argc) only_threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--blas") && i + 1 < argc) blas = atoi(argv[++i]);
    else {
      fprintf(stderr, "usage: %s [--quick] [--case sinfit|wide|large|all] [--threads N] [--blas N]\n",
              argv[0]);
      return 2;
    }
  }
  static const bcase cases[] = {
    {"sinfit", 1, 10, 1, 200, 4000, 200},
    {"wide", 8, 40, 2, 2000, 400, 20},
    {"large", 16, 64, 2, 20000, 40, 3},
  };
  printf("chaoslm %s bench_trainers (gradient trainers, time per epoch / same-run roofline)\n",
         clm_version());
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    if (strcmp(which, "all") && strcmp(which, cases[i].name)) continue;
    run_case(&cases[i], quick, only_threads, blas);
  }
  return 0;
}
