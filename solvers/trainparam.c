/* chaoslm — training parameters: descriptions, defaults, checks, access by
 * name; backend names; stop-reason texts.
 *
 * Every trainer takes the common parameters below (MATLAB's order), then its
 * own (listed in its file), then chaoslm's extensions.  Defaults are
 * MATLAB's current ones (doc/matlab.md §1): epochs 1000,
 * goal 0, max_fail 6, show 25, showCommandLine false, time Inf; min_grad
 * and max_fail come from the trainer's table where they differ.
 *
 * Bounds follow the trainers' parameter info blocks (goal >= 0,
 * min_grad >= 0, time > 0, ...).  NaN is rejected everywhere.  Where an
 * infinite value would make the loop run forever or produce no number (mu,
 * mu_inc, mu_max, lr) it must be finite too; goal, min_grad and time may be
 * +Inf.  Counts (epochs, show, max_fail) are whole numbers; max_fail may be
 * Inf where the trainer allows it (stored as SIZE_MAX).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trainer.h"

#define TPO(f) offsetof(clm_trainparam, f)
#define COUNT_MAX_DOUBLE 9007199254740992.0 /* 2^53: whole numbers a double holds exactly */

/* The common parameters; min_grad's and max_fail's defaults are replaced by
 * the trainer's own (clm_trainer_param). */
static const clm_param_info common_params[] = {
  {.name = "showCommandLine", .type = CLM_PARAM_FLAG, .offset = TPO(show_command_line),
   .def = 0, .lo = 0, .hi = 1, .help = "print progress lines (through the writer)"},
  {.name = "show", .type = CLM_PARAM_COUNT, .offset = TPO(show), .def = 25, .lo = 0,
   .hi = INFINITY, .flags = CLM_PARAM_NAN_ZERO, .help = "epochs between progress lines (0 = never)"},
  {.name = "epochs", .type = CLM_PARAM_COUNT, .offset = TPO(epochs), .def = 1000, .lo = 0,
   .hi = INFINITY, .help = "maximum number of epochs"},
  {.name = "time", .type = CLM_PARAM_REAL, .offset = TPO(time), .def = INFINITY, .lo = 0,
   .hi = INFINITY, .flags = CLM_PARAM_LO_OPEN | CLM_PARAM_INF_OK, .help = "time limit in seconds"},
  {.name = "goal", .type = CLM_PARAM_REAL, .offset = TPO(goal), .def = 0, .lo = 0,
   .hi = INFINITY, .flags = CLM_PARAM_INF_OK, .help = "performance goal"},
  {.name = "min_grad", .type = CLM_PARAM_REAL, .offset = TPO(min_grad), .def = NAN, .lo = 0,
   .hi = INFINITY, .flags = CLM_PARAM_INF_OK, .help = "minimum gradient"},
  {.name = "max_fail", .type = CLM_PARAM_COUNT, .offset = TPO(max_fail), .def = NAN, .lo = 0,
   .hi = INFINITY, .flags = CLM_PARAM_INF_OK, .help = "maximum validation failures"},
};
enum { COMMON_MIN_GRAD = 5, COMMON_MAX_FAIL = 6 };

/* chaoslm's extensions; backend only for trainers with a linear solver (last). */
static const clm_param_info extension_params[] = {
  {.name = "seed", .type = CLM_PARAM_SEED, .offset = TPO(seed), .def = 0, .lo = 0,
   .hi = COUNT_MAX_DOUBLE, .flags = CLM_PARAM_EXTENSION,
   .help = "seed of the division (and of the initial weights when configuring)"},
  {.name = "threads", .type = CLM_PARAM_INT, .offset = TPO(threads), .def = 0, .lo = 0,
   .hi = 4096, .flags = CLM_PARAM_EXTENSION, .help = "OpenMP threads (0 = OpenMP's default)"},
  {.name = "backend", .type = CLM_PARAM_BACKEND, .offset = TPO(backend),
   .def = CLM_BACKEND_AUTO, .lo = 0, .hi = CLM_BACKEND_COUNT_ - 1, .flags = CLM_PARAM_EXTENSION,
   .help = "linear solver: auto, cpu or gpu"},
};
#define N_COMMON CLM__COUNT_OF(common_params)
#define N_EXTENSION(t) \
  (CLM__COUNT_OF(extension_params) - (((t)->flags & CLM_TRAINER_LINSOLVER) ? 0 : 1))

