/* chaoslm — the training objective: performance and gradient evaluations
 * the trainers and the driver share.
 *
 * Every sum over samples is this process's share, completed by the
 * reducer (a no-op for a serial run).  Training performance is
 *   perf = (1 - r) S * ctx->norm + r WB'WB/P
 * with S the loss sum of the network's performFcn over the training
 * samples (lib/eval.c), norm fixed once from the training targets
 * (clm__perf_scale: 1/N, or 1 for sse) and r the regularization
 * (lib/perform.c); with r = 0 it is S * norm exactly.  A validation or test
 * set divides its own sum by its own count (clm__perf_of_sum) and is
 * regularized the same way.  The regularization term needs no reduction:
 * every process holds the same weights.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include "trainer.h"

double clm__train_perf_of_sum(const clm__train_ctx *ctx, double sum, const double *wb) {
  return clm__perf_regularize(ctx->net, sum * ctx->norm, wb);
}

int clm__train_normalise(clm__train_ctx *ctx) {
  double b[2] = {0.0, 0.0};
  size_t count = 0;
  int st = clm__eval_loss(ctx->ws, ctx->net, ctx->wb, ctx->data, ctx->train, ctx->n_train,
                          &b[0], &count);
  if (st != CLM_OK) return st;
  b[1] = (double)count;
  if ((st = ctx->red->sum(ctx->red, b, 2)) != CLM_OK) return st;
  ctx->rec->n_forward++;
  count = (size_t)b[1];
  if (count == 0) return CLM_ENOSAMPLES;
  ctx->N = count;
  ctx->norm = clm__perf_scale(ctx->net->performfcn, count);
  ctx->perf = clm__train_perf_of_sum(ctx, b[0], ctx->wb);
  return CLM_OK;
}

int clm__train_perf(clm__train_ctx *ctx, const double *wb, double *perf) {
  double sum = 0.0;
  size_t count = 0;
  int st = clm__eval_loss(ctx->ws, ctx->net, wb, ctx->data, ctx->train, ctx->n_train, &sum,
                          &count);
  if (st != CLM_OK) return st;
  if ((st = ctx->red->sum(ctx->red, &sum, 1)) != CLM_OK) return st;
  ctx->rec->n_forward++;
  *perf = clm__train_perf_of_sum(ctx, sum, wb);
  return CLM_OK;
}

int clm__set_perf(clm__train_ctx *ctx, const size_t *idx, size_t n, size_t n_all, double *perf) {
  *perf = NAN;
  if (n_all == 0) return CLM_OK;
  double b[2] = {0.0, 0.0};
  size_t count = 0;
  int st = n ? clm__eval_loss(ctx->ws, ctx->net, ctx->wb, ctx->data, idx, n, &b[0], &count)
             : CLM_OK;
  if (st != CLM_OK) return st;
  b[1] = (double)count;
  if ((st = ctx->red->sum(ctx->red, b, 2)) != CLM_OK) return st;
  ctx->rec->n_forward++;
  count = (size_t)b[1];
  if (count > 0)
    *perf = clm__perf_regularize(ctx->net, clm__perf_of_sum(ctx->net->performfcn, b[0], count),
                                 ctx->wb);
  return CLM_OK;
}

int clm__gd_evaluate(double *g, clm__train_ctx *ctx) {
  double sum = 0.0;
  size_t count = 0;
  int st = clm__eval_loss_grad(ctx->ws, ctx->net, ctx->wb, ctx->data, ctx->train, ctx->n_train,
                               g, &sum, &count);
  if (st != CLM_OK) return st;
  if ((st = ctx->red->sum(ctx->red, g, ctx->P)) != CLM_OK) return st;
  if ((st = ctx->red->sum(ctx->red, &sum, 1)) != CLM_OK) return st;
  ctx->rec->n_jacobian++;
  /* g holds half the gradient of the loss sum: the descent direction of
   * perf is -2 norm g, and with regularization -(1-r) 2 norm g - 2r WB/P */
  const double f = -2.0 * ctx->norm, r = ctx->net->perf_reg;
  double g2 = 0.0;
  if (r == 0.0) {
    for (size_t i = 0; i < ctx->P; i++) {
      g[i] *= f;
      g2 += g[i] * g[i];
    }
  } else {
    const double fe = (1.0 - r) * f, fw = -2.0 * r / (double)ctx->P;
    for (size_t i = 0; i < ctx->P; i++) {
      g[i] = fe * g[i] + fw * ctx->wb[i];
      g2 += g[i] * g[i];
    }
  }
  ctx->perf = clm__train_perf_of_sum(ctx, sum, ctx->wb);
  ctx->gradient = sqrt(g2);
  return CLM_OK;
}
