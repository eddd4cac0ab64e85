/* chaoslm — trainbr: Bayesian regularisation inside Levenberg-Marquardt,
 * as MATLAB's trainbr (MacKay 1992; Foresee and Hagan 1997; the rule and
 * chaoslm's choices: doc/trainers.md "trainbr").
 *
 * The objective is F = beta*Ed + alpha*Ew with Ed the sum of the squared
 * training errors (e = t - y in target units, NaN targets left out; n =
 * ctx->N of them) and Ew = WB'WB, the sum of the squared weights.  Its
 * hyperparameters come from the evidence framework: gamma, the effective
 * number of parameters, and
 *     alpha = gamma / (2 Ew),   beta = (n - gamma) / (2 Ed).
 * Start: gamma = P; beta = (n - P)/(2 Ed), 1 when Ed = 0 or beta <= 0;
 * alpha = P/(2 Ew) (1 when Ew = 0: ours, MATLAB would divide by zero).
 * Each epoch, with JJ = J'J and JE = J'e unscaled (sums over the training
 * rows, J = de/dw) at the weights the epoch starts from, Levenberg-
 * Marquardt on F with the damping mu:
 *     loop while mu <= mu_max:
 *       dx = (beta*JJ + (mu + alpha)*I)^-1 (beta*JE + alpha*WB),
 *       WB2 = WB - dx          (the Gauss-Newton step on F, damped);
 *       accept iff the factor exists (refused as in trainlm: not positive
 *       definite, or rcond < eps), dx is finite and F(WB2) < F (strict):
 *       mu = max(mu*mu_dec, 1e-20), end the loop; else mu = mu*mu_inc.
 * After an accepted step the hyperparameters are re-estimated:
 *     gamma = P - alpha * trace((beta*JJ + alpha*I)^-1)
 * with the epoch's JJ and the alpha, beta it used; then alpha = gamma /
 * (2 Ew) (1 when Ew = 0) and beta = (n - gamma) / (2 Ed) (1 when Ed = 0)
 * with Ed and Ew at the new weights, and F = beta*Ed + alpha*Ew.  The trace
 * comes from the backend's Cholesky factor (trace_inv: the squares of
 * U^-1's entries), with no conditioning test, as MATLAB takes inv() with
 * warnings off.  It is computed at the start of the epoch, before the
 * trials (its matrix is known then): every trial matrix is the traced one
 * plus mu*I, so the trace also bounds the trials' condition and the backend
 * can skip most of their rcond estimates (clm__rcond_trace_ok; the
 * decisions stay exactly DPOCON's).  When beta*JJ + alpha*I has no
 * Cholesky factor at all (possible only for alpha <= 0 or beta < 0), gamma,
 * alpha and beta keep their values for that epoch (ours).  No step (mu
 * past mu_max): nothing changes, and the next stop check says "Maximum MU
 * reached.".
 *
 * Record: perf is the performFcn's value of the data term (Ed/n for mse,
 * Ed for sse), so that it plots next to trainlm's; gradient is trainlm's,
 * 2*||norm*J'e|| (the data term's gradient, as MATLAB's perfsJEJJ
 * reports it); the states gamk (gamma) and ssX (Ew), MATLAB's names.  The
 * stop checks are trainlm's.  The network returned is the last one when
 * there is no validation set (MATLAB's trainbr: its objective changes every
 * epoch, so an earlier, lower training error is no better network); with a
 * validation set, the one of lowest validation performance, as for every
 * trainer (MATLAB's trainbr folds the validation samples into training;
 * chaoslm keeps them, and max_fail, Inf by default, decides whether they
 * stop training).
 *
 * Performance settings: Ed is a sum of squared errors, so performFcn must
 * be mse or sse (CLM_TRAINER_JACOBIAN), and trainbr chooses the weight
 * penalty itself, so performParam.regularization must be 0
 * (CLM_TRAINER_REGULARIZES; MATLAB overrides both with a warning, chaoslm
 * refuses them: clm_perform_check).  Normalized errors (performParam.
 * normalization) are what the evaluation hands over, e and J alike: Ed is
 * then the sum of the normalized squared errors.
 *
 * Cost: trainlm's epoch (one J'J pass, one factor + solve and one forward
 * pass per mu trial) plus one factor and the trace, P^3/3 flops each; an
 * epoch that takes no step has computed its trace for nothing.  J'J,
 * the MPI reduction and the rank-0 solves are trainlm's (lm_core.c); the
 * trace is computed on rank 0 and broadcast, so every process takes the
 * same decisions.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "lm_core.h"

struct clm__trainer_state {
  clm__lm_core core;  /* backend, activation cache, MPI reduction */
  double *JE;         /* J'e at ctx->wb, unscaled (P) */
  double *b;          /* beta*JE + alpha*WB (P) */
  double *dx, *wb2;   /* step and trial weights (P) */
  double Ed, Ew;      /* sse and WB'WB at ctx->wb */
  double alpha, beta, gamma, F;
};
typedef clm__trainer_state br_state;

