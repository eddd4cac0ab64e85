/* chaoslm — public evaluation: clm_sim, clm_perform, clm_gradient,
 * clm_jacobian, clm_jejj.
 *
 * Each call validates its arguments fully before touching any output,
 * processes the inputs once (clm__data_prepare), allocates one evaluation
 * workspace and frees it before returning.  The math lives in eval.c and
 * perform.c: errors e = en (t - y) in original target units (en the
 * normalization factors), J = de/dw, the loss sum S of the performFcn's
 * terms over the N non-NaN targets (sse: S = sum e^2, d(sse)/dw = 2 J'e),
 * perf = S/N (or S for sse), then the regularization
 * (1-r) perf + r WB'WB/P with gradient (1-r) d(perf)/dw + 2r WB/P.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "net_internal.h"

/* Prepared arguments of one public call. */
typedef struct prep {
  double *Xp;
  unsigned char *skip;
  clm_data d;
  size_t n_valid; /* non-NaN targets of samples without NaN inputs */
} prep;

static void prep_free(prep *p) {
  free(p->Xp);
  free(p->skip);
}

/* Checks common to every call; T may be NULL for clm_sim. */
static int validate(const clm_net *net, const double *X, const double *T, size_t Q,
                    int need_T) {
  if (!net || !X || (need_T && !T)) return CLM_ENULL;
  if (!net->configured) return CLM_ENOTCONFIGURED;
  if (Q == 0) return CLM_ESIZE;
  size_t big = net->n_inputs > net->n_outputs ? net->n_inputs : net->n_outputs;
  if (big && Q > SIZE_MAX / sizeof(double) / big) return CLM_ESIZE;
  return CLM_OK;
}

static int prepare(const clm_net *net, const double *X, const double *T, size_t Q, prep *p) {
  memset(p, 0, sizeof *p);
  size_t S0 = net->size[0];
  if (T && clm__check_no_inf(T, Q * net->n_outputs) != CLM_OK) return CLM_EINF;
  p->Xp = malloc((S0 ? S0 * Q : 1) * sizeof *p->Xp);
  p->skip = malloc(Q);
  if (!p->Xp || !p->skip) {
    prep_free(p);
    return CLM_ENOMEM;
  }
  int st = clm__data_prepare(net, X, Q, p->Xp, p->skip);
  if (st) {
    prep_free(p);
    return st;
  }
  p->d.Q = Q;
  p->d.Xp = p->Xp;
  p->d.T = T;
  p->d.skip = p->skip;
  if (T) {
    size_t R = net->n_outputs, nv = 0;
    for (size_t q = 0; q < Q; q++) {
      if (p->skip[q]) continue;
      for (size_t i = 0; i < R; i++) nv += !isnan(T[q * R + i]);
    }
    p->n_valid = nv;
  }
  return CLM_OK;
}

int clm_sim(const clm_net *net, const double *X, size_t Q, double *Y, int threads) {
  int st = validate(net, X, NULL, Q, 0);
  if (st) return st;
  if (!Y) return CLM_ENULL;
  prep p;
  st = prepare(net, X, NULL, Q, &p);
  if (st) return st;
  clm_evalws *ws = NULL;
  st = clm__evalws_alloc(&ws, net, Q, threads);
  if (st == CLM_OK) {
    /* eval_outputs needs targets only for errors; give it a dummy. */
    double dummy = 0.0;
    p.d.T = &dummy;
    st = clm__eval_outputs(ws, net, net->wb, &p.d, NULL, Q, Y);
  }
  clm__evalws_free(ws);
  prep_free(&p);
  return st;
}

/* prepare(), then CLM_ENOSAMPLES when need_valid and no target is usable
 * (mse over no errors is 0/0; the Jacobian functions always need one). */
static int prepare_targets(const clm_net *net, const double *X, const double *T, size_t Q,
                           int need_valid, prep *p) {
  int st = prepare(net, X, T, Q, p);
  if (st == CLM_OK && need_valid && p->n_valid == 0) {
    prep_free(p);
    st = CLM_ENOSAMPLES;
  }
  return st;
}

int clm_perform(const clm_net *net, const double *X, const double *T, size_t Q, double *perf,
                size_t *n_errors) {
  int st = validate(net, X, T, Q, 1);
  if (st) return st;
  if (!perf) return CLM_ENULL;
  if ((st = clm__perform_check(net, 0, NULL, NULL, 0)) != CLM_OK) return st;
  prep p;
  st = prepare_targets(net, X, T, Q, net->performfcn != CLM_SSE, &p);
  if (st) return st;
  clm_evalws *ws = NULL;
  double sum = 0.0;
  size_t cnt = 0;
  st = clm__evalws_alloc(&ws, net, Q, 0);
  if (st == CLM_OK) st = clm__eval_loss(ws, net, net->wb, &p.d, NULL, Q, &sum, &cnt);
  clm__evalws_free(ws);
  prep_free(&p);
  if (st) return st;
  *perf = clm__perf_regularize(net, clm__perf_of_sum(net->performfcn, sum, cnt), net->wb);
  if (n_errors) *n_errors = cnt;
  return CLM_OK;
}

