/* chaoslm tests — chaotic search (chaos/): logistic streams, the generic
 * search core on mock objectives, clm_initchaos on a network, determinism
 * across thread counts, and the chaotic escape inside clm_train.
 * GPL-3.0-or-later. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "tap.h"
#include "chaoslm.h"
#include "net_internal.h"
#include "chaos_core.h"
#include "chaos_internal.h"

/* ---------------------------------------------------------------------- */
static void test_streams(void) {
  /* values strictly inside (0,1), never in a collapse neighbourhood, for
   * long runs of several orbits in every mode */
  const clm_chaos_stream modes[4] = {CLM_CHAOS_RAW, CLM_CHAOS_UNIFORMISED,
                                     CLM_CHAOS_PRNG_UNIFORM, CLM_CHAOS_PRNG_ARCSINE};
  const char *names[4] = {"raw", "uniformised", "prng-uniform", "prng-arcsine"};
  for (int m = 0; m < 4; m++) {
    int inside = 1;
    double sum = 0, sum2 = 0;
    size_t n = 0, lowq = 0;
    uint64_t reseeds = 0;
    for (uint64_t i = 0; i < 8; i++) {
      clm__orbit o;
      clm__orbit_seed(&o, modes[m], 42, 0, 3, i, 16);
      for (int j = 0; j < 200000; j++) {
        double v = clm__orbit_next(&o, modes[m]);
        if (!(v > 0.0 && v < 1.0)) inside = 0;
        if (m <= 1 && (o.z <= CLM__CHAOS_EPS || o.z >= 1 - CLM__CHAOS_EPS || fabs(o.z - 0.75) <= CLM__CHAOS_EPS))
          inside = 0;
        sum += v;
        sum2 += v * v;
        lowq += v < 0.25;
        n++;
      }
      reseeds += o.n_reseed;
    }
    double mean = sum / n, var = sum2 / n - mean * mean, fq = (double)lowq / n;
    tap_ok(inside, "%s: 1.6e6 values in (0,1), none collapsed (%llu re-seeds)", names[m],
           (unsigned long long)reseeds);
    tap_ok(fabs(mean - 0.5) < 0.01, "%s: mean %.4f ~ 1/2", names[m], mean);
    /* uniform: var 1/12, P(v<1/4) = 1/4; arcsine: var 1/8, P(z<1/4) = 1/3 */
    int arcsine = (m == 0 || m == 3);
    double var_ref = arcsine ? 0.125 : 1.0 / 12, fq_ref = arcsine ? 1.0 / 3 : 0.25;
    tap_ok(fabs(var - var_ref) < 0.005 && fabs(fq - fq_ref) < 0.01,
           "%s: variance %.4f (%.4f), P(v<1/4) %.4f (%.4f)", names[m], var, var_ref, fq, fq_ref);
  }

  /* forced collapses are repaired from the next counter of the same key */
  const double bad[4] = {0.5, 0.75, 0.25, 1e-300};
  for (int b = 0; b < 4; b++) {
    clm__orbit o;
    clm__orbit_seed(&o, CLM_CHAOS_RAW, 7, 1, 2, 3, 0);
    uint64_t ctr0 = o.ctr;
    o.z = bad[b];
    double v = clm__orbit_next(&o, CLM_CHAOS_RAW);
    clm__orbit o2 = o;
    o2.z = bad[b];
    o2.ctr = ctr0;
    o2.n_reseed = 0;
    double v2 = clm__orbit_next(&o2, CLM_CHAOS_RAW);
    tap_ok(o.n_reseed == 1 && o.ctr > ctr0 && v >= CLM__CHAOS_DELTA && v <= 1 - CLM__CHAOS_DELTA &&
               fabs(v - 0.25) >= CLM__CHAOS_DELTA && fabs(v - 0.5) >= CLM__CHAOS_DELTA &&
               fabs(v - 0.75) >= CLM__CHAOS_DELTA && v == v2,
           "z = %g is re-seeded to %.6f (counter %llu -> %llu), reproducibly", bad[b], v,
           (unsigned long long)ctr0, (unsigned long long)o.ctr);
    /* the orbit goes on normally afterwards */
    double w = clm__orbit_next(&o, CLM_CHAOS_RAW);
    tap_ok(w == 4 * v * (1 - v) && o.n_reseed == 1, "after re-seeding the orbit continues z <- 4z(1-z)");
  }

  /* seeds avoid the special points over many keys */
  int seeds_ok = 1;
  for (uint64_t i = 0; i < 100000; i++) {
    clm__orbit o;
    clm__orbit_seed(&o, CLM_CHAOS_RAW, i, 0, 0, 0, 0);
    double z = o.z;
    if (z < CLM__CHAOS_DELTA || z > 1 - CLM__CHAOS_DELTA || fabs(z - 0.25) < CLM__CHAOS_DELTA ||
        fabs(z - 0.5) < CLM__CHAOS_DELTA || fabs(z - 0.75) < CLM__CHAOS_DELTA)
      seeds_ok = 0;
  }
  tap_ok(seeds_ok, "1e5 seeds all keep distance 1e-3 from 0, 1/4, 1/2, 3/4, 1");

  /* keys depend on every one of (seed, phase, k, i), and on their order */
  uint64_t k0 = clm__chaos_key(1, 2, 3, 4);
  tap_ok(k0 != clm__chaos_key(0, 2, 3, 4) && k0 != clm__chaos_key(1, 0, 3, 4) &&
             k0 != clm__chaos_key(1, 2, 0, 4) && k0 != clm__chaos_key(1, 2, 3, 0) &&
             k0 != clm__chaos_key(2, 1, 3, 4) && k0 != clm__chaos_key(1, 2, 4, 3) &&
             k0 == clm__chaos_key(1, 2, 3, 4),
         "orbit keys depend on seed, phase, search and weight index (and their order)");
  /* distinct orbits: 4 x 4 x 4 x 16 orbits, first 8 values, no two equal */
  enum { NO = 4 * 4 * 4 * 16 };
  static double first[NO][8];
  size_t o_i = 0;
  for (uint64_t s = 0; s < 4; s++)
    for (uint64_t p = 0; p < 4; p++)
      for (uint64_t k = 0; k < 4; k++)
        for (uint64_t i = 0; i < 16; i++, o_i++) {
          clm__orbit o;
          clm__orbit_seed(&o, CLM_CHAOS_RAW, s, p == 3 ? 1001 : p, k, i, 16);
          for (int j = 0; j < 8; j++) first[o_i][j] = clm__orbit_next(&o, CLM_CHAOS_RAW);
        }
  int distinct = 1;
  for (size_t a = 0; a < NO; a++)
    for (size_t b = a + 1; b < NO; b++)
      for (int j = 0; j < 8; j++)
        if (first[a][j] == first[b][j]) distinct = 0;
  tap_ok(distinct, "1024 orbits over (seed, phase, search, weight) share no value in their first 8");
  /* correlation between neighbouring weights' orbits is small */
  {
    clm__orbit a, b;
    clm__orbit_seed(&a, CLM_CHAOS_RAW, 5, 0, 0, 0, 16);
    clm__orbit_seed(&b, CLM_CHAOS_RAW, 5, 0, 0, 1, 16);
    double sab = 0, sa = 0, sb = 0, saa = 0, sbb = 0;
    const int n = 100000;
    for (int j = 0; j < n; j++) {
      double x = clm__orbit_next(&a, CLM_CHAOS_RAW), y = clm__orbit_next(&b, CLM_CHAOS_RAW);
      sab += x * y; sa += x; sb += y; saa += x * x; sbb += y * y;
    }
    double cov = sab / n - sa / n * sb / n;
    double r = cov / sqrt((saa / n - sa / n * sa / n) * (sbb / n - sb / n * sb / n));
    tap_ok(fabs(r) < 0.02, "orbits of weights 0 and 1 are uncorrelated (r = %.4f)", r);
  }
}

