/* chaoslm — training: trainers (trainlm, trainbr, traingd, ...), parameters,
 * training record.
 *
 * A trainer is a const method table (clm_trainer_type); each one lives in its
 * own file under solvers/ and is exported as one pointer.  clm_train() runs
 * any of them with MATLAB's stop checks, validation tracking and record.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_TRAIN_H
#define CLM_TRAIN_H

#include <stddef.h>
#include <stdint.h>
#include "chaoslm/net.h"
#include "chaoslm/chaos.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clm_trainer_type clm_trainer_type; /* defined in solvers/ */

/* The trainers.  Since 0.1. */
extern const clm_trainer_type *const clm_trainlm;
extern const clm_trainer_type *const clm_traingd;
extern const clm_trainer_type *const clm_traingdm;
/* Since 0.2: the other gradient trainers (doc/trainers.md). */
extern const clm_trainer_type *const clm_traingda; /* adaptive learning rate */
extern const clm_trainer_type *const clm_traingdx; /* momentum + adaptive learning rate */
extern const clm_trainer_type *const clm_trainrp;  /* resilient backpropagation (Rprop) */
extern const clm_trainer_type *const clm_trainscg; /* scaled conjugate gradient */
/* Since 0.2: Bayesian regularisation inside Levenberg-Marquardt (MATLAB's
 * trainbr; doc/trainers.md): its record adds the states gamk and ssX, and
 * without a validation set it returns its last network. */
extern const clm_trainer_type *const clm_trainbr;

/* Name of a trainer ("trainlm"); NULL for NULL. */
const char *clm_trainer_name(const clm_trainer_type *t);
/* Look a trainer up by MATLAB name; NULL if unknown. */
const clm_trainer_type *clm_trainer_from_name(const char *name);

/* clm_trainer_count / clm_trainer_at: every trainer the library has, in a
 * fixed order (trainlm first); clm_trainer_at returns NULL for i >= count.
 * Bindings list trainers (help texts, option tables) with these instead of
 * naming them.  Thread safety: safe.  Since 0.2. */
size_t clm_trainer_count(void);
const clm_trainer_type *clm_trainer_at(size_t i);

/* clm_trainer_title: MATLAB's long name of the method ("Levenberg-Marquardt");
 * NULL for NULL.  Since 0.2. */
const char *clm_trainer_title(const clm_trainer_type *t);

/* What a trainer does, as flags (clm_trainer_flags; 0 for NULL):
 *   CLM_TRAINER_MU        it has MATLAB's mu: the record's mu column, the
 *                         "Mu" progress field and the "Maximum MU reached."
 *                         stop apply;
 *   CLM_TRAINER_LINSOLVER it solves linear systems with a backend
 *                         (p->backend applies);
 *   CLM_TRAINER_ESCAPE    it can tell the driver that it is stalled, so the
 *                         chaotic escape (p->chaos.escape) can be used;
 *   CLM_TRAINER_JACOBIAN  it works on the Jacobian of the errors, so the
 *                         performFcn must be a sum of squared errors (mse or
 *                         sse; clm_perform_check);
 *   CLM_TRAINER_REGULARIZES it chooses the weight penalty itself (trainbr's
 *                         Bayesian alpha and beta), so performParam.
 *                         regularization must be 0 (clm_perform_check).
 * Since 0.2. */
#define CLM_TRAINER_MU 1u
#define CLM_TRAINER_LINSOLVER 2u
#define CLM_TRAINER_ESCAPE 4u
#define CLM_TRAINER_JACOBIAN 8u
#define CLM_TRAINER_REGULARIZES 16u
unsigned clm_trainer_flags(const clm_trainer_type *t);

