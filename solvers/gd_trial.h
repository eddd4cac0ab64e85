/* chaoslm — a trial point for the gradient trainers that may refuse a step
 * (traingda, traingdx, trainscg).
 *
 * These trainers evaluate performance AND gradient at a trial point in one
 * pass (clm__gd_evaluate), as MATLAB's perfsGrad does, so that an accepted
 * step needs no second pass.  clm__gd_evaluate works at ctx->wb and sets
 * ctx->perf and ctx->gradient, so a trial is made in place: the current
 * point is kept (weights copied, perf and gradient saved), the trial
 * weights are written into ctx->wb, and a refused trial puts the kept point
 * back bit for bit.  Internal to solvers/.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_GD_TRIAL_H
#define CLM_GD_TRIAL_H

#include <string.h>
#include "trainer.h"

/* The point a trial started from. */
typedef struct clm__gd_kept {
  double *wb;       /* P weights (the caller's buffer) */
  double perf;      /* ctx->perf there */
  double gradient;  /* ctx->gradient there */
} clm__gd_kept;

/* Keep the current point (ctx->wb, perf, gradient) in k. */
static inline void clm__gd_keep(clm__gd_kept *k, const clm__train_ctx *ctx) {
  memcpy(k->wb, ctx->wb, ctx->P * sizeof *k->wb);
  k->perf = ctx->perf;
  k->gradient = ctx->gradient;
}

/* Put the kept point back after a refused trial. */
static inline void clm__gd_restore(const clm__gd_kept *k, clm__train_ctx *ctx) {
  memcpy(ctx->wb, k->wb, ctx->P * sizeof *k->wb);
  ctx->perf = k->perf;
  ctx->gradient = k->gradient;
}

#endif /* CLM_GD_TRIAL_H */
