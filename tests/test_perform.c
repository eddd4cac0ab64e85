/* chaoslm tests — performance functions (mse, sse, mae, crossentropy) and
 * performParam (regularization, normalization).
 *
 * An independent naive reference in this file (its own forward pass over
 * the getwb vector, its own error normalization from the configured ranges
 * and its own formula for each performance function) gives the
 * performance; the library's clm_perform must match it, and clm_gradient
 * must match central finite differences of clm_perform, for every
 * performance function (crossentropy with softmax outputs and with one
 * logsig output), regularization 0 and 0.3, and normalization none,
 * standard and percent (crossentropy refuses a normalization).  The
 * Jacobian path (clm_jacobian, clm_jejj) is checked against finite
 * differences of the normalized errors, and trainlm's regularized
 * Gauss-Newton step against a naive solve of
 *   ((1-r) J'J/N + (mu + r/P) I) dx = (1-r) J'e/N + (r/P) w.
 * The trainers' own evaluations (epoch 0 of clm_train) must agree with
 * clm_perform and clm_gradient, and validation/test performance uses the
 * same function; a cascadeforwardnet's gradient and normalized Jacobian
 * (the general evaluation path) against finite differences.  Also:
 * trainlm with mae or crossentropy is refused with
 * CLM_EPERFORM, the performParam setters and names, fitnet/patternnet,
 * and gradient trainers lowering mae and crossentropy.
 *
 * GPL-3.0-or-later. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chaoslm.h"
#include "tap.h"
#include "test_rng.h"
#include "naive_linalg.h"

/* ------------------------------------------------------------------------ */
/* Data and the naive reference                                              */

static uint64_t rng_state = 0x853c49e6748fea9bULL;
static double urand(void) { return xorshift_uniform(&rng_state); }

#define MAXS 16

/* Raw outputs y (O) of raw input x (R) with weights wb, from the network's
 * settings only (sizes, transfer functions, processing), evaluated the
 * plain way: a chain of layers, W{l} column-major after b{l}. */
static void naive_forward(const clm_net *net, const double *wb, const double *x, double *y) {
  const size_t R = clm_net_num_inputs(net), O = clm_net_num_outputs(net);
  const size_t L = clm_net_num_layers(net);
  double a[MAXS], n[MAXS];
  size_t Sp = 0;
  for (size_t i = 0; i < R; i++) {
    int kept;
    double xo, g;
    clm_net_processing(net, 0, i, &kept, &xo, &g);
    if (!kept) continue;
    a[Sp++] = (g == 1.0 && xo == -1.0) ? x[i] : (x[i] - xo) * g - 1.0;
  }
  size_t off = 0;
  for (size_t l = 1; l <= L; l++) {
    const size_t S = clm_net_layer_size(net, l);
    const double *b = wb + off, *W = wb + off + S;
    for (size_t i = 0; i < S; i++) {
      n[i] = b[i];
      for (size_t j = 0; j < Sp; j++) n[i] += W[i + j * S] * a[j];
    }
    off += S * (Sp + 1);
    clm_transfer tf = clm_net_transfer(net, l);
    if (tf == CLM_SOFTMAX) {
      double m = n[0], sum = 0.0;
      for (size_t i = 1; i < S; i++) m = n[i] > m ? n[i] : m;
      for (size_t i = 0; i < S; i++) sum += (a[i] = exp(n[i] - m));
      for (size_t i = 0; i < S; i++) a[i] /= sum;
    } else {
      for (size_t i = 0; i < S; i++)
        a[i] = tf == CLM_TANSIG   ? 2.0 / (1.0 + exp(-2.0 * n[i])) - 1.0
               : tf == CLM_LOGSIG ? 1.0 / (1.0 + exp(-n[i]))
                                  : n[i];
    }
    Sp = S;
  }
  for (size_t i = 0, k = 0; i < O; i++) {
    int kept;
    double xo, g;
    clm_net_processing(net, 1, i, &kept, &xo, &g);
    if (!kept) {
      y[i] = xo;
      continue;
    }
    y[i] = (g == 1.0 && xo == -1.0) ? a[k] : (a[k] + 1.0) / g + xo;
    k++;
  }
}

/* Normalization factor of raw output row i: 2/range or 1/range from the
 * configured range, 1 when that is not finite. */
static double naive_en(const clm_net *net, size_t i, clm_normalization nz) {
  double mn, mx;
  clm_net_range(net, 1, i, &mn, &mx);
  double f = nz == CLM_NORMALIZATION_STANDARD ? 2.0 / (mx - mn)
             : nz == CLM_NORMALIZATION_PERCENT ? 1.0 / (mx - mn)
                                               : 1.0;
  return isfinite(f) ? f : 1.0;
}

/* The network's performance on (X, T) at weights wb, written from the
 * definitions (MATLAB's mse, sse, mae, crossentropy and performParam). */
