/* chaoslm — the training objective: performance and gradient evaluations
 * the trainers and the driver share.
 *
 * Every sum over samples is this process's share, completed by the
 * reducer (a no-op for a serial run).  Training performance is
 * sse * ctx->norm with norm fixed once from the training targets
 * (clm__perf_scale); a validation or test set divides its own sse by its
 * own count (clm__perf_of_sse).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include "trainer.h"

int clm__train_normalise(clm__train_ctx *ctx) {
  double b[2] = {0.0, 0.0};
  size_t count = 0;
  int st = clm__eval_sse(ctx->ws, ctx->net, ctx->wb, ctx->data, ctx->train, ctx->n_train, &b[0],
                         &count);
  if (st != CLM_OK) return st;
  b[1] = (double)count;
  if ((st = ctx->red->sum(ctx->red, b, 2)) != CLM_OK) return st;
  ctx->rec->n_forward++;
  count = (size_t)b[1];
  if (count == 0) return CLM_ENOSAMPLES;
  ctx->N = count;
  ctx->norm = clm__perf_scale(ctx->net->performfcn, count);
  ctx->perf = b[0] * ctx->norm;
  return CLM_OK;
}

int clm__train_perf(clm__train_ctx *ctx, const double *wb, double *perf) {
  double sse = 0.0;
  size_t count = 0;
  int st = clm__eval_sse(ctx->ws, ctx->net, wb, ctx->data, ctx->train, ctx->n_train, &sse, &count);
  if (st != CLM_OK) return st;
  if ((st = ctx->red->sum(ctx->red, &sse, 1)) != CLM_OK) return st;
  ctx->rec->n_forward++;
  *perf = sse * ctx->norm;
  return CLM_OK;
}

int clm__set_perf(clm__train_ctx *ctx, const size_t *idx, size_t n, size_t n_all, double *perf) {
  *perf = NAN;
  if (n_all == 0) return CLM_OK;
  double b[2] = {0.0, 0.0};
  size_t count = 0;
  int st = n ? clm__eval_sse(ctx->ws, ctx->net, ctx->wb, ctx->data, idx, n, &b[0], &count) : CLM_OK;
  if (st != CLM_OK) return st;
  b[1] = (double)count;
  if ((st = ctx->red->sum(ctx->red, b, 2)) != CLM_OK) return st;
  ctx->rec->n_forward++;
  count = (size_t)b[1];
  if (count > 0) *perf = clm__perf_of_sse(ctx->net->performfcn, b[0], count);
  return CLM_OK;
}

int clm__gd_evaluate(double *g, clm__train_ctx *ctx) {
  double sse = 0.0;
  size_t count = 0;
  int st = clm__eval_je(ctx->ws, ctx->net, ctx->wb, ctx->data, ctx->train, ctx->n_train, g,
                        &sse, &count);
  if (st != CLM_OK) return st;
  if ((st = ctx->red->sum(ctx->red, g, ctx->P)) != CLM_OK) return st;
  if ((st = ctx->red->sum(ctx->red, &sse, 1)) != CLM_OK) return st;
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
