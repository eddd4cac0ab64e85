/* chaoslm — the race: several LM runs from chaos-screened starts advance
 * together and the worse ones are dropped (successive halving), the
 * "several parallel searches" of the chaos-then-LM method made real at the
 * level of whole training runs.  clm_train runs it when p->chaos.race = K.
 *
 * One round:
 *   1. a chaotic initial search with K searches (chaos/search.c; phase 0
 *      for the first round, 1000 + r for the r-th new one) over the
 *      training samples; the best point of each search is a start;
 *   2. K training sessions (solvers/session.c) open from these starts, with
 *      the caller's parameters less chaos, progress lines, callback and
 *      checkpoints, one thread each;
 *   3. lockstep: every epoch, each member still in the race makes one epoch
 *      (OpenMP over the members, p->threads threads, or one after the other
 *      when OpenBLAS itself runs several threads; a member's result does
 *      not depend on which thread runs it);
 *   4. after the epoch, in member order: a member that reached the goal ends
 *      the race (the lowest perf wins, ties to the lower member index); a
 *      member that stopped on its own (mu_max, min_grad, validation) leaves
 *      the race; at the milestones m, m / keep, m / keep^2, ... epochs
 *      (m = race_epochs) only the best ceil(keep x n) of the n members left
 *      go on, ranked by (training perf, member index);
 *   5. when one member is left and a new round is allowed, the stuck rule
 *      of chaos/stuck.c watches it from then on (one detector for the
 *      whole race, so the plateau patience it learns carries over to later
 *      rounds) and ends the round when it is stuck; a lone member of the
 *      last round runs to its own stop.  A new round starts while
 *      chaos.escape is set and fewer than max_reinits new rounds have run.
 * p->epochs bounds the total number of member epochs of all rounds (the
 * compute), p->time the wall time; the user stop flag stops the race.  All
 * decisions are taken serially on values that do not depend on the thread
 * count, so the result is bit-identical for any p->threads.
 *
 * The record is the best member's (by its best training perf over all
 * rounds): its per-epoch rows and stop reason (GOAL, or EPOCHS / TIME /
 * USER when the race stopped it), with the counters (forward passes,
 * Jacobians, factorisations, rejected trials, chaotic evaluations) summed
 * over every member, the search and the set-up, one chaos event (kind 0)
 * per round and n_reinits = rounds - 1.  The caller's callback is called
 * once per lockstep epoch with the best perf of the members in the race;
 * progress lines and checkpoints are not produced (a checkpoint path is
 * CLM_EPARAM).  Not distributed (clm_train_mpi: CLM_EPARAM).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "session.h"
#include "race.h"

#ifdef HAVE_OPENBLAS_GET_NUM_THREADS
int openblas_get_num_threads(void); /* read only: how many threads the BLAS uses */
#endif

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct member {
  clm__session s;
  int open;  /* the session is open */
  int alive; /* 1: still in the race */
} member;

typedef struct race {
  size_t K, P;
  clm__session probe;     /* prepared data, training set and configured network */
  int probe_open;
  member *m;
  clm_net *nets;          /* K shallow copies of the configured network */
  double *starts, *sse;   /* K x P starts, K search errors */
  int *sts;               /* K statuses of one lockstep epoch */
  double *best_w;         /* best weights over all rounds */
  clm_record best_rec;    /* the record of the best member so far */
  clm_record events;      /* one chaos event per round */
  clm__stuck solo;        /* the stuck rule of a lone survivor (patience kept across rounds) */
  double best_perf;
  uint64_t n_forward, n_jacobian, n_factor, n_rejected, n_chaos;
  /* the run */
  const clm_trainparam *p; /* the caller's parameters */
  clm_trainparam pm;       /* the members' parameters */
  int nt;                  /* threads over the members */
  double t0;               /* CLOCK_MONOTONIC seconds at the start */
  size_t used;             /* member epochs of all rounds */
  clm_stop final_stop;     /* why the race stopped (NONE: still running) */
  clm_stop last_stop;      /* the stop of the last member that left on its own */
} race;

/* The data of clm__race_train's caller, for opening sessions. */
typedef struct race_data {
  const clm_trainer_type *t;
  const double *X, *T;
  size_t n_inputs, n_outputs, Q;
} race_data;

static void add_counters(race *r, clm_record *rec) {
  r->n_forward += rec->n_forward;
  r->n_jacobian += rec->n_jacobian;
  r->n_factor += rec->n_factor;
  r->n_rejected += rec->n_rejected;
  r->n_chaos += rec->n_chaos_evals;
  rec->n_forward = rec->n_jacobian = rec->n_factor = rec->n_rejected = rec->n_chaos_evals = 0;
}