static double naive_perf(const clm_net *net, const double *wb, const double *X, const double *T,
                         size_t Q, size_t *N_out) {
  const size_t R = clm_net_num_inputs(net), O = clm_net_num_outputs(net);
  const size_t P = clm_net_num_weights(net);
  const clm_performfcn f = clm_net_performfcn(net);
  const clm_normalization nz = clm_net_normalization(net);
  const double eps = 2.220446049250313e-16;
  double sum = 0.0, y[MAXS];
  size_t N = 0;
  for (size_t q = 0; q < Q; q++) {
    naive_forward(net, wb, X + q * R, y);
    for (size_t i = 0; i < O; i++) {
      const double t = T[q * O + i];
      if (isnan(t)) continue;
      N++;
      const double e = naive_en(net, i, nz) * (t - y[i]);
      if (f == CLM_MSE || f == CLM_SSE) {
        sum += e * e;
      } else if (f == CLM_MAE) {
        sum += fabs(e);
      } else {
        const double yc = fmin(fmax(y[i], eps), 1.0 - eps), tc = fmin(fmax(t, 0.0), 1.0);
        sum += O > 1 ? -tc * log(yc) : -tc * log(yc) - (1.0 - tc) * log(1.0 - yc);
      }
    }
  }
  double perf = f == CLM_SSE ? sum : sum / (double)N;
  const double r = clm_net_regularization(net);
  double ww = 0.0;
  for (size_t i = 0; i < P; i++) ww += wb[i] * wb[i];
  if (N_out) *N_out = N;
  return (1.0 - r) * perf + r * ww / (double)P;
}

/* ------------------------------------------------------------------------ */
/* Test problems                                                             */

typedef struct problem {
  const char *name;
  clm_net *net;
  size_t R, O, Q;
  double *X, *T;
} problem;

static void problem_free(problem *p) {
  clm_net_free(p->net);
  free(p->X);
  free(p->T);
}

/* Inputs: R rows, row 1 constant (removed by removeconstantrows). */
static double *make_inputs(size_t R, size_t Q) {
  double *X = malloc(R * Q * sizeof *X);
  for (size_t q = 0; q < Q; q++)
    for (size_t i = 0; i < R; i++) X[q * R + i] = i == 1 ? 2.5 : 4.0 * urand() - 1.0 + (double)i;
  return X;
}

/* Regression: 3 inputs, 3 outputs (row 1 constant and removed), NaN
 * targets; tansig hidden layer, purelin output, mapminmax both sides.
 * After configuring, the targets of the kept rows are moved to the
 * network's outputs +- (0.2 .. 0.7) times their range, so that no error is
 * near 0 (mae's kink) while the configured ranges stay those of the first
 * targets. */
static problem make_fit(void) {
  problem p = {"fit 3-5-3", NULL, 3, 3, 30, NULL, NULL};
  p.X = make_inputs(p.R, p.Q);
  p.T = malloc(p.O * p.Q * sizeof *p.T);
  for (size_t q = 0; q < p.Q; q++) {
    p.T[q * 3 + 0] = 10.0 * urand() - 3.0;
    p.T[q * 3 + 1] = 0.5;
    p.T[q * 3 + 2] = 0.01 * urand();
  }
  size_t h[1] = {5};
  clm_feedforwardnet(&p.net, 1, h);
  clm_configure(p.net, p.X, p.R, p.T, p.O, p.Q, 7);
  double y[MAXS], wb[256];
  clm_getwb(p.net, wb);
  for (size_t q = 0; q < p.Q; q++) {
    naive_forward(p.net, wb, p.X + q * p.R, y);
    const double span[3] = {10.0, 0.0, 0.01};
    for (size_t i = 0; i < 3; i += 2) {
      const double s = urand() < 0.5 ? -1.0 : 1.0;
      p.T[q * 3 + i] = y[i] + s * (0.2 + 0.5 * urand()) * span[i];
    }
  }
  p.T[0 * 3 + 0] = NAN;
  p.T[4 * 3 + 2] = NAN;
  p.T[7 * 3 + 1] = NAN;
  return p;
}

/* Classification, 3 classes: one-hot targets (a NaN column and a NaN
 * entry), tansig hidden layer, softmax output, removeconstantrows only on
 * the outputs (as patternnet), crossentropy. */
static problem make_softmax(void) {
  problem p = {"softmax 3-4-3", NULL, 3, 3, 27, NULL, NULL};
  p.X = make_inputs(p.R, p.Q);
  p.T = calloc(p.O * p.Q, sizeof *p.T);
  for (size_t q = 0; q < p.Q; q++) p.T[q * 3 + q % 3] = 1.0;
  for (size_t i = 0; i < 3; i++) p.T[5 * 3 + i] = NAN;
  p.T[11 * 3 + 2] = NAN;
  size_t h[1] = {4};
  clm_feedforwardnet(&p.net, 1, h);
  clm_net_set_transfer(p.net, 2, CLM_SOFTMAX);
  clm_net_set_processing(p.net, CLM_PROC_DEFAULT, CLM_PROC_REMOVECONSTANTROWS);
  clm_net_set_performfcn(p.net, CLM_CROSSENTROPY);
  clm_configure(p.net, p.X, p.R, p.T, p.O, p.Q, 11);
  return p;
}

/* Two classes in one row: 0/1 targets and some soft ones (0.25, 0.8),
 * one logsig output, crossentropy's two-term form. */
