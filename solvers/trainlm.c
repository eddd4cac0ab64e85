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
 * Distributed training (clm_train_mpi, more than one process): each process
 * accumulates J'J and J'e over its own samples; the upper triangle of J'J,
 * J'e and the sse are packed into one buffer of P(P+1)/2 + P + 1 doubles
 * and summed by ONE reduction, so every process holds the global JE, perf
 * and gradient.  Rank 0 alone factors and solves, and broadcasts the step
 * with the factor status, so the weights stay bit-identical on every
 * process; the trial sse is a reduced sum (clm__train_perf), so every
 * process takes the same accept/reject and mu decisions.  A serial run
 * (one process) skips the packing; its reductions change nothing.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "trainer.h"


struct clm__trainer_state {
  const clm_linsolver_type *ls;
  void *ls_state;
  double *JE;   /* norm * J'e at ctx->wb (P) */
  double *dx;   /* step (P) */
  double *wb2;  /* trial weights (P) */
  double *buf;  /* MPI only: P*P + P + 1, J'J packed with J'e and sse */
  clm_evalcache *cache; /* the accepted trial's activations serve the next Jacobian */
  clm_evalws *ws;       /* the workspace the cache is attached to */
};
typedef clm__trainer_state lm_state;

static void lm_free(lm_state *s) {
  if (!s) return;
  if (s->ls && s->ls_state) s->ls->free(s->ls_state);
  if (s->cache) clm__evalws_use_cache(s->ws, NULL);
  clm__evalcache_free(s->cache);
  free(s->JE);
  free(s->dx);
  free(s->wb2);
  free(s->buf);
  free(s);
}

static int lm_alloc(lm_state **state, const clm__train_ctx *ctx) {
  *state = NULL;
  if (!ctx->ls) return CLM_EINTERNAL;
  lm_state *s = calloc(1, sizeof *s);
  if (!s) return CLM_ENOMEM;
  s->ls = ctx->ls;
  const size_t P = ctx->P;
  s->JE = malloc(P * sizeof *s->JE);
  s->dx = malloc(P * sizeof *s->dx);
  s->wb2 = malloc(P * sizeof *s->wb2);
  if (!s->JE || !s->dx || !s->wb2) {
    lm_free(s);
    return CLM_ENOMEM;
  }
  if (ctx->red->size > 1) {
    if (!s->ls->get_jj || !s->ls->set_jj) {
      lm_free(s);
      return CLM_EBACKEND;
    }
    if (P > SIZE_MAX / sizeof(double) / P - 2 ||
        !(s->buf = malloc((P * P + P + 1) * sizeof *s->buf))) {
      lm_free(s);
      return CLM_ENOMEM;
    }
  }
  /* single-threaded Jacobian blocks only when host BLAS threads follow */
  clm__evalws_set_blas_follows(ctx->ws, s->ls->host_threads_follow);
  /* a device backend's pinned buffers receive the Jacobian blocks directly */
  clm__evalws_set_jbuffer(ctx->ws, s->ls->block_buffer);
  /* the accepted trial's forward pass serves the next Jacobian pass (a
   * cache too big for its bound is simply not made) */
  s->ws = ctx->ws;
  int cst = clm__evalcache_alloc(&s->cache, ctx->ws);
  if (cst == CLM_OK) cst = clm__evalws_use_cache(ctx->ws, s->cache);
  if (cst != CLM_OK) {
    lm_free(s);
    return cst;
  }
  size_t rows = clm__evalws_block_rows(ctx->ws);
  int st = s->ls->alloc(&s->ls_state, ctx->P, rows ? rows : 1, ctx->p->threads);
  if (st != CLM_OK) {
    s->ls_state = NULL;
    lm_free(s);
    return st;
  }
  *state = s;
  return CLM_OK;
}

/* Distributed: sum J'J (upper triangle), J'e and sse over the processes in
 * one reduction; rank 0's backend receives the global J'J. */