/* ---------------------------------------------------------------------- */
/* Mock objectives for the core */
typedef struct mock {
  size_t D;
  int mode;            /* 0 Rastrigin, 1 coarse plateau (ties), 2 NaN region, 3 error at call j */
  double fmin[64];     /* per slot: smallest f seen */
  uint64_t calls[64];  /* per slot */
  int nslots;
} mock;

static int mock_fn(void *ctx, int slot, const double *w, double *f) {
  mock *m = ctx;
  if (slot < 0 || slot >= m->nslots) return CLM_EINTERNAL;
  double v = 0;
  for (size_t i = 0; i < m->D; i++) {
    double x = w[i] - 0.3;
    v += x * x - 0.5 * cos(6.0 * x) + 0.5;
  }
  if (m->mode == 1) v = floor(v * 2.0); /* many ties */
  if (m->mode == 2 && w[0] > 0.0) v = NAN;
  if (m->mode == 3 && w[0] > 0.9) return CLM_ENAN;
  double fv = isnan(v) ? INFINITY : v;
  if (fv < m->fmin[slot]) m->fmin[slot] = fv;
  m->calls[slot]++;
  *f = v;
  return CLM_OK;
}

static int run_mock(mock *m, int mode, int threads, size_t K, size_t S, size_t T, double *w,
                    double *f, uint64_t *ev) {
  const size_t D = 6;
  double c[6], r[6], lo[6], hi[6];
  for (size_t i = 0; i < D; i++) { c[i] = 0; r[i] = 2; lo[i] = -2; hi[i] = 2; }
  memset(m, 0, sizeof *m);
  m->D = D;
  m->mode = mode;
  m->nslots = 64;
  for (int s = 0; s < 64; s++) m->fmin[s] = INFINITY;
  clm__chaos_ws *ws = NULL;
  if (clm__chaos_ws_alloc(&ws, D, K, T) != CLM_OK) return -1;
  clm__chaos_search sp = {D, K, S, T, 0.5, CLM_CHAOS_RAW, 16, 99, 0, c, r, lo, hi};
  int st = clm__chaos_minimise(ws, &sp, mock_fn, m, threads, w, f, ev, NULL);
  clm__chaos_ws_free(ws);
  return st;
}

