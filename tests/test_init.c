/* chaoslm tests — lib/rng.c and lib/init.c: seeding, initnw and rands.
 *
 * Checks the Nguyen-Widrow weights against an independent recomputation
 * from a separately allocated GSL MT19937 stream (same documented seed fold
 * and draw order), the properties that follow from the algorithm (row norms,
 * bias spacing, the range mappings), and determinism.  GPL-3.0-or-later. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "net_internal.h"
#include "tap.h"

/* Deterministic test data: R x Q, row i spans a different range. */
static double *make_data(size_t R, size_t Q, double const_row_value, size_t const_row) {
  double *X = malloc(R * Q * sizeof *X);
  for (size_t q = 0; q < Q; q++)
    for (size_t i = 0; i < R; i++)
      X[q * R + i] = i == const_row ? const_row_value
                                    : (double)(i + 1) * sin(0.37 * (double)q + (double)i) + 3.0 * (double)i;
  return X;
}

static clm_net *make_net(size_t n_hidden, const size_t *hs, size_t R, size_t const_row, uint64_t seed,
                         const clm_transfer *tfs) {
  clm_net *net = NULL;
  if (clm_feedforwardnet(&net, n_hidden, hs) != CLM_OK) return NULL;
  if (tfs)
    for (size_t l = 1; l <= n_hidden + 1; l++) clm_net_set_transfer(net, l, tfs[l - 1]);
  size_t Q = 40;
  double *X = make_data(R, Q, 5.0, const_row);
  double *T = make_data(1, Q, 0, 99);
  int st = clm_configure(net, X, R, T, 1, Q, seed);
  free(X);
  free(T);
  if (st != CLM_OK) {
    tap_diag("clm_configure: %s", clm_strerror(st));
    clm_net_free(net);
    return NULL;
  }
  return net;
}

static gsl_rng *ref_rng(uint64_t seed) {
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(r, clm__rng_seed32(seed));
  return r;
}

static double ref_rands(gsl_rng *r) { return 2.0 * gsl_rng_uniform(r) - 1.0; }

/* Independent reference for one initnw layer (inputs/sources with range
 * [lo,hi], all variable), active range [nmin,nmax]; writes b (S), W (S x R). */
static void ref_nw(gsl_rng *r, size_t S, size_t R, double lo, double hi, double nmin, double nmax,
                   double *b, double *W) {
  for (size_t k = 0; k < S * R; k++) W[k] = ref_rands(r);
  double mag = 0.7 * pow((double)S, 1.0 / (double)R);
  for (size_t i = 0; i < S; i++) {
    double n2 = 0;
    for (size_t j = 0; j < R; j++) n2 += W[j * S + i] * W[j * S + i];
    double n = sqrt(n2);
    for (size_t j = 0; j < R; j++) W[j * S + i] = mag * (W[j * S + i] / n);
    double lin = S == 1 ? 0.0 : -1.0 + 2.0 * (double)i / (double)(S - 1);
    double sg = W[i] > 0 ? 1.0 : W[i] < 0 ? -1.0 : 0.0;
    b[i] = S == 1 ? 0.0 : mag * lin * sg;
    double x = 0.5 * (nmax - nmin), y = 0.5 * (nmax + nmin);
    for (size_t j = 0; j < R; j++) W[j * S + i] *= x;
    b[i] = x * b[i] + y;
    double g = 2.0 / (hi - lo), o = 1.0 - hi * g;
    for (size_t j = 0; j < R; j++) b[i] += W[j * S + i] * o;
    for (size_t j = 0; j < R; j++) W[j * S + i] *= g;
  }
}

static double maxrel(const double *a, const double *b, size_t n) {
  double m = 0;
  for (size_t i = 0; i < n; i++) {
    double d = tap_reldiff(a[i], b[i], 1e-300);
    if (d > m) m = d;
  }
  return m;
}

static void test_seed_fold(void) {
  /* Values of the documented SplitMix64 fold, computed independently. */
  tap_ok(clm__rng_seed32(0) == 0x993d6596ul, "seed32(0) = 0x993d6596 (seed 0 is an ordinary seed, not GSL's 4357)");
  tap_ok(clm__rng_seed32(1) == 0x1808712dul, "seed32(1) = 0x1808712d");
  tap_ok(clm__rng_seed32(42) == 0x923c5cb3ul, "seed32(42) = 0x923c5cb3");
  tap_ok(clm__rng_seed32(UINT64_MAX) == 0xffbc5d57ul, "seed32(2^64-1) = 0xffbc5d57");
  tap_ok(clm__rng_seed32(4357) == 0x3ef3216ful && clm__rng_seed32(4357) != clm__rng_seed32(0),
         "seed 4357 differs from seed 0");
  tap_ok(clm__rng_seed32(UINT64_C(1) << 32) != clm__rng_seed32(1), "the high 32 bits of the seed matter");
}

