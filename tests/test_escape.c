/* chaoslm tests — the stuck rule (chaos/stuck.c), weight compression
 * (chaos/compress.c) against a forward pass written here, and the escape
 * modes and fresh starts of chaos/escape.c inside clm_train.
 * GPL-3.0-or-later. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "tap.h"
#include "chaoslm.h"
#include "net_internal.h"
#include "chaos_core.h"
#include "chaos_internal.h"

static clm_chaosparam rule(size_t window, double horizon) {
  clm_chaosparam cp = clm_chaosparam_default();
  cp.window = window;
  cp.horizon = horizon;
  cp.phase_epochs = 0;
  return cp;
}

/* feed perf(k) for k = 1..n after a reset at epoch 0; return the first
 * epoch that is stuck (0: none) and its reason */
static size_t first_stuck(clm__stuck *s, double (*f)(size_t), double goal, size_t n, int *reason) {
  clm__stuck_reset(s, 0, f(0));
  *reason = CLM__STUCK_NO;
  for (size_t k = 1; k <= n; k++) {
    int r = clm__stuck_test(s, k, f(k), goal, 0);
    if (r != CLM__STUCK_NO) {
      *reason = r;
      return k;
    }
  }
  return 0;
}

static double steady(size_t k) { return exp(-0.05 * (double)k); }
static double flat_after_drop(size_t k) { return k < 30 ? exp(-0.1 * (double)k) : exp(-3.0) * (1 - 1e-9 * (double)k); }
static double plateau_then_drop(size_t k) { return k < 60 ? 0.5 - 1e-6 * (double)k : 0.5 * exp(-0.05 * (double)(k - 60)); }

