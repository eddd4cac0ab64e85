/* chaoslm — network creation, configuration, copies and accessors.
 *
 * A network is created unconfigured (feedforwardnet(hiddenSizes)); its
 * input and output sizes and processing settings come from data in
 * clm_configure, which also initialises the weights (MATLAB's configure).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "net_internal.h"

void clm__proc_free(clm_proc *p) {
  if (!p) return;
  free(p->kept);
  free(p->kept_index);
  free(p->xoffset);
  free(p->gain);
  free(p->xmin);
  free(p->xmax);
  memset(p, 0, sizeof *p);
}

int clm__proc_alloc(clm_proc *p, size_t n_raw) {
  const size_t n = n_raw ? n_raw : 1;
  memset(p, 0, sizeof *p);
  p->n_raw = n_raw;
  p->kept = malloc(n);
  p->kept_index = malloc(n * sizeof *p->kept_index);
  p->xoffset = malloc(n * sizeof *p->xoffset);
  p->gain = malloc(n * sizeof *p->gain);
  p->xmin = malloc(n * sizeof *p->xmin);
  p->xmax = malloc(n * sizeof *p->xmax);
  if (!p->kept || !p->kept_index || !p->xoffset || !p->gain || !p->xmin || !p->xmax) {
    clm__proc_free(p);
    return CLM_ENOMEM;
  }
  return CLM_OK;
}

int clm__proc_copy(clm_proc *dst, const clm_proc *src) {
  clm_proc c;
  memset(&c, 0, sizeof c);
  if (src->n_raw) {
    int st = clm__proc_alloc(&c, src->n_raw);
    if (st != CLM_OK) return st;
    memcpy(c.kept, src->kept, src->n_raw);
    memcpy(c.kept_index, src->kept_index, src->n_raw * sizeof *c.kept_index);
    memcpy(c.xoffset, src->xoffset, src->n_raw * sizeof *c.xoffset);
    memcpy(c.gain, src->gain, src->n_raw * sizeof *c.gain);
    memcpy(c.xmin, src->xmin, src->n_raw * sizeof *c.xmin);
    memcpy(c.xmax, src->xmax, src->n_raw * sizeof *c.xmax);
  }
  c.n_kept = src->n_kept;
  *dst = c;
  return CLM_OK;
}

void clm__net_layout(clm_net *net) {
  size_t off = 0;
  net->size[0] = net->in.n_kept;
  net->size[net->n_layers] = net->out.n_kept;
  for (size_t l = 1; l <= net->n_layers; l++) {
    size_t R = 0;
    for (size_t j = 0; j < l; j++)
      if (net->src[l] >> j & 1u) R += net->size[j];
    net->fan_in[l] = R;
    net->b_off[l] = off;
    off += net->size[l];
    net->w_off[l] = off;
    off += net->size[l] * R;
  }
  net->n_wb = off;
}

int clm__net_is_chain(const clm_net *net) {
  for (size_t l = 1; l <= net->n_layers; l++)
    if (net->src[l] != UINT64_C(1) << (l - 1)) return 0;
  return 1;
}

size_t clm__net_src_col(const clm_net *net, size_t l, size_t j) {
  size_t c = 0;
  for (size_t k = 0; k < j; k++)
    if (net->src[l] >> k & 1u) c += net->size[k];
  return c;
}

int clm_feedforwardnet(clm_net **out, size_t n_hidden, const size_t *hidden_sizes) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  if (n_hidden > 0 && !hidden_sizes) return CLM_ENULL;
  if (n_hidden >= CLM_MAX_LAYERS) return CLM_ESIZE; /* written so that SIZE_MAX cannot wrap */
  for (size_t i = 0; i < n_hidden; i++)
    if (hidden_sizes[i] == 0 || hidden_sizes[i] > (size_t)1 << 24) return CLM_ESIZE;
  clm_net *net = calloc(1, sizeof *net);
  if (!net) return CLM_ENOMEM;
  net->n_layers = n_hidden + 1;
  for (size_t l = 1; l <= n_hidden; l++) {
    net->size[l] = hidden_sizes[l - 1];
    net->transfer[l] = CLM_TANSIG;
  }
  net->transfer[net->n_layers] = CLM_PURELIN;
  for (size_t l = 1; l <= net->n_layers; l++) net->src[l] = UINT64_C(1) << (l - 1);
  net->in_flags = net->out_flags = CLM_PROC_DEFAULT;
  net->initfcn = CLM_INITNW;
  net->performfcn = CLM_MSE;
  net->dividefcn = CLM_DIVIDERAND;
  net->div_ratio[0] = 0.70;
  net->div_ratio[1] = 0.15;
  net->div_ratio[2] = 0.15;
  strcpy(net->train_fcn, "trainlm");
  *out = net;
  return CLM_OK;
}