/* feedforwardnet(5) on 3 inputs: tansig layer behind mapminmax, purelin output. */
static void test_initnw_tansig(void) {
  const size_t S = 5, R = 3;
  size_t hs[1] = {S};
  clm_net *net = make_net(1, hs, R, 99, 42, NULL);
  if (!tap_ok(net != NULL, "configure a 3-5-1 network")) return;
  tap_ok(net->size[0] == R && net->size[1] == S && net->size[2] == 1 && net->n_wb == S + S * R + 1 + S,
         "layout 3-5-1, P = %zu", net->n_wb);
  const double *b1 = net->wb + net->b_off[1], *W1 = net->wb + net->w_off[1];
  const double mag = 1.4 * pow((double)S, 1.0 / (double)R);
  double worst_norm = 0, worst_b = 0;
  for (size_t i = 0; i < S; i++) {
    double n2 = 0;
    for (size_t j = 0; j < R; j++) n2 += W1[j * S + i] * W1[j * S + i];
    double d = fabs(sqrt(n2) - mag) / mag;
    if (d > worst_norm) worst_norm = d;
    double lin = -1.0 + 2.0 * (double)i / (double)(S - 1);
    double want = mag * lin * (W1[i] > 0 ? 1.0 : -1.0);
    double e = fabs(b1[i] - want);
    if (e > worst_b) worst_b = e;
  }
  tap_ok(worst_norm < 1e-14, "tansig/mapminmax: every row of IW has norm 1.4*S^(1/R) = %.6f (rel err %.2g)", mag, worst_norm);
  tap_ok(worst_b < 1e-14, "b = 1.4*S^(1/R)*linspace(-1,1,S).*sign(W(:,1)) (abs err %.2g)", worst_b);

  /* Independent recomputation of the whole draw sequence. */
  gsl_rng *r = ref_rng(42);
  double rb1[5], rW1[15], rW2[5], rb2;
  ref_nw(r, S, R, -1, 1, -2, 2, rb1, rW1);
  for (size_t j = 0; j < S; j++) rW2[j] = ref_rands(r);
  rb2 = ref_rands(r);
  gsl_rng_free(r);
  tap_ok(maxrel(W1, rW1, S * R) <= 1e-15 && maxrel(b1, rb1, S) <= 1e-15,
         "layer 1 equals the independent Nguyen-Widrow recomputation (max rel %.2g)", maxrel(W1, rW1, S * R));
  const double *b2 = net->wb + net->b_off[2], *W2 = net->wb + net->w_off[2];
  tap_ok(memcmp(W2, rW2, sizeof rW2) == 0 && b2[0] == rb2,
         "purelin output layer: LW = rands(1,5) then b = rands(1,1), drawn after layer 1 (bit-identical)");
  int inrange = 1;
  for (size_t j = 0; j < S; j++) inrange &= W2[j] >= -1 && W2[j] < 1;
  tap_ok(inrange && b2[0] >= -1 && b2[0] < 1, "rands values lie in [-1,1)");

  /* Determinism and seed sensitivity. */
  size_t P = net->n_wb;
  double *a = malloc(P * sizeof *a), *c = malloc(P * sizeof *c);
  memcpy(a, net->wb, P * sizeof *a);
  tap_ok(clm_init(net, 42) == CLM_OK && memcmp(a, net->wb, P * sizeof *a) == 0,
         "clm_init with the configure seed reproduces the weights bit for bit");
  tap_ok(clm_init(net, 43) == CLM_OK && memcmp(a, net->wb, P * sizeof *a) != 0, "seed 43 gives other weights");
  memcpy(c, net->wb, P * sizeof *c);
  tap_ok(clm_init(net, 0) == CLM_OK && memcmp(a, net->wb, P * sizeof *a) != 0 &&
             memcmp(c, net->wb, P * sizeof *c) != 0,
         "seed 0 gives a third, valid set of weights");
  double *z = malloc(P * sizeof *z);
  memcpy(z, net->wb, P * sizeof *z);
  tap_ok(clm_init(net, 4357) == CLM_OK && memcmp(z, net->wb, P * sizeof *z) != 0,
         "seed 0 and seed 4357 differ");
  int finite = 1;
  for (size_t k = 0; k < P; k++) finite &= isfinite(z[k]);
  tap_ok(finite, "seed 0 weights are finite");
  free(a);
  free(c);
  free(z);
  clm_net_free(net);
}

