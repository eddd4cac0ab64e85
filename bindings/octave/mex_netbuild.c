/* chaoslm — the MEX binding: clm_net -> network struct (the fields are
 * listed in mex_netstruct.c).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mex_struct.h"

#define MAX_LAYERS 65

/* Field `name` of old (when present), else dflt (which is then owned by
 * the result; destroyed when old has the field). */
static mxArray *kept(const mxArray *old, const char *name, mxArray *dflt) {
  const mxArray *a = old ? mxGetField(old, 0, name) : NULL;
  if (!a) return dflt;
  mxDestroyArray(dflt);
  return mxDuplicateArray(a);
}

static mxArray *default_userdata(void) {
  static const char *fn[] = {"note"};
  mxArray *u = mxCreateStructMatrix(1, 1, 1, fn);
  mxSetField(u, 0, "note", mxCreateString("Put your custom information here."));
  return u;
}

/* inputs{1} or outputs{L}; old_side is the struct it replaces (or NULL). */
static mxArray *side_struct(mexctx *c, int which, unsigned flags, size_t processed,
                            const mxArray *old_side) {
  static const char *fn[] = {"name", "size", "range", "processFcns", "processParams",
                             "processSettings", "processedSize", "userdata"};
  const clm_net *net = c->net;
  int conf = clm_net_is_configured(net);
  mxArray *s = mxCreateStructMatrix(1, 1, 8, fn);
  mxSetField(s, 0, "name", kept(old_side, "name", mxCreateString(which ? "Output" : "Input")));
  mxSetField(s, 0, "size",
             mxCreateDoubleScalar((double)(which ? clm_net_num_outputs(net) : clm_net_num_inputs(net))));
  mxSetField(s, 0, "range", range_matrix(c, net, which));
  mxSetField(s, 0, "processFcns", proc_fcns_cell(flags));
  mxSetField(s, 0, "processParams", proc_params_cell(flags));
  mxSetField(s, 0, "processSettings",
             conf ? proc_settings_cell(c, net, which, flags) : mxCreateCellMatrix(1, 0));
  mxSetField(s, 0, "processedSize", mxCreateDoubleScalar((double)processed));
  mxSetField(s, 0, "userdata", kept(old_side, "userdata", default_userdata()));
  return s;
}

static mxArray *layers_cell(const clm_net *net, const size_t *S, const mxArray *old_layers) {
  static const char *fn[] = {"name", "size", "transferFcn", "initFcn", "netInputFcn", "userdata"};
  size_t L = clm_net_num_layers(net);
  mxArray *cell = mxCreateCellMatrix(L, 1);
  for (size_t l = 1; l <= L; l++) {
    char name[48];
    const mxArray *old = cell_at(old_layers, l - 1);
    mxArray *ly = mxCreateStructMatrix(1, 1, 6, fn);
    if (l < L) snprintf(name, sizeof name, "Hidden Layer %zu", l);
    else snprintf(name, sizeof name, "Output Layer");
    mxSetField(ly, 0, "name", kept(old, "name", mxCreateString(name)));
    mxSetField(ly, 0, "size", mxCreateDoubleScalar((double)S[l]));
    const char *tn = clm_transfer_name(clm_net_transfer(net, l));
    mxSetField(ly, 0, "transferFcn", mxCreateString(tn ? tn : ""));
    const char *in = clm_initfcn_name(clm_net_initfcn(net));
    mxSetField(ly, 0, "initFcn", mxCreateString(in ? in : "initnw"));
    mxSetField(ly, 0, "netInputFcn", mxCreateString("netsum"));
    mxSetField(ly, 0, "userdata", kept(old, "userdata", default_userdata()));
    mxSetCell(cell, (mwIndex)(l - 1), ly);
  }
  return cell;
}

static mxArray *divide_param(const clm_net *net, const mxArray *old_dp, clm_dividefcn df) {
  if ((df == CLM_DIVIDEIND || df == CLM_DIVIDETRAIN) && old_dp) return mxDuplicateArray(old_dp);
  if (df == CLM_DIVIDETRAIN) return mxCreateStructMatrix(1, 1, 0, NULL);
  static const char *fn[] = {"trainRatio", "valRatio", "testRatio"};
  double r[3];
  clm_net_divide_ratios(net, &r[0], &r[1], &r[2]);
  mxArray *s = mxCreateStructMatrix(1, 1, 3, fn);
  for (int k = 0; k < 3; k++) mxSetField(s, 0, fn[k], mxCreateDoubleScalar(r[k]));
  return s;
}

static mxArray *perform_param(const clm_net *net) {
  static const char *fn[] = {"regularization", "normalization"};
  mxArray *pp = mxCreateStructMatrix(1, 1, 2, fn);
  const char *nn = clm_normalization_name(clm_net_normalization(net));
  mxSetField(pp, 0, "regularization", mxCreateDoubleScalar(clm_net_regularization(net)));
  mxSetField(pp, 0, "normalization", mxCreateString(nn ? nn : "none"));
  return pp;
}

static mxArray *default_plotfcns(void) {
  static const char *names[] = {"plotperform", "plottrainstate", "plotregression"};
  mxArray *cell = mxCreateCellMatrix(1, 3);
  for (int i = 0; i < 3; i++) mxSetCell(cell, i, mxCreateString(names[i]));
  return cell;
}

