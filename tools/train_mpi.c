/* chaoslm command-line tool — `mpirun -np N chaoslm train` (compiled only
 * with HAVE_MPI).  When started by an MPI launcher (Open MPI, MPICH / PMI,
 * PMIx) `train` runs distributed (doc/distributed.md): each rank keeps its
 * share of the rows (clm_mpi_share), trains with clm_train_mpi, and rank 0
 * gathers the outputs, prints and writes the files.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "train.h"

#include <mpi.h>
#include <stdlib.h>
#include <string.h>
#include "chaoslm/mpi.h"

static int mpi_launched(void) {
  return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK");
}

void train_mpi_start(train_opts *o, train_data *d) {
  int init = 0;
  if (!mpi_launched()) return;
  MPI_Initialized(&init);
  if (!init) {
    MPI_Init(NULL, NULL);
    d->mpi_started = 1;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &d->rank);
  MPI_Comm_size(MPI_COMM_WORLD, &d->size);
  if (d->rank != 0) o->quiet = 1;
}

int train_mpi_read(const train_opts *o, train_data *d, char *err, size_t err_len) {
  size_t b = 0, e = 0;
  if (!strcmp(o->data_path, "-")) {
    snprintf(err, err_len, "-: standard input cannot be shared by %d MPI ranks", d->size);
    return -1;
  }
  if (clm_csv_read_rows(o->data_path, o->K, 0, 0, &d->Q_all, &d->csv, err, err_len)) return -1;
  clm_csv_free(&d->csv);
  clm_mpi_share(d->Q_all, d->rank, d->size, &b, &e);
  return clm_csv_read_rows(o->data_path, o->K, b, e, NULL, &d->csv, err, err_len);
}

int train_mpi_train(const train_opts *o, const train_data *d, clm_net *net,
                    const clm_trainparam *p, clm_record *rec) {
  return clm_train_mpi(net, o->trainer, d->csv.X, d->csv.n_inputs, d->csv.T, o->K,
                       d->csv.n_rows, p, rec, MPI_COMM_WORLD);
}

/* Rank 0 receives every rank's rows of Y and T (K x rows each, in rank
 * order) into *Y and *T (replaced; Q_all rows).  Returns 0 on success. */
static int gather_rows(double **Y, double **T, size_t K, size_t rows, size_t Q_all, int rank,
                       int size) {
  int n = (int)(K * rows), *cnt = NULL, *dsp = NULL, ok = 1;
  double *Ya = NULL, *Ta = NULL;
  if (rank == 0) {
    cnt = malloc((size_t)size * sizeof *cnt);
    dsp = malloc((size_t)size * sizeof *dsp);
    Ya = malloc((Q_all ? Q_all : 1) * K * sizeof *Ya);
    Ta = malloc((Q_all ? Q_all : 1) * K * sizeof *Ta);
    ok = cnt && dsp && Ya && Ta;
  }
  MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (ok) {
    MPI_Gather(&n, 1, MPI_INT, cnt, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0)
      for (int r = 0; r < size; r++) dsp[r] = r ? dsp[r - 1] + cnt[r - 1] : 0;
    MPI_Gatherv(*Y, n, MPI_DOUBLE, Ya, cnt, dsp, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    MPI_Gatherv(*T, n, MPI_DOUBLE, Ta, cnt, dsp, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  }
  free(cnt);
  free(dsp);
  if (ok && rank == 0) {
    free(*Y);
    free(*T);
    *Y = Ya;
    *T = Ta;
  } else {
    free(Ya);
    free(Ta);
  }
  return ok ? 0 : -1;
}

int train_mpi_gather(double **Y, train_data *d) {
  if (gather_rows(Y, &d->csv.T, d->csv.n_targets, d->csv.n_rows, d->Q_all, d->rank, d->size))
    return -1;
  if (d->rank == 0) d->csv.n_rows = d->Q_all; /* Y and T hold every row (X this rank's) */
  return 0;
}

void train_mpi_finish(train_data *d) {
  if (d->mpi_started) MPI_Finalize();
  d->mpi_started = 0;
}
