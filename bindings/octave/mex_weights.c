/* chaoslm — the MEX binding: connections and weights of the network
 * struct (net.inputConnect, net.layerConnect, net.IW, net.LW, net.b).
 *
 * Two topologies exist in the library: feedforwardnet (the input feeds
 * layer 1, layer l-1 feeds layer l) and cascadeforwardnet (the input and
 * every earlier layer feed every layer).  The weight cells hold one matrix
 * per connection, at the getwb offsets the library reports
 * (clm_net_bias_block, clm_net_iw_block, clm_net_lw_block); cells of
 * absent connections are empty, as in MATLAB.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mex_struct.h"

/* Is the L x L connection pattern of topology `kind` (0 feedforward,
 * 1 cascade) set at (to, from) / for the input of layer l (1-based)? */
static int kind_layer(int kind, size_t to, size_t from) { return kind ? from < to : from + 1 == to; }
static int kind_input(int kind, size_t l) { return kind || l == 1; }

/* Element i of a logical or double array as 0/1; -1 for anything else. */
static int flag_at(const mxArray *a, size_t i) {
  if (mxIsLogical(a)) return ((const mxLogical *)mxGetData(a))[i] != 0;
  if (is_real_double(a)) {
    double v = mxGetPr(a)[i];
    return v == 0 ? 0 : v == 1 ? 1 : -1;
  }
  return -1;
}

int read_topology(mexctx *c, const mxArray *s, size_t L) {
  const mxArray *ic = mxGetField(s, 0, "inputConnect"), *lc = mxGetField(s, 0, "layerConnect");
  if (!ic && !lc) return 0; /* structs of older versions: feedforward */
  if (!ic || !lc || mxGetM(ic) != L || mxGetN(ic) != 1 || mxGetM(lc) != L || mxGetN(lc) != L)
    fail(c, "netstruct", "net.inputConnect must be %zux1 and net.layerConnect %zux%zu", L, L, L);
  for (int kind = 0; kind < 2; kind++) {
    int same = 1;
    for (size_t to = 1; to <= L && same; to++) {
      same = flag_at(ic, to - 1) == kind_input(kind, to);
      for (size_t from = 1; from <= L && same; from++)
        same = flag_at(lc, (from - 1) * L + (to - 1)) == kind_layer(kind, to, from);
    }
    if (same) return kind;
  }
  fail(c, "CLM_EINVAL",
       "net.inputConnect / net.layerConnect: not available in this build (only feedforwardnet's and "
       "cascadeforwardnet's connections)");
}

void check_topology(mexctx *c, const clm_net *net, int kind) {
  size_t L = clm_net_num_layers(net);
  for (size_t to = 1; to <= L; to++) {
    int same = clm_net_input_connect(net, to) == kind_input(kind, to);
    for (size_t from = 1; from < to && same; from++)
      same = clm_net_layer_connect(net, to, from) == kind_layer(kind, to, from);
    if (!same)
      fail(c, "netstruct", "net.inputConnect / net.layerConnect differ from the configured network's");
  }
}

/* ------------------------------------------------------------------------ */
/* struct -> weights                                                         */

/* Copy the visible matrix a (path) of rows x cols into wb at offset. */
static void take_block(mexctx *c, const mxArray *a, const char *path, size_t rows, size_t cols,
                       double *wb, size_t offset) {
  need_double_matrix(c, a, path);
  if (mxGetM(a) != rows || mxGetN(a) != cols)
    fail(c, "CLM_ESIZE", "%s must be %zux%zu (got %zux%zu)", path, rows, cols, (size_t)mxGetM(a),
         (size_t)mxGetN(a));
  const double *v = mxGetPr(a);
  for (size_t i = 0; i < rows * cols; i++) {
    if (isnan(v[i])) fail(c, "CLM_ENAN", "%s(%zu) is NaN", path, i + 1);
    if (isinf(v[i])) fail(c, "CLM_EINF", "%s(%zu) is Inf", path, i + 1);
    wb[offset + i] = v[i];
  }
}

/* An absent connection's cell must be empty. */
static void need_empty(mexctx *c, const mxArray *a, const char *path) {
  if (a && mxGetNumberOfElements(a) > 0)
    fail(c, "CLM_EINVAL", "%s must be empty: this network has no such connection", path);
}

