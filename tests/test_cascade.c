/* chaoslm tests — cascadeforwardnet and networks other than a chain.
 *
 *  - connections and the block accessors (MATLAB's inputConnect,
 *    layerConnect and the getwb offsets) against the order written out
 *    here: per layer b{l}, IW{l,1}, then LW{l,j} for j increasing;
 *  - clm_sim against an independent forward pass that reads the b, IW and
 *    LW blocks in that order (hand-built example and every case below);
 *  - finite differences of every column of clm_jacobian and of
 *    clm_gradient, depth 1..3, tansig/logsig/purelin/softmax outputs, with
 *    and without removeconstantrows/mapminmax, NaN inputs and targets, a
 *    case large enough for the BLAS products, and an arbitrary connection
 *    pattern (several runs of sources per layer);
 *  - J'J and J'e of clm_jejj against the dense Jacobian, identical for 1
 *    and 2 threads;
 *  - a cascade whose extra weights are zero against the feedforwardnet
 *    (the chain code path) with the same weights;
 *  - initnw on layers with several sources against an independent
 *    recomputation from a separate GSL MT19937 stream;
 *  - files: the connection keys (versions 2 and 3), round trips, rejections;
 *  - trainlm on a cascade net against a naive reference written here.
 *
 * GPL-3.0-or-later. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_rng.h>
#include "net_internal.h"
#include "tap.h"
#include "test_rng.h"
#include "eval_check.h"
#include "naive_linalg.h"

#define LMAX 8   /* layers in these tests */
#define SMAX 64  /* neurons per layer in these tests */

/* ------------------------------------------------------------ helpers */

static uint64_t sm_state;
static double urand(void) { return splitmix_uniform(&sm_state) * 2.0 - 1.0; } /* on [-1,1) */

/* R x Q inputs and O x Q targets; with holes: input row 2 and output row 1
 * constant, NaN targets, and sample 3 with a NaN input. */
static dataset make_data(size_t Q, size_t R, size_t O, uint64_t seed, int holes) {
  dataset d = {R, O, Q, malloc(R * Q * sizeof(double)), malloc(O * Q * sizeof(double))};
  sm_state = seed;
  for (size_t q = 0; q < Q; q++) {
    for (size_t i = 0; i < R; i++)
      d.X[q * R + i] = (holes && i == 2) ? -1.5 : 4.0 * (1.0 + (double)i) * urand() + (double)i;
    for (size_t i = 0; i < O; i++)
      d.T[q * O + i] = (holes && i == 1 && O > 1) ? 2.5 : 2.0 * urand() + (double)i;
  }
  if (holes && Q > 6) {
    d.T[0] = NAN;
    d.T[5 * O + O - 1] = NAN;
    if (O > 1) d.T[2 * O + 1] = NAN;
    d.X[3 * R] = NAN;
  }
  return d;
}

/* Connections of a cascade with L layers (bits as in net_internal.h). */
static void cascade_src(size_t L, uint64_t *src) {
  for (size_t l = 1; l <= L; l++) src[l] = (UINT64_C(1) << l) - 1;
}

/* A configured network: kind 0 feedforwardnet, 1 cascadeforwardnet, 2 the
 * connections src[1..L] (set before clm_configure); weights uniform on
 * [-wscale, wscale) when wscale > 0, else the initnw weights. */
static clm_net *make_net(int kind, size_t nh, const size_t *hs, const clm_transfer *tf,
                         unsigned proc, const dataset *d, uint64_t seed, double wscale,
                         const uint64_t *src) {
  clm_net *net = NULL;
  int st = kind == 1 ? clm_cascadeforwardnet(&net, nh, hs) : clm_feedforwardnet(&net, nh, hs);
  if (st != CLM_OK) return NULL;
  for (size_t l = 1; l <= nh + 1; l++) clm_net_set_transfer(net, l, tf[l - 1]);
  clm_net_set_processing(net, proc, proc);
  if (kind == 2)
    for (size_t l = 1; l <= nh + 1; l++) net->src[l] = src[l];
  st = clm_configure(net, d->X, d->R, d->T, d->O, d->Q, seed);
  if (st != CLM_OK) {
    tap_diag("clm_configure: %s", clm_strerror(st));
    clm_net_free(net);
    return NULL;
  }
  if (wscale > 0) {
    size_t P = clm_net_num_weights(net);
    double *wb = malloc(P * sizeof *wb);
    sm_state = seed ^ 0x5bd1e995u;
    for (size_t i = 0; i < P; i++) wb[i] = wscale * urand();
    clm_setwb(net, wb);
    free(wb);
  }
  return net;
}

/* ------------------------------------------------- the independent model */

/* What the test knows of a network, written down without the library:
 * sizes S[0..L] (S[0] kept inputs, S[L] kept outputs), transfer functions
 * and connections. */
typedef struct model {
  size_t L, S[LMAX + 1];
  clm_transfer tf[LMAX + 1];
  uint64_t src[LMAX + 1];
} model;

static model model_of(size_t L, const size_t *S, const clm_transfer *tf, const uint64_t *src) {
  model m;
  memset(&m, 0, sizeof m);
  m.L = L;
  for (size_t l = 0; l <= L; l++) m.S[l] = S[l];
  for (size_t l = 1; l <= L; l++) {
    m.tf[l] = tf[l - 1];
    m.src[l] = src[l];
  }
  return m;
}

/* MATLAB's getwb order: offsets of b{l} (boff[l]) and of the block of
 * source j in layer l (woff[l][j]; j = 0 is IW{l,1}); returns P. */
static size_t model_offsets(const model *m, size_t boff[LMAX + 1], size_t woff[LMAX + 1][LMAX + 1]) {
  size_t off = 0;
  for (size_t l = 1; l <= m->L; l++) {
    boff[l] = off;
    off += m->S[l];
    for (size_t j = 0; j < l; j++) {
      if (!(m->src[l] >> j & 1u)) continue;
      woff[l][j] = off;
      off += m->S[l] * m->S[j];
    }
  }
  return off;
}

static void model_transfer(clm_transfer t, const double *n, double *a, size_t S) {
  if (t == CLM_SOFTMAX) {
    double mx = -INFINITY, s = 0.0;
    for (size_t i = 0; i < S; i++) mx = n[i] > mx ? n[i] : mx;
    for (size_t i = 0; i < S; i++) s += (a[i] = exp(n[i] - mx));
    for (size_t i = 0; i < S; i++) a[i] /= s;
    return;
  }
  for (size_t i = 0; i < S; i++)
    a[i] = t == CLM_TANSIG ? 2.0 / (1.0 + exp(-2.0 * n[i])) - 1.0
         : t == CLM_LOGSIG ? 1.0 / (1.0 + exp(-n[i]))
         : t == CLM_POSLIN ? (n[i] > 0 ? n[i] : 0.0)
                           : n[i];
}

/* Elementwise derivative from the activation (not softmax). */
static double model_deriv(clm_transfer t, double a) {
  return t == CLM_TANSIG ? 1.0 - a * a : t == CLM_LOGSIG ? a * (1.0 - a) : 1.0;
}

/* Forward pass of one raw sample x: activations a[l] and raw outputs y;
 * processing through the public accessor clm_net_processing. */
