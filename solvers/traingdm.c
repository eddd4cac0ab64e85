/* chaoslm — traingdm: batch gradient descent with momentum, as MATLAB's
 * traingdm.
 *
 * With gWB the descent direction of traingd (-d(perf)/dw):
 *     dWB_0 = lr*gWB_0                       (set once, before epoch 0)
 *     dWB_k = mc*dWB_{k-1} + (1-mc)*lr*gWB_k, WB += dWB_k   (every epoch)
 * so the first step is lr*gWB_0 as for traingd (up to rounding; exactly
 * when mc = 0), and mc = 0 is traingd.  Every step is accepted; the
 * reported gradient is ||gWB||_2 (doc/matlab.md §4; MATLAB's traingdm.m).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include "trainer.h"

struct clm__trainer_state {
  double *g;   /* gWB at ctx->wb (P) */
  double *dwb; /* the previous step (P) */
};
typedef clm__trainer_state gdm_state;

static void gdm_free(gdm_state *s) {
  if (!s) return;
  free(s->g);
  free(s->dwb);
  free(s);
}

static int gdm_alloc(gdm_state **state, const clm__train_ctx *ctx) {
  *state = NULL;
  gdm_state *s = calloc(1, sizeof *s);
  if (!s) return CLM_ENOMEM;
  s->g = malloc(ctx->P * sizeof *s->g);
  s->dwb = malloc(ctx->P * sizeof *s->dwb);
  if (!s->g || !s->dwb) {
    gdm_free(s);
    return CLM_ENOMEM;
  }
  *state = s;
  return CLM_OK;
}

static int gdm_init(gdm_state *s, clm__train_ctx *ctx) {
  ctx->mu = NAN;
  int st = clm__gd_evaluate(s->g, ctx);
  if (st != CLM_OK) return st;
  const double lr = ctx->p->lr;
  for (size_t i = 0; i < ctx->P; i++) s->dwb[i] = lr * s->g[i];
  return CLM_OK;
}

static int gdm_epoch(gdm_state *s, clm__train_ctx *ctx, int *moved) {
  const double mc = ctx->p->mc, lr = ctx->p->lr;
  const double a = (1.0 - mc) * lr; /* MATLAB evaluates (1-mc)*lr*gWB left to right */
  for (size_t i = 0; i < ctx->P; i++) {
    s->dwb[i] = mc * s->dwb[i] + a * s->g[i];
    ctx->wb[i] += s->dwb[i];
  }
  *moved = 1;
  return clm__gd_evaluate(s->g, ctx);
}

#define TPO(f) offsetof(clm_trainparam, f)
static const clm_param_info gdm_params[] = {
  {.name = "lr", .type = CLM_PARAM_REAL, .offset = TPO(lr), .def = 0.01, .lo = 0,
   .hi = INFINITY, .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_HI_OPEN, .help = "learning rate"},
  {.name = "mc", .type = CLM_PARAM_REAL, .offset = TPO(mc), .def = 0.9, .lo = 0, .hi = 1,
   .help = "momentum constant"},
};

const clm_trainer_type clm__traingdm_type = {
  .name = "traingdm",
  .title = "Gradient Descent with Momentum",
  .display = "TRAINGDM",
  .min_grad = 1e-5,
  .max_fail = 6,
  .params = gdm_params,
  .n_params = CLM__COUNT_OF(gdm_params),
  .alloc = gdm_alloc,
  .init = gdm_init,
  .epoch = gdm_epoch,
  .free = gdm_free,
};

const clm_trainer_type *const clm_traingdm = &clm__traingdm_type;
