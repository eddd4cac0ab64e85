/* chaoslm — chaotic search internals shared with the training driver.
 *
 * Interface contract between chaos/ (chaos helper) and solvers/train.c
 * (trainers helper); see doc/chaos.md, "The method".
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_CHAOS_INTERNAL_H
#define CLM_CHAOS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "net_internal.h"
#include "reducer.h"

/* Stage A: parallel chaotic search for initial weights over the training
 * samples idx[0..n-1] of d.  Writes the best weights (P) to wb_out,
 * its sse to *sse_out and the function evaluations spent to *evals_out.
 * Deterministic for any thread count. */
int clm__chaos_init_search(const clm_net *net, const clm_data *d, const size_t *idx,
                           size_t n, const clm_chaosparam *cp, uint64_t seed,
                           int threads, double *wb_out, double *sse_out,
                           uint64_t *evals_out);

/* clm__chaos_init_search with a reducer (NULL: the same function): the
 * samples idx are this process's shard and the candidates' errors are
 * summed over the processes (solvers/mpi.c). */
int clm__chaos_init_search_red(const clm_net *net, const clm_data *d, const size_t *idx,
                               size_t n, const clm_chaosparam *cp, uint64_t seed,
                               int threads, double *wb_out, double *sse_out,
                               uint64_t *evals_out, const clm__reducer *red);

/* The starts of a race (solvers/race.c): a Stage A search with K searches
 * in phase `phase` (0 for the first race, 1000 + r for the r-th new one);
 * every search's best goes to starts (K x P, search k at k*P, in search
 * order) and its sse to sse (K, may be NULL).  Evaluations spent (K S T)
 * to *evals (may be NULL).  Deterministic for any thread count. */
int clm__chaos_init_starts(const clm_net *net, const clm_data *d, const size_t *idx, size_t n,
                           const clm_chaosparam *cp, uint64_t seed, uint64_t phase, size_t K,
                           int threads, double *starts, double *sse, uint64_t *evals);

/* clm_initchaos with a reducer whose chaos_split is set: every process
 * holds all Q samples and scores its share of the candidates (NULL: the
 * same as clm_initchaos). */
int clm__initchaos_red(clm_net *net, const double *X, const double *T, size_t Q,
                       const clm_chaosparam *cp, uint64_t seed, int threads,
                       uint64_t *evals, double *perf, const clm__reducer *red);

/* When is an LM phase stuck (chaos/stuck.c; the rule is in the banner of
 * stuck.c and of clm_chaosparam).  One detector per run, allocated once. */
enum {
  CLM__STUCK_NO = 0,   /* not stuck */
  CLM__STUCK_STALLED,  /* the trainer cannot progress */
  CLM__STUCK_NONFINITE,/* perf is NaN or Inf */
  CLM__STUCK_SLOW,     /* goal > 0: too slow to reach the goal in its horizon */
  CLM__STUCK_WINDOW,   /* goal = 0: relative improvement below tol_rel */
  CLM__STUCK_CAP       /* phase_epochs used */
};
/* A phase has left its initial plateau once perf <= this x its perf after
 * its first epoch. */
#define CLM__PLATEAU_DROP 0.9
typedef struct clm__stuck {
  size_t window, phase_cap, epochs_cap;
  double tol_rel, horizon;
  double *ring, *acc; /* window+1 last perfs / last accepted perfs */
  size_t n, head, n_acc, head_acc, phase_start;
  double last;
  double f1;          /* perf after the phase's first epoch (NaN before) */
  int on_plateau;     /* the phase has not yet left its initial plateau */
  double patience;    /* plateau patience in epochs (kept across phases) */
} clm__stuck;
/* Take window, tol_rel, horizon and phase_epochs from cp; epochs_cap is the
 * epoch at which the whole run stops (0: unknown). */
