/* chaoslm — the MEX binding's processing functions: processFcns names,
 * processParams (checked: the library implements MATLAB's defaults only),
 * processSettings built from the configured network, and the deep
 * comparison used to detect edited settings.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mex_struct.h"

unsigned proc_flags_from(mexctx *c, const mxArray *fcns, const char *path) {
  unsigned flags = 0;
  char buf[32], p2[128];
  if (!fcns || !mxIsCell(fcns))
    fail(c, "CLM_EINVAL", "%s must be a cell array of names (got %s)", path, class_of(fcns));
  size_t n = mxGetNumberOfElements(fcns);
  for (size_t i = 0; i < n; i++) {
    snprintf(p2, sizeof p2, "%s{%zu}", path, i + 1);
    get_string(c, cell_at(fcns, i), p2, buf, sizeof buf, "CLM_EINVAL");
    if (strcmp(buf, "removeconstantrows") == 0 && !(flags & CLM_PROC_REMOVECONSTANTROWS) &&
        !(flags & CLM_PROC_MAPMINMAX))
      flags |= CLM_PROC_REMOVECONSTANTROWS;
    else if (strcmp(buf, "mapminmax") == 0 && !(flags & CLM_PROC_MAPMINMAX))
      flags |= CLM_PROC_MAPMINMAX;
    else
      fail(c, "CLM_EINVAL",
           "%s = '%s': not available in this build (it has {'removeconstantrows', 'mapminmax'}, "
           "each at most once, in that order)",
           p2, buf);
  }
  return flags;
}

mxArray *proc_fcns_cell(unsigned flags) {
  mxArray *cell = mxCreateCellMatrix(1, ((flags & 1u) != 0) + ((flags & 2u) != 0));
  mwIndex k = 0;
  if (flags & CLM_PROC_REMOVECONSTANTROWS) mxSetCell(cell, k++, mxCreateString("removeconstantrows"));
  if (flags & CLM_PROC_MAPMINMAX) mxSetCell(cell, k++, mxCreateString("mapminmax"));
  return cell;
}

/* MATLAB's processParams defaults, the only values the library implements:
 * removeconstantrows max_range 0, mapminmax ymin -1 and ymax 1. */
mxArray *proc_params_cell(unsigned flags) {
  mxArray *cell = mxCreateCellMatrix(1, ((flags & 1u) != 0) + ((flags & 2u) != 0));
  mwIndex k = 0;
  if (flags & CLM_PROC_REMOVECONSTANTROWS) {
    static const char *fn[] = {"max_range"};
    mxArray *s = mxCreateStructMatrix(1, 1, 1, fn);
    mxSetField(s, 0, "max_range", mxCreateDoubleScalar(0));
    mxSetCell(cell, k++, s);
  }
  if (flags & CLM_PROC_MAPMINMAX) {
    static const char *fn[] = {"ymin", "ymax"};
    mxArray *s = mxCreateStructMatrix(1, 1, 2, fn);
    mxSetField(s, 0, "ymin", mxCreateDoubleScalar(-1));
    mxSetField(s, 0, "ymax", mxCreateDoubleScalar(1));
    mxSetCell(cell, k++, s);
  }
  return cell;
}

/* processParams (when present) must hold the defaults above, field by
 * field: any other value is a setting the library does not implement. */
void check_proc_params(mexctx *c, const mxArray *side, unsigned flags, const char *path) {
  const mxArray *pp = mxGetField(side, 0, "processParams");
  if (!pp) return;
  mxArray *want = proc_params_cell(flags);
  size_t n = mxGetNumberOfElements(want);
  if (!mxIsCell(pp) || mxGetNumberOfElements(pp) != n) {
    mxDestroyArray(want);
    fail(c, "CLM_EINVAL", "%s.processParams must be a cell with one struct per processFcns entry (%zu)",
         path, n);
  }
  for (size_t i = 0; i < n; i++) {
    const mxArray *got = cell_at(pp, i), *w = mxGetCell(want, (mwIndex)i);
    char p2[160];
    snprintf(p2, sizeof p2, "%s.processParams{%zu}", path, i + 1);
    if (!got || !mxIsStruct(got) || mxGetNumberOfElements(got) != 1) {
      mxDestroyArray(want);
      fail(c, "CLM_EINVAL", "%s must be a struct", p2);
    }
    for (int f = 0; f < mxGetNumberOfFields(got); f++) {
      const char *name = mxGetFieldNameByNumber(got, f);
      const mxArray *v = mxGetFieldByNumber(got, 0, f), *d = mxGetField(w, 0, name);
      if (!d) {
        mxDestroyArray(want);
        fail(c, "CLM_EINVAL", "%s.%s is not a parameter of this processing function", p2, name);
      }
      if (!is_real_double(v) || mxGetNumberOfElements(v) != 1 || mxGetScalar(v) != mxGetScalar(d)) {
        double dv = mxGetScalar(d);
        mxDestroyArray(want);
        fail(c, "CLM_EINVAL", "%s.%s: only the default %g is available in this build", p2, name, dv);
      }
    }
  }
  mxDestroyArray(want);
}

/* processSettings cell for side `which` (0 inputs, 1 outputs) of a
 * configured network, one struct per processing function:
 *   removeconstantrows: xrows, yrows, keep (1-based kept rows), remove,
 *                       value (constants of the removed rows);
 *   mapminmax:          xrows, yrows, ymin, ymax, xoffset, gain (kept rows,
 *                       y = (x - xoffset) .* gain + ymin). */
