/* chaoslm — checkpoints: the best network so far saved while training runs
 * (clm_trainparam.checkpoint_path / checkpoint_every).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "trainer.h"

/* Save the best network so far to p->checkpoint_path (rank 0 only under
 * MPI): a shallow copy of the configured network with the best weights
 * swapped in, written atomically by clm_net_save.  A failure is recorded,
 * not returned: losing a checkpoint must not lose the training. */
void clm__checkpoint(const clm_net *cnet, const double *best_wb, const clm_trainparam *p,
                     const clm__reducer *red, clm_record *rec) {
  if (red->rank != 0) return;
  clm_net snap = *cnet; /* only wb differs; nothing is freed */
  snap.wb = (double *)best_wb;
  int st = clm_net_save(&snap, p->checkpoint_path);
  if (st != CLM_OK) rec->checkpoint_status = st;
}
