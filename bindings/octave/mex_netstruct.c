/* chaoslm — the MEX binding: network struct -> clm_net.
 *
 * The struct's fields (MATLAB's names; the network object of the .m layer
 * holds the same struct):
 *   name, userdata, numInputs, numLayers, numOutputs, numWeightElements
 *   (the four counts are read-only), inputConnect and layerConnect (the
 *   topology, mex_weights.c), inputs{1}, layers{l}, outputs{L}, IW, LW,
 *   b, initFcn ('initlay'), performFcn,
 *   performParam, trainFcn, trainParam, divideFcn, divideMode, divideParam,
 *   plotFcns, efficiency, and the hidden clm_state.
 * The public API has setters for everything a user may edit but none for
 * the processing settings of a configured network (mapminmax offsets and
 * gains, kept rows); those travel in clm_state, the text of
 * clm_net_save_buffer, and the visible processSettings, sizes and layer
 * sizes must agree with it (otherwise chaoslm:netstruct asks for
 * configure, which recomputes them).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mex_struct.h"

#define MAX_LAYERS 65
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const net_fields[] = {
    "name", "userdata", "numInputs", "numLayers", "numOutputs", "numWeightElements", "inputConnect",
    "layerConnect", "inputs", "layers", "outputs", "IW", "LW", "b", "initFcn", "performFcn",
    "performParam", "trainFcn",
    "trainParam", "divideFcn", "divideMode", "divideParam", "plotFcns", "efficiency",
    CLM_MEX_STATE_FIELD};
static const char *const layer_fields[] = {"name", "size", "transferFcn", "initFcn", "netInputFcn",
                                           "userdata"};
static const char *const side_fields[] = {"name", "size", "range", "processFcns", "processParams",
                                          "processSettings", "processedSize", "userdata"};
static const char *const perform_param_fields[] = {"regularization", "normalization"};
static const char *const efficiency_fields[] = {"cacheDelayedInputs", "flattenTime",
                                                "memoryReduction"};
static const char *const ratio_fields[] = {"trainRatio", "valRatio", "testRatio"};
static const char *const index_fields[] = {"trainInd", "valInd", "testInd"};

/* Every field of scalar struct s must be one of allowed[n]; an unknown one
 * is an error naming the nearest allowed name. */
static void check_fields(mexctx *c, const mxArray *s, const char *const *allowed, size_t n,
                         const char *path) {
  for (int f = 0; f < mxGetNumberOfFields(s); f++) {
    const char *name = mxGetFieldNameByNumber(s, f), *best = NULL;
    size_t best_d = SIZE_MAX, k;
    for (k = 0; k < n && strcmp(name, allowed[k]) != 0; k++) {
      size_t d = name_distance(name, allowed[k]);
      if (d < best_d) { best_d = d; best = allowed[k]; }
    }
    if (k < n) continue;
    if (best && best_d <= strlen(best) / 2)
      fail(c, "property", "%s.%s is not a property of chaoslm's networks; did you mean '%s'?", path,
           name, best);
    fail(c, "property", "%s.%s is not a property of chaoslm's networks", path, name);
  }
}

/* ------------------------------------------------------------------------ */

typedef struct layer_spec {
  size_t L;
  int cascade; /* topology (read_topology) */
  size_t hidden[MAX_LAYERS - 1];
  clm_transfer tf[MAX_LAYERS];
  clm_initfcn initf;
} layer_spec;

