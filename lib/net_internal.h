/* chaoslm — the network's internal layout, shared by lib/, solvers/, chaos/
 * and bindings through the library (never installed).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_NET_INTERNAL_H
#define CLM_NET_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "chaoslm.h"
#include "transfer.h"

#define CLM_MAX_LAYERS 64
#define CLM_TRAINFCN_LEN 16

/* Processing settings of one side (inputs or outputs), per raw row i:
 *   kept[i]    1 if the row survived removeconstantrows;
 *   xoffset[i] mapminmax offset (xmin) for kept rows, the constant for removed;
 *   gain[i]    mapminmax gain 2/(xmax-xmin) for kept rows (1 when the
 *              range is degenerate or gain > 1e14, with xoffset = -1, i.e.
 *              pass-through), 0 for removed rows.
 * Apply (kept row):   y = (x - xoffset) * gain - 1.
 * Reverse (kept row): x = (y + 1) / gain + xoffset.
 * kept_index lists the n_kept raw rows in order.
 * xmin[i], xmax[i]: the row's range over the configuring data, NaN ignored
 * (MATLAB's net.inputs/outputs{1}.range); NaN when unknown (an all-NaN row,
 * or a network read from a version-1 file that cannot tell).  The output
 * ranges give the error normalization factors (lib/perform.c). */
typedef struct clm_proc {
  size_t n_raw, n_kept;
  unsigned char *kept;
  size_t *kept_index;
  double *xoffset, *gain;
  double *xmin, *xmax;
} clm_proc;

struct clm_net {
  size_t n_layers;                          /* L >= 1 */
  size_t size[CLM_MAX_LAYERS + 1];          /* size[0] = S_0 = kept inputs; size[l] = S_l; size[L] = kept outputs (0 until configured) */
  clm_transfer transfer[CLM_MAX_LAYERS + 1]; /* [1..L] */
  int configured;
  size_t n_inputs, n_outputs;               /* raw rows */
  unsigned in_flags, out_flags;             /* CLM_PROC_* */
  clm_proc in, out;
  size_t n_wb;                              /* P */
  double *wb;                               /* P weights, getwb order */
  size_t b_off[CLM_MAX_LAYERS + 1];         /* offset of b{l} in wb */
  size_t w_off[CLM_MAX_LAYERS + 1];         /* offset of W{l} (S_l x R_l, column-major) */
  /* Connections.  src[l] (l = 1..L) lists the sources of layer l as bits:
   * bit 0 the input (MATLAB's inputConnect(l,1)), bit j (1 <= j < l) layer j
   * (layerConnect(l,j)).  A chain (feedforwardnet) has src[l] = bit l-1; a
   * cascade (cascadeforwardnet) has bits 0..l-1.  fan_in[l] = R_l is the
   * total size of the sources, and W{l} is the S_l x R_l matrix
   * [IW{l,1} LW{l,j1} LW{l,j2} ...] of all incoming weights, sources in
   * increasing order (input first): MATLAB's getwb order within the layer
   * (every block is column-major, so the blocks are W{l}'s column ranges). */
  uint64_t src[CLM_MAX_LAYERS + 1];
  size_t fan_in[CLM_MAX_LAYERS + 1];
  clm_initfcn initfcn;
  clm_performfcn performfcn;
  clm_dividefcn dividefcn;
  double div_ratio[3];                      /* train, val, test */
  size_t *div_ind[3];                       /* divideind lists (0-based) */
  size_t div_n[3];
  char train_fcn[CLM_TRAINFCN_LEN];
  /* net.performParam */
  double perf_reg;                          /* regularization r in [0,1] */
  clm_normalization perf_norm;              /* error normalization */
};

/* lib/network.c */
/* Compute size[], fan_in[], b_off[], w_off[] and n_wb from the layer sizes
 * and the connections src[]. */
void clm__net_layout(clm_net *net);
/* Arrays for n_raw rows (at least one element each), n_kept = 0;
 * CLM_ENOMEM leaves *p empty. */
