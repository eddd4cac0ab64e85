/* chaoslm — the trainer method table (internal to solvers/).
 *
 * A trainer (trainlm, traingd, traingdm) is a const clm_trainer_type in its
 * own file, exported as one pointer (see include/chaoslm/train.h).  The
 * driver, clm_train() in solvers/train.c, owns everything MATLAB's training
 * loop shares between trainers: configuration, data division and
 * preparation, the stop checks at the top of each epoch, validation
 * tracking, the record and the progress lines.  A trainer only knows how to
 * evaluate its state at the current weights (init) and how to make one
 * update (epoch).
 *
 * Life cycle, driven by clm_train():
 *   alloc  once, before anything is evaluated: every buffer the trainer
 *          needs (epochs never allocate);
 *   init   evaluate at ctx->wb: set ctx->perf, ctx->gradient (and the
 *          trainer's own derivative state); reset mu to p->mu.  Called for
 *          epoch 0 and again after a chaotic escape moved the weights;
 *   epoch  one update from ctx->wb: on return ctx->wb, ctx->perf,
 *          ctx->gradient and ctx->mu describe the new point (unchanged when
 *          no step was taken) and *moved says whether wb changed;
 *   free   accepts NULL.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_TRAINER_H
#define CLM_TRAINER_H

#include <stddef.h>
#include "net_internal.h"
#include "linsolver.h"
#include "mpi_reducer.h"

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
  double norm;                 /* 1/N for mse, 1 for sse (N = non-NaN training targets) */
  size_t N;                    /* non-NaN training target elements */
  /* the iterate, owned by the driver */
  double *wb;                  /* P weights, getwb order */
  double perf;                 /* training performance at wb */
  double gradient;             /* reported gradient norm at wb */
  double mu;                   /* trainlm's mu; NaN for trainers without mu */
  double state[CLM_MAX_STATES];/* the trainer's extra record states at wb */
  /* distributed training (clm_train_mpi): sums over the processes; NULL in
   * a serial clm_train.  train/n_train are then this process's share and
   * N, perf and gradient are global (see mpi_reducer.h). */
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

/* Sum of squared errors over the training set at wb as the trainers' perf
 * (sse * ctx->norm); counts a forward pass.  Shared by the trainers. */
int clm__train_perf(clm__train_ctx *ctx, const double *wb, double *perf);

/* traingd/traingdm: perf, gradient and gWB = -d(perf)/dw (P, into g) at
 * ctx->wb (solvers/traingd.c). */
int clm__gd_evaluate(double *g, clm__train_ctx *ctx);

/* The driver behind clm_train_sized (solvers/train.c).  red == NULL is
 * clm_train_sized exactly.  With a reducer, net must be configured (the
 * caller configures it from global statistics), X/T hold this process's
 * Q local samples, the division is red's, and every sum over samples is
 * reduced (see mpi_reducer.h).  Statuses as clm_train_sized. */
int clm__train_driver(clm_net *net, const clm_trainer_type *t, const double *X,
                      size_t n_inputs, const double *T, size_t n_outputs, size_t Q,
                      const clm_trainparam *p, clm_record *record, const clm__reducer *red);

/* MATLAB num2str of a real scalar, as the progress lines print numbers
 * (solvers/train.c). */
void clm__num2str(char *buf, size_t len, double x);

/* Grow the record's per-epoch arrays to at least n rows (solvers/record.c).
 * Status: CLM_OK, CLM_ENOMEM (record unchanged but still valid). */
int clm__record_reserve(clm_record *r, size_t n);
#define CLM__RECORD_CHUNK ((size_t)65536)

#endif /* CLM_TRAINER_H */
