/* chaoslm — trainscg: scaled conjugate gradient (Moller 1993), as MATLAB's
 * trainscg.
 *
 * r = gWB = -d(perf)/dw is the descent direction at the current weights,
 * p the search direction.  At the start p = r, success = 1, lambdab = 0,
 * lambda = lambda (the parameter).  Epoch k (0-based):
 *  1. if success: sigmak = sigma/|p|;  s = (r - r(WB + sigmak*p))/sigmak,
 *     the change of the gradient along p (a finite-difference Hessian
 *     product);  delta = p's.
 *  2. delta += (lambda - lambdab)|p|^2; if delta <= 0 (the scaled Hessian
 *     is not positive along p): lambdab = 2(lambda - delta/|p|^2),
 *     delta = -delta + lambda|p|^2, lambda = lambdab.
 *  3. mu = p'r;  alpha = mu/delta;  perf2 = perf(WB + alpha*p);
 *     Delta = 2 delta (perf - perf2)/mu^2 (actual over predicted decrease).
 *  4. Delta >= 0: accept; r_old = r, r = gWB at the new WB; lambdab = 0,
 *     success = 1; p = r when k is a multiple of P (restart), else
 *     p = r + beta p with beta = (r'r - r'r_old)/mu; if Delta >= 0.75:
 *     lambda = lambda/4.
 *     Delta < 0: lambdab = lambda, success = 0 (WB unchanged).
 *  5. if Delta < 0.25 and |p|^2 != 0: lambda += delta(1 - Delta)/|p|^2.
 * The reported gradient is |r|.  The gradient at WB + sigmak*p costs one
 * forward+backward pass (success epochs only); perf2 and the gradient at
 * the trial point come from ONE pass (MATLAB's perfsGrad), so an epoch
 * costs two passes after a success and one after a failure.
 * (doc/trainers.md; MATLAB's trainscg.m, Møller 1993.)
 *
 * No step along p (ours).  When mu = p'r is zero to working precision
 * (mu^2 == 0, which Delta divides by), the slope of perf along p, mu/|p|,
 * is zero: SCG has no descent direction.  The same holds when step 2 leaves
 * no positive finite delta or alpha is not finite.  The epoch then takes
 * no step and reports that slope, 0, as the gradient, so the next stop
 * check ends training with "Minimum gradient reached." - no division by
 * zero, no NaN weight.  A trial whose performance is NaN counts as a
 * failure with Delta = -Inf (ours), which raises lambda.
 *
 * Distributed training: r, the probe gradient and perf2 are reduced sums,
 * so every process computes the same delta, alpha, Delta and steps.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include "gd_trial.h"

struct clm__trainer_state {
  double *r;      /* gWB at ctx->wb (P) */
  double *r_old;  /* gWB at the previous weights (P) */
  double *g2;     /* gWB at the probe or trial point (P) */
  double *p;      /* search direction (P) */
  clm__gd_kept kept; /* the point before a probe or trial (kept.wb: P) */
  double pp;      /* |p|^2 */
  double delta;   /* p'Hp estimate of the last success epoch */
  double lambda, lambdab;
  int success;
  size_t k;       /* epochs since init */
};
typedef clm__trainer_state scg_state;

static void scg_free(scg_state *s) {
  if (!s) return;
  free(s->r);
  free(s->r_old);
  free(s->g2);
  free(s->p);
  free(s->kept.wb);
  free(s);
}

static int scg_alloc(scg_state **state, const clm__train_ctx *ctx) {
  *state = NULL;
  scg_state *s = calloc(1, sizeof *s);
  if (!s) return CLM_ENOMEM;
  const size_t P = ctx->P;
  s->r = malloc(P * sizeof *s->r);
  s->r_old = malloc(P * sizeof *s->r_old);
  s->g2 = malloc(P * sizeof *s->g2);
  s->p = malloc(P * sizeof *s->p);
  s->kept.wb = malloc(P * sizeof *s->kept.wb);
  if (!s->r || !s->r_old || !s->g2 || !s->p || !s->kept.wb) {
    scg_free(s);
    return CLM_ENOMEM;
  }
  *state = s;
  return CLM_OK;
}