int clm__proc_alloc(clm_proc *p, size_t n_raw);
/* 1 when every layer l is fed by layer l-1 alone (the input for l = 1). */
int clm__net_is_chain(const clm_net *net);
/* Column of W{l} where the block of source j (0: the input) starts. */
size_t clm__net_src_col(const clm_net *net, size_t l, size_t j);
void clm__proc_free(clm_proc *p);
int clm__proc_copy(clm_proc *dst, const clm_proc *src);

/* lib/process.c -------------------------------------------------------- */
/* Compute processing settings for `rows` x Q data (NaN ignored, Inf -> CLM_EINF). */
int clm__proc_setup(clm_proc *p, unsigned flags, const double *X, size_t rows, size_t Q);
/* Apply input processing to one sample: raw x (n_raw) -> processed xp (n_kept). */
void clm__proc_apply(const clm_proc *p, const double *x, double *xp);
/* Reverse output processing: processed yp (n_kept) -> raw y (n_raw). */
void clm__proc_reverse(const clm_proc *p, const double *yp, double *y);

/* lib/transfer.c (the operation tables are in lib/transfer.h) ---------- */
/* a = f(n) for S values (softmax: one column of S values). */
void clm__transfer_apply(clm_transfer tf, const double *n, double *a, size_t S);
/* Active input range used by initnw; returns 0 if not finite (purelin...). */
int clm__transfer_active_range(clm_transfer tf, double *nmin, double *nmax);
/* Output range of a transfer function ([-1,1] for tansig, [0,1] logsig...). */
void clm__transfer_output_range(clm_transfer tf, double *lo, double *hi);

/* lib/perform.c --------------------------------------------------------- */
/* How the evaluation forms the performance term of one target element:
 * squared error (mse, sse), absolute error (mae), cross-entropy with one
 * term per row (two or more output rows) or with the two-class form (one
 * output row).  The terms' sum is the "loss sum" of lib/eval.c. */
typedef enum clm_loss_kind {
  CLM_LOSS_SQUARED = 0,
  CLM_LOSS_ABS,
  CLM_LOSS_XENT,
  CLM_LOSS_XENT2
} clm_loss_kind;
clm_loss_kind clm__loss_kind(const clm_net *net);
/* The error normalization factors of the n_outputs raw output rows into
 * en; returns 1 when one of them differs from 1, else 0 (see
 * clm_normalization in net.h). */
int clm__perf_errnorm(const clm_net *net, double *en);
/* A set's performance from its loss sum and non-NaN target count:
 * sum/count for mse, mae and crossentropy (NaN when count is 0), the sum
 * for sse.  No regularization. */
double clm__perf_of_sum(clm_performfcn f, double sum, size_t count);
/* The factor training multiplies its sums by: 1, for sse, else 1/count. */
double clm__perf_scale(clm_performfcn f, size_t count);
/* (1-r) perf_errors + r WB'WB/P with the network's regularization r and
 * the P weights wb; perf_errors itself when r is 0. */
double clm__perf_regularize(const clm_net *net, double perf_errors, const double *wb);
/* The rules of clm_perform_check (solvers/registry.c) for a trainer given
 * by its CLM_TRAINER_* flags and name (evaluation alone: flags 0). */
int clm__perform_check(const clm_net *net, unsigned trainer_flags, const char *trainer_name,
                       char *msg, size_t msg_len);
/* Weights and settings: CLM_ENAN or CLM_EINF for the first value that is
 * not finite, else CLM_OK. */
int clm__check_finite(const double *a, size_t n);
/* Data: CLM_EINF when one of the n values is infinite (NaN is allowed: it
 * means "missing"), else CLM_OK. */
int clm__check_no_inf(const double *a, size_t n);

/* lib/init.c ----------------------------------------------------------- */
/* Initialise net->wb with net->initfcn from `seed` (GSL mt19937). */
int clm__init_weights(clm_net *net, uint64_t seed);
/* The same draws without allocating: scratch for net's shape is allocated
 * once (keep list and generator state), then every call writes the
 * weights of `seed` into wb (P) and leaves net untouched.  Used for the
 * fresh starts of a restarting run (chaos/escape.c). */
