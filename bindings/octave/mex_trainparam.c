/* chaoslm — the MEX binding's trainParam: the struct a user edits, built
 * from and read through the library's trainer descriptions
 * (clm_trainer_param, clm_trainparam_set), so that every trainer of the
 * library, with its own parameters and defaults, works without an edit
 * here.  Two groups of fields are the binding's own:
 *   showWindow  MATLAB's training-window switch (default true); there is
 *               no window, so it turns on the command-line progress lines,
 *               as MATLAB does when it cannot open one;
 *   chaos_*     the chaotic initialisation and escape settings
 *               (clm_chaosparam), which belong to every trainer rather than
 *               to one; the escape settings are listed only for trainers
 *               with CLM_TRAINER_ESCAPE.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mex_struct.h"

#define SHOW_WINDOW "showWindow"

enum chaos_kind { CK_FLAG, CK_COUNT, CK_REAL, CK_STREAM, CK_BOX, CK_ESCMODE, CK_REINIT };

typedef struct chaos_field {
  const char *name;
  enum chaos_kind kind;
  size_t offset;  /* into clm_chaosparam */
  unsigned needs; /* trainer flags required (0: every trainer) */
} chaos_field;

#define CPO(f) offsetof(clm_chaosparam, f)
static const chaos_field chaos_fields[] = {
  {"chaos_init", CK_FLAG, CPO(init), 0},
  {"chaos_escape", CK_FLAG, CPO(escape), CLM_TRAINER_ESCAPE},
  {"chaos_stream", CK_STREAM, CPO(stream), 0},
  {"chaos_box", CK_BOX, CPO(box), 0},
  {"chaos_warmup", CK_COUNT, CPO(warmup), 0},
  {"chaos_searches", CK_COUNT, CPO(searches), 0},
  {"chaos_stages", CK_COUNT, CPO(stages), 0},
  {"chaos_shrink", CK_REAL, CPO(shrink), 0},
  {"chaos_init_evals", CK_COUNT, CPO(init_evals), 0},
  {"chaos_window", CK_COUNT, CPO(window), CLM_TRAINER_ESCAPE},
  {"chaos_tol_rel", CK_REAL, CPO(tol_rel), CLM_TRAINER_ESCAPE},
  {"chaos_phase_epochs", CK_COUNT, CPO(phase_epochs), CLM_TRAINER_ESCAPE},
  {"chaos_horizon", CK_REAL, CPO(horizon), CLM_TRAINER_ESCAPE},
  {"chaos_escape_mode", CK_ESCMODE, CPO(escape_mode), CLM_TRAINER_ESCAPE},
  {"chaos_escape_stages", CK_COUNT, CPO(escape_stages), CLM_TRAINER_ESCAPE},
  {"chaos_escape_evals", CK_COUNT, CPO(escape_evals), CLM_TRAINER_ESCAPE},
  {"chaos_rho0", CK_REAL, CPO(rho0), CLM_TRAINER_ESCAPE},
  {"chaos_rho_max", CK_REAL, CPO(rho_max), CLM_TRAINER_ESCAPE},
  {"chaos_w_max", CK_REAL, CPO(w_max), CLM_TRAINER_ESCAPE},
  {"chaos_tol_acc", CK_REAL, CPO(tol_acc), CLM_TRAINER_ESCAPE},
  {"chaos_wc_omega", CK_REAL, CPO(wc_omega), CLM_TRAINER_ESCAPE},
  {"chaos_wc_rho", CK_REAL, CPO(wc_rho), CLM_TRAINER_ESCAPE},
  {"chaos_wc_spread", CK_REAL, CPO(wc_spread), CLM_TRAINER_ESCAPE},
  {"chaos_max_escapes", CK_COUNT, CPO(max_escapes), CLM_TRAINER_ESCAPE},
  {"chaos_max_reinits", CK_COUNT, CPO(max_reinits), CLM_TRAINER_ESCAPE},
  {"chaos_reinit", CK_REINIT, CPO(reinit), CLM_TRAINER_ESCAPE},
  {"chaos_race", CK_COUNT, CPO(race), 0},
  {"chaos_race_epochs", CK_COUNT, CPO(race_epochs), 0},
  {"chaos_race_keep", CK_REAL, CPO(race_keep), 0},
};
#define N_CHAOS (sizeof chaos_fields / sizeof chaos_fields[0])

