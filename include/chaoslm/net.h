/* chaoslm — the feed-forward network model (MATLAB feedforwardnet semantics).
 *
 * Data layout.  A data matrix with R rows (variables) and Q samples is stored
 * column-major, MATLAB's R x Q layout: sample q occupies X[q*R .. q*R+R-1].
 * This is the same memory as a row-major Q x R table with one sample per row,
 * as read from a CSV file.  Targets T are likewise n_outputs x Q.
 *
 * Weight order (getwb).  All weights and biases live in one vector of length
 * P = clm_net_num_weights(net), in MATLAB getwb order: layer by layer
 * (l = 1..L), first the bias b{l} (S_l values), then the incoming weight
 * matrices, each flattened column-major: IW{l,1} (S_l x S_0) if the input
 * feeds layer l, then LW{l,j} (S_l x S_j) for every layer j < l that feeds
 * it, j increasing.  In a feedforwardnet layer 1 has IW{1,1} and layer l > 1
 * has LW{l,l-1} only, so W(i,j) sits at offset b_off + S_l + j*S_l + i; in a
 * cascadeforwardnet layer l has IW{l,1} and LW{l,1..l-1}.  The offsets of
 * every block: clm_net_bias_block, clm_net_iw_block, clm_net_lw_block.
 * S_0 is the number of inputs left after removeconstantrows.  The columns of
 * the Jacobian follow the same order.
 *
 * Processing.  As MATLAB does by default, inputs and targets go through
 * removeconstantrows then mapminmax to [-1,1] inside the network: callers
 * give inputs and receive outputs in original units, and errors (and so mse,
 * sse, gradients and Jacobians) are measured in original target units.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_NET_H
#define CLM_NET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Opaque network.  One network must not be used by two threads at once
 * when one of them modifies it; const functions may run concurrently. */
typedef struct clm_net clm_net;

/* Transfer functions (MATLAB names). */
typedef enum clm_transfer {
  CLM_TANSIG = 0, /* 2/(1+exp(-2n))-1, MATLAB's formula; derivative 1-a^2 */
  CLM_LOGSIG,     /* 1/(1+exp(-n)); derivative a(1-a) */
  CLM_PURELIN,    /* n */
  CLM_POSLIN,     /* max(0,n); derivative 1 for n>0, else 0 */
  CLM_SOFTMAX,    /* exp(n-max)/sum(exp(n-max)) per sample (column) */
  CLM_TRANSFER_COUNT_
} clm_transfer;

/* Weight initialisation functions (net.initFcn per layer in MATLAB). */
typedef enum clm_initfcn {
  CLM_INITNW = 0, /* Nguyen-Widrow (falls back to rands for purelin/poslin/softmax layers, as MATLAB) */
  CLM_RANDS,      /* uniform on [-1,1] */
  CLM_INITFCN_COUNT_
} clm_initfcn;

/* Data division functions (net.divideFcn). */
typedef enum clm_dividefcn {
  CLM_DIVIDERAND = 0, /* random split by ratios (default 0.70/0.15/0.15) */
  CLM_DIVIDEBLOCK,    /* contiguous blocks: train, then val, then test */
  CLM_DIVIDEINT,      /* interleaved: MATLAB's greedy rule assigns each sample to the set
                         furthest behind its ratio (counts may differ from dividerand's) */
  CLM_DIVIDEIND,      /* explicit index lists */
  CLM_DIVIDETRAIN,    /* everything is training data */
  CLM_DIVIDEFCN_COUNT_
} clm_dividefcn;

/* Performance functions (net.performFcn).  With e = t - y in target units
 * (times the normalization factor of its output row, see clm_normalization)
 * and N the number of non-NaN target elements:
 *   mse = sum e^2 / N,  sse = sum e^2,  mae = sum |e| / N,
 *   crossentropy = sum -t log y / N for two or more output rows, and
 *     sum -t log y - (1-t) log(1-y) / N for a single output row (two
 *     classes), with y limited to [eps, 1-eps] and t to [0,1] (MATLAB's
 *     crossentropy; its derivative uses the limited y, -t/y resp.
 *     -t/y + (1-t)/(1-y)).
 * trainlm accepts only mse and sse (clm_perform_check).  CLM_MAE and
 * CLM_CROSSENTROPY since 0.2. */