size_t clm_trainer_num_params(const clm_trainer_type *t) {
  return t ? N_COMMON + t->n_params + N_EXTENSION(t) : 0;
}

/* The i-th description of t without the trainer-specific defaults. */
static const clm_param_info *param_at(const clm_trainer_type *t, size_t i) {
  if (i < N_COMMON) return &common_params[i];
  i -= N_COMMON;
  if (i < t->n_params) return &t->params[i];
  i -= t->n_params;
  return i < N_EXTENSION(t) ? &extension_params[i] : NULL;
}

int clm_trainer_param(const clm_trainer_type *t, size_t i, clm_param_info *info) {
  if (!t || !info) return CLM_ENULL;
  const clm_param_info *d = param_at(t, i);
  if (!d) return CLM_EINVAL;
  *info = *d;
  if (i == COMMON_MIN_GRAD) info->def = t->min_grad;
  if (i == COMMON_MAX_FAIL) info->def = t->max_fail;
  return CLM_OK;
}

int clm_trainer_find_param(const clm_trainer_type *t, const char *name, size_t *index) {
  if (!t || !name || !index) return CLM_ENULL;
  const size_t n = clm_trainer_num_params(t);
  for (size_t i = 0; i < n; i++)
    if (strcmp(param_at(t, i)->name, name) == 0) {
      *index = i;
      return CLM_OK;
    }
  return CLM_EINVAL;
}

/* Case-insensitive edit distance (Levenshtein) of two short names; names
 * longer than 63 characters compare as far apart. */
static size_t edit_distance(const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b);
  if (na > 63 || nb > 63) return SIZE_MAX;
  size_t row[64];
  for (size_t j = 0; j <= nb; j++) row[j] = j;
  for (size_t i = 1; i <= na; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= nb; j++) {
      size_t up = row[j];
      int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
      size_t best = diag + (same ? 0 : 1);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[nb];
}

const char *clm_trainer_nearest_param(const clm_trainer_type *t, const char *name) {
  if (!t || !name) return NULL;
  const char *best = NULL;
  size_t best_d = SIZE_MAX;
  const size_t n = clm_trainer_num_params(t);
  for (size_t i = 0; i < n; i++) {
    size_t d = edit_distance(name, param_at(t, i)->name);
    if (d < best_d) {
      best_d = d;
      best = param_at(t, i)->name;
    }
  }
  /* close enough: at most half of the longer name differs */
  size_t len = strlen(name), lb = best ? strlen(best) : 0;
  if (lb > len) len = lb;
  return best && best_d <= len / 2 ? best : NULL;
}

/* ------------------------------------------------------------------------ */
/* Values                                                                    */

/* The stored value of a parameter as a double (counts of SIZE_MAX as Inf). */
static double read_value(const clm_trainparam *p, const clm_param_info *d) {
  const char *base = (const char *)p + d->offset;
  switch (d->type) {
  case CLM_PARAM_REAL: return *(const double *)base;
  case CLM_PARAM_COUNT: {
    size_t v = *(const size_t *)base;
    return v == SIZE_MAX && (d->flags & CLM_PARAM_INF_OK) ? INFINITY : (double)v;
  }
  case CLM_PARAM_FLAG: return (double)*(const int *)base;
  case CLM_PARAM_SEED: return (double)*(const uint64_t *)base;
  case CLM_PARAM_INT: return (double)*(const int *)base;
  case CLM_PARAM_BACKEND: return (double)*(const clm_backend *)base;
  default: return NAN;
  }
}