int clm_cascadeforwardnet(clm_net **out, size_t n_hidden, const size_t *hidden_sizes) {
  int st = clm_feedforwardnet(out, n_hidden, hidden_sizes);
  if (st != CLM_OK) return st;
  /* MATLAB: inputConnect = true(L,1), layerConnect(i,j) = j < i. */
  clm_net *net = *out;
  for (size_t l = 1; l <= net->n_layers; l++)
    net->src[l] = l >= 64 ? UINT64_MAX : (UINT64_C(1) << l) - 1;
  return CLM_OK;
}

static void free_divideind(clm_net *net) {
  for (int s = 0; s < 3; s++) {
    free(net->div_ind[s]);
    net->div_ind[s] = NULL;
    net->div_n[s] = 0;
  }
}

void clm_net_free(clm_net *net) {
  if (!net) return;
  clm__proc_free(&net->in);
  clm__proc_free(&net->out);
  free(net->wb);
  free_divideind(net);
  free(net);
}

int clm_net_copy(const clm_net *net, clm_net **out) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  if (!net) return CLM_ENULL;
  clm_net *c = calloc(1, sizeof *c);
  if (!c) return CLM_ENOMEM;
  *c = *net;
  memset(&c->in, 0, sizeof c->in);
  memset(&c->out, 0, sizeof c->out);
  c->wb = NULL;
  for (int s = 0; s < 3; s++) c->div_ind[s] = NULL;
  int st = clm__proc_copy(&c->in, &net->in);
  if (st == CLM_OK) st = clm__proc_copy(&c->out, &net->out);
  if (st == CLM_OK && net->n_wb) {
    c->wb = malloc(net->n_wb * sizeof *c->wb);
    if (!c->wb) st = CLM_ENOMEM;
    else memcpy(c->wb, net->wb, net->n_wb * sizeof *c->wb);
  }
  for (int s = 0; s < 3 && st == CLM_OK; s++) {
    if (!net->div_n[s]) continue;
    c->div_ind[s] = malloc(net->div_n[s] * sizeof(size_t));
    if (!c->div_ind[s]) st = CLM_ENOMEM;
    else memcpy(c->div_ind[s], net->div_ind[s], net->div_n[s] * sizeof(size_t));
  }
  if (st != CLM_OK) {
    clm_net_free(c);
    return st;
  }
  *out = c;
  return CLM_OK;
}

int clm_net_set_transfer(clm_net *net, size_t layer, clm_transfer tf) {
  if (!net) return CLM_ENULL;
  if (layer < 1 || layer > net->n_layers) return CLM_ESIZE;
  if ((int)tf < 0 || tf >= CLM_TRANSFER_COUNT_) return CLM_ETRANSFER;
  net->transfer[layer] = tf;
  return CLM_OK;
}

int clm_net_set_initfcn(clm_net *net, clm_initfcn f) {
  if (!net) return CLM_ENULL;
  if ((int)f < 0 || f >= CLM_INITFCN_COUNT_) return CLM_EINVAL;
  net->initfcn = f;
  return CLM_OK;
}

int clm_net_set_processing(clm_net *net, unsigned input_flags, unsigned output_flags) {
  if (!net) return CLM_ENULL;
  if ((input_flags | output_flags) & ~(unsigned)CLM_PROC_DEFAULT) return CLM_EINVAL;
  net->in_flags = input_flags;
  net->out_flags = output_flags;
  return CLM_OK;
}