static void test_core(void) {
  mock m;
  double w1[6], w2[6], w3[6], f1, f2, f3;
  uint64_t ev;
  int st = run_mock(&m, 0, 1, 10, 4, 3, w1, &f1, &ev);
  double fmin = INFINITY;
  uint64_t calls = 0;
  for (int s = 0; s < 64; s++) { if (m.fmin[s] < fmin) fmin = m.fmin[s]; calls += m.calls[s]; }
  tap_ok(st == CLM_OK && f1 == fmin && ev == 120 && calls == 120,
         "best (%.6f) is the minimum over all %llu evaluated candidates; evals reported %llu", f1,
         (unsigned long long)calls, (unsigned long long)ev);
  double fchk;
  mock_fn(&m, 0, w1, &fchk);
  tap_ok(fchk == f1, "the returned point has the returned error");
  int inbox = 1;
  for (int i = 0; i < 6; i++) inbox &= (w1[i] >= -2 && w1[i] <= 2);
  tap_ok(inbox, "the best point lies in the clamp box");
  /* mutative scale helps: 4 stages beat 1 stage of the same budget on this smooth bowl */
  double wq[6], fq;
  run_mock(&m, 0, 1, 10, 1, 12, wq, &fq, &ev);
  tap_ok(f1 < fq, "4 shrinking stages (%.4f) beat one global stage (%.4f) at 120 evaluations", f1, fq);

  for (int mode = 0; mode < 3; mode++) {
    run_mock(&m, mode, 1, 7, 3, 5, w1, &f1, &ev);
    run_mock(&m, mode, 2, 7, 3, 5, w2, &f2, &ev);
    run_mock(&m, mode, 3, 7, 3, 5, w3, &f3, &ev);
    tap_ok(memcmp(w1, w2, sizeof w1) == 0 && memcmp(w1, w3, sizeof w1) == 0 &&
               memcmp(&f1, &f2, sizeof f1) == 0 && memcmp(&f1, &f3, sizeof f1) == 0,
           "mock %d: bit-identical best with 1, 2 and 3 threads (f = %g)", mode, f1);
  }
  run_mock(&m, 2, 2, 7, 3, 5, w1, &f1, &ev);
  tap_ok(isfinite(f1) && w1[0] <= 0.0, "NaN errors count as +inf (best %.4f has w0 = %.3f <= 0)", f1, w1[0]);
  st = run_mock(&m, 3, 2, 7, 3, 5, w1, &f1, &ev);
  tap_ok(st == CLM_ENAN, "an objective failure is returned (%s)", clm_status_name(st));
  tap_ok(clm__chaos_per_stage(120, 10, 4) == 3 && clm__chaos_per_stage(121, 10, 4) == 4 &&
             clm__chaos_per_stage(1, 10, 4) == 1,
         "T = ceil(E / (K S))");
}