int clm__stuck_alloc(clm__stuck *s, const clm_chaosparam *cp, size_t epochs_cap);
void clm__stuck_free(clm__stuck *s);
/* A new phase starts at `epoch` at a point of performance perf (INFINITY
 * when unknown). */
void clm__stuck_reset(clm__stuck *s, size_t epoch, double perf);
/* Feed the perf after `epoch` (one call per epoch, epochs consecutive) and
 * return CLM__STUCK_NO or the reason the phase is stuck. */
int clm__stuck_test(clm__stuck *s, size_t epoch, double perf, double goal, int stalled);

/* Weight compression of saturated hidden neurons (chaos/compress.c).
 * The workspace belongs to one network shape and is not shared between
 * threads while means are computed; clm__compress_apply only reads it. */
typedef struct clm__compress clm__compress;
int clm__compress_alloc(clm__compress **c, const clm_net *net);
void clm__compress_free(clm__compress *c);
/* Number of compressible neurons (hidden layers with a finite active range). */
size_t clm__compress_neurons(const clm__compress *c);
/* Mean |net input| of every compressible neuron at weights w over the
 * samples idx[0..n-1] of d (idx NULL: all), samples flagged in d->skip left
 * out; serial, in sample order.  Status CLM_OK or CLM_ESIZE (bad index). */
int clm__compress_means(clm__compress *c, const clm_data *d, const size_t *idx, size_t n,
                        const double *w);
/* The means of the last clm__compress_means (clm__compress_neurons entries,
 * layers in order, rows in order within a layer). */
const double *clm__compress_mean(const clm__compress *c);
/* out (P) = w with every compressible neuron j whose mean |net input| m_j
 * (from the last clm__compress_means) exceeds tau_j / g_j scaled by
 * tau_j / (g_j m_j), tau_j = omega exp(log_target[j]) (log_target NULL:
 * tau_j = omega).  out may equal w.  Returns the neurons compressed. */
size_t clm__compress_apply(const clm__compress *c, const double *w, double omega,
                           const double *log_target, double *out);

/* Escape state machine: stuck detection, escapes and fresh starts inside
 * trainlm (chaos/escape.c).  Allocated once before the epoch
 * loop for the configured network net (which must outlive it), Q_max
 * samples and a run of at most `epochs` epochs. */
typedef struct clm_escape clm_escape;
int clm__escape_alloc(clm_escape **es, const clm_net *net, const clm_chaosparam *cp,
                      uint64_t seed, int threads, size_t Q_max, size_t epochs);
void clm__escape_free(clm_escape *es);

/* Called by the driver after every epoch (after the record row of `epoch`
 * is written) with the current weights wb (P), their training perf, the
 * goal and `stalled` (the trainer cannot progress: for trainlm
 * mu >= mu_max or gradient <= min_grad).  When it decides to jump (stuck
 * and an escape or fresh start is due), it overwrites wb with the new
 * starting point, sets *jumped = 1 and appends an event to
 * rec->chaos_events (counting evaluations in rec->n_chaos_evals); the
 * driver must then re-evaluate its state at wb (trainlm: perf, J'e, J'J,
 * mu reset).  When stuck but out of escapes it leaves wb alone
 * (*jumped = 0) and the ordinary stop checks apply.  jumped == NULL: the
 * driver stops after this epoch; only the open event is brought up to
 * date. */
int clm__escape_after_epoch(clm_escape *es, const clm_data *d, const size_t *train_idx,
                            size_t n_train, double *wb, double perf, double goal, int stalled,
                            clm_record *rec, size_t epoch, int *jumped);

/* 1 while the escape machine still has escapes or fresh starts left, so
 * that stalled signals (mu >= mu_max, gradient <= min_grad) must not stop
 * training yet. */
int clm__escape_pending(const clm_escape *es);
/* The CLM__STUCK_* reason of the last stuck phase (CLM__STUCK_NO: none yet). */
int clm__escape_last_reason(const clm_escape *es);

#endif /* CLM_CHAOS_INTERNAL_H */
