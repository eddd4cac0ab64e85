/* chaoslm — trainlm for a distributed training (clm_train_mpi).
 *
 * The same algorithm as solvers/trainlm.c (read that file for the math and
 * MATLAB's rules), with the sums over samples spread over the processes:
 *
 *   every epoch   each process accumulates J'J and J'e over its own
 *                 training samples with the chosen linear-solver backend
 *                 (CPU, or the GPU of that process); the upper triangle of
 *                 J'J, J'e and the sse are packed into one buffer of
 *                 P(P+1)/2 + P + 1 doubles and summed by ONE Allreduce, so
 *                 every process holds the global J'J, J'e, perf and
 *                 gradient;
 *   every trial   rank 0 factors scale*JJ + mu*I and solves for the step;
 *                 the step and the factor status (P + 1 doubles) are
 *                 broadcast, so the weights stay bit-identical on every
 *                 process whatever each process's BLAS thread count; the
 *                 trial sse is a reduced sum (clm__train_perf), so every
 *                 process takes the same accept / reject and mu decision.
 *
 * Only rank 0 receives the reduced J'J into its backend (set_jj); the other
 * processes never factor.  Everything is allocated in alloc().
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "trainer.h"
#include "mpi_internal.h"

typedef struct lmd_state {
  const clm_linsolver_type *ls;
  void *ls_state;
  double *JE;   /* norm * J'e at ctx->wb (P), global */
  double *step; /* [status, dx (P)] broadcast from rank 0 */
  double *wb2;  /* trial weights (P) */
  double *buf;  /* P*P + P + 1: J'J from the backend, packed in place */
} lmd_state;

static void lmd_free(void *state) {
  lmd_state *s = state;
  if (!s) return;
  if (s->ls && s->ls_state) s->ls->free(s->ls_state);
  free(s->JE);
  free(s->step);
  free(s->wb2);
  free(s->buf);
  free(s);
}

static int lmd_alloc(void **state, const clm__train_ctx *ctx) {
  *state = NULL;
  if (!ctx->ls || !ctx->red) return CLM_EINTERNAL;
  if (!ctx->ls->get_jj || !ctx->ls->set_jj) return CLM_EBACKEND;
  const size_t P = ctx->P;
  if (P > SIZE_MAX / sizeof(double) / P - 2) return CLM_ENOMEM;
  lmd_state *s = calloc(1, sizeof *s);
  if (!s) return CLM_ENOMEM;
  s->ls = ctx->ls;
  s->JE = malloc(P * sizeof *s->JE);
  s->step = malloc((P + 1) * sizeof *s->step);
  s->wb2 = malloc(P * sizeof *s->wb2);
  s->buf = malloc((P * P + P + 1) * sizeof *s->buf);
  if (!s->JE || !s->step || !s->wb2 || !s->buf) {
    lmd_free(s);
    return CLM_ENOMEM;
  }
  size_t rows = clm__evalws_block_rows(ctx->ws);
  int st = s->ls->alloc(&s->ls_state, P, rows ? rows : 1, ctx->p->threads);
  if (st != CLM_OK) {
    s->ls_state = NULL;
    lmd_free(s);
    return st;
  }
  *state = s;
  return CLM_OK;
}

/* perf, JE, JJ (rank 0's backend) and the gradient at ctx->wb, global. */
static int lmd_evaluate(lmd_state *s, clm__train_ctx *ctx) {
  const size_t P = ctx->P, np = P * (P + 1) / 2;
  double sse = 0.0;
  size_t count = 0;
  int st = s->ls->begin(s->ls_state);
  if (st != CLM_OK) return st;
  st = clm__eval_jacobian(ctx->ws, ctx->net, ctx->wb, ctx->data, ctx->train, ctx->n_train,
                          s->ls->accumulate, s->ls_state, &sse, &count);
  if (st != CLM_OK) return st;
  st = s->ls->end(s->ls_state, s->JE, NULL);
  if (st != CLM_OK) return st;
  st = s->ls->get_jj(s->ls_state, s->buf);
  if (st != CLM_OK) return st;
  /* pack the upper triangle column by column: column j (j+1 values) moves
   * from j*P to j(j+1)/2 <= j*P, so a forward pass never overwrites a
   * column before it has moved */
  for (size_t j = 1; j < P; j++)
    memmove(s->buf + j * (j + 1) / 2, s->buf + j * P, (j + 1) * sizeof *s->buf);
  memcpy(s->buf + np, s->JE, P * sizeof *s->buf);
  s->buf[np + P] = sse;
  st = ctx->red->sum(ctx->red, s->buf, np + P + 1);
  if (st != CLM_OK) return st;
  memcpy(s->JE, s->buf + np, P * sizeof *s->JE);
  sse = s->buf[np + P];
  if (ctx->red->rank == 0) {
    /* unpack backwards (the mirror of the packing) and hand J'J over */
    for (size_t j = P; j-- > 1;)
      memmove(s->buf + j * P, s->buf + j * (j + 1) / 2, (j + 1) * sizeof *s->buf);
    st = s->ls->set_jj(s->ls_state, s->buf, s->JE);
    if (st != CLM_OK) return st;
  }
  ctx->rec->n_jacobian++;
  double g2 = 0.0;
  for (size_t i = 0; i < P; i++) {
    s->JE[i] *= ctx->norm;
    g2 += s->JE[i] * s->JE[i];
  }
  ctx->perf = sse * ctx->norm;
  ctx->gradient = 2.0 * sqrt(g2);
  return CLM_OK;
}

static int lmd_init(void *state, clm__train_ctx *ctx) {
  ctx->mu = ctx->p->mu;
  return lmd_evaluate(state, ctx);
}

static int lmd_epoch(void *state, clm__train_ctx *ctx, int *moved) {
  lmd_state *s = state;
  const clm_trainparam *p = ctx->p;
  const size_t P = ctx->P;
  double mu = ctx->mu;
  *moved = 0;
  for (;;) {
    if (mu > p->mu_max) break; /* epoch consumed without a step */
    ctx->rec->n_factor++;
    if (ctx->red->rank == 0) {
      int fst = s->ls->factor(s->ls_state, ctx->norm, mu);
      if (fst == CLM_OK) fst = s->ls->solve(s->ls_state, s->JE, s->step + 1);
      s->step[0] = (double)fst;
    }
    int st = ctx->red->bcast(ctx->red, s->step, P + 1);
    if (st != CLM_OK) return st;
    st = (int)s->step[0];
    if (st == CLM_ENOTPD) {
      ctx->rec->n_rejected++;
      mu *= p->mu_inc;
      continue;
    }
    if (st != CLM_OK) return st;
    for (size_t i = 0; i < P; i++) s->wb2[i] = ctx->wb[i] - s->step[1 + i];
    double perf2;
    st = clm__train_perf(ctx, s->wb2, &perf2); /* reduced */
    if (st != CLM_OK) return st;
    if (perf2 < ctx->perf) { /* strict; false for NaN */
      memcpy(ctx->wb, s->wb2, P * sizeof *ctx->wb);
      mu *= p->mu_dec;
      if (mu < 1e-20) mu = 1e-20;
      *moved = 1;
      break;
    }
    ctx->rec->n_rejected++;
    mu *= p->mu_inc;
  }
  ctx->mu = mu;
  return *moved ? lmd_evaluate(s, ctx) : CLM_OK;
}

const clm_trainer_type clm__trainlm_mpi_type = {
  "trainlm", "TRAINLM", 1, 1, 1e-7, lmd_alloc, lmd_init, lmd_epoch, lmd_free,
};
