/* chaoslm tests — a deliberately naive multilayer perceptron, the
 * independent reference of the trainer tests (header-only, test code).
 *
 * It knows nothing of the library: it is written from the definitions and
 * uses only the C library.  The network is a chain of L layers
 * (feedforwardnet), S[0] = R inputs, S[L] = O outputs, transfer functions
 * tansig 2/(1+exp(-2n))-1, logsig 1/(1+exp(-n)) or purelin, mapminmax to
 * [-1, 1] of the inputs and (unless map_out is 0) of the targets, with the
 * ranges taken from the data (NaN targets ignored).  The weight vector is
 * in getwb order: for each layer l its bias b{l} (S[l]), then its incoming
 * weights (S[l] x S[l-1], column-major).  Samples are columns of X (R x Q)
 * and T (O x Q); a NaN target is left out of every sum.
 *
 * Everything is evaluated one sample at a time in plain loops: forward
 * pass, sse and performance over an index set, the gradient of the sse by
 * back-propagation and the dense Jacobian of the errors e = t - y with
 * J'J and J'e.  Options (fields set after naive_setup):
 *   sse       performance is the sse (else the mse: sse over the count);
 *   map_out   0: outputs are not mapped back (targets in raw units);
 *   std_norm  errors times 2/range of their target row (performParam
 *             normalization 'standard');
 *   reverse   sums over the samples taken last to first (the same
 *             mathematics with another rounding).
 *
 * GPL-3.0-or-later. */
#ifndef CLM_TESTS_NAIVE_MLP_H
#define CLM_TESTS_NAIVE_MLP_H
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define NAIVE_WMAX 32 /* widest layer (inputs and outputs included) */
#define NAIVE_LMAX 4  /* most layers */

enum { F_TANSIG, F_LOGSIG, F_PURELIN };

typedef struct naive_mlp {
  size_t L, S[NAIVE_LMAX + 1]; /* S[0] inputs, S[L] outputs */
  int f[NAIVE_LMAX + 1];       /* transfer of layers 1..L */
  size_t R, O, Q, P;           /* P: number of weights */
  double xmin[NAIVE_WMAX], xgain[NAIVE_WMAX], tmin[NAIVE_WMAX], tgain[NAIVE_WMAX];
  const double *X, *T;         /* borrowed: R x Q and O x Q */
  int sse, map_out, std_norm, reverse; /* options, see the banner */
} naive_mlp;

static inline double naive_act(int f, double n) {
  if (f == F_TANSIG) return 2.0 / (1.0 + exp(-2.0 * n)) - 1.0;
  if (f == F_LOGSIG) return 1.0 / (1.0 + exp(-n));
  return n;
}

/* d(act)/dn written with the activation a = act(n). */
static inline double naive_dact(int f, double a) {
  if (f == F_TANSIG) return 1.0 - a * a;
  if (f == F_LOGSIG) return a * (1.0 - a);
  return 1.0;
}

/* The net with nh hidden layers of sizes h[] and transfer functions
 * f[0..nh] (hidden layers, then the output layer) on the data X, T (kept
 * by pointer); mapminmax ranges from the data.  Options: mse, outputs
 * mapped, no normalization, forward sums.  Returns 0 when the net exceeds
 * NAIVE_LMAX layers or NAIVE_WMAX neurons in a layer (r is then unusable). */
static inline int naive_setup(naive_mlp *r, size_t R, size_t O, size_t Q, const double *X,
                              const double *T, size_t nh, const size_t *h, const int *f) {
  memset(r, 0, sizeof *r);
  if (nh + 1 > NAIVE_LMAX || R > NAIVE_WMAX || O > NAIVE_WMAX) return 0;
  for (size_t l = 0; l < nh; l++)
    if (h[l] > NAIVE_WMAX) return 0;
  r->R = R, r->O = O, r->Q = Q, r->X = X, r->T = T, r->map_out = 1;
  r->L = nh + 1;
  r->S[0] = R;
  for (size_t l = 1; l <= nh; l++) r->S[l] = h[l - 1];
  r->S[r->L] = O;
  for (size_t l = 1; l <= r->L; l++) {
    r->f[l] = f[l - 1];
    r->P += r->S[l] * (r->S[l - 1] + 1);
  }
  for (int which = 0; which < 2; which++) { /* mapminmax ranges, NaN ignored */
    size_t rows = which ? O : R;
    const double *D = which ? T : X;
    for (size_t i = 0; i < rows; i++) {
      double lo = INFINITY, hi = -INFINITY;
      for (size_t q = 0; q < Q; q++) {
        double v = D[q * rows + i];
        if (isnan(v)) continue;
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
      }
      if (which) r->tmin[i] = lo, r->tgain[i] = 2.0 / (hi - lo);
      else r->xmin[i] = lo, r->xgain[i] = 2.0 / (hi - lo);
    }
  }
  return 1;
}

