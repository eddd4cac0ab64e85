/* chaoslm — what the Levenberg-Marquardt trainers share (internal):
 * trainlm and trainbr both accumulate J'J and J'e with a linear-solver
 * backend, sum them over the processes of a distributed run, and take
 * steps that rank 0 solves and broadcasts.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_LM_CORE_H
#define CLM_LM_CORE_H

#include "trainer.h"

typedef struct clm__lm_core {
  const clm_linsolver_type *ls;
  void *ls_state;
  double *buf;          /* MPI only: P*P + P + 1, J'J packed with J'e and sse */
  clm_evalcache *cache; /* an accepted trial's activations serve the next Jacobian */
  clm_evalws *ws;       /* the workspace the cache is attached to */
} clm__lm_core;

/* Everything for ctx->ls and ctx->P, allocated once: the backend's state,
 * the activation cache on ctx->ws, the reduction buffer when ctx->red has
 * more than one process.  c must be zeroed; on failure what was made is
 * released.  CLM_OK, CLM_ENOMEM, CLM_EBACKEND (a distributed run on a
 * backend without get_jj/set_jj), CLM_EINTERNAL (no backend), the
 * backend's statuses. */
int clm__lm_core_alloc(clm__lm_core *c, const clm__train_ctx *ctx);
void clm__lm_core_free(clm__lm_core *c);

/* At ctx->wb: J'J into the backend, the unscaled J'e into JE (P) and the
 * training sse into *sse, all summed over the processes (rank 0's backend
 * holds the global J'J); counts a Jacobian pass. */
int clm__lm_core_jejj(clm__lm_core *c, clm__train_ctx *ctx, double *JE, double *sse);

/* dx = (scale*JJ + mu*I)^-1 b: rank 0 factors and solves, then the status
 * and dx are broadcast, so every process holds the same step.  CLM_ENOTPD
 * when the factor is refused (a rejected trial, not an error). */
int clm__lm_core_step(clm__lm_core *c, const clm__train_ctx *ctx, double scale, double mu,
                      const double *b, double *dx);

/* *trace = trace((scale*JJ + mu*I)^-1) (the backend's trace_inv) on rank 0,
 * broadcast with its status.  The factor is consumed (a step needs a new
 * one). */
int clm__lm_core_trace(clm__lm_core *c, const clm__train_ctx *ctx, double scale, double mu,
                       double *trace);

/* MATLAB's mu parameters of the LM trainers (mu's default differs: trainlm
 * 0.001, trainbr 0.005). */
#define CLM__LM_MU_PARAMS(mu_default)                                                           \
  {.name = "mu", .type = CLM_PARAM_REAL, .offset = offsetof(clm_trainparam, mu),                \
   .def = (mu_default), .lo = 0, .hi = INFINITY,                                                \
   .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_HI_OPEN, .help = "initial mu"},                       \
  {.name = "mu_dec", .type = CLM_PARAM_REAL, .offset = offsetof(clm_trainparam, mu_dec),        \
   .def = 0.1, .lo = 0, .hi = 1, .help = "mu decrease factor"},                                 \
  {.name = "mu_inc", .type = CLM_PARAM_REAL, .offset = offsetof(clm_trainparam, mu_inc),        \
   .def = 10, .lo = 1, .hi = INFINITY, .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_HI_OPEN,          \
   .help = "mu increase factor"},                                                               \
  {.name = "mu_max", .type = CLM_PARAM_REAL, .offset = offsetof(clm_trainparam, mu_max),        \
   .def = 1e10, .lo = 0, .hi = INFINITY, .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_HI_OPEN,        \
   .help = "maximum mu"}

#endif /* CLM_LM_CORE_H */
