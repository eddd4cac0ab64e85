/* chaoslm tests — reference results from the C API for the Octave binding.
 *
 * Usage: octave_ref DIR.  Writes DIR/<case>.txt for a few training cases;
 * the Octave test (tests/octave/clm_octave_tests.m) reads the data from
 * these files, trains the same network through the MEX and compares every
 * number as its %.17g text, i.e. bit for bit.  Each line is a name followed
 * by its values ("NaN", "Inf" and "-Inf" spelled as Octave prints them).
 * Only the public API is used, linked against libchaoslm as the MEX is.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chaoslm.h"

static void put_num(FILE *f, double v) {
  if (isnan(v)) fputs(" NaN", f);
  else if (isinf(v)) fputs(v > 0 ? " Inf" : " -Inf", f);
  else fprintf(f, " %.17g", v);
}

static void put_d(FILE *f, const char *name, const double *v, size_t n) {
  fputs(name, f);
  for (size_t i = 0; i < n; i++) put_num(f, v[i]);
  fputc('\n', f);
}

static void put_z(FILE *f, const char *name, const size_t *v, size_t n, size_t add) {
  fputs(name, f);
  for (size_t i = 0; i < n; i++) fprintf(f, " %zu", v[i] + add);
  fputc('\n', f);
}

enum { R = 3, S = 2, Q = 60 };

/* Deterministic data: one constant input row (removeconstantrows), one NaN
 * target (don't care). */
static void make_data(double *X, double *T) {
  for (size_t q = 0; q < Q; q++) {
    double a = 3.0 * sin(0.37 * (double)q), b = cos(0.11 * (double)(q * q) / 7.0);
    X[q * R + 0] = a;
    X[q * R + 1] = 2.5;
    X[q * R + 2] = b;
    T[q * S + 0] = a * b + 0.25 * a;
    T[q * S + 1] = tanh(a - b) * 10.0 + 3.0;
  }
  T[5 * S + 1] = NAN;
}

typedef struct refcase {
  const char *name;
  const char *trainfcn;
  size_t n_hidden, hidden[2];
  clm_dividefcn divide;
  int configure_first;  /* clm_configure(seed) before training */
  uint64_t seed;
  size_t epochs;
  int chaos;            /* 1 chaos init + escape, 2 compression escape with
                         * initnw restarts, 3 a race of 3 runs */
} refcase;

static int run_case(const char *dir, const refcase *rc) {
  char path[4096];
  double X[R * Q], T[S * Q], Y[S * Q];
  clm_net *net = NULL;
  clm_record rec;
  int st;
  const clm_trainer_type *t = clm_trainer_from_name(rc->trainfcn);
  clm_trainparam p = clm_trainparam_default(t);
  FILE *f;

  make_data(X, T);
  snprintf(path, sizeof path, "%s/%s.txt", dir, rc->name);
  f = fopen(path, "w");
  if (!f) { perror(path); return 1; }
  fprintf(f, "trainFcn %s\n", rc->trainfcn);
  put_z(f, "hidden", rc->hidden, rc->n_hidden, 0);
  fprintf(f, "divideFcn %s\n", clm_dividefcn_name(rc->divide));
  fprintf(f, "configure %d\nseed %llu\nepochs %zu\nchaos %d\n", rc->configure_first,
          (unsigned long long)rc->seed, rc->epochs, rc->chaos);
  put_d(f, "X", X, R * Q);
  put_d(f, "T", T, S * Q);

  clm_record_init(&rec);
  st = clm_feedforwardnet(&net, rc->n_hidden, rc->hidden);
  if (!st) st = clm_net_set_trainfcn(net, rc->trainfcn);
  if (!st) st = clm_net_set_divide(net, rc->divide, 0.70, 0.15, 0.15);
  if (!st && rc->configure_first) {
    st = clm_configure(net, X, R, T, S, Q, rc->seed);
    if (!st) {
      double wb[512];
      size_t P = clm_net_num_weights(net);
      if (P > 512 || clm_getwb(net, wb)) st = CLM_EINTERNAL;
      else put_d(f, "wb0", wb, P);
    }
  }
  p.epochs = rc->epochs;
  p.seed = rc->seed;
  p.chaos.init = rc->chaos == 1;
  p.chaos.escape = rc->chaos && strcmp(rc->trainfcn, "trainlm") == 0;
  if (rc->chaos == 2) {
    p.chaos.escape_mode = CLM_ESCAPE_COMPRESS;
    p.chaos.max_escapes = 1;
    p.chaos.max_reinits = 3;
  }
  if (rc->chaos == 3) {
    p.chaos.race = 3;
    p.chaos.race_epochs = 4;
  }
  if (!st) st = clm_train_sized(net, t, X, R, T, S, Q, &p, &rec);
  fprintf(f, "status %s\n", clm_status_name(st));
  if (!st) {
    double wb[512];
    size_t P = clm_net_num_weights(net), n = rec.num_epochs + 1;
    if (P > 512 || clm_getwb(net, wb) || clm_sim(net, X, Q, Y, 0)) st = CLM_EINTERNAL;
    if (!st) {
      put_d(f, "wb", wb, P);
      put_d(f, "Y", Y, S * Q);
      fprintf(f, "stop %s\n", clm_stop_text(rec.stop));
      fprintf(f, "num_epochs %zu\nbest_epoch %zu\n", rec.num_epochs, rec.best_epoch);
      put_d(f, "perf", rec.perf, n);
      put_d(f, "vperf", rec.vperf, n);
      put_d(f, "tperf", rec.tperf, n);
      if (strcmp(rc->trainfcn, "trainlm") == 0) put_d(f, "mu", rec.mu, n);
      put_d(f, "gradient", rec.gradient, n);
      put_z(f, "val_fail", rec.val_fail, n, 0);
      put_z(f, "trainInd", rec.train_ind, rec.n_train, 1);
      put_z(f, "valInd", rec.val_ind, rec.n_val, 1);
      put_z(f, "testInd", rec.test_ind, rec.n_test, 1);
      put_d(f, "best_perf", &rec.best_perf, 1);
      put_d(f, "best_vperf", &rec.best_vperf, 1);
      put_d(f, "best_tperf", &rec.best_tperf, 1);
    }
  }
  clm_record_free(&rec);
  clm_net_free(net);
  if (fclose(f) != 0) { perror(path); return 1; }
  if (st) fprintf(stderr, "octave_ref: case %s: %s\n", rc->name, clm_strerror(st));
  return 0;
}

int main(int argc, char **argv) {
  static const refcase cases[] = {
    {"lm", "trainlm", 1, {5, 0}, CLM_DIVIDERAND, 0, 7, 15, 0},
    {"gdm", "traingdm", 2, {4, 3}, CLM_DIVIDEBLOCK, 1, 11, 40, 0},
    {"chaos", "trainlm", 1, {4, 0}, CLM_DIVIDETRAIN, 0, 5, 25, 1},
    {"compress", "trainlm", 1, {4, 0}, CLM_DIVIDETRAIN, 1, 6, 40, 2},
    {"race", "trainlm", 1, {4, 0}, CLM_DIVIDERAND, 0, 8, 30, 3},
  };
  int bad = 0;
  if (argc != 2) {
    fprintf(stderr, "usage: octave_ref DIR\n");
    return 2;
  }
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) bad |= run_case(argv[1], &cases[i]);
  return bad;
}