static double dot(const double *a, const double *b, size_t n) {
  double s = 0.0;
  for (size_t i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

static int scg_init(scg_state *s, clm__train_ctx *ctx) {
  ctx->mu = NAN;
  int st = clm__gd_evaluate(s->r, ctx);
  if (st != CLM_OK) return st;
  for (size_t i = 0; i < ctx->P; i++) s->p[i] = s->r[i];
  s->pp = dot(s->p, s->p, ctx->P);
  s->delta = 0.0;
  s->success = 1;
  s->lambdab = 0.0;
  s->lambda = ctx->p->lambda;
  s->k = 0;
  return CLM_OK;
}

/* No step along p: report the zero slope as the gradient (see above). */
static int scg_no_direction(clm__train_ctx *ctx, int *moved) {
  ctx->gradient = 0.0;
  *moved = 0;
  return CLM_OK;
}

static int scg_epoch(scg_state *s, clm__train_ctx *ctx, int *moved) {
  const size_t P = ctx->P;
  const size_t k = s->k++;
  const double mu = dot(s->p, s->r, P);
  if (!(mu * mu > 0)) return scg_no_direction(ctx, moved);

  /* 1. second-order information along p */
  if (s->success) {
    const double sigmak = ctx->p->sigma / sqrt(s->pp);
    clm__gd_keep(&s->kept, ctx);
    for (size_t i = 0; i < P; i++) ctx->wb[i] += sigmak * s->p[i];
    int st = clm__gd_evaluate(s->g2, ctx);
    clm__gd_restore(&s->kept, ctx);
    if (st != CLM_OK) return st;
    double d = 0.0;
    for (size_t i = 0; i < P; i++) d += s->p[i] * ((s->r[i] - s->g2[i]) / sigmak);
    s->delta = d;
  }

  /* 2. scale delta; make it positive */
  double delta = s->delta + (s->lambda - s->lambdab) * s->pp;
  if (delta <= 0) {
    s->lambdab = 2.0 * (s->lambda - delta / s->pp);
    delta = -delta + s->lambda * s->pp;
    s->lambda = s->lambdab;
  }
  s->delta = delta;

  /* 3. the step and the comparison parameter */
  const double alpha = mu / delta;
  if (!(delta > 0 && isfinite(delta) && isfinite(alpha))) return scg_no_direction(ctx, moved);
  clm__gd_keep(&s->kept, ctx);
  for (size_t i = 0; i < P; i++) ctx->wb[i] += alpha * s->p[i];
  int st = clm__gd_evaluate(s->g2, ctx); /* perf2 and gWB at the trial point */
  if (st != CLM_OK) return st;
  const double perf = s->kept.perf, perf2 = ctx->perf;
  double cmp = 2.0 * delta * (perf - perf2) / (mu * mu);
  if (isnan(cmp)) cmp = -INFINITY;

  /* 4. accept or refuse */
  if (cmp >= 0) {
    double *t = s->r_old;
    s->r_old = s->r;
    s->r = s->g2;
    s->g2 = t;
    s->lambdab = 0.0;
    s->success = 1;
    if (k % P == 0) {
      for (size_t i = 0; i < P; i++) s->p[i] = s->r[i];
    } else {
      const double beta = (dot(s->r, s->r, P) - dot(s->r, s->r_old, P)) / mu;
      for (size_t i = 0; i < P; i++) s->p[i] = s->r[i] + beta * s->p[i];
    }
    s->pp = dot(s->p, s->p, P);
    if (cmp >= 0.75) s->lambda = 0.25 * s->lambda;
    *moved = 1;
  } else {
    clm__gd_restore(&s->kept, ctx);
    s->lambdab = s->lambda;
    s->success = 0;
    *moved = 0;
  }

  /* 5. raise lambda when the quadratic model predicted badly */
  if (cmp < 0.25 && s->pp != 0) s->lambda = s->lambda + delta * (1.0 - cmp) / s->pp;
  return CLM_OK;
}

#define TPO(f) offsetof(clm_trainparam, f)
static const clm_param_info scg_params[] = {
  {.name = "sigma", .type = CLM_PARAM_REAL, .offset = TPO(sigma), .def = 5e-5, .lo = 0,
   .hi = INFINITY, .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_HI_OPEN,
   .help = "weight change for the second-derivative estimate"},
  {.name = "lambda", .type = CLM_PARAM_REAL, .offset = TPO(lambda), .def = 5e-7, .lo = 0,
   .hi = INFINITY, .flags = CLM_PARAM_HI_OPEN,
   .help = "initial scale regulating the indefiniteness of the Hessian"},
};

const clm_trainer_type clm__trainscg_type = {
  .name = "trainscg",
  .title = "Scaled Conjugate Gradient",
  .display = "TRAINSCG",
  .min_grad = 1e-6,
  .max_fail = 6,
  .params = scg_params,
  .n_params = CLM__COUNT_OF(scg_params),
  .alloc = scg_alloc,
  .init = scg_init,
  .epoch = scg_epoch,
  .free = scg_free,
};

const clm_trainer_type *const clm_trainscg = &clm__trainscg_type;
