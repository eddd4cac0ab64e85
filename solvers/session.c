/* chaoslm — MATLAB's training loop around any trainer, as a session.
 *
 * The loop (doc/matlab.md §2, §7):
 *
 *   configure the network if needed; divide the samples; evaluate epoch 0
 *   best := (w, perf, vperf, tperf, epoch 0); val_fail := 0
 *   for epoch = 0, 1, ...:
 *     stop checks, first match wins: user stop, perf <= goal,
 *       epoch == epochs, time >= limit, gradient <= min_grad,
 *       mu >= mu_max (trainers with mu), val_fail >= max_fail
 *     record row [epoch time perf vperf tperf mu gradient val_fail states];
 *       callback (non-zero: user stop); progress line when due
 *     if stopped: return the best network
 *     one trainer epoch (update, re-evaluation at the new weights)
 *     track the best network: with a validation set, vperf < best_vperf
 *       makes a new best and resets val_fail, vperf > best_vperf counts a
 *       validation failure, equality changes nothing; without one,
 *       perf < best_perf makes a new best (for a trainer that returns its
 *       last network, trainbr, every epoch does).
 *
 * The progress line shows the lowest training performance so far (MATLAB's
 * best.perf; the current one for trainbr, as MATLAB's trainbr), the record
 * the current one; record.best_perf/vperf/tperf are
 * the values at best_epoch.  Time is wall-clock seconds since the session
 * opened (CLOCK_MONOTONIC), sampled at the top of each epoch.
 *
 * Every sum over samples and every per-process decision goes through the
 * reducer (lib/reducer.h): for a serial run it changes nothing, under MPI
 * it makes every process take the same decisions.
 *
 * Chaos hooks (doc/chaos.md): p->chaos.init replaces the
 * starting weights by a chaotic search over the training samples;
 * p->chaos.escape lets chaos/escape.c move the weights between epochs of a
 * trainer with a stall signal and defers the "stuck" stops (min_grad,
 * mu_max) while escapes remain.  Both are off by default, and then the
 * loop is MATLAB's exactly.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "session.h"

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void clm__session_free(clm__session *s) {
  if (s->t && s->tstate) s->t->free(s->tstate);
  clm__escape_free(s->escape);
  clm__evalws_free(s->ws);
  free(s->wb);
  free(s->best_wb);
  free(s->tmp_wb);
  free(s->Xp);
  free(s->skip);
  free(s->ind);
  clm_net_free(s->work);
  clm_record_free(&s->rec);
  memset(s, 0, sizeof *s);
}

/* ------------------------------------------------------------------------ */
/* Opening                                                                   */

/* The trainer, the checked parameters, the sizes and the configured network
 * (a configured copy when the caller's is not configured). */
static int setup_network(clm__session *s, const clm_net *net, const clm_trainer_type *t,
                         const double *X, size_t n_inputs, const double *T, size_t n_outputs,
                         size_t Q, const clm_trainparam *pin) {
  if (!net || !X || !T) return CLM_ENULL;
  if (!t) t = clm_trainer_from_name(net->train_fcn);
  if (!t) return CLM_ETRAINER;
  s->t = t;
  s->p = pin ? *pin : clm_trainparam_default(t);
  int st = clm_trainparam_check(t, &s->p, NULL, 0);
  if (st != CLM_OK) return st;
  if (Q == 0) return CLM_ENOSAMPLES;
  if (net->configured) {
    if ((n_inputs && n_inputs != net->n_inputs) || (n_outputs && n_outputs != net->n_outputs))
      return CLM_ESIZE;
    n_inputs = net->n_inputs;
    n_outputs = net->n_outputs;
  } else if (n_inputs == 0 || n_outputs == 0) {
    return CLM_ENOTCONFIGURED;
  }
  if (Q > SIZE_MAX / 3 / sizeof(double) / (n_inputs + n_outputs)) return CLM_ESIZE;
  st = clm__check_no_inf(X, n_inputs * Q);
  if (st == CLM_OK) st = clm__check_no_inf(T, n_outputs * Q);
  if (st != CLM_OK) return st;
  s->cnet = net;
  if (!net->configured) {
    if (s->red != &s->serial) return CLM_EINTERNAL; /* solvers/mpi.c configures */
    st = clm_net_copy(net, &s->work);
    if (st == CLM_OK) st = clm_configure(s->work, X, n_inputs, T, n_outputs, Q, s->p.seed);
    if (st != CLM_OK) return st;
    s->cnet = s->work;
  }
  st = clm__perform_check(s->cnet, t->flags, t->name, NULL, 0);
  if (st != CLM_OK) return st;
  if (s->cnet->n_wb == 0) return CLM_ESIZE;
  return CLM_OK;
}

