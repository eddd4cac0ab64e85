/* chaoslm — the MEX binding's errors and mxArray readers (mex_util.h).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mex_util.h"

void ctx_free(mexctx *c) {
  clm_net_free(c->net);
  c->net = NULL;
  free(c->text);
  c->text = NULL;
  if (c->have_rec) clm_record_free(&c->rec);
  c->have_rec = 0;
}

/* Octave's mexErrMsgIdAndTxt puts "chaoslm_mex: " in front of every
 * message; calling Octave's own error() raises the same error without the
 * internal name.  It unwinds the call like mexErrMsgIdAndTxt (MATLAB, which
 * adds no prefix, uses mexErrMsgIdAndTxt directly). */
static void raise_error(const char *ident, const char *msg) CLM_MEX_NORETURN;
static void raise_error(const char *ident, const char *msg) {
#if defined(HAVE_OCTAVE)
  mxArray *args[3] = {mxCreateString(ident), mxCreateString("%s"), mxCreateString(msg)};
  mexCallMATLAB(0, NULL, 3, args, "error");
#endif
  mexErrMsgIdAndTxt(ident, "%s", msg);
  abort(); /* not reached: both calls unwind into the interpreter */
}

void fail(mexctx *c, const char *id, const char *fmt, ...) {
  char msg[CLM_MEX_MSG], ident[96];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(ident, sizeof ident, "chaoslm:%s", id);
  ctx_free(c);
  raise_error(ident, msg);
}

void fail_status(mexctx *c, int st, const char *what) {
  fail(c, clm_status_name(st), "%s: %s", what, clm_strerror(st));
}

/* ------------------------------------------------------------------------ */

int is_real_double(const mxArray *a) {
  return a && mxIsDouble(a) && !mxIsComplex(a) && !mxIsSparse(a);
}

const char *class_of(const mxArray *a) {
  if (!a) return "nothing";
  if (mxIsSparse(a)) return "a sparse matrix";
  if (mxIsComplex(a)) return "a complex array";
  return mxGetClassName(a);
}

void need_double_matrix(mexctx *c, const mxArray *a, const char *path) {
  if (!is_real_double(a))
    fail(c, "type", "%s must be a real double matrix (got %s)", path, class_of(a));
  if (mxGetNumberOfDimensions(a) != 2) fail(c, "CLM_ESIZE", "%s must be a 2-D matrix", path);
}

const mxArray *get_field(mexctx *c, const mxArray *s, const char *name, const char *path) {
  const mxArray *f = mxGetField(s, 0, name);
  if (!f)
    fail(c, "netstruct", "%s.%s is missing (create networks with feedforwardnet or clm_feedforwardnet)",
         path, name);
  return f;
}

void get_string(mexctx *c, const mxArray *a, const char *path, char *buf, size_t len,
                const char *id) {
  if (!a || !mxIsChar(a) || (mxGetM(a) > 1 && mxGetN(a) > 0))
    fail(c, id, "%s must be a character string (got %s)", path, class_of(a));
  if (mxGetNumberOfElements(a) + 1 > len || mxGetString(a, buf, (mwSize)len) != 0)
    fail(c, id, "%s is too long or not a valid name", path);
}

double get_scalar(mexctx *c, const mxArray *a, const char *path, const char *id,
                  int allow_logical) {
  if (a && allow_logical && mxIsLogical(a) && mxGetNumberOfElements(a) == 1)
    return mxIsLogicalScalarTrue(a) ? 1.0 : 0.0;
  if (!is_real_double(a))
    fail(c, id, "%s must be a real double scalar (got %s)", path, class_of(a));
  if (mxGetNumberOfElements(a) != 1)
    fail(c, id, "%s must be a scalar (got %zu elements)", path, (size_t)mxGetNumberOfElements(a));
  return mxGetScalar(a);
}

uint64_t get_count(mexctx *c, const mxArray *a, const char *path, const char *id, double max) {
  double v;
  if (a && (mxIsUint64(a) || mxIsUint32(a) || mxIsInt32(a) || mxIsInt64(a)) &&
      mxGetNumberOfElements(a) == 1 && !mxIsComplex(a)) {
    if (mxIsUint64(a)) return *(const uint64_t *)mxGetData(a);
    if (mxIsUint32(a)) return *(const uint32_t *)mxGetData(a);
    int64_t s = mxIsInt64(a) ? *(const int64_t *)mxGetData(a) : *(const int32_t *)mxGetData(a);
    if (s < 0) fail(c, id, "%s must be non-negative (got %lld)", path, (long long)s);
    return (uint64_t)s;
  }
  v = get_scalar(c, a, path, id, 0);
  if (isnan(v)) fail(c, id, "%s is NaN; a non-negative integer is required", path);
  if (!(v >= 0) || v != floor(v) || v > max)
    fail(c, id, "%s must be a non-negative integer no larger than %.17g (got %.17g)", path, max, v);
  return (uint64_t)v;
}

const mxArray *cell_at(const mxArray *cell, size_t i) {
  if (!cell || !mxIsCell(cell) || i >= mxGetNumberOfElements(cell)) return NULL;
  return mxGetCell(cell, (mwIndex)i);
}

size_t name_distance(const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b), row[64];
  if (na > 63 || nb > 63) return SIZE_MAX;
  for (size_t j = 0; j <= nb; j++) row[j] = j;
  for (size_t i = 1; i <= na; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= nb; j++) {
      size_t up = row[j];
      size_t best = diag + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[nb];
}

/* ------------------------------------------------------------------------ */

void transpose_hint(char *buf, size_t len, const char *name, size_t rows, size_t cols) {
  if (len) buf[0] = '\0';
  if (rows > cols)
    snprintf(buf, len,
             " (%s is %zux%zu: one column per sample is expected, as in MATLAB; if each row is a "
             "sample, pass %s.')",
             name, rows, cols, name);
}

const double *data_arg(mexctx *c, const mxArray *a, const char *name, size_t rows_want,
                       size_t *rows, size_t *Q) {
  char hint[256];
  need_double_matrix(c, a, name);
  *rows = mxGetM(a);
  *Q = mxGetN(a);
  if (*rows == 0 || *Q == 0)
    fail(c, "CLM_ESIZE", "%s is empty (%zux%zu); give one column per sample", name, *rows, *Q);
  if (rows_want && *rows != rows_want) {
    transpose_hint(hint, sizeof hint, name, *rows, *Q);
    if (!hint[0] && *Q == rows_want)
      snprintf(hint, sizeof hint, " (%s.' would fit: are the samples stored as rows?)", name);
    fail(c, "CLM_ESIZE",
         "%s has %zu rows but the network has %zu (one row per variable, one column per sample)%s",
         name, *rows, rows_want, hint);
  }
  const double *p = mxGetPr(a);
  for (size_t i = 0; i < *rows * *Q; i++)
    if (isinf(p[i])) fail(c, "CLM_EINF", "%s(%zu,%zu) is Inf", name, i % *rows + 1, i / *rows + 1);
  return p;
}
