/* chaoslm — chaotic search internals shared with the training driver.
 *
 * Interface contract between chaos/ (chaos helper) and solvers/train.c
 * (trainers helper); see shared chaos-method.md §6.
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
 * samples idx[0..n-1] of d (§6.4).  Writes the best weights (P) to wb_out,
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

/* clm_initchaos with a reducer whose chaos_split is set: every process
 * holds all Q samples and scores its share of the candidates (NULL: the
 * same as clm_initchaos). */
int clm__initchaos_red(clm_net *net, const double *X, const double *T, size_t Q,
                       const clm_chaosparam *cp, uint64_t seed, int threads,
                       uint64_t *evals, double *perf, const clm__reducer *red);

/* Stage C state machine: chaotic escape from stagnation inside trainlm (§6.6,
 * §6.7).  Allocated once before the epoch loop. */
typedef struct clm_escape clm_escape;
int clm__escape_alloc(clm_escape **es, const clm_net *net, const clm_chaosparam *cp,
                      uint64_t seed, int threads, size_t Q_max);
void clm__escape_free(clm_escape *es);

/* Called by the driver after every trainlm epoch (after the record row of
 * `epoch` is written) with the current weights and state.  When it decides
 * to jump (stuck detected and an escape or re-initialisation is due), it
 * overwrites wb (P) with the new starting point, sets *jumped = 1 and appends
 * an event to rec->chaos_events (counting evaluations in rec->n_chaos_evals);
 * the driver must then re-evaluate perf/JE/JJ at wb and reset mu to p->mu.
 * When stuck but out of escapes it leaves wb alone (*jumped = 0) and the
 * ordinary stop checks apply.  It may also revert wb to the incumbent after a
 * failed escape phase (that is a jump too). */
int clm__escape_after_epoch(clm_escape *es, const clm_net *net, const clm_data *d,
                            const size_t *train_idx, size_t n_train, double *wb,
                            double perf, double mu, double gradient,
                            const clm_trainparam *p, clm_record *rec, size_t epoch,
                            int *jumped);

/* 1 while the escape machine still has escapes or re-initialisations left,
 * so that stuck signals (mu >= mu_max, gradient <= min_grad) must not stop
 * training yet. */
int clm__escape_pending(const clm_escape *es);

#endif /* CLM_CHAOS_INTERNAL_H */