static void close_members(race *r) {
  for (size_t k = 0; k < r->K; k++) {
    member *mb = &r->m[k];
    if (mb->open) {
      add_counters(r, &mb->s.rec);
      clm__session_free(&mb->s);
    }
    mb->open = mb->alive = 0;
  }
}

static void race_free(race *r) {
  if (r->m) close_members(r);
  if (r->probe_open) clm__session_free(&r->probe);
  clm_record_free(&r->best_rec);
  clm_record_free(&r->events);
  clm__stuck_free(&r->solo);
  free(r->m);
  free(r->nets);
  free(r->starts);
  free(r->sse);
  free(r->sts);
  free(r->best_w);
}

/* Member k's result becomes the race's if force is set or its best perf
 * is below the best so far: its best weights go to best_w and its record
 * (moved out of the session by closing it) to best_rec. */
static int keep_if_best(race *r, size_t k, int force) {
  member *mb = &r->m[k];
  if (!force && !(mb->s.best_perf < r->best_perf)) return CLM_OK;
  add_counters(r, &mb->s.rec);
  clm_net shallow = r->nets[k];
  shallow.wb = r->best_w;
  const double perf = mb->s.best_perf;
  clm_record rec;
  clm_record_init(&rec);
  int st = clm__session_close(&mb->s, &shallow, &rec);
  if (st != CLM_OK) {
    clm_record_free(&rec);
    return st;
  }
  clm_record_free(&r->best_rec);
  r->best_rec = rec;
  r->best_perf = perf;
  return CLM_OK;
}

/* Rank of members: (training perf, index); NaN counts as +inf. */
static int before(const race *r, size_t a, size_t b) {
  double fa = r->m[a].s.ctx.perf, fb = r->m[b].s.ctx.perf;
  if (isnan(fa)) fa = INFINITY;
  if (isnan(fb)) fb = INFINITY;
  return fa < fb || (fa == fb && a < b);
}

/* The best member still in the race (SIZE_MAX: none). */
static size_t leader(const race *r) {
  size_t b = SIZE_MAX;
  for (size_t k = 0; k < r->K; k++)
    if (r->m[k].alive && (b == SIZE_MAX || before(r, k, b))) b = k;
  return b;
}

/* Open the K members of round `round` from a chaotic search's bests. */
static int open_round(race *r, size_t round, const race_data *d) {
  const size_t K = r->K, P = r->P;
  const clm_trainparam *p = r->p;
  uint64_t evals = 0;
  int st = clm__chaos_init_starts(r->probe.cnet, &r->probe.data, r->probe.set[0], r->probe.n[0],
                                  &p->chaos, p->seed, round ? 1000 + (uint64_t)round : 0, K,
                                  p->threads, r->starts, r->sse, &evals);
  if (st != CLM_OK) return st;
  r->n_chaos += evals;
  double best_sse = INFINITY;
  for (size_t k = 0; k < K; k++) best_sse = fmin(best_sse, r->sse[k]);
  st = clm__record_chaos_event(&r->events, 0, 0, 1, r->probe.ctx.perf, best_sse * r->probe.ctx.norm,
                               evals);
  r->events.n_chaos_evals = 0;
  for (size_t k = 0; k < K && st == CLM_OK; k++) {
    member *mb = &r->m[k];
    r->nets[k] = *r->probe.cnet;
    r->nets[k].wb = r->starts + k * P;
    mb->open = 1;
    mb->alive = 1;
    st = clm__session_open(&mb->s, &r->nets[k], d->t, d->X, d->n_inputs, d->T, d->n_outputs, d->Q,
                           &r->pm, NULL);
  }
  return st;
}

/* The probe session (prepared data, division, configured network), the
 * buffers and the thread count. */
static int race_setup(race *r, clm_net *net, const race_data *d, const clm_trainparam *p) {
  r->t0 = now_seconds();
  clm_record_init(&r->best_rec);
  clm_record_init(&r->events);
  r->best_perf = INFINITY;
  r->K = p->chaos.race;
  r->p = p;
  r->pm = *p; /* the members' parameters */
  r->pm.chaos.init = 0;
  r->pm.chaos.escape = 0;
  r->pm.chaos.race = 0;
  r->pm.show = 0;
  r->pm.writer = NULL;
  r->pm.callback = NULL;
  r->pm.checkpoint_path = NULL;
  r->pm.threads = 1;
  int st = clm__session_open(&r->probe, net, d->t, d->X, d->n_inputs, d->T, d->n_outputs, d->Q,
                             &r->pm, NULL);
  r->probe_open = 1;
  if (st != CLM_OK) return st;
  const size_t K = r->K, P = r->P = r->probe.ctx.P;
  r->m = calloc(K, sizeof *r->m);
  r->nets = calloc(K, sizeof *r->nets);
  r->starts = malloc(K * P * sizeof *r->starts);
  r->sse = malloc(K * sizeof *r->sse);
  r->sts = malloc(K * sizeof *r->sts);
  r->best_w = malloc(P * sizeof *r->best_w);
  if (!r->m || !r->nets || !r->starts || !r->sse || !r->sts || !r->best_w) return CLM_ENOMEM;
  st = clm__stuck_alloc(&r->solo, &p->chaos, p->epochs);
  if (st != CLM_OK) return st;
  add_counters(r, &r->probe.rec);
  memcpy(r->best_w, r->probe.wb, P * sizeof *r->best_w);
#ifdef _OPENMP
  r->nt = p->threads > 0 ? p->threads : omp_get_max_threads();
#else
  r->nt = 1;
#endif
#ifdef HAVE_OPENBLAS_GET_NUM_THREADS
  /* a multi-threaded BLAS inside parallel members oversubscribes the
   * cores: the members then take turns and the BLAS has the threads
   * (results are the same either way) */
  if (openblas_get_num_threads() > 1) r->nt = 1;
#endif
  return CLM_OK;
}

