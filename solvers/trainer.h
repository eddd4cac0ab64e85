/* chaoslm — the trainer method table (internal to solvers/).
 *
 * A trainer is a const clm_trainer_type in its own file
 * (solvers/train<name>.c) plus one line in solvers/registry.c; its public
 * pointer (clm_trainlm ...) is declared in include/chaoslm/train.h.  The
 * driver (a session, solvers/session.c) owns everything MATLAB's training
 * loop shares between trainers: configuration, data division and
 * preparation, the stop checks at the top of each epoch, validation
 * tracking, the record and the progress lines.  A trainer only knows how to
 * evaluate its state at the current weights (init) and how to make one
 * update (epoch), with the evaluations of solvers/objective.c.
 *
 * Life cycle, driven by the session:
 *   alloc  once, before anything is evaluated: every buffer the trainer
 *          needs (epochs never allocate);
 *   init   evaluate at ctx->wb: set ctx->perf, ctx->gradient, ctx->state[]
 *          (and the trainer's own derivative state); reset mu to p->mu.
 *          Called for epoch 0 and again after a chaotic escape moved the
 *          weights;
 *   epoch  one update from ctx->wb: on return ctx->wb, ctx->perf,
 *          ctx->gradient, ctx->mu and ctx->state[] describe the new point
 *          (unchanged when no step was taken) and *moved says whether wb
 *          changed;
 *   free   accepts NULL.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_TRAINER_H
#define CLM_TRAINER_H

#include <stddef.h>
#include "net_internal.h"
#include "linsolver.h"
#include "reducer.h"

/* What the driver shares with a trainer during one clm_train() call. */
typedef struct clm__train_ctx {
  const clm_net *net;          /* configured network (its own wb is not the iterate) */
  clm_evalws *ws;              /* evaluation workspace, Q_max >= n_train */
  const clm_data *data;        /* prepared inputs and raw targets */
  const size_t *train;         /* training sample indices (0-based) */
  size_t n_train;
  const clm_trainparam *p;     /* checked parameters */
  clm_record *rec;             /* counters (n_forward, n_jacobian, ...) */
  const clm_linsolver_type *ls;/* linear solver chosen for trainlm (NULL otherwise) */
  size_t P;                    /* number of weights */
  double norm;                 /* 1 for sse, else 1/N (N = non-NaN training targets) */
  size_t N;                    /* non-NaN training target elements */
  /* the iterate, owned by the driver */
  double *wb;                  /* P weights, getwb order */
  double perf;                 /* training performance at wb */
  double gradient;             /* reported gradient norm at wb */
  double mu;                   /* trainlm's mu; NaN for trainers without mu */
  double state[CLM_MAX_STATES];/* the trainer's extra record states at wb */
  /* sums over the processes (never NULL; the serial reducer for clm_train).
   * train/n_train are this process's share; N, perf and gradient are
   * global (see reducer.h). */
  const clm__reducer *red;
} clm__train_ctx;

/* A trainer's state: each trainer file completes this struct with its own
 * members (the driver only holds the pointer; no other file sees inside). */
typedef struct clm__trainer_state clm__trainer_state;

/* A trainer.  Each one is a const table in its own file, written with
 * designated initialisers, and one line of the registry (solvers/registry.c).
 * Everything a binding shows (parameters, defaults, bounds, extra record
 * states) is read from here. */
struct clm_trainer_type {
  const char *name;            /* MATLAB name, "trainlm" */
  const char *title;           /* MATLAB's long name, "Levenberg-Marquardt" */
  const char *display;         /* upper-case name for progress lines, "TRAINLM" */
  unsigned flags;              /* CLM_TRAINER_* (train.h) */
  /* defaults of the common parameters that differ between trainers */
  double min_grad;             /* 1e-7 for trainlm, 1e-5 for traingd, ... */
  double max_fail;             /* 6; INFINITY where MATLAB's default is Inf */
  /* the trainer's own parameters (after the common ones), with defaults */
  const clm_param_info *params;
  size_t n_params;
  /* extra record states (MATLAB names), set by init/epoch in ctx->state[] */
  const char *const *states;
  size_t n_states;
  /* 1: without a validation set the network returned is the last one, not
   * the one of lowest training performance (trainbr, whose objective is not
   * the training performance), and the progress lines show the current
   * performance; with a validation set the rule is every trainer's. */
  int returns_last;
  int (*alloc)(clm__trainer_state **state, const clm__train_ctx *ctx);
  int (*init)(clm__trainer_state *state, clm__train_ctx *ctx);
  int (*epoch)(clm__trainer_state *state, clm__train_ctx *ctx, int *moved);
  void (*free)(clm__trainer_state *state);
};