/* Offset of layer l's bias in the weight vector. */
static inline size_t naive_layer_off(const naive_mlp *r, size_t l) {
  size_t off = 0;
  for (size_t k = 1; k < l; k++) off += r->S[k] * (r->S[k - 1] + 1);
  return off;
}

/* Forward pass of sample q: activations a[l][i] (a[0]: the mapped
 * inputs); outputs y (O) in target units. */
static inline void naive_forward(const naive_mlp *r, const double *wb, size_t q,
                                 double a[][NAIVE_WMAX], double *y) {
  for (size_t i = 0; i < r->R; i++) a[0][i] = (r->X[q * r->R + i] - r->xmin[i]) * r->xgain[i] - 1.0;
  for (size_t l = 1; l <= r->L; l++) {
    const double *b = wb + naive_layer_off(r, l), *W = b + r->S[l];
    for (size_t i = 0; i < r->S[l]; i++) {
      double n = b[i];
      for (size_t j = 0; j < r->S[l - 1]; j++) n += W[j * r->S[l] + i] * a[l - 1][j];
      a[l][i] = naive_act(r->f[l], n);
    }
  }
  for (size_t k = 0; k < r->O; k++)
    y[k] = r->map_out ? (a[r->L][k] + 1.0) / r->tgain[k] + r->tmin[k] : a[r->L][k];
}

/* The error factor of target row k: 2/range with std_norm, else 1. */
static inline double naive_en(const naive_mlp *r, size_t k) {
  return r->std_norm ? r->tgain[k] : 1.0;
}

/* The p-th sample of the index set idx[0..n) in summation order. */
static inline size_t naive_sample(const naive_mlp *r, const size_t *idx, size_t n, size_t p) {
  return idx[r->reverse ? n - 1 - p : p];
}

/* sse of the (normalized) errors over the samples idx[0..n); *count: the
 * number of non-NaN targets. */
static inline double naive_sse(const naive_mlp *r, const double *wb, const size_t *idx,
                               size_t n, size_t *count) {
  double a[NAIVE_LMAX + 1][NAIVE_WMAX], y[NAIVE_WMAX], s = 0.0;
  *count = 0;
  for (size_t p = 0; p < n; p++) {
    const size_t q = naive_sample(r, idx, n, p);
    naive_forward(r, wb, q, a, y);
    for (size_t k = 0; k < r->O; k++) {
      double t = r->T[q * r->O + k];
      if (isnan(t)) continue;
      double e = (t - y[k]) * naive_en(r, k);
      s += e * e;
      (*count)++;
    }
  }
  return s;
}

/* Performance (sse, or mse = sse over its own count) of a set; NaN for an
 * empty set. */
static inline double naive_perf(const naive_mlp *r, const double *wb, const size_t *idx,
                                size_t n) {
  if (n == 0) return NAN;
  size_t c;
  double s = naive_sse(r, wb, idx, n, &c);
  return r->sse ? s : s / (double)c;
}

/* d(sse)/dw (P, zeroed here) by back-propagation one sample at a time;
 * returns the sse, *count as for naive_sse. */
