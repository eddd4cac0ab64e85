/* chaoslm — trainlm: Levenberg-Marquardt, exactly as MATLAB's trainlm.
 *
 * With e = t - y (target units), J = de/dw (rows: samples x outputs,
 * columns: weights in getwb order) and N the number of non-NaN training
 * target elements, MATLAB normalises by N when performFcn is mse
 * (norm = 1/N; norm = 1 for sse):
 *     JE = norm * J'e,   JJ = norm * J'J,   gradient = 2*||JE||_2.
 * The step solves the Gauss-Newton system damped by mu,
 *     dx = -(JJ + mu*I) \ JE,
 * (the minimiser of ||e + J dx||^2 + mu/norm ||dx||^2), tried with
 * increasing mu until the TRAINING performance strictly decreases:
 *     loop:  if mu > mu_max: give up (the epoch is consumed, no step);
 *            factor JJ + mu*I; if not positive definite (or numerically
 *              singular): reject;
 *            perf2 = perf(w + dx); if perf2 < perf: accept,
 *              mu = max(mu*mu_dec, 1e-20), end the epoch;
 *            reject: mu = mu*mu_inc.
 * (doc/matlab.md §3; MATLAB's trainlm.m.)  Unlike MATLAB, J'J is accumulated once per epoch by the
 * linear-solver backend and only scale*JJ + mu*I is re-factored per trial;
 * the backend keeps JJ intact, so a rejected trial costs one Cholesky and
 * one forward pass.  After an accepted step the next epoch's JE/JJ come
 * from one Jacobian pass at the new weights; when no step was accepted the
 * point, and hence perf/JE/JJ, are unchanged and nothing is recomputed.
 *
 * Performance parameters.  The errors may be normalized per output row
 * (clm_normalization): e and the rows of J are then en_i (t - y) and its
 * derivative, formed by the evaluation (lib/eval.c), and nothing here
 * changes.  With regularization r (perf = (1-r) mse + r WB'WB/P) the
 * objective is the sum of squares of [sqrt((1-r) norm) e; sqrt(r/P) WB],
 * whose Gauss-Newton system (halved, as above) is
 *     JJ = (1-r) norm J'J + (r/P) I,   JE = (1-r) norm J'e + (r/P) WB,
 * so the step factors (1-r) norm J'J + (mu + r/P) I; the reported gradient
 * 2 ||JE|| is then the 2-norm of the regularized perf's gradient.  MATLAB's
 * Jacobian path adds the same terms (doc/performance.md, blended with
 * (1-r) and r); these formulas are checked against finite differences of
 * the regularized perf in tests/test_perform.c.  mae and crossentropy are
 * refused before training (CLM_TRAINER_JACOBIAN, clm_perform_check).
 *
 * The state (mu in ctx, the last JE) is visible to the driver so that a
 * stagnation detector (chaotic escape, chaos/escape.c) can run between
 * epochs and restart the trainer at new weights through init().
 *
 * Distributed training (clm_train_mpi, more than one process): J'J, J'e and
 * the sse are summed over the processes in one reduction and rank 0 alone
 * factors, solves and broadcasts the step (solvers/lm_core.c, shared with
 * trainbr), so the weights stay bit-identical on every process; the trial
 * sse is a reduced sum (clm__train_perf), so every process takes the same
 * accept/reject and mu decisions.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lm_core.h"


struct clm__trainer_state {
  clm__lm_core core; /* backend, activation cache, MPI reduction */
  double *JE;   /* norm * J'e at ctx->wb (P) */
  double *dx;   /* step (P) */
  double *wb2;  /* trial weights (P) */
};
typedef clm__trainer_state lm_state;

static void lm_free(lm_state *s) {
  if (!s) return;
  clm__lm_core_free(&s->core);
  free(s->JE);
  free(s->dx);
  free(s->wb2);
  free(s);
}

static int lm_alloc(lm_state **state, const clm__train_ctx *ctx) {
  *state = NULL;
  lm_state *s = calloc(1, sizeof *s);
  if (!s) return CLM_ENOMEM;
  const size_t P = ctx->P;
  s->JE = malloc(P * sizeof *s->JE);
  s->dx = malloc(P * sizeof *s->dx);
  s->wb2 = malloc(P * sizeof *s->wb2);
  if (!s->JE || !s->dx || !s->wb2) {
    lm_free(s);
    return CLM_ENOMEM;
  }
  int st = clm__lm_core_alloc(&s->core, ctx);
  if (st != CLM_OK) {
    lm_free(s);
    return st;
  }
  *state = s;
  return CLM_OK;
}

