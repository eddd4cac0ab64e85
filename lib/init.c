/* chaoslm — weight initialisation: Nguyen-Widrow (initnw) and rands.
 *
 * Follows MATLAB's initnw.m / calcnw (Neural Network Toolbox 7, 2010) as
 * summarised in doc/matlab.md §6.2.  Layers are initialised in order
 * l = 1..L from one GSL MT19937 stream seeded by clm__rng_seed32(seed)
 * (rng.c); every uniform draw is u = k/2^32 and rands = 2u - 1.
 *
 * Layer l has S = S_l neurons and R = R_l source values: the columns of
 * its whole incoming weight matrix W{l} = [IW{l,1} LW{l,j1} LW{l,j2} ...]
 * (sources in increasing order, the input first: MATLAB's initnw builds the
 * same combined matrix, initialises it in one piece and cuts it into IW and
 * LW blocks; a feedforwardnet layer has one source, R = S_{l-1}).  Column j
 * has the range [lo_j, hi_j] of its source:
 *   the input: the processed input range of kept input j.  With mapminmax this
 *     is [-1,1].  Without mapminmax the network does not keep the raw data
 *     range (clm_proc stores only xoffset/gain, which are the identity
 *     then), so [-1,1] is assumed, i.e. the inputs are taken to be already
 *     scaled -- the assumption Nguyen-Widrow itself makes.  The same holds
 *     for a row that mapminmax passes through unchanged (zero range with
 *     removeconstantrows off, or gain > 1e14): MATLAB would use its raw,
 *     (nearly) constant range there and drop or rescale the column; we
 *     cannot tell such a row from data already spanning [-1,1] (both are
 *     stored as gain 1, xoffset -1), so it is given [-1,1] as well.
 *     Storing the raw row range in clm_proc would lift both limitations.
 *   layer j: the output range of layer j's transfer function; if
 *     either end is infinite, both are clipped to [-1,1] (purelin [-1,1],
 *     poslin [0,1], logsig [0,1], tansig [-1,1]).
 *
 * rands layers (initfcn = rands, or a transfer function with an infinite
 * active range such as purelin, poslin, softmax):
 *   W = rands(S,R) drawn column-major (W(0,0), W(1,0), ..., W(S-1,0),
 *   W(0,1), ...), then b = rands(S,1).  An S x 0 W draws nothing.
 *
 * Nguyen-Widrow layers (active range [nmin,nmax] finite):
 *   drop the constant sources (lo == hi; a non-finite range counts as
 *   [0,1]); r = number left.  If R == 0 or r == 0: W = 0, b = 0, no draws.
 *   Otherwise:
 *     D    = rands(S,r) drawn column-major, each row scaled to unit length
 *            (normr; a row that is exactly zero becomes 1/sqrt(r) per entry,
 *            an event of probability 2^-32r)
 *     mag  = 0.7 * S^(1/r);  W = mag * D
 *     b_i  = 0 if S == 1, else mag * (-1 + 2i/(S-1)) * sign(W(i,0))
 *            (linspace(-1,1,S), last point exactly 1)
 *     map net input [-1,1] -> [nmin,nmax]: x = (nmax-nmin)/2,
 *            y = (nmax+nmin)/2, W = x W, b = x b + y
 *     map source ranges [lo_j,hi_j] -> [-1,1]: g_j = 2/(hi_j-lo_j),
 *            o_j = 1 - hi_j g_j, b = W o + b (W before scaling),
 *            W(:,j) = g_j W(:,j)   (one range per column: a cascade layer
 *            mixes the input's [-1,1] with, e.g., a logsig layer's [0,1])
 *     columns of dropped sources are 0.
 *   For tansig ([-2,2]) behind mapminmax: W = 1.4 S^(1/r) D and
 *   b = 1.4 S^(1/r) linspace(-1,1,S) .* sign(W(:,0)).
 *
 * Reference: D. Nguyen and B. Widrow, "Improving the learning speed of
 * 2-layer neural networks by choosing initial values of the adaptive
 * weights", IJCNN 1990, vol. 3, pp. 21-26.
 *
 * Everything runs on one thread; sums are taken in a fixed order, so the
 * same seed gives bit-identical weights for a given build (pow() from the
 * C library is the only libm call).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "net_internal.h"
#include "rng.h"

/* Range of the values of source j (0: the input, else layer j). */
static void source_range(const clm_net *net, size_t j, double *lo, double *hi) {
  if (j == 0) {
    /* Processed input range: [-1,1] after mapminmax (and assumed without it,
     * see the banner). */
    *lo = -1.0;
    *hi = 1.0;
    return;
  }
  double a, b;
  clm__transfer_output_range(net->transfer[j], &a, &b);
  if (!isfinite(a) || !isfinite(b)) {
    a = a > -1.0 ? a : -1.0;
    b = b < 1.0 ? b : 1.0;
  }
  *lo = a;
  *hi = b;
}