typedef struct clm__init_scratch clm__init_scratch;
int clm__init_scratch_alloc(clm__init_scratch **s, const clm_net *net);
void clm__init_scratch_free(clm__init_scratch *s);
int clm__init_weights_into(const clm_net *net, uint64_t seed, clm__init_scratch *s, double *wb);

/* lib/eval.c: blocked evaluation used by every trainer ------------------ */

/* A prepared data set: inputs processed once.
 *   Xp:   S_0 x Q processed inputs (NaN inputs replaced by 0);
 *   T:    n_outputs x Q raw targets (NaN = don't care);
 *   skip: Q flags (may be NULL): 1 when the sample had a NaN input, so all
 *         of its targets are treated as NaN (MATLAB's fix_nan_inputs). */
typedef struct clm_data {
  size_t Q;
  const double *Xp;
  const double *T;
  const unsigned char *skip;
} clm_data;

/* Evaluation workspace: all scratch memory for forward passes, gradients and
 * Jacobian row blocks of one network shape, allocated once.  `threads` is
 * the OpenMP thread count (0 = default).  Results never depend on it.
 * The workspace also fixes, from the network it is made for, how errors
 * are normalized (clm__perf_errnorm) and which loss clm__eval_loss and
 * clm__eval_loss_grad form (clm__loss_kind): use it with that network. */
typedef struct clm_evalws clm_evalws;
int clm__evalws_alloc(clm_evalws **ws, const clm_net *net, size_t Q_max, int threads);
void clm__evalws_free(clm_evalws *ws);
/* With threads > 1, evaluations of this workspace run their tiles on the
 * calling thread, so that idle OpenMP workers spinning after a region do
 * not starve the `threads` threads the caller runs right after each
 * evaluation (trainlm passes its backend's host_threads(); results are
 * identical either way).  0 or 1 (the default): tiles in parallel. */
void clm__evalws_set_follow_threads(clm_evalws *ws, int threads);
/* The threads OpenBLAS uses (openblas_get_num_threads), 1 when unknown. */
int clm__blas_threads(void);
/* An activation cache: clm__eval_sse on a workspace using it keeps every
 * sample's activations, and a following clm__eval_jacobian on the same
 * data, sample list and bit-identical weights reuses them instead of
 * redoing the forward pass (results identical; the caller must not change
 * the data in between).  The caller owns it: alloc for a workspace (*c is
 * NULL, with CLM_OK, when the activations of Q_max samples would not fit
 * the size bound: the cache is then simply not used), attach it with
 * use_cache (NULL detaches; CLM_ESIZE if made for another shape), free it
 * after detaching or freeing the workspace.  lib/eval.c. */
typedef struct clm_evalcache clm_evalcache;
int clm__evalcache_alloc(clm_evalcache **c, const clm_evalws *ws);
void clm__evalcache_free(clm_evalcache *c);
int clm__evalws_use_cache(clm_evalws *ws, clm_evalcache *c);
/* Where the sink wants the next Jacobian block of m rows written: J (m x P,
 * row-major) and e (m) in its own memory, or NULL pointers for the
 * workspace's buffer.  Called with the sink state of clm__eval_jacobian. */
typedef int (*clm_jbuffer_fn)(void *sink, size_t m, double **J, double **e);
/* With fn set (NULL: off), clm__eval_jacobian computes each block straight
 * into the memory fn names and passes those pointers to the sink (a device
 * backend's pinned buffers; trainlm sets it).  Results are identical. */
void clm__evalws_set_jbuffer(clm_evalws *ws, clm_jbuffer_fn fn);
/* The largest number of rows in a Jacobian block passed to a sink. */
size_t clm__evalws_block_rows(const clm_evalws *ws);

/* Process raw inputs X (n_inputs x Q) into Xp (S_0 x Q) and skip (Q). */
int clm__data_prepare(const clm_net *net, const double *X, size_t Q, double *Xp,
                      unsigned char *skip);