/* clm_perform_check: whether the network's performance settings
 * (performFcn, performParam) can be used for evaluation (t NULL: clm_perform,
 * clm_gradient, ...) or for training with trainer t.  The rules:
 *   - crossentropy takes no normalization: MATLAB's crossentropy accepts
 *     the parameter and never applies it; chaoslm refuses it rather than
 *     ignore it;
 *   - a trainer with CLM_TRAINER_JACOBIAN (trainlm, trainbr) needs mse or
 *     sse: MATLAB warns and trains on mse instead; chaoslm refuses to change
 *     the user's choice;
 *   - a trainer with CLM_TRAINER_REGULARIZES (trainbr) needs
 *     regularization 0: MATLAB warns and sets it to 0; chaoslm refuses.
 * Regularization and normalization are otherwise accepted by every trainer
 * (trainlm adds the regularization to its Gauss-Newton system as
 * (1-r) J'J/N + (r/P) I and (1-r) J'e/N + (r/P) WB for mse).
 * On failure a message naming the setting ("trainlm needs performFcn mse or
 * sse (it works on the Jacobian of the errors); the network's performFcn is
 * crossentropy") is written into msg (if not NULL, at most msg_len bytes,
 * NUL-terminated).  clm_train and clm_train_mpi return CLM_EPERFORM in those
 * cases; clm_perform and the other evaluations do for the t = NULL rules.
 * Status: CLM_OK, CLM_ENULL (net NULL), CLM_EPERFORM.
 * Thread safety: safe.  Since 0.2. */
int clm_perform_check(const clm_net *net, const clm_trainer_type *t, char *msg,
                      size_t msg_len);

/* Extra per-epoch states a trainer records beyond MATLAB's common ones
 * (epoch, time, perf, vperf, tperf, mu, gradient, val_fail), with MATLAB's
 * names ("lr" for traingda/traingdx, "gamk" and "ssX" for trainbr):
 * clm_trainer_num_states gives how many (at most CLM_MAX_STATES, 0 for
 * NULL), clm_trainer_state_name the i-th name (NULL when out of range).
 * The record holds them in record->state[i].  Since 0.2. */
#define CLM_MAX_STATES 4
size_t clm_trainer_num_states(const clm_trainer_type *t);
const char *clm_trainer_state_name(const clm_trainer_type *t, size_t i);

/* Linear-solver backend choice for trainlm. */
typedef enum clm_backend {
  CLM_BACKEND_AUTO = 0, /* GPU when usable and worthwhile, else CPU */
  CLM_BACKEND_CPU,      /* OpenBLAS/LAPACKE Cholesky */
  CLM_BACKEND_GPU,      /* cuSOLVER; CLM_EBACKEND if unavailable */
  CLM_BACKEND_COUNT_
} clm_backend;
const char *clm_backend_name(clm_backend b);

/* Why training stopped (tr.stop).  clm_stop_text gives MATLAB's message. */
typedef enum clm_stop {
  CLM_STOP_NONE = 0,      /* "" (training did not run) */
  CLM_STOP_USER,          /* "User stop." */
  CLM_STOP_GOAL,          /* "Performance goal met." */
  CLM_STOP_EPOCHS,        /* "Maximum epoch reached." */
  CLM_STOP_TIME,          /* "Maximum time elapsed." */
  CLM_STOP_MIN_GRAD,      /* "Minimum gradient reached." */
  CLM_STOP_MU_MAX,        /* "Maximum MU reached." */
  CLM_STOP_VALIDATION,    /* "Validation stop." */
  CLM_STOP_COUNT_
} clm_stop;
const char *clm_stop_text(clm_stop s);

/* Per-epoch callback: called after each epoch's record row is written.
 * Return non-zero to stop training with "User stop." (the best network so
 * far is returned).  `epoch` is 0-based; perf/vperf/tperf as in the record. */
typedef int (*clm_epoch_callback)(void *user, size_t epoch, double perf,
                                  double vperf, double tperf);

/* Progress writer: receives one complete line (without newline) of MATLAB's
 * command-line format when `show` is due.  The library never prints. */
typedef void (*clm_line_writer)(void *user, const char *line);

/* Training parameters, MATLAB trainParam names.  Get the defaults of a
 * trainer with clm_trainparam_default(); fields a trainer does not use are
 * ignored by it. */