/* Store v (already checked by check_value) into the parameter. */
static void write_value(clm_trainparam *p, const clm_param_info *d, double v) {
  char *base = (char *)p + d->offset;
  if ((d->flags & CLM_PARAM_NAN_ZERO) && !isfinite(v)) v = 0.0;
  switch (d->type) {
  case CLM_PARAM_REAL: *(double *)base = v; break;
  case CLM_PARAM_COUNT: *(size_t *)base = isinf(v) ? SIZE_MAX : (size_t)v; break;
  case CLM_PARAM_FLAG: *(int *)base = v != 0.0; break;
  case CLM_PARAM_SEED: *(uint64_t *)base = (uint64_t)v; break;
  case CLM_PARAM_INT: *(int *)base = (int)v; break;
  case CLM_PARAM_BACKEND: *(clm_backend *)base = (clm_backend)(int)v; break;
  default: break;
  }
}

/* "lo <= name <= hi", "name > lo", ... as the flags and bounds say. */
static void bound_text(const clm_param_info *d, char *buf, size_t len) {
  char lo[32] = "", hi[32] = "";
  const char *lop = d->flags & CLM_PARAM_LO_OPEN ? "<" : "<=";
  const char *hip = d->flags & CLM_PARAM_HI_OPEN ? "<" : "<=";
  int has_lo = isfinite(d->lo);
  int has_hi = isfinite(d->hi) || (d->flags & CLM_PARAM_HI_OPEN);
  if (d->type == CLM_PARAM_FLAG) {
    snprintf(buf, len, "%s = 0 or 1 (false or true)", d->name);
    return;
  }
  if (d->type == CLM_PARAM_BACKEND) {
    snprintf(buf, len, "%s = auto, cpu or gpu", d->name);
    return;
  }
  if (has_lo) snprintf(lo, sizeof lo, "%.17g", d->lo);
  if (isfinite(d->hi)) snprintf(hi, sizeof hi, "%.17g", d->hi);
  else snprintf(hi, sizeof hi, "Inf");
  const char *whole = d->type == CLM_PARAM_REAL ? "" : ", a whole number";
  if (has_lo && has_hi)
    snprintf(buf, len, "%s %s %s %s %s%s", lo, lop, d->name, hip, hi, whole);
  else if (has_lo)
    snprintf(buf, len, "%s %s %s%s", d->name, d->flags & CLM_PARAM_LO_OPEN ? ">" : ">=", lo,
             whole);
  else if (has_hi)
    snprintf(buf, len, "%s %s %s%s", d->name, hip, hi, whole);
  else
    snprintf(buf, len, "%s is a number%s", d->name, whole);
}

/* Is v a valid value of the parameter?  from_double: v comes from a caller
 * as a double (set/parse), so whole-number types must also fit 2^53;
 * otherwise it was read from the struct, where any stored count or seed is
 * valid above the lower bound. */
static int value_ok(const clm_param_info *d, double v, int from_double) {
  if (isnan(v)) return (d->flags & CLM_PARAM_NAN_ZERO) && from_double;
  if (isinf(v)) {
    if (v < 0) return 0;
    if (d->flags & CLM_PARAM_NAN_ZERO) return from_double;
    return (d->flags & CLM_PARAM_INF_OK) != 0;
  }
  if (d->type != CLM_PARAM_REAL && v != floor(v)) return 0;
  if (d->flags & CLM_PARAM_LO_OPEN ? !(v > d->lo) : !(v >= d->lo)) return 0;
  int whole = d->type == CLM_PARAM_COUNT || d->type == CLM_PARAM_SEED;
  if (whole && !from_double) return 1;
  if (whole && v > COUNT_MAX_DOUBLE) return 0;
  if (d->flags & CLM_PARAM_HI_OPEN ? !(v < d->hi) : !(v <= d->hi)) return 0;
  return 1;
}

/* Write "name = value violates bound" into msg and return CLM_EPARAM. */
static int bad_value(const clm_param_info *d, double v, char *msg, size_t msg_len) {
  if (msg && msg_len) {
    char b[160];
    bound_text(d, b, sizeof b);
    snprintf(msg, msg_len, "%s = %.17g violates %s", d->name, v, b);
  }
  return CLM_EPARAM;
}

