/* chaoslm — input/output processing: removeconstantrows then mapminmax.
 *
 * Math (MATLAB's removeconstantrows and mapminmax with ymin = -1, ymax = 1;
 * doc/matlab.md §6.3):
 *   per row i, over its non-NaN values: xmin_i, xmax_i.
 *   removeconstantrows: the row is removed when xmax_i == xmin_i; its
 *     constant (xmin_i) is re-inserted on reverse.
 *   mapminmax: gain_i = 2/(xmax_i - xmin_i), xoffset_i = xmin_i,
 *     apply   y = (x - xoffset)*gain - 1,
 *     reverse x = (y + 1)/gain + xoffset.
 *     A row whose range is zero or not finite, or whose gain exceeds 1e14,
 *     passes through unchanged (stored as gain 1, xoffset -1, which the
 *     formulas above also map to the identity; the code copies such values
 *     exactly instead of computing (x+1)-1, which could round).
 *   With mapminmax off, kept rows are stored as pass-through as well.
 *
 * The range of every row (xmin, xmax; NaN for an all-NaN row) is kept: it
 * is MATLAB's net.inputs/outputs{1}.range, which error normalization uses.
 *
 * Choice for a row whose values are all NaN (MATLAB's min/max give NaN there):
 * with removeconstantrows on, the row is treated as constant with value 0,
 * i.e. removed (it carries no information; as an output row every target in
 * it is NaN, so it never contributes an error).  With removeconstantrows off
 * it is kept and passes through.
 *
 * An infinite value anywhere in the data gives CLM_EINF.  Ranges that
 * overflow (max - min > DBL_MAX) are handled by halving, and processed inputs
 * are limited to +-1e100 (see clm__proc_apply).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "net_internal.h"

/* Pass-through rows are stored with gain 1 and xoffset -1. */
static int is_passthrough(double gain, double xoffset) { return gain == 1.0 && xoffset == -1.0; }

int clm__proc_setup(clm_proc *p, unsigned flags, const double *X, size_t rows, size_t Q) {
  if (!p || (!X && rows && Q)) return CLM_ENULL;
  memset(p, 0, sizeof *p);
  clm_proc c;
  int ast = clm__proc_alloc(&c, rows);
  if (ast != CLM_OK) return CLM_ENOMEM;
  double *xmin = c.xmin, *xmax = c.xmax; /* the row ranges, kept in c */
  for (size_t i = 0; i < rows; i++) {
    xmin[i] = INFINITY;
    xmax[i] = -INFINITY;
  }
  /* Column-major rows x Q: walk the memory in order. */
  for (size_t q = 0; q < Q; q++) {
    const double *x = X + q * rows;
    for (size_t i = 0; i < rows; i++) {
      double v = x[i];
      if (isnan(v)) continue;
      if (isinf(v)) {
        clm__proc_free(&c);
        return CLM_EINF;
      }
      if (v < xmin[i]) xmin[i] = v;
      if (v > xmax[i]) xmax[i] = v;
    }
  }
  size_t nk = 0;
  for (size_t i = 0; i < rows; i++) {
    int all_nan = xmin[i] > xmax[i];
    if (all_nan) xmin[i] = xmax[i] = NAN; /* the row's range (kept in c) */
    if ((flags & CLM_PROC_REMOVECONSTANTROWS) && (all_nan || xmax[i] == xmin[i])) {
      c.kept[i] = 0;
      c.xoffset[i] = all_nan ? 0.0 : xmin[i];
      c.gain[i] = 0.0;
      continue;
    }
    c.kept[i] = 1;
    c.kept_index[nk++] = i;
    /* 2/(xmax - xmin) computed as 1/(xmax/2 - xmin/2): the same bits for any
     * ordinary range (halving is exact), and finite when xmax - xmin would
     * overflow (rows spanning -1e308..1e308). */
    double g = all_nan ? 0.0 : 1.0 / (xmax[i] * 0.5 - xmin[i] * 0.5);
    if ((flags & CLM_PROC_MAPMINMAX) && isfinite(g) && g > 0.0 && g <= 1e14) {
      c.gain[i] = g;
      c.xoffset[i] = xmin[i];
    } else {
      c.gain[i] = 1.0;
      c.xoffset[i] = -1.0;
    }
  }
  for (size_t i = nk; i < rows; i++) c.kept_index[i] = 0;
  c.n_kept = nk;
  *p = c;
  return CLM_OK;
}

/* Processed inputs are limited to +-CLM_PROC_LIMIT.  That is 1e100 times a
 * row's training range: every sigmoid unit is saturated long before, and the
 * limit keeps the weighted sums of absurd inputs (|x| near 1e308) finite
 * instead of overflowing to Inf - Inf = NaN.  Ordinary data never reach it. */
#define CLM_PROC_LIMIT 1e100

void clm__proc_apply(const clm_proc *p, const double *x, double *xp) {
  for (size_t j = 0; j < p->n_kept; j++) {
    size_t i = p->kept_index[j];
    double g = p->gain[i], o = p->xoffset[i], v;
    if (is_passthrough(g, o)) {
      v = x[i];
    } else {
      double d = x[i] - o;
      /* x - xoffset overflows only for |x| near DBL_MAX: redo it halved. */
      v = isinf(d) ? (x[i] * 0.5 - o * 0.5) * (2.0 * g) - 1.0 : d * g - 1.0;
    }
    if (v > CLM_PROC_LIMIT) v = CLM_PROC_LIMIT;
    if (v < -CLM_PROC_LIMIT) v = -CLM_PROC_LIMIT;
    xp[j] = v; /* NaN stays NaN (both comparisons are false) */
  }
}

void clm__proc_reverse(const clm_proc *p, const double *yp, double *y) {
  size_t j = 0;
  for (size_t i = 0; i < p->n_raw; i++) {
    if (!p->kept[i]) {
      y[i] = p->xoffset[i];
      continue;
    }
    double g = p->gain[i], o = p->xoffset[i];
    y[i] = is_passthrough(g, o) ? yp[j] : (yp[j] + 1.0) / g + o;
    j++;
  }
}