static problem make_logsig(void) {
  problem p = {"logsig 3-3-1", NULL, 3, 1, 24, NULL, NULL};
  p.X = make_inputs(p.R, p.Q);
  p.T = malloc(p.O * p.Q * sizeof *p.T);
  for (size_t q = 0; q < p.Q; q++) p.T[q] = q % 2 ? 1.0 : 0.0;
  p.T[3] = 0.25;
  p.T[6] = 0.8;
  p.T[9] = NAN;
  size_t h[1] = {3};
  clm_feedforwardnet(&p.net, 1, h);
  clm_net_set_transfer(p.net, 2, CLM_LOGSIG);
  clm_net_set_processing(p.net, CLM_PROC_DEFAULT, CLM_PROC_REMOVECONSTANTROWS);
  clm_net_set_performfcn(p.net, CLM_CROSSENTROPY);
  clm_configure(p.net, p.X, p.R, p.T, p.O, p.Q, 13);
  return p;
}

/* ------------------------------------------------------------------------ */
/* Checks                                                                    */

/* clm_gradient against central differences of clm_perform; returns the
 * largest difference relative to the largest gradient entry. */
static double fd_gradient_error(const clm_net *net, const double *X, const double *T, size_t Q,
                                const double *g) {
  const size_t P = clm_net_num_weights(net);
  clm_net *c = NULL;
  clm_net_copy(net, &c);
  double *w = malloc(P * sizeof *w);
  clm_getwb(net, w);
  double err = 0.0, gmax = 0.0;
  for (size_t i = 0; i < P; i++) gmax = fmax(gmax, fabs(g[i]));
  for (size_t i = 0; i < P; i++) {
    const double w0 = w[i], h = 1e-6 * fmax(1.0, fabs(w0));
    double fp, fm;
    w[i] = w0 + h;
    clm_setwb(c, w);
    clm_perform(c, X, T, Q, &fp, NULL);
    w[i] = w0 - h;
    clm_setwb(c, w);
    clm_perform(c, X, T, Q, &fm, NULL);
    w[i] = w0;
    err = fmax(err, fabs((fp - fm) / (2.0 * h) - g[i]));
  }
  free(w);
  clm_net_free(c);
  return err / fmax(gmax, 1e-300);
}

/* clm_jacobian's J (M x P rows, M = Q outputs) against central
 * differences of clm_jacobian's errors; returns the largest difference
 * relative to the largest |J| entry. */
static double fd_jacobian_error(const clm_net *net, const double *X, const double *T, size_t Q,
                                const double *J) {
  const size_t P = clm_net_num_weights(net), M = Q * clm_net_num_outputs(net);
  double *Jt = malloc(M * P * sizeof *Jt), *Ep = malloc(M * sizeof *Ep);
  double *Em = malloc(M * sizeof *Em), *w = malloc(P * sizeof *w);
  clm_getwb(net, w);
  clm_net *c = NULL;
  clm_net_copy(net, &c);
  double jerr = 0.0, jmax = 0.0;
  for (size_t r = 0; r < M * P; r++) jmax = fmax(jmax, fabs(J[r]));
  for (size_t j = 0; j < P; j++) {
    const double w0 = w[j], h = 1e-6 * fmax(1.0, fabs(w0));
    w[j] = w0 + h;
    clm_setwb(c, w);
    clm_jacobian(c, X, T, Q, Jt, Ep);
    w[j] = w0 - h;
    clm_setwb(c, w);
    clm_jacobian(c, X, T, Q, Jt, Em);
    w[j] = w0;
    for (size_t r = 0; r < M; r++) jerr = fmax(jerr, fabs((Ep[r] - Em[r]) / (2.0 * h) - J[r * P + j]));
  }
  clm_net_free(c);
  free(Jt);
  free(Ep);
  free(Em);
  free(w);
  return jerr / jmax;
}

static double norm2(const double *v, size_t n) {
  double s = 0.0;
  for (size_t i = 0; i < n; i++) s += v[i] * v[i];
  return sqrt(s);
}

/* One setting of one problem: performance against the reference, gradient
 * against finite differences, and the trainers' epoch-0 values against
 * both (traingd for every function, trainlm for mse and sse). */