/* ---------------------------------------------------------------------- */
/* A small regression net */
enum { Q1 = 41 };
static double X1[Q1], T1[Q1];
static clm_net *make_net(size_t H, uint64_t seed) {
  for (int q = 0; q < Q1; q++) {
    X1[q] = -1.0 + 2.0 * q / (Q1 - 1);
    T1[q] = sin(3.0 * X1[q]) + 0.3 * X1[q];
  }
  clm_net *net = NULL;
  if (clm_feedforwardnet(&net, 1, &H) != CLM_OK) return NULL;
  if (clm_configure(net, X1, 1, T1, 1, Q1, seed) != CLM_OK) {
    clm_net_free(net);
    return NULL;
  }
  return net;
}

static void test_initchaos(void) {
  clm_net *net = make_net(6, 1);
  if (!tap_ok(net != NULL, "configured a 1-6-1 net")) return;
  const size_t P = clm_net_num_weights(net);
  double *w[3], perf[3];
  uint64_t ev[3];
  int st[3];
  clm_chaosparam cp = clm_chaosparam_default();
  for (int t = 0; t < 3; t++) {
    w[t] = malloc(P * sizeof(double));
    st[t] = clm_initchaos(net, X1, T1, Q1, &cp, 2024, t + 1, &ev[t], &perf[t]);
    clm_getwb(net, w[t]);
  }
  tap_ok(st[0] == CLM_OK && st[1] == CLM_OK && st[2] == CLM_OK && ev[0] == 40,
         "clm_initchaos works (%s), 40 evaluations (the default)", clm_status_name(st[0]));
  tap_ok(memcmp(w[0], w[1], P * sizeof(double)) == 0 && memcmp(w[0], w[2], P * sizeof(double)) == 0 &&
             perf[0] == perf[1] && perf[0] == perf[2],
         "bit-identical weights and perf with 1, 2 and 3 threads");
  double pchk = NAN;
  clm_perform(net, X1, T1, Q1, &pchk, NULL);
  tap_ok(tap_reldiff(pchk, perf[0], 1e-300) < 1e-12, "reported perf %.6g matches clm_perform %.6g", perf[0], pchk);
  /* versus the box centre (all weights 0) */
  double *z = calloc(P, sizeof(double)), pc = NAN;
  clm_setwb(net, z);
  clm_perform(net, X1, T1, Q1, &pc, NULL);
  tap_ok(perf[0] < 0.5 * pc, "chaos init perf %.4g is well below the box centre's %.4g", perf[0], pc);
  /* every weight in the unit box */
  int inbox = 1;
  for (size_t i = 0; i < P; i++) inbox &= fabs(w[0][i]) <= 1.0;
  tap_ok(inbox, "unit box respected");
  /* better than the median of initnw/rands draws at the same seedless level? compare with
   * the mean of 20 rands initialisations (not a pass/fail of the method, a sanity check) */
  clm_net_set_initfcn(net, CLM_RANDS);
  double mean_r = 0;
  for (int s = 0; s < 20; s++) {
    double pr;
    clm_init(net, 500 + s);
    clm_perform(net, X1, T1, Q1, &pr, NULL);
    mean_r += pr / 20;
  }
  tap_ok(perf[0] < mean_r, "chaos init perf %.4g below the mean of 20 rands draws %.4g", perf[0], mean_r);
  /* seed and stream matter */
  double ws[2];
  clm_initchaos(net, X1, T1, Q1, &cp, 2025, 2, NULL, &ws[0]);
  cp.stream = CLM_CHAOS_PRNG_UNIFORM;
  clm_initchaos(net, X1, T1, Q1, &cp, 2024, 2, NULL, &ws[1]);
  tap_ok(ws[0] != perf[0] && ws[1] != perf[0], "other seed / other stream give other points");
  /* nw box */
  cp = clm_chaosparam_default();
  cp.box = CLM_CHAOS_BOX_NW;
  double pnw;
  int s2 = clm_initchaos(net, X1, T1, Q1, &cp, 2024, 2, NULL, &pnw);
  clm_getwb(net, w[1]);
  double beta = 0.7 * pow(6.0, 1.0) * 2.0;
  int nw_ok = 1, wider = 0;
  for (size_t i = 0; i < P; i++) {
    double lim = i < 12 ? beta : 1.0; /* b1 (6) and IW (6) first */
    nw_ok &= fabs(w[1][i]) <= lim;
    wider |= fabs(w[1][i]) > 1.0;
  }
  tap_ok(s2 == CLM_OK && nw_ok && wider, "nw box: layer-1 weights within +-%.2f, some beyond 1", beta);

  /* errors leave the net untouched */
  clm_getwb(net, w[2]);
  cp.searches = 0;
  int e1 = clm_initchaos(net, X1, T1, Q1, &cp, 1, 1, NULL, NULL);
  char msg[128];
  int e1b = clm_chaosparam_check(&cp, msg, sizeof msg);
  cp = clm_chaosparam_default();
  int e2 = clm_initchaos(NULL, X1, T1, Q1, &cp, 1, 1, NULL, NULL);
  int e3 = clm_initchaos(net, X1, T1, 0, &cp, 1, 1, NULL, NULL);
  double Xi[Q1];
  memcpy(Xi, X1, sizeof Xi);
  Xi[3] = INFINITY;
  int e4 = clm_initchaos(net, Xi, T1, Q1, &cp, 1, 1, NULL, NULL);
  clm_net *un = NULL;
  size_t H = 3;
  clm_feedforwardnet(&un, 1, &H);
  int e5 = clm_initchaos(un, X1, T1, Q1, &cp, 1, 1, NULL, NULL);
  clm_net_free(un);
  double *wa = malloc(P * sizeof(double));
  clm_getwb(net, wa);
  tap_ok(e1 == CLM_EPARAM && e1b == CLM_EPARAM && strstr(msg, "searches") && e2 == CLM_ENULL &&
             e3 == CLM_ESIZE && e4 == CLM_EINF && e5 == CLM_ENOTCONFIGURED &&
             memcmp(wa, w[2], P * sizeof(double)) == 0,
         "bad inputs: EPARAM (\"%s\"), ENULL, ESIZE, EINF, ENOTCONFIGURED; net unchanged", msg);
  free(wa);
  clm_chaosparam d = clm_chaosparam_default();
  tap_ok(d.searches == 10 && d.stages == 1 && d.shrink == 0.5 && d.init_evals == 40 && d.window == 5 &&
             d.tol_rel == 1e-3 && d.phase_epochs == 0 && isinf(d.horizon) && d.escape_mode == CLM_ESCAPE_SEARCH &&
             d.wc_omega == 0.1 && d.wc_rho == 1.1 && d.wc_spread == 1.0 && d.race == 0 && d.race_epochs == 5 &&
             d.race_keep == 0.5 && d.escape_stages == 2 && d.escape_evals == 20 &&
             d.rho0 == 0.1 && d.rho_max == 4 && d.w_max == 50 && d.tol_acc == 1e-6 && d.max_escapes == 0 &&
             d.max_reinits == 1 && d.warmup == 16 && d.stream == CLM_CHAOS_UNIFORMISED &&
             d.box == CLM_CHAOS_BOX_UNIT && !d.init && !d.escape && clm_chaosparam_check(&d, NULL, 0) == CLM_OK,
         "defaults are the calibrated ones (doc/chaos.md)");
  free(z);
  for (int t = 0; t < 3; t++) free(w[t]);
  clm_net_free(net);
}

