/* chaoslm — traingdx: batch gradient descent with momentum and an adaptive
 * learning rate, as MATLAB's traingdx.
 *
 * With gWB = -d(perf)/dw the descent direction of traingd:
 *     dWB = lr*gWB                                  (before epoch 0)
 * and each epoch
 *     dWB = mc*dWB + (1-mc)*lr*gWB,  WB2 = WB + dWB,  perf2 = perf(WB2)
 *     perf2/perf > max_perf_inc:  lr = lr*lr_dec, dWB = lr*gWB (the
 *                                 momentum restarts from the new lr and
 *                                 the gradient at the unchanged WB);
 *     otherwise:                  if perf2 < perf: lr = lr*lr_inc;
 *                                 WB = WB2.
 * mc = 0 gives traingda's steps.  A trial whose performance is NaN counts
 * as an increase (ours).  perf2 and gWB at WB2 come from one
 * forward+backward pass (MATLAB's perfsGrad).  The record holds the state
 * `lr` at the top of each epoch (doc/trainers.md; MATLAB's traingdx.m).
 *
 * Distributed training: perf2 and gWB are reduced sums, so every process
 * takes the same decision.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include "gd_trial.h"

struct clm__trainer_state {
  double *g;      /* gWB at ctx->wb (P) */
  double *g2;     /* gWB at the trial point (P) */
  double *dwb;    /* the momentum step (P) */
  clm__gd_kept kept; /* the point before the trial (kept.wb: P) */
  double lr;      /* the current learning rate */
};
typedef clm__trainer_state gdx_state;

static void gdx_free(gdx_state *s) {
  if (!s) return;
  free(s->g);
  free(s->g2);
  free(s->dwb);
  free(s->kept.wb);
  free(s);
}

static int gdx_alloc(gdx_state **state, const clm__train_ctx *ctx) {
  *state = NULL;
  gdx_state *s = calloc(1, sizeof *s);
  if (!s) return CLM_ENOMEM;
  s->g = malloc(ctx->P * sizeof *s->g);
  s->g2 = malloc(ctx->P * sizeof *s->g2);
  s->dwb = malloc(ctx->P * sizeof *s->dwb);
  s->kept.wb = malloc(ctx->P * sizeof *s->kept.wb);
  if (!s->g || !s->g2 || !s->dwb || !s->kept.wb) {
    gdx_free(s);
    return CLM_ENOMEM;
  }
  *state = s;
  return CLM_OK;
}

static int gdx_init(gdx_state *s, clm__train_ctx *ctx) {
  ctx->mu = NAN;
  s->lr = ctx->p->lr;
  ctx->state[0] = s->lr;
  int st = clm__gd_evaluate(s->g, ctx);
  if (st != CLM_OK) return st;
  for (size_t i = 0; i < ctx->P; i++) s->dwb[i] = s->lr * s->g[i];
  return CLM_OK;
}

static int gdx_epoch(gdx_state *s, clm__train_ctx *ctx, int *moved) {
  const clm_trainparam *p = ctx->p;
  const double mc = p->mc;
  const double a = (1.0 - mc) * s->lr; /* (1-mc)*lr*gWB, left to right */
  clm__gd_keep(&s->kept, ctx);
  for (size_t i = 0; i < ctx->P; i++) {
    s->dwb[i] = mc * s->dwb[i] + a * s->g[i];
    ctx->wb[i] += s->dwb[i];
  }
  int st = clm__gd_evaluate(s->g2, ctx); /* perf2 and gWB at WB2 */
  if (st != CLM_OK) return st;
  *moved = clm__gd_adapt_lr(&s->kept, ctx, &s->lr, &s->g, &s->g2);
  if (!*moved) /* momentum restarts with the new lr and the old gradient */
    for (size_t i = 0; i < ctx->P; i++) s->dwb[i] = s->lr * s->g[i];
  ctx->state[0] = s->lr;
  return CLM_OK;
}

static const clm_param_info gdx_params[] = {
  CLM__ADAPTIVE_LR_PARAMS,
  {.name = "mc", .type = CLM_PARAM_REAL, .offset = offsetof(clm_trainparam, mc), .def = 0.9,
   .lo = 0, .hi = 1, .help = "momentum constant"},
};

static const char *const gdx_states[] = {"lr"};

const clm_trainer_type clm__traingdx_type = {
  .name = "traingdx",
  .title = "Variable Learning Rate Gradient Descent",
  .display = "TRAINGDX",
  .min_grad = 1e-5,
  .max_fail = 6,
  .params = gdx_params,
  .n_params = CLM__COUNT_OF(gdx_params),
  .states = gdx_states,
  .n_states = CLM__COUNT_OF(gdx_states),
  .alloc = gdx_alloc,
  .init = gdx_init,
  .epoch = gdx_epoch,
  .free = gdx_free,
};

const clm_trainer_type *const clm_traingdx = &clm__traingdx_type;