static void check_setting(problem *p, clm_performfcn f, double r, clm_normalization nz) {
  clm_net *net = p->net;
  clm_net_set_performfcn(net, f);
  clm_net_set_regularization(net, r);
  clm_net_set_normalization(net, nz);
  char what[128];
  snprintf(what, sizeof what, "%s, %s, regularization %g, normalization %s", p->name,
           clm_performfcn_name(f), r, clm_normalization_name(nz));
  const size_t P = clm_net_num_weights(net);
  double perf = NAN, *g = malloc(P * sizeof *g), *w = malloc(P * sizeof *w);
  size_t N = 0;
  clm_getwb(net, w);
  int st = clm_perform(net, p->X, p->T, p->Q, &perf, &N);
  if (f == CLM_CROSSENTROPY && nz != CLM_NORMALIZATION_NONE) {
    char msg[256];
    int cst = clm_perform_check(net, NULL, msg, sizeof msg);
    tap_ok(st == CLM_EPERFORM && clm_gradient(net, p->X, p->T, p->Q, g, NULL) == CLM_EPERFORM &&
               cst == CLM_EPERFORM && strstr(msg, "normalization"),
           "%s: refused with CLM_EPERFORM (\"%s\")", what, msg);
    free(g);
    free(w);
    return;
  }
  size_t Nn = 0;
  const double ref = naive_perf(net, w, p->X, p->T, p->Q, &Nn);
  tap_ok(st == CLM_OK && N == Nn && tap_reldiff(perf, ref, 1e-300) < 1e-12,
         "%s: clm_perform %.15g = reference %.15g (N %zu)", what, perf, ref, N);
  double perf_g = NAN;
  st = clm_gradient(net, p->X, p->T, p->Q, g, &perf_g);
  const double fd = st == CLM_OK ? fd_gradient_error(net, p->X, p->T, p->Q, g) : INFINITY;
  tap_ok(st == CLM_OK && tap_reldiff(perf_g, perf, 1e-300) < 1e-14 && fd < 2e-6,
         "%s: clm_gradient = finite differences (max error %.2g of max |g|)", what, fd);

  /* the trainers' epoch 0 on the same samples (dividetrain) */
  clm_net_set_divide(net, CLM_DIVIDETRAIN, 1, 0, 0);
  const clm_trainer_type *tt[2] = {clm_traingd, clm_trainlm};
  for (int k = 0; k < 2; k++) {
    clm_net *c = NULL;
    clm_net_copy(net, &c);
    clm_trainparam tp = clm_trainparam_default(tt[k]);
    tp.epochs = 0;
    clm_record rec;
    clm_record_init(&rec);
    st = clm_train(c, tt[k], p->X, p->T, p->Q, &tp, &rec);
    if (k == 1 && f != CLM_MSE && f != CLM_SSE) {
      char msg[256];
      clm_perform_check(net, clm_trainlm, msg, sizeof msg);
      tap_ok(st == CLM_EPERFORM && rec.perf == NULL && strstr(msg, "trainlm") &&
                 strstr(msg, clm_performfcn_name(f)),
             "%s: trainlm refuses it with CLM_EPERFORM (\"%s\")", what, msg);
    } else {
      tap_ok(st == CLM_OK && tap_reldiff(rec.perf[0], perf, 1e-300) < 1e-13 &&
                 tap_reldiff(rec.gradient[0], norm2(g, P), 1e-300) < 1e-11,
             "%s: %s epoch 0 perf %.15g and gradient %.15g = clm_perform, |clm_gradient| %.15g",
             what, clm_trainer_name(tt[k]), st == CLM_OK ? rec.perf[0] : NAN,
             st == CLM_OK ? rec.gradient[0] : NAN, norm2(g, P));
    }
    clm_record_free(&rec);
    clm_net_free(c);
  }
  clm_net_set_divide(net, CLM_DIVIDERAND, 0.7, 0.15, 0.15);
  free(g);
  free(w);
}

/* Every performance function, regularization and normalization. */
static void test_functions(void) {
  problem ps[3] = {make_fit(), make_softmax(), make_logsig()};
  const clm_normalization nzs[3] = {CLM_NORMALIZATION_NONE, CLM_NORMALIZATION_STANDARD,
                                    CLM_NORMALIZATION_PERCENT};
  const double regs[2] = {0.0, 0.3};
  for (int k = 0; k < 3; k++) {
    const clm_performfcn fs[3] = {CLM_MSE, CLM_SSE, CLM_MAE};
    const size_t nf = k == 0 ? 3 : 1;
    for (size_t a = 0; a < nf; a++)
      for (int b = 0; b < 2; b++)
        for (int c = 0; c < 3; c++)
          check_setting(&ps[k], k == 0 ? fs[a] : CLM_CROSSENTROPY, regs[b], nzs[c]);
  }
  /* the configured ranges are the data's (NaN ignored) */
  double mn, mx, lo = INFINITY, hi = -INFINITY;
  for (size_t q = 0; q < ps[0].Q; q++) {
    double v = ps[0].X[q * 3 + 2];
    lo = fmin(lo, v);
    hi = fmax(hi, v);
  }
  tap_ok(clm_net_range(ps[0].net, 0, 2, &mn, &mx) == CLM_OK && mn == lo && mx == hi &&
             clm_net_range(ps[0].net, 1, 1, &mn, &mx) == CLM_OK && mn == 0.5 && mx == 0.5,
         "clm_net_range gives the configuring data's min and max (constant row: 0.5, 0.5)");
  for (int k = 0; k < 3; k++) problem_free(&ps[k]);
}