/* The escape state machine driven by a synthetic epoch sequence: the
 * stuck signals, the order escape, escape, re-init, escape, escape, then
 * exhausted; acceptance; the records; bit-identical jumps for 1/2/3 threads. */
static void run_machine(clm_net *net, int threads, double *wb_final, clm_record *rec, int *ok_seq,
                        int *pending_end) {
  const size_t P = clm_net_num_weights(net);
  double Xp[Q1];
  unsigned char skip[Q1];
  clm__data_prepare(net, X1, Q1, Xp, skip);
  clm_data d = {Q1, Xp, T1, skip};
  clm_chaosparam cp = clm_chaosparam_default();
  cp.escape = 1;
  cp.init = 1; /* fresh starts by chaotic search (40 evaluations) */
  cp.max_escapes = 2;
  cp.max_reinits = 1;
  clm_trainparam p = clm_trainparam_default(NULL);
  p.goal = 1e-6;
  p.epochs = 1000;
  clm_escape *es = NULL;
  int st = clm__escape_alloc(&es, net, &cp, 77, threads, Q1, p.epochs);
  double *wb = malloc(P * sizeof(double));
  clm_getwb(net, wb);
  clm_record_init(rec);
  *ok_seq = st == CLM_OK;
  /* epoch 0: start; epochs 1..: perf slowly falls, a stuck signal every few epochs */
  const int expect_kind[6] = {1, 1, 2, 1, 1, -1};
  double perf = 1.0;
  int jumps = 0, ji = 0;
  size_t epoch = 0;
  int jumped = 0;
  clm__escape_after_epoch(es, &d, NULL, 0, wb, perf, p.goal, 0, rec, epoch, &jumped);
  *ok_seq &= !jumped && clm__escape_pending(es);
  for (int round = 0; round < 6 && *ok_seq; round++) {
    /* three ordinary epochs with good progress: not stuck */
    for (int e = 0; e < 3; e++) {
      perf *= 0.5;
      epoch++;
      clm__escape_after_epoch(es, &d, NULL, 0, wb, perf, p.goal, 0, rec, epoch, &jumped);
      *ok_seq &= !jumped;
    }
    /* then mu explodes: stuck.  Round 1 ends better than the incumbent
     * (its escape is accepted), round 2 worse (rejected). */
    epoch++;
    double pe = round == 1 ? perf * 0.1 : (round == 2 ? 0.9 : perf);
    clm__escape_after_epoch(es, &d, NULL, 0, wb, pe, p.goal, 1, rec, epoch, &jumped);
    if (expect_kind[round] < 0) {
      *ok_seq &= !jumped && !clm__escape_pending(es);
    } else {
      *ok_seq &= jumped && rec->n_chaos_events == (size_t)ji + 1 &&
                 rec->chaos_events[ji].kind == expect_kind[round] && rec->chaos_events[ji].epoch == epoch &&
                 rec->chaos_events[ji].evals == (expect_kind[round] == 1 ? 20u : 40u);
      ji++;
      jumps++;
      perf = 0.8; /* the driver re-evaluates at the new point */
    }
  }
  /* a phase that uses L_phase epochs is stuck too (machine exhausted now, so no jump) */
  memcpy(wb_final, wb, P * sizeof(double));
  *pending_end = clm__escape_pending(es);
  clm__escape_free(es);
  free(wb);
}

