/* chaoslm — trainrp: resilient backpropagation (Rprop), as MATLAB's
 * trainrp.
 *
 * Every weight i has its own step size delta_i (delta0 at the start).  With
 * gWB = -d(perf)/dw at the current weights and gold the one of the previous
 * epoch (gWB itself at epoch 0), each epoch
 *     s_i = gWB_i * gold_i
 *     delta_i = delta_i*delt_inc  if s_i > 0   (same sign: speed up)
 *               delta_i*delt_dec  if s_i < 0   (sign change: slow down)
 *               delta_i           if s_i = 0
 *     delta_i = min(delta_i, deltamax)
 *     WB_i += delta_i*sign(gWB_i),   gold = gWB
 * and gWB is evaluated at the new weights.  Only the signs of the gradient
 * matter; every step is taken.  At epoch 0, s = gWB.^2, so the first steps
 * are delta0*delt_inc.  lr is listed (MATLAB lists it) but unused.  A NaN
 * gradient component gives no step for that weight (ours; sign(NaN) would
 * make the weight NaN).  (doc/trainers.md; MATLAB's trainrp.m.)
 *
 * Distributed training: gWB is a reduced sum, so every process takes the
 * same steps.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include "trainer.h"

struct clm__trainer_state {
  double *g;     /* gWB at ctx->wb (P) */
  double *gold;  /* gWB of the previous epoch (P) */
  double *delta; /* per-weight step sizes (P) */
};
typedef clm__trainer_state rp_state;

static void rp_free(rp_state *s) {
  if (!s) return;
  free(s->g);
  free(s->gold);
  free(s->delta);
  free(s);
}

static int rp_alloc(rp_state **state, const clm__train_ctx *ctx) {
  *state = NULL;
  rp_state *s = calloc(1, sizeof *s);
  if (!s) return CLM_ENOMEM;
  s->g = malloc(ctx->P * sizeof *s->g);
  s->gold = malloc(ctx->P * sizeof *s->gold);
  s->delta = malloc(ctx->P * sizeof *s->delta);
  if (!s->g || !s->gold || !s->delta) {
    rp_free(s);
    return CLM_ENOMEM;
  }
  *state = s;
  return CLM_OK;
}

static int rp_init(rp_state *s, clm__train_ctx *ctx) {
  ctx->mu = NAN;
  int st = clm__gd_evaluate(s->g, ctx);
  if (st != CLM_OK) return st;
  for (size_t i = 0; i < ctx->P; i++) {
    s->gold[i] = s->g[i];
    s->delta[i] = ctx->p->delta0;
  }
  return CLM_OK;
}

static int rp_epoch(rp_state *s, clm__train_ctx *ctx, int *moved) {
  const clm_trainparam *p = ctx->p;
  const double inc = p->delt_inc, dec = p->delt_dec, dmax = p->deltamax;
  for (size_t i = 0; i < ctx->P; i++) {
    const double g = s->g[i], sg = g * s->gold[i];
    double d = s->delta[i];
    if (sg > 0) d *= inc;
    else if (sg < 0) d *= dec;
    if (d > dmax) d = dmax;
    s->delta[i] = d;
    if (g > 0) ctx->wb[i] += d;
    else if (g < 0) ctx->wb[i] -= d;
  }
  double *t = s->gold; /* gold = gWB; the new gWB goes into the old buffer */
  s->gold = s->g;
  s->g = t;
  *moved = 1;
  return clm__gd_evaluate(s->g, ctx);
}

#define TPO(f) offsetof(clm_trainparam, f)
static const clm_param_info rp_params[] = {
  {.name = "lr", .type = CLM_PARAM_REAL, .offset = TPO(lr), .def = 0.01, .lo = 0,
   .hi = INFINITY, .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_HI_OPEN,
   .help = "learning rate (listed as MATLAB does; Rprop does not use it)"},
  {.name = "delt_inc", .type = CLM_PARAM_REAL, .offset = TPO(delt_inc), .def = 1.2, .lo = 1,
   .hi = INFINITY, .flags = CLM_PARAM_HI_OPEN, .help = "step size increase factor"},
  {.name = "delt_dec", .type = CLM_PARAM_REAL, .offset = TPO(delt_dec), .def = 0.5, .lo = 0,
   .hi = 1, .help = "step size decrease factor"},
  {.name = "delta0", .type = CLM_PARAM_REAL, .offset = TPO(delta0), .def = 0.07, .lo = 0,
   .hi = INFINITY, .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_HI_OPEN,
   .help = "initial step size"},
  {.name = "deltamax", .type = CLM_PARAM_REAL, .offset = TPO(deltamax), .def = 50, .lo = 0,
   .hi = INFINITY, .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_HI_OPEN,
   .help = "largest step size"},
};

const clm_trainer_type clm__trainrp_type = {
  .name = "trainrp",
  .title = "Resilient Backpropagation",
  .display = "TRAINRP",
  .min_grad = 1e-5,
  .max_fail = 6,
  .params = rp_params,
  .n_params = CLM__COUNT_OF(rp_params),
  .alloc = rp_alloc,
  .init = rp_init,
  .epoch = rp_epoch,
  .free = rp_free,
};

const clm_trainer_type *const clm_trainrp = &clm__trainrp_type;