static void read_layer(mexctx *c, const mxArray *ly, size_t l, layer_spec *ls) {
  char buf[64], path[128];
  snprintf(path, sizeof path, "net.layers{%zu}", l + 1);
  if (!ly || !mxIsStruct(ly) || mxGetNumberOfElements(ly) != 1)
    fail(c, "netstruct", "%s must be a layer struct", path);
  check_fields(c, ly, layer_fields, N_OF(layer_fields), path);
  if (l + 1 < ls->L) {
    snprintf(path, sizeof path, "net.layers{%zu}.size", l + 1);
    uint64_t sz = get_count(c, get_field(c, ly, "size", "net.layers{i}"), path, "CLM_ESIZE", 1e9);
    if (sz == 0) fail(c, "CLM_ESIZE", "%s must be at least 1", path);
    ls->hidden[l] = (size_t)sz;
  }
  snprintf(path, sizeof path, "net.layers{%zu}.transferFcn", l + 1);
  get_string(c, get_field(c, ly, "transferFcn", "net.layers{i}"), path, buf, sizeof buf, "CLM_ETRANSFER");
  int st = clm_transfer_from_name(buf, &ls->tf[l]);
  if (st != CLM_OK)
    fail(c, clm_status_name(st), "%s = '%s': not available in this build (tansig, logsig, purelin, poslin, softmax)",
         path, buf);
  snprintf(path, sizeof path, "net.layers{%zu}.initFcn", l + 1);
  get_string(c, get_field(c, ly, "initFcn", "net.layers{i}"), path, buf, sizeof buf, "CLM_EINVAL");
  clm_initfcn fi;
  st = clm_initfcn_from_name(buf, &fi);
  if (st != CLM_OK) fail(c, clm_status_name(st), "%s = '%s': unknown (initnw or rands)", path, buf);
  if (l > 0 && fi != ls->initf)
    fail(c, "CLM_EINVAL", "%s = '%s': chaoslm uses one init function for all layers", path, buf);
  ls->initf = fi;
  const mxArray *nif = mxGetField(ly, 0, "netInputFcn");
  if (nif) {
    snprintf(path, sizeof path, "net.layers{%zu}.netInputFcn", l + 1);
    get_string(c, nif, path, buf, sizeof buf, "CLM_EINVAL");
    if (strcmp(buf, "netsum") != 0)
      fail(c, "CLM_EINVAL", "%s = '%s': not available in this build (netsum only)", path, buf);
  }
}

static void read_layers(mexctx *c, const mxArray *s, layer_spec *ls) {
  const mxArray *layers = get_field(c, s, "layers", "net");
  if (!mxIsCell(layers) || mxGetNumberOfElements(layers) < 1 ||
      mxGetNumberOfElements(layers) > MAX_LAYERS)
    fail(c, "netstruct", "net.layers must be a cell array of 1 to %d layer structs", MAX_LAYERS);
  ls->L = mxGetNumberOfElements(layers);
  ls->initf = CLM_INITNW;
  for (size_t l = 0; l < ls->L; l++) read_layer(c, cell_at(layers, l), l, ls);
}

/* c->net from the hidden state when configured, else a new network. */
static void open_network(mexctx *c, const mxArray *s, const layer_spec *ls) {
  const mxArray *state = get_field(c, s, CLM_MEX_STATE_FIELD, "net");
  if (!mxIsChar(state)) fail(c, "netstruct", "net.%s must be a character string", CLM_MEX_STATE_FIELD);
  size_t tlen = mxGetNumberOfElements(state);
  if (tlen == 0) {
    if (ls->cascade)
      CHECK(c, clm_cascadeforwardnet(&c->net, ls->L - 1, ls->hidden), "net.layers (creating the network)");
    else
      CHECK(c, clm_feedforwardnet(&c->net, ls->L - 1, ls->hidden), "net.layers (creating the network)");
    return;
  }
  char *text = mxMalloc(tlen + 1);
  if (mxGetString(state, text, (mwSize)(tlen + 1)) != 0)
    fail(c, "netstruct", "net.%s is not a valid network text", CLM_MEX_STATE_FIELD);
  CHECK(c, clm_net_load_buffer(text, tlen, &c->net), "net." CLM_MEX_STATE_FIELD " (the stored network)");
  mxFree(text);
  if (clm_net_num_layers(c->net) != ls->L)
    fail(c, "netstruct", "net.layers has %zu layers but the configured network has %zu: create a new network",
         ls->L, clm_net_num_layers(c->net));
  for (size_t l = 0; l + 1 < ls->L; l++)
    if (clm_net_layer_size(c->net, l + 1) != ls->hidden[l])
      fail(c, "CLM_ESIZE", "net.layers{%zu}.size = %zu but the configured network has %zu: create a new network",
           l + 1, ls->hidden[l], clm_net_layer_size(c->net, l + 1));
  check_topology(c, c->net, ls->cascade);
}

/* ------------------------------------------------------------------------ */

static void perform_list(char *buf, size_t len) {
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; i < (int)CLM_PERFORMFCN_COUNT_ && used < len; i++) {
    int k = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", clm_performfcn_name((clm_performfcn)i));
    if (k < 0) break;
    used += (size_t)k;
  }
}

/* performParam: MATLAB's regularization and normalization, handed to the
 * library (which checks the values). */
