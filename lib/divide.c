/* chaoslm — data division (MATLAB's dividerand, divideblock, divideint,
 * divideind, dividetrain), 0-based.
 *
 * Ratios r = (train, val, test) are normalised by their sum, summed in
 * MATLAB's order: total = train + test + val, p_s = r_s / total.
 *
 * dividerand (dividerand.m, NNT 7, 2010):
 *   n_val = round(p_val Q), n_test = round(p_test Q), n_train = Q - both
 *   (round = half away from zero, C's round()); a permutation perm of
 *   0..Q-1 is drawn by gsl_ran_shuffle (Fisher-Yates from the end, with
 *   gsl_rng_uniform_int) from a MT19937 stream seeded by
 *   clm__rng_seed32(seed ^ CLM_DIVIDE_STREAM), starting from the identity.
 *   The XOR with the constant CLM_DIVIDE_STREAM (below) separates the
 *   division stream from the initialisation stream, so that a trainer that
 *   passes one seed to both clm_configure and clm_net_divide does not draw
 *   its permutation from the very numbers that made the initial weights; train = sort(perm[0..n_train)),
 *   val = sort(next n_val), test = sort(last n_test).
 * divideblock: the same counts; train = 0..n_train-1, then val, then test.
 *   (The 2006-2008 toolbox copy used floor() for these counts; we use the
 *   same round() as dividerand.)
 * divideint (divideint.m, NNT 7): greedy interleave.  For sample i = 0..Q-1
 *   with counts c_s so far, d_s = p_s - c_s / i (d = p for i = 0); the sample
 *   goes to the first set (train, val, test order) with the largest d_s.
 *   Counts therefore follow the ratios as closely as a prefix can.
 * dividetrain: every sample is training data.
 * divideind: the network's explicit lists; every index must be < Q, and the
 *   three lists together must not repeat an index (MATLAB silently drops
 *   indices > Q; we reject them).  The outputs are sorted copies.
 *
 * In clm__divide, with a zero training ratio the rounded counts could exceed
 * Q (Q = 1, 0/0.5/0.5): n_test is then reduced to Q - n_val.  n_train may be
 * 0; trainers report that as CLM_ENOSAMPLES.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "net_internal.h"
#include "rng.h"

/* Domain separation of the division stream (the 64-bit golden ratio
 * 0x9E3779B97F4A7C15 rotated; any fixed odd constant would do). */
#define CLM_DIVIDE_STREAM UINT64_C(0x7F4A7C159E3779B9)

static int cmp_size(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return (x > y) - (x < y);
}

static int check_ratios(const double ratio[3]) {
  for (int s = 0; s < 3; s++)
    if (!isfinite(ratio[s]) || ratio[s] < 0) return CLM_EDIVIDE;
  double total = ratio[0] + ratio[2] + ratio[1];
  if (!(total > 0) || !isfinite(total)) return CLM_EDIVIDE;
  return CLM_OK;
}

/* MATLAB's counts for dividerand/divideblock. */
static void round_counts(size_t Q, const double ratio[3], size_t n[3]) {
  double total = ratio[0] + ratio[2] + ratio[1];
  double pv = ratio[1] / total, pt = ratio[2] / total;
  double dv = round(pv * (double)Q), dt = round(pt * (double)Q);
  size_t nv = dv <= 0 ? 0 : dv >= (double)Q ? Q : (size_t)dv;
  size_t nt = dt <= 0 ? 0 : dt >= (double)Q ? Q : (size_t)dt;
  if (nv + nt > Q) nt = Q - nv;
  n[0] = Q - nv - nt;
  n[1] = nv;
  n[2] = nt;
}

/* ind[s] are caller arrays of Q entries each (any may alias nothing else);
 * n[s] receive the counts.  CLM_DIVIDEIND is not handled here (no lists):
 * it returns CLM_EDIVIDE; use clm_net_divide. */
