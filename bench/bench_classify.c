/* chaoslm benchmark — classification time-to-goal: patternnet (tansig
 * hidden layer, softmax, crossentropy) with its own trainer, trainscg, on
 * the bundled iris data, the MATLAB way (dividerand 70/15/15, validation
 * stop, the best network by validation performance).
 *
 * For each seed (division and initialisation):
 *   full    one clm_train with the defaults: epochs, stop reason, wall
 *           time, test accuracy (1 - c of clm_confusion on the record's
 *           test samples);
 *   goal    the time to reach a test accuracy >= --target: the smallest
 *           epoch limit E whose returned network reaches it (the runs with
 *           limits 0, 1, 2, ... follow the same trajectory, so this is the
 *           first point of the full run that a user stopping at E would
 *           get), and the wall time of that run.
 * Then the medians over the seeds.  Wall times are for one clm_train call
 * (configuration, division, training), threads as given (default 1).
 *
 * Usage: bench_classify [--seeds N] [--hidden H] [--target ACC]
 *                       [--threads T] [--trainer NAME] [--datadir DIR]
 * The data directory defaults to $CLM_SRCDIR/data, then ./data.
 * GPL-3.0-or-later. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chaoslm.h"
#include "bench_util.h"
#include "../tools/csv.h"

#define NIN 4
#define NCLS 3
#define QMAX 150

typedef struct run {
  int st;
  double seconds, accuracy;
  size_t epochs;
  clm_stop stop;
} run;

/* One patternnet training with an epoch limit; test accuracy of the result. */
static run train_once(const clm_trainer_type *t, const double *X, const double *T, size_t Q,
                      size_t H, uint64_t seed, size_t epochs, int threads) {
  run r = {CLM_OK, NAN, NAN, 0, CLM_STOP_NONE};
  size_t h[1] = {H};
  clm_net *net = NULL;
  clm_trainparam p = clm_trainparam_default(t);
  p.seed = seed;
  p.threads = threads;
  if (epochs != SIZE_MAX) p.epochs = epochs;
  clm_record rec;
  clm_record_init(&rec);
  r.st = clm_patternnet(&net, 1, h);
  if (r.st == CLM_OK) r.st = clm_net_set_trainfcn(net, clm_trainer_name(t));
  const double t0 = bench_now();
  if (r.st == CLM_OK) r.st = clm_train_sized(net, NULL, X, NIN, T, NCLS, Q, &p, &rec);
  r.seconds = bench_now() - t0;
  if (r.st == CLM_OK) {
    const size_t n = rec.n_test;
    double Xs[QMAX * NIN], Ts[QMAX * NCLS], Y[QMAX * NCLS], c = NAN;
    for (size_t i = 0; i < n; i++) {
      memcpy(Xs + i * NIN, X + rec.test_ind[i] * NIN, NIN * sizeof *Xs);
      memcpy(Ts + i * NCLS, T + rec.test_ind[i] * NCLS, NCLS * sizeof *Ts);
    }
    r.st = clm_sim(net, Xs, n, Y, threads);
    if (r.st == CLM_OK) r.st = clm_confusion(Ts, Y, NCLS, n, &c, NULL, NULL, NULL);
    r.accuracy = 1.0 - c;
    r.epochs = rec.num_epochs;
    r.stop = rec.stop;
  }
  clm_record_free(&rec);
  clm_net_free(net);
  return r;
}