typedef enum clm_performfcn {
  CLM_MSE = 0,      /* mean of squared errors over non-NaN target elements */
  CLM_SSE,          /* sum of squared errors */
  CLM_MAE,          /* mean of absolute errors */
  CLM_CROSSENTROPY, /* mean cross-entropy (patternnet's default) */
  CLM_PERFORMFCN_COUNT_
} clm_performfcn;

/* Error normalization (net.performParam.normalization): the errors of raw
 * output row i are multiplied by en_i before the performance is formed,
 *   none: en_i = 1;  standard: en_i = 2/range_i;  percent: en_i = 1/range_i,
 * where range_i = max - min of the targets of row i that configured the
 * network (MATLAB's net.outputs{1}.range, see clm_net_range); a factor
 * that is not finite (a constant or all-NaN row) is 1.  The same factors
 * apply to training, validation and test performance, clm_perform,
 * clm_gradient, clm_jacobian and clm_jejj.  crossentropy takes no
 * normalization (clm_perform_check).  Since 0.2. */
typedef enum clm_normalization {
  CLM_NORMALIZATION_NONE = 0, /* "none" (default) */
  CLM_NORMALIZATION_STANDARD, /* "standard": errors of a full-range row in [-2,2] */
  CLM_NORMALIZATION_PERCENT,  /* "percent": errors of a full-range row in [-1,1] */
  CLM_NORMALIZATION_COUNT_
} clm_normalization;

/* Processing functions, as bit flags (net.inputs{1}.processFcns). */
enum {
  CLM_PROC_REMOVECONSTANTROWS = 1u, /* drop rows whose max == min */
  CLM_PROC_MAPMINMAX = 2u,          /* map each row linearly onto [-1,1] */
  CLM_PROC_DEFAULT = 3u             /* both, MATLAB's default */
};

/* Name <-> enum helpers.  *_name returns a static string ("tansig") or NULL
 * for an out-of-range value; *_from_name accepts the MATLAB name, case
 * sensitive, and returns CLM_ETRANSFER (transfer) or CLM_EINVAL (others) for
 * an unknown name.  Thread safety: safe.  Since 0.1. */
const char *clm_transfer_name(clm_transfer tf);
int clm_transfer_from_name(const char *name, clm_transfer *tf);
const char *clm_initfcn_name(clm_initfcn f);
int clm_initfcn_from_name(const char *name, clm_initfcn *f);
const char *clm_dividefcn_name(clm_dividefcn f);
int clm_dividefcn_from_name(const char *name, clm_dividefcn *f);
const char *clm_performfcn_name(clm_performfcn f);
int clm_performfcn_from_name(const char *name, clm_performfcn *f);
/* "none", "standard", "percent".  Since 0.2. */
const char *clm_normalization_name(clm_normalization n);
int clm_normalization_from_name(const char *name, clm_normalization *n);

/* ------------------------------------------------------------------------ */
/* Creation, configuration, copies                                          */

/* clm_feedforwardnet: create an unconfigured network, like MATLAB's
 * feedforwardnet(hiddenSizes).
 *   out (out): receives the new network; set to NULL on error.  Free it with
 *        clm_net_free().
 *   n_hidden (in): number of hidden layers (0 gives a linear one-layer net).
 *   hidden_sizes (in): n_hidden sizes, each >= 1 (may be NULL when n_hidden
 *        is 0).
 * Defaults: tansig hidden layers, purelin output layer, initnw, dividerand
 * 0.70/0.15/0.15, mse, trainlm, input and output processing
 * removeconstantrows + mapminmax.  The input and output sizes are set by
 * clm_configure (or by clm_train on first use), as in MATLAB.
 * Status: CLM_OK, CLM_ENULL, CLM_ESIZE (a zero size or more than 64 layers),
 * CLM_ENOMEM.  Thread safety: safe.  Since 0.1. */
