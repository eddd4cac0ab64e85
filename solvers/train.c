/* chaoslm — clm_train: MATLAB's training loop around any trainer.
 *
 * The loop (shared matlab-semantics.md §1.3, §1.5, §2, §5; trainlm.m,
 * trackBestNetwork.m, nn_train_feedback.m):
 *
 *   configure the network if needed; divide the samples; evaluate epoch 0
 *   best := (w, perf, vperf, tperf, epoch 0); val_fail := 0
 *   for epoch = 0, 1, ...:
 *     stop checks, first match wins: user stop, perf <= goal,
 *       epoch == epochs, time >= limit, gradient <= min_grad,
 *       mu >= mu_max (trainers with mu), val_fail >= max_fail
 *     record row [epoch time perf vperf tperf mu gradient val_fail];
 *       callback (non-zero: user stop); progress line when due
 *     if stopped: return the best network
 *     one trainer epoch (update, re-evaluation at the new weights)
 *     track the best network: with a validation set, vperf < best_vperf
 *       makes a new best and resets val_fail, vperf > best_vperf counts a
 *       validation failure, equality changes nothing; without one,
 *       perf < best_perf makes a new best.
 *
 * The progress line shows the lowest training performance so far (MATLAB's
 * best.perf), the record the current one; record.best_perf/vperf/tperf are
 * the values at best_epoch.  Time is wall-clock seconds since clm_train
 * started (CLOCK_MONOTONIC), sampled at the top of each epoch.
 *
 * Everything (data copies, workspace, trainer and solver state, record rows)
 * is allocated before epoch 0; the network is written only after success.
 *
 * Chaos hooks (shared chaos-method.md §6): p->chaos.init replaces the
 * starting weights by a chaotic search over the training samples;
 * p->chaos.escape lets chaos/escape.c move trainlm's weights between epochs
 * and defers the "stuck" stops (min_grad, mu_max) while escapes remain.
 * Both are off by default, and then the loop is MATLAB's exactly.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "trainer.h"
#include "chaos_internal.h"

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int clm__train_perf(clm__train_ctx *ctx, const double *wb, double *perf) {
  double sse = 0.0;
  size_t count = 0;
  int st = clm__eval_sse(ctx->ws, ctx->net, wb, ctx->data, ctx->train, ctx->n_train, &sse, &count);
  if (st != CLM_OK) return st;
  if (ctx->red && (st = ctx->red->sum(ctx->red, &sse, 1)) != CLM_OK) return st;
  ctx->rec->n_forward++;
  *perf = sse * ctx->norm;
  return CLM_OK;
}

/* Performance on a validation or test set: its own normalisation (mse:
 * divided by its own non-NaN count), NaN when the set is empty.  n is this
 * process's share of a set of n_all samples (n == n_all when serial). */
static int set_perf(clm__train_ctx *ctx, const size_t *idx, size_t n, size_t n_all,
                    double *perf) {
  *perf = NAN;
  if (n_all == 0) return CLM_OK;
  double sse = 0.0;
  size_t count = 0;
  int st = n ? clm__eval_sse(ctx->ws, ctx->net, ctx->wb, ctx->data, idx, n, &sse, &count) : CLM_OK;
  if (st != CLM_OK) return st;
  if (ctx->red) {
    double b[2] = {sse, (double)count};
    if ((st = ctx->red->sum(ctx->red, b, 2)) != CLM_OK) return st;
    sse = b[0];
    count = (size_t)b[1];
  }
  ctx->rec->n_forward++;
  if (count > 0) *perf = ctx->net->performfcn == CLM_SSE ? sse : sse / (double)count;
  return CLM_OK;
}

/* ------------------------------------------------------------------------ */
/* Progress lines (§5)                                                       */

/* MATLAB num2str for a real scalar: integers in full ("%.0f"), otherwise
 * "%.<d>g" with d = max(floor(log10|x|) + 5, 5), at most 16 (4 decimals
 * beyond the leading digits): 7115.2407, 0.096, 1e-07, 10000000000. */
