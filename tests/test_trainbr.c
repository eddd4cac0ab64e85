/* chaoslm tests — trainbr against an independent, deliberately naive
 * reference of its rule (doc/trainers.md "trainbr").
 *
 * The reference has its own network (tests/naive_mlp.h: mapminmax from
 * the data, tansig as 2/(1+exp(-2n))-1, logsig, purelin), builds the dense
 * Jacobian of e = t - y one target at a time by back-propagation, forms
 * J'J and J'e by plain loops, solves the damped system by its own Cholesky
 * factorisation, takes gamma from the trace of an EXPLICIT inverse
 * (Gauss-Jordan elimination), and has its own copy of MATLAB's loop (stop
 * checks, record rows, validation failures, the network returned).  Only
 * the initial weights (clm_configure) and the index sets come from the
 * library.  Epoch by epoch, over at least 40 epochs on each net: perf,
 * vperf, mu and the states gamk and ssX within 1e-9 relative, the gradient
 * within 1e-7, val_fail exactly; the stop reason and epoch, the best epoch
 * and the returned weights.  Nets: 1-5-1 (mse, no validation; 60 epochs),
 * 1-5-1 with sse, 2-4-3-1 with a validation set (max_fail Inf: validation
 * never stops it; 50 epochs; and with standard normalization of the
 * errors), 2-6-2 with NaN targets to "Maximum MU reached." (a small
 * mu_max) and to a performance goal.
 *
 * Also: mae, crossentropy and a regularization are refused
 * (CLM_EPERFORM, the network untouched); a gradient check of the
 * reference's Jacobian (central finite
 * differences); MATLAB's defaults and bounds; the record's state names;
 * threads 1 and 2 give bit-identical records (P > 64: the backend's
 * threaded kernels); the counters (one Jacobian pass per accepted step);
 * what the session returns without a validation set (the last network);
 * the chaotic escape is refused (trainbr has no stall signal).
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

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static double urand(void) { return xorshift_uniform(&rng_state); }

/* ------------------------------------------------------------------------ */
/* Naive linear algebra                                                      */

/* Solve A x = b (A symmetric n x n row-major, not modified) by a Cholesky
 * factorisation A = L L' computed here; 0 if a pivot is not positive. */
