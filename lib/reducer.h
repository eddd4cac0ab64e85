/* chaoslm — reductions across the processes of a training (internal; no
 * MPI types, so the driver and the chaotic search compile without MPI).
 *
 * The driver always trains through a clm__reducer: a distributed training
 * (clm_train_mpi, solvers/mpi.c) gives it one over MPI, a serial clm_train
 * uses the serial one (clm__reducer_serial: one process, sums and
 * broadcasts leave the values as they are, the division is the process's
 * own).  Wherever the driver or a trainer sums over samples
 * (training sse and error count N, validation/test sse, the gradient of
 * traingd/traingdm, J'J and J'e of trainlm, the errors of chaotic-search
 * candidates) it sums its own shard and then calls sum(); every process
 * receives the same numbers and so takes the same decisions (mu, best
 * network, validation failures, stop).  Decisions that depend on the
 * process itself (wall-clock time limit, user-stop flag, epoch callback)
 * are combined with max() so that all processes stop at the same epoch.
 *
 * Division.  The samples of all processes, concatenated in rank order, are
 * the global data set (global index g = offset_of_rank + local index).  The
 * global division (train/val/test index sets over the global Q) is computed
 * identically on every process; each process trains on the indices that
 * fall in its own range (local_ind, shifted to local numbering) and the
 * record receives the global sets (global_ind).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_REDUCER_H
#define CLM_REDUCER_H

#include <stddef.h>

typedef struct clm__reducer clm__reducer;
struct clm__reducer {
  void *impl;       /* implementation state (the communicator) */
  int rank, size;   /* this process and the number of processes */
  /* In-place element-wise sum / max over all processes of n doubles; every
   * process receives the same values.  CLM_OK or CLM_EMPI. */
  int (*sum)(const clm__reducer *r, double *buf, size_t n);
  int (*max)(const clm__reducer *r, double *buf, size_t n);
  /* Copy rank 0's n doubles to every process.  CLM_OK or CLM_EMPI. */
  int (*bcast)(const clm__reducer *r, double *buf, size_t n);
  /* Copy rank 0's status to every process (it is the same everywhere
   * after the call).  CLM_OK or CLM_EMPI. */
  int (*bcast_status)(const clm__reducer *r, int *status);
  /* the division (see above); sets 0 = train, 1 = val, 2 = test */
  const size_t *local_ind[3];
  size_t local_n[3];
  const size_t *global_ind[3];
  size_t global_n[3];
  /* chaotic search: 0 when every process scores every candidate on its own
   * shard (the errors are summed), 1 when the data are replicated and the
   * candidates are split by index (process r scores candidates
   * [r*n/size, (r+1)*n/size) of each stage, the others contribute 0). */
  int chaos_split;
};

/* A one-process reducer: sum, max and bcast change nothing; the division
 * arrays are left empty for the caller (the driver) to fill with its own
 * division, local = global.  lib/reducer.c. */
void clm__reducer_serial(clm__reducer *r);

#endif /* CLM_REDUCER_H */
