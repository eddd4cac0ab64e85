/* chaoslm — traingda: batch gradient descent with an adaptive learning
 * rate, as MATLAB's traingda.
 *
 * With gWB = -d(perf)/dw the descent direction of traingd, each epoch tries
 *     WB2 = WB + lr*gWB,   perf2 = perf(WB2)   (training set)
 * and then
 *     perf2/perf > max_perf_inc:  lr = lr*lr_dec, WB unchanged (the epoch
 *                                 is consumed without a step);
 *     otherwise:                  if perf2 < perf: lr = lr*lr_inc;
 *                                 WB = WB2 (perf and gWB are those of WB2).
 * A trial whose performance is NaN counts as an increase (ours: a NaN
 * point is never accepted).  perf2 and gWB at WB2 come from ONE
 * forward+backward pass, as MATLAB's perfsGrad: every epoch costs one
 * pass, accepted or not.  The record
 * holds the state `lr`, its value at the top of each epoch (doc/trainers.md;
 * MATLAB's traingda.m).
 *
 * Distributed training: perf2 and gWB are reduced sums (clm__gd_evaluate),
 * so every process takes the same decision and keeps the same lr.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include "gd_trial.h"

struct clm__trainer_state {
  double *g;      /* gWB at ctx->wb (P) */
  double *g2;     /* gWB at the trial point (P) */
  clm__gd_kept kept; /* the point before the trial (kept.wb: P) */
  double lr;      /* the current learning rate */
};
typedef clm__trainer_state gda_state;

static void gda_free(gda_state *s) {
  if (!s) return;
  free(s->g);
  free(s->g2);
  free(s->kept.wb);
  free(s);
}

static int gda_alloc(gda_state **state, const clm__train_ctx *ctx) {
  *state = NULL;
  gda_state *s = calloc(1, sizeof *s);
  if (!s) return CLM_ENOMEM;
  s->g = malloc(ctx->P * sizeof *s->g);
  s->g2 = malloc(ctx->P * sizeof *s->g2);
  s->kept.wb = malloc(ctx->P * sizeof *s->kept.wb);
  if (!s->g || !s->g2 || !s->kept.wb) {
    gda_free(s);
    return CLM_ENOMEM;
  }
  *state = s;
  return CLM_OK;
}

static int gda_init(gda_state *s, clm__train_ctx *ctx) {
  ctx->mu = NAN;
  s->lr = ctx->p->lr;
  ctx->state[0] = s->lr;
  return clm__gd_evaluate(s->g, ctx);
}

static int gda_epoch(gda_state *s, clm__train_ctx *ctx, int *moved) {
  clm__gd_keep(&s->kept, ctx);
  for (size_t i = 0; i < ctx->P; i++) ctx->wb[i] += s->lr * s->g[i];
  int st = clm__gd_evaluate(s->g2, ctx); /* perf2 and gWB at WB2 */
  if (st != CLM_OK) return st;
  *moved = clm__gd_adapt_lr(&s->kept, ctx, &s->lr, &s->g, &s->g2);
  ctx->state[0] = s->lr;
  return CLM_OK;
}

static const clm_param_info gda_params[] = {CLM__ADAPTIVE_LR_PARAMS};

static const char *const gda_states[] = {"lr"};

const clm_trainer_type clm__traingda_type = {
  .name = "traingda",
  .title = "Gradient Descent with Adaptive Learning Rate",
  .display = "TRAINGDA",
  .min_grad = 1e-5,
  .max_fail = 6,
  .params = gda_params,
  .n_params = CLM__COUNT_OF(gda_params),
  .states = gda_states,
  .n_states = CLM__COUNT_OF(gda_states),
  .alloc = gda_alloc,
  .init = gda_init,
  .epoch = gda_epoch,
  .free = gda_free,
};

const clm_trainer_type *const clm_traingda = &clm__traingda_type;