static void test_stuck_rule(void) {
  clm__stuck s;
  int reason;
  /* a steady converger needing 276 epochs (ln(1/1e-6)/0.05) is never cut,
   * however long it runs, when the cap allows it */
  clm_chaosparam cp = rule(10, INFINITY);
  tap_ok(clm__stuck_alloc(&s, &cp, 1000) == CLM_OK, "stuck detector allocated");
  size_t k = first_stuck(&s, steady, 1e-6, 300, &reason);
  tap_ok(k == 0, "steady converger at 0.05 nats/epoch (goal after 276 epochs) never cut (cut at %zu)", k);
  clm__stuck_free(&s);
  /* the same run with only 100 epochs left is cut as soon as it is tested */
  clm__stuck_alloc(&s, &cp, 100);
  k = first_stuck(&s, steady, 1e-6, 300, &reason);
  tap_ok(k == 10 && reason == CLM__STUCK_SLOW, "with 100 epochs left it is too slow at epoch %zu (reason %d)", k, reason);
  clm__stuck_free(&s);
  /* horizon 2: projected epochs ln(f/goal)/0.05 <= 2 x age, i.e. from
   * age 13.8/0.15 = 92.1 on */
  cp = rule(10, 2.0);
  clm__stuck_alloc(&s, &cp, 100000);
  k = first_stuck(&s, steady, 1e-6, 300, &reason);
  tap_ok(k == 10 && reason == CLM__STUCK_SLOW, "horizon 2 cuts it at age 10 (projection 266 > 20): %zu", k);
  clm__stuck_free(&s);
  {
    /* at age a the projection is ln(f(a)/goal) / 0.05 = 276.3 - a, the
     * allowance 2a: slow exactly while a <= 92 */
    clm__stuck_alloc(&s, &cp, 100000);
    clm__stuck_reset(&s, 0, 1.0);
    int ok = 1, n_slow = 0;
    for (size_t e = 1; e <= 200; e++) {
      int r = clm__stuck_test(&s, e, steady(e), 1e-6, 0);
      int expect = e >= 10 && log(steady(e) / 1e-6) / 0.05 > 2.0 * (double)e;
      ok &= (r == CLM__STUCK_SLOW) == expect;
      n_slow += r == CLM__STUCK_SLOW;
    }
    tap_ok(ok && n_slow == 83, "horizon 2: slow exactly while projection > 2 x age (ages 10..92 of 1..200: %d)", n_slow);
    clm__stuck_free(&s);
  }
  /* a run that stops improving after a drop is cut W epochs later */
  cp = rule(10, INFINITY);
  clm__stuck_alloc(&s, &cp, 100000);
  k = first_stuck(&s, flat_after_drop, 1e-6, 300, &reason);
  tap_ok(k == 40 && reason == CLM__STUCK_SLOW, "flat after epoch 30: cut at %zu (reason %d)", k, reason);
  /* initial plateau: spared until the patience (W = 10), cut there, the
   * patience doubles; then a phase that leaves its plateau at age 60 raises
   * it to 120 */
  k = first_stuck(&s, plateau_then_drop, 1e-6, 300, &reason);
  tap_ok(k == 10 && s.patience == 20.0, "plateau: cut at age %zu, patience now %g", k, s.patience);
  k = first_stuck(&s, plateau_then_drop, 1e-6, 300, &reason);
  tap_ok(k == 20 && s.patience == 40.0, "plateau again: cut at age %zu, patience now %g", k, s.patience);
  k = first_stuck(&s, plateau_then_drop, 1e-6, 300, &reason);
  tap_ok(k == 40 && s.patience == 80.0, "and again: cut at age %zu, patience now %g", k, s.patience);
  k = first_stuck(&s, plateau_then_drop, 1e-6, 400, &reason);
  tap_ok(k == 0 && s.patience >= 120.0, "patience 80 > plateau 60: the phase descends and is never cut (patience %g)",
         s.patience);
  /* stalled, non-finite, goal reached, phase cap */
  clm__stuck_reset(&s, 0, 1.0);
  tap_ok(clm__stuck_test(&s, 1, 0.5, 1e-3, 1) == CLM__STUCK_STALLED, "stalled trainer: stuck at once");
  tap_ok(clm__stuck_test(&s, 2, NAN, 1e-3, 0) == CLM__STUCK_NONFINITE, "NaN perf: stuck");
  tap_ok(clm__stuck_test(&s, 3, 1e-4, 1e-3, 1) == CLM__STUCK_NO, "perf <= goal is never stuck");
  clm__stuck_free(&s);
  cp.phase_epochs = 25;
  clm__stuck_alloc(&s, &cp, 100000);
  k = first_stuck(&s, steady, 1e-6, 300, &reason);
  tap_ok(k == 25 && reason == CLM__STUCK_CAP, "phase_epochs 25 caps the phase (%zu, reason %d)", k, reason);
  clm__stuck_free(&s);
  /* goal 0: the relative window over accepted epochs (tol_rel 1e-3) */
  cp = rule(5, INFINITY);
  clm__stuck_alloc(&s, &cp, 100000);
  k = first_stuck(&s, flat_after_drop, 0.0, 300, &reason);
  tap_ok(k == 35 && reason == CLM__STUCK_WINDOW, "goal 0: window test cuts the flat run at %zu (reason %d)", k, reason);
  clm__stuck_free(&s);
  cp.window = 0;
  tap_ok(clm__stuck_alloc(&s, &cp, 10) == CLM_EPARAM, "window 0 rejected");
}

/* ---------------------------------------------------------------------- */
/* Weight compression against an independent forward pass */

enum { Q2 = 30 };
static double X2[2 * Q2], T2[Q2];

static clm_net *net_2layer(clm_transfer t1, clm_transfer t2, uint64_t seed) {
  for (int q = 0; q < Q2; q++) {
    X2[2 * q] = -1.0 + 2.0 * q / (Q2 - 1);
    X2[2 * q + 1] = cos(0.7 * q);
    T2[q] = sin(2.0 * X2[2 * q]) * X2[2 * q + 1];
  }
  size_t H[2] = {4, 3};
  clm_net *net = NULL;
  if (clm_feedforwardnet(&net, 2, H) != CLM_OK) return NULL;
  clm_net_set_transfer(net, 1, t1);
  clm_net_set_transfer(net, 2, t2);
  if (clm_configure(net, X2, 2, T2, 1, Q2, seed) != CLM_OK) {
    clm_net_free(net);
    return NULL;
  }
  return net;
}