/* The division: the network's own (serial) or the reducer's (global, see
 * reducer.h). */
static int setup_division(clm__session *s, size_t Q) {
  s->ind = malloc(3 * Q * sizeof *s->ind);
  if (!s->ind) return CLM_ENOMEM;
  size_t *local[3] = {s->ind, s->ind + Q, s->ind + 2 * Q};
  clm__reducer *own = &s->serial;
  if (s->red == own) {
    int st = clm_net_divide(s->cnet, Q, s->p.seed, local[0], &s->n[0], local[1], &s->n[1],
                            local[2], &s->n[2]);
    if (st != CLM_OK) return st;
    for (int k = 0; k < 3; k++) {
      own->local_ind[k] = own->global_ind[k] = local[k];
      own->local_n[k] = own->global_n[k] = s->n[k];
    }
  } else {
    for (int k = 0; k < 3; k++) {
      s->n[k] = s->red->local_n[k];
      if (s->n[k] > Q) return CLM_EINTERNAL;
      memcpy(local[k], s->red->local_ind[k], s->n[k] * sizeof *local[k]);
    }
  }
  for (int k = 0; k < 3; k++) {
    s->set[k] = local[k];
    s->n_all[k] = s->red->global_n[k];
  }
  if (s->n_all[0] == 0) return CLM_ENOSAMPLES;
  return CLM_OK;
}

/* Prepared inputs, the evaluation workspace and the weight vectors. */
static int setup_data(clm__session *s, const double *X, const double *T, size_t Q) {
  const clm_net *cnet = s->cnet;
  const size_t S0 = cnet->size[0], P = cnet->n_wb;
  s->Xp = malloc((S0 ? S0 : 1) * Q * sizeof *s->Xp);
  s->skip = malloc(Q);
  if (!s->Xp || !s->skip) return CLM_ENOMEM;
  int st = clm__data_prepare(cnet, X, Q, s->Xp, s->skip);
  if (st != CLM_OK) return st;
  s->data = (clm_data){Q, s->Xp, T, s->skip};
  s->qmax = s->n[0];
  if (s->n[1] > s->qmax) s->qmax = s->n[1];
  if (s->n[2] > s->qmax) s->qmax = s->n[2];
  if (s->qmax == 0) s->qmax = 1; /* a process of a distributed run may hold no training sample */
  st = clm__evalws_alloc(&s->ws, cnet, s->qmax, s->p.threads);
  if (st != CLM_OK) return st;
  s->wb = malloc(P * sizeof *s->wb);
  s->best_wb = malloc(P * sizeof *s->best_wb);
  s->tmp_wb = malloc(P * sizeof *s->tmp_wb);
  if (!s->wb || !s->best_wb || !s->tmp_wb) return CLM_ENOMEM;
  memcpy(s->wb, cnet->wb, P * sizeof *s->wb);
  return CLM_OK;
}

/* The record's fixed parts: names, first rows, the whole division. */
static int setup_record(clm__session *s) {
  clm_record *rec = &s->rec;
  clm_record_init(rec);
  snprintf(rec->train_fcn, sizeof rec->train_fcn, "%s", s->t->name);
  rec->goal = s->p.goal;
  rec->n_states = s->t->n_states < CLM_MAX_STATES ? s->t->n_states : CLM_MAX_STATES;
  for (size_t k = 0; k < rec->n_states; k++) rec->state_name[k] = s->t->states[k];
  size_t rows = s->p.epochs < CLM__RECORD_CHUNK ? s->p.epochs + 1 : CLM__RECORD_CHUNK;
  int st = clm__record_reserve(rec, rows);
  if (st != CLM_OK) return st;
  size_t **dst[3] = {&rec->train_ind, &rec->val_ind, &rec->test_ind};
  for (int k = 0; k < 3; k++) {
    *dst[k] = malloc((s->n_all[k] ? s->n_all[k] : 1) * sizeof(size_t));
    if (!*dst[k]) return CLM_ENOMEM;
    memcpy(*dst[k], s->red->global_ind[k], s->n_all[k] * sizeof(size_t));
  }
  rec->n_train = s->n_all[0];
  rec->n_val = s->n_all[1];
  rec->n_test = s->n_all[2];
  rec->backend_requested = s->p.backend;
  rec->backend_used = CLM_BACKEND_CPU;
  return CLM_OK;
}

