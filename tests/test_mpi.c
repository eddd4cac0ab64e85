/* chaoslm tests — the MPI layer (run by tests/mpi_run.sh under mpirun with
 * 1, 2 and 3 ranks).
 *
 * Every rank builds the same global data set, trains it with the plain
 * clm_train (the reference) and with clm_train_mpi on its own shard, and
 * checks that the records agree: the same number of epochs, stop reason,
 * best epoch, validation-failure counts and mu per epoch and index sets,
 * and perf / vperf / tperf and the trainer's extra states (lr; gamk, ssX)
 * per epoch within 1e-10 relative (the gradient norm within 1e-6); the
 * final weights must be identical on every rank.  Shards are uneven, and
 * with divideblock some ranks hold no validation or no training samples.
 * Cases cover mse, sse and mae with regularization and normalization.
 * Bad setups must give the same status on every rank (never a hang).
 * Each check is agreed over the ranks (all must pass) and rank 0 prints
 * the TAP line.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chaoslm.h"
#include "chaoslm/mpi.h"
#include "tap.h"

static int rank_, size_;

/* All ranks must pass; rank 0 reports. */
static void check(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(int ok, const char *fmt, ...) {
  int all = 0;
  MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (rank_ == 0) tap_ok(all, "np=%d: %s", size_, buf);
  else if (!all) tap_fail_++;
}

#define NI 2
#define NO 2
#define QG 160

/* The global data: a smooth 2-in, 2-out function with a few NaN targets
 * and one NaN input. */
static void make_data(double *X, double *T) {
  for (size_t q = 0; q < QG; q++) {
    double a = -1.0 + 2.0 * (double)((q * 37) % QG) / QG, b = sin(0.3 * (double)q);
    X[q * NI] = a;
    X[q * NI + 1] = b;
    T[q * NO] = sin(2.0 * a) + 0.5 * b * b + 0.01 * cos(7.0 * (double)q);
    T[q * NO + 1] = (q % 11 == 3) ? NAN : a * b - 0.2 * a;
  }
  X[17 * NI + 1] = NAN;
}

/* Rank boundaries: weights r+1 (growing shards) or size-r (shrinking). */
static void shard(int shrinking, size_t *b, size_t *e) {
  size_t tot = (size_t)size_ * (size_t)(size_ + 1) / 2, acc = 0, r0 = 0;
  for (int r = 0; r <= rank_; r++) {
    size_t w = shrinking ? (size_t)(size_ - r) : (size_t)(r + 1);
    r0 = acc;
    acc += w;
  }
  *b = QG * r0 / tot;
  *e = QG * acc / tot;
}

static double rel(double a, double b) {
  if (isnan(a) && isnan(b)) return 0.0;
  if (a == b) return 0.0;
  double m = fmax(fabs(a), fabs(b));
  return fabs(a - b) / (m > 1e-300 ? m : 1e-300);
}

/* Compare an MPI record with the reference one; returns the number of
 * differences (0: the same training). */
static int cmp_record(const clm_record *a, const clm_record *r, double *worst) {
  int bad = 0;
  *worst = 0.0;
  if (a->num_epochs != r->num_epochs || a->stop != r->stop || a->best_epoch != r->best_epoch) {
    if (rank_ == 0)
      tap_diag("epochs %zu/%zu stop %d/%d best %zu/%zu", a->num_epochs, r->num_epochs, (int)a->stop,
               (int)r->stop, a->best_epoch, r->best_epoch);
    if (a->num_epochs != r->num_epochs) return 1000;
    bad++;
  }
  if (a->n_train != r->n_train || a->n_val != r->n_val || a->n_test != r->n_test) return 1001;
  if (memcmp(a->train_ind, r->train_ind, r->n_train * sizeof(size_t)) ||
      memcmp(a->val_ind, r->val_ind, r->n_val * sizeof(size_t)) ||
      memcmp(a->test_ind, r->test_ind, r->n_test * sizeof(size_t)))
    return 1002;
  for (size_t k = 0; k <= r->num_epochs; k++) {
    double d = fmax(rel(a->perf[k], r->perf[k]),
                    fmax(rel(a->vperf[k], r->vperf[k]), rel(a->tperf[k], r->tperf[k])));
    if (d > *worst) *worst = d;
    int b0 = bad;
    if (d > 1e-10) bad++;
    /* the gradient norm is a difference of nearly equal sums near a
     * minimum: its relative rounding error is larger */
    if (rel(a->gradient[k], r->gradient[k]) > 1e-6) bad++;
    if (!(a->mu[k] == r->mu[k] || (isnan(a->mu[k]) && isnan(r->mu[k])))) bad++;
    /* lr is a product of the factors, so equal; trainbr's gamk and ssX
     * are sums and traces, so as close as perf */
    for (size_t j = 0; j < r->n_states; j++)
      if (a->n_states != r->n_states || rel(a->state[j][k], r->state[j][k]) > 1e-10) bad++;
    if (a->val_fail[k] != r->val_fail[k]) bad++;
    if (getenv("CLM_MPI_DEBUG") && rank_ == 0) tap_diag("k %zu perf %.6g/%.6g", k, a->perf[k], r->perf[k]);
    if (bad > b0 && bad < 4 && rank_ == 0)
      tap_diag("epoch %zu: perf %.17g/%.17g vperf %.17g/%.17g mu %g/%g val_fail %zu/%zu", k,
               a->perf[k], r->perf[k], a->vperf[k], r->vperf[k], a->mu[k], r->mu[k],
               a->val_fail[k], r->val_fail[k]);
  }
  double d = fmax(rel(a->best_perf, r->best_perf), rel(a->best_vperf, r->best_vperf));
  if (d > 1e-10) bad++;
  return bad;
}

/* The same weights on every rank (bitwise): compare with rank 0's. */
static int same_on_all_ranks(const double *w, size_t P) {
  double *w0 = malloc(P * sizeof *w0);
  memcpy(w0, w, P * sizeof *w0);
  MPI_Bcast(w0, (int)P, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  int same = memcmp(w0, w, P * sizeof *w0) == 0;
  free(w0);
  return same;
}

typedef struct tcase {
  const char *name;
  const clm_trainer_type *t;
  clm_dividefcn div;
  int shrinking;
  int configured;
  int sse;
  size_t epochs;
  int chaos;
  size_t max_fail;
  clm_performfcn perf; /* when not mse (and sse is 0) */
  double reg;          /* performParam.regularization */
  clm_normalization norm;
} tcase;
/* the last three fields of a case that uses plain mse */
#define MSE_PLAIN CLM_MSE, 0.0, CLM_NORMALIZATION_NONE

/* cascade: clm_cascadeforwardnet instead of clm_feedforwardnet. */
static void run_case_net(const tcase *c, int cascade, const double *X, const double *T) {
  size_t hs[1] = {5};
  clm_net *ref = NULL, *net = NULL;
  if (cascade) clm_cascadeforwardnet(&ref, 1, hs);
  else clm_feedforwardnet(&ref, 1, hs);
  clm_net_set_divide(ref, c->div, 0.7, 0.15, 0.15);
  if (c->sse) clm_net_set_performfcn(ref, CLM_SSE);
  else if (c->perf != CLM_MSE) clm_net_set_performfcn(ref, c->perf);
  clm_net_set_regularization(ref, c->reg);
  clm_net_set_normalization(ref, c->norm);
  if (c->configured) clm_configure(ref, X, NI, T, NO, QG, 42);
  clm_net_copy(ref, &net);
  clm_trainparam p = clm_trainparam_default(c->t);
  p.epochs = c->epochs;
  p.seed = 7;
  p.threads = 1;
  p.max_fail = c->max_fail;
  if (c->t != clm_trainlm) p.lr = c->sse ? 2e-4 : 0.05;
  /* traingda/traingdx start above their stable rate (as in
   * test_trainers_gd.c: no regrowth of a mode from rounding noise) */
  if (c->t == clm_traingda || c->t == clm_traingdx) p.lr = c->sse ? 0.01 : 1.0;
  if (c->chaos) {
    p.chaos.init = 1;
    p.chaos.init_evals = 60;
    p.chaos.searches = 5;
    p.chaos.stages = 3;
  }
  clm_record rr, rm;
  clm_record_init(&rr);
  clm_record_init(&rm);
  int st_ref = clm_train_sized(ref, c->t, X, NI, T, NO, QG, &p, &rr);
  size_t b, e;
  shard(c->shrinking, &b, &e);
  int st = clm_train_mpi(net, c->t, X + b * NI, NI, T + b * NO, NO, e - b, &p, &rm, MPI_COMM_WORLD);
  check(st_ref == CLM_OK && st == CLM_OK, "%s: trains (ref %d, mpi %d)", c->name, st_ref, st);
  if (st_ref == CLM_OK && st == CLM_OK) {
    double worst = 0.0;
    int bad = cmp_record(&rm, &rr, &worst);
    check(bad == 0, "%s: same record as clm_train (%zu epochs, stop \"%s\", best %zu, worst rel %.1e, %d diffs)",
          c->name, rr.num_epochs, clm_stop_text(rr.stop), rr.best_epoch, worst, bad);
    size_t P = clm_net_num_weights(net);
    double *w = malloc(P * sizeof *w), *wr = malloc(P * sizeof *wr);
    clm_getwb(net, w);
    clm_getwb(ref, wr);
    double dw = 0.0;
    for (size_t i = 0; i < P; i++) dw = fmax(dw, fabs(w[i] - wr[i]) / fmax(1.0, fabs(wr[i])));
    check(same_on_all_ranks(w, P), "%s: bit-identical weights on every rank", c->name);
    check(dw < 1e-6, "%s: weights match clm_train (max diff %.1e)", c->name, dw);
    free(w);
    free(wr);
  }
  clm_record_free(&rr);
  clm_record_free(&rm);
  clm_net_free(ref);
  clm_net_free(net);
}

static void run_case(const tcase *c, const double *X, const double *T) { run_case_net(c, 0, X, T); }

/* The callback of rank 0 alone asks to stop after epoch 3. */
static int stop_at_3(void *u, size_t epoch, double perf, double vperf, double tperf) {
  (void)u, (void)perf, (void)vperf, (void)tperf;
  return epoch == 3;
}

static void bad_setups(const double *X, const double *T) {
  size_t hs[1] = {4};
  clm_net *net = NULL;
  clm_feedforwardnet(&net, 1, hs);
  clm_trainparam p = clm_trainparam_default(clm_trainlm);
  p.epochs = 3;
  p.threads = 1;
  size_t b, e;
  clm_mpi_share(QG, rank_, size_, &b, &e);
  clm_record rec;
  clm_record_init(&rec);

  /* the last rank has no samples */
  size_t q = rank_ == size_ - 1 ? 0 : e - b;
  int st = clm_train_mpi(net, clm_trainlm, X + b * NI, NI, T + b * NO, NO, q, &p, &rec, MPI_COMM_WORLD);
  check(st == CLM_EMPI && !clm_net_is_configured(net) && rec.perf == NULL,
        "a rank with zero samples: CLM_EMPI on every rank (%s)", clm_status_name(st));

  if (size_ > 1) {
    /* mismatched input size (the last rank claims one input fewer) */
    size_t ni = rank_ == size_ - 1 ? NI - 1 : NI;
    st = clm_train_mpi(net, clm_trainlm, X + b * NI, ni, T + b * NO, NO, e - b, &p, NULL,
                       MPI_COMM_WORLD);
    check(st == CLM_EMPI, "mismatched input sizes: CLM_EMPI on every rank (%s)", clm_status_name(st));
    /* mismatched parameters */
    clm_trainparam p2 = p;
    if (rank_ == size_ - 1) p2.epochs = 4;
    st = clm_train_mpi(net, clm_trainlm, X + b * NI, NI, T + b * NO, NO, e - b, &p2, NULL,
                       MPI_COMM_WORLD);
    check(st == CLM_EMPI, "mismatched epochs: CLM_EMPI on every rank (%s)", clm_status_name(st));
    /* a trainer's own parameter is hashed too (from its descriptions) */
    p2 = p;
    if (rank_ == size_ - 1) p2.mu_dec = 0.2;
    st = clm_train_mpi(net, clm_trainlm, X + b * NI, NI, T + b * NO, NO, e - b, &p2, NULL,
                       MPI_COMM_WORLD);
    check(st == CLM_EMPI, "mismatched mu_dec: CLM_EMPI on every rank (%s)", clm_status_name(st));
    /* what may differ per rank does not stop training */
    p2 = p;
    if (rank_ == size_ - 1) {
      p2.threads = 1;
      p2.show = 3;
      p2.show_command_line = 0;
      p2.time = 1e6;
      p2.backend = CLM_BACKEND_CPU;
    }
    clm_net *net2 = NULL;
    st = clm_net_copy(net, &net2);
    if (st == CLM_OK)
      st = clm_train_mpi(net2, clm_trainlm, X + b * NI, NI, T + b * NO, NO, e - b, &p2, NULL,
                         MPI_COMM_WORLD);
    clm_net_free(net2);
    check(st == CLM_OK, "threads/show/showCommandLine/time/backend may differ per rank (%s)",
          clm_status_name(st));
    /* mismatched trainers */
    st = clm_train_mpi(net, rank_ ? clm_traingd : clm_trainlm, X + b * NI, NI, T + b * NO, NO,
                       e - b, rank_ ? NULL : &p, NULL, MPI_COMM_WORLD);
    check(st == CLM_EMPI, "mismatched trainers: CLM_EMPI on every rank (%s)", clm_status_name(st));
  }
  /* a NULL pointer on the last rank */
  st = clm_train_mpi(net, clm_trainlm, rank_ == size_ - 1 ? NULL : X + b * NI, NI, T + b * NO,
                     NO, e - b, &p, NULL, MPI_COMM_WORLD);
  check(st == CLM_ENULL, "NULL data on one rank: CLM_ENULL on every rank (%s)", clm_status_name(st));
  /* Inf in rank 0's data */
  double *Xb = malloc((e - b) * NI * sizeof *Xb);
  memcpy(Xb, X + b * NI, (e - b) * NI * sizeof *Xb);
  if (rank_ == 0) Xb[1] = INFINITY;
  st = clm_train_mpi(net, clm_trainlm, Xb, NI, T + b * NO, NO, e - b, &p, NULL, MPI_COMM_WORLD);
  check(st == CLM_EINF, "Inf on rank 0: CLM_EINF on every rank (%s)", clm_status_name(st));
  free(Xb);
  /* chaotic escape is not distributed */
  clm_trainparam pe = p;
  pe.chaos.escape = 1;
  st = clm_train_mpi(net, clm_trainlm, X + b * NI, NI, T + b * NO, NO, e - b, &pe, NULL, MPI_COMM_WORLD);
  check(st == CLM_EPARAM, "chaos.escape: CLM_EPARAM (%s)", clm_status_name(st));
  st = clm_train_mpi(net, clm_trainlm, X + b * NI, NI, T + b * NO, NO, e - b, &p, NULL, MPI_COMM_NULL);
  check(st == CLM_EMPI, "MPI_COMM_NULL: CLM_EMPI (%s)", clm_status_name(st));
  check(!clm_net_is_configured(net), "the network is unchanged after the errors");

  /* after all that, a good call works; rank 0's callback stops everyone */
  clm_trainparam pc = p;
  pc.epochs = 20;
  if (rank_ == 0) pc.callback = stop_at_3;
  st = clm_train_mpi(net, clm_trainlm, X + b * NI, NI, T + b * NO, NO, e - b, &pc, &rec, MPI_COMM_WORLD);
  check(st == CLM_OK && rec.stop == CLM_STOP_USER && rec.num_epochs == 3,
        "rank 0's callback stops every rank at epoch 3 (%s, %zu)", clm_status_name(st), rec.num_epochs);
  /* the stop flag of the last rank stops everyone at epoch 0 */
  volatile int flag = 1;
  clm_trainparam pf = p;
  if (rank_ == size_ - 1) pf.stop_flag = &flag;
  st = clm_train_mpi(net, clm_trainlm, X + b * NI, NI, T + b * NO, NO, e - b, &pf, &rec, MPI_COMM_WORLD);
  check(st == CLM_OK && rec.stop == CLM_STOP_USER && rec.num_epochs == 0,
        "the last rank's stop flag stops every rank (%s, %zu)", clm_status_name(st), rec.num_epochs);
  clm_record_free(&rec);
  clm_net_free(net);
}

static void chaos_split(const double *X, const double *T) {
  size_t hs[1] = {4};
  clm_net *a = NULL, *m = NULL;
  clm_feedforwardnet(&a, 1, hs);
  clm_configure(a, X, NI, T, NO, QG, 3);
  clm_net_copy(a, &m);
  clm_chaosparam cp = clm_chaosparam_default();
  cp.init_evals = 70; /* 10 searches x 4 stages x 2: 20 candidates a stage */
  uint64_t ea = 0, em = 0;
  double pa = 0, pm = 0;
  int sa = clm_initchaos(a, X, T, QG, &cp, 11, 1, &ea, &pa);
  int sm = clm_initchaos_mpi(m, X, T, QG, &cp, 11, 1, &em, &pm, MPI_COMM_WORLD);
  size_t P = clm_net_num_weights(a);
  double *wa = malloc(P * sizeof *wa), *wm = malloc(P * sizeof *wm);
  clm_getwb(a, wa);
  clm_getwb(m, wm);
  check(sa == CLM_OK && sm == CLM_OK && ea == em && pa == pm && !memcmp(wa, wm, P * sizeof *wa),
        "clm_initchaos_mpi: candidates split over ranks, bit-identical to clm_initchaos (%llu evals)",
        (unsigned long long)em);
  /* different data on one rank */
  double *T2 = malloc(QG * NO * sizeof *T2);
  memcpy(T2, T, QG * NO * sizeof *T2);
  if (rank_ == size_ - 1) T2[5] += 1.0;
  sm = clm_initchaos_mpi(m, X, T2, QG, &cp, 11, 1, NULL, NULL, MPI_COMM_WORLD);
  check(size_ == 1 ? sm == CLM_OK : sm == CLM_EMPI, "clm_initchaos_mpi with different data: %s",
        clm_status_name(sm));
  free(T2);
  free(wa);
  free(wm);
  clm_net_free(a);
  clm_net_free(m);
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  double *X = malloc(QG * NI * sizeof *X), *T = malloc(QG * NO * sizeof *T);
  make_data(X, T);

  /* clm_mpi_share */
  {
    size_t b = 0, e = 0, prev = 0;
    int ok = 1;
    for (int r = 0; r < 3; r++) {
      ok &= clm_mpi_share(10, r, 3, &b, &e) == CLM_OK && b == prev && e - b == (r == 0 ? 4u : 3u);
      prev = e;
    }
    ok &= e == 10 && clm_mpi_share(10, 3, 3, &b, &e) == CLM_EINVAL &&
          clm_mpi_share(10, 0, 0, &b, &e) == CLM_EINVAL && clm_mpi_share(10, 0, 1, NULL, &e) == CLM_ENULL;
    check(ok, "clm_mpi_share: balanced consecutive shares, bad ranks rejected");
  }

  static const tcase cases[] = {
    {"trainlm dividerand unconfigured", NULL, CLM_DIVIDERAND, 0, 0, 0, 40, 0, 6, MSE_PLAIN},
    {"trainlm divideblock (ranks without val / train)", NULL, CLM_DIVIDEBLOCK, 1, 0, 0, 40, 0, 3,
     MSE_PLAIN},
    {"trainlm sse configured divideint", NULL, CLM_DIVIDEINT, 0, 1, 1, 25, 0, 6, MSE_PLAIN},
    {"trainlm chaos.init", NULL, CLM_DIVIDERAND, 1, 0, 0, 15, 1, 6, MSE_PLAIN},
    {"traingd dividerand", NULL, CLM_DIVIDERAND, 0, 0, 0, 60, 0, 1000, MSE_PLAIN},
    {"traingdm sse divideblock", NULL, CLM_DIVIDEBLOCK, 1, 1, 1, 60, 0, 1000, MSE_PLAIN},
    {"traingda dividerand", NULL, CLM_DIVIDERAND, 0, 0, 0, 60, 0, 6, MSE_PLAIN},
    {"traingdx sse divideblock", NULL, CLM_DIVIDEBLOCK, 1, 1, 1, 60, 0, 1000, MSE_PLAIN},
    {"trainrp divideint", NULL, CLM_DIVIDEINT, 0, 1, 0, 60, 0, 6, MSE_PLAIN},
    /* trainscg amplifies the rounding differences of the reduced sums
     * (see test_trainers_gd.c): compared over its first epochs only */
    {"trainscg dividerand", NULL, CLM_DIVIDERAND, 1, 0, 0, 6, 0, 6, MSE_PLAIN},
    {"trainlm regularization 0.3, standard normalization", NULL, CLM_DIVIDERAND, 0, 0, 0, 30, 0, 6,
     CLM_MSE, 0.3, CLM_NORMALIZATION_STANDARD},
    {"traingdm mae, regularization 0.1, percent normalization", NULL, CLM_DIVIDEBLOCK, 1, 1, 0, 60,
     0, 1000, CLM_MAE, 0.1, CLM_NORMALIZATION_PERCENT},
    /* trainbr reduces J'J/J'e like trainlm; rank 0's trace sets gamma */
    {"trainbr dividerand (max_fail Inf)", NULL, CLM_DIVIDERAND, 0, 0, 0, 40, 0, SIZE_MAX,
     CLM_MSE, 0, CLM_NORMALIZATION_NONE},
    {"trainbr sse divideblock (ranks without val / train), standard normalization", NULL,
     CLM_DIVIDEBLOCK, 1, 1, 1, 30, 0, SIZE_MAX, CLM_MSE, 0, CLM_NORMALIZATION_STANDARD},
  };
  const clm_trainer_type *const trainer[] = {clm_trainlm, clm_trainlm, clm_trainlm, clm_trainlm,
                                             clm_traingd, clm_traingdm, clm_traingda, clm_traingdx,
                                             clm_trainrp, clm_trainscg, clm_trainlm, clm_traingdm,
                                             clm_trainbr, clm_trainbr};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    tcase c = cases[i];
    c.t = trainer[i];
    run_case(&c, X, T);
  }
  {
    tcase c = {"trainlm cascadeforwardnet dividerand", NULL, CLM_DIVIDERAND, 0, 0, 0, 30, 0, 6,
               MSE_PLAIN};
    c.t = clm_trainlm;
    run_case_net(&c, 1, X, T);
  }
  bad_setups(X, T);
  chaos_split(X, T);

  free(X);
  free(T);
  int rc = 0;
  if (rank_ == 0) rc = tap_done();
  MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Finalize();
  return rc;
}