static void model_forward(const model *m, const clm_net *net, const double *wb, const double *x,
                          double a[LMAX + 1][SMAX], double *y) {
  size_t boff[LMAX + 1], woff[LMAX + 1][LMAX + 1];
  model_offsets(m, boff, woff);
  size_t k = 0;
  for (size_t i = 0; i < clm_net_num_inputs(net); i++) {
    int kept;
    double xo, g;
    clm_net_processing(net, 0, i, &kept, &xo, &g);
    if (kept) a[0][k++] = (x[i] - xo) * g - 1.0;
  }
  for (size_t l = 1; l <= m->L; l++) {
    const size_t S = m->S[l];
    double n[SMAX];
    for (size_t i = 0; i < S; i++) n[i] = wb[boff[l] + i];
    for (size_t j = 0; j < l; j++) {
      if (!(m->src[l] >> j & 1u)) continue;
      const double *W = wb + woff[l][j];
      for (size_t c = 0; c < m->S[j]; c++)
        for (size_t i = 0; i < S; i++) n[i] += W[c * S + i] * a[j][c];
    }
    model_transfer(m->tf[l], n, a[l], S);
  }
  k = 0;
  for (size_t i = 0; i < clm_net_num_outputs(net); i++) {
    int kept;
    double xo, g;
    clm_net_processing(net, 1, i, &kept, &xo, &g);
    y[i] = kept ? (a[m->L][k++] + 1.0) / g + xo : xo;
  }
}

/* The model of a configured net with the given connections. */
static model model_of_net(const clm_net *net, const uint64_t *src) {
  size_t L = clm_net_num_layers(net), S[LMAX + 1];
  clm_transfer tf[LMAX];
  for (size_t l = 1; l <= L; l++) {
    S[l] = clm_net_layer_size(net, l);
    tf[l - 1] = clm_net_transfer(net, l);
  }
  S[0] = 0;
  for (size_t i = 0; i < clm_net_num_inputs(net); i++) {
    int kept;
    double xo, g;
    clm_net_processing(net, 0, i, &kept, &xo, &g);
    S[0] += (size_t)kept;
  }
  return model_of(L, S, tf, src);
}

/* Largest relative difference between clm_sim and the model over the data
 * (NaN outputs required for samples with a NaN input). */
static double sim_vs_model(const model *m, const clm_net *net, const dataset *d) {
  double *Y = malloc(d->O * d->Q * sizeof *Y), worst = 0.0;
  if (clm_sim(net, d->X, d->Q, Y, 1) != CLM_OK) worst = INFINITY;
  double a[LMAX + 1][SMAX], y[SMAX];
  for (size_t q = 0; q < d->Q && worst < INFINITY; q++) {
    if (sample_skipped(d, q)) {
      for (size_t i = 0; i < d->O; i++)
        if (!isnan(Y[q * d->O + i])) worst = INFINITY;
      continue;
    }
    model_forward(m, net, net->wb, d->X + q * d->R, a, y);
    for (size_t i = 0; i < d->O; i++) {
      double r = tap_reldiff(Y[q * d->O + i], y[i], 1e-3);
      if (!(r <= worst)) worst = r;
    }
  }
  free(Y);
  return worst;
}

/* ------------------------------------------------------------ connections */

static void test_connections(void) {
  size_t hs[2] = {3, 2};
  clm_net *c = NULL, *f = NULL;
  tap_ok(clm_cascadeforwardnet(&c, 2, hs) == CLM_OK && c, "clm_cascadeforwardnet([3 2])");
  clm_feedforwardnet(&f, 2, hs);
  int ok = 1;
  for (size_t l = 1; l <= 3; l++) ok &= clm_net_input_connect(c, l) == 1;
  ok &= clm_net_layer_connect(c, 2, 1) && clm_net_layer_connect(c, 3, 1) && clm_net_layer_connect(c, 3, 2);
  ok &= !clm_net_layer_connect(c, 1, 1) && !clm_net_layer_connect(c, 2, 2) &&
        !clm_net_layer_connect(c, 2, 3) && !clm_net_layer_connect(c, 4, 1) &&
        !clm_net_layer_connect(c, 2, 0) && !clm_net_input_connect(c, 0) && !clm_net_input_connect(c, 4);
  tap_ok(ok, "cascade: inputConnect = [1;1;1], layerConnect(i,j) = j < i");
  ok = clm_net_input_connect(f, 1) && !clm_net_input_connect(f, 2) && !clm_net_input_connect(f, 3) &&
       clm_net_layer_connect(f, 2, 1) && !clm_net_layer_connect(f, 3, 1) && clm_net_layer_connect(f, 3, 2);
  tap_ok(ok, "feedforwardnet: inputConnect = [1;0;0], layerConnect = subdiagonal");
  tap_ok(!clm_net_input_connect(NULL, 1) && !clm_net_layer_connect(NULL, 2, 1), "NULL network: 0");

  size_t off, rows, cols;
  tap_ok(clm_net_bias_block(c, 1, &off, &rows) == CLM_ENOTCONFIGURED &&
             clm_net_iw_block(c, 1, &off, &rows, &cols) == CLM_ENOTCONFIGURED &&
             clm_net_lw_block(c, 2, 1, &off, &rows, &cols) == CLM_ENOTCONFIGURED,
         "blocks before configure: CLM_ENOTCONFIGURED");

  dataset d = make_data(30, 4, 2, 5, 1); /* input row 2 constant: S_0 = 3; output row 1 constant: S_3 = 1 */
  clm_configure(c, d.X, 4, d.T, 2, 30, 1);
  clm_configure(f, d.X, 4, d.T, 2, 30, 1);
  /* P = 3(1+3) + 2(1+3+3) + 1(1+3+3+2) = 12 + 14 + 9 */
  tap_ok(clm_net_num_weights(c) == 12 + 14 + 9, "cascade 4(3 kept)-3-2-2(1 kept): P = %zu (35)",
         clm_net_num_weights(c));
  const size_t S[4] = {3, 3, 2, 1};
  uint64_t src[4];
  cascade_src(3, src);
  clm_transfer tf[3] = {CLM_TANSIG, CLM_TANSIG, CLM_PURELIN};
  model m = model_of(3, S, tf, src);
  size_t boff[LMAX + 1], woff[LMAX + 1][LMAX + 1];
  model_offsets(&m, boff, woff);
  ok = 1;
  for (size_t l = 1; l <= 3; l++) {
    ok &= clm_net_bias_block(c, l, &off, &rows) == CLM_OK && off == boff[l] && rows == S[l];
    ok &= clm_net_iw_block(c, l, &off, &rows, &cols) == CLM_OK && off == woff[l][0] && rows == S[l] &&
          cols == S[0];
    for (size_t j = 1; j < l; j++)
      ok &= clm_net_lw_block(c, l, j, &off, &rows, &cols) == CLM_OK && off == woff[l][j] &&
            rows == S[l] && cols == S[j];
  }
  tap_ok(ok, "cascade blocks: b{l}, IW{l,1}, LW{l,1..l-1} at MATLAB's getwb offsets");
  ok = clm_net_lw_block(c, 1, 1, &off, &rows, &cols) == CLM_EINVAL &&
       clm_net_lw_block(c, 2, 3, &off, &rows, &cols) == CLM_EINVAL &&
       clm_net_lw_block(c, 4, 1, &off, &rows, &cols) == CLM_ESIZE &&
       clm_net_lw_block(c, 2, 0, &off, &rows, &cols) == CLM_ESIZE &&
       clm_net_iw_block(c, 0, &off, &rows, &cols) == CLM_ESIZE &&
       clm_net_bias_block(c, 4, &off, &rows) == CLM_ESIZE &&
       clm_net_iw_block(f, 2, &off, &rows, &cols) == CLM_EINVAL &&
       clm_net_lw_block(f, 3, 1, &off, &rows, &cols) == CLM_EINVAL &&
       clm_net_bias_block(NULL, 1, &off, &rows) == CLM_ENULL &&
       clm_net_iw_block(c, 1, NULL, &rows, &cols) == CLM_ENULL &&
       clm_net_lw_block(c, 2, 1, &off, &rows, NULL) == CLM_ENULL;
  tap_ok(ok, "blocks: CLM_EINVAL without a connection, CLM_ESIZE out of range, CLM_ENULL");
  ok = clm_net_lw_block(f, 3, 2, &off, &rows, &cols) == CLM_OK && off == 12 + 2 + 6 + 1 &&
       rows == 1 && cols == 2 && clm_net_iw_block(f, 1, &off, &rows, &cols) == CLM_OK && off == 3;
  tap_ok(ok, "feedforwardnet blocks unchanged: LW{3,2} at 21, IW{1,1} at 3");

  clm_net *c0 = NULL, *f0 = NULL;
  clm_cascadeforwardnet(&c0, 0, NULL);
  clm_feedforwardnet(&f0, 0, NULL);
  clm_configure(c0, d.X, 4, d.T, 2, 30, 1);
  clm_configure(f0, d.X, 4, d.T, 2, 30, 1);
  double w0[8], w1[8];
  clm_getwb(c0, w0);
  clm_getwb(f0, w1);
  tap_ok(clm_net_num_weights(c0) == 4 && clm_net_num_weights(f0) == 4 && memcmp(w0, w1, sizeof(double) * 4) == 0,
         "no hidden layer: cascadeforwardnet = feedforwardnet (P = 4, same weights)");
  clm_net *bad = (clm_net *)1;
  size_t zero = 0;
  ok = clm_cascadeforwardnet(NULL, 1, hs) == CLM_ENULL &&
       clm_cascadeforwardnet(&bad, 1, NULL) == CLM_ENULL && bad == NULL &&
       clm_cascadeforwardnet(&bad, 1, &zero) == CLM_ESIZE && bad == NULL &&
       clm_cascadeforwardnet(&bad, 64, hs) == CLM_ESIZE && bad == NULL;
  tap_ok(ok, "clm_cascadeforwardnet rejects NULL, a zero size and 64 hidden layers");
  /* 63 hidden layers: layer 64 is fed by the input and 63 layers */
  size_t h63[63];
  for (size_t i = 0; i < 63; i++) h63[i] = 1;
  clm_net *deep = NULL;
  ok = clm_cascadeforwardnet(&deep, 63, h63) == CLM_OK;
  if (ok) ok = clm_configure(deep, d.X, 4, d.T, 2, 30, 3) == CLM_OK;
  /* P = sum_{l=1}^{64} S_l (1 + 3 + (l-1)) with S_l = 1 */
  size_t Pdeep = 0;
  for (size_t l = 1; l <= 64; l++) Pdeep += 1 + 3 + (l - 1);
  ok = ok && clm_net_num_weights(deep) == Pdeep && clm_net_layer_connect(deep, 64, 63) &&
       clm_net_layer_connect(deep, 64, 1) && clm_net_input_connect(deep, 64);
  double perf = NAN;
  if (ok) ok = clm_perform(deep, d.X, d.T, 30, &perf, NULL) == CLM_OK && isfinite(perf);
  tap_ok(ok, "64-layer cascade: configures (P = %zu) and evaluates (perf %g)", Pdeep, perf);
  clm_net_free(deep);
  clm_net_free(c0);
  clm_net_free(f0);
  clm_net_free(c);
  clm_net_free(f);
  free_data(&d);
}

