/* chaoslm — traingd: batch gradient descent, as MATLAB's traingd.
 *
 * gWB = -d(perf)/dw is the descent direction (perf = mse, normalised by the
 * N non-NaN training targets, or sse).  With e = t - y and J = de/dw,
 * d(sse)/dw = 2 J'e, so gWB = -2*norm*J'e (norm = 1/N for mse, 1 for sse).
 * Every epoch takes the step dWB = lr*gWB, accepted whatever the new
 * performance; the reported gradient is ||gWB||_2 (doc/matlab.md §4;
 * MATLAB's traingd.m).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include "trainer.h"

struct clm__trainer_state {
  double *g; /* gWB at ctx->wb (P) */
};
typedef clm__trainer_state gd_state;

static void gd_free(gd_state *s) {
  if (!s) return;
  free(s->g);
  free(s);
}

static int gd_alloc(gd_state **state, const clm__train_ctx *ctx) {
  *state = NULL;
  gd_state *s = calloc(1, sizeof *s);
  if (!s) return CLM_ENOMEM;
  s->g = malloc(ctx->P * sizeof *s->g);
  if (!s->g) {
    gd_free(s);
    return CLM_ENOMEM;
  }
  *state = s;
  return CLM_OK;
}

static int gd_init(gd_state *s, clm__train_ctx *ctx) {
  ctx->mu = NAN;
  return clm__gd_evaluate(s->g, ctx);
}

static int gd_epoch(gd_state *s, clm__train_ctx *ctx, int *moved) {
  const double lr = ctx->p->lr;
  for (size_t i = 0; i < ctx->P; i++) ctx->wb[i] += lr * s->g[i];
  *moved = 1;
  return clm__gd_evaluate(s->g, ctx);
}

static const clm_param_info gd_params[] = {
  {.name = "lr", .type = CLM_PARAM_REAL, .offset = offsetof(clm_trainparam, lr), .def = 0.01,
   .lo = 0, .hi = INFINITY, .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_HI_OPEN,
   .help = "learning rate"},
};

const clm_trainer_type clm__traingd_type = {
  .name = "traingd",
  .title = "Gradient Descent",
  .display = "TRAINGD",
  .min_grad = 1e-5,
  .max_fail = 6,
  .params = gd_params,
  .n_params = CLM__COUNT_OF(gd_params),
  .alloc = gd_alloc,
  .init = gd_init,
  .epoch = gd_epoch,
  .free = gd_free,
};

const clm_trainer_type *const clm_traingd = &clm__traingd_type;