/* Names of clm_chaos_stream / clm_chaos_box values, in enum order (chaos.h). */
static const char *const stream_names[] = {"raw", "uniformised", "prng_uniform", "prng_arcsine"};
static const char *const box_names[] = {"unit", "nw"};
typedef char clm_mex_stream_names_check[4 == (int)CLM_CHAOS_STREAM_COUNT_ ? 1 : -1];
typedef char clm_mex_box_names_check[2 == (int)CLM_CHAOS_BOX_COUNT_ ? 1 : -1];
/* clm_escape_mode / clm_chaos_reinit names, in enum order (chaos.h). */
static const char *const escmode_names[] = {"search", "compress", "chaos_compress"};
static const char *const reinit_names[] = {"as_start", "chaos", "initfcn"};
typedef char clm_mex_escmode_names_check[3 == (int)CLM_ESCAPE_MODE_COUNT_ ? 1 : -1];
typedef char clm_mex_reinit_names_check[3 == (int)CLM_REINIT_COUNT_ ? 1 : -1];

static int applies(const chaos_field *f, const clm_trainer_type *t) {
  return (clm_trainer_flags(t) & f->needs) == f->needs;
}

static const chaos_field *chaos_find(const char *name) {
  for (size_t i = 0; i < N_CHAOS; i++)
    if (strcmp(chaos_fields[i].name, name) == 0) return &chaos_fields[i];
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Trainers                                                                  */

void trainer_list(char *buf, size_t len) {
  size_t n = clm_trainer_count(), used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < n && used < len; i++) {
    const char *sep = i == 0 ? "" : (i + 1 == n ? " or " : ", ");
    int k = snprintf(buf + used, len - used, "%s%s", sep, clm_trainer_name(clm_trainer_at(i)));
    if (k < 0) break;
    used += (size_t)k;
  }
}

const clm_trainer_type *trainer_arg(mexctx *c, const mxArray *a, const char *path) {
  char name[64], list[256];
  get_string(c, a, path, name, sizeof name, "CLM_ETRAINER");
  const clm_trainer_type *t = clm_trainer_from_name(name);
  if (t) return t;
  const char *best = NULL;
  size_t best_d = SIZE_MAX;
  for (size_t i = 0; i < clm_trainer_count(); i++) {
    const char *n = clm_trainer_name(clm_trainer_at(i));
    size_t d = name_distance(name, n);
    if (d < best_d) { best_d = d; best = n; }
  }
  trainer_list(list, sizeof list);
  /* a quarter of the letters: "trainlmm" is a typo, MATLAB's "trainscg" a
   * trainer this build lacks */
  if (best && best_d <= strlen(name) / 4)
    fail(c, "CLM_ETRAINER", "%s = '%s': unknown training function; did you mean '%s'? (this build has %s)",
         path, name, best, list);
  fail(c, "CLM_ETRAINER", "%s = '%s': not available in this build (it has %s)", path, name, list);
}