void read_weights(mexctx *c, const mxArray *s) {
  clm_net *net = c->net;
  size_t L = clm_net_num_layers(net), P = clm_net_num_weights(net), off, rows, cols;
  const mxArray *IW = get_field(c, s, "IW", "net"), *LW = get_field(c, s, "LW", "net"),
                *B = get_field(c, s, "b", "net");
  if (!mxIsCell(IW) || !mxIsCell(LW) || !mxIsCell(B) || mxGetNumberOfElements(B) != L ||
      mxGetM(LW) != L || mxGetN(LW) != L || mxGetNumberOfElements(IW) != L)
    fail(c, "CLM_ESIZE", "net.IW, net.LW and net.b must be cells of sizes %zux1, %zux%zu and %zux1", L, L, L, L);
  double *wb = mxMalloc((P ? P : 1) * sizeof(double));
  char path[64];
  for (size_t to = 1; to <= L; to++) {
    snprintf(path, sizeof path, "net.b{%zu}", to);
    CHECK(c, clm_net_bias_block(net, to, &off, &rows), path);
    take_block(c, cell_at(B, to - 1), path, rows, 1, wb, off);
    snprintf(path, sizeof path, "net.IW{%zu,1}", to);
    if (clm_net_input_connect(net, to)) {
      CHECK(c, clm_net_iw_block(net, to, &off, &rows, &cols), path);
      take_block(c, cell_at(IW, to - 1), path, rows, cols, wb, off);
    } else {
      need_empty(c, cell_at(IW, to - 1), path);
    }
    for (size_t from = 1; from <= L; from++) {
      const mxArray *w = mxGetCell(LW, (mwIndex)((from - 1) * L + (to - 1)));
      snprintf(path, sizeof path, "net.LW{%zu,%zu}", to, from);
      if (!clm_net_layer_connect(net, to, from)) {
        need_empty(c, w, path);
        continue;
      }
      CHECK(c, clm_net_lw_block(net, to, from, &off, &rows, &cols), path);
      take_block(c, w, path, rows, cols, wb, off);
    }
  }
  CHECK(c, clm_setwb(net, wb), "net.IW/LW/b");
  mxFree(wb);
}

/* ------------------------------------------------------------------------ */
/* weights -> struct                                                         */

static mxArray *block(const double *wb, size_t offset, size_t rows, size_t cols) {
  mxArray *a = mxCreateDoubleMatrix(rows, cols, mxREAL);
  if (wb && rows * cols > 0) memcpy(mxGetPr(a), wb + offset, rows * cols * sizeof(double));
  return a;
}

void weight_cells(mexctx *c, const size_t *S, mxArray *s) {
  const clm_net *net = c->net;
  size_t L = clm_net_num_layers(net), P = clm_net_num_weights(net), off = 0, rows, cols, n = 0;
  int conf = clm_net_is_configured(net);
  mxArray *IW = mxCreateCellMatrix(L, 1), *LW = mxCreateCellMatrix(L, L), *B = mxCreateCellMatrix(L, 1);
  mxArray *ic = mxCreateLogicalMatrix(L, 1), *lc = mxCreateLogicalMatrix(L, L);
  double *wb = conf ? mxMalloc((P ? P : 1) * sizeof(double)) : NULL;
  if (conf) CHECK(c, clm_getwb(net, wb), "getwb");
  for (size_t to = 1; to <= L; to++) {
    if (conf) CHECK(c, clm_net_bias_block(net, to, &off, &rows), "bias block");
    mxSetCell(B, (mwIndex)(to - 1), block(wb, off, S[to], 1));
    n += S[to];
    if (clm_net_input_connect(net, to)) {
      ((mxLogical *)mxGetData(ic))[to - 1] = 1;
      if (conf) CHECK(c, clm_net_iw_block(net, to, &off, &rows, &cols), "IW block");
      mxSetCell(IW, (mwIndex)(to - 1), block(wb, off, S[to], S[0]));
      n += S[to] * S[0];
    }
    for (size_t from = 1; from < to; from++) {
      if (!clm_net_layer_connect(net, to, from)) continue;
      mwIndex k = (mwIndex)((from - 1) * L + (to - 1));
      ((mxLogical *)mxGetData(lc))[k] = 1;
      if (conf) CHECK(c, clm_net_lw_block(net, to, from, &off, &rows, &cols), "LW block");
      mxSetCell(LW, k, block(wb, off, S[to], S[from]));
      n += S[to] * S[from];
    }
  }
  if (wb) mxFree(wb);
  mxSetField(s, 0, "numWeightElements", mxCreateDoubleScalar((double)n));
  mxSetField(s, 0, "inputConnect", ic);
  mxSetField(s, 0, "layerConnect", lc);
  mxSetField(s, 0, "IW", IW);
  mxSetField(s, 0, "LW", LW);
  mxSetField(s, 0, "b", B);
}