/* reference: mean |n_j| of the 4 + 3 hidden neurons, serial, here */
static void ref_means(const clm_net *net, const double *Xp, const double *w, double *m) {
  memset(m, 0, 7 * sizeof *m);
  for (int q = 0; q < Q2; q++) {
    double a1[4], a2[3];
    for (int j = 0; j < 4; j++) {
      double n = w[net->b_off[1] + j];
      for (int r = 0; r < 2; r++) n += w[net->w_off[1] + j + 4 * r] * Xp[2 * q + r];
      m[j] += fabs(n) / Q2;
      a1[j] = net->transfer[1] == CLM_TANSIG ? tanh(n) : net->transfer[1] == CLM_LOGSIG ? 1 / (1 + exp(-n)) : n;
    }
    for (int j = 0; j < 3; j++) {
      double n = w[net->b_off[2] + j];
      for (int r = 0; r < 4; r++) n += w[net->w_off[2] + j + 3 * r] * a1[r];
      m[4 + j] += fabs(n) / Q2;
      a2[j] = n;
    }
    (void)a2;
  }
}

static void test_compress(void) {
  clm_net *net = net_2layer(CLM_TANSIG, CLM_LOGSIG, 5);
  if (!tap_ok(net != NULL, "configured a 2-4-3-1 tansig/logsig net")) return;
  const size_t P = net->n_wb;
  double *w = malloc(P * sizeof *w), *wc = malloc(P * sizeof *wc), Xp[2 * Q2];
  unsigned char skip[Q2];
  clm__data_prepare(net, X2, Q2, Xp, skip);
  clm_data d = {Q2, Xp, T2, skip};
  clm_getwb(net, w);
  for (size_t i = 0; i < P; i++) w[i] *= 3.0; /* saturate */
  clm__compress *c = NULL;
  int st = clm__compress_alloc(&c, net);
  tap_ok(st == CLM_OK && clm__compress_neurons(c) == 7, "7 compressible hidden neurons (%zu)", clm__compress_neurons(c));
  double m[7], mref[7];
  (void)m;
  clm__compress_means(c, &d, NULL, 0, w);
  ref_means(net, Xp, w, mref);
  double maxd = 0;
  for (int j = 0; j < 7; j++) maxd = fmax(maxd, tap_reldiff(clm__compress_mean(c)[j], mref[j], 1e-300));
  tap_ok(maxd < 1e-12, "mean |net input| matches the reference forward pass (max rel. diff %.2g)", maxd);
  /* compress to omega = 0.5: neurons above omega / gain end exactly there
   * (tansig gain 1, logsig 1/2), the others are untouched, the output
   * layer is never scaled */
  const double omega = 0.5;
  size_t nc = clm__compress_apply(c, w, omega, NULL, wc);
  size_t expect = 0;
  for (int j = 0; j < 7; j++) expect += mref[j] > (j < 4 ? omega : omega / 0.5);
  /* every mean is taken at the uncompressed weights, so each saturated
   * neuron's row and bias are scaled by tau / (gain m) */
  int ok = 1;
  for (int j = 0; j < 7; j++) {
    size_t l = j < 4 ? 1 : 2, row = j < 4 ? (size_t)j : (size_t)j - 4, S = net->size[l], R = net->size[l - 1];
    double target = j < 4 ? omega : omega / 0.5;
    double f = mref[j] > target ? target / mref[j] : 1.0;
    ok &= fabs(wc[net->b_off[l] + row] - f * w[net->b_off[l] + row]) <= 1e-15 * fabs(w[net->b_off[l] + row]);
    for (size_t r = 0; r < R; r++)
      ok &= fabs(wc[net->w_off[l] + row + r * S] - f * w[net->w_off[l] + row + r * S]) <=
            1e-15 * fabs(w[net->w_off[l] + row + r * S]);
  }
  size_t L = net->n_layers;
  for (size_t i = net->b_off[L]; i < net->b_off[L] + net->size[L]; i++) ok &= wc[i] == w[i];
  for (size_t i = 0; i < net->size[L] * net->size[L - 1]; i++) ok &= wc[net->w_off[L] + i] == w[net->w_off[L] + i];
  tap_ok(ok && nc == expect && expect > 0,
         "each saturated neuron's row and bias scaled by omega/(gain m); %zu of 7 compressed, output layer untouched", nc);
  /* layer 1 alone: its compressed means equal omega exactly */
  ref_means(net, Xp, wc, m);
  ok = 1;
  for (int j = 0; j < 4; j++) ok &= mref[j] > omega ? fabs(m[j] - omega) < 1e-12 : m[j] == mref[j];
  tap_ok(ok, "layer-1 neurons end with mean |net input| = omega");
  /* per-neuron targets: log_target shifts tau_j = omega e^v_j */
  double v[7] = {0.5, -0.5, 0, 1, -1, 0.2, 0};
  clm__compress_apply(c, w, omega, v, wc);
  ref_means(net, Xp, wc, m);
  ok = 1;
  for (int j = 0; j < 4; j++) {
    double tau = omega * exp(v[j]);
    ok &= mref[j] > tau ? fabs(m[j] - tau) < 1e-12 * tau : m[j] == mref[j];
  }
  tap_ok(ok, "per-neuron targets omega exp(v_j) are met");
  clm__compress_free(c);
  free(w);
  free(wc);
  clm_net_free(net);
  /* a cascade 2-4-3-1: layer 2 sees the input and layer 1 (W{2} = [IW LW]) */
  size_t Hc[2] = {4, 3};
  net = NULL;
  clm_cascadeforwardnet(&net, 2, Hc);
  clm_configure(net, X2, 2, T2, 1, Q2, 9);
  w = malloc(net->n_wb * sizeof *w);
  clm_getwb(net, w);
  clm__data_prepare(net, X2, Q2, Xp, skip);
  c = NULL;
  clm__compress_alloc(&c, net);
  clm__compress_means(c, &d, NULL, 0, w);
  for (int j = 0; j < 7; j++) mref[j] = 0;
  for (int q = 0; q < Q2; q++) {
    double a1[4];
    for (int j = 0; j < 4; j++) {
      double n = w[net->b_off[1] + j] + w[net->w_off[1] + j] * Xp[2 * q] + w[net->w_off[1] + j + 4] * Xp[2 * q + 1];
      mref[j] += fabs(n) / Q2;
      a1[j] = tanh(n);
    }
    for (int j = 0; j < 3; j++) {
      double n = w[net->b_off[2] + j];
      for (int r = 0; r < 2; r++) n += w[net->w_off[2] + j + 3 * r] * Xp[2 * q + r];
      for (int r = 0; r < 4; r++) n += w[net->w_off[2] + j + 3 * (2 + r)] * a1[r];
      mref[4 + j] += fabs(n) / Q2;
    }
  }
  maxd = 0;
  for (int j = 0; j < 7; j++) maxd = fmax(maxd, tap_reldiff(clm__compress_mean(c)[j], mref[j], 1e-300));
  tap_ok(clm__compress_neurons(c) == 7 && maxd < 1e-12,
         "cascade net: means over [input, layer 1] sources match the reference (max rel. diff %.2g)", maxd);
  clm__compress_free(c);
  free(w);
  clm_net_free(net);
  /* a purelin hidden layer has nothing to compress: the compression
   * escape refuses such a network */
  net = net_2layer(CLM_PURELIN, CLM_POSLIN, 5);
  clm_chaosparam cp = clm_chaosparam_default();
  cp.escape_mode = CLM_ESCAPE_COMPRESS;
  cp.max_escapes = 1;
  clm_escape *es = NULL;
  st = clm__escape_alloc(&es, net, &cp, 1, 1, Q2, 100);
  tap_ok(st == CLM_EPARAM && es == NULL, "compression escape on a net without saturating hidden layer: EPARAM");
  clm_net_free(net);
}