/* The Jacobian path with normalization (what trainlm uses for mse/sse). */
static void test_jacobian_normalized(void) {
  problem p = make_fit();
  clm_net *net = p.net;
  const size_t P = clm_net_num_weights(net), M = p.Q * p.O;
  const clm_normalization nzs[2] = {CLM_NORMALIZATION_STANDARD, CLM_NORMALIZATION_PERCENT};
  for (int k = 0; k < 2; k++) {
    clm_net_set_performfcn(net, CLM_MSE);
    clm_net_set_regularization(net, 0.0);
    clm_net_set_normalization(net, nzs[k]);
    double *J = malloc(M * P * sizeof *J), *E = malloc(M * sizeof *E);
    double *w = malloc(P * sizeof *w), y[MAXS];
    clm_getwb(net, w);
    int st = clm_jacobian(net, p.X, p.T, p.Q, J, E);
    /* errors against the reference */
    double eerr = 0.0;
    for (size_t q = 0; q < p.Q; q++) {
      naive_forward(net, w, p.X + q * p.R, y);
      for (size_t i = 0; i < p.O; i++) {
        const double t = p.T[q * p.O + i];
        const double e = isnan(t) ? 0.0 : naive_en(net, i, nzs[k]) * (t - y[i]);
        eerr = fmax(eerr, tap_reldiff(E[q * p.O + i], e, 1e-12));
      }
    }
    /* J against central differences of the errors */
    const double jerr = st == CLM_OK ? fd_jacobian_error(net, p.X, p.T, p.Q, J) : INFINITY;
    tap_ok(st == CLM_OK && eerr < 1e-12 && jerr < 1e-6,
           "normalization %s: clm_jacobian errors = en (t - y) (%.2g), J = d e/dw by finite "
           "differences (%.2g)",
           clm_normalization_name(nzs[k]), eerr, jerr);
    /* clm_jejj and clm_gradient from the same J */
    double *JJ = malloc(P * P * sizeof *JJ), *JE = malloc(P * sizeof *JE), *g = malloc(P * sizeof *g);
    double sse;
    size_t N;
    st = clm_jejj(net, p.X, p.T, p.Q, JJ, JE, &sse, &N, 1);
    clm_gradient(net, p.X, p.T, p.Q, g, NULL);
    double err_e = 0.0, err_g = 0.0, err_j = 0.0, ss = 0.0, max_e = 0.0, max_j = 0.0;
    for (size_t r = 0; r < M; r++) ss += E[r] * E[r];
    for (size_t a = 0; a < P; a++) {
      double je = 0.0;
      for (size_t r = 0; r < M; r++) je += J[r * P + a] * E[r];
      max_e = fmax(max_e, fabs(je));
      err_e = fmax(err_e, fabs(JE[a] - je));
      err_g = fmax(err_g, fabs(g[a] - 2.0 * je / (double)N));
      for (size_t b = a; b < P; b++) {
        double jj = 0.0;
        for (size_t r = 0; r < M; r++) jj += J[r * P + a] * J[r * P + b];
        max_j = fmax(max_j, fabs(jj));
        err_j = fmax(err_j, fabs(JJ[a + b * P] - jj));
      }
    }
    tap_ok(st == CLM_OK && tap_reldiff(sse, ss, 1e-300) < 1e-12 && err_e / max_e < 1e-10 &&
               err_g * (double)N / max_e < 1e-10 && err_j / max_j < 1e-10,
           "normalization %s: clm_jejj = J'J, J'e of the normalized errors; clm_gradient = 2 J'e/N",
           clm_normalization_name(nzs[k]));
    free(JJ);
    free(JE);
    free(g);
    free(J);
    free(E);
    free(w);
  }
  problem_free(&p);
}

/* One trainlm epoch with regularization and normalization against the
 * Gauss-Newton step built here from clm_jejj. */
static void test_lm_regularized(void) {
  problem p = make_fit();
  clm_net *net = p.net;
  const double r = 0.3;
  clm_net_set_regularization(net, r);
  clm_net_set_normalization(net, CLM_NORMALIZATION_STANDARD);
  clm_net_set_divide(net, CLM_DIVIDETRAIN, 1, 0, 0);
  const size_t P = clm_net_num_weights(net);
  double *w0 = malloc(P * sizeof *w0), *w1 = malloc(P * sizeof *w1);
  double *JJ = malloc(P * P * sizeof *JJ), *JE = malloc(P * sizeof *JE);
  clm_getwb(net, w0);
  double sse;
  size_t N;
  clm_jejj(net, p.X, p.T, p.Q, JJ, JE, &sse, &N, 1);
  clm_trainparam tp = clm_trainparam_default(clm_trainlm);
  tp.epochs = 1;
  clm_record rec;
  clm_record_init(&rec);
  int st = clm_train(net, clm_trainlm, p.X, p.T, p.Q, &tp, &rec);
  clm_getwb(net, w1);
  int stepped = st == CLM_OK && rec.num_epochs == 1 && rec.perf[1] < rec.perf[0];
  /* the mu of the accepted trial: mu, mu*mu_inc, ... until mu*mu_dec is the recorded one */
  double mu = tp.mu;
  while (stepped && mu * tp.mu_dec < rec.mu[1] * (1.0 - 1e-12)) mu *= tp.mu_inc;
  double *A = malloc(P * P * sizeof *A), *b = malloc(P * sizeof *b);
  for (size_t j = 0; j < P; j++) {
    for (size_t i = 0; i < P; i++) {
      const double jj = i <= j ? JJ[i + j * P] : JJ[j + i * P];
      A[i + j * P] = (1.0 - r) * jj / (double)N + (i == j ? mu + r / (double)P : 0.0);
    }
    b[j] = (1.0 - r) * JE[j] / (double)N + r / (double)P * w0[j];
  }
  naive_solve(A, b, b, P); /* A is symmetric */
  double err = 0.0, dn = 0.0;
  for (size_t i = 0; i < P; i++) {
    err = fmax(err, fabs((w0[i] - w1[i]) - b[i]));
    dn = fmax(dn, fabs(b[i]));
  }
  tap_ok(stepped && err / dn < 1e-8,
         "trainlm, regularization 0.3, standard normalization: the step solves "
         "((1-r)J'J/N + (mu+r/P)I) dx = (1-r)J'e/N + (r/P)w (mu %g, error %.2g)",
         mu, err / dn);
  /* the perf it reports is the regularized one */
  double perf1;
  clm_perform(net, p.X, p.T, p.Q, &perf1, NULL);
  tap_ok(stepped && tap_reldiff(rec.perf[1], perf1, 1e-300) < 1e-13,
         "trainlm's recorded perf after the step = clm_perform (regularized, normalized)");
  clm_record_free(&rec);
  free(A);
  free(b);
  free(w0);
  free(w1);
  free(JJ);
  free(JE);
  problem_free(&p);
}