int clm_feedforwardnet(clm_net **out, size_t n_hidden, const size_t *hidden_sizes);

/* clm_cascadeforwardnet: create an unconfigured cascade-forward network,
 * like MATLAB's cascadeforwardnet(hiddenSizes): as clm_feedforwardnet (same
 * arguments, defaults, statuses and layer sizes), but every layer also
 * receives the input, and every layer receives the outputs of all earlier
 * layers: layer l computes
 *   a_l = f_l(b{l} + IW{l,1} x + LW{l,1} a_1 + ... + LW{l,l-1} a_{l-1})
 * (MATLAB's inputConnect = all ones, layerConnect(i,j) = 1 for j < i).
 * With no hidden layer it is the same network as clm_feedforwardnet(0).
 * The getwb order (above) and initnw cover the extra weights; files record
 * the connections (doc/file-format.md).
 * Status: CLM_OK, CLM_ENULL, CLM_ESIZE, CLM_ENOMEM.  Thread safety: safe.
 * Since 0.2. */
int clm_cascadeforwardnet(clm_net **out, size_t n_hidden, const size_t *hidden_sizes);

/* clm_fitnet: create an unconfigured function-fitting network, like
 * MATLAB's fitnet(hiddenSizes): the same network as clm_feedforwardnet
 * (same arguments, defaults and statuses; trainlm, mse).  Since 0.2. */
int clm_fitnet(clm_net **out, size_t n_hidden, const size_t *hidden_sizes);

/* clm_patternnet: create an unconfigured pattern-recognition network, like
 * MATLAB's patternnet(hiddenSizes): tansig hidden layers, a softmax output
 * layer, performFcn crossentropy, trainFcn trainscg, input processing
 * removeconstantrows + mapminmax, output processing removeconstantrows
 * only (targets are not mapped), initnw (rands for the softmax layer),
 * dividerand 0.70/0.15/0.15.  Targets are class indicators, one row per
 * class (clm_ind2vec), or one 0/1 row for two classes.  n_hidden = 0 gives
 * a single softmax layer.
 * Status: as clm_feedforwardnet, plus CLM_ETRAINER when this library has no
 * trainscg.  Thread safety: safe.  Since 0.2. */
int clm_patternnet(clm_net **out, size_t n_hidden, const size_t *hidden_sizes);

/* clm_net_free: free a network; NULL is allowed.  Since 0.1. */
void clm_net_free(clm_net *net);

/* clm_net_copy: deep copy.  out receives NULL on error.
 * Status: CLM_OK, CLM_ENULL, CLM_ENOMEM.  Since 0.1. */
int clm_net_copy(const clm_net *net, clm_net **out);

/* clm_net_set_transfer: choose the transfer function of layer `layer`
 * (1-based, 1..L where L = hidden layers + 1).  Changing it on a configured
 * network keeps the weights (call clm_init to re-initialise).
 * Status: CLM_OK, CLM_ENULL, CLM_ESIZE (bad layer), CLM_ETRANSFER.  Since 0.1. */
int clm_net_set_transfer(clm_net *net, size_t layer, clm_transfer tf);

/* clm_net_set_initfcn / set_processing / set_performfcn: change the
 * network's initialisation function, processing flags (CLM_PROC_* bits for
 * inputs and outputs; takes effect at the next clm_configure) and
 * performance function.  Status: CLM_OK, CLM_ENULL, CLM_EINVAL.  Since 0.1. */
int clm_net_set_initfcn(clm_net *net, clm_initfcn f);
int clm_net_set_processing(clm_net *net, unsigned input_flags, unsigned output_flags);
int clm_net_set_performfcn(clm_net *net, clm_performfcn f);