/* ---------------------------------------------------------------------- */
/* Escape modes and fresh starts inside clm_train */

static int same_record(const clm_record *a, const clm_record *b) {
  if (a->num_epochs != b->num_epochs || a->stop != b->stop || a->n_chaos_events != b->n_chaos_events ||
      a->n_chaos_evals != b->n_chaos_evals || a->n_escapes != b->n_escapes || a->n_reinits != b->n_reinits ||
      a->best_perf != b->best_perf)
    return 0;
  for (size_t e = 0; e <= a->num_epochs; e++)
    if (memcmp(&a->perf[e], &b->perf[e], sizeof(double))) return 0;
  for (size_t e = 0; e < a->n_chaos_events; e++)
    if (memcmp(&a->chaos_events[e], &b->chaos_events[e], sizeof a->chaos_events[e])) return 0;
  return 1;
}

/* The 8 samples of 3-bit parity, inputs and target in {-1, 1}. */
static void parity3(double X[24], double T[8]) {
  for (int q = 0; q < 8; q++) {
    int ones = 0;
    for (int i = 0; i < 3; i++) {
      int b = (q >> i) & 1;
      ones += b;
      X[3 * q + i] = b ? 1 : -1;
    }
    T[q] = (ones & 1) ? 1 : -1;
  }
}