/* The context the trainer sees, the normalisation, the linear solver and
 * the trainer's state. */
static int setup_trainer(clm__session *s) {
  clm__train_ctx *ctx = &s->ctx;
  memset(ctx, 0, sizeof *ctx);
  ctx->net = s->cnet;
  ctx->ws = s->ws;
  ctx->data = &s->data;
  ctx->train = s->set[0];
  ctx->n_train = s->n[0];
  ctx->p = &s->p;
  ctx->rec = &s->rec;
  ctx->P = s->cnet->n_wb;
  ctx->wb = s->wb;
  ctx->red = s->red;
  int st = clm__train_normalise(ctx);
  if (st != CLM_OK) return st;
  if (s->t->flags & CLM_TRAINER_LINSOLVER) {
    st = clm__linsolver_choose(s->p.backend, ctx->P, s->n[0] * s->cnet->size[s->cnet->n_layers],
                               &ctx->ls, s->rec.backend_note, sizeof s->rec.backend_note);
    if (st != CLM_OK) return st;
    s->rec.backend_used = ctx->ls->kind;
  } else {
    snprintf(s->rec.backend_note, sizeof s->rec.backend_note, "%s uses no linear solver",
             s->t->name);
  }
  st = s->t->alloc(&s->tstate, ctx);
  if (st != CLM_OK) s->tstate = NULL;
  return st;
}

/* Chaotic initialisation and the escape's workspace (both off by default). */
static int setup_chaos(clm__session *s) {
  const clm_trainparam *p = &s->p;
  const clm__reducer *red = s->red == &s->serial ? NULL : s->red;
  if (p->chaos.init) {
    double sum_c = NAN;
    uint64_t evals = 0;
    int st = clm__chaos_init_search_red(s->cnet, &s->data, s->set[0], s->n[0], &p->chaos, p->seed,
                                        p->threads, s->tmp_wb, &sum_c, &evals, red);
    if (st == CLM_OK)
      st = clm__record_chaos_event(&s->rec, 0, 0, 1, s->ctx.perf,
                                   clm__train_perf_of_sum(&s->ctx, sum_c, s->tmp_wb), evals);
    if (st != CLM_OK) return st;
    memcpy(s->wb, s->tmp_wb, s->ctx.P * sizeof *s->wb);
  }
  if (p->chaos.escape && (s->t->flags & CLM_TRAINER_ESCAPE)) {
    if (red) return CLM_EPARAM; /* the escape is not distributed (doc/distributed.md) */
    return clm__escape_alloc(&s->escape, s->cnet, &p->chaos, p->seed, p->threads, s->qmax,
                             p->epochs);
  }
  return CLM_OK;
}

/* Epoch 0: the trainer's evaluation, the validation and test performance,
 * the first best network and the header line. */
static int start(clm__session *s) {
  int st = s->t->init(s->tstate, &s->ctx);
  if (st == CLM_OK) st = clm__set_perf(&s->ctx, s->set[1], s->n[1], s->n_all[1], &s->vperf);
  if (st == CLM_OK) st = clm__set_perf(&s->ctx, s->set[2], s->n[2], s->n_all[2], &s->tperf);
  if (st != CLM_OK) return st;
  memcpy(s->best_wb, s->wb, s->ctx.P * sizeof *s->wb);
  s->best_epoch = s->val_fail = 0;
  s->best_perf = s->shown_perf = s->ctx.perf;
  s->best_vperf = s->vperf;
  s->best_tperf = s->tperf;
  clm__progress_header(&s->p, s->t);
  return CLM_OK;
}