static mxArray *rcr_settings(const clm_net *net, int which, size_t n, size_t nk) {
  static const char *fn[] = {"xrows", "yrows", "keep", "remove", "value"};
  mxArray *s = mxCreateStructMatrix(1, 1, 5, fn);
  mxArray *keep = mxCreateDoubleMatrix(1, nk, mxREAL);
  mxArray *rem = mxCreateDoubleMatrix(1, n - nk, mxREAL);
  mxArray *val = mxCreateDoubleMatrix(n - nk, 1, mxREAL);
  size_t a = 0, b = 0;
  for (size_t i = 0; i < n; i++) {
    int kept;
    double xo, g;
    (void)clm_net_processing(net, which, i, &kept, &xo, &g);
    if (kept) mxGetPr(keep)[a++] = (double)(i + 1);
    else { mxGetPr(rem)[b] = (double)(i + 1); mxGetPr(val)[b++] = xo; }
  }
  mxSetField(s, 0, "xrows", mxCreateDoubleScalar((double)n));
  mxSetField(s, 0, "yrows", mxCreateDoubleScalar((double)nk));
  mxSetField(s, 0, "keep", keep);
  mxSetField(s, 0, "remove", rem);
  mxSetField(s, 0, "value", val);
  return s;
}

static mxArray *mapminmax_settings(const clm_net *net, int which, size_t n, size_t nk) {
  static const char *fn[] = {"xrows", "yrows", "ymin", "ymax", "xoffset", "gain"};
  mxArray *s = mxCreateStructMatrix(1, 1, 6, fn);
  mxArray *xoff = mxCreateDoubleMatrix(nk, 1, mxREAL), *gain = mxCreateDoubleMatrix(nk, 1, mxREAL);
  size_t a = 0;
  for (size_t i = 0; i < n; i++) {
    int kept;
    double xo, g;
    (void)clm_net_processing(net, which, i, &kept, &xo, &g);
    if (kept) { mxGetPr(xoff)[a] = xo; mxGetPr(gain)[a++] = g; }
  }
  mxSetField(s, 0, "xrows", mxCreateDoubleScalar((double)nk));
  mxSetField(s, 0, "yrows", mxCreateDoubleScalar((double)nk));
  mxSetField(s, 0, "ymin", mxCreateDoubleScalar(-1.0));
  mxSetField(s, 0, "ymax", mxCreateDoubleScalar(1.0));
  mxSetField(s, 0, "xoffset", xoff);
  mxSetField(s, 0, "gain", gain);
  return s;
}

size_t kept_rows(mexctx *c, const clm_net *net, int which) {
  size_t n = which ? clm_net_num_outputs(net) : clm_net_num_inputs(net), nk = 0;
  for (size_t i = 0; i < n; i++) {
    int kept;
    double xo, g;
    CHECK(c, clm_net_processing(net, which, i, &kept, &xo, &g), "processing settings");
    nk += kept != 0;
  }
  return nk;
}

mxArray *proc_settings_cell(mexctx *c, const clm_net *net, int which, unsigned flags) {
  size_t n = which ? clm_net_num_outputs(net) : clm_net_num_inputs(net);
  size_t nk = kept_rows(c, net, which);
  mxArray *cell = mxCreateCellMatrix(1, ((flags & 1u) != 0) + ((flags & 2u) != 0));
  mwIndex k = 0;
  if (flags & CLM_PROC_REMOVECONSTANTROWS) mxSetCell(cell, k++, rcr_settings(net, which, n, nk));
  if (flags & CLM_PROC_MAPMINMAX) mxSetCell(cell, k++, mapminmax_settings(net, which, n, nk));
  return cell;
}

mxArray *range_matrix(mexctx *c, const clm_net *net, int which) {
  size_t n = which ? clm_net_num_outputs(net) : clm_net_num_inputs(net);
  if (!clm_net_is_configured(net)) n = 0;
  mxArray *r = mxCreateDoubleMatrix(n, 2, mxREAL);
  for (size_t i = 0; i < n; i++)
    CHECK(c, clm_net_range(net, which, i, &mxGetPr(r)[i], &mxGetPr(r)[n + i]), "the data range");
  return r;
}

int mx_equal(const mxArray *a, const mxArray *b) {
  if (!a || !b) return a == b;
  if (mxGetClassID(a) != mxGetClassID(b) || mxGetM(a) != mxGetM(b) || mxGetN(a) != mxGetN(b) ||
      mxGetNumberOfDimensions(a) != mxGetNumberOfDimensions(b))
    return 0;
  size_t n = mxGetNumberOfElements(a);
  if (mxIsCell(a)) {
    for (size_t i = 0; i < n; i++)
      if (!mx_equal(mxGetCell(a, (mwIndex)i), mxGetCell(b, (mwIndex)i))) return 0;
    return 1;
  }
  if (mxIsStruct(a)) {
    int nf = mxGetNumberOfFields(a);
    if (nf != mxGetNumberOfFields(b)) return 0;
    for (size_t i = 0; i < n; i++)
      for (int f = 0; f < nf; f++) {
        const char *name = mxGetFieldNameByNumber(a, f);
        if (!mx_equal(mxGetFieldByNumber(a, (mwIndex)i, f), mxGetField(b, (mwIndex)i, name))) return 0;
      }
    return 1;
  }
  if (mxIsComplex(a) != mxIsComplex(b) || mxIsSparse(a) || mxIsSparse(b)) return 0;
  if (mxIsDouble(a)) return n == 0 || memcmp(mxGetPr(a), mxGetPr(b), n * sizeof(double)) == 0;
  if (mxIsChar(a) || mxIsLogical(a))
    return n == 0 || memcmp(mxGetData(a), mxGetData(b), n * mxGetElementSize(a)) == 0;
  return 0;
}
