/* chaoslm — classification helpers: vec2ind, ind2vec and confusion, with
 * MATLAB's definitions (documented in include/chaoslm/classify.h).
 *
 * confusion works on each kept sample's target class i (the row of the
 * largest target, vec2ind) and output class j (the row of the largest
 * output, MATLAB's compet), and on the C x C counts cm(i, j).  MATLAB's
 * fraction c compares the whole target matrix with the 0/1 matrix of
 * output classes entry by entry: for each sample, the number of rows r
 * with t(r) != [r == j], summed, over 2 x samples.  With one output row
 * the rows are first made [1-t; t] and [1-y-eps(y == 0.5); y], so that a
 * tie at 0.5 goes to class 1.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "chaoslm.h"

/* Row of the largest value of v (S values): the first on ties, NaN passed
 * over, 0 when every value is NaN. */
static size_t argmax(const double *v, size_t S) {
  size_t best = 0;
  int found = 0;
  for (size_t i = 0; i < S; i++) {
    if (isnan(v[i])) continue;
    if (!found || v[i] > v[best]) {
      best = i;
      found = 1;
    }
  }
  return best;
}

int clm_vec2ind(const double *V, size_t S, size_t Q, size_t *ind) {
  if (!ind || (!V && Q)) return CLM_ENULL;
  if (S == 0) return CLM_ESIZE;
  for (size_t q = 0; q < Q; q++) ind[q] = argmax(V + q * S, S);
  return CLM_OK;
}

int clm_ind2vec(const size_t *ind, size_t Q, size_t S, double *V) {
  if ((!ind || !V) && Q) return CLM_ENULL;
  if (S == 0) return CLM_ESIZE;
  for (size_t q = 0; q < Q; q++)
    if (ind[q] >= S) return CLM_ESIZE;
  if (Q > SIZE_MAX / sizeof(double) / S) return CLM_ESIZE;
  memset(V, 0, S * Q * sizeof *V);
  for (size_t q = 0; q < Q; q++) V[q * S + ind[q]] = 1.0;
  return CLM_OK;
}

size_t clm_confusion_classes(size_t S) { return S == 1 ? 2 : S; }

/* Column q of the targets and outputs as C rows (S = 1: the two-class
 * rows [1-t; t] and [1-y-eps(y == 0.5); y]). */
static void column(const double *T, const double *Y, size_t S, size_t q, double *t,
                   double *y) {
  if (S == 1) {
    const double tq = T[q], yq = Y[q];
    t[0] = 1.0 - tq;
    t[1] = tq;
    y[0] = 1.0 - yq - (yq == 0.5 ? DBL_EPSILON : 0.0);
    y[1] = yq;
    return;
  }
  memcpy(t, T + q * S, S * sizeof *t);
  memcpy(y, Y + q * S, S * sizeof *y);
}

int clm_confusion(const double *T, const double *Y, size_t S, size_t Q, double *c,
                  size_t *cm, double *per, size_t *n_kept) {
  if ((!T || !Y) && Q) return CLM_ENULL;
  if (S == 0) return CLM_ESIZE;
  if (S > SIZE_MAX / 4 / sizeof(size_t) / S || (Q && S > SIZE_MAX / sizeof(double) / Q))
    return CLM_ESIZE;
  for (size_t k = 0; k < S * Q; k++)
    if (!(T[k] == 0.0 || T[k] == 1.0 || isnan(T[k]))) return CLM_EINVAL;
  const size_t C = clm_confusion_classes(S);
  /* counts: C*C cells, then per class: output i with target i, output i,
   * target i */
  size_t *cnt = calloc(C * C + 3 * C, sizeof *cnt);
  double *t = malloc(2 * C * sizeof *t);
  if (!cnt || !t) {
    free(cnt);
    free(t);
    return CLM_ENOMEM;
  }
  double *y = t + C;
  size_t *tp = cnt + C * C, *out_i = tp + C, *tgt_i = out_i + C;
  size_t kept = 0, differ = 0;
  for (size_t q = 0; q < Q; q++) {
    column(T, Y, S, q, t, y);
    int known = 1;
    for (size_t r = 0; r < C; r++) known &= !isnan(t[r]);
    if (!known) continue; /* a don't-care sample */
    kept++;
    const size_t i = argmax(t, C), j = argmax(y, C);
    cnt[i + j * C]++;
    for (size_t r = 0; r < C; r++) differ += t[r] != (r == j ? 1.0 : 0.0);
    out_i[j]++;
    for (size_t r = 0; r < C; r++) {
      if (t[r] != 1.0) continue;
      tgt_i[r]++;
      if (r == j) tp[r]++;
    }
  }
  if (c) *c = kept ? (double)differ / (2.0 * (double)kept) : NAN;
  if (cm) memcpy(cm, cnt, C * C * sizeof *cm);
  if (per) {
    /* rates with "positive" = output class i; 0 for a rate over nothing */
    for (size_t i = 0; i < C; i++) {
      const double pos = (double)out_i[i], neg = (double)(kept - out_i[i]);
      const double fn = (double)(tgt_i[i] - tp[i]);   /* output not i, target i */
      const double fp = (double)(out_i[i] - tp[i]);   /* output i, target not i */
      const double tn = neg - fn;                     /* output not i, target not i */
      per[i] = neg > 0 ? fn / neg : 0.0;
      per[i + C] = pos > 0 ? fp / pos : 0.0;
      per[i + 2 * C] = pos > 0 ? (double)tp[i] / pos : 0.0;
      per[i + 3 * C] = neg > 0 ? tn / neg : 0.0;
    }
  }
  if (n_kept) *n_kept = kept;
  free(cnt);
  free(t);
  return CLM_OK;
}