static void test_train_modes(void) {
  /* parity-3 on a 3-2-1 net: LM stalls often */
  double X[24], T[8];
  parity3(X, T);
  size_t H = 2;
  clm_net *net = NULL;
  clm_feedforwardnet(&net, 1, &H);
  clm_net_set_divide(net, CLM_DIVIDETRAIN, 1, 0, 0);
  /* a start from which plain trainlm stalls above the goal */
  uint64_t seed = 0;
  for (uint64_t sd = 1; sd <= 60 && !seed; sd++) {
    clm_configure(net, X, 3, T, 1, 8, sd);
    clm_trainparam p = clm_trainparam_default(NULL);
    p.goal = 1e-3;
    p.epochs = 600;
    p.show = 0;
    clm_record rec;
    clm_record_init(&rec);
    if (clm_train(net, NULL, X, T, 8, &p, &rec) == CLM_OK && rec.best_perf > p.goal &&
        (rec.stop == CLM_STOP_MU_MAX || rec.stop == CLM_STOP_MIN_GRAD))
      seed = sd;
    clm_record_free(&rec);
  }
  if (!tap_ok(seed != 0, "a parity-3 3-2-1 start where trainlm stalls (seed %llu)", (unsigned long long)seed)) {
    clm_net_free(net);
    return;
  }
  clm_configure(net, X, 3, T, 1, 8, seed);
  const size_t P = net->n_wb;
  double *w0 = malloc(P * sizeof *w0), *wf = malloc(3 * P * sizeof *wf);
  clm_getwb(net, w0);
  const clm_escape_mode modes[2] = {CLM_ESCAPE_COMPRESS, CLM_ESCAPE_CHAOS_COMPRESS};
  for (int m = 0; m < 2; m++) {
    clm_trainparam p = clm_trainparam_default(NULL);
    p.goal = 1e-3;
    p.epochs = 600;
    p.show = 0;
    p.chaos.escape = 1;
    p.chaos.escape_mode = modes[m];
    p.chaos.max_escapes = 4;
    p.chaos.max_reinits = 3;
    clm_record rec[3];
    int st[3];
    for (int t = 0; t < 3; t++) {
      clm_setwb(net, w0);
      p.threads = t + 1;
      clm_record_init(&rec[t]);
      st[t] = clm_train(net, NULL, X, T, 8, &p, &rec[t]);
      clm_getwb(net, wf + t * P);
    }
    const clm_record *r = &rec[0];
    const uint64_t per = m == 0 ? 1 : 1 + 20; /* the means pass (+ 20 candidates) */
    int ev_ok = r->n_escapes >= 1;
    for (size_t e = 0; e < r->n_chaos_events; e++)
      ev_ok &= r->chaos_events[e].kind == 2 ? r->chaos_events[e].evals == 0 : r->chaos_events[e].evals == per;
    tap_ok(st[0] == CLM_OK && ev_ok,
           "%s: %zu compressions (%zu accepted), %zu fresh initnw starts, %llu evaluations (%llu per compression), "
           "stop \"%s\", perf %.3g",
           m ? "chaotic compression" : "compression", r->n_escapes, r->n_escapes_accepted, r->n_reinits,
           (unsigned long long)r->n_chaos_evals, (unsigned long long)per, clm_stop_text(r->stop), r->best_perf);
    tap_ok(st[1] == CLM_OK && st[2] == CLM_OK && same_record(&rec[0], &rec[1]) && same_record(&rec[0], &rec[2]) &&
               !memcmp(wf, wf + P, P * sizeof *wf) && !memcmp(wf, wf + 2 * P, P * sizeof *wf),
           "%s: identical records and weights with 1, 2 and 3 threads", m ? "chaotic compression" : "compression");
    for (int t = 0; t < 3; t++) clm_record_free(&rec[t]);
  }
  free(wf);
  free(w0);
  clm_net_free(net);
}