/* Performance parameters (net.performParam), kept by the network and saved
 * in its file.  clm_net_set_regularization: r in [0,1] (NaN refused);
 * the performance becomes
 *   perf = (1 - r) perf_errors + r (WB'WB)/P
 * (perf_errors: the performFcn of the errors; WB: all P weights and
 * biases), for training, validation and test performance, clm_perform and
 * clm_gradient.  clm_net_set_normalization: see clm_normalization.
 * Which trainers accept which settings: clm_perform_check (train.h).
 * Status: CLM_OK, CLM_ENULL, CLM_EINVAL (value out of range; the network is
 * unchanged).  The getters return 0 / CLM_NORMALIZATION_NONE for NULL.
 * Thread safety: as every setter.  Since 0.2. */
int clm_net_set_regularization(clm_net *net, double r);
double clm_net_regularization(const clm_net *net);
int clm_net_set_normalization(clm_net *net, clm_normalization n);
clm_normalization clm_net_normalization(const clm_net *net);

/* Data division settings carried by the network (net.divideFcn and
 * net.divideParam).  For CLM_DIVIDEIND the index lists are 0-based and are
 * copied.  Ratios must be >= 0 with a positive sum (they are normalised).
 * Status: CLM_OK, CLM_ENULL, CLM_EDIVIDE, CLM_ENOMEM.  Since 0.1. */
int clm_net_set_divide(clm_net *net, clm_dividefcn f, double train_ratio,
                       double val_ratio, double test_ratio);
int clm_net_set_divideind(clm_net *net, const size_t *train_ind, size_t n_train,
                          const size_t *val_ind, size_t n_val,
                          const size_t *test_ind, size_t n_test);

/* clm_configure: set the input and output sizes and the processing
 * settings from data, then initialise the weights from `seed`, as MATLAB's
 * configure(net,x,t) does.
 *   X (in): n_inputs x Q inputs (layout above); NaN allowed (ignored when
 *      computing ranges), Inf not.
 *   T (in): n_outputs x Q targets; NaN means "don't care".
 *   Q (in): number of samples, >= 1.
 *   seed (in): seed of the GSL Mersenne-Twister stream used by the
 *      initialisation; the same seed gives bit-identical weights everywhere.
 * On error the network is left unchanged.
 * Status: CLM_OK, CLM_ENULL, CLM_ESIZE, CLM_EINF, CLM_ENOSAMPLES, CLM_ENOMEM.
 * Since 0.1. */
int clm_configure(clm_net *net, const double *X, size_t n_inputs,
                  const double *T, size_t n_outputs, size_t Q, uint64_t seed);

/* clm_init: re-initialise all weights with the network's init function from
 * `seed` (initnw or rands).  Status: CLM_OK, CLM_ENULL, CLM_ENOTCONFIGURED,
 * CLM_ENOMEM.  Since 0.1. */
int clm_init(clm_net *net, uint64_t seed);

/* ------------------------------------------------------------------------ */
/* Accessors                                                                */

/* Number of layers L (hidden + output).  0 for NULL. */
size_t clm_net_num_layers(const clm_net *net);
/* Size S_l of layer l (1-based); 0 if out of range or not configured (output). */
size_t clm_net_layer_size(const clm_net *net, size_t layer);
/* Transfer function of layer l (1-based); CLM_TRANSFER_COUNT_ if out of range. */
clm_transfer clm_net_transfer(const clm_net *net, size_t layer);
/* Number of raw inputs and outputs (0 until configured). */
size_t clm_net_num_inputs(const clm_net *net);
size_t clm_net_num_outputs(const clm_net *net);
/* 1 when configured. */
int clm_net_is_configured(const clm_net *net);
/* Number of weights and biases P (0 until configured). */
size_t clm_net_num_weights(const clm_net *net);
clm_initfcn clm_net_initfcn(const clm_net *net);
clm_performfcn clm_net_performfcn(const clm_net *net);
clm_dividefcn clm_net_dividefcn(const clm_net *net);
/* The division ratios (train, val, test); any pointer may be NULL. */
void clm_net_divide_ratios(const clm_net *net, double *train, double *val, double *test);
/* Name of the default training function ("trainlm"), like net.trainFcn. */
const char *clm_net_trainfcn(const clm_net *net);
/* Set the default training function by name; CLM_ETRAINER if unknown. */
int clm_net_set_trainfcn(clm_net *net, const char *name);