typedef struct clm_trainparam {
  /* common */
  size_t epochs;          /* maximum epochs (1000) */
  double goal;            /* performance goal (0) */
  size_t max_fail;        /* validation checks (6) */
  double min_grad;        /* minimum gradient (1e-7 trainlm, 1e-5 gd/gdm) */
  size_t show;            /* progress line period in epochs (25); 0 = never */
  int show_command_line;  /* MATLAB showCommandLine (0) */
  double time;            /* time limit in seconds (INFINITY) */
  /* trainlm */
  double mu, mu_dec, mu_inc, mu_max; /* 1e-3, 0.1, 10, 1e10 */
  /* traingd / traingdm / traingda / traingdx (trainrp lists lr, unused) */
  double lr;              /* learning rate (0.01); gda/gdx: its initial value */
  double mc;              /* momentum constant (0.9; traingdm, traingdx) */
  /* traingda / traingdx: adaptive learning rate */
  double lr_inc;          /* lr factor after a step that lowered perf (1.05) */
  double lr_dec;          /* lr factor after a refused step (0.7) */
  double max_perf_inc;    /* a step is refused when perf2/perf exceeds it (1.04) */
  /* trainrp: per-weight step sizes */
  double delt_inc;        /* step size factor when the gradient keeps its sign (1.2) */
  double delt_dec;        /* step size factor when the gradient changes sign (0.5) */
  double delta0;          /* initial step size (0.07) */
  double deltamax;        /* largest step size (50) */
  /* trainscg */
  double sigma;           /* weight change for the second-derivative estimate (5e-5) */
  double lambda;          /* initial Hessian scale regulating indefiniteness (5e-7) */
  /* chaoslm extensions */
  uint64_t seed;          /* seed for division (and configure when needed) */
  int threads;            /* OpenMP threads, 0 = OpenMP default */
  clm_backend backend;    /* linear solver (auto) */
  clm_epoch_callback callback; void *callback_user;
  clm_line_writer writer; void *writer_user;
  const volatile int *stop_flag; /* if non-NULL and *stop_flag != 0: "User stop." */
  clm_chaosparam chaos;   /* chaotic initialisation / escape (off by default) */
  /* Checkpoints (chaoslm extension): when checkpoint_path is not NULL the
   * best network so far is saved there (atomically, clm_net_save) every
   * checkpoint_every epochs and when training ends, so an interrupted run
   * loses at most checkpoint_every epochs of work.  A failed save does not
   * stop training; record->checkpoint_status says it failed.  To resume,
   * clm_net_load the file and train again (trainlm's mu restarts at p.mu).
   * Under MPI only rank 0 writes.  The path is borrowed, not copied. */
  const char *checkpoint_path;  /* NULL: off (default) */
  size_t checkpoint_every;      /* epochs between checkpoints, >= 1 when a path is set (0) */
} clm_trainparam;

/* ---- Parameter descriptions: every trainParam field a trainer takes ---- */

/* How a parameter is stored in clm_trainparam. */
typedef enum clm_param_type {
  CLM_PARAM_REAL = 0, /* double */
  CLM_PARAM_COUNT,    /* size_t: a whole number >= 0 (Inf stored as SIZE_MAX
                       * when CLM_PARAM_INF_OK is set) */
  CLM_PARAM_FLAG,     /* int, 0 or 1 (a MATLAB logical) */
  CLM_PARAM_SEED,     /* uint64_t, a whole number < 2^53 when given as a double */
  CLM_PARAM_INT,      /* int, a whole number */
  CLM_PARAM_BACKEND,  /* clm_backend, given by name (clm_backend_name) */
  CLM_PARAM_TYPE_COUNT_
} clm_param_type;

/* Flags of a parameter description. */
#define CLM_PARAM_LO_OPEN 1u   /* the lower bound is strict: lo < v (else lo <= v) */
#define CLM_PARAM_HI_OPEN 2u   /* the upper bound is strict: v < hi (else v <= hi) */
#define CLM_PARAM_INF_OK 4u    /* +Inf is a valid value (a count stores SIZE_MAX) */
#define CLM_PARAM_NAN_ZERO 8u  /* NaN (or Inf) means 0 = never, as MATLAB's show */
#define CLM_PARAM_EXTENSION 16u /* a chaoslm extension, not a MATLAB trainParam field */