static void apply_perform_param(mexctx *c, const mxArray *pp) {
  char buf[32];
  if (!mxIsStruct(pp) || mxGetNumberOfElements(pp) != 1)
    fail(c, "CLM_EINVAL", "net.performParam must be a scalar struct (got %s)", class_of(pp));
  check_fields(c, pp, perform_param_fields, N_OF(perform_param_fields), "net.performParam");
  const mxArray *r = mxGetField(pp, 0, "regularization"), *n = mxGetField(pp, 0, "normalization");
  if (r) {
    double v = get_scalar(c, r, "net.performParam.regularization", "CLM_EINVAL", 0);
    if (clm_net_set_regularization(c->net, v) != CLM_OK)
      fail(c, "CLM_EINVAL", "net.performParam.regularization = %.17g violates 0 <= regularization <= 1", v);
  }
  if (n) {
    clm_normalization nv;
    get_string(c, n, "net.performParam.normalization", buf, sizeof buf, "CLM_EINVAL");
    if (clm_normalization_from_name(buf, &nv) != CLM_OK)
      fail(c, "CLM_EINVAL", "net.performParam.normalization = '%s': unknown ('none', 'standard' or 'percent')", buf);
    CHECK(c, clm_net_set_normalization(c->net, nv), "net.performParam.normalization");
  }
}

/* The performance settings must be usable (t NULL: for evaluation; else
 * for training with t): clm_perform_check's message names the problem. */
void check_perform(mexctx *c, const clm_trainer_type *t) {
  char msg[512] = "";
  int st = clm_perform_check(c->net, t, msg, sizeof msg);
  if (st != CLM_OK)
    fail(c, clm_status_name(st), "net.performFcn / net.performParam: %s", msg[0] ? msg : clm_strerror(st));
}

static void apply_functions(mexctx *c, const mxArray *s, const layer_spec *ls) {
  char buf[64], list[128];
  for (size_t l = 0; l < ls->L; l++) {
    snprintf(buf, sizeof buf, "net.layers{%zu}.transferFcn", l + 1);
    CHECK(c, clm_net_set_transfer(c->net, l + 1, ls->tf[l]), buf);
  }
  CHECK(c, clm_net_set_initfcn(c->net, ls->initf), "net.layers{i}.initFcn");
  const clm_trainer_type *t = trainer_arg(c, get_field(c, s, "trainFcn", "net"), "net.trainFcn");
  CHECK(c, clm_net_set_trainfcn(c->net, clm_trainer_name(t)), "net.trainFcn");
  get_string(c, get_field(c, s, "performFcn", "net"), "net.performFcn", buf, sizeof buf, "CLM_EINVAL");
  clm_performfcn pf;
  if (clm_performfcn_from_name(buf, &pf) != CLM_OK) {
    perform_list(list, sizeof list);
    fail(c, "CLM_EINVAL", "net.performFcn = '%s': not available in this build (it has %s)", buf, list);
  }
  CHECK(c, clm_net_set_performfcn(c->net, pf), "net.performFcn");
  const mxArray *pp = mxGetField(s, 0, "performParam");
  if (pp) apply_perform_param(c, pp);
  check_perform(c, NULL);
  const mxArray *inf = mxGetField(s, 0, "initFcn");
  if (inf) {
    get_string(c, inf, "net.initFcn", buf, sizeof buf, "CLM_EINVAL");
    if (strcmp(buf, "initlay") != 0)
      fail(c, "CLM_EINVAL", "net.initFcn = '%s': not available in this build (initlay only)", buf);
  }
}

/* ------------------------------------------------------------------------ */

static void read_divideind(mexctx *c, const mxArray *dp) {
  char path[128];
  size_t *ind[3], n[3];
  check_fields(c, dp, index_fields, 3, "net.divideParam");
  for (int k = 0; k < 3; k++) {
    const mxArray *a = mxGetField(dp, 0, index_fields[k]);
    snprintf(path, sizeof path, "net.divideParam.%s", index_fields[k]);
    if (!a) fail(c, "CLM_EDIVIDE", "%s is missing (divideind needs trainInd, valInd, testInd)", path);
    if (!is_real_double(a)) fail(c, "CLM_EDIVIDE", "%s must be a double vector of 1-based indices", path);
    n[k] = mxGetNumberOfElements(a);
    ind[k] = mxMalloc((n[k] ? n[k] : 1) * sizeof(size_t));
    for (size_t i = 0; i < n[k]; i++) {
      double v = mxGetPr(a)[i];
      if (!(v >= 1) || v != floor(v) || v > CLM_MEX_COUNT_MAX)
        fail(c, "CLM_EDIVIDE", "%s(%zu) = %.17g is not a positive integer index", path, i + 1, v);
      ind[k][i] = (size_t)v - 1;
    }
  }
  CHECK(c, clm_net_set_divideind(c->net, ind[0], n[0], ind[1], n[1], ind[2], n[2]), "net.divideParam");
  CHECK(c, clm_net_set_divide(c->net, CLM_DIVIDEIND, 1, 0, 0), "net.divideFcn");
  for (int k = 0; k < 3; k++) mxFree(ind[k]);
}