/* --------------------------------------------------------- getwb order */

/* A 2-2-2-1 cascade with weights 1..P scaled: clm_sim against the model
 * reading the blocks in MATLAB's order, and the blocks of a hand-made
 * vector read back through clm_getwb. */
static void test_getwb_order(void) {
  double X[2 * 5] = {0, 1, 1, 3, 2, 2, 4, 0, 3, 1.5};
  double T[5] = {1, 2, 0, 3, 1.5};
  size_t hs[2] = {2, 2};
  clm_net *net = NULL;
  clm_cascadeforwardnet(&net, 2, hs);
  clm_net_set_transfer(net, 2, CLM_LOGSIG);
  clm_configure(net, X, 2, T, 1, 5, 9);
  const size_t P = clm_net_num_weights(net);
  /* b1 2, IW11 4, b2 2, IW21 4, LW21 4, b3 1, IW31 2, LW31 2, LW32 2 */
  tap_ok(P == 23, "2-2-2-1 cascade: P = 23 (%zu)", P);
  double wb[23];
  for (size_t i = 0; i < 23; i++) wb[i] = 0.1 * (double)(i + 1) * (i % 2 ? -1.0 : 1.0);
  clm_setwb(net, wb);
  double back[23];
  clm_getwb(net, back);
  tap_ok(memcmp(wb, back, sizeof wb) == 0, "setwb then getwb gives the vector back");
  /* The network by hand: xp = mapminmax(x), blocks in getwb order. */
  double Y[5];
  clm_sim(net, X, 5, Y, 1);
  double worst = 0.0;
  for (size_t q = 0; q < 5; q++) {
    const double *x = X + 2 * q;
    double xp[2] = {(x[0] - 0.0) * (2.0 / 4.0) - 1.0, (x[1] - 0.0) * (2.0 / 3.0) - 1.0};
    const double *b1 = wb, *IW11 = wb + 2, *b2 = wb + 6, *IW21 = wb + 8, *LW21 = wb + 12;
    const double *b3 = wb + 16, *IW31 = wb + 17, *LW31 = wb + 19, *LW32 = wb + 21;
    double a1[2], a2[2];
    for (int i = 0; i < 2; i++) {
      double n = b1[i] + IW11[i] * xp[0] + IW11[2 + i] * xp[1];
      a1[i] = 2.0 / (1.0 + exp(-2.0 * n)) - 1.0;
    }
    for (int i = 0; i < 2; i++) {
      double n = b2[i] + IW21[i] * xp[0] + IW21[2 + i] * xp[1] + LW21[i] * a1[0] + LW21[2 + i] * a1[1];
      a2[i] = 1.0 / (1.0 + exp(-n));
    }
    double n3 = b3[0] + IW31[0] * xp[0] + IW31[1] * xp[1] + LW31[0] * a1[0] + LW31[1] * a1[1] +
                LW32[0] * a2[0] + LW32[1] * a2[1];
    double y = (n3 + 1.0) / (2.0 / 3.0) + 0.0;
    double r = tap_reldiff(Y[q], y, 1e-3);
    if (r > worst) worst = r;
  }
  tap_ok(worst < 1e-14, "clm_sim equals the hand computation from [b1;IW11;b2;IW21;LW21;b3;IW31;LW31;LW32] (rel %.2g)",
         worst);
  clm_net_free(net);
}

/* --------------------------------------------- finite differences */

/* clm_jejj against J'J and J'e of the dense clm_jacobian, and 1 against 2
 * threads bit for bit. */