int clm__session_open(clm__session *s, const clm_net *net, const clm_trainer_type *t,
                      const double *X, size_t n_inputs, const double *T, size_t n_outputs,
                      size_t Q, const clm_trainparam *p, const clm__reducer *red) {
  memset(s, 0, sizeof *s);
  clm_record_init(&s->rec);
  s->t0 = now_seconds();
  clm__reducer_serial(&s->serial);
  s->red = red ? red : &s->serial;
  int st = setup_network(s, net, t, X, n_inputs, T, n_outputs, Q, p);
  if (st == CLM_OK) st = setup_division(s, Q);
  if (st == CLM_OK) st = setup_data(s, X, T, Q);
  if (st == CLM_OK) st = setup_record(s);
  if (st == CLM_OK) st = setup_trainer(s);
  if (st == CLM_OK) st = setup_chaos(s);
  if (st == CLM_OK) st = start(s);
  return st;
}

/* ------------------------------------------------------------------------ */
/* The loop                                                                  */

/* MATLAB's stop checks in MATLAB's order (elapsed and user_stop are agreed
 * by every process). */
static clm_stop stop_reason(const clm__session *s, double elapsed, int user_stop) {
  const clm_trainparam *p = &s->p;
  const clm__train_ctx *ctx = &s->ctx;
  const int pending = s->escape && clm__escape_pending(s->escape);
  if (user_stop) return CLM_STOP_USER;
  if (ctx->perf <= p->goal) return CLM_STOP_GOAL;
  if (s->epoch == p->epochs) return CLM_STOP_EPOCHS;
  if (elapsed >= p->time) return CLM_STOP_TIME;
  if (ctx->gradient <= p->min_grad && !pending) return CLM_STOP_MIN_GRAD;
  if ((s->t->flags & CLM_TRAINER_MU) && ctx->mu >= p->mu_max && !pending) return CLM_STOP_MU_MAX;
  if (s->val_fail >= p->max_fail) return CLM_STOP_VALIDATION;
  return CLM_STOP_NONE;
}

/* The record row of this epoch. */
static int record_row(clm__session *s, double elapsed) {
  clm_record *rec = &s->rec;
  const size_t e = s->epoch;
  if (e >= rec->capacity) {
    int st = clm__record_reserve(rec, 2 * rec->capacity);
    if (st != CLM_OK) return st;
  }
  rec->epoch[e] = e;
  rec->time[e] = elapsed;
  rec->perf[e] = s->ctx.perf;
  rec->vperf[e] = s->vperf;
  rec->tperf[e] = s->tperf;
  rec->mu[e] = (s->t->flags & CLM_TRAINER_MU) ? s->ctx.mu : NAN;
  rec->gradient[e] = s->ctx.gradient;
  rec->val_fail[e] = s->val_fail;
  for (size_t k = 0; k < rec->n_states; k++) rec->state[k][e] = s->ctx.state[k];
  rec->num_epochs = e;
  return CLM_OK;
}

/* The top of an epoch: stop checks, record row, callback, progress line. */
static int check_and_record(clm__session *s) {
  const clm_trainparam *p = &s->p;
  double b[2] = {now_seconds() - s->t0, p->stop_flag && *p->stop_flag ? 1.0 : 0.0};
  int st = s->red->max(s->red, b, 2); /* every process stops at the same epoch */
  if (st != CLM_OK) return st;
  const double elapsed = b[0];
  s->stop = stop_reason(s, elapsed, b[1] != 0.0);
  if ((st = record_row(s, elapsed)) != CLM_OK) return st;
  double cb = p->callback && p->callback(p->callback_user, s->epoch, s->ctx.perf, s->vperf,
                                         s->tperf) ? 1.0 : 0.0;
  if ((st = s->red->max(s->red, &cb, 1)) != CLM_OK) return st;
  if (cb != 0.0 && s->stop == CLM_STOP_NONE) s->stop = CLM_STOP_USER;
  if (p->show > 0 && (s->epoch % p->show == 0 || s->stop != CLM_STOP_NONE))
    clm__progress_line(p, s->t, s->epoch, elapsed, s->shown_perf, s->ctx.gradient, s->ctx.mu,
                       s->val_fail);
  return CLM_OK;
}

