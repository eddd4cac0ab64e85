/* chaoslm command-line tool — reading the data of `train` and `demo`.
 * Under an MPI launcher each rank reads the whole file to count and check
 * the rows but keeps only its share (train_mpi.c).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "train.h"

#include <string.h>

int train_load_data(train_opts *o, train_data *d) {
  char err[512];
  memset(d, 0, sizeof *d);
  d->size = 1;
  if (!o->demo) train_mpi_start(o, d);
  if (d->size > 1) {
    if (train_mpi_read(o, d, err, sizeof err)) {
      if (d->rank == 0) cli_err(o->cmd, "%s", err);
      return CLI_EUSAGE;
    }
    return CLI_OK;
  }
  if (clm_csv_read(o->data_path, o->K, &d->csv, err, sizeof err)) {
    cli_err(o->cmd, "%s", err);
    return CLI_EUSAGE;
  }
  d->Q_all = d->csv.n_rows;
  return CLI_OK;
}

void train_data_free(train_data *d) {
  clm_csv_free(&d->csv);
  train_mpi_finish(d);
}