static int chol_solve(const double *A, const double *b, double *x, size_t n) {
  double *L = calloc(n * n, sizeof *L), *y = malloc(n * sizeof *y);
  int ok = 1;
  for (size_t j = 0; j < n && ok; j++) {
    double s = A[j * n + j];
    for (size_t k = 0; k < j; k++) s -= L[j * n + k] * L[j * n + k];
    if (!(s > 0.0)) {
      ok = 0;
      break;
    }
    L[j * n + j] = sqrt(s);
    for (size_t i = j + 1; i < n; i++) {
      double t = A[i * n + j];
      for (size_t k = 0; k < j; k++) t -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = t / L[j * n + j];
    }
  }
  for (size_t i = 0; i < n && ok; i++) { /* L y = b */
    double s = b[i];
    for (size_t k = 0; k < i; k++) s -= L[i * n + k] * y[k];
    y[i] = s / L[i * n + i];
  }
  for (size_t i = n; i-- > 0 && ok;) { /* L' x = y */
    double s = y[i];
    for (size_t k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  free(L);
  free(y);
  return ok;
}

/* trace(A^-1) of an n x n row-major A from its explicit inverse by
 * Gauss-Jordan elimination with partial pivoting; NaN when singular. */
static double trace_of_inverse(const double *A, size_t n) {
  const size_t w = 2 * n;
  double *M = malloc(n * w * sizeof *M);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++) {
      M[i * w + j] = A[i * n + j];
      M[i * w + n + j] = i == j ? 1.0 : 0.0;
    }
  double tr = 0.0;
  for (size_t k = 0; k < n; k++) {
    size_t piv = k;
    for (size_t i = k + 1; i < n; i++)
      if (fabs(M[i * w + k]) > fabs(M[piv * w + k])) piv = i;
    if (M[piv * w + k] == 0.0) {
      free(M);
      return NAN;
    }
    for (size_t j = 0; j < w && piv != k; j++) {
      double t = M[k * w + j];
      M[k * w + j] = M[piv * w + j];
      M[piv * w + j] = t;
    }
    double d = M[k * w + k];
    for (size_t j = 0; j < w; j++) M[k * w + j] /= d;
    for (size_t i = 0; i < n; i++)
      if (i != k) {
        double f = M[i * w + k];
        for (size_t j = 0; j < w; j++) M[i * w + j] -= f * M[k * w + j];
      }
  }
  for (size_t i = 0; i < n; i++) tr += M[i * w + n + i];
  free(M);
  return tr;
}

/* ------------------------------------------------------------------------ */
/* The reference trainbr in MATLAB's loop                                    */

#define EMAX 400
typedef struct rrec {
  size_t n;                  /* last epoch */
  double perf[EMAX + 1], vperf[EMAX + 1], mu[EMAX + 1], grad[EMAX + 1];
  double gamk[EMAX + 1], ssX[EMAX + 1];
  size_t val_fail[EMAX + 1];
  clm_stop stop;
  size_t best_epoch;
  double best_wb[512];
  size_t n_jacobian;         /* Jacobian passes, epoch 0 included */
} rrec;

/* The spec's rule (see the banner of solvers/trainbr.c for the library's
 * version of the same words).  p: epochs, goal, min_grad, max_fail, mu,
 * mu_dec, mu_inc, mu_max; max_fail SIZE_MAX is Inf. */
static void ref_trainbr(const naive_mlp *r, const clm_trainparam *p, const double *wb0,
                        const size_t *tr, size_t ntr, const size_t *va, size_t nva, rrec *out) {
  const size_t P = r->P;
  double *wb = malloc(P * sizeof *wb), *wb2 = malloc(P * sizeof *wb2);
  double *JJ = malloc(P * P * sizeof *JJ), *JE = malloc(P * sizeof *JE);
  double *A = malloc(P * P * sizeof *A), *g = malloc(P * sizeof *g), *dx = malloc(P * sizeof *dx);
  memcpy(wb, wb0, P * sizeof *wb);
  memset(out, 0, sizeof *out);
  size_t n;
  double Ed = naive_jejj(r, wb, tr, ntr, JJ, JE, &n);
  out->n_jacobian = 1;
  const double norm = r->sse ? 1.0 : 1.0 / (double)n;
  double Ew = 0.0;
  for (size_t i = 0; i < P; i++) Ew += wb[i] * wb[i];
  /* MATLAB's initialisation */
  double gamk = (double)P;
  double beta = Ed == 0.0 ? 1.0 : ((double)n - gamk) / (2.0 * Ed);
  if (beta <= 0.0) beta = 1.0;
  double alpha = gamk / (2.0 * Ew);
  double F = beta * Ed + alpha * Ew;
  double mu = p->mu;
  double vperf = naive_perf(r, wb, va, nva), best_vperf = vperf;
  size_t val_fail = 0;
  memcpy(out->best_wb, wb, P * sizeof *wb);
  for (size_t epoch = 0;; epoch++) {
    double g2 = 0.0;
    for (size_t i = 0; i < P; i++) g2 += (norm * JE[i]) * (norm * JE[i]);
    const double perf = Ed * norm, grad = 2.0 * sqrt(g2);
    clm_stop stop = CLM_STOP_NONE;
    if (perf <= p->goal) stop = CLM_STOP_GOAL;
    else if (epoch == p->epochs) stop = CLM_STOP_EPOCHS;
    else if (grad <= p->min_grad) stop = CLM_STOP_MIN_GRAD;
    else if (mu >= p->mu_max) stop = CLM_STOP_MU_MAX;
    else if (p->max_fail != SIZE_MAX && val_fail >= p->max_fail) stop = CLM_STOP_VALIDATION;
    out->perf[epoch] = perf;
    out->vperf[epoch] = vperf;
    out->mu[epoch] = mu;
    out->grad[epoch] = grad;
    out->gamk[epoch] = gamk;
    out->ssX[epoch] = Ew;
    out->val_fail[epoch] = val_fail;
    out->n = epoch;
    if (stop != CLM_STOP_NONE || epoch == EMAX) {
      out->stop = stop;
      break;
    }
    /* Levenberg-Marquardt on F = beta Ed + alpha Ew */
    for (size_t i = 0; i < P; i++) g[i] = beta * JE[i] + alpha * wb[i];
    int accepted = 0;
    double Ed2 = 0.0, Ew2 = 0.0;
    while (mu <= p->mu_max) {
      for (size_t i = 0; i < P; i++)
        for (size_t j = 0; j < P; j++)
          A[i * P + j] = beta * JJ[i * P + j] + (i == j ? mu + alpha : 0.0);
      if (chol_solve(A, g, dx, P)) {
        int finite = 1;
        Ew2 = 0.0;
        for (size_t i = 0; i < P; i++) {
          finite = finite && isfinite(dx[i]);
          wb2[i] = wb[i] - dx[i];
          Ew2 += wb2[i] * wb2[i];
        }
        size_t c2;
        Ed2 = naive_sse(r, wb2, tr, ntr, &c2);
        if (finite && beta * Ed2 + alpha * Ew2 < F) {
          memcpy(wb, wb2, P * sizeof *wb);
          mu = fmax(mu * p->mu_dec, 1e-20);
          accepted = 1;
          break;
        }
      }
      mu *= p->mu_inc;
    }
    if (accepted) {
      /* gamma from the epoch's J'J and the alpha, beta of its steps */
      for (size_t i = 0; i < P; i++)
        for (size_t j = 0; j < P; j++) A[i * P + j] = beta * JJ[i * P + j] + (i == j ? alpha : 0.0);
      /* (ours) no Cholesky factor: gamma, alpha, beta stay */
      int pd = chol_solve(A, g, dx, P);
      double t = pd ? trace_of_inverse(A, P) : NAN;
      Ed = naive_jejj(r, wb, tr, ntr, JJ, JE, &n);
      out->n_jacobian++;
      Ew = Ew2;
      if (pd) {
        gamk = (double)P - alpha * t;
        alpha = Ew == 0.0 ? 1.0 : gamk / (2.0 * Ew);
        beta = Ed == 0.0 ? 1.0 : ((double)n - gamk) / (2.0 * Ed);
      }
      F = beta * Ed + alpha * Ew;
      vperf = naive_perf(r, wb, va, nva);
    }
    /* the network returned: lowest vperf with a validation set, else the
     * last one */
    if (nva > 0) {
      if (vperf < best_vperf) {
        best_vperf = vperf;
        val_fail = 0;
        memcpy(out->best_wb, wb, P * sizeof *wb);
        out->best_epoch = epoch + 1;
      } else if (vperf > best_vperf) {
        val_fail++;
      }
    } else {
      memcpy(out->best_wb, wb, P * sizeof *wb);
      out->best_epoch = epoch + 1;
    }
  }
  free(wb);
  free(wb2);
  free(JJ);
  free(JE);
  free(A);
  free(g);
  free(dx);
}

/* ------------------------------------------------------------------------ */
/* Problems (tests/ref_problem.h)                                           */

/* Smooth targets of the inputs plus noise; every `nan_every`-th target of
 * output 1 NaN (0: none); validation: nva samples spread over the data. */
static void make_problem(problem *pb, size_t R, size_t O, size_t Q, size_t nh, const size_t *h,
                         const int *f, size_t nva, double noise, size_t nan_every,
                         uint64_t seed) {
  problem_alloc(pb, R, O, Q);
  for (size_t q = 0; q < Q; q++) {
    double s = 0.0;
    for (size_t i = 0; i < R; i++) {
      double v = i == 0 ? -1.0 + 2.0 * (double)q / (double)(Q - 1) : -1.0 + 2.0 * urand();
      pb->X[q * R + i] = 2.0 * v + (double)i;
      s += (double)(i + 1) * v;
    }
    for (size_t k = 0; k < O; k++)
      pb->T[q * O + k] = 3.0 * sin(1.7 * s + (double)k) + 0.5 * (double)k * s + 2.0 +
                         noise * (urand() - 0.5);
    if (nan_every && O > 1 && q % nan_every == 2) pb->T[q * O + 1] = NAN;
  }
  problem_configure(pb, nh, h, f, nva, seed);
}

/* ------------------------------------------------------------------------ */
/* The comparison                                                            */

static double maxrel(const double *a, const double *b, size_t n, double floor_) {
  double w = 0.0;
  for (size_t k = 0; k < n; k++) {
    if (isnan(a[k]) && isnan(b[k])) continue;
    double d = tap_reldiff(a[k], b[k], floor_);
    if (!(d <= w)) w = d;
  }
  return w;
}

/* clm_train with trainbr on a copy of pb->net against the reference; at
 * least min_epochs epochs must be compared. */
static void compare(problem *pb, const clm_trainparam *p, const char *name, size_t min_epochs,
                    clm_stop want_stop) {
  clm_net *net;
  clm_net_copy(pb->net, &net);
  const size_t P = clm_net_num_weights(net);
  double *wb0 = malloc(P * sizeof *wb0), *wb = malloc(P * sizeof *wb);
  clm_getwb(net, wb0);
  clm_record rec;
  clm_record_init(&rec);
  int st = clm_train(net, clm_trainbr, pb->X, pb->T, pb->Q, p, &rec);
  static rrec rr;
  ref_trainbr(&pb->r, p, wb0, pb->tr, pb->ntr, pb->va, pb->nva, &rr);
  tap_ok(st == CLM_OK && P == pb->r.P, "%s: clm_train %s, P = %zu (reference %zu)", name,
         clm_status_name(st), P, pb->r.P);
  if (st != CLM_OK) goto done;
  tap_ok(rec.num_epochs == rr.n && rec.stop == rr.stop && rec.stop == want_stop &&
             rec.num_epochs >= min_epochs,
         "%s: stops at epoch %zu with '%s' (reference %zu '%s', want '%s' after >= %zu)", name,
         rec.num_epochs, clm_stop_text(rec.stop), rr.n, clm_stop_text(rr.stop),
         clm_stop_text(want_stop), min_epochs);
  size_t n = (rec.num_epochs < rr.n ? rec.num_epochs : rr.n) + 1;
  if (getenv("CLM_TRAINBR_DEBUG"))
    for (size_t k = 0; k < n; k++)
      tap_diag("%s %zu: perf %.17g/%.17g mu %g/%g gamk %.17g/%.17g", name, k, rec.perf[k], rr.perf[k],
               rec.mu[k], rr.mu[k], rec.state[0][k], rr.gamk[k]);
  double dp = maxrel(rec.perf, rr.perf, n, 1e-300), dv = maxrel(rec.vperf, rr.vperf, n, 1e-300);
  double dm = maxrel(rec.mu, rr.mu, n, 1e-300), dg = maxrel(rec.gradient, rr.grad, n, 1e-300);
  int names = rec.n_states == 2 && !strcmp(rec.state_name[0], "gamk") &&
              !strcmp(rec.state_name[1], "ssX");
  double dgam = names ? maxrel(rec.state[0], rr.gamk, n, 1e-300) : INFINITY;
  double dssx = names ? maxrel(rec.state[1], rr.ssX, n, 1e-300) : INFINITY;
  int vf = 1;
  for (size_t k = 0; k < n; k++) vf = vf && rec.val_fail[k] == rr.val_fail[k];
  tap_ok(dp <= 1e-9, "%s: perf agrees epoch by epoch over %zu epochs (max rel diff %.2g)", name, n,
         dp);
  tap_ok(dm <= 1e-9, "%s: mu agrees (max rel diff %.2g)", name, dm);
  tap_ok(names && dgam <= 1e-9 && dssx <= 1e-9,
         "%s: states gamk and ssX agree (max rel diff %.2g, %.2g; gamk %.6g -> %.6g of P = %zu)",
         name, dgam, dssx, rr.gamk[0], rr.gamk[n - 1], P);
  tap_ok(dg <= 1e-7, "%s: gradient agrees (max rel diff %.2g)", name, dg);
  tap_ok(dv <= 1e-9 && vf, "%s: vperf (NaN without validation) and val_fail agree (%.2g)", name, dv);
  clm_getwb(net, wb);
  double dw = 0.0;
  for (size_t i = 0; i < P; i++) dw = fmax(dw, tap_reldiff(wb[i], rr.best_wb[i], 1e-3));
  tap_ok(rec.best_epoch == rr.best_epoch && dw <= 1e-7,
         "%s: returns the network of epoch %zu (reference %zu; %s), weights within %.2g", name,
         rec.best_epoch, rr.best_epoch, pb->nva ? "lowest vperf" : "the last one", dw);
  tap_ok(rec.n_jacobian == rr.n_jacobian && rec.n_factor >= rec.n_jacobian - 1,
         "%s: %llu Jacobian passes (reference %zu: epoch 0 and one per accepted step), %llu "
         "factors, %llu rejected", name, (unsigned long long)rec.n_jacobian, rr.n_jacobian,
         (unsigned long long)rec.n_factor, (unsigned long long)rec.n_rejected);
done:
  clm_record_free(&rec);
  clm_net_free(net);
  free(wb0);
  free(wb);
}

/* The reference's Jacobian against central finite differences of its own
 * errors (so that the comparison above tests the trainer, not the
 * reference's calculus). */
static void test_reference_jacobian(void) {
  problem pb;
  size_t h[] = {4, 3};
  int f[] = {F_TANSIG, F_LOGSIG, F_PURELIN};
  make_problem(&pb, 2, 2, 12, 2, h, f, 0, 0.1, 0, 5);
  const size_t P = pb.r.P;
  double *wb = malloc(P * sizeof *wb), *row = malloc(P * sizeof *row), *w2 = malloc(P * sizeof *w2);
  clm_getwb(pb.net, wb);
  double worst = 0.0, a[NAIVE_LMAX + 1][NAIVE_WMAX], y[NAIVE_WMAX], yp[NAIVE_WMAX], ym[NAIVE_WMAX];
  for (size_t q = 0; q < pb.Q; q++)
    for (size_t k = 0; k < pb.O; k++) {
      naive_forward(&pb.r, wb, q, a, y);
      naive_jac_row(&pb.r, wb, a, k, row);
      for (size_t i = 0; i < P; i++) {
        const double hstep = 1e-6 * fmax(1.0, fabs(wb[i]));
        memcpy(w2, wb, P * sizeof *w2);
        w2[i] = wb[i] + hstep;
        naive_forward(&pb.r, w2, q, a, yp);
        w2[i] = wb[i] - hstep;
        naive_forward(&pb.r, w2, q, a, ym);
        double fd = -(yp[k] - ym[k]) / (2.0 * hstep); /* de/dw = -dy/dw */
        worst = fmax(worst, fabs(fd - row[i]) / fmax(1.0, fabs(row[i])));
      }
    }
  tap_ok(worst < 1e-6, "reference Jacobian = central differences (2-4-3-2, max err %.1e)", worst);
  free(wb);
  free(row);
  free(w2);
  problem_free(&pb);
}

static void test_reference(void) {
  /* 1-5-1, no validation (the last network is returned) */
  problem pb;
  size_t h1[] = {5};
  int f1[] = {F_TANSIG, F_PURELIN};
  make_problem(&pb, 1, 1, 50, 1, h1, f1, 0, 0.3, 0, 21);
  clm_trainparam p = clm_trainparam_default(clm_trainbr);
  p.epochs = 60;
  p.show = 0;
  compare(&pb, &p, "1-5-1 mse", 40, CLM_STOP_EPOCHS);
  clm_record rm;
  clm_record_init(&rm);
  const size_t P = clm_net_num_weights(pb.net);
  double *wm = malloc(P * sizeof *wm), *ws = malloc(P * sizeof *ws);
  clm_net *net;
  clm_net_copy(pb.net, &net);
  int sm = clm_train(net, clm_trainbr, pb.X, pb.T, pb.Q, &p, &rm);
  clm_getwb(net, wm);
  clm_net_free(net);
  problem_use_sse(&pb);
  compare(&pb, &p, "1-5-1 sse", 40, CLM_STOP_EPOCHS);
  /* trainbr works on Ed whatever the performFcn: the same weights, the
   * record's perf scaled by N */
  clm_record rs;
  clm_record_init(&rs);
  clm_net_copy(pb.net, &net);
  int ss = clm_train(net, clm_trainbr, pb.X, pb.T, pb.Q, &p, &rs);
  clm_getwb(net, ws);
  clm_net_free(net);
  tap_ok(sm == CLM_OK && ss == CLM_OK && !memcmp(wm, ws, P * sizeof *wm) &&
             tap_reldiff(rs.perf[rs.num_epochs], rm.perf[rm.num_epochs] * (double)pb.ntr, 1e-300) < 1e-15 &&
             !memcmp(rs.state[0], rm.state[0], (rm.num_epochs + 1) * sizeof(double)),
         "mse and sse train the same weights and gamk (trainbr works on Ed); perf sse %.6g = "
         "%zu x mse %.6g", rs.perf[rs.num_epochs], pb.ntr, rm.perf[rm.num_epochs]);
  clm_record_free(&rm);
  clm_record_free(&rs);
  free(wm);
  free(ws);
  problem_free(&pb);

  /* 2-4-3-1 tansig/logsig/purelin with a validation set: max_fail Inf,
   * so validation counts failures but never stops training */
  size_t h2[] = {4, 3};
  int f2[] = {F_TANSIG, F_LOGSIG, F_PURELIN};
  make_problem(&pb, 2, 1, 200, 2, h2, f2, 30, 0.5, 0, 22);
  p.epochs = 50;
  compare(&pb, &p, "2-4-3-1 val", 40, CLM_STOP_EPOCHS);
  /* normalized errors: Ed is the sum of the normalized squared errors */
  clm_net_set_normalization(pb.net, CLM_NORMALIZATION_STANDARD);
  pb.r.std_norm = 1;
  p.epochs = 45;
  compare(&pb, &p, "2-4-3-1 val standard normalization", 40, CLM_STOP_EPOCHS);
  problem_free(&pb);

  /* 2-6-2 logsig, a NaN target every 7th sample, to "Maximum MU reached."
   * with a small mu_max (mu 0.05 -> 5 at epoch 3 ends training at epoch 4).
   * Run to the default mu_max, training ends there too, but only after
   * some 120 epochs, when no trial can lower F by more than its rounding:
   * which trial wins then depends on the last bits, which two correct
   * implementations need not share (the records agree within 1e-8 up to
   * that point). */
  size_t h3[] = {6};
  int f3[] = {F_LOGSIG, F_PURELIN};
  make_problem(&pb, 2, 2, 150, 1, h3, f3, 0, 0.2, 7, 23);
  p.epochs = 400;
  p.mu_max = 1.0;
  compare(&pb, &p, "2-6-2 NaN targets mu_max 1", 4, CLM_STOP_MU_MAX);
  /* and a goal reached on the way (after 26 epochs) */
  p = clm_trainparam_default(clm_trainbr);
  p.show = 0;
  p.goal = 0.02;
  compare(&pb, &p, "2-6-2 goal", 20, CLM_STOP_GOAL);
  problem_free(&pb);
}

/* ------------------------------------------------------------------------ */
/* Records, threads, parameters                                              */

static int same_record(const clm_record *a, const clm_record *b) {
  if (a->num_epochs != b->num_epochs || a->stop != b->stop || a->best_epoch != b->best_epoch ||
      a->n_states != b->n_states)
    return 0;
  size_t n = (a->num_epochs + 1) * sizeof(double);
  if (memcmp(a->perf, b->perf, n) || memcmp(a->mu, b->mu, n) || memcmp(a->gradient, b->gradient, n) ||
      memcmp(a->vperf, b->vperf, n) || memcmp(a->tperf, b->tperf, n))
    return 0;
  for (size_t k = 0; k < a->n_states; k++)
    if (memcmp(a->state[k], b->state[k], n)) return 0;
  return 1;
}

static void test_threads(void) {
  /* 3-20-2 (P = 122 > 64: the CPU backend's threaded J'J, its blocked
   * Cholesky and trace kernels), dividerand */
  problem pb;
  size_t h[] = {20};
  int f[] = {F_TANSIG, F_PURELIN};
  make_problem(&pb, 3, 2, 300, 1, h, f, 0, 0.2, 0, 31);
  clm_net_set_divide(pb.net, CLM_DIVIDERAND, 0.7, 0.15, 0.15);
  clm_record r[2];
  double *w[2];
  const size_t P = clm_net_num_weights(pb.net);
  int st[2];
  for (int k = 0; k < 2; k++) {
    clm_trainparam p = clm_trainparam_default(clm_trainbr);
    p.epochs = 30;
    p.show = 0;
    p.threads = k + 1;
    p.seed = 5;
    clm_net *net;
    clm_net_copy(pb.net, &net);
    clm_record_init(&r[k]);
    st[k] = clm_train(net, clm_trainbr, pb.X, pb.T, pb.Q, &p, &r[k]);
    w[k] = malloc(P * sizeof(double));
    clm_getwb(net, w[k]);
    clm_net_free(net);
  }
  tap_ok(st[0] == CLM_OK && st[1] == CLM_OK && same_record(&r[0], &r[1]) &&
             !memcmp(w[0], w[1], P * sizeof(double)),
         "threads 1 and 2: bit-identical records (perf, mu, gradient, gamk, ssX) and weights "
         "(P = %zu, %zu epochs)", P, r[0].num_epochs);
  for (int k = 0; k < 2; k++) {
    clm_record_free(&r[k]);
    free(w[k]);
  }
  problem_free(&pb);
}

static void test_params(void) {
  const clm_trainer_type *t = clm_trainer_from_name("trainbr");
  tap_ok(t == clm_trainbr && !strcmp(clm_trainer_name(t), "trainbr") &&
             (clm_trainer_flags(t) & CLM_TRAINER_MU) && (clm_trainer_flags(t) & CLM_TRAINER_LINSOLVER) &&
             !(clm_trainer_flags(t) & CLM_TRAINER_ESCAPE),
         "clm_trainer_from_name(\"trainbr\"): mu and a linear solver, no stall signal");
  tap_ok(clm_trainer_num_states(t) == 2 && !strcmp(clm_trainer_state_name(t, 0), "gamk") &&
             !strcmp(clm_trainer_state_name(t, 1), "ssX") && !clm_trainer_state_name(t, 2),
         "record states gamk, ssX (MATLAB's names)");
  clm_trainparam p = clm_trainparam_default(t);
  tap_ok(p.mu == 0.005 && p.mu_dec == 0.1 && p.mu_inc == 10 && p.mu_max == 1e10 &&
             p.max_fail == SIZE_MAX && p.min_grad == 1e-7 && p.epochs == 1000 && p.goal == 0,
         "MATLAB's defaults: mu 0.005, mu_dec 0.1, mu_inc 10, mu_max 1e10, max_fail Inf, "
         "min_grad 1e-7");
  clm_trainparam lm = clm_trainparam_default(clm_trainlm);
  tap_ok(lm.mu == 1e-3 && lm.max_fail == 6, "trainlm's defaults unchanged (mu 0.001, max_fail 6)");
  double v = 0;
  tap_ok(clm_trainparam_get(&p, t, "max_fail", &v) == CLM_OK && isinf(v),
         "max_fail reads as Inf");
  char msg[160] = "";
  int s = clm_trainparam_set(&p, t, "mu_inc", 1.0, msg, sizeof msg);
  tap_ok(s == CLM_EPARAM && strstr(msg, "mu_inc"), "mu_inc = 1 refused: \"%s\"", msg);
  s = clm_trainparam_set(&p, t, "mu", 0.0, msg, sizeof msg);
  tap_ok(s == CLM_EPARAM && strstr(msg, "mu"), "mu = 0 refused: \"%s\"", msg);
  p = clm_trainparam_default(t);
  p.chaos.escape = 1;
  s = clm_trainparam_check(t, &p, msg, sizeof msg);
  tap_ok(s == CLM_EPARAM && strstr(msg, "trainbr"), "chaos.escape refused: \"%s\"", msg);

  /* a bad parameter leaves the network untouched */
  problem pb;
  size_t h[] = {3};
  int f[] = {F_TANSIG, F_PURELIN};
  make_problem(&pb, 1, 1, 20, 1, h, f, 0, 0.1, 0, 41);
  const size_t P = clm_net_num_weights(pb.net);
  double *w0 = malloc(P * sizeof *w0), *w1 = malloc(P * sizeof *w1);
  clm_getwb(pb.net, w0);
  p = clm_trainparam_default(t);
  p.mu_dec = 2.0;
  s = clm_train(pb.net, t, pb.X, pb.T, pb.Q, &p, NULL);
  clm_getwb(pb.net, w1);
  tap_ok(s == CLM_EPARAM && !memcmp(w0, w1, P * sizeof *w0),
         "mu_dec = 2: CLM_EPARAM, network unchanged");
  /* the network's own trainFcn */
  tap_ok(clm_net_set_trainfcn(pb.net, "trainbr") == CLM_OK &&
             !strcmp(clm_net_trainfcn(pb.net), "trainbr"),
         "net.trainFcn = 'trainbr'");
  clm_record rec;
  clm_record_init(&rec);
  p = clm_trainparam_default(t);
  p.epochs = 5;
  p.show = 0;
  s = clm_train(pb.net, NULL, pb.X, pb.T, pb.Q, &p, &rec);
  tap_ok(s == CLM_OK && !strcmp(rec.train_fcn, "trainbr") && rec.n_states == 2,
         "clm_train(t = NULL) trains with the network's trainbr");
  clm_record_free(&rec);
  free(w0);
  free(w1);
  problem_free(&pb);
}

/* performFcn other than mse/sse, and a regularization: refused before
 * training, the network untouched (MATLAB switches to mse / sets the
 * regularization to 0 with a warning). */
static void test_perform_settings(void) {
  problem pb;
  size_t h[] = {3};
  int f[] = {F_TANSIG, F_PURELIN};
  make_problem(&pb, 1, 1, 20, 1, h, f, 0, 0.1, 0, 43);
  char *before = NULL, *after = NULL, msg[200] = "";
  size_t lb = 0, la = 0;
  const clm_performfcn bad[] = {CLM_MAE, CLM_CROSSENTROPY};
  for (int k = 0; k < 2; k++) {
    clm_net *net;
    clm_net_copy(pb.net, &net);
    clm_net_set_performfcn(net, bad[k]);
    clm_net_save_buffer(net, &before, &lb);
    int c = clm_perform_check(net, clm_trainbr, msg, sizeof msg);
    int s = clm_train(net, clm_trainbr, pb.X, pb.T, pb.Q, NULL, NULL);
    clm_net_save_buffer(net, &after, &la);
    tap_ok(c == CLM_EPERFORM && s == CLM_EPERFORM && strstr(msg, "trainbr") && lb == la &&
               !memcmp(before, after, lb),
           "performFcn %s: CLM_EPERFORM, network untouched (\"%s\")",
           clm_performfcn_name(bad[k]), msg);
    free(before);
    free(after);
    clm_net_free(net);
  }
  clm_net *net;
  clm_net_copy(pb.net, &net);
  clm_net_set_regularization(net, 0.2);
  clm_net_save_buffer(net, &before, &lb);
  int c = clm_perform_check(net, clm_trainbr, msg, sizeof msg);
  int s = clm_train(net, clm_trainbr, pb.X, pb.T, pb.Q, NULL, NULL);
  clm_net_save_buffer(net, &after, &la);
  tap_ok(c == CLM_EPERFORM && s == CLM_EPERFORM && strstr(msg, "regularization") && lb == la &&
             !memcmp(before, after, lb) && clm_perform_check(net, clm_trainlm, NULL, 0) == CLM_OK,
         "regularization 0.2: CLM_EPERFORM for trainbr (trainlm takes it), network untouched "
         "(\"%s\")", msg);
  free(before);
  free(after);
  clm_net_free(net);
  problem_free(&pb);
}

int main(void) {
  test_reference_jacobian();
  test_perform_settings();
  test_reference();
  test_threads();
  test_params();
  return tap_done();
}