/* Validation and test performance use the network's function too. */
static void test_set_perf(void) {
  problem p = make_softmax();
  clm_net_set_regularization(p.net, 0.2);
  clm_trainparam tp = clm_trainparam_default(clm_traingdm);
  tp.epochs = 3;
  tp.seed = 5;
  clm_record rec;
  clm_record_init(&rec);
  clm_net *c = NULL;
  clm_net_copy(p.net, &c);
  int st = clm_train(c, clm_traingdm, p.X, p.T, p.Q, &tp, &rec);
  int ok = st == CLM_OK && rec.n_val > 0 && rec.n_test > 0;
  /* vperf at epoch 0 = clm_perform of the initial network on the validation samples */
  for (int s = 0; ok && s < 2; s++) {
    const size_t n = s ? rec.n_test : rec.n_val, *ind = s ? rec.test_ind : rec.val_ind;
    double *Xs = malloc(n * p.R * sizeof *Xs), *Ts = malloc(n * p.O * sizeof *Ts), perf;
    for (size_t k = 0; k < n; k++) {
      memcpy(Xs + k * p.R, p.X + ind[k] * p.R, p.R * sizeof *Xs);
      memcpy(Ts + k * p.O, p.T + ind[k] * p.O, p.O * sizeof *Ts);
    }
    ok &= clm_perform(p.net, Xs, Ts, n, &perf, NULL) == CLM_OK &&
          tap_reldiff(s ? rec.tperf[0] : rec.vperf[0], perf, 1e-300) < 1e-13;
    free(Xs);
    free(Ts);
  }
  tap_ok(ok, "traingdm with crossentropy and regularization: epoch-0 vperf and tperf = clm_perform "
             "on the validation and test samples");
  clm_record_free(&rec);
  clm_net_free(c);
  problem_free(&p);
}

/* Gradient trainers lower mae and crossentropy. */
static void test_gradient_training(void) {
  problem ps[2] = {make_fit(), make_logsig()};
  clm_net_set_performfcn(ps[0].net, CLM_MAE);
  clm_net_set_normalization(ps[0].net, CLM_NORMALIZATION_STANDARD);
  for (int k = 0; k < 2; k++) {
    clm_net_set_divide(ps[k].net, CLM_DIVIDETRAIN, 1, 0, 0);
    clm_trainparam tp = clm_trainparam_default(clm_traingdm);
    tp.epochs = 300;
    tp.lr = 0.05;
    clm_record rec;
    clm_record_init(&rec);
    int st = clm_train(ps[k].net, clm_traingdm, ps[k].X, ps[k].T, ps[k].Q, &tp, &rec);
    double perf;
    clm_perform(ps[k].net, ps[k].X, ps[k].T, ps[k].Q, &perf, NULL);
    tap_ok(st == CLM_OK && rec.num_epochs == 300 && perf < 0.9 * rec.perf[0] &&
               tap_reldiff(perf, rec.best_perf, 1e-300) < 1e-13,
           "traingdm lowers %s on %s: %.4g -> %.4g", clm_performfcn_name(clm_net_performfcn(ps[k].net)),
           ps[k].name, st == CLM_OK ? rec.perf[0] : NAN, perf);
    clm_record_free(&rec);
    problem_free(&ps[k]);
  }
}

/* ------------------------------------------------------------------------ */
/* API                                                                       */