/* Connections, as MATLAB's net.inputConnect and net.layerConnect.
 * clm_net_input_connect: 1 when the input feeds layer `layer` (1-based),
 *   else 0 (also for NULL or an out-of-range layer).
 * clm_net_layer_connect: 1 when layer `from` feeds layer `to` (from < to,
 *   1-based), else 0.
 * Thread safety: safe.  Since 0.2. */
int clm_net_input_connect(const clm_net *net, size_t layer);
int clm_net_layer_connect(const clm_net *net, size_t to, size_t from);

/* Where each bias vector and weight matrix sits in the getwb vector (what a
 * binding needs to build MATLAB's b, IW and LW cells).  The block holds
 * rows*cols doubles from wb[offset], column-major (the bias: rows values).
 *   clm_net_bias_block: b{layer}, rows = S_layer.
 *   clm_net_iw_block:   IW{layer,1}, rows = S_layer, cols = S_0 (the kept
 *                       inputs); CLM_EINVAL when the input does not feed
 *                       the layer.
 *   clm_net_lw_block:   LW{to,from}, rows = S_to, cols = S_from; CLM_EINVAL
 *                       when layer `from` does not feed layer `to` (always
 *                       for from >= to).
 * Layers are 1-based.  Sizes exist only once the network is configured.
 * Status: CLM_OK, CLM_ENULL, CLM_ESIZE (a layer out of range),
 * CLM_EINVAL (no such connection), CLM_ENOTCONFIGURED.
 * Thread safety: safe.  Since 0.2. */
int clm_net_bias_block(const clm_net *net, size_t layer, size_t *offset, size_t *rows);
int clm_net_iw_block(const clm_net *net, size_t layer, size_t *offset, size_t *rows,
                     size_t *cols);
int clm_net_lw_block(const clm_net *net, size_t to, size_t from, size_t *offset, size_t *rows,
                     size_t *cols);

/* clm_getwb / clm_setwb: copy the P weights out of / into the network in
 * getwb order.  wb has P = clm_net_num_weights(net) doubles.  setwb rejects
 * non-finite values (CLM_ENAN / CLM_EINF) and leaves the net unchanged.
 * Status: CLM_OK, CLM_ENULL, CLM_ENOTCONFIGURED.  Since 0.1. */
int clm_getwb(const clm_net *net, double *wb);
int clm_setwb(clm_net *net, const double *wb);

/* clm_net_processing_flags: the CLM_PROC_* flags for inputs and outputs
 * (either pointer may be NULL).  Status: CLM_OK, CLM_ENULL.  Since 0.1. */
int clm_net_processing_flags(const clm_net *net, unsigned *input_flags, unsigned *output_flags);

/* clm_net_processing: the processing settings of input or output row i
 * (0-based raw row): *kept is 1 if the row survived removeconstantrows,
 * *xoffset and *gain are mapminmax's (y = (x-xoffset)*gain - 1), and for a
 * removed row *xoffset is the constant value and *gain is 0.
 *   which: 0 for inputs, 1 for outputs.
 * Status: CLM_OK, CLM_ENULL, CLM_ENOTCONFIGURED, CLM_ESIZE.  Since 0.1. */
int clm_net_processing(const clm_net *net, int which, size_t i, int *kept,
                       double *xoffset, double *gain);

