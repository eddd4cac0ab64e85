/* chaoslm — purelin, the identity: a = n, da/dn = 1.  Output unbounded; no
 * active range (initnw falls back to rands, as MATLAB).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include "transfer.h"

static void purelin_apply(const double *n, double *a, size_t S) {
  if (a != n)
    for (size_t i = 0; i < S; i++) a[i] = n[i];
}

static void purelin_backprop(const double *a, double *g, size_t S) {
  (void)a;
  (void)g;
  (void)S;
}

const clm__transfer_ops clm__purelin_ops = {
  .name = "purelin",
  .apply = purelin_apply,
  .backprop = purelin_backprop,
  .flops = 0.0,
  .out_lo = -INFINITY,
  .out_hi = INFINITY,
  .active_lo = -INFINITY,
  .active_hi = INFINITY,
};