/* The index set of samples to use: idx (n entries, 0-based) or the first n
 * samples if idx is NULL.  All clm__eval_* functions return CLM_ESIZE when n
 * exceeds the workspace's Q_max, an index is out of range, or the workspace
 * was made for a different network shape.  clm__data_prepare accepts
 * skip == NULL; NaN inputs are detected on kept input rows only. */

/* Errors are e_i = en_i (t_i - y_i) in target units, en_i the network's
 * normalization factor of raw output row i (1 without normalization). */

/* Sum of squared errors and the number of non-NaN target elements over the
 * samples, with weights wb (P, getwb order). */
int clm__eval_sse(clm_evalws *ws, const clm_net *net, const double *wb,
                  const clm_data *d, const size_t *idx, size_t n, double *sse,
                  size_t *count);

/* The loss sum of the network's performFcn (the sum of its per-element
 * terms: e^2 for mse/sse, exactly clm__eval_sse; |e| for mae; the
 * cross-entropy terms) and the count, as clm__eval_sse. */
int clm__eval_loss(clm_evalws *ws, const clm_net *net, const double *wb,
                   const clm_data *d, const size_t *idx, size_t n, double *sum,
                   size_t *count);

/* G = half the gradient of the loss sum with respect to wb (P), by
 * backpropagation, plus the loss sum and count.  For mse/sse G = J'e,
 * exactly clm__eval_je. */
int clm__eval_loss_grad(clm_evalws *ws, const clm_net *net, const double *wb,
                        const clm_data *d, const size_t *idx, size_t n, double *G,
                        double *sum, size_t *count);

/* Outputs in raw units for the samples (n_outputs x n). */
int clm__eval_outputs(clm_evalws *ws, const clm_net *net, const double *wb,
                      const clm_data *d, const size_t *idx, size_t n, double *Y);

/* JE = J'e (P) by backpropagation (with J = de/dw, d(sse)/dw = 2*J'e),
 * plus sse and count. */
int clm__eval_je(clm_evalws *ws, const clm_net *net, const double *wb,
                 const clm_data *d, const size_t *idx, size_t n, double *JE,
                 double *sse, size_t *count);

/* Jacobian consumer: receives row blocks of J in a fixed order.
 *   J: m rows of P doubles, row-major (row r at J + r*P);
 *   e: the m errors (0 where the target is NaN, whose J row is 0 too). */
typedef int (*clm_jblock_fn)(void *sink, const double *J, const double *e, size_t m, size_t P);

/* Produce the Jacobian of the errors e (normalized as above) w.r.t. wb in
 * row blocks (rows in sample order, then the KEPT outputs within a sample:
 * removed constant output rows have no row here, clm_jacobian re-inserts
 * zero rows for them), calling sink for each block in order; also returns
 * sse and count (all outputs). */
int clm__eval_jacobian(clm_evalws *ws, const clm_net *net, const double *wb,
                       const clm_data *d, const size_t *idx, size_t n,
                       clm_jblock_fn sink, void *sink_state, double *sse,
                       size_t *count);

/* CPU accumulation helper: JJ(upper, P x P col-major) += J'J, JE += J'e
 * with cblas_dsyrk / cblas_dgemv. */
void clm__jejj_accumulate(double *JJ, double *JE, const double *J, const double *e,
                          size_t m, size_t P);

/* lib/divide.c --------------------------------------------------------- */
int clm__divide(clm_dividefcn f, size_t Q, const double ratio[3], uint64_t seed,
                size_t *ind[3], size_t n[3]);

/* lib/rng.c: seeding helper for GSL mt19937 from a 64-bit seed (documented,
 * deterministic on every platform). */
unsigned long clm__rng_seed32(uint64_t seed);
/* The SplitMix64 finaliser (Steele, Lea and Flood, OOPSLA 2014; Vigna's
 * constants): a bijection of 64-bit words with good avalanche, the
 * library's one mixing function (seeds, chaos stream keys). */
uint64_t clm__mix64(uint64_t x);

#endif /* CLM_NET_INTERNAL_H */
