/* chaoslm — one training run as a session that can be stepped epoch by
 * epoch (internal to solvers/).
 *
 * clm_train is open + run + close; a caller that advances several runs
 * together (a race of starts) opens several sessions and calls
 * clm__session_epoch on each in turn.  A session owns every resource of its
 * run (configured copy of the network, division, prepared data, evaluation
 * workspace, trainer state, record); nothing is allocated after open
 * except record rows beyond the first chunk.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_SESSION_H
#define CLM_SESSION_H

#include "trainer.h"
#include "chaos_internal.h"

typedef struct clm__session {
  /* resources, released by clm__session_free */
  clm_net *work;          /* configured copy when the caller's net was not configured */
  size_t *ind;            /* 3*Q: the local train, val and test indices */
  double *Xp;             /* prepared inputs */
  unsigned char *skip;
  clm_evalws *ws;
  double *wb, *best_wb, *tmp_wb;
  clm__trainer_state *tstate;
  clm_escape *escape;
  clm_record rec;
  /* the run */
  const clm_trainer_type *t;
  clm_trainparam p;       /* checked parameters (a copy) */
  const clm_net *cnet;    /* the configured network: the caller's or work */
  clm_data data;
  clm__reducer serial;    /* the reducer of a serial run */
  const clm__reducer *red;/* &serial, or the caller's */
  const size_t *set[3];   /* this process's train/val/test indices */
  size_t n[3];            /* their sizes */
  size_t n_all[3];        /* the sizes of the whole sets (= n when serial) */
  size_t qmax;            /* largest set of this process (>= 1) */
  clm__train_ctx ctx;
  /* the loop */
  double t0;              /* CLOCK_MONOTONIC seconds at open */
  size_t epoch;
  clm_stop stop;
  double vperf, tperf;
  size_t best_epoch, val_fail;
  double best_perf, best_vperf, best_tperf;
  double shown_perf;      /* lowest training perf so far (MATLAB's best.perf) */
} clm__session;

/* Open a run of trainer t (NULL: the network's trainFcn) on (X, T) with
 * parameters p (NULL: the trainer's defaults), as clm_train_sized; red NULL
 * for a serial run, else the distributed setting of reducer.h.  Everything
 * up to and including epoch 0's evaluation and the header line happens
 * here.  On error the session is left for clm__session_free.  Statuses as
 * clm_train_sized. */
int clm__session_open(clm__session *s, const clm_net *net, const clm_trainer_type *t,
                      const double *X, size_t n_inputs, const double *T, size_t n_outputs,
                      size_t Q, const clm_trainparam *p, const clm__reducer *red);

/* One pass of MATLAB's loop at the current epoch: the stop checks, the
 * record row, the callback and progress line, then (unless stopped) one
 * trainer epoch and the best-network tracking.  *done (out) is 1 when the
 * run stopped (s->stop says why); further calls then do nothing. */
int clm__session_epoch(clm__session *s, int *done);

/* End a stopped run: last checkpoint and line, the record's summary; hand
 * the best weights to net (and a fresh configuration when the session
 * configured a copy) and the record to *record (may be NULL). */
int clm__session_close(clm__session *s, clm_net *net, clm_record *record);

/* Release everything the session holds (any state, also after an error). */
void clm__session_free(clm__session *s);

#endif /* CLM_SESSION_H */