static void jejj_check(clm_net *net, const dataset *d, double *err, int *same) {
  const size_t P = clm_net_num_weights(net), M = d->Q * d->O;
  double *J = malloc(M * P * sizeof *J), *E = malloc(M * sizeof *E);
  double *JJ1 = calloc(P * P, sizeof *JJ1), *JJ2 = calloc(P * P, sizeof *JJ2);
  double *JE1 = malloc(P * sizeof *JE1), *JE2 = malloc(P * sizeof *JE2);
  double s1, s2;
  size_t n1, n2;
  int st = clm_jacobian(net, d->X, d->T, d->Q, J, E);
  st |= clm_jejj(net, d->X, d->T, d->Q, JJ1, JE1, &s1, &n1, 1);
  st |= clm_jejj(net, d->X, d->T, d->Q, JJ2, JE2, &s2, &n2, 2);
  *same = st == CLM_OK && memcmp(JJ1, JJ2, P * P * sizeof *JJ1) == 0 &&
          memcmp(JE1, JE2, P * sizeof *JE1) == 0 && s1 == s2 && n1 == n2;
  double scale = 0.0, worst = 0.0;
  for (size_t i = 0; i < P * P; i++) scale = fmax(scale, fabs(JJ1[i]));
  for (size_t j = 0; j < P; j++)
    for (size_t i = 0; i <= j; i++) {
      double s = 0.0;
      for (size_t r = 0; r < M; r++) s += J[r * P + i] * J[r * P + j];
      worst = fmax(worst, fabs(s - JJ1[i + j * P]) / scale);
    }
  double escale = 0.0;
  for (size_t i = 0; i < P; i++) escale = fmax(escale, fabs(JE1[i]));
  for (size_t i = 0; i < P; i++) {
    double s = 0.0;
    for (size_t r = 0; r < M; r++) s += J[r * P + i] * E[r];
    worst = fmax(worst, fabs(s - JE1[i]) / fmax(escale, 1e-300));
  }
  *err = st == CLM_OK ? worst : INFINITY;
  free(J);
  free(E);
  free(JJ1);
  free(JJ2);
  free(JE1);
  free(JE2);
}

typedef struct fdcase {
  const char *name;
  int kind; /* 1 cascade, 2 the connections below */
  size_t nh, hs[4];
  clm_transfer tf[5];
  unsigned proc;
  size_t R, O, Q;
  uint64_t src[LMAX + 1];
} fdcase;

static void run_fd_case(const fdcase *c) {
  dataset d = make_data(c->Q, c->R, c->O, 1000 + c->Q + c->nh, 1);
  uint64_t src[LMAX + 1];
  if (c->kind == 1) cascade_src(c->nh + 1, src);
  else memcpy(src, c->src, sizeof src);
  clm_net *net = make_net(c->kind, c->nh, c->hs, c->tf, c->proc, &d, 77, 0.8, src);
  if (!net) {
    tap_ok(0, "%s: network built", c->name);
    free_data(&d);
    return;
  }
  model m = model_of_net(net, src);
  size_t boff[LMAX + 1], woff[LMAX + 1][LMAX + 1];
  size_t Pm = model_offsets(&m, boff, woff);
  double sim = sim_vs_model(&m, net, &d);
  tap_ok(Pm == clm_net_num_weights(net) && sim < 1e-12,
         "%s: P = %zu as counted from the connections; clm_sim = independent forward pass (rel %.2g)",
         c->name, Pm, sim);
  double je, ge, jj;
  int rows_ok, same;
  fd_check(net, &d, 0, &je, &ge, &rows_ok);
  tap_ok(je < 1e-6 && rows_ok, "%s: every Jacobian column matches finite differences (rel %.2g), zero rows ok",
         c->name, je);
  tap_ok(ge < 1e-6, "%s: gradient matches finite differences (rel %.2g)", c->name, ge);
  jejj_check(net, &d, &jj, &same);
  tap_ok(jj < 1e-12 && same, "%s: clm_jejj = J'J, J'e of clm_jacobian (rel %.2g), 1 and 2 threads identical",
         c->name, jj);
  clm_net_free(net);
  free_data(&d);
}

static void test_fd(void) {
  static const fdcase cases[] = {
    {"cascade 1 hidden tansig/purelin", 1, 1, {4}, {CLM_TANSIG, CLM_PURELIN}, CLM_PROC_DEFAULT, 4, 3, 12, {0}},
    {"cascade 1 hidden logsig/tansig", 1, 1, {3}, {CLM_LOGSIG, CLM_TANSIG}, CLM_PROC_DEFAULT, 3, 2, 11, {0}},
    {"cascade 1 hidden tansig/softmax", 1, 1, {4}, {CLM_TANSIG, CLM_SOFTMAX}, CLM_PROC_DEFAULT, 4, 3, 12, {0}},
    {"cascade 2 hidden tansig/logsig/purelin", 1, 2, {4, 3}, {CLM_TANSIG, CLM_LOGSIG, CLM_PURELIN}, CLM_PROC_DEFAULT, 4, 3, 13, {0}},
    {"cascade 2 hidden logsig/tansig/softmax", 1, 2, {3, 4}, {CLM_LOGSIG, CLM_TANSIG, CLM_SOFTMAX}, CLM_PROC_DEFAULT, 3, 4, 10, {0}},
    {"cascade 2 hidden tansig/tansig/logsig, no processing", 1, 2, {3, 2}, {CLM_TANSIG, CLM_TANSIG, CLM_LOGSIG}, 0, 3, 2, 9, {0}},
    {"cascade 3 hidden tansig/logsig/tansig/purelin", 1, 3, {3, 2, 3}, {CLM_TANSIG, CLM_LOGSIG, CLM_TANSIG, CLM_PURELIN}, CLM_PROC_DEFAULT, 4, 2, 12, {0}},
    {"cascade 3 hidden logsig/tansig/tansig/softmax, removeconstantrows only", 1, 3, {2, 3, 2}, {CLM_LOGSIG, CLM_TANSIG, CLM_TANSIG, CLM_SOFTMAX}, CLM_PROC_REMOVECONSTANTROWS, 3, 3, 11, {0}},
    /* BLAS-sized products, several tiles and a second J block */
    {"cascade 6-20-12-3 Q=150 (BLAS products, many tiles)", 1, 2, {20, 12}, {CLM_TANSIG, CLM_LOGSIG, CLM_PURELIN}, CLM_PROC_DEFAULT, 6, 3, 150, {0}},
    /* layer 2 from the input only, layer 3 from layer 1 only, layer 4 from
     * the input and layers 2 and 3: two runs of sources */
    {"connections 1:{x} 2:{x} 3:{a1} 4:{x,a2,a3}", 2, 3, {3, 2, 3}, {CLM_TANSIG, CLM_LOGSIG, CLM_TANSIG, CLM_PURELIN}, CLM_PROC_DEFAULT, 4, 2, 12,
     {0, 1, 1, 2, 1 | 4 | 8}},
    /* layer 3 from layers 1 and 2 but not the input, layer 2 from the input and layer 1 */
    {"connections 1:{x} 2:{x,a1} 3:{a1,a2}", 2, 2, {3, 4}, {CLM_TANSIG, CLM_TANSIG, CLM_SOFTMAX}, CLM_PROC_DEFAULT, 3, 3, 12,
     {0, 1, 3, 6}},
    /* layer 2 has no source at all (a_2 = f(b{2})), layer 3 uses it */
    {"connections 1:{x} 2:{} 3:{x,a2}", 2, 2, {3, 2}, {CLM_TANSIG, CLM_LOGSIG, CLM_PURELIN}, CLM_PROC_DEFAULT, 3, 2, 12,
     {0, 1, 0, 1 | 4}},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) run_fd_case(&cases[i]);
}

/* ------------------------------------------ agreement with the chain path */