int clm_net_set_performfcn(clm_net *net, clm_performfcn f) {
  if (!net) return CLM_ENULL;
  if ((int)f < 0 || f >= CLM_PERFORMFCN_COUNT_) return CLM_EINVAL;
  net->performfcn = f;
  return CLM_OK;
}

int clm_net_set_regularization(clm_net *net, double r) {
  if (!net) return CLM_ENULL;
  if (!(r >= 0.0 && r <= 1.0)) return CLM_EINVAL; /* NaN fails too */
  net->perf_reg = r;
  return CLM_OK;
}

double clm_net_regularization(const clm_net *net) { return net ? net->perf_reg : 0.0; }

int clm_net_set_normalization(clm_net *net, clm_normalization n) {
  if (!net) return CLM_ENULL;
  if ((int)n < 0 || n >= CLM_NORMALIZATION_COUNT_) return CLM_EINVAL;
  net->perf_norm = n;
  return CLM_OK;
}

clm_normalization clm_net_normalization(const clm_net *net) {
  return net ? net->perf_norm : CLM_NORMALIZATION_NONE;
}

int clm_net_set_divide(clm_net *net, clm_dividefcn f, double train_ratio,
                       double val_ratio, double test_ratio) {
  if (!net) return CLM_ENULL;
  if ((int)f < 0 || f >= CLM_DIVIDEFCN_COUNT_) return CLM_EDIVIDE;
  double r[3] = {train_ratio, val_ratio, test_ratio};
  for (int s = 0; s < 3; s++)
    if (!isfinite(r[s]) || r[s] < 0) return CLM_EDIVIDE;
  const double sum = r[0] + r[1] + r[2];
  if (f != CLM_DIVIDETRAIN && f != CLM_DIVIDEIND && !(sum > 0 && isfinite(sum))) return CLM_EDIVIDE;
  net->dividefcn = f;
  if (f != CLM_DIVIDETRAIN && f != CLM_DIVIDEIND)
    for (int s = 0; s < 3; s++) net->div_ratio[s] = r[s];
  return CLM_OK;
}

int clm_net_set_divideind(clm_net *net, const size_t *train_ind, size_t n_train,
                          const size_t *val_ind, size_t n_val,
                          const size_t *test_ind, size_t n_test) {
  if (!net) return CLM_ENULL;
  const size_t *src[3] = {train_ind, val_ind, test_ind};
  size_t n[3] = {n_train, n_val, n_test};
  size_t *copy[3] = {NULL, NULL, NULL};
  if (n_train == 0) return CLM_EDIVIDE;
  for (int s = 0; s < 3; s++) {
    if (n[s] && !src[s]) return CLM_ENULL;
    if (n[s] > SIZE_MAX / sizeof(size_t)) return CLM_EDIVIDE; /* no such index list can exist */
  }
  for (int s = 0; s < 3; s++) {
    if (!n[s]) continue;
    copy[s] = malloc(n[s] * sizeof(size_t));
    if (!copy[s]) {
      for (int k = 0; k < s; k++) free(copy[k]);
      return CLM_ENOMEM;
    }
    memcpy(copy[s], src[s], n[s] * sizeof(size_t));
  }
  free_divideind(net);
  for (int s = 0; s < 3; s++) {
    net->div_ind[s] = copy[s];
    net->div_n[s] = n[s];
  }
  net->dividefcn = CLM_DIVIDEIND;
  return CLM_OK;
}

