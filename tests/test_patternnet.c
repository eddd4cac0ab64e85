/* chaoslm tests — patternnet on the bundled iris data (data/iris.csv, 150
 * flowers, 4 inputs, 3 one-hot classes), trained the MATLAB way: the
 * network's own trainFcn (trainscg), crossentropy, dividerand 70/15/15,
 * the best network by validation performance.  For seeds 1..5 the test
 * accuracy (1 - c of clm_confusion on the record's 23 test samples) must
 * be at least 0.95 in the median and 0.9 for at least four seeds; every
 * seed must reach 0.75 (a validation stop on 22 validation samples can
 * return an early network: seed 2 stops at epoch 16 with 18 of 23 right,
 * as MATLAB's rules make it; bench/bench_classify shows seeds 1..10);
 * the outputs must be
 * class probabilities (softmax columns summing to 1) and the record must be
 * trainscg's on the crossentropy scale.  Without trainscg in the library the
 * whole program is a SKIP (never a pass).
 * GPL-3.0-or-later. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chaoslm.h"
#include "tap.h"
#include "../tools/csv.h"

#define NIN 4
#define NCLS 3

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(void) {
  if (!clm_trainer_from_name("trainscg"))
    return tap_skip_all("this library has no trainscg, patternnet's trainer");
  const char *src = getenv("CLM_SRCDIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/data/iris.csv", src ? src : ".");
  /* iris.csv: a header, then 150 rows of 4 inputs and 3 one-hot columns */
  clm_csv data;
  char err[256] = "";
  int rd = clm_csv_read(path, NCLS, &data, err, sizeof err);
  const size_t Q = data.n_rows;
  if (!tap_ok(rd == 0 && Q == 150 && data.n_inputs == NIN, "read %s: %zu samples%s%s", path, Q,
              *err ? ": " : "", err)) {
    clm_csv_free(&data);
    return tap_done();
  }
  const double *X = data.X, *T = data.T;

  enum { SEEDS = 5 };
  double acc[SEEDS];
  int all_ok = 1, n_good = 0;
  for (int k = 0; k < SEEDS; k++) {
    const uint64_t seed = (uint64_t)k + 1;
    size_t h[1] = {10};
    clm_net *net = NULL;
    int st = clm_patternnet(&net, 1, h);
    clm_trainparam p = clm_trainparam_default(clm_trainer_from_name("trainscg"));
    p.seed = seed;
    clm_record rec;
    clm_record_init(&rec);
    if (st == CLM_OK) st = clm_train_sized(net, NULL, X, NIN, T, NCLS, Q, &p, &rec);
    acc[k] = NAN;
    if (st != CLM_OK) {
      tap_ok(0, "seed %d: patternnet trains (%s)", (int)seed, clm_strerror(st));
      all_ok = 0;
      clm_net_free(net);
      continue;
    }
    /* outputs of the test samples, and their accuracy */
    const size_t n = rec.n_test;
    double *Xs = malloc(n * NIN * sizeof *Xs), *Ts = malloc(n * NCLS * sizeof *Ts);
    double *Y = malloc(n * NCLS * sizeof *Y);
    for (size_t i = 0; i < n; i++) {
      memcpy(Xs + i * NIN, X + rec.test_ind[i] * NIN, NIN * sizeof *Xs);
      memcpy(Ts + i * NCLS, T + rec.test_ind[i] * NCLS, NCLS * sizeof *Ts);
    }
    double c = NAN, tperf = NAN;
    size_t kept = 0;
    int ok = clm_sim(net, Xs, n, Y, 0) == CLM_OK &&
             clm_confusion(Ts, Y, NCLS, n, &c, NULL, NULL, &kept) == CLM_OK && kept == n &&
             clm_perform(net, Xs, Ts, n, &tperf, NULL) == CLM_OK;
    double worst_sum = 0.0;
    for (size_t i = 0; i < n; i++)
      worst_sum = fmax(worst_sum, fabs(Y[i * 3] + Y[i * 3 + 1] + Y[i * 3 + 2] - 1.0));
    acc[k] = 1.0 - c;
    ok &= strcmp(rec.train_fcn, "trainscg") == 0 && worst_sum < 1e-12 &&
          tap_reldiff(tperf, rec.best_tperf, 1e-300) < 1e-12 && rec.best_perf < rec.perf[0];
    n_good += acc[k] >= 0.9;
    tap_ok(ok && acc[k] >= 0.75,
           "seed %d: trainscg, %zu epochs (%s), crossentropy %.4g -> %.4g, test accuracy %.3f "
           "(%zu test samples; outputs sum to 1 within %.1g)",
           (int)seed, rec.num_epochs, clm_stop_text(rec.stop), rec.perf[0], rec.best_perf,
           acc[k], n, worst_sum);
    all_ok &= ok;
    free(Xs);
    free(Ts);
    free(Y);
    clm_record_free(&rec);
    clm_net_free(net);
  }
  double sorted[SEEDS];
  memcpy(sorted, acc, sizeof sorted);
  qsort(sorted, SEEDS, sizeof *sorted, cmp_double);
  tap_ok(all_ok && sorted[SEEDS / 2] >= 0.95 && n_good >= SEEDS - 1,
         "seeds 1..%d: median test accuracy %.3f, %d seeds at 0.9 or more", SEEDS,
         sorted[SEEDS / 2], n_good);
  clm_csv_free(&data);
  return tap_done();
}