/* A cascade whose IW{l>1} and LW{l,j<l-1} are zero is the feedforwardnet
 * with the same b, IW{1,1} and LW{l,l-1}: outputs, gradient and Jacobian
 * columns of the shared weights agree (the chain code path against the
 * general one). */
static void test_chain_agreement(void) {
  dataset d = make_data(140, 3, 2, 31, 1);
  size_t hs[2] = {5, 4};
  clm_transfer tf[3] = {CLM_TANSIG, CLM_LOGSIG, CLM_TANSIG};
  clm_net *f = make_net(0, 2, hs, tf, CLM_PROC_DEFAULT, &d, 3, 0.9, NULL);
  clm_net *c = make_net(1, 2, hs, tf, CLM_PROC_DEFAULT, &d, 3, 0.0, NULL);
  const size_t Pf = clm_net_num_weights(f), Pc = clm_net_num_weights(c);
  double *wf = malloc(Pf * sizeof *wf), *wc = calloc(Pc, sizeof *wc);
  size_t *map = malloc(Pf * sizeof *map); /* chain index -> cascade index */
  clm_getwb(f, wf);
  size_t k = 0;
  for (size_t l = 1; l <= 3; l++) {
    size_t off, rows, cols;
    clm_net_bias_block(c, l, &off, &rows);
    for (size_t i = 0; i < rows; i++) map[k++] = off + i;
    if (l == 1) clm_net_iw_block(c, 1, &off, &rows, &cols);
    else clm_net_lw_block(c, l, l - 1, &off, &rows, &cols);
    for (size_t i = 0; i < rows * cols; i++) map[k++] = off + i;
  }
  for (size_t i = 0; i < Pf; i++) wc[map[i]] = wf[i];
  clm_setwb(c, wc);
  const size_t M = d.Q * d.O;
  double *Yf = malloc(M * sizeof *Yf), *Yc = malloc(M * sizeof *Yc);
  double *gf = malloc(Pf * sizeof *gf), *gc = malloc(Pc * sizeof *gc);
  double *Jf = malloc(M * Pf * sizeof *Jf), *Jc = malloc(M * Pc * sizeof *Jc);
  int st = clm_sim(f, d.X, d.Q, Yf, 2) | clm_sim(c, d.X, d.Q, Yc, 2);
  st |= clm_gradient(f, d.X, d.T, d.Q, gf, NULL) | clm_gradient(c, d.X, d.T, d.Q, gc, NULL);
  st |= clm_jacobian(f, d.X, d.T, d.Q, Jf, NULL) | clm_jacobian(c, d.X, d.T, d.Q, Jc, NULL);
  double dy = 0.0, dg = 0.0, dj = 0.0;
  for (size_t i = 0; i < M; i++)
    if (!isnan(Yf[i]) || !isnan(Yc[i])) dy = fmax(dy, tap_reldiff(Yf[i], Yc[i], 1e-3));
  for (size_t i = 0; i < Pf; i++) dg = fmax(dg, tap_reldiff(gf[i], gc[map[i]], 1e-3));
  for (size_t r = 0; r < M; r++)
    for (size_t i = 0; i < Pf; i++) dj = fmax(dj, tap_reldiff(Jf[r * Pf + i], Jc[r * Pc + map[i]], 1e-3));
  tap_ok(st == CLM_OK && k == Pf && dy < 1e-13 && dg < 1e-11 && dj < 1e-12,
         "cascade with zero extra weights = feedforwardnet: outputs (%.2g), gradient (%.2g), Jacobian (%.2g)",
         dy, dg, dj);
  free(Yf);
  free(Yc);
  free(gf);
  free(gc);
  free(Jf);
  free(Jc);
  free(wf);
  free(wc);
  free(map);
  clm_net_free(f);
  clm_net_free(c);
  free_data(&d);
}

/* ------------------------------------------------------------ initnw */

static double ref_rands(gsl_rng *r) { return 2.0 * gsl_rng_uniform(r) - 1.0; }

/* calcnw on an S x R combined matrix with per-column source ranges
 * [lo_j, hi_j] (all variable), active range [nmin, nmax]. */
static void ref_calcnw(gsl_rng *r, size_t S, size_t R, const double *lo, const double *hi,
                       double nmin, double nmax, double *b, double *W) {
  for (size_t k = 0; k < S * R; k++) W[k] = ref_rands(r);
  const double mag = 0.7 * pow((double)S, 1.0 / (double)R);
  for (size_t i = 0; i < S; i++) {
    double n2 = 0.0;
    for (size_t j = 0; j < R; j++) n2 += W[j * S + i] * W[j * S + i];
    for (size_t j = 0; j < R; j++) W[j * S + i] = mag * W[j * S + i] / sqrt(n2);
    double lin = S == 1 ? 0.0 : -1.0 + 2.0 * (double)i / (double)(S - 1);
    b[i] = S == 1 ? 0.0 : mag * lin * (W[i] > 0 ? 1.0 : W[i] < 0 ? -1.0 : 0.0);
  }
  const double x = 0.5 * (nmax - nmin), y = 0.5 * (nmax + nmin);
  for (size_t k = 0; k < S * R; k++) W[k] *= x;
  for (size_t i = 0; i < S; i++) b[i] = x * b[i] + y;
  for (size_t i = 0; i < S; i++) {
    double s = 0.0;
    for (size_t j = 0; j < R; j++) s += W[j * S + i] * (1.0 - hi[j] * 2.0 / (hi[j] - lo[j]));
    b[i] += s;
  }
  for (size_t j = 0; j < R; j++)
    for (size_t i = 0; i < S; i++) W[j * S + i] *= 2.0 / (hi[j] - lo[j]);
}

static double maxrel(const double *a, const double *b, size_t n) {
  double m = 0.0;
  for (size_t i = 0; i < n; i++) m = fmax(m, tap_reldiff(a[i], b[i], 1e-12));
  return m;
}