int clm__divide(clm_dividefcn f, size_t Q, const double ratio[3], uint64_t seed,
                size_t *ind[3], size_t n[3]) {
  if (!ind || !n || !ind[0] || !ind[1] || !ind[2]) return CLM_ENULL;
  /* The caller's index arrays hold Q entries each: a Q that cannot be an
   * array in memory is refused before anything is written. */
  if (Q == 0 || Q > SIZE_MAX / sizeof(size_t)) return CLM_ESIZE;
  if ((int)f < 0 || f >= CLM_DIVIDEFCN_COUNT_ || f == CLM_DIVIDEIND) return CLM_EDIVIDE;
  if (f == CLM_DIVIDETRAIN) {
    for (size_t q = 0; q < Q; q++) ind[0][q] = q;
    n[0] = Q;
    n[1] = n[2] = 0;
    return CLM_OK;
  }
  if (!ratio) return CLM_ENULL;
  int st = check_ratios(ratio);
  if (st != CLM_OK) return st;

  if (f == CLM_DIVIDEINT) {
    double total = ratio[0] + ratio[2] + ratio[1];
    double p[3] = {ratio[0] / total, ratio[1] / total, ratio[2] / total};
    size_t c[3] = {0, 0, 0};
    for (size_t i = 0; i < Q; i++) {
      int best = 0;
      double dbest = 0;
      for (int s = 0; s < 3; s++) {
        double d = i == 0 ? p[s] : p[s] - (double)c[s] / (double)i;
        if (s == 0 || d > dbest) best = s, dbest = d;
      }
      ind[best][c[best]++] = i;
    }
    for (int s = 0; s < 3; s++) n[s] = c[s];
    return CLM_OK;
  }

  size_t cnt[3];
  round_counts(Q, ratio, cnt);
  if (f == CLM_DIVIDEBLOCK) {
    size_t q = 0;
    for (int s = 0; s < 3; s++)
      for (size_t k = 0; k < cnt[s]; k++) ind[s][k] = q++;
    for (int s = 0; s < 3; s++) n[s] = cnt[s];
    return CLM_OK;
  }

  /* dividerand: gsl_rng_uniform_int accepts bounds up to 2^32 - 1. */
  if (Q > UINT64_C(0xffffffff)) return CLM_ESIZE;
  size_t *perm = malloc(Q * sizeof *perm);
  if (!perm) return CLM_ENOMEM;
  clm_rng rng;
  st = clm__rng_open(&rng, seed ^ CLM_DIVIDE_STREAM);
  if (st != CLM_OK) {
    free(perm);
    return st;
  }
  for (size_t q = 0; q < Q; q++) perm[q] = q;
  gsl_ran_shuffle(&rng.r, perm, Q, sizeof *perm);
  clm__rng_close(&rng);
  size_t off = 0;
  for (int s = 0; s < 3; s++) {
    memcpy(ind[s], perm + off, cnt[s] * sizeof *perm);
    qsort(ind[s], cnt[s], sizeof *perm, cmp_size);
    off += cnt[s];
    n[s] = cnt[s];
  }
  free(perm);
  return CLM_OK;
}

int clm_divide(clm_dividefcn f, size_t Q, double train_ratio, double val_ratio,
               double test_ratio, uint64_t seed, size_t *train, size_t *n_train,
               size_t *val, size_t *n_val, size_t *test, size_t *n_test) {
  if (!train || !n_train || !val || !n_val || !test || !n_test) return CLM_ENULL;
  const double r[3] = {train_ratio, val_ratio, test_ratio};
  size_t *ind[3] = {train, val, test};
  size_t n[3];
  int st = clm__divide(f, Q, r, seed, ind, n);
  if (st != CLM_OK) return st;
  *n_train = n[0];
  *n_val = n[1];
  *n_test = n[2];
  return CLM_OK;
}

/* divideind: validate the network's lists against Q and copy them sorted. */
static int divide_ind(const clm_net *net, size_t Q, size_t *ind[3], size_t n[3]) {
  size_t total = 0;
  if (net->div_n[0] == 0) return CLM_EDIVIDE; /* no lists were set */
  for (int s = 0; s < 3; s++) {
    if (net->div_n[s] && !net->div_ind[s]) return CLM_EINTERNAL;
    if (net->div_n[s] > Q) return CLM_EDIVIDE;
    total += net->div_n[s];
  }
  if (total > Q) return CLM_EDIVIDE;
  for (int s = 0; s < 3; s++)
    for (size_t k = 0; k < net->div_n[s]; k++)
      if (net->div_ind[s][k] >= Q) return CLM_EDIVIDE;
  unsigned char *seen = calloc(Q, 1);
  if (!seen) return CLM_ENOMEM;
  for (int s = 0; s < 3; s++)
    for (size_t k = 0; k < net->div_n[s]; k++) {
      size_t q = net->div_ind[s][k];
      if (seen[q]) {
        free(seen);
        return CLM_EDIVIDE;
      }
      seen[q] = 1;
    }
  free(seen);
  for (int s = 0; s < 3; s++) {
    if (net->div_n[s]) memcpy(ind[s], net->div_ind[s], net->div_n[s] * sizeof(size_t));
    qsort(ind[s], net->div_n[s], sizeof(size_t), cmp_size);
    n[s] = net->div_n[s];
  }
  return CLM_OK;
}

int clm_net_divide(const clm_net *net, size_t Q, uint64_t seed, size_t *train,
                   size_t *n_train, size_t *val, size_t *n_val, size_t *test,
                   size_t *n_test) {
  if (!net || !train || !n_train || !val || !n_val || !test || !n_test) return CLM_ENULL;
  if (Q == 0 || Q > SIZE_MAX / sizeof(size_t)) return CLM_ESIZE;
  size_t *ind[3] = {train, val, test};
  size_t n[3];
  int st;
  if (net->dividefcn == CLM_DIVIDEIND)
    st = divide_ind(net, Q, ind, n);
  else
    st = clm__divide(net->dividefcn, Q, net->div_ratio, seed, ind, n);
  if (st != CLM_OK) return st;
  *n_train = n[0];
  *n_val = n[1];
  *n_test = n[2];
  return CLM_OK;
}