int main(int argc, char **argv) {
  size_t seeds = 10, H = 10;
  double target = 0.9;
  int threads = 1;
  const char *datadir = NULL, *trainer = "trainscg";
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--seeds") && i + 1 < argc) seeds = strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--hidden") && i + 1 < argc) H = strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--target") && i + 1 < argc) target = strtod(argv[++i], NULL);
    else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--trainer") && i + 1 < argc) trainer = argv[++i];
    else if (!strcmp(argv[i], "--datadir") && i + 1 < argc) datadir = argv[++i];
    else {
      fprintf(stderr, "usage: %s [--seeds N] [--hidden H] [--target ACC] [--threads T] "
                      "[--trainer NAME] [--datadir DIR]\n", argv[0]);
      return 2;
    }
  }
  if (seeds == 0 || seeds > 1000 || H == 0) {
    fprintf(stderr, "bench_classify: --seeds must be 1..1000 and --hidden >= 1\n");
    return 2;
  }
  const clm_trainer_type *t = clm_trainer_from_name(trainer);
  if (!t) {
    fprintf(stderr, "bench_classify: this library has no trainer %s\n", trainer);
    return 2;
  }
  char path[2048];
  const char *src = getenv("CLM_SRCDIR");
  if (datadir) snprintf(path, sizeof path, "%s/iris.csv", datadir);
  else snprintf(path, sizeof path, "%s/data/iris.csv", src ? src : ".");
  clm_csv data; /* iris.csv: a header, 150 rows of 4 inputs and 3 one-hot classes */
  char err[256];
  if (clm_csv_read(path, NCLS, &data, err, sizeof err) != 0 || data.n_rows != QMAX ||
      data.n_inputs != NIN) {
    fprintf(stderr, "bench_classify: could not read 150 samples from %s\n", path);
    clm_csv_free(&data);
    return 2;
  }
  const double *X = data.X, *T = data.T;
  const size_t Q = data.n_rows;
  printf("# iris, patternnet(%zu) with %s, crossentropy, dividerand 70/15/15, %d thread(s); "
         "goal: test accuracy >= %.3f\n", H, trainer, threads, target);
  printf("# seed  epochs  stop                        ms(full)  acc(full)  epochs(goal)  ms(goal)\n");
  double *ms = malloc(seeds * sizeof *ms), *acc = malloc(seeds * sizeof *acc);
  double *ep = malloc(seeds * sizeof *ep), *gep = malloc(seeds * sizeof *gep);
  double *gms = malloc(seeds * sizeof *gms);
  size_t reached = 0;
  for (size_t k = 0; k < seeds; k++) {
    const uint64_t seed = (uint64_t)k + 1;
    run full = train_once(t, X, T, Q, H, seed, SIZE_MAX, threads);
    if (full.st != CLM_OK) {
      fprintf(stderr, "bench_classify: seed %llu: %s\n", (unsigned long long)seed,
              clm_strerror(full.st));
      return 1;
    }
    run goal = {CLM_OK, NAN, NAN, 0, CLM_STOP_NONE};
    size_t E = 0;
    for (; E <= full.epochs; E++) {
      goal = train_once(t, X, T, Q, H, seed, E, threads);
      if (goal.st != CLM_OK || goal.accuracy >= target) break;
    }
    const int hit = goal.st == CLM_OK && goal.accuracy >= target;
    ms[k] = 1e3 * full.seconds;
    acc[k] = full.accuracy;
    ep[k] = (double)full.epochs;
    gep[reached] = (double)E;
    gms[reached] = 1e3 * goal.seconds;
    reached += hit;
    printf("%6llu  %6zu  %-26s  %8.2f  %9.3f  ", (unsigned long long)seed, full.epochs,
           clm_stop_text(full.stop), ms[k], acc[k]);
    if (hit) printf("%12zu  %8.2f\n", E, 1e3 * goal.seconds);
    else printf("%12s  %8s\n", "-", "-");
  }
  printf("# median over %zu seeds: %.0f epochs, %.2f ms, test accuracy %.3f; goal reached by "
         "%zu of %zu seeds", seeds, bench_median(ep, seeds), bench_median(ms, seeds), bench_median(acc, seeds),
         reached, seeds);
  if (reached) printf(", median %.0f epochs, %.2f ms to reach it", bench_median(gep, reached),
                      bench_median(gms, reached));
  printf("\n");
  free(ms);
  free(acc);
  free(ep);
  free(gep);
  free(gms);
  clm_csv_free(&data);
  return 0;
}
