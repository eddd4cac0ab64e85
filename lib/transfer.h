/* chaoslm — transfer functions as operation tables (internal to the
 * library).
 *
 * Each transfer function is one file, lib/transfer_<name>.c, holding one
 * const clm__transfer_ops; lib/transfer.c lists them by clm_transfer value.
 * The evaluator (lib/eval.c), the initialisation (lib/init.c) and the
 * chaotic search use nothing else, so adding a function is that file, one
 * line in the list and its enumerator in include/chaoslm/net.h.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_TRANSFER_H
#define CLM_TRANSFER_H

#include <stddef.h>
#include "chaoslm/net.h"

typedef struct clm__transfer_ops {
  const char *name;   /* MATLAB name, "tansig" */
  /* 0: elementwise, apply/backprop take any number of values; 1: the
   * function couples the S values of one sample (softmax): apply/backprop
   * take exactly one column of S values. */
  int columnwise;
  /* a = f(n) for S values; a may be n (in place).  NaN propagates. */
  void (*apply)(const double *n, double *a, size_t S);
  /* g <- (da/dn)' g in place, from the activations a = f(n) (S values, the
   * same layout as apply).  This is the one derivative of the library:
   * backpropagation, gradients and Jacobians all go through it. */
  void (*backprop)(const double *a, double *g, size_t S);
  /* What apply costs per value, in the flops of the evaluator's parallel
   * threshold (a multiply-add is 2): an exp is about 10.  Only decides
   * whether an evaluation opens a parallel region, never a result. */
  double flops;
  double out_lo, out_hi;       /* output range: [-1,1] for tansig */
  double active_lo, active_hi; /* initnw's active input range; infinite when none */
} clm__transfer_ops;

/* The table of tf (NULL when tf is not a clm_transfer value). */
const clm__transfer_ops *clm__transfer_ops_of(clm_transfer tf);

#endif /* CLM_TRANSFER_H */
