/* chaoslm — traingd: batch gradient descent, as MATLAB's traingd.
 *
 * gWB = -d(perf)/dw is the descent direction (perf = mse, normalised by the
 * N non-NaN training targets, or sse).  With e = t - y and J = de/dw,
 * d(sse)/dw = 2 J'e, so gWB = -2*norm*J'e (norm = 1/N for mse, 1 for sse).
 * Every epoch takes the step dWB = lr*gWB, accepted whatever the new
 * performance; the reported gradient is ||gWB||_2 (shared
 * matlab-semantics.md §1.4, from traingd.m).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include "trainer.h"

typedef struct gd_state {
  double *g; /* gWB at ctx->wb (P) */
} gd_state;

static void gd_free(void *state) {
  gd_state *s = state;
  if (!s) return;
  free(s->g);
  free(s);
}

static int gd_alloc(void **state, const clm__train_ctx *ctx) {
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

int clm__gd_evaluate(double *g, clm__train_ctx *ctx) {
  double sse = 0.0;
  size_t count = 0;
  int st = clm__eval_je(ctx->ws, ctx->net, ctx->wb, ctx->data, ctx->train, ctx->n_train, g,
                        &sse, &count);
  if (st != CLM_OK) return st;
  if (ctx->red) { /* distributed: the gradient and sse over every process */
    if ((st = ctx->red->sum(ctx->red, g, ctx->P)) != CLM_OK) return st;
    if ((st = ctx->red->sum(ctx->red, &sse, 1)) != CLM_OK) return st;
  }
  ctx->rec->n_jacobian++;
  const double f = -2.0 * ctx->norm;
  double g2 = 0.0;
  for (size_t i = 0; i < ctx->P; i++) {
    g[i] *= f;
    g2 += g[i] * g[i];
  }
  ctx->perf = sse * ctx->norm;
  ctx->gradient = sqrt(g2);
  return CLM_OK;
}

static int gd_init(void *state, clm__train_ctx *ctx) {
  gd_state *s = state;
  ctx->mu = NAN;
  return clm__gd_evaluate(s->g, ctx);
}

static int gd_epoch(void *state, clm__train_ctx *ctx, int *moved) {
  gd_state *s = state;
  const double lr = ctx->p->lr;
  for (size_t i = 0; i < ctx->P; i++) ctx->wb[i] += lr * s->g[i];
  *moved = 1;
  return clm__gd_evaluate(s->g, ctx);
}

const clm_trainer_type clm__traingd_type = {
  "traingd", "TRAINGD", 0, 0, 1e-5, gd_alloc, gd_init, gd_epoch, gd_free,
};

const clm_trainer_type *const clm_traingd = &clm__traingd_type;