/* The description of `name` for t, or NULL with an "unknown" message. */
static const clm_param_info *lookup(const clm_trainer_type *t, const char *name, char *msg,
                                    size_t msg_len) {
  size_t i;
  if (clm_trainer_find_param(t, name, &i) == CLM_OK) return param_at(t, i);
  if (msg && msg_len) {
    const char *near = clm_trainer_nearest_param(t, name);
    if (near)
      snprintf(msg, msg_len, "%s is not a parameter of %s (did you mean %s?)", name, t->name,
               near);
    else
      snprintf(msg, msg_len, "%s is not a parameter of %s", name, t->name);
  }
  return NULL;
}

int clm_trainparam_set(clm_trainparam *p, const clm_trainer_type *t, const char *name,
                       double value, char *msg, size_t msg_len) {
  if (msg && msg_len) msg[0] = '\0';
  if (!p || !t || !name) return CLM_ENULL;
  const clm_param_info *d = lookup(t, name, msg, msg_len);
  if (!d) return CLM_EINVAL;
  if (!value_ok(d, value, 1)) return bad_value(d, value, msg, msg_len);
  write_value(p, d, value);
  return CLM_OK;
}

int clm_trainparam_get(const clm_trainparam *p, const clm_trainer_type *t, const char *name,
                       double *value) {
  if (!p || !t || !name || !value) return CLM_ENULL;
  size_t i;
  if (clm_trainer_find_param(t, name, &i) != CLM_OK) return CLM_EINVAL;
  *value = read_value(p, param_at(t, i));
  return CLM_OK;
}

int clm_trainparam_parse(clm_trainparam *p, const clm_trainer_type *t, const char *name,
                         const char *text, char *msg, size_t msg_len) {
  if (msg && msg_len) msg[0] = '\0';
  if (!p || !t || !name || !text) return CLM_ENULL;
  const clm_param_info *d = lookup(t, name, msg, msg_len);
  if (!d) return CLM_EINVAL;
  double v;
  if (d->type == CLM_PARAM_SEED) { /* all 64 bits, not through a double */
    char *end = NULL;
    errno = 0;
    unsigned long long u = isdigit((unsigned char)text[0]) ? strtoull(text, &end, 10) : 0;
    if (!end || *end || errno == ERANGE) {
      if (msg && msg_len)
        snprintf(msg, msg_len, "%s = '%s' is not a whole number from 0 to 18446744073709551615",
                 name, text);
      return CLM_EPARAM;
    }
    *(uint64_t *)((char *)p + d->offset) = (uint64_t)u;
    return CLM_OK;
  }
  if (d->type == CLM_PARAM_BACKEND) {
    clm_backend b;
    if (clm_backend_from_name(text, &b) != CLM_OK) {
      if (msg && msg_len)
        snprintf(msg, msg_len, "%s = '%s' is not a backend (auto, cpu or gpu)", name, text);
      return CLM_EPARAM;
    }
    v = (double)b;
  } else if (d->type == CLM_PARAM_FLAG && (!strcmp(text, "true") || !strcmp(text, "false"))) {
    v = text[0] == 't' ? 1.0 : 0.0;
  } else {
    char *end = NULL;
    v = strtod(text, &end);
    while (end && isspace((unsigned char)*end)) end++;
    if (!text[0] || !end || *end) {
      if (msg && msg_len) snprintf(msg, msg_len, "%s = '%s' is not a number", name, text);
      return CLM_EPARAM;
    }
  }
  return clm_trainparam_set(p, t, name, v, msg, msg_len);
}

/* ------------------------------------------------------------------------ */
/* Defaults and the whole-struct check                                       */

static void apply_defaults(clm_trainparam *p, const clm_trainer_type *t) {
  for (size_t i = 0; i < t->n_params; i++) write_value(p, &t->params[i], t->params[i].def);
}

clm_trainparam clm_trainparam_default(const clm_trainer_type *t) {
  clm_trainparam p;
  memset(&p, 0, sizeof p);
  if (!t) t = clm_trainlm;
  for (size_t i = 0; i < N_COMMON; i++) /* NaN: the trainer's default, below */
    if (!isnan(common_params[i].def)) write_value(&p, &common_params[i], common_params[i].def);
  for (size_t i = 0; i < CLM__COUNT_OF(extension_params); i++)
    write_value(&p, &extension_params[i], extension_params[i].def);
  p.min_grad = t->min_grad;
  p.max_fail = isinf(t->max_fail) ? SIZE_MAX : (size_t)t->max_fail;
  /* Fields of other trainers get their first trainer's defaults (so that a
   * struct can be handed to another trainer), then t's own win. */
  for (size_t k = clm__n_trainers; k-- > 0;)
    if (clm__trainers[k] != t) apply_defaults(&p, clm__trainers[k]);
  apply_defaults(&p, t);
  p.chaos = clm_chaosparam_default(); /* init/escape off */
  return p;
}

