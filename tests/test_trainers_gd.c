/* chaoslm tests — traingda, traingdx, trainrp and trainscg against an
 * independent, deliberately naive reference.
 *
 * The reference has its own network (tests/naive_mlp.h: mapminmax from the
 * data, tansig as 2/(1+exp(-2n))-1), its own gradient by back-propagation
 * one sample at a time (itself checked against central finite
 * differences), and below its own copy of each trainer's rule written from
 * the specification (MATLAB's traingda.m, traingdx.m, trainrp.m,
 * trainscg.m): a trial point is judged by a separate forward pass and the
 * gradient is recomputed only after an accepted step, as the rules are
 * stated, where the library evaluates both in one pass.  It also has its own copy of MATLAB's loop (stop checks,
 * validation failures, best network).  Only the initial weights (from
 * clm_configure) and the index sets come from the library.  Epoch by
 * epoch, perf and vperf within 1e-9, the gradient within 1e-7, val_fail
 * and the `lr` state exactly must agree, so must the stop reason and
 * epoch, the best epoch and the returned weights.
 *
 * Each run is made twice: with the reference's own evaluations, and with
 * the same rules fed by the library's public evaluation (clm_perform,
 * clm_gradient), which follows the library's rounding and so checks the
 * rules over every epoch even where the dynamics amplify rounding
 * differences (trainscg always, traingda when its learning rate regrows
 * past the stable limit: see params_for and scg_within_horizon; these runs
 * agree bit for bit today).
 *
 * Also: every MATLAB stop reason is reached and agrees with the reference;
 * traingdx with mc = 0 is traingda bit for bit; the record's counters show
 * one gradient pass per epoch (two after a trainscg success); threads 1
 * and 2 give bit-identical records; trainscg's "no descent direction" rule
 * (mu = p'r zero to working precision) stops with "Minimum gradient
 * reached." and leaves no NaN weight; trials that overflow are refused;
 * MATLAB's defaults; bad parameters are refused with the network
 * untouched.
 *
 * GPL-3.0-or-later.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "chaoslm.h"
#include "test_rng.h"
#include "ref_problem.h"

/* ------------------------------------------------------------------------ */
/* Deterministic test data                                                   */

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;
static double urand(void) { return xorshift_uniform(&rng_state); }

/* ------------------------------------------------------------------------ */
/* The naive trainers and MATLAB's loop                                      */

enum { K_GDA, K_GDX, K_RP, K_SCG };
static const char *const kind_name[] = {"traingda", "traingdx", "trainrp", "trainscg"};

#define EMAX 2048
#define PMAX 128

/* The reference record. */
typedef struct rrec {
  size_t n; /* num_epochs */
  double perf[EMAX], vperf[EMAX], grad[EMAX], lr[EMAX];
  size_t val_fail[EMAX];
  clm_stop stop;
  size_t best_epoch;
  double best_wb[PMAX];
  size_t refused, raised, restarts, indefinite; /* events, to show the rules ran */
  size_t probes;  /* trainscg: epochs that estimated p'Hp (started after a success) */
  uint64_t lib_jacobian, lib_forward; /* the library's counters of the same run */
} rrec;

/* The training point: perf, descent direction g = -d(perf)/dw, |g|. */
typedef struct point {
  double perf, g[PMAX], grad;
} point;

/* Where the reference's performance and gradient come from.  NULL: its
 * own forward pass and back-propagation (everything independent).  Else
 * the library's public evaluation (clm_perform, clm_gradient on copies of
 * the network with the training / validation samples side by side), for
 * the runs that must follow the library's rounding (see test_reference). */
typedef struct libeval {
  clm_net *sse_net, *net; /* the problem's network with performFcn sse / its own */
  double *Xtr, *Ttr, *Xva, *Tva;
} libeval;

typedef struct setup {
  const naive_mlp *r;
  const size_t *tr, *va;
  size_t ntr, nva;
  double norm; /* 1/N for mse, 1 for sse */
  const libeval *lib;
} setup;

/* sse and count on the training set. */
static double set_sse(const setup *s, const double *wb, size_t *count) {
  if (!s->lib) return naive_sse(s->r, wb, s->tr, s->ntr, count);
  double sse = NAN;
  clm_setwb(s->lib->sse_net, wb);
  if (clm_perform(s->lib->sse_net, s->lib->Xtr, s->lib->Ttr, s->ntr, &sse, count) != CLM_OK) sse = NAN;
  return sse;
}

static void evaluate(const setup *s, const double *wb, point *pt) {
  size_t c;
  double dw[PMAX], sse = NAN;
  if (s->lib) { /* d(sse)/dw from the library */
    clm_setwb(s->lib->sse_net, wb);
    if (clm_gradient(s->lib->sse_net, s->lib->Xtr, s->lib->Ttr, s->ntr, dw, &sse) != CLM_OK) sse = NAN;
  } else {
    sse = naive_dsse(s->r, wb, s->tr, s->ntr, dw, &c);
  }
  pt->perf = sse * s->norm;
  double g2 = 0.0;
  for (size_t i = 0; i < s->r->P; i++) {
    pt->g[i] = -s->norm * dw[i];
    g2 += pt->g[i] * pt->g[i];
  }
  pt->grad = sqrt(g2);
}

static double train_perf(const setup *s, const double *wb) {
  size_t c;
  return set_sse(s, wb, &c) * s->norm;
}

static double val_perf(const setup *s, const double *wb) {
  if (!s->lib) return naive_perf(s->r, wb, s->va, s->nva);
  if (s->nva == 0) return NAN;
  double v = NAN;
  clm_setwb(s->lib->net, wb);
  if (clm_perform(s->lib->net, s->lib->Xva, s->lib->Tva, s->nva, &v, NULL) != CLM_OK) v = NAN;
  return v;
}

static double dotp(const double *a, const double *b, size_t n) {
  double v = 0.0;
  for (size_t i = 0; i < n; i++) v += a[i] * b[i];
  return v;
}