static void test_rands_net(void) {
  size_t hs[1] = {4};
  clm_net *net = make_net(1, hs, 2, 99, 7, NULL);
  if (!tap_ok(net != NULL, "configure a 2-4-1 network")) return;
  tap_ok(clm_net_set_initfcn(net, CLM_RANDS) == CLM_OK && clm_init(net, 7) == CLM_OK, "re-initialise with rands");
  gsl_rng *r = ref_rng(7);
  int same = 1, inr = 1;
  for (size_t l = 1; l <= 2; l++) {
    size_t S = net->size[l], R = net->size[l - 1];
    for (size_t k = 0; k < S * R; k++) same &= net->wb[net->w_off[l] + k] == ref_rands(r);
    for (size_t i = 0; i < S; i++) same &= net->wb[net->b_off[l] + i] == ref_rands(r);
  }
  for (size_t k = 0; k < net->n_wb; k++) inr &= net->wb[k] >= -1 && net->wb[k] <= 1;
  gsl_rng_free(r);
  tap_ok(same, "rands: per layer W column-major then b, layers 1..L, bit-identical to a reference stream");
  tap_ok(inr, "rands: every weight in [-1,1]");
  clm_net_free(net);
}

static void test_constant_inputs(void) {
  /* Input row 1 of 3 is constant: removed, S_0 = 2. */
  size_t hs[1] = {6};
  clm_net *net = make_net(1, hs, 3, 1, 11, NULL);
  if (!tap_ok(net != NULL, "configure with a constant input row")) return;
  tap_ok(net->size[0] == 2, "constant row removed: S_0 = 2");
  const double *W1 = net->wb + net->w_off[1];
  double mag = 1.4 * sqrt(6.0), worst = 0;
  for (size_t i = 0; i < 6; i++) {
    double n = hypot(W1[i], W1[6 + i]);
    if (fabs(n - mag) / mag > worst) worst = fabs(n - mag) / mag;
  }
  tap_ok(worst < 1e-14, "row norms use r = 2 kept inputs: 1.4*6^(1/2) (rel err %.2g)", worst);
  clm_net_free(net);

  /* Every input row constant: S_0 = 0, W empty, b = 0, no draws for layer 1. */
  clm_net *n0 = NULL;
  clm_feedforwardnet(&n0, 1, hs);
  double X[2 * 10], T[10];
  for (size_t q = 0; q < 10; q++) X[2 * q] = 3, X[2 * q + 1] = -1, T[q] = (double)q;
  int st = clm_configure(n0, X, 2, T, 1, 10, 5);
  if (!tap_ok(st == CLM_OK, "configure with all inputs constant (%s)", clm_strerror(st))) {
    clm_net_free(n0);
    return;
  }
  int zero = 1;
  for (size_t i = 0; i < 6; i++) zero &= n0->wb[n0->b_off[1] + i] == 0.0;
  tap_ok(n0->size[0] == 0 && n0->w_off[1] == n0->b_off[1] + 6 && n0->b_off[2] == 6 && zero,
         "S_0 = 0: IW is 6x0 and b{1} = 0");
  gsl_rng *r = ref_rng(5);
  int same = 1;
  for (size_t k = 0; k < 6; k++) same &= n0->wb[n0->w_off[2] + k] == ref_rands(r);
  same &= n0->wb[n0->b_off[2]] == ref_rands(r);
  gsl_rng_free(r);
  tap_ok(same, "the output layer draws first from the stream when layer 1 draws nothing");
  clm_net_free(n0);
}

