/* chaoslm — record fingerprints: a fixed list of trainings whose records and
 * final weights are hashed, so that a refactoring can show it changed no bit.
 *
 * Every case trains a network on a deterministic synthetic problem with a
 * fixed seed and prints one line:
 *   case-name  stop  epochs  best_epoch  chaos-events  perf[E] (%a)  hash
 * where hash is FNV-1a 64 over every record array except time (epoch, perf,
 * vperf, tperf, mu, gradient, val_fail, the extra states), the division
 * indices, the counters, the chaos events and the returned weights.  Run it
 * before and after a change with the same OPENBLAS_NUM_THREADS (the bits of
 * DSYRK/DPOTRF depend on it) and compare the output with diff.  Only the
 * public API is used, so the program itself survives internal changes.
 *
 * Usage: fingerprint [threads]      (built by `make`, never run by `make check`)
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chaoslm.h"

typedef struct fnv { uint64_t h; } fnv;

static void fnv_bytes(fnv *f, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) {
    f->h ^= b[i];
    f->h *= 0x100000001b3ULL;
  }
}

/* A deterministic problem: inputs uniform on [-1,1]^R from a 64-bit LCG,
 * targets smooth functions of them (two outputs when K = 2). */
static void make_problem(size_t R, size_t K, size_t Q, uint64_t seed, double *X, double *T) {
  uint64_t s = seed * 6364136223846793005ULL + 1442695040888963407ULL;
  for (size_t q = 0; q < Q; q++) {
    double sum = 0.0;
    for (size_t i = 0; i < R; i++) {
      s = s * 6364136223846793005ULL + 1442695040888963407ULL;
      double u = (double)(s >> 11) * (1.0 / 9007199254740992.0);
      X[q * R + i] = 2.0 * u - 1.0;
      sum += X[q * R + i];
    }
    T[q * K] = sin(2.0 * sum / sqrt((double)R)) + 0.3 * X[q * R] * X[q * R + (R > 1)];
    if (K > 1) T[q * K + 1] = tanh(X[q * R + R - 1] - X[q * R]) + 0.2 * cos(3.0 * X[q * R]);
  }
}

typedef struct fcase {
  const char *name;
  const char *trainer;
  size_t R, K, Q, hidden;
  size_t epochs;
  int chaos_init, chaos_escape;
  clm_dividefcn divide;
  clm_transfer out_tf;
} fcase;

static int run_case(const fcase *c, int threads) {
  double *X = malloc(c->R * c->Q * sizeof *X), *T = malloc(c->K * c->Q * sizeof *T);
  if (!X || !T) return 1;
  make_problem(c->R, c->K, c->Q, 7, X, T);
  clm_net *net = NULL;
  size_t h = c->hidden;
  int st = clm_feedforwardnet(&net, 1, &h);
  if (st == CLM_OK) st = clm_net_set_trainfcn(net, c->trainer);
  if (st == CLM_OK) st = clm_net_set_transfer(net, 2, c->out_tf);
  if (st == CLM_OK) st = clm_net_set_divide(net, c->divide, 0.7, 0.15, 0.15);
  const clm_trainer_type *t = clm_trainer_from_name(c->trainer);
  clm_trainparam p = clm_trainparam_default(t);
  p.epochs = c->epochs;
  p.seed = 3;
  p.threads = threads;
  p.backend = CLM_BACKEND_CPU;
  p.max_fail = 1000;
  if (c->chaos_init) p.chaos.init = 1;
  if (c->chaos_escape) {
    p.chaos.escape = 1;
    p.chaos.phase_epochs = 15;
    p.chaos.max_escapes = 2;
  }
  clm_record rec;
  clm_record_init(&rec);
  if (st == CLM_OK) st = clm_train_sized(net, t, X, c->R, T, c->K, c->Q, &p, &rec);
  if (st != CLM_OK) {
    printf("%-18s error %s\n", c->name, clm_status_name(st));
    clm_net_free(net);
    free(X);
    free(T);
    return 1;
  }
  fnv f = {0xcbf29ce484222325ULL};
  size_t E = rec.num_epochs + 1;
  fnv_bytes(&f, rec.epoch, E * sizeof *rec.epoch);
  fnv_bytes(&f, rec.perf, E * sizeof *rec.perf);
  fnv_bytes(&f, rec.vperf, E * sizeof *rec.vperf);
  fnv_bytes(&f, rec.tperf, E * sizeof *rec.tperf);
  fnv_bytes(&f, rec.mu, E * sizeof *rec.mu);
  fnv_bytes(&f, rec.gradient, E * sizeof *rec.gradient);
  fnv_bytes(&f, rec.val_fail, E * sizeof *rec.val_fail);
  fnv_bytes(&f, rec.train_ind, rec.n_train * sizeof(size_t));
  fnv_bytes(&f, rec.val_ind, rec.n_val * sizeof(size_t));
  fnv_bytes(&f, rec.test_ind, rec.n_test * sizeof(size_t));
  uint64_t counters[4] = {rec.n_forward, rec.n_jacobian, rec.n_factor, rec.n_rejected};
  fnv_bytes(&f, counters, sizeof counters);
  for (size_t i = 0; i < rec.n_chaos_events; i++) {
    const struct clm_chaos_event *e = &rec.chaos_events[i];
    double ev[6] = {(double)e->epoch, e->kind, e->accepted, e->perf_before, e->perf_after,
                    (double)e->evals};
    fnv_bytes(&f, ev, sizeof ev);
  }
  size_t P = clm_net_num_weights(net);
  double *wb = malloc(P * sizeof *wb);
  if (wb && clm_getwb(net, wb) == CLM_OK) fnv_bytes(&f, wb, P * sizeof *wb);
  printf("%-18s %-28s %5zu %5zu %3zu  %-24a %016" PRIx64 "\n", c->name, clm_stop_text(rec.stop),
         rec.num_epochs, rec.best_epoch, rec.n_chaos_events, rec.perf[rec.num_epochs], f.h);
  free(wb);
  clm_record_free(&rec);
  clm_net_free(net);
  free(X);
  free(T);
  return 0;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  static const fcase cases[] = {
    {"lm-1-10-1", "trainlm", 1, 1, 200, 10, 60, 0, 0, CLM_DIVIDERAND, CLM_PURELIN},
    {"lm-8-20-2", "trainlm", 8, 2, 600, 20, 40, 0, 0, CLM_DIVIDERAND, CLM_PURELIN},
    {"lm-4-8-1-tansig", "trainlm", 4, 1, 300, 8, 80, 0, 0, CLM_DIVIDEBLOCK, CLM_TANSIG},
    {"lm-chaos-init", "trainlm", 3, 1, 300, 8, 60, 1, 0, CLM_DIVIDERAND, CLM_PURELIN},
    {"lm-chaos-escape", "trainlm", 3, 1, 300, 8, 120, 1, 1, CLM_DIVIDETRAIN, CLM_PURELIN},
    {"gd-4-8-1", "traingd", 4, 1, 300, 8, 200, 0, 0, CLM_DIVIDERAND, CLM_PURELIN},
    {"gdm-4-8-2", "traingdm", 4, 2, 300, 8, 200, 0, 0, CLM_DIVIDEINT, CLM_PURELIN},
  };
  int bad = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) bad |= run_case(&cases[i], threads);
  return bad;
}