mxArray *trainers_struct(void) {
  static const char *fn[] = {"name", "title", "mu", "linsolver", "escape", "states"};
  size_t n = clm_trainer_count();
  mxArray *s = mxCreateStructMatrix(1, n, 6, fn);
  for (size_t i = 0; i < n; i++) {
    const clm_trainer_type *t = clm_trainer_at(i);
    unsigned fl = clm_trainer_flags(t);
    mxSetField(s, i, "name", mxCreateString(clm_trainer_name(t)));
    mxSetField(s, i, "title", mxCreateString(clm_trainer_title(t)));
    mxSetField(s, i, "mu", mxCreateLogicalScalar((fl & CLM_TRAINER_MU) != 0));
    mxSetField(s, i, "linsolver", mxCreateLogicalScalar((fl & CLM_TRAINER_LINSOLVER) != 0));
    mxSetField(s, i, "escape", mxCreateLogicalScalar((fl & CLM_TRAINER_ESCAPE) != 0));
    size_t ns = clm_trainer_num_states(t);
    mxArray *st = mxCreateCellMatrix(1, ns);
    for (size_t k = 0; k < ns; k++) mxSetCell(st, k, mxCreateString(clm_trainer_state_name(t, k)));
    mxSetField(s, i, "states", st);
  }
  return s;
}

/* ------------------------------------------------------------------------ */
/* clm_trainparam -> struct                                                  */

static mxArray *param_value(const clm_param_info *d, const clm_trainparam *p,
                            const clm_trainer_type *t) {
  double v = NAN;
  (void)clm_trainparam_get(p, t, d->name, &v);
  if (d->type == CLM_PARAM_FLAG) return mxCreateLogicalScalar(v != 0.0);
  if (d->type == CLM_PARAM_BACKEND) {
    const char *bn = clm_backend_name((clm_backend)(int)v);
    return mxCreateString(bn ? bn : "auto");
  }
  if ((d->flags & CLM_PARAM_NAN_ZERO) && v == 0.0) v = mxGetNaN(); /* MATLAB's "never" */
  return mxCreateDoubleScalar(v);
}

static mxArray *chaos_value(const chaos_field *f, const clm_chaosparam *cp) {
  const char *base = (const char *)cp + f->offset;
  switch (f->kind) {
  case CK_FLAG: return mxCreateLogicalScalar(*(const int *)base != 0);
  case CK_COUNT: return mxCreateDoubleScalar((double)*(const size_t *)base);
  case CK_REAL: return mxCreateDoubleScalar(*(const double *)base);
  case CK_STREAM: {
    int k = (int)*(const clm_chaos_stream *)base;
    return mxCreateString(k >= 0 && k < 4 ? stream_names[k] : "raw");
  }
  case CK_BOX: {
    int k = (int)*(const clm_chaos_box *)base;
    return mxCreateString(k >= 0 && k < 2 ? box_names[k] : "unit");
  }
  case CK_ESCMODE: {
    int k = (int)*(const clm_escape_mode *)base;
    return mxCreateString(k >= 0 && k < 3 ? escmode_names[k] : "search");
  }
  case CK_REINIT: {
    int k = (int)*(const clm_chaos_reinit *)base;
    return mxCreateString(k >= 0 && k < 3 ? reinit_names[k] : "as_start");
  }
  }
  return mxCreateDoubleScalar(mxGetNaN());
}

mxArray *tp_to_struct(const clm_trainer_type *t, const clm_trainparam *p) {
  size_t np = clm_trainer_num_params(t);
  mxArray *s = mxCreateStructMatrix(1, 1, 0, NULL);
  mxSetFieldByNumber(s, 0, mxAddField(s, SHOW_WINDOW), mxCreateLogicalScalar(1));
  for (size_t i = 0; i < np; i++) {
    clm_param_info d;
    if (clm_trainer_param(t, i, &d) != CLM_OK) continue;
    mxSetFieldByNumber(s, 0, mxAddField(s, d.name), param_value(&d, p, t));
  }
  for (size_t i = 0; i < N_CHAOS; i++)
    if (applies(&chaos_fields[i], t))
      mxSetFieldByNumber(s, 0, mxAddField(s, chaos_fields[i].name), chaos_value(&chaos_fields[i], &p->chaos));
  return s;
}

/* ------------------------------------------------------------------------ */
/* struct -> clm_trainparam                                                  */