/* Write "field = value violates bound" into msg and return CLM_EPARAM. */
static int bad(char *msg, size_t msg_len, const char *field, double v, const char *bound) {
  if (msg && msg_len) snprintf(msg, msg_len, "%s = %.17g violates %s", field, v, bound);
  return CLM_EPARAM;
}

int clm_trainparam_check(const clm_trainer_type *t, const clm_trainparam *p,
                         char *msg, size_t msg_len) {
  if (msg && msg_len) msg[0] = '\0';
  if (!p) return CLM_ENULL;
  if (!t) t = clm_trainlm;
  const size_t n = clm_trainer_num_params(t);
  for (size_t i = 0; i < n; i++) {
    const clm_param_info *d = param_at(t, i);
    double v = read_value(p, d);
    if (!value_ok(d, v, 0)) return bad_value(d, v, msg, msg_len);
  }
  /* a trainer without a linear solver does not list backend, but an
   * invalid enumerator is still an error */
  if ((int)p->backend < 0 || p->backend >= CLM_BACKEND_COUNT_)
    return bad(msg, msg_len, "backend", (double)p->backend, "backend = auto, cpu or gpu");
  if (p->checkpoint_path) {
    if (!p->checkpoint_path[0])
      return bad(msg, msg_len, "checkpoint_path", 0, "a non-empty path (or NULL for no checkpoints)");
    if (p->checkpoint_every == 0)
      return bad(msg, msg_len, "checkpoint_every", 0, "checkpoint_every >= 1 when checkpoint_path is set");
  }
  if (p->chaos.init || p->chaos.escape || p->chaos.race) {
    int st = clm_chaosparam_check(&p->chaos, msg, msg_len);
    if (st != CLM_OK) return st;
    if (p->chaos.race && p->checkpoint_path)
      return bad(msg, msg_len, "chaos.race", (double)p->chaos.race, "0 when checkpoint_path is set");
    if (p->chaos.escape && !(t->flags & CLM_TRAINER_ESCAPE)) {
      if (msg && msg_len)
        snprintf(msg, msg_len, "chaos.escape = 1 violates: %s cannot use the chaotic escape "
                 "(it has no stall signal; trainlm has)", t->name);
      return CLM_EPARAM;
    }
  }
  return CLM_OK;
}

/* ------------------------------------------------------------------------ */
/* Names                                                                     */

static const char *const backend_names[CLM_BACKEND_COUNT_] = {"auto", "cpu", "gpu"};

const char *clm_backend_name(clm_backend b) {
  return (int)b >= 0 && b < CLM_BACKEND_COUNT_ ? backend_names[b] : NULL;
}

int clm_backend_from_name(const char *name, clm_backend *b) {
  if (!name || !b) return CLM_ENULL;
  for (int i = 0; i < (int)CLM_BACKEND_COUNT_; i++)
    if (strcmp(name, backend_names[i]) == 0) {
      *b = (clm_backend)i;
      return CLM_OK;
    }
  return CLM_EINVAL;
}

const char *clm_stop_text(clm_stop s) {
  switch (s) {
  case CLM_STOP_NONE: return "";
  case CLM_STOP_USER: return "User stop.";
  case CLM_STOP_GOAL: return "Performance goal met.";
  case CLM_STOP_EPOCHS: return "Maximum epoch reached.";
  case CLM_STOP_TIME: return "Maximum time elapsed.";
  case CLM_STOP_MIN_GRAD: return "Minimum gradient reached.";
  case CLM_STOP_MU_MAX: return "Maximum MU reached.";
  case CLM_STOP_VALIDATION: return "Validation stop.";
  default: return NULL;
  }
}