/* clm_net_range: the range of raw input or output row i (0-based) over the
 * data that configured the network, NaN ignored (MATLAB's
 * net.inputs{1}.range / net.outputs{1}.range): *min and *max, both NaN for
 * a row whose values were all NaN, and for a row of a network loaded from
 * a file of version 1 or 2 whose range that file cannot tell
 * (doc/file-format.md).
 * Output ranges give the normalization factors (clm_normalization).
 *   which: 0 for inputs, 1 for outputs.
 * Status: CLM_OK, CLM_ENULL, CLM_ENOTCONFIGURED, CLM_ESIZE.  Since 0.2. */
int clm_net_range(const clm_net *net, int which, size_t i, double *min, double *max);

/* ------------------------------------------------------------------------ */
/* Evaluation                                                               */

/* clm_sim: forward pass, Y = net(X), in original units.
 *   X (in): n_inputs x Q; Y (out): n_outputs x Q (caller-owned).
 *   NaN inputs give NaN outputs for that sample; Inf inputs are rejected.
 *   threads: OpenMP threads to use (0 = the OpenMP default).
 * Status: CLM_OK, CLM_ENULL, CLM_ENOTCONFIGURED, CLM_ESIZE, CLM_EINF,
 * CLM_ENOMEM.  Thread safety: safe on a shared const net.  Since 0.1. */
int clm_sim(const clm_net *net, const double *X, size_t Q, double *Y, int threads);

/* clm_perform: performance of the network on (X, T) with its performFcn
 * and performParam (see clm_performfcn, clm_normalization and
 * clm_net_set_regularization).  NaN targets are excluded from the errors
 * and from the count N.
 *   perf (out): mse, sse, mae or crossentropy, regularized when the network
 *     says so.  n_errors (out, may be NULL): N.
 * Uses the OpenMP default thread count.
 * Status: as clm_sim, plus CLM_ENOSAMPLES when every target is NaN and the
 * performFcn divides by N (with sse the result is 0 over 0 errors), and
 * CLM_EPERFORM when the network's performance settings cannot be used
 * (clm_perform_check with no trainer, which explains why).
 * Since 0.1 (mae, crossentropy, performParam since 0.2). */
int clm_perform(const clm_net *net, const double *X, const double *T, size_t Q,
                double *perf, size_t *n_errors);

/* clm_gradient: gradient of the performance (as clm_perform computes it,
 * regularization included) with respect to the weights, by
 * backpropagation (getwb order).  For mae the derivative of |e| at e = 0 is
 * taken as 0; for crossentropy it is MATLAB's (see clm_performfcn).
 * grad (out): P doubles; perf (out, may be NULL).  Status: as clm_perform.
 * Since 0.1. */
int clm_gradient(const clm_net *net, const double *X, const double *T, size_t Q,
                 double *grad, double *perf);

/* clm_jacobian: the dense Jacobian J of the errors e = t - y with respect to
 * the weights, for small problems and tests.  Row r = q*n_outputs + k is
 * error (sample q, output k); rows of NaN targets and of constant (removed)
 * output rows are zero.  With a normalization (clm_normalization) the
 * errors and the rows of J are those of the normalized errors
 * en_k (t - y), as trainlm uses them; whatever the performFcn, these are
 * the errors (mse/sse are the functions that use them).  J (out):
 * (Q*n_outputs) x P, row-major (row r at J + r*P).  E (out, may be NULL):
 * the Q*n_outputs errors (0 for NaN targets).
 * Memory is O(Q*n_outputs*P): training never calls this; it accumulates
 * J'J in row blocks instead (see clm_jejj).
 * Status: as clm_perform.  Since 0.1. */
int clm_jacobian(const clm_net *net, const double *X, const double *T, size_t Q,
                 double *J, double *E);