/* The range of every column of W{l} (R_l entries in lo and hi): the
 * columns of each source, sources in increasing order. */
static void column_ranges(const clm_net *net, size_t l, double *lo, double *hi) {
  size_t c = 0;
  for (size_t j = 0; j < l; j++) {
    if (!(net->src[l] >> j & 1u)) continue;
    double a, b;
    source_range(net, j, &a, &b);
    for (size_t k = 0; k < net->size[j]; k++, c++) {
      lo[c] = a;
      hi[c] = b;
    }
  }
}

/* rands for the whole layer: W column-major, then b. */
static void init_rands(clm_rng *rng, double *b, double *W, size_t S, size_t R) {
  for (size_t k = 0; k < S * R; k++) W[k] = clm__rng_rands(rng);
  for (size_t i = 0; i < S; i++) b[i] = clm__rng_rands(rng);
}

/* Nguyen-Widrow for one layer.  keep is scratch of R entries, lo and hi
 * hold the R column ranges (column_ranges) and are changed. */
static void init_nw(clm_rng *rng, double nmin, double nmax, double *b, double *W, size_t S,
                    size_t R, size_t *keep, double *lo, double *hi) {
  memset(W, 0, S * R * sizeof *W);
  memset(b, 0, S * sizeof *b);
  size_t r = 0;
  for (size_t j = 0; j < R; j++) {
    if (!isfinite(lo[j] + hi[j])) lo[j] = 0.0, hi[j] = 1.0;
    if (lo[j] != hi[j]) keep[r++] = j;
  }
  if (r == 0) return; /* no variable source: W = 0, b = 0 */

  /* D = rands(S,r), column-major, stored in the kept columns of W. */
  for (size_t c = 0; c < r; c++) {
    double *col = W + keep[c] * S;
    for (size_t i = 0; i < S; i++) col[i] = clm__rng_rands(rng);
  }
  const double mag = 0.7 * pow((double)S, 1.0 / (double)r);
  const double x = 0.5 * (nmax - nmin), y = 0.5 * (nmax + nmin);
  for (size_t i = 0; i < S; i++) {
    double ss = 0.0;
    for (size_t c = 0; c < r; c++) {
      double v = W[keep[c] * S + i];
      ss += v * v;
    }
    double inv = ss > 0.0 ? 1.0 / sqrt(ss) : 0.0;
    for (size_t c = 0; c < r; c++) {
      double *w = &W[keep[c] * S + i];
      double d = ss > 0.0 ? *w * inv : 1.0 / sqrt((double)r);
      *w = mag * d;
    }
    double bi = 0.0;
    if (S > 1) {
      double t = (i == S - 1) ? 1.0 : -1.0 + 2.0 * (double)i / (double)(S - 1);
      double w0 = W[keep[0] * S + i];
      double sg = (w0 > 0.0) - (w0 < 0.0);
      bi = mag * t * sg;
    }
    /* net input [-1,1] -> [nmin,nmax] */
    for (size_t c = 0; c < r; c++) W[keep[c] * S + i] *= x;
    bi = x * bi + y;
    /* source ranges [lo_j,hi_j] -> [-1,1]: b += W o, then W(:,j) *= g_j */
    for (size_t c = 0; c < r; c++) {
      const size_t j = keep[c];
      const double g = 2.0 / (hi[j] - lo[j]), o = 1.0 - hi[j] * g;
      bi += W[j * S + i] * o;
    }
    for (size_t c = 0; c < r; c++) {
      const size_t j = keep[c];
      W[j * S + i] *= 2.0 / (hi[j] - lo[j]);
    }
    b[i] = bi;
  }
}