static void test_init(void) {
  /* 3 inputs, logsig hidden layer of 3, tansig output layer of 2: layer 2's
   * combined matrix [IW{2,1} LW{2,1}] has input columns in [-1,1] and
   * logsig columns in [0,1]. */
  dataset d = make_data(25, 3, 2, 41, 0);
  size_t hs[1] = {3};
  clm_transfer tf[2] = {CLM_LOGSIG, CLM_TANSIG};
  const uint64_t seed = 1234;
  clm_net *net = make_net(1, 1, hs, tf, CLM_PROC_DEFAULT, &d, seed, 0.0, NULL);
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(r, clm__rng_seed32(seed));
  double lo1[3] = {-1, -1, -1}, hi1[3] = {1, 1, 1};
  double b1[3], W1[9], b2[2], W2[12];
  ref_calcnw(r, 3, 3, lo1, hi1, -4.0, 4.0, b1, W1);
  double lo2[6] = {-1, -1, -1, 0, 0, 0}, hi2[6] = {1, 1, 1, 1, 1, 1};
  ref_calcnw(r, 2, 6, lo2, hi2, -2.0, 2.0, b2, W2);
  size_t off, rows, cols;
  double e = 0.0;
  clm_net_bias_block(net, 1, &off, &rows);
  e = fmax(e, maxrel(net->wb + off, b1, 3));
  clm_net_iw_block(net, 1, &off, &rows, &cols);
  e = fmax(e, maxrel(net->wb + off, W1, 9));
  double e1 = e;
  e = 0.0;
  clm_net_bias_block(net, 2, &off, &rows);
  e = fmax(e, maxrel(net->wb + off, b2, 2));
  clm_net_iw_block(net, 2, &off, &rows, &cols);
  e = fmax(e, maxrel(net->wb + off, W2, 6));
  clm_net_lw_block(net, 2, 1, &off, &rows, &cols);
  e = fmax(e, maxrel(net->wb + off, W2 + 6, 6));
  tap_ok(e1 < 1e-14, "initnw layer 1 (logsig, input only): independent recomputation (rel %.2g)", e1);
  tap_ok(e < 1e-14,
         "initnw layer 2 (tansig, sources input [-1,1] and logsig [0,1]): one calcnw on [IW{2,1} LW{2,1}] cut into blocks (rel %.2g)",
         e);
  gsl_rng_free(r);
  clm_net_free(net);

  /* tansig hidden layer, purelin output: layer 2 is rands over the
   * combined 1 x (3 + 4) matrix, then b{2}, after layer 1's 12 draws. */
  size_t hs4[1] = {4};
  clm_transfer tf2[2] = {CLM_TANSIG, CLM_PURELIN};
  dataset d1 = make_data(25, 3, 1, 43, 0);
  net = make_net(1, 1, hs4, tf2, CLM_PROC_DEFAULT, &d1, seed, 0.0, NULL);
  r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(r, clm__rng_seed32(seed));
  for (int k = 0; k < 12; k++) ref_rands(r);
  int same = 1;
  clm_net_iw_block(net, 2, &off, &rows, &cols);
  for (size_t k = 0; k < 3; k++) same &= net->wb[off + k] == ref_rands(r);
  clm_net_lw_block(net, 2, 1, &off, &rows, &cols);
  for (size_t k = 0; k < 4; k++) same &= net->wb[off + k] == ref_rands(r);
  clm_net_bias_block(net, 2, &off, &rows);
  same &= net->wb[off] == ref_rands(r);
  tap_ok(same, "purelin output layer: IW{2,1}, LW{2,1} = rands(1,3+4) then b{2} = rands(1,1), bit for bit");
  /* the rands init function: every layer rands over its combined matrix */
  clm_net_set_initfcn(net, CLM_RANDS);
  clm_init(net, seed + 1);
  gsl_rng_set(r, clm__rng_seed32(seed + 1));
  same = 1;
  for (size_t l = 1; l <= 2; l++) {
    size_t bo, S;
    clm_net_bias_block(net, l, &bo, &S);
    size_t R = l == 1 ? 3 : 7;
    for (size_t k = 0; k < S * R; k++) same &= net->wb[bo + S + k] == ref_rands(r);
    for (size_t k = 0; k < S; k++) same &= net->wb[bo + k] == ref_rands(r);
  }
  tap_ok(same, "initfcn rands: per layer W = rands(S, R_l) over all incoming weights, then b");
  gsl_rng_free(r);
  clm_net_free(net);
  free_data(&d);
  free_data(&d1);
}

/* ------------------------------------------------------------ files */

static uint64_t fnv1a64(const char *p, size_t n) {
  uint64_t h = UINT64_C(0xcbf29ce484222325);
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)p[i];
    h *= UINT64_C(0x100000001b3);
  }
  return h;
}

/* Replace the line starting with `key =` (or insert `line` before the
 * num_weights line when key is NULL), then write a correct checksum;
 * returns a malloc'ed text and its length in *len. */
static char *edit_text(const char *text, const char *key, const char *line, size_t *len) {
  size_t n = strlen(text) + strlen(line) + 64;
  char *out = malloc(n);
  const char *at;
  if (key) {
    char k[64];
    snprintf(k, sizeof k, "\n%s =", key);
    at = strstr(text, k);
  } else {
    at = strstr(text, "\nnum_weights =");
  }
  if (!at) {
    free(out);
    return NULL;
  }
  at++;
  size_t pre = (size_t)(at - text);
  memcpy(out, text, pre);
  size_t o = pre;
  o += (size_t)sprintf(out + o, "%s", line);
  const char *rest = key ? strchr(at, '\n') + 1 : at;
  const char *ck = strstr(rest, "checksum = ");
  memcpy(out + o, rest, (size_t)(ck - rest));
  o += (size_t)(ck - rest);
  o += (size_t)sprintf(out + o, "checksum = %016llx\n", (unsigned long long)fnv1a64(out, o));
  *len = o;
  return out;
}

/* The text of a version-3 file of a chain as version 1: the version line
 * changed, and the keys that versions 2 and 3 added deleted. */
static char *as_version1(const char *text, size_t *len) {
  static const char *const later[] = {"input_connect", "layer_connect", "input_min", "input_max",
                                      "output_min", "output_max", "perform_regularization",
                                      "perform_normalization"};
  char *cur = edit_text(text, "version", "version = 1\n", len);
  for (size_t k = 0; cur && k < sizeof later / sizeof *later; k++) {
    char *next = edit_text(cur, later[k], "", len);
    free(cur);
    cur = next;
  }
  return cur;
}

static int load_status(const char *text, size_t len) {
  clm_net *o = NULL;
  int st = clm_net_load_buffer(text, len, &o);
  if (st != CLM_OK && o) st = -1;
  clm_net_free(o);
  return st;
}

