/* chaoslm — data-parallel training with MPI (optional; built when the
 * library was configured with MPI, see doc/distributed.md).
 *
 * This header is not included by chaoslm.h: include it yourself, after or
 * instead of chaoslm.h, and compile with your MPI's flags (mpicc).
 *
 * Model.  Each process (rank) of a communicator holds a shard of the
 * samples: consecutive columns of the global data set, rank 0 first.  The
 * global data set is the concatenation of the shards in rank order, so the
 * global sample index of local sample q on rank r is
 * (Q_0 + ... + Q_{r-1}) + q.  Training on the shards gives the training
 * record of clm_train on the concatenated data (the same epochs, mu values,
 * stop reason and best epoch; performances equal up to rounding, because
 * the sums over samples are added in a different order), and the same
 * network on every rank.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_MPI_H
#define CLM_MPI_H

#include <stddef.h>
#include <stdint.h>
#include <mpi.h>
#include "chaoslm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* clm_train_mpi: clm_train_sized on data distributed over the ranks of
 * comm.  COLLECTIVE: every rank of comm must call it with the same network
 * (same architecture, settings and, when configured, weights), the same
 * trainer and the same training parameters (the callback, writer,
 * stop_flag, threads and backend may differ per rank).
 *   net (in/out): as for clm_train_sized.  An unconfigured network is
 *     configured from the GLOBAL data (the per-row minima and maxima are
 *     reduced over the ranks) and initialised from p->seed, exactly as
 *     clm_train_sized on the concatenated data.  On success every rank's
 *     net holds the same best weights; on error net is unchanged.
 *   t (in): trainer (NULL: the network's trainFcn).
 *   X_local (in): n_inputs x Q_local, T_local (in): n_outputs x Q_local,
 *     column-major (net.h), this rank's consecutive share of the samples.
 *   n_inputs, n_outputs (in): data sizes, or 0 for "the network's" (a
 *     configured network); must agree across ranks.
 *   Q_local (in): this rank's sample count, >= 1 on every rank.
 *   p (in): parameters (NULL: the trainer's defaults).  p->chaos.init is
 *     distributed (every rank scores each candidate on its shard and the
 *     errors are summed); p->chaos.escape and p->chaos.race are not
 *     supported (CLM_EPARAM).
 *     p->time, p->stop_flag and the callback's return value are combined
 *     over the ranks, so that all ranks stop at the same epoch; the
 *     progress writer is called on every rank where it is set (set it on
 *     rank 0 only to print once).
 *   record (out, may be NULL): the training record of the global problem;
 *     its index sets are GLOBAL indices.  Identical on every rank except
 *     time and the backend fields.
 *   comm (in): the communicator; it is duplicated for the duration of the
 *     call, so user messages in flight do not interfere.
 * Division: the network's divideFcn runs on the global sample count with
 * p->seed, identically on every rank; each rank keeps the indices in its
 * range.  A rank may end up without training, validation or test samples
 * (it still takes part in the reductions).
 * trainlm: each rank accumulates J'J and J'e over its training samples with
 * its own linear-solver backend (p->backend: a GPU per rank where one is
 * usable); one MPI_Allreduce per Jacobian evaluation sums the upper
 * triangle of J'J, J'e and the sse (P(P+1)/2 + P + 1 doubles); rank 0
 * factors and broadcasts each trial step (P + 1 doubles); each trial's
 * performance is a reduced sum (1 double).  traingd/traingdm: the gradient
 * (P doubles) and the sse are reduced.
 * Bad setups are detected with a reduction BEFORE any other collective and
 * give the same status on every rank: a rank with Q_local = 0, sizes,
 * networks, trainers or parameters that differ across ranks: CLM_EMPI;
 * a local argument error on any rank (NULL pointer, Inf in the data,
 * parameter out of range...): the largest such status code, on every rank.
 * A rank that fails later (out of memory, device error) cannot warn the
 * others, which may then wait in a collective: call MPI_Abort on error.
 * Status: those of clm_train_sized, plus CLM_EMPI (the above, MPI not
 * initialised, or an MPI call failed).
 * Thread safety: MPI's (the calling thread must be allowed to make MPI
 * calls); OpenMP threads inside each rank as p->threads.  Since 0.1. */
int clm_train_mpi(clm_net *net, const clm_trainer_type *t, const double *X_local,
                  size_t n_inputs, const double *T_local, size_t n_outputs, size_t Q_local,
                  const clm_trainparam *p, clm_record *record, MPI_Comm comm);

/* clm_initchaos_mpi: clm_initchaos with the candidates split across the
 * ranks of comm.  COLLECTIVE.  Every rank holds ALL Q samples (the same X
 * and T, checked by a hash) and the same network and parameters; in each
 * stage rank r scores candidates [r*n/size, (r+1)*n/size) of the n = K*T
 * candidates (with `threads` OpenMP threads), the errors are combined
 * exactly (the other ranks contribute zeros) and every rank picks the best
 * by the same (error, search, step) rule: the weights are bit-identical to
 * the single-process clm_initchaos for any number of ranks.
 * Arguments and outputs as clm_initchaos.  Status: those of clm_initchaos,
 * plus CLM_EMPI (data, network, parameters or seed differ across ranks,
 * MPI not initialised or an MPI call failed); the same status on every
 * rank.  Since 0.1. */
int clm_initchaos_mpi(clm_net *net, const double *X, const double *T, size_t Q,
                      const clm_chaosparam *cp, uint64_t seed, int threads,
                      uint64_t *evals, double *perf, MPI_Comm comm);

/* clm_mpi_share: the consecutive share of Q samples that rank `rank` of
 * `size` ranks holds in the balanced split used by the chaoslm CLI:
 * [*begin, *end) with sizes differing by at most one, the larger shares
 * first.  Status: CLM_OK, CLM_ENULL, CLM_EINVAL (size < 1 or rank outside
 * [0, size)).  Thread safety: safe.  Since 0.1. */
int clm_mpi_share(size_t Q, int rank, int size, size_t *begin, size_t *end);

#ifdef __cplusplus
}
#endif
#endif /* CLM_MPI_H */
