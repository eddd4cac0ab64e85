/* chaoslm — what the Levenberg-Marquardt trainers share (see lm_core.h).
 *
 * Distributed training (more than one process): each process accumulates
 * J'J and J'e over its own samples; the upper triangle of J'J, J'e and the
 * sse are packed into one buffer of P(P+1)/2 + P + 1 doubles and summed by
 * ONE reduction, so every process holds the global J'e and sse.  Rank 0
 * alone factors and solves, and broadcasts the step with the factor's
 * status, so the weights stay bit-identical on every process.  A serial run
 * (one process) skips the packing; its reductions change nothing.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lm_core.h"

void clm__lm_core_free(clm__lm_core *c) {
  if (!c) return;
  if (c->ls && c->ls_state) c->ls->free(c->ls_state);
  if (c->cache) clm__evalws_use_cache(c->ws, NULL);
  clm__evalcache_free(c->cache);
  free(c->buf);
  memset(c, 0, sizeof *c);
}

int clm__lm_core_alloc(clm__lm_core *c, const clm__train_ctx *ctx) {
  if (!ctx->ls) return CLM_EINTERNAL;
  c->ls = ctx->ls;
  const size_t P = ctx->P;
  if (ctx->red->size > 1) {
    if (!c->ls->get_jj || !c->ls->set_jj) {
      clm__lm_core_free(c);
      return CLM_EBACKEND;
    }
    if (P > SIZE_MAX / sizeof(double) / P - 2 ||
        !(c->buf = malloc((P * P + P + 1) * sizeof *c->buf))) {
      clm__lm_core_free(c);
      return CLM_ENOMEM;
    }
  }
  /* a device backend's pinned buffers receive the Jacobian blocks directly */
  clm__evalws_set_jbuffer(ctx->ws, c->ls->block_buffer);
  /* the accepted trial's forward pass serves the next Jacobian pass (a
   * cache too big for its bound is simply not made) */
  c->ws = ctx->ws;
  int st = clm__evalcache_alloc(&c->cache, ctx->ws);
  if (st == CLM_OK) st = clm__evalws_use_cache(ctx->ws, c->cache);
  if (st != CLM_OK) {
    clm__lm_core_free(c);
    return st;
  }
  size_t rows = clm__evalws_block_rows(ctx->ws);
  st = c->ls->alloc(&c->ls_state, ctx->P, rows ? rows : 1, ctx->p->threads);
  if (st != CLM_OK) {
    c->ls_state = NULL;
    clm__lm_core_free(c);
    return st;
  }
  /* Jacobian blocks on one thread only when the backend's threads follow */
  clm__evalws_set_follow_threads(ctx->ws, c->ls->host_threads(c->ls_state));
  return CLM_OK;
}

/* Distributed: sum J'J (upper triangle), J'e and sse over the processes in
 * one reduction; rank 0's backend receives the global J'J. */
static int reduce_jejj(clm__lm_core *c, clm__train_ctx *ctx, double *JE, double *sse) {
  const size_t P = ctx->P, np = P * (P + 1) / 2;
  int st = c->ls->get_jj(c->ls_state, c->buf);
  if (st != CLM_OK) return st;
  /* pack the upper triangle column by column: column j (j+1 values) moves
   * from j*P to j(j+1)/2 <= j*P, so no column is overwritten before it moved */
  for (size_t j = 1; j < P; j++)
    memmove(c->buf + j * (j + 1) / 2, c->buf + j * P, (j + 1) * sizeof *c->buf);
  memcpy(c->buf + np, JE, P * sizeof *c->buf);
  c->buf[np + P] = *sse;
  st = ctx->red->sum(ctx->red, c->buf, np + P + 1);
  if (st != CLM_OK) return st;
  memcpy(JE, c->buf + np, P * sizeof *JE);
  *sse = c->buf[np + P];
  if (ctx->red->rank != 0) return CLM_OK;
  for (size_t j = P; j-- > 1;) /* unpack: the mirror of the packing */
    memmove(c->buf + j * P, c->buf + j * (j + 1) / 2, (j + 1) * sizeof *c->buf);
  return c->ls->set_jj(c->ls_state, c->buf, JE);
}

int clm__lm_core_jejj(clm__lm_core *c, clm__train_ctx *ctx, double *JE, double *sse) {
  size_t count = 0;
  *sse = 0.0;
  int st = c->ls->begin(c->ls_state);
  if (st != CLM_OK) return st;
  st = clm__eval_jacobian(ctx->ws, ctx->net, ctx->wb, ctx->data, ctx->train, ctx->n_train,
                          c->ls->accumulate, c->ls_state, sse, &count);
  if (st != CLM_OK) return st;
  st = c->ls->end(c->ls_state, JE, NULL);
  if (st == CLM_OK && ctx->red->size > 1) st = reduce_jejj(c, ctx, JE, sse);
  if (st != CLM_OK) return st;
  ctx->rec->n_jacobian++;
  return CLM_OK;
}

int clm__lm_core_step(clm__lm_core *c, const clm__train_ctx *ctx, double scale, double mu,
                      const double *b, double *dx) {
  const clm__reducer *red = ctx->red;
  int st = CLM_OK;
  if (red->rank == 0) {
    st = c->ls->factor(c->ls_state, scale, mu);
    if (st == CLM_OK) st = c->ls->solve(c->ls_state, b, dx);
  }
  int bst = red->bcast_status(red, &st);
  if (bst == CLM_OK && st == CLM_OK) bst = red->bcast(red, dx, ctx->P);
  return bst != CLM_OK ? bst : st;
}

int clm__lm_core_trace(clm__lm_core *c, const clm__train_ctx *ctx, double scale, double mu,
                       double *trace) {
  const clm__reducer *red = ctx->red;
  int st = CLM_OK;
  if (red->rank == 0) st = c->ls->trace_inv ? c->ls->trace_inv(c->ls_state, scale, mu, trace)
                                            : CLM_EBACKEND;
  int bst = red->bcast_status(red, &st);
  if (bst == CLM_OK && st == CLM_OK) bst = red->bcast(red, trace, 1);
  return bst != CLM_OK ? bst : st;
}
