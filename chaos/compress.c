/* chaoslm — weight compression of saturated hidden neurons (Smith, Wu and
 * Wilamowski, "Neural network training with Levenberg-Marquardt and
 * adaptable weight compression", IEEE TNNLS 30(2):580-587, 2019).
 *
 * A hidden neuron j of layer l whose net input n_j = b_j + W(j,:) a (a: the
 * outputs of the layer's sources, the input and/or earlier layers) is large in magnitude on most samples sits in the flat tails of its
 * transfer function: its derivative, and so its columns of the Jacobian,
 * nearly vanish and LM cannot move it.  Compression scales its incoming
 * weights and bias by
 *
 *     c_j = min(1, tau_j / (g_l m_j)),   m_j = mean over samples of |n_j|,
 *
 * so that its mean |net input| becomes tau_j / g_l when it was larger
 * (neurons already in their active region are left alone).  g_l is the
 * transfer function's gain relative to tanh, 4 / (n_max - n_min) for its
 * active input range [n_min, n_max]: 1 for tansig ([-2, 2]), 1/2 for logsig
 * ([-4, 4]).  Only hidden layers with a finite active range take part (not
 * purelin / poslin / softmax layers, and never the output layer).  All
 * means are taken at the uncompressed weights, in one forward pass over
 * the training samples in sample order, so the result does not depend on
 * the thread count.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "chaos_internal.h"

struct clm__compress {
  const clm_net *net;
  size_t n;         /* compressible neurons */
  size_t *layer;    /* n: layer l of neuron k */
  size_t *row;      /* n: its row j in layer l */
  size_t *first;    /* L+1: index k of the first neuron of layer l (layers without: n) */
  double *gain;     /* n */
  double *mean;     /* n: mean |net input| from the last clm__compress_means */
  double *act;      /* sum of size[0..L-1]: the outputs of the input and every layer, one sample */
  size_t *act_off;  /* L: where layer l's outputs start in act (0: the input) */
  double *net_in;   /* max layer size: n^l of one sample */
  size_t smax;
};

void clm__compress_free(clm__compress *c) {
  if (!c) return;
  free(c->layer);
  free(c->gain);
  free(c->act);
  free(c->act_off);
  free(c);
}

int clm__compress_alloc(clm__compress **out, const clm_net *net) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  if (!net) return CLM_ENULL;
  if (!net->configured || !net->n_wb) return CLM_ENOTCONFIGURED;
  clm__compress *c = calloc(1, sizeof *c);
  if (!c) return CLM_ENOMEM;
  c->net = net;
  const size_t L = net->n_layers;
  size_t n = 0, smax = 1, total = 0;
  for (size_t l = 0; l <= L; l++)
    if (net->size[l] > smax) smax = net->size[l];
  for (size_t l = 0; l < L; l++) total += net->size[l];
  double lo, hi;
  for (size_t l = 1; l < L; l++)
    if (clm__transfer_active_range(net->transfer[l], &lo, &hi)) n += net->size[l];
  c->n = n;
  c->smax = smax;
  /* one block of size_t (layer, row: n each; first: L+1) and one of double */
  c->layer = malloc((2 * n + L + 1) * sizeof(size_t));
  c->gain = malloc((2 * (n ? n : 1)) * sizeof(double));
  c->act = malloc((total + smax) * sizeof(double));
  c->act_off = malloc(L * sizeof(size_t));
  if (!c->layer || !c->gain || !c->act || !c->act_off) {
    clm__compress_free(c);
    return CLM_ENOMEM;
  }
  c->row = c->layer + n;
  c->first = c->layer + 2 * n;
  c->mean = c->gain + (n ? n : 1);
  c->net_in = c->act + total;
  for (size_t l = 0, off = 0; l < L; l++) {
    c->act_off[l] = off;
    off += net->size[l];
  }
  size_t k = 0;
  for (size_t l = 0; l <= L; l++) {
    c->first[l] = k;
    if (l == 0 || l == L || !clm__transfer_active_range(net->transfer[l], &lo, &hi)) continue;
    for (size_t j = 0; j < net->size[l]; j++, k++) {
      c->layer[k] = l;
      c->row[k] = j;
      c->gain[k] = 4.0 / (hi - lo);
      c->mean[k] = 0.0;
    }
  }
  *out = c;
  return CLM_OK;
}

size_t clm__compress_neurons(const clm__compress *c) { return c ? c->n : 0; }

const double *clm__compress_mean(const clm__compress *c) { return c->mean; }

int clm__compress_means(clm__compress *c, const clm_data *d, const size_t *idx, size_t n,
                        const double *w) {
  if (!c || !d || !w) return CLM_ENULL;
  const clm_net *net = c->net;
  const size_t S0 = net->size[0];
  if (!idx) n = d->Q;
  for (size_t k = 0; k < c->n; k++) c->mean[k] = 0.0;
  if (!c->n) return CLM_OK;
  /* the deepest layer that holds a compressible neuron */
  const size_t last = c->layer[c->n - 1];
  double *nin = c->net_in;
  size_t used = 0;
  for (size_t s = 0; s < n; s++) {
    const size_t q = idx ? idx[s] : s;
    if (q >= d->Q) return CLM_ESIZE;
    if (d->skip && d->skip[q]) continue;
    used++;
    memcpy(c->act, d->Xp + q * S0, S0 * sizeof(double));
    for (size_t l = 1; l <= last; l++) {
      const size_t S = net->size[l];
      const double *b = w + net->b_off[l], *W = w + net->w_off[l];
      for (size_t j = 0; j < S; j++) nin[j] = b[j];
      /* W{l} = [blocks of the sources in increasing order], column-major */
      size_t col = 0;
      for (size_t src = 0; src < l; src++) {
        if (!(net->src[l] >> src & 1u)) continue;
        const double *a = c->act + c->act_off[src];
        for (size_t r = 0; r < net->size[src]; r++, col++) {
          const double ar = a[r];
          const double *wc = W + col * S;
          for (size_t j = 0; j < S; j++) nin[j] += wc[j] * ar;
        }
      }
      for (size_t k = c->first[l]; k < c->first[l + 1]; k++) c->mean[k] += fabs(nin[c->row[k]]);
      if (l < last) clm__transfer_apply(net->transfer[l], nin, c->act + c->act_off[l], S);
    }
  }
  if (used)
    for (size_t k = 0; k < c->n; k++) c->mean[k] /= (double)used;
  return CLM_OK;
}

size_t clm__compress_apply(const clm__compress *c, const double *w, double omega,
                           const double *log_target, double *out) {
  const clm_net *net = c->net;
  if (out != w) memcpy(out, w, net->n_wb * sizeof(double));
  size_t changed = 0;
  for (size_t k = 0; k < c->n; k++) {
    const double tau = log_target ? omega * exp(log_target[k]) : omega;
    const double m = c->mean[k];
    if (!(m > 0.0) || !isfinite(m)) continue;
    const double f = tau / (c->gain[k] * m);
    if (!(f < 1.0)) continue;
    const size_t l = c->layer[k], j = c->row[k], S = net->size[l], R = net->fan_in[l];
    out[net->b_off[l] + j] *= f;
    double *W = out + net->w_off[l];
    for (size_t r = 0; r < R; r++) W[j + r * S] *= f;
    changed++;
  }
  return changed;
}