static void ref_train(const naive_mlp *r, const libeval *lib, int kind, const clm_trainparam *p,
                      const double *wb0, const size_t *tr, size_t ntr, const size_t *va, size_t nva,
                      rrec *out) {
  const size_t P = r->P;
  setup su = {r, tr, va, ntr, nva, 1.0, lib};
  size_t N;
  set_sse(&su, wb0, &N);
  su.norm = r->sse ? 1.0 : 1.0 / (double)N;
  memset(out, 0, sizeof *out);
  double wb[PMAX], wb2[PMAX], dwb[PMAX], delta[PMAX], gold[PMAX], dirp[PMAX];
  static point pt, pt2;
  memcpy(wb, wb0, P * sizeof *wb);
  evaluate(&su, wb, &pt);
  double lr = p->lr;
  /* traingdx: the first momentum step is lr*g */
  for (size_t i = 0; i < P; i++) dwb[i] = lr * pt.g[i];
  /* trainrp: delta0 everywhere, the old gradient is the first one */
  for (size_t i = 0; i < P; i++) delta[i] = p->delta0, gold[i] = pt.g[i];
  /* trainscg */
  for (size_t i = 0; i < P; i++) dirp[i] = pt.g[i];
  int success = 1;
  double lam = p->lambda, lamb = 0.0, sdelta = 0.0;
  int no_direction = 0;

  double vperf = val_perf(&su, wb), best_perf = pt.perf, best_vperf = vperf;
  size_t val_fail = 0;
  memcpy(out->best_wb, wb, P * sizeof *wb);
  for (size_t epoch = 0;; epoch++) {
    double grad = no_direction ? 0.0 : pt.grad;
    clm_stop stop = CLM_STOP_NONE;
    if (pt.perf <= p->goal) stop = CLM_STOP_GOAL;
    else if (epoch == p->epochs) stop = CLM_STOP_EPOCHS;
    else if (grad <= p->min_grad) stop = CLM_STOP_MIN_GRAD;
    else if (val_fail >= p->max_fail) stop = CLM_STOP_VALIDATION;
    out->perf[epoch] = pt.perf;
    out->vperf[epoch] = vperf;
    out->grad[epoch] = grad;
    out->lr[epoch] = lr;
    out->val_fail[epoch] = val_fail;
    out->n = epoch;
    if (stop != CLM_STOP_NONE || epoch + 1 >= EMAX) {
      out->stop = stop;
      break;
    }
    int moved = 0;
    if (kind == K_GDA || kind == K_GDX) {
      if (kind == K_GDA)
        for (size_t i = 0; i < P; i++) wb2[i] = wb[i] + lr * pt.g[i];
      else
        for (size_t i = 0; i < P; i++) {
          dwb[i] = p->mc * dwb[i] + (1.0 - p->mc) * lr * pt.g[i];
          wb2[i] = wb[i] + dwb[i];
        }
      double perf2 = train_perf(&su, wb2);
      if (perf2 / pt.perf > p->max_perf_inc) {
        lr = lr * p->lr_dec;
        if (kind == K_GDX)
          for (size_t i = 0; i < P; i++) dwb[i] = lr * pt.g[i];
        out->refused++;
      } else {
        if (perf2 < pt.perf) {
          lr = lr * p->lr_inc;
          out->raised++;
        }
        memcpy(wb, wb2, P * sizeof *wb);
        evaluate(&su, wb, &pt);
        moved = 1;
      }
    } else if (kind == K_RP) {
      for (size_t i = 0; i < P; i++) {
        double sg = pt.g[i] * gold[i];
        if (sg > 0) delta[i] = delta[i] * p->delt_inc;
        else if (sg < 0) delta[i] = delta[i] * p->delt_dec, out->refused++;
        if (delta[i] > p->deltamax) delta[i] = p->deltamax;
        double sign = pt.g[i] > 0 ? 1.0 : pt.g[i] < 0 ? -1.0 : 0.0;
        wb[i] = wb[i] + delta[i] * sign;
        gold[i] = pt.g[i];
      }
      evaluate(&su, wb, &pt);
      moved = 1;
    } else { /* K_SCG */
      double pp = dotp(dirp, dirp, P);
      double mu = dotp(dirp, pt.g, P);
      if (mu * mu == 0) {
        no_direction = 1; /* no step; the next check stops */
      } else {
        if (success) {
          out->probes++;
          double sigk = p->sigma / sqrt(pp);
          for (size_t i = 0; i < P; i++) wb2[i] = wb[i] + sigk * dirp[i];
          evaluate(&su, wb2, &pt2);
          double d = 0.0;
          for (size_t i = 0; i < P; i++) d += dirp[i] * ((pt.g[i] - pt2.g[i]) / sigk);
          sdelta = d;
        }
        sdelta = sdelta + (lam - lamb) * pp;
        if (sdelta <= 0) {
          lamb = 2.0 * (lam - sdelta / pp);
          sdelta = -sdelta + lam * pp;
          lam = lamb;
          out->indefinite++;
        }
        double alpha = mu / sdelta;
        for (size_t i = 0; i < P; i++) wb2[i] = wb[i] + alpha * dirp[i];
        double perf2 = train_perf(&su, wb2);
        double cmp = 2.0 * sdelta * (pt.perf - perf2) / (mu * mu);
        if (cmp >= 0) {
          double gprev[PMAX];
          memcpy(gprev, pt.g, P * sizeof *gprev);
          memcpy(wb, wb2, P * sizeof *wb);
          evaluate(&su, wb, &pt);
          lamb = 0.0;
          success = 1;
          if (epoch % P == 0) {
            memcpy(dirp, pt.g, P * sizeof *dirp);
            out->restarts++;
          } else {
            double beta = (dotp(pt.g, pt.g, P) - dotp(pt.g, gprev, P)) / mu;
            for (size_t i = 0; i < P; i++) dirp[i] = pt.g[i] + beta * dirp[i];
          }
          pp = dotp(dirp, dirp, P);
          if (cmp >= 0.75) lam = lam / 4.0;
          moved = 1;
        } else {
          lamb = lam;
          success = 0;
          out->refused++;
        }
        if (cmp < 0.25 && pp != 0) lam = lam + sdelta * (1.0 - cmp) / pp;
      }
    }
    if (moved) vperf = val_perf(&su, wb);
    int better = 0;
    if (nva > 0) {
      if (vperf < best_vperf) better = 1, val_fail = 0;
      else if (vperf > best_vperf) val_fail++;
    } else if (pt.perf < best_perf) {
      better = 1;
    }
    if (better) {
      memcpy(out->best_wb, wb, P * sizeof *wb);
      out->best_epoch = epoch + 1;
      best_perf = pt.perf;
      best_vperf = vperf;
    }
  }
}