static void test_files(void) {
  dataset d = make_data(20, 3, 2, 51, 1);
  size_t hs[2] = {3, 2};
  clm_transfer tf[3] = {CLM_TANSIG, CLM_LOGSIG, CLM_PURELIN};
  clm_net *c = make_net(1, 2, hs, tf, CLM_PROC_DEFAULT, &d, 5, 0.7, NULL);
  char *text = NULL;
  size_t len = 0;
  int st = clm_net_save_buffer(c, &text, &len);
  tap_ok(st == CLM_OK && strncmp(text, "chaoslm-network\nversion = 3\n", 28) == 0 &&
             strstr(text, "\ninput_connect = 1 1 1\n") && strstr(text, "\nlayer_connect = 1 1 1\n"),
         "a cascade is saved (as version 3) with input_connect and layer_connect");
  clm_net *l = NULL;
  st = clm_net_load_buffer(text, len, &l);
  int ok = st == CLM_OK && clm_net_num_weights(l) == clm_net_num_weights(c) &&
           memcmp(l->wb, c->wb, c->n_wb * sizeof(double)) == 0;
  for (size_t i = 1; ok && i <= 3; i++) {
    ok &= clm_net_input_connect(l, i) == 1;
    for (size_t j = 1; j < i; j++) ok &= clm_net_layer_connect(l, i, j) == 1;
  }
  double *Y1 = malloc(d.Q * d.O * sizeof *Y1), *Y2 = malloc(d.Q * d.O * sizeof *Y2);
  if (ok) {
    clm_sim(c, d.X, d.Q, Y1, 1);
    clm_sim(l, d.X, d.Q, Y2, 1);
    ok = memcmp(Y1, Y2, d.Q * d.O * sizeof *Y1) == 0;
  }
  char *text2 = NULL;
  size_t len2 = 0;
  if (ok) ok = clm_net_save_buffer(l, &text2, &len2) == CLM_OK && len2 == len && memcmp(text, text2, len) == 0;
  tap_ok(ok, "cascade round trip: connections, weights bit for bit, outputs, and the same text again");
  free(text2);
  clm_net_free(l);

  /* file-based round trip */
  char path[] = "/tmp/clm-cascade-XXXXXX";
  int fd = mkstemp(path);
  if (fd >= 0) close(fd);
  ok = fd >= 0 && clm_net_save(c, path) == CLM_OK && clm_net_load(path, &l) == CLM_OK &&
       memcmp(l->wb, c->wb, c->n_wb * sizeof(double)) == 0 && l->src[3] == 7;
  tap_ok(ok, "clm_net_save / clm_net_load of a cascade");
  clm_net_free(l);
  if (fd >= 0) remove(path);

  /* a chain is written with a chain's connections (every file is version
   * 3: the data ranges need it) */
  clm_net *f = make_net(0, 2, hs, tf, CLM_PROC_DEFAULT, &d, 5, 0.7, NULL);
  char *ft = NULL;
  size_t fl = 0;
  clm_net_save_buffer(f, &ft, &fl);
  tap_ok(ft && strncmp(ft, "chaoslm-network\nversion = 3\n", 28) == 0 &&
             strstr(ft, "\ninput_connect = 1 0 0\n") && strstr(ft, "\nlayer_connect = 1 0 1\n"),
         "a feedforwardnet is saved as version 3 with a chain's connections");

  /* rejections */
  size_t n, n_v1 = 0;
  char *t, *v1 = ft ? as_version1(ft, &n_v1) : NULL;
  tap_ok(v1 && load_status(v1, n_v1) == CLM_OK, "the chain's text as version 1 loads");
  t = v1 ? edit_text(v1, NULL, "input_connect = 1 0 0\n", &n) : NULL;
  tap_ok(t && load_status(t, n) == CLM_EFORMAT, "version 1 with input_connect: CLM_EFORMAT");
  free(t);
  t = edit_text(text, "layer_connect", "", &n);
  tap_ok(t && load_status(t, n) == CLM_EFORMAT, "version 3 without layer_connect: CLM_EFORMAT");
  free(t);
  t = edit_text(text, "input_connect", "input_connect = 1 1\n", &n);
  tap_ok(t && load_status(t, n) == CLM_EFORMAT, "input_connect with L-1 tokens: CLM_EFORMAT");
  free(t);
  t = edit_text(text, "layer_connect", "layer_connect = 1 2 1\n", &n);
  tap_ok(t && load_status(t, n) == CLM_EFORMAT, "layer_connect token 2: CLM_EFORMAT");
  free(t);
  t = edit_text(text, "layer_connect", "layer_connect = 1 1 1 1\n", &n);
  tap_ok(t && load_status(t, n) == CLM_EFORMAT, "layer_connect with too many tokens: CLM_EFORMAT");
  free(t);
  t = edit_text(text, "layer_connect", "layer_connect = 1 0 1\n", &n);
  tap_ok(t && load_status(t, n) == CLM_EFORMAT,
         "connections that disagree with num_weights (LW{3,1} dropped): CLM_EFORMAT");
  free(t);
  /* a version-2 file may hold a chain: it loads as the feedforwardnet and
   * is written back as version 3 with the same connections and weights */
  {
    size_t n1, n2;
    char *t1 = v1 ? edit_text(v1, "version", "version = 2\n", &n1) : NULL;
    char *t2 = t1 ? edit_text(t1, NULL, "input_connect = 1 0 0\n", &n2) : NULL;
    char *t3 = t2 ? edit_text(t2, NULL, "layer_connect = 1 0 1\n", &n) : NULL;
    clm_net *v = NULL;
    char *back = NULL;
    size_t bl = 0;
    ok = t3 && clm_net_load_buffer(t3, n, &v) == CLM_OK && clm__net_is_chain(v) &&
         memcmp(v->wb, f->wb, f->n_wb * sizeof(double)) == 0 &&
         clm_net_save_buffer(v, &back, &bl) == CLM_OK &&
         strncmp(back, "chaoslm-network\nversion = 3\n", 28) == 0 &&
         strstr(back, "\ninput_connect = 1 0 0\n") && strstr(back, "\nlayer_connect = 1 0 1\n");
    tap_ok(ok, "a version-2 file with a chain's connections loads as the feedforwardnet (saved back as version 3)");
    free(back);
    clm_net_free(v);
    free(t1);
    free(t2);
    free(t3);
  }

  /* arbitrary connections round-trip */
  uint64_t src[5] = {0, 1, 1, 2, 1 | 4 | 8};
  size_t hs3[3] = {3, 2, 3};
  clm_transfer tf4[4] = {CLM_TANSIG, CLM_LOGSIG, CLM_TANSIG, CLM_PURELIN};
  clm_net *g = make_net(2, 3, hs3, tf4, CLM_PROC_DEFAULT, &d, 8, 0.5, src);
  char *gt = NULL;
  size_t gl = 0;
  clm_net_save_buffer(g, &gt, &gl);
  ok = gt && strstr(gt, "\ninput_connect = 1 1 0 1\n") && strstr(gt, "\nlayer_connect = 0 1 0 0 1 1\n");
  st = ok ? clm_net_load_buffer(gt, gl, &l) : CLM_EFORMAT;
  ok = ok && st == CLM_OK && memcmp(l->src, g->src, sizeof g->src) == 0 &&
       memcmp(l->wb, g->wb, g->n_wb * sizeof(double)) == 0;
  tap_ok(ok, "connections 1:{x} 2:{x} 3:{a1} 4:{x,a2,a3}: written row by row and read back");
  clm_net_free(l);
  free(gt);
  clm_net_free(g);
  free(ft);
  free(v1);
  clm_net_free(f);
  free(text);
  free(Y1);
  free(Y2);
  clm_net_free(c);
  free_data(&d);
}

/* ------------------------------------------------------------ trainlm */

/* Naive trainlm for a network described by a model (elementwise transfer
 * functions, every output kept, no NaN, all samples training, mse): the
 * dense Jacobian by back-propagation over the connection lists, J'J and
 * J'e by loops, (J'J/N + mu I) dx = -J'e/N by Gaussian elimination,
 * MATLAB's mu loop; stops after `epochs`.  perf[0..epochs], mu[0..epochs]. */