/* After the update: MATLAB's trackBestNetwork and the checkpoint. */
static void track_best(clm__session *s) {
  const clm__train_ctx *ctx = &s->ctx;
  int better = 0;
  if (s->n_all[1] > 0) {
    if (s->vperf < s->best_vperf) {
      better = 1;
      s->val_fail = 0;
    } else if (s->vperf > s->best_vperf) {
      s->val_fail++;
    }
  } else if (ctx->perf < s->best_perf || s->t->returns_last) {
    better = 1;
  }
  /* A step that left a non-finite weight (divergent gradient descent,
   * overflowing data) never becomes the returned network. */
  for (size_t i = 0; better && i < ctx->P; i++)
    if (!isfinite(s->wb[i])) better = 0;
  if (better) {
    memcpy(s->best_wb, s->wb, ctx->P * sizeof *s->wb);
    s->best_epoch = s->epoch + 1;
    s->best_perf = ctx->perf;
    s->best_vperf = s->vperf;
    s->best_tperf = s->tperf;
  }
  if (ctx->perf < s->shown_perf || s->t->returns_last) s->shown_perf = ctx->perf;
  if (s->p.checkpoint_path && (s->epoch + 1) % s->p.checkpoint_every == 0)
    clm__checkpoint(s->cnet, s->best_wb, &s->p, s->red, &s->rec);
}

/* The chaotic escape's look at the point before the update (jumped NULL:
 * the run has stopped, only the open event is refined). */
static int escape_hook(clm__session *s, int *jumped) {
  clm__train_ctx *ctx = &s->ctx;
  /* the trainer cannot progress: the trainer-neutral signal of the escape */
  const int stalled = ctx->gradient <= s->p.min_grad ||
                      ((s->t->flags & CLM_TRAINER_MU) && ctx->mu >= s->p.mu_max);
  int st = clm__escape_after_epoch(s->escape, &s->data, s->set[0], s->n[0], s->wb, ctx->perf,
                                   s->p.goal, stalled, &s->rec, s->epoch, jumped);
  if (st == CLM_OK && jumped && *jumped)
    st = s->t->init(s->tstate, ctx); /* perf and derivatives at the new weights */
  return st;
}

int clm__session_epoch(clm__session *s, int *done) {
  *done = s->stop != CLM_STOP_NONE;
  if (*done) return CLM_OK;
  int st = check_and_record(s);
  if (st != CLM_OK) return st;
  if (s->stop != CLM_STOP_NONE) {
    *done = 1;
    return s->escape ? escape_hook(s, NULL) : CLM_OK;
  }
  if (s->escape) {
    int jumped = 0;
    if ((st = escape_hook(s, &jumped)) != CLM_OK) return st;
  }
  int moved = 0;
  if ((st = s->t->epoch(s->tstate, &s->ctx, &moved)) != CLM_OK) return st;
  if (moved) {
    st = clm__set_perf(&s->ctx, s->set[1], s->n[1], s->n_all[1], &s->vperf);
    if (st == CLM_OK) st = clm__set_perf(&s->ctx, s->set[2], s->n[2], s->n_all[2], &s->tperf);
    if (st != CLM_OK) return st;
  }
  track_best(s);
  s->epoch++;
  return CLM_OK;
}

/* ------------------------------------------------------------------------ */
/* Closing                                                                   */

int clm__session_close(clm__session *s, clm_net *net, clm_record *record) {
  const size_t P = s->ctx.P;
  if (s->p.checkpoint_path) clm__checkpoint(s->cnet, s->best_wb, &s->p, s->red, &s->rec);
  clm__progress_footer(&s->p, s->t, s->stop);
  clm_record *rec = &s->rec;
  rec->stop = s->stop;
  rec->best_epoch = s->best_epoch;
  rec->best_perf = s->best_perf;
  rec->best_vperf = s->best_vperf;
  rec->best_tperf = s->best_tperf;
  /* success: hand the best weights (and a fresh configuration) over */
  if (s->work) {
    memcpy(s->work->wb, s->best_wb, P * sizeof *s->best_wb);
    clm_net tmp = *net;
    *net = *s->work;
    *s->work = tmp; /* released with the session */
  } else {
    memcpy(net->wb, s->best_wb, P * sizeof *s->best_wb);
  }
  if (record) {
    clm_record_free(record);
    *record = *rec;
    clm_record_init(rec);
  }
  return CLM_OK;
}