/* A fresh start without chaos.init draws the network's initFcn with the
 * seed key(seed, 1000 + r, 0, 0): the same weights clm__init_weights gives. */
static void test_initfcn_restart(void) {
  enum { Q = 20 };
  double X[Q], T[Q];
  for (int q = 0; q < Q; q++) {
    X[q] = q / 10.0;
    T[q] = sin(X[q]);
  }
  size_t H = 3;
  clm_net *net = NULL, *ref = NULL;
  clm_feedforwardnet(&net, 1, &H);
  clm_configure(net, X, 1, T, 1, Q, 3);
  const size_t P = net->n_wb;
  double Xp[Q], *wb = malloc(P * sizeof *wb), *wr = malloc(P * sizeof *wr);
  unsigned char skip[Q];
  clm__data_prepare(net, X, Q, Xp, skip);
  clm_data d = {Q, Xp, T, skip};
  clm_chaosparam cp = clm_chaosparam_default();
  cp.escape = 1;
  cp.max_reinits = 2;
  clm_escape *es = NULL;
  int st = clm__escape_alloc(&es, net, &cp, 99, 1, Q, 100);
  clm_getwb(net, wb);
  int jumped = 0;
  clm_record rec;
  clm_record_init(&rec);
  clm__escape_after_epoch(es, &d, NULL, 0, wb, 1.0, 1e-6, 0, &rec, 0, &jumped);
  clm__escape_after_epoch(es, &d, NULL, 0, wb, 0.9, 1e-6, 1, &rec, 1, &jumped);
  clm_net_copy(net, &ref);
  clm__init_weights(ref, clm__chaos_key(99, 1001, 0, 0));
  clm_getwb(ref, wr);
  tap_ok(st == CLM_OK && jumped && rec.n_reinits == 1 && rec.chaos_events[0].kind == 2 &&
             rec.chaos_events[0].evals == 0 && !memcmp(wb, wr, P * sizeof *wb),
         "stalled -> fresh initnw start with seed key(99, 1001): weights identical to clm__init_weights");
  clm__escape_free(es);
  /* reinit = CHAOS without chaos.init: an initnw start, chaotic fresh starts */
  cp.reinit = CLM_REINIT_CHAOS;
  es = NULL;
  st = clm__escape_alloc(&es, net, &cp, 99, 1, Q, 100);
  clm_getwb(net, wb);
  clm__escape_after_epoch(es, &d, NULL, 0, wb, 1.0, 1e-6, 0, &rec, 0, &jumped);
  clm__escape_after_epoch(es, &d, NULL, 0, wb, 0.9, 1e-6, 1, &rec, 1, &jumped);
  tap_ok(st == CLM_OK && jumped && rec.n_reinits == 2 && rec.chaos_events[1].kind == 2 &&
             rec.chaos_events[1].evals == 40 && memcmp(wb, wr, P * sizeof *wb) != 0,
         "reinit = chaos: the fresh start is a chaotic search (%llu evaluations)",
         (unsigned long long)rec.chaos_events[1].evals);
  /* allocation-free draw = clm__init_weights, for initnw and rands */
  clm__init_scratch *sc = NULL;
  int ok = clm__init_scratch_alloc(&sc, net) == CLM_OK;
  for (int f = 0; f < 2 && ok; f++) {
    clm_net_set_initfcn(ref, f ? CLM_RANDS : CLM_INITNW);
    for (uint64_t s = 0; s < 3; s++) {
      clm__init_weights(ref, s);
      clm_getwb(ref, wr);
      ok &= clm__init_weights_into(ref, s, sc, wb) == CLM_OK && !memcmp(wb, wr, P * sizeof *wb);
    }
  }
  tap_ok(ok, "clm__init_weights_into reuses its scratch and draws what clm__init_weights draws");
  clm__init_scratch_free(sc);
  clm_record_free(&rec);
  clm__escape_free(es);
  clm_net_free(ref);
  clm_net_free(net);
  free(wb);
  free(wr);
}

