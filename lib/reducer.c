/* chaoslm — the serial reducer: one process, nothing to combine.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <string.h>
#include "net_internal.h"
#include "reducer.h"

static int same_values(const clm__reducer *r, double *buf, size_t n) {
  (void)r;
  (void)buf;
  (void)n;
  return CLM_OK;
}

static int same_status(const clm__reducer *r, int *status) {
  (void)r;
  (void)status;
  return CLM_OK;
}

void clm__reducer_serial(clm__reducer *r) {
  memset(r, 0, sizeof *r);
  r->rank = 0;
  r->size = 1;
  r->sum = same_values;
  r->max = same_values;
  r->bcast = same_values;
  r->bcast_status = same_status;
}