/* ------------------------------------------------------------------------ */
/* Problems (tests/ref_problem.h): data, a configured library network, the  */
/* reference, index sets                                                    */

/* Targets: smooth functions of the inputs plus noise; nva validation
 * samples (every k-th), the rest training; n_nan targets set to NaN. */
static void make_problem(problem *pb, size_t R, size_t O, size_t Q, size_t nh, const size_t *h,
                         const int *f, size_t nva, double noise, size_t n_nan, uint64_t seed) {
  problem_alloc(pb, R, O, Q);
  for (size_t q = 0; q < Q; q++) {
    double s = 0;
    for (size_t i = 0; i < R; i++) {
      double v = i == 0 ? -1.0 + 2.0 * (double)q / (double)(Q - 1) : -1.0 + 2.0 * urand();
      pb->X[q * R + i] = 2.0 * v - 0.5 * (double)i;
      s += (double)(i + 1) * v;
    }
    for (size_t k = 0; k < O; k++)
      pb->T[q * O + k] = cos(1.7 * s - (double)k) + 0.4 * (double)k * s + 2.0 + noise * (urand() - 0.5);
  }
  for (size_t j = 0; j < n_nan; j++) pb->T[(3 + 7 * j) % (O * Q)] = NAN;
  problem_configure(pb, nh, h, f, nva, seed);
}

/* The library evaluation of pb's reference (see libeval). */
static void lib_open(libeval *l, const problem *pb) {
  clm_net_copy(pb->net, &l->sse_net);
  clm_net_set_performfcn(l->sse_net, CLM_SSE);
  clm_net_copy(pb->net, &l->net);
  l->Xtr = malloc(pb->R * (pb->ntr + 1) * sizeof(double));
  l->Ttr = malloc(pb->O * (pb->ntr + 1) * sizeof(double));
  l->Xva = malloc(pb->R * (pb->nva + 1) * sizeof(double));
  l->Tva = malloc(pb->O * (pb->nva + 1) * sizeof(double));
  for (size_t i = 0; i < pb->ntr; i++) {
    memcpy(l->Xtr + i * pb->R, pb->X + pb->tr[i] * pb->R, pb->R * sizeof(double));
    memcpy(l->Ttr + i * pb->O, pb->T + pb->tr[i] * pb->O, pb->O * sizeof(double));
  }
  for (size_t i = 0; i < pb->nva; i++) {
    memcpy(l->Xva + i * pb->R, pb->X + pb->va[i] * pb->R, pb->R * sizeof(double));
    memcpy(l->Tva + i * pb->O, pb->T + pb->va[i] * pb->O, pb->O * sizeof(double));
  }
}

static void lib_close(libeval *l) {
  clm_net_free(l->sse_net);
  clm_net_free(l->net);
  free(l->Xtr);
  free(l->Ttr);
  free(l->Xva);
  free(l->Tva);
}

static const clm_trainer_type *trainer_of(int kind) {
  return kind == K_GDA ? clm_traingda : kind == K_GDX ? clm_traingdx : kind == K_RP ? clm_trainrp
                                                                                   : clm_trainscg;
}

/* Train a copy of pb->net; the trained weights into wb (if not NULL). */
static int train_copy(const problem *pb, const clm_trainer_type *t, const clm_trainparam *p,
                      clm_record *rec, double *wb) {
  clm_net *net;
  if (clm_net_copy(pb->net, &net) != CLM_OK) return CLM_ENOMEM;
  int st = clm_train(net, t, pb->X, pb->T, pb->Q, p, rec);
  if (wb) clm_getwb(net, wb);
  clm_net_free(net);
  return st;
}

/* The reference's evaluations: its own (NAIVE) or the library's (LIBEVAL). */
enum { NAIVE, LIBEVAL };
static const char *const src_name[] = {"naive", "library gradient"};