static mxArray *default_efficiency(void) {
  static const char *fn[] = {"cacheDelayedInputs", "flattenTime", "memoryReduction"};
  mxArray *e = mxCreateStructMatrix(1, 1, 3, fn);
  mxSetField(e, 0, "cacheDelayedInputs", mxCreateLogicalScalar(1));
  mxSetField(e, 0, "flattenTime", mxCreateLogicalScalar(1));
  mxSetField(e, 0, "memoryReduction", mxCreateDoubleScalar(1));
  return e;
}

/* trainFcn, trainParam, performFcn, performParam, division. */
static void function_fields(mexctx *c, const mxArray *old, mxArray *s) {
  const clm_net *net = c->net;
  const char *pn = clm_performfcn_name(clm_net_performfcn(net));
  mxSetField(s, 0, "initFcn", mxCreateString("initlay"));
  mxSetField(s, 0, "performFcn", mxCreateString(pn ? pn : "mse"));
  mxSetField(s, 0, "performParam", perform_param(net));
  const clm_trainer_type *t = clm_trainer_from_name(clm_net_trainfcn(net));
  mxSetField(s, 0, "trainFcn", mxCreateString(clm_trainer_name(t)));
  const mxArray *old_tp = old ? mxGetField(old, 0, "trainParam") : NULL;
  if (old_tp) {
    mxSetField(s, 0, "trainParam", mxDuplicateArray(old_tp));
  } else {
    clm_trainparam p = clm_trainparam_default(t);
    mxSetField(s, 0, "trainParam", tp_to_struct(t, &p));
  }
  clm_dividefcn df = clm_net_dividefcn(net);
  const char *dn = clm_dividefcn_name(df);
  mxSetField(s, 0, "divideFcn", mxCreateString(dn ? dn : "dividerand"));
  mxSetField(s, 0, "divideMode", mxCreateString("sample"));
  mxSetField(s, 0, "divideParam", divide_param(net, old ? mxGetField(old, 0, "divideParam") : NULL, df));
}

static void state_field(mexctx *c, mxArray *s) {
  if (!clm_net_is_configured(c->net)) {
    mxSetField(s, 0, CLM_MEX_STATE_FIELD, mxCreateString(""));
    return;
  }
  size_t len = 0;
  CHECK(c, clm_net_save_buffer(c->net, &c->text, &len), "storing the network (clm_net_save_buffer)");
  mxSetField(s, 0, CLM_MEX_STATE_FIELD, mxCreateString(c->text));
  free(c->text);
  c->text = NULL;
}

mxArray *net_to_struct(mexctx *c, const netinfo *info, const mxArray *old) {
  static const char *fn[] = {"name", "userdata", "numInputs", "numLayers", "numOutputs",
                             "numWeightElements", "inputConnect", "layerConnect", "inputs",
                             "layers", "outputs", "IW", "LW", "b",
                             "initFcn", "performFcn", "performParam", "trainFcn", "trainParam",
                             "divideFcn", "divideMode", "divideParam", "plotFcns", "efficiency",
                             CLM_MEX_STATE_FIELD};
  const clm_net *net = c->net;
  size_t L = clm_net_num_layers(net), S[MAX_LAYERS + 1];
  S[0] = clm_net_is_configured(net) ? kept_rows(c, net, 0) : 0;
  for (size_t l = 1; l <= L; l++) S[l] = clm_net_layer_size(net, l);
  mxArray *s = mxCreateStructMatrix(1, 1, sizeof fn / sizeof fn[0], fn);
  mxSetField(s, 0, "name", kept(old, "name", mxCreateString("Feed-Forward Neural Network")));
  mxSetField(s, 0, "userdata", kept(old, "userdata", default_userdata()));
  mxSetField(s, 0, "numInputs", mxCreateDoubleScalar(1));
  mxSetField(s, 0, "numLayers", mxCreateDoubleScalar((double)L));
  mxSetField(s, 0, "numOutputs", mxCreateDoubleScalar(1));

  const mxArray *old_in = old ? cell_at(mxGetField(old, 0, "inputs"), 0) : NULL;
  const mxArray *old_out = old ? cell_at(mxGetField(old, 0, "outputs"), L - 1) : NULL;
  mxArray *in = mxCreateCellMatrix(1, 1), *out = mxCreateCellMatrix(1, L);
  mxSetCell(in, 0, side_struct(c, 0, info->in_flags, S[0], old_in));
  mxSetCell(out, (mwIndex)(L - 1), side_struct(c, 1, info->out_flags, S[L], old_out));
  mxSetField(s, 0, "inputs", in);
  mxSetField(s, 0, "layers", layers_cell(net, S, old ? mxGetField(old, 0, "layers") : NULL));
  mxSetField(s, 0, "outputs", out);
  weight_cells(c, S, s);
  function_fields(c, old, s);
  mxSetField(s, 0, "plotFcns", kept(old, "plotFcns", default_plotfcns()));
  mxSetField(s, 0, "efficiency", kept(old, "efficiency", default_efficiency()));
  state_field(c, s);
  return s;
}