static void naive_lm(const model *m, const clm_net *net, const dataset *d, double *wb,
                     size_t epochs, double *perf, double *mu_out) {
  size_t boff[LMAX + 1], woff[LMAX + 1][LMAX + 1];
  const size_t P = model_offsets(m, boff, woff), L = m->L, O = d->O;
  double *JJ = malloc(P * P * sizeof *JJ), *JE = malloc(P * sizeof *JE), *row = malloc(P * sizeof *row);
  double *A = malloc(P * P * sizeof *A), *rhs = malloc(P * sizeof *rhs), *x = malloc(P * sizeof *x);
  double *w2 = malloc(P * sizeof *w2);
  double a[LMAX + 1][SMAX], y[SMAX], dl[LMAX + 1][SMAX], gain[SMAX];
  for (size_t k = 0; k < O; k++) {
    int kept;
    double xo;
    clm_net_processing(net, 1, k, &kept, &xo, &gain[k]);
  }
  const double N = (double)(d->Q * O);
  double mu = 1e-3;
  for (size_t epoch = 0;; epoch++) {
    memset(JJ, 0, P * P * sizeof *JJ);
    memset(JE, 0, P * sizeof *JE);
    double sse = 0.0;
    for (size_t q = 0; q < d->Q; q++) {
      model_forward(m, net, wb, d->X + q * d->R, a, y);
      for (size_t k = 0; k < O; k++) {
        const double e = d->T[q * O + k] - y[k];
        sse += e * e;
        /* dl[l][i] = d y_k / d n_l[i] */
        for (size_t i = 0; i < m->S[L]; i++)
          dl[L][i] = i == k ? model_deriv(m->tf[L], a[L][i]) / gain[k] : 0.0;
        for (size_t l = L - 1; l >= 1; l--)
          for (size_t i = 0; i < m->S[l]; i++) {
            double s = 0.0;
            for (size_t c = l + 1; c <= L; c++)
              if (m->src[c] >> l & 1u)
                for (size_t r = 0; r < m->S[c]; r++) s += wb[woff[c][l] + i * m->S[c] + r] * dl[c][r];
            dl[l][i] = model_deriv(m->tf[l], a[l][i]) * s;
          }
        for (size_t l = 1; l <= L; l++)
          for (size_t i = 0; i < m->S[l]; i++) {
            row[boff[l] + i] = -dl[l][i];
            for (size_t j = 0; j < l; j++)
              if (m->src[l] >> j & 1u)
                for (size_t c = 0; c < m->S[j]; c++) row[woff[l][j] + c * m->S[l] + i] = -dl[l][i] * a[j][c];
          }
        for (size_t i = 0; i < P; i++) {
          JE[i] += row[i] * e;
          for (size_t j = 0; j < P; j++) JJ[i * P + j] += row[i] * row[j];
        }
      }
    }
    perf[epoch] = sse / N;
    mu_out[epoch] = mu;
    if (epoch == epochs) break;
    while (mu <= 1e10) {
      for (size_t i = 0; i < P; i++) {
        for (size_t j = 0; j < P; j++) A[i * P + j] = JJ[i * P + j] / N + (i == j ? mu : 0.0);
        rhs[i] = -JE[i] / N;
      }
      naive_solve(A, rhs, x, P);
      for (size_t i = 0; i < P; i++) w2[i] = wb[i] + x[i];
      double sse2 = 0.0;
      for (size_t q = 0; q < d->Q; q++) {
        model_forward(m, net, w2, d->X + q * d->R, a, y);
        for (size_t k = 0; k < O; k++) sse2 += (d->T[q * O + k] - y[k]) * (d->T[q * O + k] - y[k]);
      }
      if (sse2 / N < sse / N) {
        memcpy(wb, w2, P * sizeof *wb);
        mu = fmax(mu * 0.1, 1e-20);
        break;
      }
      mu *= 10.0;
    }
  }
  free(JJ);
  free(JE);
  free(row);
  free(A);
  free(rhs);
  free(x);
  free(w2);
}

static void test_train(void) {
  /* 2 inputs, cascade 4-3, 1 output; smooth targets */
  const size_t Q = 60, E = 25;
  dataset d = {2, 1, Q, malloc(2 * Q * sizeof(double)), malloc(Q * sizeof(double))};
  for (size_t q = 0; q < Q; q++) {
    double u = -1.0 + 2.0 * (double)q / (double)(Q - 1), v = sin(1.7 * (double)q);
    d.X[2 * q] = 3.0 * u;
    d.X[2 * q + 1] = v + 2.0;
    d.T[q] = sin(2.0 * u) * v + 0.5 * u * u + 0.05 * sin(13.1 * (double)q * (double)q);
  }
  size_t hs[2] = {4, 3};
  clm_transfer tf[3] = {CLM_TANSIG, CLM_LOGSIG, CLM_PURELIN};
  clm_net *net = make_net(1, 2, hs, tf, CLM_PROC_DEFAULT, &d, 17, 0.0, NULL);
  clm_net_set_divide(net, CLM_DIVIDETRAIN, 1, 0, 0);
  uint64_t src[LMAX + 1];
  cascade_src(3, src);
  model m = model_of_net(net, src);
  const size_t P = clm_net_num_weights(net);
  double *w0 = malloc(P * sizeof *w0), *w = malloc(P * sizeof *w);
  clm_getwb(net, w0);
  memcpy(w, w0, P * sizeof *w);
  clm_trainparam p = clm_trainparam_default(clm_trainlm);
  p.epochs = E;
  p.min_grad = 0.0;
  p.threads = 2;
  clm_record rec;
  clm_record_init(&rec);
  int st = clm_train(net, clm_trainlm, d.X, d.T, Q, &p, &rec);
  tap_ok(st == CLM_OK && rec.num_epochs == E && rec.stop == CLM_STOP_EPOCHS,
         "trainlm on a 2-4-3-1 cascade: %zu epochs, '%s'", rec.num_epochs, clm_stop_text(rec.stop));
  tap_ok(st == CLM_OK && rec.perf[E] < 0.05 * rec.perf[0], "trainlm lowers the mse from %.4g to %.4g",
         st == CLM_OK ? rec.perf[0] : NAN, st == CLM_OK ? rec.perf[E] : NAN);
  double *perf = malloc((E + 1) * sizeof *perf), *mu = malloc((E + 1) * sizeof *mu);
  naive_lm(&m, net, &d, w, E, perf, mu);
  double dp = 0.0, dm = 0.0, dw = 0.0;
  for (size_t e = 0; st == CLM_OK && e <= E; e++) {
    dp = fmax(dp, tap_reldiff(rec.perf[e], perf[e], 1e-300));
    dm = fmax(dm, tap_reldiff(rec.mu[e], mu[e], 1e-300));
  }
  double *wt = malloc(P * sizeof *wt);
  clm_getwb(net, wt);
  for (size_t i = 0; i < P; i++) dw = fmax(dw, tap_reldiff(wt[i], w[i], 1e-3));
  tap_ok(st == CLM_OK && dp < 1e-7 && dm == 0.0 && dw < 1e-5,
         "trainlm = naive LM on the cascade, epoch by epoch: perf (rel %.2g), mu (%.2g), final weights (%.2g)",
         dp, dm, dw);
  /* traingdm (J'e only): perf goes down on a copy of the initial network */
  {
    clm_net *g = NULL;
    clm_net_copy(net, &g);
    clm_setwb(g, w0);
    clm_trainparam pg = clm_trainparam_default(clm_traingdm);
    pg.epochs = 100;
    pg.lr = 0.05;
    pg.threads = 2;
    clm_record rg;
    clm_record_init(&rg);
    int sg = clm_train(g, clm_traingdm, d.X, d.T, Q, &pg, &rg);
    tap_ok(sg == CLM_OK && rg.perf[rg.num_epochs] < 0.5 * rg.perf[0],
           "traingdm on the cascade lowers the mse from %.4g to %.4g", sg == CLM_OK ? rg.perf[0] : NAN,
           sg == CLM_OK ? rg.perf[rg.num_epochs] : NAN);
    clm_record_free(&rg);
    clm_net_free(g);
  }
  /* an unconfigured cascade is configured by clm_train_sized */
  clm_net *u = NULL;
  clm_cascadeforwardnet(&u, 1, hs);
  clm_net_set_divide(u, CLM_DIVIDETRAIN, 1, 0, 0);
  p.epochs = 5;
  clm_record r2;
  clm_record_init(&r2);
  st = clm_train_sized(u, clm_trainlm, d.X, 2, d.T, 1, Q, &p, &r2);
  tap_ok(st == CLM_OK && clm_net_num_weights(u) == 4 * 3 + 1 * (1 + 2 + 4) && r2.perf[5] < r2.perf[0],
         "clm_train_sized configures an unconfigured cascade (P = %zu) and trains it", clm_net_num_weights(u));
  clm_record_free(&r2);
  clm_net_free(u);
  clm_record_free(&rec);
  free(perf);
  free(mu);
  free(wt);
  free(w0);
  free(w);
  clm_net_free(net);
  free_data(&d);
}

int main(void) {
  test_connections();
  test_getwb_order();
  test_fd();
  test_chain_agreement();
  test_init();
  test_files();
  test_train();
  return tap_done();
}