static void br_free(br_state *s) {
  if (!s) return;
  clm__lm_core_free(&s->core);
  free(s->JE);
  free(s->b);
  free(s->dx);
  free(s->wb2);
  free(s);
}

static int br_alloc(br_state **state, const clm__train_ctx *ctx) {
  *state = NULL;
  if (!ctx->ls || !ctx->ls->trace_inv) return CLM_EBACKEND;
  br_state *s = calloc(1, sizeof *s);
  if (!s) return CLM_ENOMEM;
  const size_t P = ctx->P;
  s->JE = malloc(P * sizeof *s->JE);
  s->b = malloc(P * sizeof *s->b);
  s->dx = malloc(P * sizeof *s->dx);
  s->wb2 = malloc(P * sizeof *s->wb2);
  if (!s->JE || !s->b || !s->dx || !s->wb2) {
    br_free(s);
    return CLM_ENOMEM;
  }
  int st = clm__lm_core_alloc(&s->core, ctx);
  if (st != CLM_OK) {
    br_free(s);
    return st;
  }
  *state = s;
  return CLM_OK;
}

/* WB'WB, summed in order. */
static double sumsq(const double *w, size_t n) {
  double s = 0.0;
  for (size_t i = 0; i < n; i++) s += w[i] * w[i];
  return s;
}

/* Ed, JE, JJ (in the backend), perf and gradient at ctx->wb. */
static int br_evaluate(br_state *s, clm__train_ctx *ctx) {
  double sse = 0.0;
  int st = clm__lm_core_jejj(&s->core, ctx, s->JE, &sse);
  if (st != CLM_OK) return st;
  double g2 = 0.0;
  for (size_t i = 0; i < ctx->P; i++) {
    double g = s->JE[i] * ctx->norm;
    g2 += g * g;
  }
  s->Ed = sse;
  ctx->perf = clm__train_perf_of_sum(ctx, sse, ctx->wb); /* sse*norm: regularization is 0 */
  ctx->gradient = 2.0 * sqrt(g2);
  return CLM_OK;
}

/* The training sse at wb, summed over the processes; counts a forward pass. */
static int train_sse(clm__train_ctx *ctx, const double *wb, double *sse) {
  size_t count = 0;
  int st = clm__eval_sse(ctx->ws, ctx->net, wb, ctx->data, ctx->train, ctx->n_train, sse, &count);
  if (st == CLM_OK) st = ctx->red->sum(ctx->red, sse, 1);
  if (st == CLM_OK) ctx->rec->n_forward++;
  return st;
}

static void set_states(const br_state *s, clm__train_ctx *ctx) {
  ctx->state[0] = s->gamma;
  ctx->state[1] = s->Ew;
}

static int br_init(br_state *s, clm__train_ctx *ctx) {
  ctx->mu = ctx->p->mu;
  int st = br_evaluate(s, ctx);
  if (st != CLM_OK) return st;
  const double n = (double)ctx->N;
  s->Ew = sumsq(ctx->wb, ctx->P);
  s->gamma = (double)ctx->P;
  s->beta = s->Ed == 0.0 ? 1.0 : (n - s->gamma) / (2.0 * s->Ed);
  if (!(s->beta > 0.0)) s->beta = 1.0;
  s->alpha = s->Ew == 0.0 ? 1.0 : s->gamma / (2.0 * s->Ew);
  s->F = s->beta * s->Ed + s->alpha * s->Ew;
  set_states(s, ctx);
  return CLM_OK;
}