int clm_configure(clm_net *net, const double *X, size_t n_inputs, const double *T,
                  size_t n_outputs, size_t Q, uint64_t seed) {
  if (!net || !X || !T) return CLM_ENULL;
  if (n_inputs == 0 || n_outputs == 0 || Q == 0) return CLM_ESIZE;
  if (n_inputs > ((size_t)1 << 28) || n_outputs > ((size_t)1 << 28)) return CLM_ESIZE;
  /* The caller's arrays hold n_inputs*Q and n_outputs*Q doubles: sizes whose
   * product cannot be an array in memory are refused before any access. */
  const size_t rows = n_inputs > n_outputs ? n_inputs : n_outputs;
  if (Q > SIZE_MAX / sizeof(double) / rows) return CLM_ESIZE;
  clm_proc in, out;
  memset(&in, 0, sizeof in);
  memset(&out, 0, sizeof out);
  int st = clm__proc_setup(&in, net->in_flags, X, n_inputs, Q);
  if (st == CLM_OK) st = clm__proc_setup(&out, net->out_flags, T, n_outputs, Q);
  if (st == CLM_OK && out.n_kept == 0) st = CLM_ENOSAMPLES; /* every target row constant or NaN */
  if (st != CLM_OK) {
    clm__proc_free(&in);
    clm__proc_free(&out);
    return st;
  }
  /* Build the new state in a scratch copy so that failure leaves net intact. */
  clm_net tmp = *net;
  tmp.in = in;
  tmp.out = out;
  tmp.n_inputs = n_inputs;
  tmp.n_outputs = n_outputs;
  clm__net_layout(&tmp);
  double *wb = calloc(tmp.n_wb ? tmp.n_wb : 1, sizeof *wb);
  if (!wb) {
    clm__proc_free(&in);
    clm__proc_free(&out);
    return CLM_ENOMEM;
  }
  tmp.wb = wb;
  tmp.configured = 1;
  st = clm__init_weights(&tmp, seed);
  if (st != CLM_OK) {
    free(wb);
    clm__proc_free(&in);
    clm__proc_free(&out);
    return st;
  }
  clm__proc_free(&net->in);
  clm__proc_free(&net->out);
  free(net->wb);
  *net = tmp;
  return CLM_OK;
}

int clm_init(clm_net *net, uint64_t seed) {
  if (!net) return CLM_ENULL;
  if (!net->configured) return CLM_ENOTCONFIGURED;
  double *save = malloc((net->n_wb ? net->n_wb : 1) * sizeof *save);
  if (!save) return CLM_ENOMEM;
  memcpy(save, net->wb, net->n_wb * sizeof *save);
  int st = clm__init_weights(net, seed);
  if (st != CLM_OK) memcpy(net->wb, save, net->n_wb * sizeof *save);
  free(save);
  return st;
}

size_t clm_net_num_layers(const clm_net *net) { return net ? net->n_layers : 0; }

size_t clm_net_layer_size(const clm_net *net, size_t layer) {
  if (!net || layer < 1 || layer > net->n_layers) return 0;
  return net->size[layer];
}

clm_transfer clm_net_transfer(const clm_net *net, size_t layer) {
  if (!net || layer < 1 || layer > net->n_layers) return CLM_TRANSFER_COUNT_;
  return net->transfer[layer];
}

size_t clm_net_num_inputs(const clm_net *net) { return net ? net->n_inputs : 0; }
size_t clm_net_num_outputs(const clm_net *net) { return net ? net->n_outputs : 0; }
int clm_net_is_configured(const clm_net *net) { return net ? net->configured : 0; }
size_t clm_net_num_weights(const clm_net *net) { return net && net->configured ? net->n_wb : 0; }
clm_initfcn clm_net_initfcn(const clm_net *net) { return net ? net->initfcn : CLM_INITFCN_COUNT_; }
clm_performfcn clm_net_performfcn(const clm_net *net) { return net ? net->performfcn : CLM_PERFORMFCN_COUNT_; }
clm_dividefcn clm_net_dividefcn(const clm_net *net) { return net ? net->dividefcn : CLM_DIVIDEFCN_COUNT_; }

void clm_net_divide_ratios(const clm_net *net, double *train, double *val, double *test) {
  if (!net) return;
  if (train) *train = net->div_ratio[0];
  if (val) *val = net->div_ratio[1];
  if (test) *test = net->div_ratio[2];
}

const char *clm_net_trainfcn(const clm_net *net) { return net ? net->train_fcn : NULL; }

int clm_net_input_connect(const clm_net *net, size_t layer) {
  if (!net || layer < 1 || layer > net->n_layers) return 0;
  return (int)(net->src[layer] & 1u);
}