/* clm_jejj: J'J and J'e accumulated from row blocks of J without storing J
 * (memory O(P^2 + B*P)), as trainlm uses them (not normalised by N; errors
 * normalized as in clm_jacobian; the regularization terms, which trainlm
 * adds as (r/P) I and (r/P) WB after scaling the rest by (1 - r), are not
 * included).
 * `threads` drives the production of J; the J'J update itself runs on the
 * BLAS's threads (OPENBLAS_NUM_THREADS).  With threads > 1 and a threaded
 * OpenBLAS, set OMP_WAIT_POLICY=passive so idle OpenMP workers do not spin
 * against the BLAS threads.  CLM_ENOSAMPLES when every target is NaN.
 *   JJ (out): P x P, upper triangle filled (column-major, lower untouched).
 *   JE (out): P.  sse (out): sum of squared errors.  n_errors (out): N.
 *   threads: OpenMP threads (0 = default).  For a fixed thread count the
 *   accumulation order is fixed, so results are bit-identical run to run.
 * Status: as clm_perform.  Since 0.1. */
int clm_jejj(const clm_net *net, const double *X, const double *T, size_t Q,
             double *JJ, double *JE, double *sse, size_t *n_errors, int threads);

/* ------------------------------------------------------------------------ */
/* Data division                                                            */

/* clm_divide: split Q samples into training, validation and test index
 * sets (0-based, sorted ascending) with the given function.
 *   ratios: train/val/test, normalised by their sum (ignored for
 *     dividetrain and divideind).  dividerand draws a permutation from a
 *     GSL Mersenne-Twister stream seeded from `seed` (domain-separated from
 *     the initialisation stream, see doc/file-format.md and lib/divide.c);
 *     counts are n_val = round(val*Q), n_test = round(test*Q),
 *     n_train = rest (possibly 0); divideblock uses the same counts in
 *     contiguous blocks; divideint's counts come from its greedy rule.
 *   train/val/test (out): caller arrays of Q entries each; *n_* receive the
 *     counts.  For divideind pass the lists through clm_net_set_divideind
 *     and use clm_net_divide instead.
 * Status: CLM_OK, CLM_ENULL, CLM_ESIZE, CLM_EDIVIDE, CLM_ENOMEM.  Since 0.1. */
int clm_divide(clm_dividefcn f, size_t Q, double train_ratio, double val_ratio,
               double test_ratio, uint64_t seed, size_t *train, size_t *n_train,
               size_t *val, size_t *n_val, size_t *test, size_t *n_test);

/* clm_net_divide: clm_divide with the network's own settings (including
 * divideind lists, which must all be < Q and disjoint).  Since 0.1. */
int clm_net_divide(const clm_net *net, size_t Q, uint64_t seed, size_t *train,
                   size_t *n_train, size_t *val, size_t *n_val, size_t *test,
                   size_t *n_test);

/* ------------------------------------------------------------------------ */
/* Files                                                                    */

/* clm_net_save: write the network to a versioned text file (format in
 * doc/file-format.md): magic line, version, key = value lines, doubles as
 * %.17g independent of the locale, and a final checksum line.  The file is
 * written to a temporary name, flushed with fsync and renamed, so an
 * existing file is never left half-written.
 * Status: CLM_OK, CLM_ENULL, CLM_ENOTCONFIGURED, CLM_EIO.  Since 0.1. */
int clm_net_save(const clm_net *net, const char *path);

/* clm_net_load: read a file written by clm_net_save.  Everything is
 * validated; *out is NULL on error.
 * Status: CLM_OK, CLM_ENULL, CLM_EIO, CLM_EFORMAT, CLM_EVERSION,
 * CLM_ECHECKSUM, CLM_ETRANSFER, CLM_ENOMEM.  Since 0.1. */
int clm_net_load(const char *path, clm_net **out);

/* In-memory variants: clm_net_save_buffer returns a malloc'ed NUL-terminated
 * text in *text (free with free()); clm_net_load_buffer parses `len` bytes.
 * Same statuses.  Since 0.1. */
int clm_net_save_buffer(const clm_net *net, char **text, size_t *len);
int clm_net_load_buffer(const char *text, size_t len, clm_net **out);

#ifdef __cplusplus
}
#endif
#endif /* CLM_NET_H */