int clm_gradient(const clm_net *net, const double *X, const double *T, size_t Q, double *grad,
                 double *perf) {
  int st = validate(net, X, T, Q, 1);
  if (st) return st;
  if (!grad) return CLM_ENULL;
  if ((st = clm__perform_check(net, 0, NULL, NULL, 0)) != CLM_OK) return st;
  prep p;
  st = prepare_targets(net, X, T, Q, net->performfcn != CLM_SSE, &p);
  if (st) return st;
  size_t P = net->n_wb;
  double *G = malloc((P ? P : 1) * sizeof *G);
  clm_evalws *ws = NULL;
  double sum = 0.0;
  size_t cnt = 0;
  st = G ? clm__evalws_alloc(&ws, net, Q, 0) : CLM_ENOMEM;
  if (st == CLM_OK) st = clm__eval_loss_grad(ws, net, net->wb, &p.d, NULL, Q, G, &sum, &cnt);
  clm__evalws_free(ws);
  prep_free(&p);
  if (st == CLM_OK) {
    /* G is half the gradient of the loss sum */
    const double s = net->performfcn == CLM_SSE ? 2.0 : 2.0 / (double)cnt;
    const double r = net->perf_reg;
    if (r == 0.0) {
      for (size_t i = 0; i < P; i++) grad[i] = s * G[i];
    } else {
      const double c = 2.0 * r / (double)P;
      for (size_t i = 0; i < P; i++) grad[i] = (1.0 - r) * (s * G[i]) + c * net->wb[i];
    }
    if (perf)
      *perf = clm__perf_regularize(net, clm__perf_of_sum(net->performfcn, sum, cnt), net->wb);
  }
  free(G);
  return st;
}

/* Sink of clm_jacobian: scatter internal rows (one per kept output) into
 * the dense matrix with one row per raw output. */
typedef struct dense_sink {
  const clm_net *net;
  double *J, *E;
  size_t r; /* internal rows seen so far */
} dense_sink;

static int dense_rows(void *state, const double *J, const double *e, size_t m, size_t P) {
  dense_sink *s = state;
  size_t K = s->net->size[s->net->n_layers], R = s->net->n_outputs;
  for (size_t r = 0; r < m; r++, s->r++) {
    size_t q = s->r / K, i = s->net->out.kept_index[s->r % K];
    memcpy(s->J + (q * R + i) * P, J + r * P, P * sizeof(double));
    if (s->E) s->E[q * R + i] = e[r];
  }
  return CLM_OK;
}

int clm_jacobian(const clm_net *net, const double *X, const double *T, size_t Q, double *J,
                 double *E) {
  int st = validate(net, X, T, Q, 1);
  if (st) return st;
  if (!J) return CLM_ENULL;
  if ((st = clm__perform_check(net, 0, NULL, NULL, 0)) != CLM_OK) return st;
  size_t P = net->n_wb, R = net->n_outputs;
  if (P && Q * R > SIZE_MAX / sizeof(double) / P) return CLM_ESIZE;
  prep p;
  st = prepare_targets(net, X, T, Q, 1, &p);
  if (st) return st;
  clm_evalws *ws = NULL;
  st = clm__evalws_alloc(&ws, net, Q, 0);
  if (st == CLM_OK) {
    memset(J, 0, Q * R * P * sizeof *J);
    if (E) {
      /* Removed (constant) output rows: error t - constant, zero J row (the
       * normalization factor of a constant row is 1). */
      for (size_t q = 0; q < Q; q++)
        for (size_t i = 0; i < R; i++) {
          double t = T[q * R + i];
          E[q * R + i] = (!net->out.kept[i] && !p.skip[q] && !isnan(t)) ? t - net->out.xoffset[i] : 0.0;
        }
    }
    dense_sink s = {net, J, E, 0};
    double sse;
    size_t cnt;
    st = clm__eval_jacobian(ws, net, net->wb, &p.d, NULL, Q, dense_rows, &s, &sse, &cnt);
  }
  clm__evalws_free(ws);
  prep_free(&p);
  return st;
}

typedef struct jejj_sink {
  double *JJ, *JE;
} jejj_sink;

static int jejj_rows(void *state, const double *J, const double *e, size_t m, size_t P) {
  jejj_sink *s = state;
  clm__jejj_accumulate(s->JJ, s->JE, J, e, m, P);
  return CLM_OK;
}

int clm_jejj(const clm_net *net, const double *X, const double *T, size_t Q, double *JJ,
             double *JE, double *sse, size_t *n_errors, int threads) {
  int st = validate(net, X, T, Q, 1);
  if (st) return st;
  if (!JJ || !JE || !sse || !n_errors) return CLM_ENULL;
  if ((st = clm__perform_check(net, 0, NULL, NULL, 0)) != CLM_OK) return st;
  prep p;
  st = prepare_targets(net, X, T, Q, 1, &p);
  if (st) return st;
  size_t P = net->n_wb;
  clm_evalws *ws = NULL;
  st = clm__evalws_alloc(&ws, net, Q, threads);
  if (st == CLM_OK) {
    for (size_t j = 0; j < P; j++) {
      memset(JJ + j * P, 0, (j + 1) * sizeof *JJ); /* upper triangle of column j */
      JE[j] = 0.0;
    }
    clm__evalws_set_follow_threads(ws, clm__blas_threads()); /* DSYRK per block */
    jejj_sink s = {JJ, JE};
    double ss;
    size_t cnt;
    st = clm__eval_jacobian(ws, net, net->wb, &p.d, NULL, Q, jejj_rows, &s, &ss, &cnt);
    if (st == CLM_OK) {
      *sse = ss;
      *n_errors = cnt;
    }
  }
  clm__evalws_free(ws);
  prep_free(&p);
  return st;
}