/* One parameter of a trainer.  NaN is never a valid value (except for
 * CLM_PARAM_NAN_ZERO); a number must satisfy lo <(=) v <(=) hi as the
 * flags say; COUNT, SEED and INT values must be whole numbers. */
typedef struct clm_param_info {
  const char *name;     /* trainParam field name, "mu_dec" */
  clm_param_type type;
  size_t offset;        /* offsetof(clm_trainparam, field) */
  double def;           /* this trainer's default (a backend: its enum value) */
  double lo, hi;        /* bounds (type INT/COUNT/SEED included) */
  unsigned flags;       /* CLM_PARAM_* */
  const char *help;     /* one line for help texts: "mu decrease factor" */
} clm_param_info;

/* clm_trainer_num_params: how many parameters trainer t takes (the common
 * ones, its own, then chaoslm's extensions seed, threads and, for a
 * CLM_TRAINER_LINSOLVER trainer, backend); 0 for NULL.
 * clm_trainer_param: the i-th description, with t's default, into *info.
 * Status: CLM_OK, CLM_ENULL, CLM_EINVAL (i out of range).  The order is
 * MATLAB's: showCommandLine, show, epochs, time, goal, min_grad, max_fail,
 * the trainer's own (mu, mu_dec, ...), then seed, threads, backend.  The
 * chaos settings (p->chaos) and checkpoints are not listed: they belong to
 * every trainer and have their own documentation (chaos.h, above).
 * Thread safety: safe.  Since 0.2. */
size_t clm_trainer_num_params(const clm_trainer_type *t);
int clm_trainer_param(const clm_trainer_type *t, size_t i, clm_param_info *info);

/* clm_trainer_find_param: the index of parameter `name` of trainer t in
 * *index.  Status: CLM_OK, CLM_ENULL, CLM_EINVAL (t takes no such
 * parameter).  clm_trainer_nearest_param: the parameter name of t closest to
 * `name` (edit distance, case-insensitive), for "did you mean" messages;
 * NULL when t is NULL or nothing is close (more than half the letters
 * differ).  Thread safety: safe.  Since 0.2. */
int clm_trainer_find_param(const clm_trainer_type *t, const char *name, size_t *index);
const char *clm_trainer_nearest_param(const clm_trainer_type *t, const char *name);

/* clm_trainparam_set / clm_trainparam_get: a parameter of trainer t by
 * name, as a double (a count of SIZE_MAX reads as Inf, a backend as its enum
 * value, a flag as 0 or 1).  set checks the value against the parameter's
 * bounds and leaves p unchanged on error, writing a message like
 * "mu_dec = 2 violates 0 <= mu_dec <= 1" into msg (if not NULL, at most
 * msg_len bytes).  Cross-field rules are clm_trainparam_check's.
 * Status: CLM_OK, CLM_ENULL, CLM_EINVAL (unknown name for t; the message
 * suggests the nearest), CLM_EPARAM (bad value).  Thread safety: safe on
 * distinct p.  Since 0.2. */
int clm_trainparam_set(clm_trainparam *p, const clm_trainer_type *t, const char *name,
                       double value, char *msg, size_t msg_len);
int clm_trainparam_get(const clm_trainparam *p, const clm_trainer_type *t, const char *name,
                       double *value);

/* clm_trainparam_parse: set parameter `name` of trainer t from text, as a
 * command line gives it: numbers in C syntax ("1e-3", "inf", "Inf"), flags
 * as 0/1/true/false, a backend by name, a seed as a decimal whole number
 * of up to 64 bits (all of them, unlike clm_trainparam_set's double).  Messages and statuses as
 * clm_trainparam_set (CLM_EPARAM also for text that is not a value of the
 * parameter's type).  Since 0.2. */
int clm_trainparam_parse(clm_trainparam *p, const clm_trainer_type *t, const char *name,
                         const char *text, char *msg, size_t msg_len);