static int reduce_jejj(lm_state *s, clm__train_ctx *ctx, double *sse) {
  const size_t P = ctx->P, np = P * (P + 1) / 2;
  int st = s->ls->get_jj(s->ls_state, s->buf);
  if (st != CLM_OK) return st;
  /* pack the upper triangle column by column: column j (j+1 values) moves
   * from j*P to j(j+1)/2 <= j*P, so no column is overwritten before it moved */
  for (size_t j = 1; j < P; j++)
    memmove(s->buf + j * (j + 1) / 2, s->buf + j * P, (j + 1) * sizeof *s->buf);
  memcpy(s->buf + np, s->JE, P * sizeof *s->buf);
  s->buf[np + P] = *sse;
  st = ctx->red->sum(ctx->red, s->buf, np + P + 1);
  if (st != CLM_OK) return st;
  memcpy(s->JE, s->buf + np, P * sizeof *s->JE);
  *sse = s->buf[np + P];
  if (ctx->red->rank != 0) return CLM_OK;
  for (size_t j = P; j-- > 1;) /* unpack: the mirror of the packing */
    memmove(s->buf + j * P, s->buf + j * (j + 1) / 2, (j + 1) * sizeof *s->buf);
  return s->ls->set_jj(s->ls_state, s->buf, s->JE);
}

/* perf, JE, JJ (in the backend) and the gradient at ctx->wb. */
static int lm_evaluate(lm_state *s, clm__train_ctx *ctx) {
  double sse = 0.0;
  size_t count = 0;
  int st = s->ls->begin(s->ls_state);
  if (st != CLM_OK) return st;
  st = clm__eval_jacobian(ctx->ws, ctx->net, ctx->wb, ctx->data, ctx->train, ctx->n_train,
                          s->ls->accumulate, s->ls_state, &sse, &count);
  if (st != CLM_OK) return st;
  st = s->ls->end(s->ls_state, s->JE, NULL);
  if (st == CLM_OK && ctx->red->size > 1) st = reduce_jejj(s, ctx, &sse);
  if (st != CLM_OK) return st;
  ctx->rec->n_jacobian++;
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
 * regularization r: (1-r) norm JJ + (mu + r/P) I).  Rank 0 does it (the
 * only process of a serial run) and broadcasts the status, then the step. */
static int lm_step(lm_state *s, clm__train_ctx *ctx, double mu) {
  const clm__reducer *red = ctx->red;
  const double r = ctx->net->perf_reg;
  int st = CLM_OK;
  if (red->rank == 0) {
    if (r == 0.0)
      st = s->ls->factor(s->ls_state, ctx->norm, mu);
    else
      st = s->ls->factor(s->ls_state, (1.0 - r) * ctx->norm, mu + r / (double)ctx->P);
    if (st == CLM_OK) st = s->ls->solve(s->ls_state, s->JE, s->dx);
  }
  int bst = red->bcast_status(red, &st);
  if (bst == CLM_OK && st == CLM_OK) bst = red->bcast(red, s->dx, ctx->P);
  return bst != CLM_OK ? bst : st;
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

#define TPO(f) offsetof(clm_trainparam, f)
static const clm_param_info lm_params[] = {
  {.name = "mu", .type = CLM_PARAM_REAL, .offset = TPO(mu), .def = 1e-3, .lo = 0,
   .hi = INFINITY, .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_HI_OPEN, .help = "initial mu"},
  {.name = "mu_dec", .type = CLM_PARAM_REAL, .offset = TPO(mu_dec), .def = 0.1, .lo = 0,
   .hi = 1, .help = "mu decrease factor"},
  {.name = "mu_inc", .type = CLM_PARAM_REAL, .offset = TPO(mu_inc), .def = 10, .lo = 1,
   .hi = INFINITY, .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_HI_OPEN, .help = "mu increase factor"},
  {.name = "mu_max", .type = CLM_PARAM_REAL, .offset = TPO(mu_max), .def = 1e10, .lo = 0,
   .hi = INFINITY, .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_HI_OPEN, .help = "maximum mu"},
};

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