static void test_api(void) {
  clm_net *net = NULL;
  size_t h[1] = {2};
  clm_feedforwardnet(&net, 1, h);
  tap_ok(clm_net_regularization(net) == 0.0 && clm_net_normalization(net) == CLM_NORMALIZATION_NONE,
         "defaults: regularization 0, normalization none");
  tap_ok(clm_net_set_regularization(net, 0.25) == CLM_OK && clm_net_set_regularization(net, NAN) == CLM_EINVAL &&
             clm_net_set_regularization(net, -1e-9) == CLM_EINVAL &&
             clm_net_set_regularization(net, 1.0 + 1e-12) == CLM_EINVAL &&
             clm_net_set_regularization(net, INFINITY) == CLM_EINVAL && clm_net_regularization(net) == 0.25,
         "regularization: [0,1] accepted, NaN/negative/>1 refused with CLM_EINVAL, value kept");
  tap_ok(clm_net_set_normalization(net, CLM_NORMALIZATION_PERCENT) == CLM_OK &&
             clm_net_set_normalization(net, CLM_NORMALIZATION_COUNT_) == CLM_EINVAL &&
             clm_net_set_normalization(net, (clm_normalization)-1) == CLM_EINVAL &&
             clm_net_normalization(net) == CLM_NORMALIZATION_PERCENT,
         "normalization: out-of-range values refused, value kept");
  tap_ok(clm_net_set_regularization(NULL, 0) == CLM_ENULL && clm_net_set_normalization(NULL, 0) == CLM_ENULL &&
             clm_net_regularization(NULL) == 0.0 && clm_net_normalization(NULL) == CLM_NORMALIZATION_NONE,
         "NULL network: CLM_ENULL, getters give the defaults");
  clm_net *c = NULL;
  clm_net_copy(net, &c);
  tap_ok(c && clm_net_regularization(c) == 0.25 && clm_net_normalization(c) == CLM_NORMALIZATION_PERCENT,
         "clm_net_copy keeps performParam");
  clm_net_free(c);
  const char *names[4] = {"mse", "sse", "mae", "crossentropy"};
  int ok = 1;
  for (int k = 0; k < 4; k++) {
    clm_performfcn f;
    ok &= clm_performfcn_from_name(names[k], &f) == CLM_OK && (int)f == k &&
          strcmp(clm_performfcn_name(f), names[k]) == 0;
  }
  const char *nn[3] = {"none", "standard", "percent"};
  for (int k = 0; k < 3; k++) {
    clm_normalization z;
    ok &= clm_normalization_from_name(nn[k], &z) == CLM_OK && (int)z == k &&
          strcmp(clm_normalization_name(z), nn[k]) == 0;
  }
  clm_normalization z = CLM_NORMALIZATION_STANDARD;
  ok &= clm_normalization_from_name("Standard", &z) == CLM_EINVAL && z == CLM_NORMALIZATION_STANDARD &&
        clm_normalization_from_name(NULL, &z) == CLM_ENULL && clm_normalization_name(CLM_NORMALIZATION_COUNT_) == NULL;
  tap_ok(ok, "names: mse sse mae crossentropy; none standard percent (and lookups that fail)");
  char msg[200];
  tap_ok(clm_perform_check(NULL, NULL, msg, sizeof msg) == CLM_ENULL &&
             clm_perform_check(net, clm_trainlm, msg, sizeof msg) == CLM_OK && msg[0] == '\0' &&
             clm_perform_check(net, clm_traingd, NULL, 0) == CLM_OK,
         "clm_perform_check: NULL net, mse with trainlm and traingd accepted");
  tap_ok((clm_trainer_flags(clm_trainlm) & CLM_TRAINER_JACOBIAN) &&
             (clm_trainer_flags(clm_trainbr) & CLM_TRAINER_JACOBIAN) &&
             !(clm_trainer_flags(clm_traingd) & CLM_TRAINER_JACOBIAN) &&
             !(clm_trainer_flags(clm_traingdm) & CLM_TRAINER_JACOBIAN),
         "CLM_TRAINER_JACOBIAN: trainlm and trainbr only");
  clm_net_set_performfcn(net, CLM_CROSSENTROPY);
  clm_net_set_normalization(net, CLM_NORMALIZATION_NONE);
  tap_ok(clm_perform_check(net, clm_traingd, msg, sizeof msg) == CLM_OK &&
             clm_perform_check(net, clm_trainlm, msg, 20) == CLM_EPERFORM && strlen(msg) == 19,
         "crossentropy: fine for traingd, CLM_EPERFORM for trainlm (message cut to the buffer)");
  tap_ok(strstr(clm_strerror(CLM_EPERFORM), "performance") != NULL &&
             strcmp(clm_status_name(CLM_EPERFORM), "CLM_EPERFORM") == 0,
         "CLM_EPERFORM has a name and a message");
  /* a refused training leaves the network as it was */
  double X[8] = {0, 1, 2, 3, 4, 5, 6, 7}, T[4] = {0, 1, 0, 1};
  clm_configure(net, X, 2, T, 1, 4, 3);
  char *before = NULL, *after = NULL;
  size_t lb, la;
  clm_net_save_buffer(net, &before, &lb);
  clm_record rec;
  clm_record_init(&rec);
  int st = clm_train(net, clm_trainlm, X, T, 4, NULL, &rec);
  clm_net_save_buffer(net, &after, &la);
  tap_ok(st == CLM_EPERFORM && lb == la && memcmp(before, after, lb) == 0 && rec.perf == NULL,
         "clm_train(trainlm) of a crossentropy network: CLM_EPERFORM, network and record untouched");
  free(before);
  free(after);
  clm_net_free(net);
}