int clm_net_layer_connect(const clm_net *net, size_t to, size_t from) {
  if (!net || to < 1 || to > net->n_layers || from < 1 || from >= to) return 0;
  return (int)(net->src[to] >> from & 1u);
}

int clm_net_bias_block(const clm_net *net, size_t layer, size_t *offset, size_t *rows) {
  if (!net || !offset || !rows) return CLM_ENULL;
  if (layer < 1 || layer > net->n_layers) return CLM_ESIZE;
  if (!net->configured) return CLM_ENOTCONFIGURED;
  *offset = net->b_off[layer];
  *rows = net->size[layer];
  return CLM_OK;
}

/* The block of source j (0: the input) in W{l}. */
static int weight_block(const clm_net *net, size_t l, size_t j, size_t *offset, size_t *rows,
                        size_t *cols) {
  if (!(net->src[l] >> j & 1u)) return CLM_EINVAL;
  if (!net->configured) return CLM_ENOTCONFIGURED;
  *offset = net->w_off[l] + net->size[l] * clm__net_src_col(net, l, j);
  *rows = net->size[l];
  *cols = net->size[j];
  return CLM_OK;
}

int clm_net_iw_block(const clm_net *net, size_t layer, size_t *offset, size_t *rows,
                     size_t *cols) {
  if (!net || !offset || !rows || !cols) return CLM_ENULL;
  if (layer < 1 || layer > net->n_layers) return CLM_ESIZE;
  return weight_block(net, layer, 0, offset, rows, cols);
}

int clm_net_lw_block(const clm_net *net, size_t to, size_t from, size_t *offset, size_t *rows,
                     size_t *cols) {
  if (!net || !offset || !rows || !cols) return CLM_ENULL;
  if (to < 1 || to > net->n_layers || from < 1 || from > net->n_layers) return CLM_ESIZE;
  if (from >= to) return CLM_EINVAL; /* only earlier layers feed a layer */
  return weight_block(net, to, from, offset, rows, cols);
}

int clm_getwb(const clm_net *net, double *wb) {
  if (!net || !wb) return CLM_ENULL;
  if (!net->configured) return CLM_ENOTCONFIGURED;
  memcpy(wb, net->wb, net->n_wb * sizeof *wb);
  return CLM_OK;
}

int clm_setwb(clm_net *net, const double *wb) {
  if (!net || !wb) return CLM_ENULL;
  if (!net->configured) return CLM_ENOTCONFIGURED;
  int st = clm__check_finite(wb, net->n_wb);
  if (st != CLM_OK) return st;
  memcpy(net->wb, wb, net->n_wb * sizeof *wb);
  return CLM_OK;
}

int clm_net_processing_flags(const clm_net *net, unsigned *input_flags, unsigned *output_flags) {
  if (!net) return CLM_ENULL;
  if (input_flags) *input_flags = net->in_flags;
  if (output_flags) *output_flags = net->out_flags;
  return CLM_OK;
}

int clm_net_processing(const clm_net *net, int which, size_t i, int *kept,
                       double *xoffset, double *gain) {
  if (!net || !kept || !xoffset || !gain) return CLM_ENULL;
  if (!net->configured) return CLM_ENOTCONFIGURED;
  const clm_proc *p = which == 0 ? &net->in : which == 1 ? &net->out : NULL;
  if (!p || i >= p->n_raw) return CLM_ESIZE;
  *kept = p->kept[i];
  *xoffset = p->xoffset[i];
  *gain = p->gain[i];
  return CLM_OK;
}

int clm_net_range(const clm_net *net, int which, size_t i, double *min, double *max) {
  if (!net || !min || !max) return CLM_ENULL;
  if (!net->configured) return CLM_ENOTCONFIGURED;
  const clm_proc *p = which == 0 ? &net->in : which == 1 ? &net->out : NULL;
  if (!p || i >= p->n_raw) return CLM_ESIZE;
  *min = p->xmin[i];
  *max = p->xmax[i];
  return CLM_OK;
}
