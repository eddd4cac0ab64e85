/* chaoslm — internals of the MPI layer (solvers/mpi.c, solvers/mpi_trainlm.c).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_MPI_INTERNAL_H
#define CLM_MPI_INTERNAL_H

#include "trainer.h"

/* trainlm with its sums reduced over the processes (solvers/mpi_trainlm.c);
 * clm_train_mpi uses it in place of clm__trainlm_type.  Needs ctx->red. */
extern const clm_trainer_type clm__trainlm_mpi_type;

#endif /* CLM_MPI_INTERNAL_H */