struct clm__init_scratch {
  size_t *keep; /* max_l R_l entries */
  double *lo;   /* 2 max_l R_l: column ranges lo, then hi */
  clm_rng rng;  /* MT19937 state, re-seeded for every draw */
};

void clm__init_scratch_free(clm__init_scratch *s) {
  if (!s) return;
  clm__rng_close(&s->rng);
  free(s->keep);
  free(s->lo);
  free(s);
}

int clm__init_scratch_alloc(clm__init_scratch **out, const clm_net *net) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  if (!net) return CLM_ENULL;
  size_t Rmax = 1;
  for (size_t l = 1; l <= net->n_layers; l++)
    if (net->fan_in[l] > Rmax) Rmax = net->fan_in[l];
  clm__init_scratch *s = calloc(1, sizeof *s);
  if (!s) return CLM_ENOMEM;
  s->keep = malloc(Rmax * sizeof *s->keep);
  s->lo = malloc(2 * Rmax * sizeof *s->lo);
  if (!s->keep || !s->lo || clm__rng_open(&s->rng, 0) != CLM_OK) {
    clm__init_scratch_free(s);
    return CLM_ENOMEM;
  }
  *out = s;
  return CLM_OK;
}

int clm__init_weights_into(const clm_net *net, uint64_t seed, clm__init_scratch *s, double *wb) {
  if (!net || !s || !wb) return CLM_ENULL;
  if (!net->configured) return CLM_ENOTCONFIGURED;
  if ((int)net->initfcn < 0 || net->initfcn >= CLM_INITFCN_COUNT_) return CLM_EINVAL;
  size_t Rmax = 1;
  for (size_t l = 1; l <= net->n_layers; l++) {
    if ((int)net->transfer[l] < 0 || net->transfer[l] >= CLM_TRANSFER_COUNT_) return CLM_ETRANSFER;
    if (net->fan_in[l] > Rmax) Rmax = net->fan_in[l];
  }
  double *lo = s->lo, *hi = s->lo + Rmax;
  clm__rng_reseed(&s->rng, seed);
  for (size_t l = 1; l <= net->n_layers; l++) {
    const size_t S = net->size[l], R = net->fan_in[l];
    double *b = wb + net->b_off[l], *W = wb + net->w_off[l];
    double nmin = 0.0, nmax = 0.0;
    int finite_active = net->initfcn == CLM_INITNW &&
                        clm__transfer_active_range(net->transfer[l], &nmin, &nmax) &&
                        isfinite(nmin) && isfinite(nmax);
    if (finite_active) {
      column_ranges(net, l, lo, hi);
      init_nw(&s->rng, nmin, nmax, b, W, S, R, s->keep, lo, hi);
    } else {
      init_rands(&s->rng, b, W, S, R);
    }
  }
  return CLM_OK;
}

int clm__init_weights(clm_net *net, uint64_t seed) {
  if (!net) return CLM_ENULL;
  if (!net->configured || !net->wb) return CLM_ENOTCONFIGURED;
  clm__init_scratch *s = NULL;
  int st = clm__init_scratch_alloc(&s, net);
  if (st == CLM_OK) st = clm__init_weights_into(net, seed, s, net->wb);
  clm__init_scratch_free(s);
  return st;
}