void clm__num2str(char *buf, size_t len, double x) {
  if (isnan(x)) {
    snprintf(buf, len, "NaN");
  } else if (isinf(x)) {
    snprintf(buf, len, x > 0 ? "Inf" : "-Inf");
  } else if (x == 0.0) {
    snprintf(buf, len, "0");
  } else if (x == floor(x)) {
    snprintf(buf, len, "%.0f", x);
  } else {
    int d = (int)floor(log10(fabs(x))) + 5;
    if (d < 5) d = 5;
    if (d > 16) d = 16;
    snprintf(buf, len, "%.*g", d, x);
  }
}

/* Append ", Name v/limit" (or "Name v" when the limit is not finite). */
static void field(char *line, size_t len, const char *name, double v, double limit, int first) {
  char a[64], b[64];
  size_t used = strlen(line);
  if (used >= len) return;
  clm__num2str(a, sizeof a, v);
  if (isfinite(limit)) {
    clm__num2str(b, sizeof b, limit);
    snprintf(line + used, len - used, "%s%s %s/%s", first ? "" : ", ", name, a, b);
  } else {
    snprintf(line + used, len - used, "%s%s %s", first ? "" : ", ", name, a);
  }
}

static void emit(const clm_trainparam *p, const char *line) {
  if (p->writer && p->show_command_line && p->show > 0) p->writer(p->writer_user, line);
}

static void status_line(const clm_trainparam *p, const clm_trainer_type *t, size_t epoch,
                        double time, double shown_perf, double gradient, double mu,
                        size_t val_fail) {
  char line[512];
  line[0] = '\0';
  field(line, sizeof line, "Epoch", (double)epoch, (double)p->epochs, 1);
  field(line, sizeof line, "Time", time, p->time, 0);
  field(line, sizeof line, "Performance", shown_perf, p->goal, 0);
  field(line, sizeof line, "Gradient", gradient, p->min_grad, 0);
  if (t->uses_mu) field(line, sizeof line, "Mu", mu, p->mu_max, 0);
  field(line, sizeof line, "Validation Checks", (double)val_fail, (double)p->max_fail, 0);
  emit(p, line);
}

/* ------------------------------------------------------------------------ */

/* Resources of one clm_train call; released by release(). */
typedef struct train_res {
  clm_net *work;          /* configured copy when the caller's net was not configured */
  size_t *ind;            /* 3*Q: train, val, test */
  double *Xp;
  unsigned char *skip;
  clm_evalws *ws;
  double *wb, *best_wb, *tmp_wb;
  void *tstate;
  const clm_trainer_type *t;
  clm_escape *escape;
  clm_record rec;
} train_res;

static void release(train_res *r) {
  if (r->t && r->tstate) r->t->free(r->tstate);
  clm__escape_free(r->escape);
  clm__evalws_free(r->ws);
  free(r->wb);
  free(r->best_wb);
  free(r->tmp_wb);
  free(r->Xp);
  free(r->skip);
  free(r->ind);
  clm_net_free(r->work);
  clm_record_free(&r->rec);
}

/* Reject infinite values (NaN means "missing" and is allowed). */
static int check_finite_or_nan(const double *a, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (isinf(a[i])) return CLM_EINF;
  return CLM_OK;
}

static int append_chaos_event(clm_record *rec, size_t epoch, int kind, int accepted,
                              double before, double after, uint64_t evals) {
  if (rec->n_chaos_events == rec->chaos_events_capacity) {
    size_t cap = rec->chaos_events_capacity ? 2 * rec->chaos_events_capacity : 8;
    struct clm_chaos_event *ev = realloc(rec->chaos_events, cap * sizeof *ev);
    if (!ev) return CLM_ENOMEM;
    rec->chaos_events = ev;
    rec->chaos_events_capacity = cap;
  }
  struct clm_chaos_event *e = &rec->chaos_events[rec->n_chaos_events++];
  e->epoch = epoch;
  e->kind = kind;
  e->accepted = accepted;
  e->perf_before = before;
  e->perf_after = after;
  e->evals = evals;
  rec->n_chaos_evals += evals;
  return CLM_OK;
}

/* 1 when all n values are finite. */
static int all_finite(const double *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isfinite(v[i])) return 0;
  return 1;
}

/* Save the best network so far to p->checkpoint_path (rank 0 only under
 * MPI): a shallow copy of the configured network with the best weights
 * swapped in, written atomically by clm_net_save.  A failure is recorded,
 * not returned: losing a checkpoint must not lose the training. */