static void read_ratios(mexctx *c, const mxArray *dp, clm_dividefcn df) {
  char path[128];
  double r[3];
  int needs = df == CLM_DIVIDERAND || df == CLM_DIVIDEBLOCK || df == CLM_DIVIDEINT;
  /* dividetrain takes no parameter; ratios left from another divideFcn
   * are allowed there (they have no meaning) */
  check_fields(c, dp, ratio_fields, df == CLM_DIVIDETRAIN || needs ? 3 : 0, "net.divideParam");
  clm_net_divide_ratios(c->net, &r[0], &r[1], &r[2]);
  for (int k = 0; k < 3 && needs; k++) {
    const mxArray *a = mxGetField(dp, 0, ratio_fields[k]);
    snprintf(path, sizeof path, "net.divideParam.%s", ratio_fields[k]);
    if (!a) fail(c, "CLM_EDIVIDE", "%s is missing", path);
    r[k] = get_scalar(c, a, path, "CLM_EDIVIDE", 0);
    if (!(r[k] >= 0) || isinf(r[k]))
      fail(c, "CLM_EDIVIDE", "%s must be a finite ratio >= 0 (got %.17g)", path, r[k]);
  }
  int st = clm_net_set_divide(c->net, df, r[0], r[1], r[2]);
  if (st != CLM_OK)
    fail(c, clm_status_name(st), "net.divideParam (%.17g, %.17g, %.17g): %s", r[0], r[1], r[2],
         clm_strerror(st));
}

static void read_division(mexctx *c, const mxArray *s) {
  char buf[64];
  clm_dividefcn df;
  get_string(c, get_field(c, s, "divideFcn", "net"), "net.divideFcn", buf, sizeof buf, "CLM_EDIVIDE");
  if (buf[0] == '\0') df = CLM_DIVIDETRAIN; /* MATLAB: empty divideFcn = everything trains */
  else if (clm_dividefcn_from_name(buf, &df) != CLM_OK)
    fail(c, "CLM_EDIVIDE", "net.divideFcn = '%s': not available in this build "
         "(dividerand, divideblock, divideint, divideind, dividetrain)", buf);
  const mxArray *dm = mxGetField(s, 0, "divideMode");
  if (dm) {
    char mode[32];
    get_string(c, dm, "net.divideMode", mode, sizeof mode, "CLM_EDIVIDE");
    if (strcmp(mode, "sample") != 0)
      fail(c, "CLM_EDIVIDE", "net.divideMode = '%s': not available in this build ('sample' only)", mode);
  }
  const mxArray *dp = get_field(c, s, "divideParam", "net");
  if (!mxIsStruct(dp) || mxGetNumberOfElements(dp) != 1)
    fail(c, "CLM_EDIVIDE", "net.divideParam must be a scalar struct");
  if (df == CLM_DIVIDEIND) read_divideind(c, dp);
  else read_ratios(c, dp, df);
}

/* ------------------------------------------------------------------------ */

static const mxArray *side_struct(mexctx *c, const mxArray *s, int which, size_t L, char *path,
                                  size_t len) {
  const mxArray *cell = get_field(c, s, which ? "outputs" : "inputs", "net");
  const mxArray *side = cell_at(cell, which ? L - 1 : 0);
  if (which) snprintf(path, len, "net.outputs{%zu}", L);
  else snprintf(path, len, "net.inputs{1}");
  if (!side || !mxIsStruct(side) || mxGetNumberOfElements(side) != 1)
    fail(c, "netstruct", "%s must be a struct", path);
  check_fields(c, side, side_fields, N_OF(side_fields), path);
  return side;
}

static void read_processing(mexctx *c, const mxArray *s, size_t L, netinfo *info) {
  char path[64], p2[96];
  for (int which = 0; which < 2; which++) {
    const mxArray *side = side_struct(c, s, which, L, path, sizeof path);
    snprintf(p2, sizeof p2, "%s.processFcns", path);
    unsigned fl = proc_flags_from(c, get_field(c, side, "processFcns", path), p2);
    check_proc_params(c, side, fl, path);
    if (which) info->out_flags = fl;
    else info->in_flags = fl;
  }
  CHECK(c, clm_net_set_processing(c->net, info->in_flags, info->out_flags), "processFcns");
}

