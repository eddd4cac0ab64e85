/* chaoslm — MATLAB names of the enumerations (initnw, dividerand, mse,
 * standard...; the transfer functions name themselves, lib/transfer.c).
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later. */
#include <string.h>
#include "chaoslm.h"

static const char *const init_names[] = {"initnw", "rands"};
static const char *const divide_names[] = {"dividerand", "divideblock", "divideint", "divideind", "dividetrain"};
static const char *const perform_names[] = {"mse", "sse", "mae", "crossentropy"};
static const char *const normalization_names[] = {"none", "standard", "percent"};

/* Index of name in table, or -1. */
static int lookup(const char *const *table, int n, const char *name) {
  if (!name) return -1;
  for (int i = 0; i < n; i++)
    if (strcmp(table[i], name) == 0) return i;
  return -1;
}

#define CLM_NAME_FUNCS_(type, prefix, table, count, bad)                        \
  const char *prefix##_name(type v) {                                          \
    return ((int)v >= 0 && (int)v < (int)(count)) ? table[v] : NULL;            \
  }                                                                            \
  int prefix##_from_name(const char *name, type *out) {                         \
    if (!name || !out) return CLM_ENULL;                                       \
    int i = lookup(table, (int)(count), name);                                 \
    if (i < 0) return bad;                                                     \
    *out = (type)i;                                                            \
    return CLM_OK;                                                             \
  }

CLM_NAME_FUNCS_(clm_initfcn, clm_initfcn, init_names, CLM_INITFCN_COUNT_, CLM_EINVAL)
CLM_NAME_FUNCS_(clm_dividefcn, clm_dividefcn, divide_names, CLM_DIVIDEFCN_COUNT_, CLM_EINVAL)
CLM_NAME_FUNCS_(clm_performfcn, clm_performfcn, perform_names, CLM_PERFORMFCN_COUNT_, CLM_EINVAL)
CLM_NAME_FUNCS_(clm_normalization, clm_normalization, normalization_names,
                CLM_NORMALIZATION_COUNT_, CLM_EINVAL)