/* The race: K runs from the searches' bests, successive halving; the
 * result is bit-identical for any thread count and the counters add up. */
static void test_race(void) {
  double X[24], T[8];
  parity3(X, T);
  size_t H = 2;
  clm_net *net = NULL;
  clm_feedforwardnet(&net, 1, &H);
  clm_net_set_divide(net, CLM_DIVIDETRAIN, 1, 0, 0);
  clm_configure(net, X, 3, T, 1, 8, 11);
  const size_t P = net->n_wb;
  double *w0 = malloc(P * sizeof *w0), *wf = malloc(3 * P * sizeof *wf);
  clm_getwb(net, w0);
  clm_trainparam p = clm_trainparam_default(NULL);
  p.goal = 1e-3;
  p.epochs = 3000;
  p.show = 0;
  p.seed = 5;
  p.chaos.race = 6;
  p.chaos.race_epochs = 4;
  p.chaos.escape = 1;
  p.chaos.max_reinits = 5;
  clm_record rec[3];
  int st[3];
  for (int t = 0; t < 3; t++) {
    clm_setwb(net, w0);
    p.threads = t + 1;
    clm_record_init(&rec[t]);
    st[t] = clm_train(net, NULL, X, T, 8, &p, &rec[t]);
    clm_getwb(net, wf + t * P);
  }
  const clm_record *r = &rec[0];
  double perf = NAN;
  clm_setwb(net, wf);
  clm_perform(net, X, T, 8, &perf, NULL);
  tap_ok(st[0] == CLM_OK && r->stop == CLM_STOP_GOAL && r->best_perf <= p.goal && perf == r->best_perf &&
             r->n_chaos_events == r->n_reinits + 1 && r->chaos_events[0].kind == 0 &&
             r->n_chaos_evals == (r->n_reinits + 1) * 42 && r->n_jacobian > r->num_epochs,
         "race of 6 on parity-3 3-2-1: %s, perf %.3g (the returned net's), %zu rounds, %llu Jacobians for the "
         "winner's %zu epochs, %llu chaotic evaluations (7 per search)",
         clm_stop_text(r->stop), r->best_perf, r->n_reinits + 1, (unsigned long long)r->n_jacobian, r->num_epochs,
         (unsigned long long)r->n_chaos_evals);
  tap_ok(st[1] == CLM_OK && st[2] == CLM_OK && same_record(&rec[0], &rec[1]) && same_record(&rec[0], &rec[2]) &&
             rec[1].n_jacobian == r->n_jacobian && rec[2].n_factor == r->n_factor &&
             !memcmp(wf, wf + P, P * sizeof *wf) && !memcmp(wf, wf + 2 * P, P * sizeof *wf),
         "race: identical records, counters and weights with 1, 2 and 3 threads");
  for (int t = 0; t < 3; t++) clm_record_free(&rec[t]);
  /* one round, no escape: the budget of member epochs is respected */
  p.chaos.escape = 0;
  p.goal = 1e-30;
  p.epochs = 100;
  p.threads = 2;
  clm_record_init(&rec[0]);
  st[0] = clm_train(net, NULL, X, T, 8, &p, &rec[0]);
  tap_ok(st[0] == CLM_OK && r->n_reinits == 0 && (r->stop == CLM_STOP_EPOCHS || r->stop == CLM_STOP_MIN_GRAD ||
                                                  r->stop == CLM_STOP_MU_MAX) &&
             r->n_jacobian <= 100 + 1 + 6 + 6,
         "goal out of reach, 100 member epochs: stop \"%s\", %llu Jacobians (<= 100 epochs + epoch 0 of 7 sessions)",
         clm_stop_text(r->stop), (unsigned long long)r->n_jacobian);
  clm_record_free(&rec[0]);
  p.checkpoint_path = "/nonexistent/x.net";
  p.checkpoint_every = 1;
  tap_ok(clm_train(net, NULL, X, T, 8, &p, NULL) == CLM_EPARAM, "race with a checkpoint path: CLM_EPARAM");
  free(w0);
  free(wf);
  clm_net_free(net);
}

int main(void) {
  test_stuck_rule();
  test_compress();
  test_train_modes();
  test_initfcn_restart();
  test_race();
  return tap_done();
}