static inline double naive_dsse(const naive_mlp *r, const double *wb, const size_t *idx,
                                size_t n, double *dw, size_t *count) {
  double a[NAIVE_LMAX + 1][NAIVE_WMAX], y[NAIVE_WMAX], dn[NAIVE_LMAX + 1][NAIVE_WMAX], s = 0.0;
  memset(dw, 0, r->P * sizeof *dw);
  *count = 0;
  for (size_t p = 0; p < n; p++) {
    const size_t q = naive_sample(r, idx, n, p);
    naive_forward(r, wb, q, a, y);
    for (size_t k = 0; k < r->O; k++) { /* d sse / d n_L */
      double t = r->T[q * r->O + k], dy = 0.0;
      if (!isnan(t)) {
        const double en = naive_en(r, k), e = en * (t - y[k]);
        s += e * e;
        (*count)++;
        dy = -2.0 * en * e;
      }
      const double dyn = dy * (r->map_out ? 1.0 / r->tgain[k] : 1.0); /* d sse / d a_L */
      dn[r->L][k] = dyn * naive_dact(r->f[r->L], a[r->L][k]);
    }
    for (size_t l = r->L; l >= 1; l--) {
      double *db = dw + naive_layer_off(r, l), *dW = db + r->S[l];
      const double *W = wb + naive_layer_off(r, l) + r->S[l];
      for (size_t i = 0; i < r->S[l]; i++) {
        db[i] += dn[l][i];
        for (size_t j = 0; j < r->S[l - 1]; j++) dW[j * r->S[l] + i] += dn[l][i] * a[l - 1][j];
      }
      if (l == 1) break;
      for (size_t j = 0; j < r->S[l - 1]; j++) {
        double v = 0.0;
        for (size_t i = 0; i < r->S[l]; i++) v += W[j * r->S[l] + i] * dn[l][i];
        dn[l - 1][j] = v * naive_dact(r->f[l - 1], a[l - 1][j]);
      }
    }
  }
  return s;
}

/* The dense Jacobian row of target k of a sample whose activations a
 * naive_forward gave: row[i] = de/dw_i = -dy_k/dw_i (y_k in target units,
 * the error not normalized), by back-propagation of that one output. */
static inline void naive_jac_row(const naive_mlp *r, const double *wb, double a[][NAIVE_WMAX],
                                 size_t k, double *row) {
  double d[NAIVE_LMAX + 1][NAIVE_WMAX];
  for (size_t i = 0; i < r->S[r->L]; i++) {
    const double da = naive_dact(r->f[r->L], a[r->L][i]);
    d[r->L][i] = i != k ? 0.0 : r->map_out ? da / r->tgain[k] : da;
  }
  for (size_t l = r->L; l >= 1; l--) {
    const size_t off = naive_layer_off(r, l);
    const double *W = wb + off + r->S[l];
    for (size_t i = 0; i < r->S[l]; i++) {
      row[off + i] = -d[l][i];
      for (size_t j = 0; j < r->S[l - 1]; j++)
        row[off + r->S[l] + j * r->S[l] + i] = -d[l][i] * a[l - 1][j];
    }
    if (l > 1)
      for (size_t j = 0; j < r->S[l - 1]; j++) {
        double s = 0.0;
        for (size_t i = 0; i < r->S[l]; i++) s += W[j * r->S[l] + i] * d[l][i];
        d[l - 1][j] = naive_dact(r->f[l - 1], a[l - 1][j]) * s;
      }
  }
}

/* Over the samples idx[0..n): JE = J'e (P) and, unless JJ is NULL,
 * JJ = J'J (P x P, row-major), both zeroed here, from the dense Jacobian
 * of the (normalized) errors; returns their sse, *count as for naive_sse. */
static inline double naive_jejj(const naive_mlp *r, const double *wb, const size_t *idx,
                                size_t n, double *JJ, double *JE, size_t *count) {
  const size_t P = r->P;
  double a[NAIVE_LMAX + 1][NAIVE_WMAX], y[NAIVE_WMAX], *row = malloc(P * sizeof *row), sse = 0.0;
  if (JJ) memset(JJ, 0, P * P * sizeof *JJ);
  memset(JE, 0, P * sizeof *JE);
  *count = 0;
  for (size_t p = 0; p < n; p++) {
    const size_t q = naive_sample(r, idx, n, p);
    naive_forward(r, wb, q, a, y);
    for (size_t k = 0; k < r->O; k++) {
      double t = r->T[q * r->O + k];
      if (isnan(t)) continue;
      const double en = naive_en(r, k);
      double e = en * (t - y[k]);
      sse += e * e;
      (*count)++;
      naive_jac_row(r, wb, a, k, row);
      for (size_t i = 0; i < P; i++) row[i] *= en;
      for (size_t i = 0; i < P; i++) {
        JE[i] += row[i] * e;
        if (JJ)
          for (size_t j = 0; j < P; j++) JJ[i * P + j] += row[i] * row[j];
      }
    }
  }
  free(row);
  return sse;
}
#endif