static void test_escape_machine(void) {
  clm_net *net = make_net(4, 3);
  if (!tap_ok(net != NULL, "configured a 1-4-1 net")) return;
  const size_t P = clm_net_num_weights(net);
  double *w[3];
  clm_record rec[3];
  int ok[3], pend[3];
  for (int t = 0; t < 3; t++) {
    w[t] = malloc(P * sizeof(double));
    run_machine(net, t + 1, w[t], &rec[t], &ok[t], &pend[t]);
  }
  tap_ok(ok[0], "stuck signals give escape, escape, re-init, escape, escape, then exhausted");
  clm_record *r = &rec[0];
  tap_ok(r->n_escapes == 4 && r->n_reinits == 1 && r->n_chaos_evals == 4 * 20 + 40 && r->n_chaos_events == 5 &&
             r->chaos_events_capacity == 5 && !pend[0],
         "record: %zu escapes, %zu re-inits, %llu evaluations, %zu events (capacity %zu reserved once)",
         r->n_escapes, r->n_reinits, (unsigned long long)r->n_chaos_evals, r->n_chaos_events,
         r->chaos_events_capacity);
  tap_ok(r->n_chaos_events == 5 && r->chaos_events[0].accepted && !r->chaos_events[1].accepted &&
             r->n_escapes_accepted == 1 && r->chaos_events[0].perf_after < r->chaos_events[0].perf_before && r->chaos_events[1].perf_after > r->chaos_events[1].perf_before,
         "an escape whose LM phase ends below the incumbent is accepted (%zu accepted)", r->n_escapes_accepted);
  int same = 1;
  for (int t = 1; t < 3; t++) {
    same &= ok[t] && memcmp(w[0], w[t], P * sizeof(double)) == 0 && rec[t].n_chaos_events == r->n_chaos_events;
    for (size_t e = 0; same && e < r->n_chaos_events; e++)
      same &= memcmp(&rec[t].chaos_events[e], &r->chaos_events[e], sizeof r->chaos_events[e]) == 0;
  }
  tap_ok(same, "jumps and events bit-identical with 1, 2 and 3 threads");
  for (int t = 0; t < 3; t++) {
    clm_record_free(&rec[t]);
    free(w[t]);
  }
  /* no escapes and no re-inits: never pending */
  clm_chaosparam cp = clm_chaosparam_default();
  cp.max_escapes = 0;
  cp.max_reinits = 0;
  clm_escape *es = NULL;
  int st = clm__escape_alloc(&es, net, &cp, 1, 1, Q1, 1000);
  tap_ok(st == CLM_OK && !clm__escape_pending(es), "max_escapes = max_reinits = 0: nothing pending");
  clm__escape_free(es);
  cp.rho0 = 0;
  st = clm__escape_alloc(&es, net, &cp, 1, 1, Q1, 1000);
  tap_ok(st == CLM_EPARAM && es == NULL, "escape_alloc checks its parameters");
  clm_net_free(net);
}

