/* chaoslm — the list of transfer functions, indexed by clm_transfer, and
 * the accessors over it.  Each function is its own file
 * (lib/transfer_<name>.c, see lib/transfer.h); MATLAB's formulas are there.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <string.h>
#include "net_internal.h"

extern const clm__transfer_ops clm__tansig_ops, clm__logsig_ops, clm__purelin_ops,
    clm__poslin_ops, clm__softmax_ops;

/* One line per transfer function, in clm_transfer order. */
static const clm__transfer_ops *const transfer_table[CLM_TRANSFER_COUNT_] = {
  [CLM_TANSIG] = &clm__tansig_ops,
  [CLM_LOGSIG] = &clm__logsig_ops,
  [CLM_PURELIN] = &clm__purelin_ops,
  [CLM_POSLIN] = &clm__poslin_ops,
  [CLM_SOFTMAX] = &clm__softmax_ops,
};

const clm__transfer_ops *clm__transfer_ops_of(clm_transfer tf) {
  return (int)tf >= 0 && tf < CLM_TRANSFER_COUNT_ ? transfer_table[tf] : NULL;
}

void clm__transfer_apply(clm_transfer tf, const double *n, double *a, size_t S) {
  const clm__transfer_ops *op = clm__transfer_ops_of(tf);
  if (op) op->apply(n, a, S);
}

int clm__transfer_active_range(clm_transfer tf, double *nmin, double *nmax) {
  const clm__transfer_ops *op = clm__transfer_ops_of(tf);
  *nmin = op ? op->active_lo : -INFINITY;
  *nmax = op ? op->active_hi : INFINITY;
  return isfinite(*nmin) && isfinite(*nmax);
}

void clm__transfer_output_range(clm_transfer tf, double *lo, double *hi) {
  const clm__transfer_ops *op = clm__transfer_ops_of(tf);
  *lo = op ? op->out_lo : -INFINITY;
  *hi = op ? op->out_hi : INFINITY;
}

const char *clm_transfer_name(clm_transfer tf) {
  const clm__transfer_ops *op = clm__transfer_ops_of(tf);
  return op ? op->name : NULL;
}

int clm_transfer_from_name(const char *name, clm_transfer *out) {
  if (!name || !out) return CLM_ENULL;
  for (int i = 0; i < (int)CLM_TRANSFER_COUNT_; i++)
    if (strcmp(transfer_table[i]->name, name) == 0) {
      *out = (clm_transfer)i;
      return CLM_OK;
    }
  return CLM_ETRANSFER;
}