static int br_epoch(br_state *s, clm__train_ctx *ctx, int *moved) {
  const clm_trainparam *p = ctx->p;
  const size_t P = ctx->P;
  double mu = ctx->mu, Ew2 = 0.0;
  *moved = 0;
  if (mu > p->mu_max) return CLM_OK; /* no trial: nothing changes */
  /* gamma's trace first: it needs only the epoch's J'J and the alpha, beta
   * of its trials, and it proves most trial matrices well enough
   * conditioned for the backend to skip its rcond estimate (each adds mu*I
   * to the traced one; clm__rcond_trace_ok) */
  double tr = NAN;
  int tst = clm__lm_core_trace(&s->core, ctx, s->beta, s->alpha, &tr);
  if (tst != CLM_OK && tst != CLM_ENOTPD) return tst;
  for (size_t i = 0; i < P; i++) s->b[i] = s->beta * s->JE[i] + s->alpha * ctx->wb[i];
  for (;;) {
    if (mu > p->mu_max) break; /* epoch consumed without a step */
    ctx->rec->n_factor++;
    int st = clm__lm_core_step(&s->core, ctx, s->beta, mu + s->alpha, s->b, s->dx);
    if (st != CLM_OK && st != CLM_ENOTPD) return st;
    int ok = st == CLM_OK;
    Ew2 = 0.0;
    for (size_t i = 0; ok && i < P; i++) {
      if (!isfinite(s->dx[i])) ok = 0;
      s->wb2[i] = ctx->wb[i] - s->dx[i];
      Ew2 += s->wb2[i] * s->wb2[i];
    }
    if (ok) {
      double sse2;
      if ((st = train_sse(ctx, s->wb2, &sse2)) != CLM_OK) return st;
      double F2 = s->beta * sse2 + s->alpha * Ew2;
      if (F2 < s->F) { /* strict; false for NaN */
        memcpy(ctx->wb, s->wb2, P * sizeof *ctx->wb);
        mu *= p->mu_dec;
        if (mu < 1e-20) mu = 1e-20;
        *moved = 1;
        break;
      }
    }
    ctx->rec->n_rejected++;
    mu *= p->mu_inc;
  }
  ctx->mu = mu;
  if (!*moved) return CLM_OK;
  /* the Jacobian pass at the new weights, then gamma, alpha, beta */
  int st = br_evaluate(s, ctx);
  if (st != CLM_OK) return st;
  s->Ew = Ew2;
  if (tst == CLM_OK) {
    s->gamma = (double)P - s->alpha * tr;
    s->alpha = s->Ew == 0.0 ? 1.0 : s->gamma / (2.0 * s->Ew);
    s->beta = s->Ed == 0.0 ? 1.0 : ((double)ctx->N - s->gamma) / (2.0 * s->Ed);
  }
  s->F = s->beta * s->Ed + s->alpha * s->Ew;
  set_states(s, ctx);
  return CLM_OK;
}

static const char *const br_states[] = {"gamk", "ssX"};

static const clm_param_info br_params[] = {CLM__LM_MU_PARAMS(0.005)};

const clm_trainer_type clm__trainbr_type = {
  .name = "trainbr",
  .title = "Bayesian Regularization",
  .display = "TRAINBR",
  .flags = CLM_TRAINER_MU | CLM_TRAINER_LINSOLVER | CLM_TRAINER_JACOBIAN | CLM_TRAINER_REGULARIZES,
  .min_grad = 1e-7,
  .max_fail = INFINITY,
  .params = br_params,
  .n_params = CLM__COUNT_OF(br_params),
  .states = br_states,
  .n_states = CLM__COUNT_OF(br_states),
  .returns_last = 1,
  .alloc = br_alloc,
  .init = br_init,
  .epoch = br_epoch,
  .free = br_free,
};

const clm_trainer_type *const clm_trainbr = &clm__trainbr_type;