/* clm_train with chaos init and escape: XOR 2-2-1 from an initnw start on
 * which plain trainlm stalls (found by scanning seeds), so the escape path is
 * taken; records identical for 1, 2 and 3 threads. */
static int same_record(const clm_record *a, const clm_record *b) {
  if (a->num_epochs != b->num_epochs || a->stop != b->stop || a->n_chaos_events != b->n_chaos_events ||
      a->n_chaos_evals != b->n_chaos_evals || a->n_escapes != b->n_escapes || a->n_reinits != b->n_reinits ||
      a->n_escapes_accepted != b->n_escapes_accepted || a->best_perf != b->best_perf)
    return 0;
  for (size_t e = 0; e <= a->num_epochs; e++)
    if (memcmp(&a->perf[e], &b->perf[e], sizeof(double)) || memcmp(&a->mu[e], &b->mu[e], sizeof(double)))
      return 0;
  for (size_t e = 0; e < a->n_chaos_events; e++)
    if (memcmp(&a->chaos_events[e], &b->chaos_events[e], sizeof a->chaos_events[e])) return 0;
  return 1;
}

static void test_train_escape(void) {
  const double X[8] = {-1, -1, -1, 1, 1, -1, 1, 1}, T[4] = {-1, 1, 1, -1};
  size_t H = 2;
  clm_net *net = NULL;
  clm_feedforwardnet(&net, 1, &H);
  clm_net_set_divide(net, CLM_DIVIDETRAIN, 1, 0, 0);
  clm_trainparam p = clm_trainparam_default(NULL);
  p.goal = 1e-3;
  p.epochs = 300;
  p.show = 0;
  p.threads = 1;
  const size_t P = 9;
  double w0[9];
  uint64_t bad_seed = 0;
  int found = 0;
  for (uint64_t s = 1; s <= 60 && !found; s++) {
    clm_configure(net, X, 2, T, 1, 4, s);
    clm_getwb(net, w0);
    clm_record r;
    clm_record_init(&r);
    int st = clm_train(net, NULL, X, T, 4, &p, &r);
    if (st == CLM_OK && r.best_perf > p.goal && (r.stop == CLM_STOP_MU_MAX || r.stop == CLM_STOP_MIN_GRAD)) {
      found = 1;
      bad_seed = s;
    }
    clm_record_free(&r);
  }
  if (!tap_ok(found, "found an XOR 2-2-1 start where trainlm stalls (seed %llu)", (unsigned long long)bad_seed)) {
    clm_net_free(net);
    return;
  }
  p.chaos.escape = 1;
  p.chaos.max_escapes = 2;
  p.chaos.max_reinits = 10;
  p.epochs = 2000;
  clm_record rec[3];
  double wf[3][9];
  int st[3];
  for (int t = 0; t < 3; t++) {
    clm_setwb(net, w0);
    p.threads = t + 1;
    clm_record_init(&rec[t]);
    st[t] = clm_train(net, NULL, X, T, 4, &p, &rec[t]);
    clm_getwb(net, wf[t]);
  }
  clm_record *r = &rec[0];
  tap_ok(st[0] == CLM_OK && r->n_escapes >= 1 && r->n_chaos_events >= 1 && r->chaos_events[0].kind == 1 &&
             r->chaos_events[0].evals == 20 && r->n_chaos_evals >= 20,
         "escape taken and recorded: %zu escapes (%zu accepted), %zu re-inits, %llu evaluations, stop \"%s\", perf %.3g",
         r->n_escapes, r->n_escapes_accepted, r->n_reinits, (unsigned long long)r->n_chaos_evals,
         clm_stop_text(r->stop), r->best_perf);
  for (size_t e = 0; e < r->n_chaos_events; e++)
    tap_diag("event %zu: epoch %zu kind %d accepted %d perf %.4g -> %.4g evals %llu", e, r->chaos_events[e].epoch,
             r->chaos_events[e].kind, r->chaos_events[e].accepted, r->chaos_events[e].perf_before,
             r->chaos_events[e].perf_after, (unsigned long long)r->chaos_events[e].evals);
  int ev_ok = r->n_chaos_events <= r->chaos_events_capacity;
  for (size_t e = 1; e < r->n_chaos_events; e++) ev_ok &= r->chaos_events[e].epoch > r->chaos_events[e - 1].epoch;
  tap_ok(ev_ok && r->n_chaos_events == r->n_escapes + r->n_reinits,
         "events ordered by epoch, one per escape / re-init");
  /* the driver's last call refines the open event with the final epoch */
  tap_ok(r->stop == CLM_STOP_GOAL && r->n_chaos_events >= 1 &&
             r->chaos_events[r->n_chaos_events - 1].perf_after == r->perf[r->num_epochs] &&
             r->chaos_events[r->n_chaos_events - 1].accepted,
         "the last event's perf_after is the final perf (%.4g) and it is accepted",
         r->n_chaos_events ? r->chaos_events[r->n_chaos_events - 1].perf_after : NAN);
  tap_ok(st[1] == CLM_OK && st[2] == CLM_OK && same_record(&rec[0], &rec[1]) && same_record(&rec[0], &rec[2]) &&
             memcmp(wf[0], wf[1], sizeof wf[0]) == 0 && memcmp(wf[0], wf[2], sizeof wf[0]) == 0,
         "escape run: identical records and weights with 1, 2 and 3 threads");
  /* without escapes the same start stops stuck; with them the final perf is no worse */
  tap_ok(r->best_perf <= rec[0].perf[0], "final perf no worse than the start");
  for (int t = 0; t < 3; t++) clm_record_free(&rec[t]);

  /* chaos init inside clm_train: event kind 0 first, thread-independent */
  p.chaos.escape = 0;
  p.chaos.init = 1;
  p.epochs = 100;
  for (int t = 0; t < 2; t++) {
    clm_setwb(net, w0);
    p.threads = t + 1;
    clm_record_init(&rec[t]);
    st[t] = clm_train(net, NULL, X, T, 4, &p, &rec[t]);
    clm_getwb(net, wf[t]);
  }
  tap_ok(st[0] == CLM_OK && rec[0].n_chaos_events >= 1 && rec[0].chaos_events[0].kind == 0 &&
             rec[0].chaos_events[0].evals == 40 && same_record(&rec[0], &rec[1]) &&
             memcmp(wf[0], wf[1], sizeof wf[0]) == 0,
         "chaos init in clm_train: event recorded, identical with 1 and 2 threads (perf %.3g)", rec[0].best_perf);
  for (int t = 0; t < 2; t++) clm_record_free(&rec[t]);
  (void)P;
  clm_net_free(net);
}

int main(void) {
  test_streams();
  test_core();
  test_initchaos();
  test_escape_machine();
  test_train_escape();
  return tap_done();
}