/* clm_train against the reference; returns 1 when everything agrees. */
static int compare(problem *pb, int kind, const clm_trainparam *p, int src, const char *what_,
                   rrec *rr_out) {
  char what[96];
  snprintf(what, sizeof what, "%s [%s]", what_, src_name[src]);
  const clm_trainer_type *t = trainer_of(kind);
  const size_t P = clm_net_num_weights(pb->net);
  double wb0[PMAX], wb[PMAX];
  clm_getwb(pb->net, wb0);
  clm_record rec;
  clm_record_init(&rec);
  int st = train_copy(pb, t, p, &rec, wb);
  static rrec rr;
  libeval lib = {0};
  if (src == LIBEVAL) lib_open(&lib, pb);
  ref_train(&pb->r, src == LIBEVAL ? &lib : NULL, kind, p, wb0, pb->tr, pb->ntr, pb->va, pb->nva,
            &rr);
  lib_close(&lib);
  rr.lib_jacobian = rec.n_jacobian;
  rr.lib_forward = rec.n_forward;
  if (rr_out) *rr_out = rr;
  int ok = tap_ok(st == CLM_OK && P == pb->r.P, "%s %s: trains (%s, P = %zu)", kind_name[kind],
                  what, clm_status_name(st), P);
  if (!ok) return 0;
  ok &= tap_ok(rec.num_epochs == rr.n && rec.stop == rr.stop,
               "%s %s: stops at epoch %zu with '%s' (reference: %zu, '%s')", kind_name[kind], what,
               rec.num_epochs, clm_stop_text(rec.stop), rr.n, clm_stop_text(rr.stop));
  const size_t n = rec.num_epochs < rr.n ? rec.num_epochs : rr.n;
  double dp = 0, dv = 0, dg = 0;
  int vf_ok = 1, lr_ok = 1, mu_nan = 1;
  const int has_lr = kind == K_GDA || kind == K_GDX;
  if (getenv("CLM_TEST_DEBUG"))
    for (size_t e = 0; e <= n; e++)
      tap_diag("%zu perf %.17g %.17g grad %.17g %.17g lr %.17g %.17g", e, rec.perf[e], rr.perf[e],
               rec.gradient[e], rr.grad[e], has_lr ? rec.state[0][e] : NAN, rr.lr[e]);
  for (size_t e = 0; e <= n; e++) {
    dp = fmax(dp, tap_reldiff(rec.perf[e], rr.perf[e], 1e-300));
    if (pb->nva) dv = fmax(dv, tap_reldiff(rec.vperf[e], rr.vperf[e], 1e-300));
    else if (!isnan(rec.vperf[e])) dv = INFINITY;
    dg = fmax(dg, tap_reldiff(rec.gradient[e], rr.grad[e], 1e-300));
    vf_ok &= rec.val_fail[e] == rr.val_fail[e];
    if (has_lr) lr_ok &= rec.state[0][e] == rr.lr[e];
    mu_nan &= isnan(rec.mu[e]) != 0;
  }
  ok &= tap_ok(dp <= 1e-9, "%s %s: perf agrees epoch by epoch (max rel diff %.2g over %zu epochs)",
               kind_name[kind], what, dp, n + 1);
  ok &= tap_ok(dv <= 1e-9 && vf_ok,
               "%s %s: vperf (NaN without validation) and val_fail agree (max rel diff %.2g)",
               kind_name[kind], what, dv);
  ok &= tap_ok(dg <= 1e-7, "%s %s: gradient agrees (max rel diff %.2g)", kind_name[kind], what, dg);
  if (has_lr)
    ok &= tap_ok(rec.n_states == 1 && !strcmp(rec.state_name[0], "lr") && lr_ok,
                 "%s %s: the lr state equals the reference's at every epoch (final lr %.6g)",
                 kind_name[kind], what, rr.lr[n]);
  else
    ok &= tap_ok(rec.n_states == 0, "%s %s: no extra record state", kind_name[kind], what);
  ok &= tap_ok(mu_nan, "%s %s: mu recorded as NaN", kind_name[kind], what);
  double dw = 0;
  for (size_t i = 0; i < P; i++) dw = fmax(dw, tap_reldiff(wb[i], rr.best_wb[i], 1e-3));
  ok &= tap_ok(rec.best_epoch == rr.best_epoch && dw <= 1e-7,
               "%s %s: best epoch %zu (reference %zu), returned weights are its weights (%.2g)",
               kind_name[kind], what, rec.best_epoch, rr.best_epoch, dw);
  clm_record_free(&rec);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* The reference's own gradient against central differences                */

static void test_reference_gradient(void) {
  problem pb;
  size_t h[] = {4, 3};
  int f[] = {F_TANSIG, F_LOGSIG, F_PURELIN};
  make_problem(&pb, 2, 2, 20, 2, h, f, 0, 0.1, 2, 5);
  const size_t P = pb.r.P;
  double wb[PMAX], dw[PMAX], w2[PMAX];
  clm_getwb(pb.net, wb);
  size_t c, c2;
  naive_dsse(&pb.r, wb, pb.tr, pb.ntr, dw, &c);
  double worst = 0;
  for (size_t i = 0; i < P; i++) {
    const double hstep = 1e-6 * fmax(1.0, fabs(wb[i]));
    memcpy(w2, wb, P * sizeof *w2);
    w2[i] = wb[i] + hstep;
    double fp = naive_sse(&pb.r, w2, pb.tr, pb.ntr, &c2);
    w2[i] = wb[i] - hstep;
    double fm = naive_sse(&pb.r, w2, pb.tr, pb.ntr, &c2);
    worst = fmax(worst, fabs((fp - fm) / (2 * hstep) - dw[i]) / fmax(1.0, fabs(dw[i])));
  }
  tap_ok(worst < 1e-6 && c == 2 * pb.ntr - 2,
         "reference back-propagation matches central differences (worst %.2g, %zu of %zu targets)",
         worst, c, 2 * pb.ntr);
  /* and the library's gradient of mse (public API; every sample is a
   * training sample here) */
  double gl[PMAX], perf = NAN;
  int st = clm_gradient(pb.net, pb.X, pb.T, pb.Q, gl, &perf);
  double dl = 0;
  for (size_t i = 0; i < P; i++) dl = fmax(dl, tap_reldiff(gl[i], dw[i] / (double)c, 1e-6));
  tap_ok(st == CLM_OK && dl < 1e-10, "clm_gradient agrees with the reference (max rel diff %.2g)", dl);
  problem_free(&pb);
}

/* ------------------------------------------------------------------------ */
/* Epoch by epoch against the reference                                     */

/* Three nets: 1-3-1 tansig/purelin without validation; 2-4-3-1
 * tansig/logsig/purelin with validation; 2-5-2 logsig/purelin, sse, with
 * validation and NaN targets. */
static void make_net(problem *pb, int which) {
  if (which == 0) {
    size_t h[] = {3};
    int f[] = {F_TANSIG, F_PURELIN};
    make_problem(pb, 1, 1, 25, 1, h, f, 0, 0.05, 0, 11);
  } else if (which == 1) {
    size_t h[] = {4, 3};
    int f[] = {F_TANSIG, F_LOGSIG, F_PURELIN};
    make_problem(pb, 2, 1, 40, 2, h, f, 8, 0.2, 0, 12);
  } else {
    size_t h[] = {5};
    int f[] = {F_LOGSIG, F_PURELIN};
    make_problem(pb, 2, 2, 36, 1, h, f, 6, 0.1, 3, 13);
    problem_use_sse(pb);
  }
}
static const char *const net_name[] = {"1-3-1", "2-4-3-1 val", "2-5-2 sse val NaN"};

/* Parameters of the reference runs.  traingda and traingdx start above
 * their largest stable learning rate, so that the first epochs refuse
 * steps: started below it, the stiffest mode of the error decays to the
 * size of rounding errors during the first epochs and later, once lr has
 * grown past the limit, regrows from those rounding errors - then two
 * correct implementations that merely sum in a different order part ways
 * (measured: 1e-1 relative after 60 epochs).  Started above the limit,
 * every refusal is caused by the mode's real amplitude. */
static clm_trainparam params_for(int kind, int which) {
  clm_trainparam p = clm_trainparam_default(trainer_of(kind));
  p.epochs = 60;
  p.min_grad = 0;
  p.max_fail = 1000;
  if (kind == K_GDA || kind == K_GDX) p.lr = which == 2 ? 0.03 : 1.0; /* net 2 is sse */
  if (kind == K_RP) p.delta0 = which == 2 ? 0.02 : 0.07;
  return p;
}

/* trainscg against the naive reference, as far as the problem lets two
 * correct implementations agree.  SCG amplifies rounding differences: its
 * step length comes from a finite difference of gradients (relative error
 * about eps/sigma) and its directions from the previous ones, so two
 * references that differ only in the order of a sum part ways after some
 * epochs (measured on these nets: 1e-8 to 1e-1 relative after 60).  The
 * test measures that horizon with a second naive reference that sums the
 * samples in reverse order: up to the last epoch where the two references
 * agree within 1e-10, the library must agree with the reference within
 * 1e-9.  (The long runs against the reference that uses the library's
 * gradient, in test_reference, check the rule over all epochs.) */
static void scg_within_horizon(problem *pb, const char *what) {
  clm_trainparam p = params_for(K_SCG, 0);
  double wb0[PMAX];
  clm_getwb(pb->net, wb0);
  static rrec a, b;
  ref_train(&pb->r, NULL, K_SCG, &p, wb0, pb->tr, pb->ntr, pb->va, pb->nva, &a);
  pb->r.reverse = 1;
  ref_train(&pb->r, NULL, K_SCG, &p, wb0, pb->tr, pb->ntr, pb->va, pb->nva, &b);
  pb->r.reverse = 0;
  clm_record rec;
  clm_record_init(&rec);
  int st = train_copy(pb, clm_trainscg, &p, &rec, NULL);
  size_t horizon = 0;
  double d_ref = 0, d_lib = 0, d_lib_all = 0, d_ref_all = 0;
  for (size_t e = 0; st == CLM_OK && e <= a.n && e <= b.n && e <= rec.num_epochs; e++) {
    double dr = fmax(tap_reldiff(a.perf[e], b.perf[e], 1e-300), tap_reldiff(a.vperf[e], b.vperf[e], 1e-300));
    double dl = fmax(tap_reldiff(a.perf[e], rec.perf[e], 1e-300), tap_reldiff(a.vperf[e], rec.vperf[e], 1e-300));
    if (pb->nva == 0) dr = tap_reldiff(a.perf[e], b.perf[e], 1e-300), dl = tap_reldiff(a.perf[e], rec.perf[e], 1e-300);
    d_ref_all = fmax(d_ref_all, dr);
    d_lib_all = fmax(d_lib_all, dl);
    if (d_ref_all > 1e-10) continue;
    horizon = e;
    d_ref = d_ref_all;
    d_lib = fmax(d_lib, dl);
  }
  tap_ok(st == CLM_OK && horizon >= 8 && d_lib <= 1e-9,
         "trainscg %s [naive]: perf agrees within 1e-9 (max rel diff %.2g) over the %zu epochs where "
         "two naive references agree within 1e-10 (%.2g)",
         what, d_lib, horizon + 1, d_ref);
  tap_diag("trainscg %s over all %zu epochs: naive vs reversed naive %.2g, library vs naive %.2g", what,
           a.n + 1, d_ref_all, d_lib_all);
  clm_record_free(&rec);
}

/* Each trainer on three nets for 60 epochs (and 300 on the first net)
 * against the naive reference; the same runs against the reference that
 * evaluates with the library's public gradient, which follows the
 * library's rounding and so checks each rule over every epoch, trainscg's
 * included. */
static void test_reference(void) {
  for (int which = 0; which < 3; which++) {
    problem pb;
    make_net(&pb, which);
    for (int kind = K_GDA; kind <= K_SCG; kind++) {
      clm_trainparam p = params_for(kind, which);
      static rrec rr;
      for (int src = NAIVE; src <= LIBEVAL; src++) {
        if (kind == K_SCG && src == NAIVE) {
          scg_within_horizon(&pb, net_name[which]);
          continue;
        }
        compare(&pb, kind, &p, src, net_name[which], &rr);
      }
      tap_diag("%s %s: %zu refused steps, %zu lr raises, %zu restarts, %zu indefinite", kind_name[kind],
               net_name[which], rr.refused, rr.raised, rr.restarts, rr.indefinite);
      if (kind == K_GDA || kind == K_GDX)
        tap_ok(rr.refused > 0 && rr.raised > 0, "%s %s: the run refuses steps (%zu) and raises lr (%zu)",
               kind_name[kind], net_name[which], rr.refused, rr.raised);
      if (kind == K_RP)
        tap_ok(rr.refused > 0, "%s %s: gradient signs change (%zu step-size decreases)",
               kind_name[kind], net_name[which], rr.refused);
      if (kind == K_SCG)
        tap_ok(rr.restarts >= 2 && rr.probes > 0, "%s %s: restarts every P epochs (%zu), %zu curvature probes",
               kind_name[kind], net_name[which], rr.restarts, rr.probes);
    }
    if (which == 0) /* longer runs on the first net */
      for (int kind = K_GDA; kind <= K_SCG; kind++) {
        clm_trainparam p = params_for(kind, which);
        p.epochs = 300;
        for (int src = kind == K_SCG ? LIBEVAL : NAIVE; src <= LIBEVAL; src++)
          compare(&pb, kind, &p, src, "1-3-1, 300 epochs", NULL);
      }
    problem_free(&pb);
  }
}

/* ------------------------------------------------------------------------ */
/* Stop reasons                                                             */

static int cb_stop_at(void *user, size_t epoch, double perf, double vperf, double tperf) {
  (void)perf, (void)vperf, (void)tperf;
  return epoch == *(const size_t *)user;
}

static void test_stops(void) {
  for (int kind = K_GDA; kind <= K_SCG; kind++) {
    const char *tn = kind_name[kind];
    problem pb;
    make_net(&pb, 1); /* with validation */
    clm_trainparam p = params_for(kind, 1);
    clm_record rec;
    clm_record_init(&rec);
    /* a pilot run gives thresholds reached mid-run */
    p.epochs = 200;
    int st = train_copy(&pb, trainer_of(kind), &p, &rec, NULL);
    if (!tap_ok(st == CLM_OK && rec.num_epochs == 200, "%s: pilot run (200 epochs)", tn)) {
      problem_free(&pb);
      continue;
    }
    const double goal = rec.perf[40] * (1 + 1e-9);
    double min_grad = INFINITY;
    for (size_t e = 0; e <= 40; e++) min_grad = fmin(min_grad, rec.gradient[e]);
    min_grad *= 1 + 1e-9;

    static rrec rr;
    const int src = kind == K_SCG ? LIBEVAL : NAIVE;
    clm_trainparam q = p;
    q.goal = goal;
    if (compare(&pb, kind, &q, src, "goal", &rr))
      tap_ok(rr.stop == CLM_STOP_GOAL && rr.n > 0 && rr.n <= 40, "%s: 'Performance goal met.' at epoch %zu",
             tn, rr.n);
    q = p;
    q.min_grad = min_grad;
    if (compare(&pb, kind, &q, src, "min_grad", &rr))
      tap_ok(rr.stop == CLM_STOP_MIN_GRAD && rr.n > 0 && rr.n <= 40,
             "%s: 'Minimum gradient reached.' at epoch %zu", tn, rr.n);
    q = p;
    q.max_fail = 2;
    q.epochs = 2000;
    if (compare(&pb, kind, &q, src, "max_fail 2", &rr))
      tap_ok(rr.stop == CLM_STOP_VALIDATION && rr.val_fail[rr.n] == 2,
             "%s: 'Validation stop.' at epoch %zu, best epoch %zu", tn, rr.n, rr.best_epoch);
    /* epochs = 0 */
    q = p;
    q.epochs = 0;
    st = train_copy(&pb, trainer_of(kind), &q, &rec, NULL);
    tap_ok(st == CLM_OK && rec.stop == CLM_STOP_EPOCHS && rec.num_epochs == 0 && rec.best_epoch == 0,
           "%s: epochs = 0 stops at epoch 0", tn);
    /* user stop through the callback */
    size_t at = 4;
    q = p;
    q.callback = cb_stop_at;
    q.callback_user = &at;
    st = train_copy(&pb, trainer_of(kind), &q, &rec, NULL);
    tap_ok(st == CLM_OK && rec.stop == CLM_STOP_USER && rec.num_epochs == 4,
           "%s: 'User stop.' from the callback at epoch 4", tn);
    /* time */
    q = p;
    q.time = 1e-12;
    st = train_copy(&pb, trainer_of(kind), &q, &rec, NULL);
    tap_ok(st == CLM_OK && rec.stop == CLM_STOP_TIME && rec.num_epochs == 0,
           "%s: 'Maximum time elapsed.'", tn);
    clm_record_free(&rec);
    problem_free(&pb);
  }
}

/* ------------------------------------------------------------------------ */
/* traingdx with mc = 0 is traingda; counters                               */

static int same_record(const clm_record *a, const clm_record *b) {
  size_t n = a->num_epochs + 1;
  if (a->num_epochs != b->num_epochs || a->stop != b->stop || a->best_epoch != b->best_epoch ||
      a->n_states != b->n_states)
    return 0;
  int same = !memcmp(a->perf, b->perf, n * sizeof(double)) &&
             !memcmp(a->vperf, b->vperf, n * sizeof(double)) &&
             !memcmp(a->tperf, b->tperf, n * sizeof(double)) &&
             !memcmp(a->gradient, b->gradient, n * sizeof(double)) &&
             !memcmp(a->val_fail, b->val_fail, n * sizeof(size_t));
  for (size_t k = 0; k < a->n_states; k++)
    same &= !memcmp(a->state[k], b->state[k], n * sizeof(double));
  return same;
}

static void test_gdx_vs_gda_and_counters(void) {
  problem pb;
  make_net(&pb, 1);
  const size_t P = clm_net_num_weights(pb.net);
  double w1[PMAX], w2[PMAX];
  clm_record a, b;
  clm_record_init(&a);
  clm_record_init(&b);
  clm_trainparam pa = params_for(K_GDA, 1), px = params_for(K_GDX, 1);
  px.mc = 0.0;
  int st = train_copy(&pb, clm_traingda, &pa, &a, w1);
  st |= train_copy(&pb, clm_traingdx, &px, &b, w2);
  tap_ok(st == CLM_OK && same_record(&a, &b) && !memcmp(w1, w2, P * sizeof *w1),
         "traingdx with mc = 0 equals traingda bit for bit (%zu epochs)", a.num_epochs);
  clm_record_free(&a);
  clm_record_free(&b);

  /* Passes counted by the record: one gradient pass at epoch 0 and one per
   * epoch (trainscg: one more per epoch that follows a success); forward
   * passes only for N (1) and validation (epoch 0, then after each move). */
  static rrec rr;
  for (int kind = K_GDA; kind <= K_SCG; kind++) {
    clm_trainparam p = params_for(kind, 1);
    if (!compare(&pb, kind, &p, LIBEVAL, "counters", &rr)) continue;
    const uint64_t E = rr.n, moves = E - (kind == K_RP ? 0 : rr.refused);
    const uint64_t jac = 1 + E + (kind == K_SCG ? rr.probes : 0);
    tap_ok(rr.lib_jacobian == jac && rr.lib_forward == 2 + moves,
           "%s: %llu gradient passes (expected %llu), %llu forward passes (expected %llu) in %llu epochs",
           kind_name[kind], (unsigned long long)rr.lib_jacobian, (unsigned long long)jac,
           (unsigned long long)rr.lib_forward, (unsigned long long)(2 + moves), (unsigned long long)E);
  }
  problem_free(&pb);
}

/* ------------------------------------------------------------------------ */
/* Threads                                                                  */

static void test_threads(void) {
  const size_t Q = 300, R = 3, O = 2;
  double *X = malloc(R * Q * sizeof *X), *T = malloc(O * Q * sizeof *T);
  threads_data(Q, &rng_state, X, T);
  for (int kind = K_GDA; kind <= K_SCG; kind++) {
    clm_record rec[2];
    double *w[2];
    size_t P;
    int st = train_threads_1_2(trainer_of(kind), 150, X, T, Q, rec, w, &P);
    tap_ok(st == CLM_OK && P > 0 && same_record(&rec[0], &rec[1]) &&
               !memcmp(w[0], w[1], P * sizeof(double)) && rec[0].n_val > 0,
           "%s: threads 1 and 2 give bit-identical records and weights (%zu epochs, '%s')",
           kind_name[kind], rec[0].num_epochs, clm_stop_text(rec[0].stop));
    for (int th = 0; th < 2; th++) {
      clm_record_free(&rec[th]);
      free(w[th]);
    }
  }
  free(X);
  free(T);
}

/* ------------------------------------------------------------------------ */
/* trainscg without a descent direction                                     */

static void test_scg_no_direction(void) {
  /* Targets of size 1e-150 with no output processing and a zero output
   * layer: the outputs are 0, the errors 1e-150, the gradient ~1e-150 > 0
   * = min_grad, so training runs; mu = p'r ~ 1e-300 and mu^2 underflows to
   * 0: no step along p can be judged. */
  size_t Q = 12, h[] = {3};
  double X[12], T[12];
  for (size_t q = 0; q < Q; q++) {
    X[q] = (double)q / (double)(Q - 1);
    T[q] = 1e-150 * (1.0 + 0.5 * sin(3.0 * X[q]));
  }
  clm_net *net;
  clm_feedforwardnet(&net, 1, h);
  clm_net_set_processing(net, CLM_PROC_DEFAULT, 0);
  clm_net_set_divide(net, CLM_DIVIDETRAIN, 1, 0, 0);
  int st = clm_configure(net, X, 1, T, 1, Q, 3);
  const size_t P = clm_net_num_weights(net);
  double wb[PMAX], after[PMAX];
  clm_getwb(net, wb);
  for (size_t i = P - 4; i < P; i++) wb[i] = 0.0; /* b2 and LW{2,1} */
  clm_setwb(net, wb);
  clm_trainparam p = clm_trainparam_default(clm_trainscg);
  p.min_grad = 0;
  clm_record rec;
  clm_record_init(&rec);
  if (st == CLM_OK) st = clm_train(net, clm_trainscg, X, T, Q, &p, &rec);
  clm_getwb(net, after);
  int finite = 1;
  for (size_t i = 0; i < P; i++) finite &= isfinite(after[i]) != 0;
  tap_ok(st == CLM_OK && rec.stop == CLM_STOP_MIN_GRAD && rec.num_epochs == 1 &&
             rec.gradient[0] > 0 && rec.gradient[1] == 0 && rec.perf[1] == rec.perf[0] && finite &&
             !memcmp(after, wb, P * sizeof *wb),
         "trainscg: mu = p'r zero to working precision stops with '%s' at epoch %zu "
         "(gradient %.3g then %.3g), weights unchanged and finite",
         clm_stop_text(rec.stop), rec.num_epochs, rec.gradient[0], rec.num_epochs ? rec.gradient[1] : NAN);
  /* the reference follows the same rule */
  naive_mlp r;
  int f[] = {F_TANSIG, F_PURELIN};
  naive_setup(&r, 1, 1, Q, X, T, 1, h, f);
  r.map_out = 0;
  size_t tr[12];
  for (size_t q = 0; q < Q; q++) tr[q] = q;
  static rrec rr;
  ref_train(&r, NULL, K_SCG, &p, wb, tr, Q, NULL, 0, &rr);
  tap_ok(rr.stop == rec.stop && rr.n == rec.num_epochs && tap_reldiff(rr.perf[0], rec.perf[0], 0) < 1e-9,
         "trainscg no-direction rule: the reference agrees (%zu epochs, '%s')", rr.n,
         clm_stop_text(rr.stop));
  clm_record_free(&rec);
  clm_net_free(net);
}

/* ------------------------------------------------------------------------ */
/* A learning rate so large that every trial overflows                      */

static void test_overflowing_trials(void) {
  /* 1-3-1 tansig/purelin: the first trial's outputs overflow to Inf;
   * 1-4-1 purelin/purelin: they are Inf - Inf = NaN (checked with the
   * naive network first).  Each trial must be refused. */
  for (int which = 0; which < 2; which++) {
    rng_state = 0x9E3779B97F4A7C15ULL;
    problem pb;
    if (which == 0) {
      make_net(&pb, 0);
    } else {
      size_t h[] = {4};
      int f[] = {F_PURELIN, F_PURELIN};
      make_problem(&pb, 1, 1, 20, 1, h, f, 0, 0.1, 0, 1);
    }
    const size_t P = clm_net_num_weights(pb.net);
    double w0[PMAX], w1[PMAX];
    clm_getwb(pb.net, w0);
    const double lr0 = 1e300;
    setup su = {&pb.r, pb.tr, pb.va, pb.ntr, 0, 1.0 / (double)pb.ntr, NULL};
    static point pt;
    evaluate(&su, w0, &pt);
    for (size_t i = 0; i < P; i++) w1[i] = w0[i] + lr0 * pt.g[i];
    const double trial = train_perf(&su, w1);
    tap_ok(which == 0 ? isinf(trial) : isnan(trial), "%s: the first trial's performance is %g",
           which == 0 ? "1-3-1 tansig" : "1-4-1 purelin", trial);
    for (int kind = K_GDA; kind <= K_GDX; kind++) {
      clm_trainparam p = clm_trainparam_default(trainer_of(kind));
      p.lr = lr0;
      p.epochs = 50;
      clm_record rec;
      clm_record_init(&rec);
      int st = train_copy(&pb, trainer_of(kind), &p, &rec, w1);
      int same = st == CLM_OK && rec.num_epochs == 50;
      double lr = p.lr;
      for (size_t e = 0; same && e <= rec.num_epochs; e++) {
        same &= rec.perf[e] == rec.perf[0] && rec.state[0][e] == lr;
        lr *= p.lr_dec;
      }
      tap_ok(same && !memcmp(w0, w1, P * sizeof *w0) && isfinite(rec.perf[50]),
             "%s: with lr = 1e300 every trial (perf %g) is refused, lr times lr_dec each epoch, "
             "perf stays %.4g, weights untouched", kind_name[kind], trial,
             st == CLM_OK ? rec.perf[50] : NAN);
      clm_record_free(&rec);
    }
    problem_free(&pb);
  }
}

/* ------------------------------------------------------------------------ */
/* Defaults, descriptors, bad parameters                                    */

static void test_params(void) {
  clm_trainparam a = clm_trainparam_default(clm_traingda), x = clm_trainparam_default(clm_traingdx);
  clm_trainparam r = clm_trainparam_default(clm_trainrp), s = clm_trainparam_default(clm_trainscg);
  tap_ok(a.lr == 0.01 && a.lr_inc == 1.05 && a.lr_dec == 0.7 && a.max_perf_inc == 1.04 &&
             a.min_grad == 1e-5 && a.max_fail == 6 && a.epochs == 1000,
         "traingda defaults: lr 0.01, lr_inc 1.05, lr_dec 0.7, max_perf_inc 1.04, min_grad 1e-5");
  tap_ok(x.lr == 0.01 && x.lr_inc == 1.05 && x.lr_dec == 0.7 && x.max_perf_inc == 1.04 &&
             x.mc == 0.9 && x.min_grad == 1e-5,
         "traingdx defaults: traingda's and mc 0.9");
  tap_ok(r.lr == 0.01 && r.delt_inc == 1.2 && r.delt_dec == 0.5 && r.delta0 == 0.07 &&
             r.deltamax == 50 && r.min_grad == 1e-5,
         "trainrp defaults: delt_inc 1.2, delt_dec 0.5, delta0 0.07, deltamax 50, min_grad 1e-5");
  tap_ok(s.sigma == 5e-5 && s.lambda == 5e-7 && s.min_grad == 1e-6 && s.max_fail == 6,
         "trainscg defaults: sigma 5e-5, lambda 5e-7, min_grad 1e-6");
  tap_ok(clm_trainer_num_states(clm_traingda) == 1 && !strcmp(clm_trainer_state_name(clm_traingda, 0), "lr") &&
             clm_trainer_num_states(clm_traingdx) == 1 && !strcmp(clm_trainer_state_name(clm_traingdx, 0), "lr") &&
             clm_trainer_num_states(clm_trainrp) == 0 && clm_trainer_num_states(clm_trainscg) == 0,
         "extra record states: lr for traingda and traingdx, none for trainrp and trainscg");
  double v;
  tap_ok(clm_trainparam_get(&s, clm_trainscg, "lr", &v) == CLM_EINVAL &&
             clm_trainparam_get(&r, clm_trainrp, "lr", &v) == CLM_OK && v == 0.01 &&
             clm_trainparam_get(&a, clm_traingda, "mc", &v) == CLM_EINVAL &&
             clm_trainparam_get(&x, clm_traingdx, "mc", &v) == CLM_OK,
         "parameter lists: trainscg has no lr, trainrp lists lr, traingda has no mc, traingdx has");
  for (int kind = K_GDA; kind <= K_SCG; kind++)
    tap_ok(clm_trainer_from_name(kind_name[kind]) == trainer_of(kind) &&
               !strcmp(clm_trainer_name(trainer_of(kind)), kind_name[kind]) &&
               clm_trainer_flags(trainer_of(kind)) == 0,
           "%s: found by name, no mu, no linear solver", kind_name[kind]);

  /* bad values: CLM_EPARAM from clm_train, network untouched */
  problem pb;
  make_net(&pb, 0);
  const size_t P = clm_net_num_weights(pb.net);
  double w0[PMAX], w1[PMAX];
  clm_getwb(pb.net, w0);
  struct {
    int kind;
    const char *field;
    double value;
  } bad[] = {
    {K_GDA, "lr_inc", 1.0},      {K_GDA, "lr_dec", 1.5},        {K_GDA, "max_perf_inc", 0.0},
    {K_GDX, "mc", -0.1},         {K_GDX, "lr", INFINITY},       {K_RP, "delt_inc", 0.9},
    {K_RP, "delt_dec", NAN},     {K_RP, "delta0", 0.0},         {K_RP, "deltamax", INFINITY},
    {K_SCG, "sigma", 0.0},       {K_SCG, "lambda", -1e-9},      {K_SCG, "lambda", INFINITY},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    const clm_trainer_type *t = trainer_of(bad[i].kind);
    clm_trainparam p = clm_trainparam_default(t);
    char msg[200];
    int set = clm_trainparam_set(&p, t, bad[i].field, bad[i].value, msg, sizeof msg);
    /* write it past the setter, as a C caller could */
    double *field = NULL;
    if (!strcmp(bad[i].field, "lr_inc")) field = &p.lr_inc;
    else if (!strcmp(bad[i].field, "lr_dec")) field = &p.lr_dec;
    else if (!strcmp(bad[i].field, "max_perf_inc")) field = &p.max_perf_inc;
    else if (!strcmp(bad[i].field, "mc")) field = &p.mc;
    else if (!strcmp(bad[i].field, "lr")) field = &p.lr;
    else if (!strcmp(bad[i].field, "delt_inc")) field = &p.delt_inc;
    else if (!strcmp(bad[i].field, "delt_dec")) field = &p.delt_dec;
    else if (!strcmp(bad[i].field, "delta0")) field = &p.delta0;
    else if (!strcmp(bad[i].field, "deltamax")) field = &p.deltamax;
    else if (!strcmp(bad[i].field, "sigma")) field = &p.sigma;
    else field = &p.lambda;
    *field = bad[i].value;
    char cmsg[200];
    int chk = clm_trainparam_check(t, &p, cmsg, sizeof cmsg);
    clm_net *net;
    clm_net_copy(pb.net, &net);
    int st = clm_train(net, t, pb.X, pb.T, pb.Q, &p, NULL);
    clm_getwb(net, w1);
    clm_net_free(net);
    tap_ok(set == CLM_EPARAM && chk == CLM_EPARAM && st == CLM_EPARAM && strstr(cmsg, bad[i].field) &&
               !memcmp(w0, w1, P * sizeof *w0),
           "%s.%s = %g refused by set, check and clm_train, net untouched: %s", kind_name[bad[i].kind],
           bad[i].field, bad[i].value, cmsg);
  }
  problem_free(&pb);
}

int main(void) {
  test_reference_gradient();
  test_reference();
  test_stops();
  test_gdx_vs_gda_and_counters();
  test_threads();
  test_scg_no_direction();
  test_overflowing_trials();
  test_params();
  return tap_done();
}