/* clm_backend_from_name: the backend called `name` ("auto", "cpu", "gpu")
 * into *b.  Status: CLM_OK, CLM_ENULL, CLM_EINVAL.  Since 0.2. */
int clm_backend_from_name(const char *name, clm_backend *b);

/* clm_trainparam_default: MATLAB's current defaults for trainer t (trainlm
 * when t is NULL).  Thread safety: safe.  Since 0.1. */
clm_trainparam clm_trainparam_default(const clm_trainer_type *t);

/* clm_trainparam_check: validate p for trainer t (trainlm when t is NULL).
 * On failure writes a message naming the field, its value and the bound it
 * broke ("mu_inc = 1 violates 1 < mu_inc < Inf") into msg (if msg is not
 * NULL, at most msg_len bytes, NUL-terminated).  Bounds (MATLAB's, NaN
 * always rejected): goal >= 0, min_grad >= 0, time > 0 (Inf allowed),
 * threads >= 0, a valid backend, show_command_line 0 or 1; trainlm and
 * trainbr: 0 < mu < Inf, 0 <= mu_dec <= 1, 1 < mu_inc < Inf, 0 < mu_max < Inf;
 * traingd/traingdm/traingda/traingdx: 0 < lr < Inf; traingdm/traingdx:
 * 0 <= mc <= 1; traingda/traingdx: 1 < lr_inc < Inf, 0 <= lr_dec <= 1,
 * 0 < max_perf_inc < Inf; trainrp: 1 <= delt_inc < Inf,
 * 0 <= delt_dec <= 1, 0 < delta0 < Inf, 0 < deltamax < Inf; trainscg:
 * 0 < sigma < Inf, 0 <= lambda < Inf; with chaos.init
 * or chaos.escape set, clm_chaosparam_check, and escape only for trainlm.
 * Fields a trainer does not use are not checked.
 * Status: CLM_OK, CLM_ENULL, CLM_EPARAM.  Thread safety: safe.  Since 0.1. */
int clm_trainparam_check(const clm_trainer_type *t, const clm_trainparam *p,
                         char *msg, size_t msg_len);

/* The training record (MATLAB's tr).  Arrays have num_epochs+1 entries
 * (entry 0 is epoch 0, before any update); vperf/tperf are NaN when the set
 * is empty; mu is NaN for trainers without mu.  Index arrays are 0-based. */
typedef struct clm_record {
  char train_fcn[16];
  clm_stop stop;
  size_t num_epochs;      /* last epoch index reached */
  size_t best_epoch;      /* epoch of the returned network */
  double best_perf, best_vperf, best_tperf;
  double goal;
  size_t capacity;        /* allocated length of the per-epoch arrays */
  size_t *epoch;
  double *time, *perf, *vperf, *tperf, *mu, *gradient;
  size_t *val_fail;
  size_t *train_ind, *val_ind, *test_ind;
  size_t n_train, n_val, n_test;
  /* counters */
  uint64_t n_forward;     /* forward-only passes over a sample set: trial
                           * points, validation/test evaluations and the
                           * initial count of N (Jacobian passes excluded) */
  uint64_t n_jacobian;    /* J'J + J'e (trainlm) or gradient (gd/gdm) passes */
  uint64_t n_factor;      /* Cholesky factorisations tried (= mu trials) */
  uint64_t n_rejected;    /* rejected LM trials (perf not lower, not positive
                           * definite, or numerically singular) */
  clm_backend backend_requested, backend_used;
  char backend_note[128]; /* why the used backend was chosen */
  /* chaos: every chaotic initialisation, escape and re-initialisation */
  uint64_t n_chaos_evals; /* function evaluations spent by chaotic searches */
  size_t n_escapes, n_escapes_accepted, n_reinits;
  struct clm_chaos_event {
    size_t epoch;         /* epoch at which the event happened */
    int kind;             /* 0 initialisation, 1 escape, 2 re-initialisation */
    int accepted;         /* escape kept (perf improved) */
    double perf_before, perf_after;
    uint64_t evals;       /* evaluations spent by this event */
  } *chaos_events;
  size_t n_chaos_events, chaos_events_capacity;
  int checkpoint_status;  /* CLM_OK, or the status of the last failed checkpoint save */
  /* The trainer's extra per-epoch states (clm_trainer_state_name): state[i]
   * has num_epochs+1 entries like perf; state_name[i] points at a static
   * string.  n_states is 0 for trainlm, traingd, traingdm, trainrp and
 * trainscg; traingda and traingdx record "lr", trainbr "gamk" (the
 * effective number of parameters) and "ssX" (the sum of squared weights). */
  size_t n_states;
  const char *state_name[CLM_MAX_STATES];
  double *state[CLM_MAX_STATES];
} clm_record;