/* The value of a library parameter as the double clm_trainparam_set takes. */
static double param_arg(mexctx *c, const clm_param_info *d, const mxArray *a, const char *path) {
  char buf[32];
  if (d->type == CLM_PARAM_BACKEND) {
    clm_backend b;
    get_string(c, a, path, buf, sizeof buf, "CLM_EPARAM");
    if (clm_backend_from_name(buf, &b) != CLM_OK)
      fail(c, "CLM_EPARAM", "%s: unknown backend '%s' (auto, cpu or gpu)", path, buf);
    return (double)b;
  }
  if (a && (mxIsUint64(a) || mxIsUint32(a) || mxIsInt64(a) || mxIsInt32(a)))
    return (double)get_count(c, a, path, "CLM_EPARAM", CLM_MEX_COUNT_MAX);
  return get_scalar(c, a, path, "CLM_EPARAM", 1);
}

static int name_index(const char *s, const char *const *names, int n) {
  for (int i = 0; i < n; i++)
    if (strcmp(s, names[i]) == 0) return i;
  return -1;
}

static void chaos_set(mexctx *c, const chaos_field *f, const mxArray *a, const char *path,
                      clm_chaosparam *cp) {
  char *base = (char *)cp + f->offset, buf[32];
  switch (f->kind) {
  case CK_FLAG: {
    double v = get_scalar(c, a, path, "CLM_EPARAM", 1);
    if (v != 0 && v != 1) fail(c, "CLM_EPARAM", "%s must be true or false (got %.17g)", path, v);
    *(int *)base = v != 0;
    break;
  }
  case CK_COUNT: *(size_t *)base = (size_t)get_count(c, a, path, "CLM_EPARAM", CLM_MEX_COUNT_MAX); break;
  case CK_REAL: {
    double v = get_scalar(c, a, path, "CLM_EPARAM", 0);
    if (isnan(v)) fail(c, "CLM_EPARAM", "%s is NaN", path);
    *(double *)base = v;
    break;
  }
  case CK_STREAM: {
    get_string(c, a, path, buf, sizeof buf, "CLM_EPARAM");
    int k = name_index(buf, stream_names, 4);
    if (k < 0)
      fail(c, "CLM_EPARAM", "%s: unknown stream '%s' (raw, uniformised, prng_uniform or prng_arcsine)", path, buf);
    *(clm_chaos_stream *)base = (clm_chaos_stream)k;
    break;
  }
  case CK_BOX: {
    get_string(c, a, path, buf, sizeof buf, "CLM_EPARAM");
    int k = name_index(buf, box_names, 2);
    if (k < 0) fail(c, "CLM_EPARAM", "%s: unknown box '%s' (unit or nw)", path, buf);
    *(clm_chaos_box *)base = (clm_chaos_box)k;
    break;
  }
  case CK_ESCMODE: {
    get_string(c, a, path, buf, sizeof buf, "CLM_EPARAM");
    int k = name_index(buf, escmode_names, 3);
    if (k < 0)
      fail(c, "CLM_EPARAM", "%s: unknown escape mode '%s' (search, compress or chaos_compress)", path, buf);
    *(clm_escape_mode *)base = (clm_escape_mode)k;
    break;
  }
  case CK_REINIT: {
    get_string(c, a, path, buf, sizeof buf, "CLM_EPARAM");
    int k = name_index(buf, reinit_names, 3);
    if (k < 0) fail(c, "CLM_EPARAM", "%s: unknown reinit '%s' (as_start, chaos or initfcn)", path, buf);
    *(clm_chaos_reinit *)base = (clm_chaos_reinit)k;
    break;
  }
  }
}

/* The trainers that take a field that t does not (for the message). */
static void trainers_with(const chaos_field *f, char *buf, size_t len) {
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < clm_trainer_count() && used < len; i++) {
    const clm_trainer_type *u = clm_trainer_at(i);
    if (!applies(f, u)) continue;
    int k = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", clm_trainer_name(u));
    if (k < 0) break;
    used += (size_t)k;
  }
}