/* A cascadeforwardnet (the general evaluation path): gradients of mae and
 * mse with regularization and normalization against finite differences,
 * and the normalized Jacobian against finite differences of its errors. */
static void test_cascade_losses(void) {
  problem p = make_fit();
  size_t h[2] = {4, 3};
  clm_net *net = NULL;
  clm_cascadeforwardnet(&net, 2, h);
  clm_configure(net, p.X, p.R, p.T, p.O, p.Q, 17);
  const size_t P = clm_net_num_weights(net), M = p.Q * p.O;
  double *g = malloc(P * sizeof *g);
  const clm_performfcn fs[2] = {CLM_MAE, CLM_MSE};
  for (int k = 0; k < 2; k++) {
    clm_net_set_performfcn(net, fs[k]);
    clm_net_set_regularization(net, 0.3);
    clm_net_set_normalization(net, CLM_NORMALIZATION_STANDARD);
    int st = clm_gradient(net, p.X, p.T, p.Q, g, NULL);
    const double fd = st == CLM_OK ? fd_gradient_error(net, p.X, p.T, p.Q, g) : INFINITY;
    tap_ok(st == CLM_OK && fd < 2e-6,
           "cascadeforwardnet 3-4-3-3, %s, regularization 0.3, standard normalization: "
           "clm_gradient = finite differences (%.2g)", clm_performfcn_name(fs[k]), fd);
  }
  double *J = malloc(M * P * sizeof *J);
  int st = clm_jacobian(net, p.X, p.T, p.Q, J, NULL);
  const double jerr = st == CLM_OK ? fd_jacobian_error(net, p.X, p.T, p.Q, J) : INFINITY;
  tap_ok(st == CLM_OK && jerr < 1e-6,
         "cascadeforwardnet, standard normalization: clm_jacobian = d e/dw by finite differences (%.2g)",
         jerr);
  free(J);
  free(g);
  clm_net_free(net);
  problem_free(&p);
}

static void test_constructors(void) {
  size_t h[2] = {6, 4};
  clm_net *f = NULL, *ff = NULL, *pn = (clm_net *)&f;
  tap_ok(clm_fitnet(&f, 2, h) == CLM_OK && clm_feedforwardnet(&ff, 2, h) == CLM_OK,
         "clm_fitnet creates a network");
  int same = f && ff && clm_net_num_layers(f) == 3 && strcmp(clm_net_trainfcn(f), "trainlm") == 0 &&
             clm_net_performfcn(f) == CLM_MSE;
  for (size_t l = 1; same && l <= 3; l++)
    same &= clm_net_transfer(f, l) == clm_net_transfer(ff, l) && clm_net_layer_size(f, l) == clm_net_layer_size(ff, l);
  unsigned fi, fo, gi, go;
  clm_net_processing_flags(f, &fi, &fo);
  clm_net_processing_flags(ff, &gi, &go);
  tap_ok(same && fi == gi && fo == go && clm_net_dividefcn(f) == clm_net_dividefcn(ff),
         "fitnet = feedforwardnet: tansig hidden, purelin output, trainlm, mse, same processing");
  clm_net_free(f);
  clm_net_free(ff);
  const int have_scg = clm_trainer_from_name("trainscg") != NULL;
  int st = clm_patternnet(&pn, 2, h);
  if (!have_scg) {
    tap_ok(st == CLM_ETRAINER && pn == NULL,
           "clm_patternnet without trainscg in this library: CLM_ETRAINER, *out NULL");
  } else {
    unsigned pi, po;
    clm_net_processing_flags(pn, &pi, &po);
    tap_ok(st == CLM_OK && clm_net_transfer(pn, 1) == CLM_TANSIG && clm_net_transfer(pn, 2) == CLM_TANSIG &&
               clm_net_transfer(pn, 3) == CLM_SOFTMAX && clm_net_performfcn(pn) == CLM_CROSSENTROPY &&
               strcmp(clm_net_trainfcn(pn), "trainscg") == 0 && pi == CLM_PROC_DEFAULT &&
               po == CLM_PROC_REMOVECONSTANTROWS && clm_net_dividefcn(pn) == CLM_DIVIDERAND,
           "patternnet: tansig hidden, softmax output, crossentropy, trainscg, targets not mapped");
  }
  clm_net_free(pn);
  pn = (clm_net *)&f;
  tap_ok(clm_patternnet(&pn, 1, NULL) == CLM_ENULL && clm_patternnet(NULL, 1, h) == CLM_ENULL &&
             clm_fitnet(NULL, 1, h) == CLM_ENULL,
         "constructors: NULL arguments give CLM_ENULL");
  size_t z[1] = {0};
  pn = (clm_net *)&f;
  tap_ok(clm_patternnet(&pn, 1, z) == CLM_ESIZE && pn == NULL, "patternnet: a zero size gives CLM_ESIZE");
}

int main(void) {
  test_api();
  test_functions();
  test_jacobian_normalized();
  test_lm_regularized();
  test_set_perf();
  test_gradient_training();
  test_cascade_losses();
  test_constructors();
  return tap_done();
}