/* Sizes and processing settings of a configured network must agree with
 * the stored ones. */
static void check_sides(mexctx *c, const mxArray *s, size_t L, const netinfo *info, int check_proc) {
  char path[64];
  const clm_net *net = c->net;
  for (int which = 0; which < 2; which++) {
    const mxArray *side = side_struct(c, s, which, L, path, sizeof path);
    size_t want = which ? clm_net_num_outputs(net) : clm_net_num_inputs(net);
    const mxArray *sz = mxGetField(side, 0, "size");
    if (!sz || !is_real_double(sz) || mxGetNumberOfElements(sz) != 1 || mxGetScalar(sz) != (double)want)
      fail(c, "CLM_ESIZE", "%s.size must stay %zu, the configured size (call configure to change it)", path, want);
    const mxArray *range = mxGetField(side, 0, "range");
    if (range) {
      mxArray *want_range = range_matrix(c, net, which);
      int same = mx_equal(want_range, range);
      mxDestroyArray(want_range);
      if (!same) fail(c, "netstruct", "%s.range is read-only: it is the range of the data that configured the network", path);
    }
    if (!check_proc) continue;
    mxArray *expect = proc_settings_cell(c, net, which, which ? info->out_flags : info->in_flags);
    int same = mx_equal(expect, mxGetField(side, 0, "processSettings"));
    mxDestroyArray(expect);
    if (!same)
      fail(c, "netstruct",
           "%s.processSettings (or processFcns) differ from the configured network's: they are computed from data by configure(net, x, t)",
           path);
  }
}

/* ------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------ */

/* The user-owned fields the library does not hold: checked, then kept by
 * net_to_struct.  The counts are read-only. */
static void check_extras(mexctx *c, const mxArray *s, size_t L) {
  const mxArray *a;
  if ((a = mxGetField(s, 0, "numLayers")) && !(is_real_double(a) && mxGetNumberOfElements(a) == 1 &&
                                                mxGetScalar(a) == (double)L))
    fail(c, "property", "net.numLayers is read-only (%zu); create a network with the layers you want", L);
  static const char *const one[] = {"numInputs", "numOutputs"};
  for (int k = 0; k < 2; k++)
    if ((a = mxGetField(s, 0, one[k])) && !(is_real_double(a) && mxGetNumberOfElements(a) == 1 &&
                                             mxGetScalar(a) == 1.0))
      fail(c, "property", "net.%s is read-only (chaoslm's networks have one input and one output)", one[k]);
  if ((a = mxGetField(s, 0, "name")) && !mxIsChar(a))
    fail(c, "type", "net.name must be a character string (got %s)", class_of(a));
  if ((a = mxGetField(s, 0, "plotFcns")) && !mxIsCell(a))
    fail(c, "type", "net.plotFcns must be a cell array of function names (got %s)", class_of(a));
  if ((a = mxGetField(s, 0, "efficiency"))) {
    if (!mxIsStruct(a) || mxGetNumberOfElements(a) != 1)
      fail(c, "type", "net.efficiency must be a scalar struct (got %s)", class_of(a));
    check_fields(c, a, efficiency_fields, N_OF(efficiency_fields), "net.efficiency");
    const mxArray *m = mxGetField(a, 0, "memoryReduction");
    if (m && get_count(c, m, "net.efficiency.memoryReduction", "CLM_EINVAL", 1e9) < 1)
      fail(c, "CLM_EINVAL", "net.efficiency.memoryReduction must be a positive integer");
  }
}

void net_from_struct(mexctx *c, const mxArray *s, netinfo *info, int take_weights, int check_proc) {
  layer_spec ls;
  if (!s || !mxIsStruct(s) || mxGetNumberOfElements(s) != 1)
    fail(c, "type", "net must be a network made by feedforwardnet or clm_feedforwardnet (got %s)", class_of(s));
  check_fields(c, s, net_fields, N_OF(net_fields), "net");
  read_layers(c, s, &ls);
  ls.cascade = read_topology(c, s, ls.L);
  check_extras(c, s, ls.L);
  open_network(c, s, &ls);
  apply_functions(c, s, &ls);
  read_division(c, s);
  read_processing(c, s, ls.L, info);
  if (!clm_net_is_configured(c->net)) return;
  check_sides(c, s, ls.L, info, check_proc);
  if (take_weights) read_weights(c, s);
}