/* Number of entries of a static array. */
#define CLM__COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* The registry (solvers/registry.c): every trainer, in a fixed order. */
extern const clm_trainer_type *const clm__trainers[];
extern const size_t clm__n_trainers;

/* ---- solvers/objective.c: evaluations shared by the trainers ---- */

/* Performance (see objective.c): the loss sum S of the network's
 * performFcn times ctx->norm, regularized by the network's
 * performParam.regularization r: (1-r) S norm + r WB'WB/P. */

/* Fix ctx->N and ctx->norm from the training targets and set ctx->perf at
 * ctx->wb; counts a forward pass.  CLM_ENOSAMPLES when no training target
 * is a number. */
int clm__train_normalise(clm__train_ctx *ctx);
/* The training perf at weights wb from its (reduced) loss sum. */
double clm__train_perf_of_sum(const clm__train_ctx *ctx, double sum, const double *wb);
/* The training perf at wb; counts a forward pass. */
int clm__train_perf(clm__train_ctx *ctx, const double *wb, double *perf);
/* The perf of a validation or test set at ctx->wb: its loss sum over its
 * own count (or the sum, for sse), regularized; NaN when the set is empty.
 * n is this process's share of a set of n_all samples.  Counts a forward
 * pass. */
int clm__set_perf(clm__train_ctx *ctx, const size_t *idx, size_t n, size_t n_all, double *perf);
/* Gradient trainers: ctx->perf, ctx->gradient = |g| and g = gWB =
 * -d(perf)/dw (P) at ctx->wb, for any performFcn and performParam; counts
 * a gradient pass. */
int clm__gd_evaluate(double *g, clm__train_ctx *ctx);

/* ---- solvers/progress.c: MATLAB's command-line lines through p->writer ---- */

/* MATLAB num2str of a real scalar, as the progress lines print numbers. */
void clm__num2str(char *buf, size_t len, double x);
/* "" and "Training with TRAINLM." */
void clm__progress_header(const clm_trainparam *p, const clm_trainer_type *t);
/* "Epoch 3/1000, Time 0.01, Performance ..., Gradient ..., Mu ..., Validation Checks ..." */
void clm__progress_line(const clm_trainparam *p, const clm_trainer_type *t, size_t epoch,
                        double time, double shown_perf, double gradient, double mu,
                        size_t val_fail);
/* "Training with TRAINLM completed: <stop text>" and "" */
void clm__progress_footer(const clm_trainparam *p, const clm_trainer_type *t, clm_stop stop);

/* ---- the record (solvers/record.c) and checkpoints (solvers/checkpoint.c) ---- */

/* Grow the record's per-epoch arrays to at least n rows.
 * Status: CLM_OK, CLM_ENOMEM (record unchanged but still valid). */
int clm__record_reserve(clm_record *r, size_t n);
#define CLM__RECORD_CHUNK ((size_t)65536)
/* Append a chaos event (kind 0 initialisation, 1 escape, 2 re-initialisation). */
int clm__record_chaos_event(clm_record *rec, size_t epoch, int kind, int accepted,
                            double before, double after, uint64_t evals);
/* Save the best network so far to p->checkpoint_path (rank 0 only); a
 * failure goes to rec->checkpoint_status, never stops training. */
void clm__checkpoint(const clm_net *cnet, const double *best_wb, const clm_trainparam *p,
                     const clm__reducer *red, clm_record *rec);

/* The driver behind clm_train_sized (solvers/train.c).  red == NULL is
 * clm_train_sized exactly.  With a reducer, net must be configured (the
 * caller configures it from global statistics), X/T hold this process's
 * Q local samples, the division is red's, and every sum over samples is
 * reduced (see reducer.h).  Statuses as clm_train_sized. */
int clm__train_driver(clm_net *net, const clm_trainer_type *t, const double *X,
                      size_t n_inputs, const double *T, size_t n_outputs, size_t Q,
                      const clm_trainparam *p, clm_record *record, const clm__reducer *red);

#endif /* CLM_TRAINER_H */