/* One epoch of every member still in the race (in parallel; a member's
 * result does not depend on the thread). */
static int lockstep_epoch(race *r) {
  int *sts = r->sts;
#pragma omp parallel for num_threads(r->nt) schedule(dynamic, 1)
  for (long kk = 0; kk < (long)r->K; kk++) {
    int done = 0;
    sts[kk] = r->m[kk].alive ? clm__session_epoch(&r->m[kk].s, &done) : CLM_OK;
  }
  int st = CLM_OK;
  for (size_t k = 0; k < r->K && st == CLM_OK; k++) st = sts[k];
  return st;
}

/* The member with the lowest perf among those that reached the goal
 * (SIZE_MAX: none). */
static size_t goal_winner(const race *r) {
  size_t win = SIZE_MAX;
  for (size_t k = 0; k < r->K; k++)
    if (r->m[k].alive && r->m[k].s.ctx.perf <= r->p->goal && (win == SIZE_MAX || before(r, k, win)))
      win = k;
  return win;
}

/* Members that stopped on their own leave; returns how many left. */
static size_t drop_stopped(race *r) {
  size_t left = 0;
  for (size_t k = 0; k < r->K; k++) {
    member *mb = &r->m[k];
    if (mb->alive && mb->s.stop != CLM_STOP_NONE) {
      r->last_stop = mb->s.stop;
      mb->alive = 0;
      left++;
    }
  }
  return left;
}

/* A lone survivor leaves when the stuck rule says so (from its second
 * epoch alone); returns 1 when it left. */
static int solo_leaves(race *r, size_t age, int *solo_on) {
  const clm_trainparam *p = r->p;
  member *mb = &r->m[leader(r)];
  if (!*solo_on) {
    clm__stuck_reset(&r->solo, age, mb->s.ctx.perf);
    *solo_on = 1;
    return 0;
  }
  const int stalled = mb->s.ctx.gradient <= p->min_grad ||
                      ((mb->s.t->flags & CLM_TRAINER_MU) && mb->s.ctx.mu >= p->mu_max);
  if (clm__stuck_test(&r->solo, age, mb->s.ctx.perf, p->goal, stalled) == CLM__STUCK_NO) return 0;
  mb->alive = 0;
  return 1;
}

/* A milestone: only the best ceil(keep n) of the n members go on; returns
 * how many left. */
static size_t milestone_cut(race *r, size_t n_alive) {
  size_t keep = (size_t)ceil(r->p->chaos.race_keep * (double)n_alive), left = 0;
  if (keep < 1) keep = 1;
  for (size_t k = 0; k < r->K; k++) {
    if (r->m[k].alive != 1) continue;
    size_t ahead = 0;
    for (size_t j = 0; j < r->K; j++)
      if (j != k && r->m[j].alive && before(r, j, k)) ahead++;
    if (ahead >= keep) r->m[k].alive = 2; /* leaves after the ranking */
  }
  for (size_t k = 0; k < r->K; k++)
    if (r->m[k].alive == 2) {
      r->m[k].alive = 0;
      left++;
    }
  return left;
}

/* The race's own stops before an epoch: compute, time, user. */
static clm_stop budget_stop(const race *r, size_t n_alive) {
  const clm_trainparam *p = r->p;
  if (r->used + n_alive > p->epochs) return CLM_STOP_EPOCHS;
  if (now_seconds() - r->t0 >= p->time) return CLM_STOP_TIME;
  if (p->stop_flag && *p->stop_flag) return CLM_STOP_USER;
  return CLM_STOP_NONE;
}

/* One round: its members race until the goal, the budget, the user or the
 * last member stops; its best member may become the race's. */