/* A field that is no parameter of t: the message names the nearest one. */
static void unknown_field(mexctx *c, const clm_trainer_type *t, const char *name, const char *path) {
  const chaos_field *f = chaos_find(name);
  char list[256];
  if (f) {
    trainers_with(f, list, sizeof list);
    fail(c, "CLM_EPARAM", "%s: %s does not take this setting (only %s do)", path, clm_trainer_name(t), list);
  }
  const char *best = clm_trainer_nearest_param(t, name);
  size_t best_d = best ? name_distance(name, best) : SIZE_MAX;
  const char *extra[N_CHAOS + 1];
  size_t ne = 0;
  extra[ne++] = SHOW_WINDOW;
  for (size_t i = 0; i < N_CHAOS; i++)
    if (applies(&chaos_fields[i], t)) extra[ne++] = chaos_fields[i].name;
  for (size_t i = 0; i < ne; i++) {
    size_t d = name_distance(name, extra[i]);
    if (d < best_d && d <= strlen(extra[i]) / 2) { best_d = d; best = extra[i]; }
  }
  if (best)
    fail(c, "CLM_EPARAM", "%s is not a training parameter of %s; did you mean '%s'?", path,
         clm_trainer_name(t), best);
  fail(c, "CLM_EPARAM",
       "%s is not a training parameter of %s (after changing net.trainFcn, take the new trainer's "
       "defaults: net.trainParam = clm_trainparam(net.trainFcn))",
       path, clm_trainer_name(t));
}

/* One field into *p (or c->show_window). */
static void tp_set_field(mexctx *c, const clm_trainer_type *t, const char *name,
                         const mxArray *a, clm_trainparam *p) {
  char path[160], msg[512];
  size_t idx;
  snprintf(path, sizeof path, "net.trainParam.%s", name);
  if (strcmp(name, SHOW_WINDOW) == 0) {
    double v = get_scalar(c, a, path, "CLM_EPARAM", 1);
    if (v != 0 && v != 1) fail(c, "CLM_EPARAM", "%s must be true or false (got %.17g)", path, v);
    c->show_window = v != 0;
    return;
  }
  if (clm_trainer_find_param(t, name, &idx) == CLM_OK) {
    clm_param_info d;
    CHECK(c, clm_trainer_param(t, idx, &d), path);
    double v = param_arg(c, &d, a, path);
    msg[0] = '\0';
    int st = clm_trainparam_set(p, t, name, v, msg, sizeof msg);
    if (st != CLM_OK) fail(c, clm_status_name(st), "net.trainParam.%s", msg[0] ? msg : name);
    return;
  }
  const chaos_field *f = chaos_find(name);
  if (!f || !applies(f, t)) unknown_field(c, t, name, path);
  chaos_set(c, f, a, path, &p->chaos);
}

void tp_from_struct(mexctx *c, const clm_trainer_type *t, const mxArray *s, clm_trainparam *p) {
  *p = clm_trainparam_default(t);
  c->show_window = 1;
  if (!s || !mxIsStruct(s) || mxGetNumberOfElements(s) != 1)
    fail(c, "CLM_EPARAM", "net.trainParam must be a scalar struct (got %s)", class_of(s));
  int nf = mxGetNumberOfFields(s);
  for (int k = 0; k < nf; k++)
    tp_set_field(c, t, mxGetFieldNameByNumber(s, k), mxGetFieldByNumber(s, 0, k), p);
  char msg[512] = "";
  int st = clm_trainparam_check(t, p, msg, sizeof msg);
  if (st != CLM_OK) fail(c, clm_status_name(st), "net.trainParam: %s", msg[0] ? msg : clm_strerror(st));
}

void tp_check_one(mexctx *c, const clm_trainer_type *t, const char *name, const mxArray *value) {
  clm_trainparam p = clm_trainparam_default(t);
  tp_set_field(c, t, name, value, &p);
}
