/* chaoslm command-line tool — the spellings `train` accepts for division,
 * initialisation, transfer functions, backends, trainers, performance
 * functions and normalizations, looked up and listed through the
 * library's name functions (no list of names here).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "train.h"

#include <string.h>

#define DIVIDE_PREFIX "divide"
#define INIT_PREFIX "init"
/* dividetrain (every sample trains) is also called "none" */
#define DIVIDE_NONE "none"

/* Look name up, then PREFIX + name (--divide rand: dividerand). */
static int lookup_prefixed(const char *name, const char *prefix, void *out,
                           int (*from_name)(const char *, void *)) {
  char full[64];
  if (from_name(name, out) == CLM_OK) return 0;
  if (strlen(prefix) + strlen(name) >= sizeof full) return -1;
  snprintf(full, sizeof full, "%s%s", prefix, name);
  return from_name(full, out) == CLM_OK ? 0 : -1;
}

static int divide_from_name(const char *name, void *out) {
  return clm_dividefcn_from_name(name, out);
}

static int init_from_name(const char *name, void *out) {
  return clm_initfcn_from_name(name, out);
}

int train_divide_from_name(const char *s, clm_dividefcn *f) {
  clm_dividefcn v;
  if (strcmp(s, DIVIDE_NONE) == 0) v = CLM_DIVIDETRAIN;
  else if (lookup_prefixed(s, DIVIDE_PREFIX, &v, divide_from_name)) return -1;
  if (v == CLM_DIVIDEIND) return -1; /* needs index lists */
  *f = v;
  return 0;
}

int train_init_from_name(const char *s, clm_initfcn *f) {
  return lookup_prefixed(s, INIT_PREFIX, f, init_from_name);
}

/* Append item to buf (with sep after the first). */
static void append(char *buf, size_t len, const char *sep, const char *item) {
  size_t o = strlen(buf);
  if (o < len) snprintf(buf + o, len - o, "%s%s", o ? sep : "", item);
}

/* name without prefix, when it has it */
static const char *short_name(const char *name, const char *prefix) {
  size_t n = strlen(prefix);
  return strncmp(name, prefix, n) == 0 && name[n] ? name + n : name;
}

void train_list_divides(char *buf, size_t len, const char *sep) {
  if (len) buf[0] = '\0';
  for (int i = 0; i < (int)CLM_DIVIDEFCN_COUNT_; i++) {
    if (i == CLM_DIVIDEIND) continue;
    const char *name = clm_dividefcn_name((clm_dividefcn)i);
    append(buf, len, sep, i == CLM_DIVIDETRAIN ? DIVIDE_NONE : short_name(name, DIVIDE_PREFIX));
  }
}

void train_list_inits(char *buf, size_t len, const char *sep) {
  if (len) buf[0] = '\0';
  for (int i = 0; i < (int)CLM_INITFCN_COUNT_; i++)
    append(buf, len, sep, short_name(clm_initfcn_name((clm_initfcn)i), INIT_PREFIX));
  append(buf, len, sep, "chaos");
}

void train_list_transfers(char *buf, size_t len, const char *sep) {
  if (len) buf[0] = '\0';
  for (int i = 0; i < (int)CLM_TRANSFER_COUNT_; i++)
    append(buf, len, sep, clm_transfer_name((clm_transfer)i));
}

void train_list_backends(char *buf, size_t len, const char *sep) {
  if (len) buf[0] = '\0';
  for (int i = 0; i < (int)CLM_BACKEND_COUNT_; i++)
    append(buf, len, sep, clm_backend_name((clm_backend)i));
}

void train_list_trainers(char *buf, size_t len, const char *sep) {
  if (len) buf[0] = '\0';
  for (size_t i = 0; i < clm_trainer_count(); i++)
    append(buf, len, sep, clm_trainer_name(clm_trainer_at(i)));
}

void train_list_performs(char *buf, size_t len, const char *sep) {
  if (len) buf[0] = '\0';
  for (int i = 0; i < (int)CLM_PERFORMFCN_COUNT_; i++)
    append(buf, len, sep, clm_performfcn_name((clm_performfcn)i));
}

void train_list_normalizations(char *buf, size_t len, const char *sep) {
  if (len) buf[0] = '\0';
  for (int i = 0; i < (int)CLM_NORMALIZATION_COUNT_; i++)
    append(buf, len, sep, clm_normalization_name((clm_normalization)i));
}