static int run_round(race *r, size_t round, const race_data *d) {
  const clm_trainparam *p = r->p;
  const size_t K = r->K;
  const int last_round = !p->chaos.escape || round >= p->chaos.max_reinits;
  int st = open_round(r, round, d);
  size_t age = 0, n_alive = K;
  int solo_on = 0; /* the stuck rule watches the lone survivor */
  double milestone = (double)p->chaos.race_epochs;
  while (st == CLM_OK && n_alive > 0) {
    if ((r->final_stop = budget_stop(r, n_alive)) != CLM_STOP_NONE) break;
    if ((st = lockstep_epoch(r)) != CLM_OK) break;
    r->used += n_alive;
    age++;
    size_t win = goal_winner(r);
    if (win != SIZE_MAX) {
      int done = 0;
      st = clm__session_epoch(&r->m[win].s, &done); /* the goal row; the session stops */
      if (st == CLM_OK) st = keep_if_best(r, win, 1);
      r->final_stop = CLM_STOP_GOAL;
      break;
    }
    n_alive -= drop_stopped(r);
    if (n_alive == 1 && !last_round) n_alive -= (size_t)solo_leaves(r, age, &solo_on);
    if ((double)age >= milestone && n_alive > 1) {
      n_alive -= milestone_cut(r, n_alive);
      milestone /= p->chaos.race_keep;
    }
    size_t b = leader(r);
    if (p->callback && b != SIZE_MAX &&
        p->callback(p->callback_user, r->used, r->m[b].s.ctx.perf, r->m[b].s.vperf, r->m[b].s.tperf))
      r->final_stop = CLM_STOP_USER;
    if (r->final_stop != CLM_STOP_NONE) break;
  }
  if (st == CLM_OK && r->final_stop != CLM_STOP_GOAL) { /* the round's best member */
    size_t b = SIZE_MAX;
    for (size_t k = 0; k < K; k++)
      if (r->m[k].open && (b == SIZE_MAX || r->m[k].s.best_perf < r->m[b].s.best_perf)) b = k;
    if (b != SIZE_MAX) st = keep_if_best(r, b, 0);
  }
  close_members(r);
  if (st == CLM_OK && r->final_stop == CLM_STOP_NONE && last_round)
    r->final_stop = r->last_stop != CLM_STOP_NONE ? r->last_stop : CLM_STOP_MIN_GRAD;
  return st;
}

/* The record: the best member's rows, the race's stop, counters and events. */
static int race_record(race *r) {
  clm_record *rec = &r->best_rec;
  int st = CLM_OK;
  rec->stop = r->final_stop;
  rec->n_forward = r->n_forward;
  rec->n_jacobian = r->n_jacobian;
  rec->n_factor = r->n_factor;
  rec->n_rejected = r->n_rejected;
  rec->n_chaos_events = 0;
  for (size_t e = 0; e < r->events.n_chaos_events && st == CLM_OK; e++) {
    const struct clm_chaos_event *ev = &r->events.chaos_events[e];
    st = clm__record_chaos_event(rec, ev->epoch, ev->kind, ev->accepted, ev->perf_before,
                                 ev->perf_after, ev->evals);
  }
  rec->n_chaos_evals = r->n_chaos;
  rec->n_reinits = r->events.n_chaos_events ? r->events.n_chaos_events - 1 : 0;
  rec->n_escapes = rec->n_escapes_accepted = 0;
  return st;
}

int clm__race_train(clm_net *net, const clm_trainer_type *t, const double *X, size_t n_inputs,
                    const double *T, size_t n_outputs, size_t Q, const clm_trainparam *p,
                    clm_record *record) {
  if (!net || !X || !T || !p) return CLM_ENULL;
  if (p->checkpoint_path || p->chaos.race < 1) return CLM_EPARAM;
  const race_data d = {t, X, T, n_inputs, n_outputs, Q};
  race r;
  memset(&r, 0, sizeof r);
  int st = race_setup(&r, net, &d, p);
  for (size_t round = 0; st == CLM_OK && r.final_stop == CLM_STOP_NONE; round++)
    st = run_round(&r, round, &d);
  if (st == CLM_OK) st = race_record(&r);
  if (st == CLM_OK) {
    /* hand the best weights (and a configured copy) over as a session does */
    memcpy(r.probe.best_wb, r.best_w, r.P * sizeof *r.best_w);
    clm_record dummy;
    clm_record_init(&dummy);
    st = clm__session_close(&r.probe, net, &dummy);
    clm_record_free(&dummy);
  }
  if (st == CLM_OK && record) {
    clm_record_free(record);
    *record = r.best_rec;
    clm_record_init(&r.best_rec);
  }
  race_free(&r);
  if (st != CLM_OK && record) clm_record_free(record);
  return st;
}