/* perf, JE, JJ (in the backend) and the gradient at ctx->wb. */
static int lm_evaluate(lm_state *s, clm__train_ctx *ctx) {
  double sse = 0.0;
  int st = clm__lm_core_jejj(&s->core, ctx, s->JE, &sse);
  if (st != CLM_OK) return st;
  const double r = ctx->net->perf_reg;
  double g2 = 0.0;
  if (r == 0.0) {
    for (size_t i = 0; i < ctx->P; i++) {
      s->JE[i] *= ctx->norm;
      g2 += s->JE[i] * s->JE[i];
    }
  } else {
    const double fe = (1.0 - r) * ctx->norm, fw = r / (double)ctx->P;
    for (size_t i = 0; i < ctx->P; i++) {
      s->JE[i] = fe * s->JE[i] + fw * ctx->wb[i];
      g2 += s->JE[i] * s->JE[i];
    }
  }
  ctx->perf = clm__train_perf_of_sum(ctx, sse, ctx->wb);
  ctx->gradient = 2.0 * sqrt(g2);
  return CLM_OK;
}

static int lm_init(lm_state *state, clm__train_ctx *ctx) {
  ctx->mu = ctx->p->mu;
  return lm_evaluate(state, ctx);
}

/* Factor scale*JJ + mu*I and solve for the step into s->dx (with
 * regularization r: (1-r) norm JJ + (mu + r/P) I); rank 0 solves, then
 * broadcasts (solvers/lm_core.c). */
static int lm_step(lm_state *s, clm__train_ctx *ctx, double mu) {
  const double r = ctx->net->perf_reg;
  if (r == 0.0) return clm__lm_core_step(&s->core, ctx, ctx->norm, mu, s->JE, s->dx);
  return clm__lm_core_step(&s->core, ctx, (1.0 - r) * ctx->norm, mu + r / (double)ctx->P, s->JE,
                           s->dx);
}

static int lm_epoch(lm_state *s, clm__train_ctx *ctx, int *moved) {
  const clm_trainparam *p = ctx->p;
  const size_t P = ctx->P;
  double mu = ctx->mu;
  *moved = 0;
  for (;;) {
    if (mu > p->mu_max) break; /* epoch consumed without a step */
    ctx->rec->n_factor++;
    int st = lm_step(s, ctx, mu);
    if (st == CLM_ENOTPD) {
      ctx->rec->n_rejected++;
      mu *= p->mu_inc;
      continue;
    }
    if (st != CLM_OK) return st;
    for (size_t i = 0; i < P; i++) s->wb2[i] = ctx->wb[i] - s->dx[i];
    double perf2;
    st = clm__train_perf(ctx, s->wb2, &perf2);
    if (st != CLM_OK) return st;
    if (perf2 < ctx->perf) { /* strict; false for NaN */
      memcpy(ctx->wb, s->wb2, P * sizeof *ctx->wb);
      mu *= p->mu_dec;
      if (mu < 1e-20) mu = 1e-20;
      *moved = 1;
      break;
    }
    ctx->rec->n_rejected++;
    mu *= p->mu_inc;
  }
  ctx->mu = mu;
  return *moved ? lm_evaluate(s, ctx) : CLM_OK;
}

static const clm_param_info lm_params[] = {CLM__LM_MU_PARAMS(1e-3)};

const clm_trainer_type clm__trainlm_type = {
  .name = "trainlm",
  .title = "Levenberg-Marquardt",
  .display = "TRAINLM",
  .flags = CLM_TRAINER_MU | CLM_TRAINER_LINSOLVER | CLM_TRAINER_ESCAPE | CLM_TRAINER_JACOBIAN,
  .min_grad = 1e-7,
  .max_fail = 6,
  .params = lm_params,
  .n_params = CLM__COUNT_OF(lm_params),
  .alloc = lm_alloc,
  .init = lm_init,
  .epoch = lm_epoch,
  .free = lm_free,
};

const clm_trainer_type *const clm_trainlm = &clm__trainlm_type;