/* clm_record_init / clm_record_free: an empty record (all NULL) and its
 * release; free accepts a zeroed or half-filled record.  Since 0.1. */
void clm_record_init(clm_record *r);
void clm_record_free(clm_record *r);

/* clm_train: train `net` on (X, T) with trainer t (NULL: the network's own
 * trainFcn), parameters p (NULL: the trainer's defaults), as MATLAB's
 * [net, tr] = train(net, X, T) does.
 *   net (in/out): a configured network (use clm_train_sized, or
 *      clm_configure first, for an unconfigured one).
 *   X (in): n_inputs x Q, T (in): n_outputs x Q, column-major as in net.h
 *      (NaN inputs: the sample is ignored, as MATLAB's fix_nan_inputs;
 *      NaN targets: don't care; Inf anywhere: CLM_EINF).
 *   record (out, may be NULL): filled on success (any previous contents
 *      are freed first); emptied (as by clm_record_free) on an error.
 * The samples are divided with the network's divideFcn seeded by p->seed.
 * Training runs MATLAB's loop: stop checks at the top of each epoch in
 * MATLAB's order (user stop, goal, epochs, time, min_grad, mu_max for
 * trainlm and trainbr, validation), one record row per epoch, the callback
 * and the progress lines (p->writer when p->show_command_line and p->show >
 * 0).  The network receives the best weights (by validation performance
 * when a validation set exists, else by training performance; trainbr
 * without a validation set: the last weights), whatever the stop reason.
 * On an error status the network is unchanged.
 * Status: CLM_OK (whatever the stop reason), CLM_ENULL, CLM_ENOTCONFIGURED,
 * CLM_ESIZE, CLM_EINF, CLM_ENOSAMPLES (Q = 0, an empty training set or
 * every training target NaN), CLM_EPARAM (see clm_trainparam_check),
 * CLM_EPERFORM (see clm_perform_check),
 * CLM_ETRAINER (t NULL and an unknown trainFcn), CLM_EDIVIDE,
 * CLM_EBACKEND, CLM_EDEVICE, CLM_ENOMEM.
 * Thread safety: different networks may be trained from different threads
 * at once.  Since 0.1. */
int clm_train(clm_net *net, const clm_trainer_type *t, const double *X,
              const double *T, size_t Q, const clm_trainparam *p,
              clm_record *record);

/* clm_train_sized: clm_train with the data sizes given, so that an
 * unconfigured network can be configured (and initialised) from the data
 * and p->seed first, as MATLAB's train does.  For a configured network
 * non-zero sizes must match it (CLM_ESIZE otherwise); 0 means "the
 * network's".  Statuses as clm_train, plus those of clm_configure.
 * Since 0.1. */
int clm_train_sized(clm_net *net, const clm_trainer_type *t, const double *X,
                    size_t n_inputs, const double *T, size_t n_outputs, size_t Q,
                    const clm_trainparam *p, clm_record *record);

/* clm_linsolver_available: 1 if backend b is compiled in and usable on this
 * machine now (for GPU: a device answered), else 0; `why` (may be NULL)
 * receives a short reason.  Since 0.1. */
int clm_linsolver_available(clm_backend b, char *why, size_t why_len);

#ifdef __cplusplus
}
#endif
#endif /* CLM_TRAIN_H */