static void test_single_neuron_and_logsig(void) {
  /* S = 1 tansig layer: b = 0 exactly (y = 0 for tansig, inputs in [-1,1]). */
  size_t hs1[1] = {1};
  clm_net *net = make_net(1, hs1, 3, 99, 3, NULL);
  if (tap_ok(net != NULL, "configure a 3-1-1 network")) {
    const double *W1 = net->wb + net->w_off[1];
    double n = sqrt(W1[0] * W1[0] + W1[1] * W1[1] + W1[2] * W1[2]);
    tap_ok(net->wb[net->b_off[1]] == 0.0 && fabs(n - 1.4) < 1e-14, "S = 1: b = 0 and |w| = 1.4");
    clm_net_free(net);
  }
  /* logsig then tansig: layer 1 active range [-4,4] -> norm 2.8*S^(1/R); layer
   * 2's sources have range [0,1]: g = 2, o = -1. */
  size_t hs[2] = {4, 3};
  clm_transfer tfs[3] = {CLM_LOGSIG, CLM_TANSIG, CLM_PURELIN};
  net = make_net(2, hs, 2, 99, 9, tfs);
  if (!tap_ok(net != NULL, "configure a 2-4-3-1 logsig/tansig network")) return;
  gsl_rng *r = ref_rng(9);
  double rb1[4], rW1[8], rb2[3], rW2[12];
  ref_nw(r, 4, 2, -1, 1, -4, 4, rb1, rW1);
  ref_nw(r, 3, 4, 0, 1, -2, 2, rb2, rW2);
  gsl_rng_free(r);
  const double *W1 = net->wb + net->w_off[1], *W2 = net->wb + net->w_off[2], *b2 = net->wb + net->b_off[2];
  tap_ok(maxrel(W1, rW1, 8) <= 1e-15 && maxrel(net->wb + net->b_off[1], rb1, 4) <= 1e-15,
         "logsig layer equals the reference with active range [-4,4]");
  tap_ok(maxrel(W2, rW2, 12) <= 1e-15 && maxrel(b2, rb2, 3) <= 1e-15,
         "layer after logsig equals the reference with source range [0,1]");
  double worst = 0, worstb = 0;
  for (size_t i = 0; i < 3; i++) {
    double n2 = 0, s = 0;
    for (size_t j = 0; j < 4; j++) n2 += W2[j * 3 + i] * W2[j * 3 + i], s += W2[j * 3 + i];
    double mag = 2.0 * 1.4 * pow(3.0, 0.25);
    if (fabs(sqrt(n2) - mag) / mag > worst) worst = fabs(sqrt(n2) - mag) / mag;
    /* b = W_pre*o + b_pre with W_pre = W/2, o = -1 and b_pre = 1.4*3^(1/4)*linspace*sign */
    double lin = -1.0 + (double)i, bpre = 1.4 * pow(3.0, 0.25) * lin * (W2[i] > 0 ? 1 : -1);
    double e = fabs(b2[i] - (bpre - s / 2.0));
    if (e > worstb) worstb = e;
  }
  tap_ok(worst < 1e-14 && worstb < 1e-13, "[0,1] sources: rows scaled by g = 2, b shifted by -sum(W)/2 (%.2g, %.2g)",
         worst, worstb);
  clm_net_free(net);
}

static void test_no_mapminmax(void) {
  /* Without mapminmax the inputs are assumed to span [-1,1] (documented). */
  size_t hs[1] = {4};
  clm_net *net = NULL;
  clm_feedforwardnet(&net, 1, hs);
  clm_net_set_processing(net, CLM_PROC_REMOVECONSTANTROWS, CLM_PROC_DEFAULT);
  double *X = make_data(2, 30, 0, 99), *T = make_data(1, 30, 0, 99);
  int st = clm_configure(net, X, 2, T, 1, 30, 8);
  free(X);
  free(T);
  if (!tap_ok(st == CLM_OK, "configure without input mapminmax")) {
    clm_net_free(net);
    return;
  }
  gsl_rng *r = ref_rng(8);
  double rb[4], rW[8];
  ref_nw(r, 4, 2, -1, 1, -2, 2, rb, rW);
  gsl_rng_free(r);
  tap_ok(maxrel(net->wb + net->w_off[1], rW, 8) <= 1e-15 && maxrel(net->wb + net->b_off[1], rb, 4) <= 1e-15,
         "no mapminmax: layer 1 uses the [-1,1] source range");
  clm_net_free(net);
}

static void test_errors(void) {
  tap_ok(clm__init_weights(NULL, 1) == CLM_ENULL, "clm__init_weights(NULL) = CLM_ENULL");
  size_t hs[1] = {2};
  clm_net *net = NULL;
  clm_feedforwardnet(&net, 1, hs);
  tap_ok(clm__init_weights(net, 1) == CLM_ENOTCONFIGURED && clm_init(net, 1) == CLM_ENOTCONFIGURED,
         "unconfigured network: CLM_ENOTCONFIGURED");
  clm_net_free(net);
}

int main(void) {
  test_seed_fold();
  test_initnw_tansig();
  test_rands_net();
  test_constant_inputs();
  test_single_neuron_and_logsig();
  test_no_mapminmax();
  test_errors();
  return tap_done();
}