static void checkpoint(const clm_net *cnet, const double *best_wb, const clm_trainparam *p,
                       const clm__reducer *red, clm_record *rec) {
  if (red && red->rank != 0) return;
  clm_net snap = *cnet; /* only wb differs; nothing is freed */
  snap.wb = (double *)best_wb;
  int st = clm_net_save(&snap, p->checkpoint_path);
  if (st != CLM_OK) rec->checkpoint_status = st;
}

static int train_impl(clm_net *net, const clm_trainer_type *t, const double *X, size_t n_inputs,
                      const double *T, size_t n_outputs, size_t Q, const clm_trainparam *pin,
                      clm_record *record, train_res *r, const clm__reducer *red) {
  const double t0 = now_seconds();
  if (!net || !X || !T) return CLM_ENULL;
  if (!t) t = clm_trainer_from_name(net->train_fcn);
  if (!t) return CLM_ETRAINER;
  clm_trainparam p = pin ? *pin : clm_trainparam_default(t);
  int st = clm_trainparam_check(t, &p, NULL, 0);
  if (st != CLM_OK) return st;
  if (Q == 0) return CLM_ENOSAMPLES;

  /* sizes and configuration */
  const clm_net *cnet = net;
  if (net->configured) {
    if ((n_inputs && n_inputs != net->n_inputs) || (n_outputs && n_outputs != net->n_outputs))
      return CLM_ESIZE;
    n_inputs = net->n_inputs;
    n_outputs = net->n_outputs;
  } else if (n_inputs == 0 || n_outputs == 0) {
    return CLM_ENOTCONFIGURED;
  }
  if (Q > SIZE_MAX / 3 / sizeof(double) / (n_inputs + n_outputs)) return CLM_ESIZE;
  st = check_finite_or_nan(X, n_inputs * Q);
  if (st == CLM_OK) st = check_finite_or_nan(T, n_outputs * Q);
  if (st != CLM_OK) return st;
  if (red && !net->configured) return CLM_EINTERNAL; /* solvers/mpi.c configures */
  if (!net->configured) {
    st = clm_net_copy(net, &r->work);
    if (st != CLM_OK) return st;
    st = clm_configure(r->work, X, n_inputs, T, n_outputs, Q, p.seed);
    if (st != CLM_OK) return st;
    cnet = r->work;
  }
  if (cnet->performfcn != CLM_MSE && cnet->performfcn != CLM_SSE) return CLM_EINTERNAL;
  const size_t P = cnet->n_wb;
  if (P == 0) return CLM_ESIZE;

  /* division */
  r->ind = malloc(3 * Q * sizeof *r->ind);
  if (!r->ind) return CLM_ENOMEM;
  size_t *tr = r->ind, *va = r->ind + Q, *te = r->ind + 2 * Q;
  size_t ntr = 0, nva = 0, nte = 0;
  /* the whole sets (the record's); equal to this process's when serial */
  const size_t *tr_all = tr, *va_all = va, *te_all = te;
  size_t ntr_all, nva_all, nte_all;
  if (red) { /* the division is the caller's (global, see mpi_reducer.h) */
    ntr = red->local_n[0];
    nva = red->local_n[1];
    nte = red->local_n[2];
    if (ntr > Q || nva > Q || nte > Q) return CLM_EINTERNAL;
    memcpy(tr, red->local_ind[0], ntr * sizeof *tr);
    memcpy(va, red->local_ind[1], nva * sizeof *va);
    memcpy(te, red->local_ind[2], nte * sizeof *te);
    tr_all = red->global_ind[0];
    va_all = red->global_ind[1];
    te_all = red->global_ind[2];
    ntr_all = red->global_n[0];
    nva_all = red->global_n[1];
    nte_all = red->global_n[2];
  } else {
    st = clm_net_divide(cnet, Q, p.seed, tr, &ntr, va, &nva, te, &nte);
    if (st != CLM_OK) return st;
    ntr_all = ntr;
    nva_all = nva;
    nte_all = nte;
  }
  if (ntr_all == 0) return CLM_ENOSAMPLES;

  /* prepared data and workspace */
  const size_t S0 = cnet->size[0];
  r->Xp = malloc((S0 ? S0 : 1) * Q * sizeof *r->Xp);
  r->skip = malloc(Q);
  if (!r->Xp || !r->skip) return CLM_ENOMEM;
  st = clm__data_prepare(cnet, X, Q, r->Xp, r->skip);
  if (st != CLM_OK) return st;
  clm_data data = {Q, r->Xp, T, r->skip};
  size_t qmax = ntr;
  if (nva > qmax) qmax = nva;
  if (nte > qmax) qmax = nte;
  if (qmax == 0) qmax = 1; /* a process of a distributed run may hold no training sample */
  st = clm__evalws_alloc(&r->ws, cnet, qmax, p.threads);
  if (st != CLM_OK) return st;
  r->wb = malloc(P * sizeof *r->wb);
  r->best_wb = malloc(P * sizeof *r->best_wb);
  r->tmp_wb = malloc(P * sizeof *r->tmp_wb);
  if (!r->wb || !r->best_wb || !r->tmp_wb) return CLM_ENOMEM;
  memcpy(r->wb, cnet->wb, P * sizeof *r->wb);

  /* the record */
  clm_record *rec = &r->rec;
  clm_record_init(rec);
  snprintf(rec->train_fcn, sizeof rec->train_fcn, "%s", t->name);
  rec->goal = p.goal;
  size_t rows = p.epochs < CLM__RECORD_CHUNK ? p.epochs + 1 : CLM__RECORD_CHUNK;
  st = clm__record_reserve(rec, rows);
  if (st != CLM_OK) return st;
  rec->train_ind = malloc((ntr_all ? ntr_all : 1) * sizeof(size_t));
  rec->val_ind = malloc((nva_all ? nva_all : 1) * sizeof(size_t));
  rec->test_ind = malloc((nte_all ? nte_all : 1) * sizeof(size_t));
  if (!rec->train_ind || !rec->val_ind || !rec->test_ind) return CLM_ENOMEM;
  memcpy(rec->train_ind, tr_all, ntr_all * sizeof(size_t));
  memcpy(rec->val_ind, va_all, nva_all * sizeof(size_t));
  memcpy(rec->test_ind, te_all, nte_all * sizeof(size_t));
  rec->n_train = ntr_all;
  rec->n_val = nva_all;
  rec->n_test = nte_all;
  rec->backend_requested = p.backend;
  rec->backend_used = CLM_BACKEND_CPU;

  clm__train_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.net = cnet;
  ctx.ws = r->ws;
  ctx.data = &data;
  ctx.train = tr;
  ctx.n_train = ntr;
  ctx.p = &p;
  ctx.rec = rec;
  ctx.P = P;
  ctx.wb = r->wb;
  ctx.norm = 1.0;
  ctx.red = red;

  /* N, the number of non-NaN training targets, fixes the normalisation */
  {
    double sse = 0.0;
    size_t count = 0;
    st = clm__eval_sse(r->ws, cnet, r->wb, &data, tr, ntr, &sse, &count);
    if (st != CLM_OK) return st;
    if (red) {
      double b[2] = {sse, (double)count};
      if ((st = red->sum(red, b, 2)) != CLM_OK) return st;
      sse = b[0];
      count = (size_t)b[1];
    }
    rec->n_forward++;
    if (count == 0) return CLM_ENOSAMPLES;
    ctx.N = count;
    ctx.norm = cnet->performfcn == CLM_MSE ? 1.0 / (double)count : 1.0;
    ctx.perf = sse * ctx.norm;
  }

  if (t->uses_linsolver) {
    st = clm__linsolver_choose(p.backend, P, &ctx.ls, rec->backend_note, sizeof rec->backend_note);
    if (st != CLM_OK) return st;
    rec->backend_used = ctx.ls->kind;
  } else {
    snprintf(rec->backend_note, sizeof rec->backend_note, "%s uses no linear solver", t->name);
  }
  r->t = t;
  st = t->alloc(&r->tstate, &ctx);
  if (st != CLM_OK) {
    r->tstate = NULL;
    return st;
  }

  /* chaos hooks (off by default) */
  if (p.chaos.init) {
    double sse_c = NAN;
    uint64_t evals = 0;
    st = clm__chaos_init_search_red(cnet, &data, tr, ntr, &p.chaos, p.seed, p.threads, r->tmp_wb,
                                    &sse_c, &evals, red);
    if (st != CLM_OK) return st;
    st = append_chaos_event(rec, 0, 0, 1, ctx.perf, sse_c * ctx.norm, evals);
    if (st != CLM_OK) return st;
    memcpy(r->wb, r->tmp_wb, P * sizeof *r->wb);
  }
  if (p.chaos.escape && t->uses_mu) {
    if (red) return CLM_EPARAM; /* the escape is not distributed (doc/distributed.md) */
    st = clm__escape_alloc(&r->escape, cnet, &p.chaos, p.seed, p.threads, qmax, p.epochs);
    if (st != CLM_OK) return st;
  }

  /* epoch 0 */
  st = t->init(r->tstate, &ctx);
  if (st != CLM_OK) return st;
  double vperf, tperf;
  st = set_perf(&ctx, va, nva, nva_all, &vperf);
  if (st == CLM_OK) st = set_perf(&ctx, te, nte, nte_all, &tperf);
  if (st != CLM_OK) return st;
  memcpy(r->best_wb, r->wb, P * sizeof *r->wb);
  size_t best_epoch = 0, val_fail = 0;
  double best_perf = ctx.perf, best_vperf = vperf, best_tperf = tperf;
  double shown_perf = ctx.perf; /* lowest training perf so far (MATLAB's best.perf) */

  emit(&p, "");
  {
    char head[64];
    snprintf(head, sizeof head, "Training with %s.", t->display);
    emit(&p, head);
  }

  size_t epoch = 0;
  clm_stop stop = CLM_STOP_NONE;
  for (;; epoch++) {
    double elapsed = now_seconds() - t0;
    int user_stop = p.stop_flag && *p.stop_flag;
    if (red) { /* every process stops at the same epoch */
      double b[2] = {elapsed, user_stop ? 1.0 : 0.0};
      if ((st = red->max(red, b, 2)) != CLM_OK) return st;
      elapsed = b[0];
      user_stop = b[1] != 0.0;
    }
    const int pending = r->escape && clm__escape_pending(r->escape);
    if (user_stop)
      stop = CLM_STOP_USER;
    else if (ctx.perf <= p.goal)
      stop = CLM_STOP_GOAL;
    else if (epoch == p.epochs)
      stop = CLM_STOP_EPOCHS;
    else if (elapsed >= p.time)
      stop = CLM_STOP_TIME;
    else if (ctx.gradient <= p.min_grad && !pending)
      stop = CLM_STOP_MIN_GRAD;
    else if (t->uses_mu && ctx.mu >= p.mu_max && !pending)
      stop = CLM_STOP_MU_MAX;
    else if (val_fail >= p.max_fail)
      stop = CLM_STOP_VALIDATION;

    if (epoch >= rec->capacity) {
      st = clm__record_reserve(rec, 2 * rec->capacity);
      if (st != CLM_OK) return st;
    }
    rec->epoch[epoch] = epoch;
    rec->time[epoch] = elapsed;
    rec->perf[epoch] = ctx.perf;
    rec->vperf[epoch] = vperf;
    rec->tperf[epoch] = tperf;
    rec->mu[epoch] = t->uses_mu ? ctx.mu : NAN;
    rec->gradient[epoch] = ctx.gradient;
    rec->val_fail[epoch] = val_fail;
    rec->num_epochs = epoch;
    int cb_stop = p.callback && p.callback(p.callback_user, epoch, ctx.perf, vperf, tperf);
    if (red) {
      double b = cb_stop ? 1.0 : 0.0;
      if ((st = red->max(red, &b, 1)) != CLM_OK) return st;
      cb_stop = b != 0.0;
    }
    if (cb_stop && stop == CLM_STOP_NONE) stop = CLM_STOP_USER;
    if (p.show > 0 && (epoch % p.show == 0 || stop != CLM_STOP_NONE))
      status_line(&p, t, epoch, elapsed, shown_perf, ctx.gradient, ctx.mu, val_fail);
    /* the trainer cannot progress (trainer-neutral signal for the escape) */
    const int stalled = ctx.gradient <= p.min_grad || (t->uses_mu && ctx.mu >= p.mu_max);
    if (stop != CLM_STOP_NONE) {
      /* the final epoch also refines the open escape event (no jump) */
      if (r->escape && (st = clm__escape_after_epoch(r->escape, &data, tr, ntr, r->wb, ctx.perf, p.goal,
                                                      stalled, rec, epoch, NULL)) != CLM_OK)
        return st;
      break;
    }

    if (r->escape) {
      int jumped = 0;
      st = clm__escape_after_epoch(r->escape, &data, tr, ntr, r->wb, ctx.perf, p.goal, stalled, rec,
                                   epoch, &jumped);
      if (st != CLM_OK) return st;
      if (jumped) {
        st = t->init(r->tstate, &ctx); /* perf/JE/JJ at the new weights, mu = p.mu */
        if (st != CLM_OK) return st;
      }
    }

    int moved = 0;
    st = t->epoch(r->tstate, &ctx, &moved);
    if (st != CLM_OK) return st;
    if (moved) {
      st = set_perf(&ctx, va, nva, nva_all, &vperf);
      if (st == CLM_OK) st = set_perf(&ctx, te, nte, nte_all, &tperf);
      if (st != CLM_OK) return st;
    }

    /* best network and validation failures (trackBestNetwork) */
    int better = 0;
    if (nva_all > 0) {
      if (vperf < best_vperf) {
        better = 1;
        val_fail = 0;
      } else if (vperf > best_vperf) {
        val_fail++;
      }
    } else if (ctx.perf < best_perf) {
      better = 1;
    }
    /* A step that left a non-finite weight (divergent gradient descent,
     * overflowing data) never becomes the returned network. */
    if (better && !all_finite(r->wb, P)) better = 0;
    if (better) {
      memcpy(r->best_wb, r->wb, P * sizeof *r->wb);
      best_epoch = epoch + 1;
      best_perf = ctx.perf;
      best_vperf = vperf;
      best_tperf = tperf;
    }
    if (ctx.perf < shown_perf) shown_perf = ctx.perf;
    if (p.checkpoint_path && (epoch + 1) % p.checkpoint_every == 0)
      checkpoint(cnet, r->best_wb, &p, red, rec);
  }
  if (p.checkpoint_path) checkpoint(cnet, r->best_wb, &p, red, rec);

  {
    char tail[128];
    snprintf(tail, sizeof tail, "Training with %s completed: %s", t->display, clm_stop_text(stop));
    emit(&p, tail);
    emit(&p, "");
  }
  rec->stop = stop;
  rec->best_epoch = best_epoch;
  rec->best_perf = best_perf;
  rec->best_vperf = best_vperf;
  rec->best_tperf = best_tperf;

  /* success: hand the best weights (and a fresh configuration) over */
  if (r->work) {
    memcpy(r->work->wb, r->best_wb, P * sizeof *r->best_wb);
    clm_net tmp = *net;
    *net = *r->work;
    *r->work = tmp; /* released with the resources */
  } else {
    memcpy(net->wb, r->best_wb, P * sizeof *r->best_wb);
  }
  if (record) {
    clm_record_free(record);
    *record = *rec;
    clm_record_init(rec);
  }
  return CLM_OK;
}

int clm__train_driver(clm_net *net, const clm_trainer_type *t, const double *X,
                      size_t n_inputs, const double *T, size_t n_outputs, size_t Q,
                      const clm_trainparam *p, clm_record *record, const clm__reducer *red) {
  train_res r;
  memset(&r, 0, sizeof r);
  clm_record_init(&r.rec);
  int st = train_impl(net, t, X, n_inputs, T, n_outputs, Q, p, record, &r, red);
  release(&r);
  if (st != CLM_OK && record) clm_record_free(record);
  return st;
}

int clm_train_sized(clm_net *net, const clm_trainer_type *t, const double *X, size_t n_inputs,
                    const double *T, size_t n_outputs, size_t Q, const clm_trainparam *p,
                    clm_record *record) {
  return clm__train_driver(net, t, X, n_inputs, T, n_outputs, Q, p, record, NULL);
}

int clm_train(clm_net *net, const clm_trainer_type *t, const double *X, const double *T,
              size_t Q, const clm_trainparam *p, clm_record *record) {
  return clm_train_sized(net, t, X, 0, T, 0, Q, p, record);
}
