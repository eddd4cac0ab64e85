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

#include <math.h>
#include <stddef.h>
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

/* The adaptive learning rate of traingda and traingdx, after the trial
 * point was evaluated into g2 (ctx->perf is perf2): a ratio perf2/perf
 * above max_perf_inc (or NaN) refuses the trial (the kept point is put
 * back, lr *= lr_dec) and returns 0; otherwise the trial is accepted (lr *=
 * lr_inc when perf2 < perf; *g and *g2 swap so that *g is the gradient at
 * the new point) and 1 is returned. */
static inline int clm__gd_adapt_lr(const clm__gd_kept *k, clm__train_ctx *ctx, double *lr,
                                   double **g, double **g2) {
  const clm_trainparam *p = ctx->p;
  const double perf = k->perf, perf2 = ctx->perf;
  if (!(perf2 / perf <= p->max_perf_inc)) { /* too large an increase, or NaN */
    clm__gd_restore(k, ctx);
    *lr *= p->lr_dec;
    return 0;
  }
  if (perf2 < perf) *lr *= p->lr_inc;
  double *t = *g;
  *g = *g2;
  *g2 = t;
  return 1;
}

/* The parameters of the adaptive learning rate, with MATLAB's defaults
 * (traingda's list; traingdx adds mc). */
#define CLM__ADAPTIVE_LR_PARAMS                                                                 \
  {.name = "lr", .type = CLM_PARAM_REAL, .offset = offsetof(clm_trainparam, lr), .def = 0.01,   \
   .lo = 0, .hi = INFINITY, .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_HI_OPEN,                     \
   .help = "initial learning rate"},                                                            \
  {.name = "lr_inc", .type = CLM_PARAM_REAL, .offset = offsetof(clm_trainparam, lr_inc),        \
   .def = 1.05, .lo = 1, .hi = INFINITY, .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_HI_OPEN,        \
   .help = "learning rate increase factor"},                                                    \
  {.name = "lr_dec", .type = CLM_PARAM_REAL, .offset = offsetof(clm_trainparam, lr_dec),        \
   .def = 0.7, .lo = 0, .hi = 1, .help = "learning rate decrease factor"},                      \
  {.name = "max_perf_inc", .type = CLM_PARAM_REAL,                                              \
   .offset = offsetof(clm_trainparam, max_perf_inc), .def = 1.04, .lo = 0, .hi = INFINITY,      \
   .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_HI_OPEN,                                              \
   .help = "largest performance ratio perf2/perf of an accepted step"}

#endif /* CLM_GD_TRIAL_H */
