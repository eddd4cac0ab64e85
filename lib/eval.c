/* chaoslm — blocked evaluation: forward passes, errors, J'e by
 * backpropagation and Jacobian row blocks, shared by every trainer.
 *
 * Math.  For layer l = 1..L with S_l neurons, a_0 = processed input,
 *   n_l = W_l a_{l-1} + b_l,   a_l = f_l(n_l),
 * the raw output of kept output row k (raw row i) is the mapminmax reverse
 *   y_i = (a_L[k] + 1)/gain_i + xoffset_i,
 * and the error e_i = t_i - y_i is measured in original target units
 * (doc/matlab.md §5).  Hence
 *   de_i/da_L[k] = -1/gain_i,
 * and backpropagation gives, for an output-side vector g_L = de/da_L,
 *   delta_l = f_l'(n_l) g_l   (softmax: a .* (g - a'g), i.e. (diag(a)-aa')g),
 *   de/db_l = delta_l,  de/dW_l = delta_l a_{l-1}',  g_{l-1} = W_l' delta_l.
 * A Jacobian row (one error) is the concatenation over layers of
 * [delta_l, vec(delta_l a_{l-1}')] in getwb order; J'e is obtained with the
 * same recursion started from g_L[k] = -e_k/gain_k summed over samples.
 *
 * Performance terms.  The same recursion started from
 * g_L[k] = (1/2) d(term_k)/dy_k / gain_k gives half the gradient of the
 * sum of any performance terms: for squared errors that is -e_k/gain_k,
 * i.e. J'e.  With the network's normalization factors en_i the errors are
 * e_i = en_i (t_i - y_i) (so de_i/da_L[k] = -en_i/gain_i); tile_loss forms
 * the terms of every performance function (lib/perform.c), while
 * tile_errors and tile_errors_kept are the fast path of plain squared
 * errors (no normalization), which most training runs use.
 *
 * Networks whose layers are fed by other sources than the previous layer
 * (cascadeforwardnet) run the same math over stacked sources: see the
 * section "general networks"; a chain keeps its own tile functions
 * (tile_forward, tile_je, tile_jac).
 * Rows of NaN targets have error 0 and a zero J row and are not counted;
 * constant (removed) output rows produce an error t - constant but no J row
 * (the internal Jacobian has one row per KEPT output; clm_jacobian re-inserts
 * zero rows for the removed ones).
 *
 * Blocking and determinism.  Samples (positions in the index list) are cut
 * into tiles of ws->ts samples; ts, the J block size (ws->tb tiles) and the
 * reduction group (ws->sup tiles) depend only on the network's shape, never on
 * the thread count or on Q_max.  Every tile is computed by one thread with
 * the same operations whatever thread runs it: the forward pass is a matrix
 * product over the tile (S_l x S_{l-1} times S_{l-1} x ts), backpropagation
 * for all errors of a tile is one product per layer.  Partial sums (sse,
 * count, J'e) are kept per tile and added afterwards in tile order, and J
 * blocks reach the sink in order, so results are bit-identical for any
 * thread count.  Small products use plain loops instead of BLAS (the choice
 * depends on the shape only), and tiny amounts of work run without an OpenMP
 * region.
 *
 * Jacobian blocks are produced in parallel only when that pays: see
 * clm__eval_jacobian (a multi-threaded BLAS doing J'J right after each
 * block must not compete with spinning OpenMP workers).
 *
 * Inputs (clm__data_prepare): Inf anywhere is rejected; a sample is marked
 * skip when one of its KEPT input rows is NaN (a NaN in a removed constant
 * row disappears with the row, as in MATLAB where processing comes first);
 * its NaN inputs are then replaced by 0 and all its targets count as NaN.
 *
 * Memory: per thread O(sum_l S_l * ts * K); shared: one J block (about 2 MiB,
 * tb*ts*K rows of P doubles) and sup*P doubles of J'e partials: O(P^2 + B*P)
 * overall, never O(Q*P).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "alloc64.h"
#include "net_internal.h"

#ifdef HAVE_OPENBLAS_GET_NUM_THREADS
int openblas_get_num_threads(void); /* read only: how many threads the BLAS uses */
#endif

#define CLM_TILE_MAX 64                /* samples per tile, at most */
#define CLM_JBLOCK_BYTES (2u << 20)    /* target size of one J block */
#define CLM_SUP_MAX 32                 /* tiles per J'e reduction group */
#define CLM_PARTIAL_BYTES (4u << 20)   /* bound on the J'e partials */
#define CLM_SMALL_GEMM 4096            /* M*N*K below which loops beat BLAS calls */
#define CLM_PAR_FLOPS 200000.0         /* below this much work per group: no OpenMP */
#define CLM_FWD_CACHE_BYTES (1u << 20) /* largest activation cache (clm__evalcache_alloc) */

typedef struct tbuf {
  double *A[CLM_MAX_LAYERS + 1]; /* activations, S_l x ts (A[0]: gathered inputs) */
  const double *in;              /* the tile's inputs: A[0], or Xp itself when contiguous */
  double *D0, *D1;               /* backprop buffers, S_max x (ts*K) */
  double *u;                     /* output-side scale per (sample, output), K x ts */
  double *Z, *G;                 /* general networks only (section "general networks") */
  double *mem;
} tbuf;

struct clm_evalws {
  size_t L, P, K, n_out;
  size_t size[CLM_MAX_LAYERS + 1];
  const clm__transfer_ops *tf[CLM_MAX_LAYERS + 1]; /* [1..L] */
  size_t Q_max;
  size_t ts;        /* samples per tile */
  size_t tb;        /* tiles per J block (shape only) */
  size_t tb_alloc;  /* tiles of J block actually allocated: min(tb, tiles(Q_max)) */
  size_t sup;       /* tiles per J'e/sse reduction group (shape only) */
  size_t sup_alloc;
  double flops_per_sample; /* forward pass, for the parallel threshold */
  int nthr;
  int follow_threads; /* threads the caller runs right after each evaluation */
  clm_jbuffer_fn jbuf; /* where Jacobian blocks go (NULL: J and e below) */
  tbuf *tb_buf;     /* nthr buffers */
  double *J;        /* tb_alloc*ts*K rows of P */
  double *e;        /* tb_alloc*ts*K */
  double *tsse;     /* per tile sse */
  size_t *tcnt;     /* per tile count */
  double *tg;       /* sup_alloc x P partial J'e */
  /* The performance terms (from the network at allocation): */
  clm_loss_kind loss; /* the performFcn's terms (clm__eval_loss) */
  double *en;         /* n_out error normalization factors */
  int has_en;         /* some en[i] != 1 */
  clm_evalcache *fc; /* the caller's activation cache, or NULL */
  /* Networks other than a chain (section "general networks"). */
  int general;                      /* 0: a chain (tile_forward, tile_je, tile_jac) */
  uint64_t src[CLM_MAX_LAYERS + 1]; /* the network's connections */
  size_t zoff[CLM_MAX_LAYERS + 1];  /* row of block j (0: input, j < L: layer j) in Z; zoff[L] = zs */
  size_t zs;                        /* rows of Z: S_0 + ... + S_{L-1} */
};

/* Activation cache (clm__evalcache_alloc): the activations of layers 1..L
 * of every sample of the last clm__eval_sse, tile by tile (tile at position
 * p0 from act + p0*ss, layer l at off[l]*nb in it), and what they were
 * computed from. */
struct clm_evalcache {
  double *act;
  size_t ss;                     /* sum of S_l, l = 1..L */
  size_t off[CLM_MAX_LAYERS + 1];
  size_t L, P, ts, Q_max;        /* the workspace it was made for */
  int valid;
  const clm_data *d;
  const size_t *idx;
  size_t base, n;
  double *wb; /* P */
};

/* ---------------------------------------------------------------- products */

/* Below CLM_SMALL_GEMM multiply-adds the products are plain loops: BLAS
 * call overhead dominates there.  With few rows (M < 8) each entry is a dot
 * product kept in a register (an axpy over M < 8 rows would serialise on
 * store-to-load forwarding of C); otherwise columns are built by axpy.  Which
 * form runs depends only on the shapes, so results never depend on threads. */

/* C (M x N) = bias 1' + A (M x K) * B (K x N), column-major: the bias is
 * written first and the product added to it (in the loops: c = bias, then
 * c += each term, or c = bias + dot), exactly as a fill followed by a
 * beta = 1 product would round. */
#define CLM_NN_J 8 /* samples per chunk of the dot form: independent chains */
static void gemm_nn_bias(size_t M, size_t N, size_t K, const double *restrict A, size_t lda,
                         const double *restrict B, size_t ldb, const double *restrict bias,
                         double *restrict C, size_t ldc) {
  if (!M || !N) return;
  if (!K || M * N * K >= CLM_SMALL_GEMM) {
    for (size_t j = 0; j < N; j++)
      for (size_t i = 0; i < M; i++) C[i + j * ldc] = bias[i];
    if (K)
      cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)M, (int)N, (int)K, 1.0, A,
                  (int)lda, B, (int)ldb, 1.0, C, (int)ldc);
    return;
  }
  if (M < 8) {
    /* each entry is bias + (a dot product summed from 0 in k order); chunks
     * of CLM_NN_J samples keep independent sums in flight. */
    size_t j = 0;
    /* eight named sums: an array s[8] was kept in memory by GCC, every
     * update a load-add-store through store forwarding */
    for (; j + CLM_NN_J <= N; j += CLM_NN_J)
      for (size_t i = 0; i < M; i++) {
        const double *restrict b = B + j * ldb;
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0;
        for (size_t k = 0; k < K; k++) {
          double aik = A[i + k * lda];
          s0 += aik * b[k];
          s1 += aik * b[k + ldb];
          s2 += aik * b[k + 2 * ldb];
          s3 += aik * b[k + 3 * ldb];
          s4 += aik * b[k + 4 * ldb];
          s5 += aik * b[k + 5 * ldb];
          s6 += aik * b[k + 6 * ldb];
          s7 += aik * b[k + 7 * ldb];
        }
        double *c = C + i + j * ldc, bi = bias[i];
        c[0] = bi + s0;
        c[ldc] = bi + s1;
        c[2 * ldc] = bi + s2;
        c[3 * ldc] = bi + s3;
        c[4 * ldc] = bi + s4;
        c[5 * ldc] = bi + s5;
        c[6 * ldc] = bi + s6;
        c[7 * ldc] = bi + s7;
      }
    for (; j < N; j++)
      for (size_t i = 0; i < M; i++) {
        double s = 0.0;
        for (size_t k = 0; k < K; k++) s += A[i + k * lda] * B[k + j * ldb];
        C[i + j * ldc] = bias[i] + s;
      }
    return;
  }
  for (size_t j = 0; j < N; j++) {
    double *restrict c = C + j * ldc;
    const double *restrict b = B + j * ldb;
    const double *restrict a0 = A;
    double b0 = b[0];
#pragma omp simd
    for (size_t i = 0; i < M; i++) c[i] = bias[i] + a0[i] * b0;
    for (size_t k = 1; k < K; k++) {
      const double *restrict a = A + k * lda;
      double bk = b[k];
#pragma omp simd
      for (size_t i = 0; i < M; i++) c[i] += a[i] * bk;
    }
  }
}

/* The degenerate products of gemm_nt/gemm_tn: nothing to do for an empty C,
 * C = 0 for an empty inner dimension.  Returns 1 when it handled the call. */
static int gemm_trivial(size_t M, size_t N, size_t K, double *restrict C, size_t ldc) {
  if (!M || !N) return 1;
  if (K) return 0;
  for (size_t j = 0; j < N; j++) memset(C + j * ldc, 0, M * sizeof *C);
  return 1;
}

/* C (M x N) = A (M x K) * B' with B N x K, column-major. */
static void gemm_nt(size_t M, size_t N, size_t K, const double *restrict A, size_t lda,
                    const double *restrict B, size_t ldb, double *restrict C, size_t ldc) {
  if (gemm_trivial(M, N, K, C, ldc)) return;
  if (M * N * K >= CLM_SMALL_GEMM) {
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, (int)M, (int)N, (int)K, 1.0, A,
                (int)lda, B, (int)ldb, 0.0, C, (int)ldc);
    return;
  }
  if (M < 8) {
    for (size_t j = 0; j < N; j++)
      for (size_t i = 0; i < M; i++) {
        double s = 0.0;
        for (size_t k = 0; k < K; k++) s += A[i + k * lda] * B[j + k * ldb];
        C[i + j * ldc] = s;
      }
    return;
  }
  for (size_t j = 0; j < N; j++) {
    double *restrict c = C + j * ldc;
    for (size_t i = 0; i < M; i++) c[i] = 0.0;
    for (size_t k = 0; k < K; k++) {
      const double *restrict a = A + k * lda;
      double bk = B[j + k * ldb];
#pragma omp simd
      for (size_t i = 0; i < M; i++) c[i] += a[i] * bk;
    }
  }
}

/* C (M x N) = A' * B with A K x M and B K x N, column-major. */
static void gemm_tn(size_t M, size_t N, size_t K, const double *restrict A, size_t lda,
                    const double *restrict B, size_t ldb, double *restrict C, size_t ldc) {
  if (gemm_trivial(M, N, K, C, ldc)) return;
  if (M * N * K >= CLM_SMALL_GEMM) {
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)M, (int)N, (int)K, 1.0, A,
                (int)lda, B, (int)ldb, 0.0, C, (int)ldc);
    return;
  }
  if (K == 1) { /* an outer product: vectorise over M */
    for (size_t j = 0; j < N; j++) {
      double bj = B[j * ldb];
#pragma omp simd
      for (size_t i = 0; i < M; i++) C[i + j * ldc] = A[i * lda] * bj;
    }
    return;
  }
  for (size_t j = 0; j < N; j++) {
    const double *restrict b = B + j * ldb;
    for (size_t i = 0; i < M; i++) {
      const double *restrict a = A + i * lda;
      double s = 0.0;
      for (size_t k = 0; k < K; k++) s += a[k] * b[k];
      C[i + j * ldc] = s;
    }
  }
}

/* g <- (da/dn)' g for the nb columns of S values of a tile (activations a,
 * same layout): elementwise functions in one call, softmax column by
 * column; the same operations either way. */
static void backprop_cols(const clm__transfer_ops *op, const double *a, size_t a_stride,
                          double *g, size_t S, size_t nb) {
  if (!op->columnwise && a_stride == S) {
    op->backprop(a, g, S * nb);
    return;
  }
  for (size_t b = 0; b < nb; b++) op->backprop(a + b * a_stride, g + b * S, S);
}

/* ---------------------------------------------------------------- workspace */

static size_t ceil_div(size_t a, size_t b) { return (a + b - 1) / b; }

void clm__evalws_free(clm_evalws *ws) {
  if (!ws) return;
  if (ws->tb_buf)
    for (int t = 0; t < ws->nthr; t++) free(ws->tb_buf[t].mem);
  free(ws->tb_buf);
  free(ws->J);
  free(ws->e);
  free(ws->tsse);
  free(ws->tcnt);
  free(ws->tg);
  free(ws->en);
  free(ws);
}

int clm__evalws_alloc(clm_evalws **out, const clm_net *net, size_t Q_max, int threads) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  if (!net) return CLM_ENULL;
  if (!net->configured) return CLM_ENOTCONFIGURED;
  if (Q_max == 0) Q_max = 1;
  clm_evalws *ws = calloc(1, sizeof *ws);
  if (!ws) return CLM_ENOMEM;
  ws->L = net->n_layers;
  ws->P = net->n_wb;
  ws->K = net->size[net->n_layers];
  ws->n_out = net->n_outputs;
  ws->Q_max = Q_max;
  size_t smax = 1, ssum = 0;
  double fl = 0.0;
  for (size_t l = 0; l <= ws->L; l++) {
    ws->size[l] = net->size[l];
    ws->tf[l] = clm__transfer_ops_of(net->transfer[l]);
    if (net->size[l] > smax) smax = net->size[l];
    ssum += net->size[l];
    if (l) {
      double apply = ws->tf[l] ? ws->tf[l]->flops : 0.0; /* per value */
      fl += (2.0 * (double)net->fan_in[l] + apply) * (double)net->size[l];
    }
  }
  ws->flops_per_sample = fl + 1.0;
  size_t Kj = ws->K ? ws->K : 1;
  size_t P = ws->P ? ws->P : 1;

  /* Shape-only blocking. */
  size_t bps = P * Kj * sizeof(double);
  size_t spb = CLM_JBLOCK_BYTES / bps;
  if (spb < 1) spb = 1;
  size_t ts = CLM_TILE_MAX;
  while (ts > 8 && ts * 4 > spb) ts /= 2;
  ws->ts = ts;
  ws->tb = spb / ts ? spb / ts : 1;
  size_t sup = CLM_PARTIAL_BYTES / (P * sizeof(double));
  ws->sup = sup < 1 ? 1 : sup > CLM_SUP_MAX ? CLM_SUP_MAX : sup;
  size_t tiles_q = ceil_div(Q_max, ts);
  ws->tb_alloc = ws->tb < tiles_q ? ws->tb : tiles_q;
  ws->sup_alloc = ws->sup < tiles_q ? ws->sup : tiles_q;

  int nthr = threads;
#ifdef _OPENMP
  if (nthr <= 0) nthr = omp_get_max_threads();
#else
  nthr = 1;
#endif
  if (nthr < 1) nthr = 1;
  size_t maxt = ws->tb_alloc > ws->sup_alloc ? ws->tb_alloc : ws->sup_alloc;
  if ((size_t)nthr > maxt) nthr = (int)maxt;
  ws->nthr = nthr;

  ws->tb_buf = calloc((size_t)nthr, sizeof *ws->tb_buf);
  size_t jrows = ws->tb_alloc * ts * Kj;
  ws->J = clm__alloc64(jrows * P * sizeof *ws->J);
  ws->e = clm__alloc64(jrows * sizeof *ws->e);
  size_t nt = maxt;
  ws->tsse = malloc(nt * sizeof *ws->tsse);
  ws->tcnt = malloc(nt * sizeof *ws->tcnt);
  ws->tg = clm__alloc64(ws->sup_alloc * P * sizeof *ws->tg);
  ws->en = malloc((ws->n_out ? ws->n_out : 1) * sizeof *ws->en);
  if (!ws->tb_buf || !ws->J || !ws->e || !ws->tsse || !ws->tcnt || !ws->tg || !ws->en) {
    clm__evalws_free(ws);
    return CLM_ENOMEM;
  }
  ws->loss = clm__loss_kind(net);
  ws->has_en = clm__perf_errnorm(net, ws->en);
  size_t dsz = smax * ts * Kj;
  ws->general = !clm__net_is_chain(net);
  size_t zsz = 0, gsz = 0;
  for (size_t l = 1; l <= ws->L; l++) ws->src[l] = net->src[l];
  if (ws->general) {
    for (size_t l = 0; l < ws->L; l++) {
      ws->zoff[l] = ws->zs;
      ws->zs += ws->size[l];
    }
    ws->zoff[ws->L] = ws->zs;
    zsz = ws->zs * ts;
    gsz = (ws->zs - ws->size[0]) * ts * Kj;
  }
  size_t per = ssum * ts + 2 * dsz + Kj * ts + zsz + gsz;
  for (int t = 0; t < nthr; t++) {
    tbuf *b = &ws->tb_buf[t];
    b->mem = clm__alloc64(per * sizeof *b->mem);
    if (!b->mem) {
      clm__evalws_free(ws);
      return CLM_ENOMEM;
    }
    double *p = b->mem;
    for (size_t l = 0; l <= ws->L; l++) {
      b->A[l] = p;
      p += ws->size[l] * ts;
    }
    b->D0 = p;
    p += dsz;
    b->D1 = p;
    p += dsz;
    b->u = p;
    p += Kj * ts;
    b->Z = ws->general ? p : NULL;
    p += zsz;
    b->G = ws->general ? p : NULL;
  }
  *out = ws;
  return CLM_OK;
}

/* For a caller that runs threads of its own (OpenBLAS's, a backend's
 * worker pool) right after each evaluation: libgomp workers keep spinning
 * for milliseconds after a parallel region (GOMP_SPINCOUNT) and starve
 * those threads (measured on 2 cores, wide 8-40-2: 27 ms/epoch instead of
 * 12.6).  With threads > 1, evaluations run their tiles on the calling
 * thread; results are identical. */
void clm__evalws_set_follow_threads(clm_evalws *ws, int threads) {
  if (ws) ws->follow_threads = threads;
}

int clm__blas_threads(void) {
#ifdef HAVE_OPENBLAS_GET_NUM_THREADS
  return openblas_get_num_threads();
#else
  return 1;
#endif
}

/* A trainer that evaluates the sse at trial weights and, when a trial is
 * accepted, the Jacobian at exactly those weights right after can keep the
 * activations in between: with a cache attached (and the activations of
 * Q_max samples within CLM_FWD_CACHE_BYTES), clm__eval_sse keeps the
 * activations of every sample, and a clm__eval_jacobian on the same data,
 * sample list and bit-identical weights reads them instead of redoing the
 * forward pass.  The tiles are the same (ts samples from position 0 in
 * both), and each tile's forward pass depends only on its samples and the
 * weights, so the results are identical; the caller must not change the
 * data's contents between the two calls. */
int clm__evalcache_alloc(clm_evalcache **out, const clm_evalws *ws) {
  *out = NULL;
  if (!ws) return CLM_ENULL;
  size_t ss = 0, off[CLM_MAX_LAYERS + 1] = {0};
  for (size_t l = 1; l <= ws->L; l++) {
    off[l] = ss;
    ss += ws->size[l];
  }
  size_t nq = ceil_div(ws->Q_max, ws->ts) * ws->ts;
  if (ss == 0 || nq > CLM_FWD_CACHE_BYTES / sizeof(double) / ss) return CLM_OK; /* too big */
  clm_evalcache *c = calloc(1, sizeof *c);
  if (!c) return CLM_ENOMEM;
  memcpy(c->off, off, sizeof off);
  c->ss = ss;
  c->L = ws->L;
  c->P = ws->P;
  c->ts = ws->ts;
  c->Q_max = ws->Q_max;
  c->act = malloc(nq * ss * sizeof *c->act);
  c->wb = malloc((ws->P ? ws->P : 1) * sizeof *c->wb);
  if (!c->act || !c->wb) {
    clm__evalcache_free(c);
    return CLM_ENOMEM;
  }
  *out = c;
  return CLM_OK;
}

void clm__evalcache_free(clm_evalcache *c) {
  if (!c) return;
  free(c->act);
  free(c->wb);
  free(c);
}

int clm__evalws_use_cache(clm_evalws *ws, clm_evalcache *c) {
  if (!ws) return CLM_ENULL;
  if (c && (c->L != ws->L || c->P != ws->P || c->ts != ws->ts || c->Q_max != ws->Q_max))
    return CLM_ESIZE;
  if (c) c->valid = 0;
  ws->fc = c;
  return CLM_OK;
}

/* Declared by its caller (solvers/trainlm.c).  A device backend hands out
 * pinned buffers that it sends to the device as they are; with fn set, each
 * Jacobian block is computed straight into the buffer fn returns (by all
 * threads when the group runs in parallel), saving a copy of every row.
 * The tiles and their operations are the same: results are identical. */
void clm__evalws_set_jbuffer(clm_evalws *ws, clm_jbuffer_fn fn) {
  if (ws) ws->jbuf = fn;
}

size_t clm__evalws_block_rows(const clm_evalws *ws) {
  return ws ? ws->tb_alloc * ws->ts * (ws->K ? ws->K : 1) : 0;
}

/* ---------------------------------------------------------------- data */

int clm__data_prepare(const clm_net *net, const double *X, size_t Q, double *Xp,
                      unsigned char *skip) {
  if (!net || (!X && Q) || (!Xp && Q && net->size[0])) return CLM_ENULL;
  if (!net->configured) return CLM_ENOTCONFIGURED;
  size_t R = net->n_inputs, S0 = net->in.n_kept;
  for (size_t i = 0; i < R * Q; i++)
    if (isinf(X[i])) return CLM_EINF;
  for (size_t q = 0; q < Q; q++) {
    double *xp = Xp + q * S0;
    clm__proc_apply(&net->in, X + q * R, xp);
    unsigned char bad = 0;
    for (size_t j = 0; j < S0; j++)
      if (isnan(xp[j])) {
        bad = 1;
        xp[j] = 0.0;
      }
    if (skip) skip[q] = bad;
  }
  return CLM_OK;
}

/* ---------------------------------------------------------------- tiles */

/* Which work a tile does. */
enum { TILE_SSE = 0, TILE_OUT, TILE_JE, TILE_JAC };

typedef struct job {
  clm_evalws *ws;
  const clm_net *net;
  const double *wb;
  const clm_data *d;
  const size_t *idx; /* NULL: positions base, base+1, ... (a contiguous list) */
  size_t base;
  size_t n;       /* positions in idx */
  size_t p_first; /* position of the group's first sample */
  int kind;
  double *Y;      /* TILE_OUT: raw outputs n_out x n */
  int fc_mode;    /* activation cache: 0 unused, 1 fill it, 2 read it */
  double *Jo, *eo; /* TILE_JAC: the block's rows and errors */
  int loss;       /* clm_loss_kind of the terms (TILE_SSE, TILE_JE; TILE_JAC: squared) */
} job;

static size_t sample_at(const job *jb, size_t p) { return jb->idx ? jb->idx[p] : jb->base + p; }

/* The tile's inputs: in place when contiguous, else gathered into A[0]. */
static void tile_input(const job *jb, tbuf *t, size_t p0, size_t nb) {
  const clm_evalws *ws = jb->ws;
  size_t S0 = ws->size[0];
  if (!jb->idx) {
    t->in = jb->d->Xp + (jb->base + p0) * S0; /* contiguous samples: no copy */
  } else {
    for (size_t b = 0; b < nb; b++) {
      const double *x = jb->d->Xp + jb->idx[p0 + b] * S0;
      double *a0 = t->A[0] + b * S0;
      for (size_t i = 0; i < S0; i++) a0[i] = x[i];
    }
    t->in = t->A[0];
  }
}

static void tile_forward(const job *jb, tbuf *t, size_t p0, size_t nb) {
  const clm_evalws *ws = jb->ws;
  const double *wb = jb->wb;
  tile_input(jb, t, p0, nb);
  const double *Ap = t->in;
  for (size_t l = 1; l <= ws->L; l++) {
    size_t Sl = ws->size[l], Sp = ws->size[l - 1];
    const double *W = wb + jb->net->w_off[l], *bias = wb + jb->net->b_off[l];
    double *A = t->A[l];
    gemm_nn_bias(Sl, nb, Sp, W, Sl, Ap, Sp, bias, A, Sl);
    if (ws->tf[l]->columnwise)
      for (size_t b = 0; b < nb; b++) ws->tf[l]->apply(A + b * Sl, A + b * Sl, Sl);
    else
      ws->tf[l]->apply(A, A, Sl * nb);
    Ap = A;
  }
}

/* Activations of layer l of the tile (l = 0: inputs). */
static const double *act(const tbuf *t, size_t l) { return l ? t->A[l] : t->in; }

/* Raw output of row i from the kept activation a[k] (mapminmax reversed;
 * a pass-through row as it is), or the constant of a removed row. */
static inline double raw_output(const clm_proc *op, size_t i, const double *a, size_t k) {
  const double g = op->gain[i], o = op->xoffset[i];
  if (!op->kept[i]) return o;
  return (g == 1.0 && o == -1.0) ? a[k] : (a[k] + 1.0) / g + o;
}

/* Errors of a tile.  sse/count over all raw output rows (sample order, raw
 * row order); u[k + b*K] = -1/gain (or -e/gain when with_e) for kept output k,
 * 0 where the target is NaN; e (when not NULL) receives the kept errors. */
static void tile_errors(const job *jb, tbuf *t, size_t p0, size_t nb, int with_e, double *e,
                        double *sse_out, size_t *cnt_out) {
  const clm_evalws *ws = jb->ws;
  const clm_proc *op = &jb->net->out;
  size_t K = ws->K, R = ws->n_out;
  const double *AL = t->A[ws->L];
  double sse = 0.0;
  size_t cnt = 0;
  for (size_t b = 0; b < nb; b++) {
    size_t q = sample_at(jb, p0 + b);
    int skip = jb->d->skip && jb->d->skip[q];
    const double *tq = jb->d->T + q * R;
    const double *a = AL + b * K;
    size_t k = 0;
    for (size_t i = 0; i < R; i++) {
      const int kept = op->kept[i];
      const double g = op->gain[i], y = raw_output(op, i, a, k);
      double ti = tq[i];
      double ei = 0.0;
      int valid = !skip && !isnan(ti);
      if (valid) {
        ei = ti - y;
        sse += ei * ei;
        cnt++;
      }
      if (kept) {
        if (t->u) t->u[k + b * K] = valid ? (with_e ? -ei / g : -1.0 / g) : 0.0;
        if (e) e[k + b * K] = ei;
        k++;
      }
    }
  }
  *sse_out = sse;
  *cnt_out = cnt;
}

/* tile_errors when every raw output row is kept (R == K), for u (may be
 * NULL) and e (may be NULL): the outputs y are first computed for the whole
 * tile in a vectorisable loop into t->D1 (free until the backward pass; the
 * divisions do not queue one by one), -1/gain once per row into t->D0,
 * then sse, count, u and e are produced in sample and row order with the
 * same operations as tile_errors, so the results are identical. */
static void tile_errors_kept(const job *jb, tbuf *t, size_t p0, size_t nb, int with_e,
                             double *restrict u, double *restrict e, double *sse_out,
                             size_t *cnt_out) {
  const clm_evalws *ws = jb->ws;
  const clm_proc *op = &jb->net->out;
  const size_t K = ws->K;
  const double *restrict AL = t->A[ws->L];
  double *restrict ybuf = t->D1, *restrict ninv = t->D0;
  for (size_t i = 0; i < K; i++) {
    const double g = op->gain[i], o = op->xoffset[i];
    ninv[i] = -1.0 / g;
    if (g == 1.0 && o == -1.0) {
      for (size_t b = 0; b < nb; b++) ybuf[i + b * K] = AL[i + b * K];
    } else {
#pragma omp simd
      for (size_t b = 0; b < nb; b++) ybuf[i + b * K] = (AL[i + b * K] + 1.0) / g + o;
    }
  }
  const unsigned char *skipv = jb->d->skip;
  const double *Tm = jb->d->T;
  double sse = 0.0;
  size_t cnt = 0;
  for (size_t b = 0; b < nb; b++) {
    size_t q = sample_at(jb, p0 + b);
    int skip = skipv && skipv[q];
    const double *tq = Tm + q * K;
    const double *y = ybuf + b * K;
    for (size_t i = 0; i < K; i++) {
      double ti = tq[i], ei = 0.0;
      int valid = !skip && !isnan(ti);
      if (valid) {
        ei = ti - y[i];
        sse += ei * ei;
        cnt++;
      }
      if (u) u[i + b * K] = valid ? (with_e ? -ei / op->gain[i] : ninv[i]) : 0.0;
      if (e) e[i + b * K] = ei;
    }
  }
  *sse_out = sse;
  *cnt_out = cnt;
}

/* What tile_loss writes into t->u for each kept output. */
enum { U_NONE = 0, U_GRAD, U_JAC };

/* Performance terms of a tile, the general form of tile_errors: loss
 * `kind` (clm_loss_kind) with the workspace's normalization factors en.
 * Sum of the terms and count over all raw output rows (sample order, raw
 * row order); for kept output k, t->u[k + b*K] (0 where the target is NaN):
 *   U_GRAD: half the derivative of the term with respect to a_L[k], so that
 *           backpropagation (tile_je) gives half the gradient of the sum;
 *   U_JAC:  de/da_L[k] = -en/gain, the seed of the Jacobian rows (squared);
 * e (when not NULL) receives the kept errors en (t - y).
 * The terms, with e = en (t - y) and d = half their derivative w.r.t. y:
 *   squared  e^2                              d = -en e
 *   abs      |e|                              d = -en sign(e) / 2 (0 at e = 0)
 *   xent     -t log y                         d = -t / (2y)
 *   xent2    -t log y - (1-t) log(1-y)        d = (-t/y + (1-t)/(1-y)) / 2
 * where for the cross-entropy y is first limited to [eps, 1-eps] and t to
 * [0,1], as MATLAB's crossentropy (whose derivative also uses the limited
 * y). */
static void tile_loss(const job *jb, tbuf *t, size_t p0, size_t nb, int kind, int umode,
                      double *e, double *sum_out, size_t *cnt_out) {
  const clm_evalws *ws = jb->ws;
  const clm_proc *op = &jb->net->out;
  const double *en = ws->en;
  const size_t K = ws->K, R = ws->n_out;
  const double *AL = t->A[ws->L];
  double *u = umode != U_NONE ? t->u : NULL;
  const double lo = DBL_EPSILON, hi = 1.0 - DBL_EPSILON;
  double sum = 0.0;
  size_t cnt = 0;
  for (size_t b = 0; b < nb; b++) {
    size_t q = sample_at(jb, p0 + b);
    int skip = jb->d->skip && jb->d->skip[q];
    const double *tq = jb->d->T + q * R;
    const double *a = AL + b * K;
    size_t k = 0;
    for (size_t i = 0; i < R; i++) {
      const int kept = op->kept[i];
      const double g = op->gain[i], y = raw_output(op, i, a, k);
      double ti = tq[i], ei = 0.0, d = 0.0;
      int valid = !skip && !isnan(ti);
      if (valid) {
        double term;
        if (kind == CLM_LOSS_SQUARED) {
          ei = en[i] * (ti - y);
          term = ei * ei;
          d = -en[i] * ei;
        } else if (kind == CLM_LOSS_ABS) {
          ei = en[i] * (ti - y);
          term = fabs(ei);
          d = ei > 0.0 ? -0.5 * en[i] : ei < 0.0 ? 0.5 * en[i] : 0.0;
        } else {
          const double yc = y < lo ? lo : y > hi ? hi : y;
          const double tc = ti < 0.0 ? 0.0 : ti > 1.0 ? 1.0 : ti;
          ei = ti - y;
          if (kind == CLM_LOSS_XENT) {
            term = -tc * log(yc);
            d = -0.5 * tc / yc;
          } else {
            term = -tc * log(yc) - (1.0 - tc) * log(1.0 - yc);
            d = 0.5 * (-tc / yc + (1.0 - tc) / (1.0 - yc));
          }
        }
        sum += term;
        cnt++;
      }
      if (kept) {
        if (u) u[k + b * K] = !valid ? 0.0 : umode == U_GRAD ? d / g : -en[i] / g;
        if (e) e[k + b * K] = ei;
        k++;
      }
    }
  }
  *sum_out = sum;
  *cnt_out = cnt;
}

/* J'e partial of one tile into g (P), after tile_forward and tile_errors. */
static void tile_je(const job *jb, tbuf *t, size_t nb, double *g) {
  const clm_evalws *ws = jb->ws;
  const clm_net *net = jb->net;
  size_t L = ws->L, K = ws->K;
  double *D = t->D0, *Dn = t->D1;
  memcpy(D, t->u, K * nb * sizeof(double));
  backprop_cols(ws->tf[L], t->A[L], K, D, K, nb);
  for (size_t l = L; l >= 1; l--) {
    size_t Sl = ws->size[l], Sp = ws->size[l - 1];
    double *gb = g + net->b_off[l];
    for (size_t i = 0; i < Sl; i++) gb[i] = 0.0;
    for (size_t b = 0; b < nb; b++)
      for (size_t i = 0; i < Sl; i++) gb[i] += D[i + b * Sl];
    gemm_nt(Sl, Sp, nb, D, Sl, act(t, l - 1), Sp, g + net->w_off[l], Sl);
    if (l == 1) break;
    gemm_tn(Sp, nb, Sl, jb->wb + net->w_off[l], Sl, D, Sl, Dn, Sp);
    backprop_cols(ws->tf[l - 1], t->A[l - 1], Sp, Dn, Sp, nb);
    double *tmp = D;
    D = Dn;
    Dn = tmp;
  }
}

/* Jacobian rows of one tile: nb*K rows of P doubles at Jr (row-major). */
static void tile_jac(const job *jb, tbuf *t, size_t nb, double *Jr) {
  const clm_evalws *ws = jb->ws;
  const clm_net *net = jb->net;
  size_t L = ws->L, K = ws->K, P = ws->P, N = nb * K;
  double *D = t->D0, *Dn = t->D1;
  /* Column c = b*K + k starts as u * unit vector k, then through f_L'. */
  memset(D, 0, K * N * sizeof(double));
  for (size_t b = 0; b < nb; b++)
    for (size_t k = 0; k < K; k++) {
      size_t c = b * K + k;
      D[k + c * K] = t->u[c];
      ws->tf[L]->backprop(t->A[L] + b * K, D + c * K, K);
    }
  for (size_t l = L; l >= 1; l--) {
    size_t Sl = ws->size[l], Sp = ws->size[l - 1];
    size_t bo = net->b_off[l], wo = net->w_off[l];
    const double *Ap = act(t, l - 1);
    for (size_t c = 0; c < N; c++) {
      double *restrict row = Jr + c * P;
      const double *restrict dc = D + c * Sl;
      const double *restrict a = Ap + (c / K) * Sp;
      for (size_t i = 0; i < Sl; i++) row[bo + i] = dc[i];
      double *restrict w = row + wo;
      if (Sl == 1) {
        double d0 = dc[0];
#pragma omp simd
        for (size_t j = 0; j < Sp; j++) w[j] = d0 * a[j];
        continue;
      }
      for (size_t j = 0; j < Sp; j++) {
        double aj = a[j];
        double *restrict wj = w + j * Sl;
#pragma omp simd
        for (size_t i = 0; i < Sl; i++) wj[i] = dc[i] * aj;
      }
    }
    if (l == 1) break;
    gemm_tn(Sp, N, Sl, jb->wb + net->w_off[l], Sl, D, Sl, Dn, Sp);
    if (K == 1) /* one column per sample: the tile at once when elementwise */
      backprop_cols(ws->tf[l - 1], Ap, Sp, Dn, Sp, N);
    else /* column c = b*K + k uses the activations of sample b */
      for (size_t c = 0; c < N; c++) ws->tf[l - 1]->backprop(Ap + (c / K) * Sp, Dn + c * Sp, Sp);
    double *tmp = D;
    D = Dn;
    Dn = tmp;
  }
  /* NaN-target rows: exactly zero even if activations overflowed. */
  for (size_t c = 0; c < N; c++)
    if (t->u[c] == 0.0) memset(Jr + c * P, 0, P * sizeof(double));
}

/* Raw outputs of a tile into Y (n_out x nb); NaN for skipped samples. */
static void tile_outputs(const job *jb, tbuf *t, size_t p0, size_t nb, double *Y) {
  const clm_evalws *ws = jb->ws;
  size_t K = ws->K, R = ws->n_out;
  for (size_t b = 0; b < nb; b++) {
    size_t q = sample_at(jb, p0 + b);
    double *y = Y + b * R;
    if (jb->d->skip && jb->d->skip[q]) {
      for (size_t i = 0; i < R; i++) y[i] = NAN;
      continue;
    }
    clm__proc_reverse(&jb->net->out, t->A[ws->L] + b * K, y);
  }
}

/* ---------------------------------------------------------------- general networks */

/* Networks other than a chain (cascadeforwardnet): layer l is fed by a set
 * of sources (the input and/or layers j < l, net->src), and
 *   n_l = b_l + W_l z_l,   z_l = the sources' outputs stacked in increasing
 * order (input first), W_l = [IW{l,1} LW{l,j1} ...] (S_l x R_l).
 * Each tile keeps, besides the per-layer activations A[l], the stacked
 * matrix Z (zs x nb): block j (rows zoff[j]..zoff[j+1]-1) holds the input
 * (j = 0) or layer j's output for every sample.  Sources that are
 * consecutive blocks form a run: a run is a contiguous range of rows of Z
 * and of columns of W_l, so it costs one product; a cascade layer's
 * sources are one run (blocks 0..l-1).
 * Backpropagation: g_j = de/da_j collects the contributions of every layer
 * that j feeds, g_j = sum_{l fed by j} LW{l,j}' delta_l, in G (block j at
 * rows zoff[j] - S_0, the input has no block), one product per run and
 * layer, added in the order l = L, L-1, ...; g_l is complete when layer l
 * is reached.  Then delta_l = f_l'(n_l) g_l, de/db_l = delta_l and
 * de/dW_l = delta_l z_l'.  Every sum runs in an order fixed by the shape, so
 * results are as deterministic as the chain's. */

/* The next run of sources of layer l starting at block >= *j0: blocks
 * [*j0, *j1).  Returns 0 when there is none. */
static int next_run(uint64_t src, size_t l, size_t *j0, size_t *j1) {
  size_t j = *j0;
  while (j < l && !(src >> j & 1u)) j++;
  if (j >= l) return 0;
  size_t e = j;
  while (e < l && (src >> e & 1u)) e++;
  *j0 = j;
  *j1 = e;
  return 1;
}

/* C (M x N) += A (M x K) * B (K x N), column-major (small products: each
 * term added to C in k order). */
static void gemm_nn_add(size_t M, size_t N, size_t K, const double *restrict A, size_t lda,
                        const double *restrict B, size_t ldb, double *restrict C, size_t ldc) {
  if (!M || !N || !K) return;
  if (M * N * K >= CLM_SMALL_GEMM) {
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)M, (int)N, (int)K, 1.0, A,
                (int)lda, B, (int)ldb, 1.0, C, (int)ldc);
    return;
  }
  for (size_t j = 0; j < N; j++) {
    double *restrict c = C + j * ldc;
    const double *restrict b = B + j * ldb;
    for (size_t k = 0; k < K; k++) {
      const double *restrict a = A + k * lda;
      double bk = b[k];
#pragma omp simd
      for (size_t i = 0; i < M; i++) c[i] += a[i] * bk;
    }
  }
}

/* C (M x N) += A' * B with A K x M and B K x N, column-major. */
static void gemm_tn_add(size_t M, size_t N, size_t K, const double *restrict A, size_t lda,
                        const double *restrict B, size_t ldb, double *restrict C, size_t ldc) {
  if (!M || !N || !K) return;
  if (M * N * K >= CLM_SMALL_GEMM) {
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)M, (int)N, (int)K, 1.0, A,
                (int)lda, B, (int)ldb, 1.0, C, (int)ldc);
    return;
  }
  if (K == 1) { /* an outer product (a one-neuron layer): vectorise over M */
    for (size_t j = 0; j < N; j++) {
      const double bj = B[j * ldb];
      double *restrict c = C + j * ldc;
#pragma omp simd
      for (size_t i = 0; i < M; i++) c[i] += A[i * lda] * bj;
    }
    return;
  }
  for (size_t j = 0; j < N; j++) {
    const double *restrict b = B + j * ldb;
    for (size_t i = 0; i < M; i++) {
      const double *restrict a = A + i * lda;
      double s = 0.0;
      for (size_t k = 0; k < K; k++) s += a[k] * b[k];
      C[i + j * ldc] += s;
    }
  }
}

/* Copy an M x N block between column-major matrices. */
static void copy_block(size_t M, size_t N, const double *restrict A, size_t lda,
                       double *restrict C, size_t ldc) {
  if (!M) return; /* A may be NULL then (no kept input) */
  for (size_t j = 0; j < N; j++) memcpy(C + j * ldc, A + j * lda, M * sizeof *C);
}

/* Z's blocks from the tile's inputs (t->in) and activations A[1..L-1]. */
static void tile_stack(const clm_evalws *ws, tbuf *t, size_t nb) {
  copy_block(ws->size[0], nb, t->in, ws->size[0], t->Z, ws->zs);
  for (size_t l = 1; l < ws->L; l++)
    copy_block(ws->size[l], nb, t->A[l], ws->size[l], t->Z + ws->zoff[l], ws->zs);
}

/* Forward pass of a tile of a general network: A[1..L] and Z. */
static void tile_forward_general(const job *jb, tbuf *t, size_t p0, size_t nb) {
  const clm_evalws *ws = jb->ws;
  const double *wb = jb->wb;
  const size_t zs = ws->zs;
  tile_input(jb, t, p0, nb);
  copy_block(ws->size[0], nb, t->in, ws->size[0], t->Z, zs);
  for (size_t l = 1; l <= ws->L; l++) {
    const size_t Sl = ws->size[l];
    const double *W = wb + jb->net->w_off[l], *bias = wb + jb->net->b_off[l];
    double *A = t->A[l];
    size_t j0 = 0, j1, col = 0;
    int first = 1;
    while (next_run(ws->src[l], l, &j0, &j1)) {
      const size_t rows = ws->zoff[j1] - ws->zoff[j0];
      const double *Wr = W + col * Sl, *Zr = t->Z + ws->zoff[j0];
      if (first)
        gemm_nn_bias(Sl, nb, rows, Wr, Sl, Zr, zs, bias, A, Sl);
      else
        gemm_nn_add(Sl, nb, rows, Wr, Sl, Zr, zs, A, Sl);
      first = 0;
      col += rows;
      j0 = j1;
    }
    if (first) gemm_nn_bias(Sl, nb, 0, W, Sl, t->Z, zs, bias, A, Sl); /* no source: n = b */
    if (ws->tf[l]->columnwise)
      for (size_t b = 0; b < nb; b++) ws->tf[l]->apply(A + b * Sl, A + b * Sl, Sl);
    else
      ws->tf[l]->apply(A, A, Sl * nb);
    if (l < ws->L) copy_block(Sl, nb, A, Sl, t->Z + ws->zoff[l], zs);
  }
}

/* G's blocks of layer l's sources (not the input) += W_l' D, D S_l x N. */
static void add_to_sources(const clm_evalws *ws, const double *W, size_t l, const double *D,
                           size_t N, double *G) {
  const size_t Sl = ws->size[l], S0 = ws->size[0], gs = ws->zs - S0;
  size_t j0 = 0, j1, col = 0;
  while (next_run(ws->src[l], l, &j0, &j1)) {
    size_t rows = ws->zoff[j1] - ws->zoff[j0], skip = 0;
    if (j0 == 0) skip = S0; /* the input needs no g */
    gemm_tn_add(rows - skip, N, Sl, W + (col + skip) * Sl, Sl, D, Sl,
                G + ws->zoff[j0] + skip - S0, gs);
    col += rows;
    j0 = j1;
  }
}

/* J'e partial of one tile of a general network (see tile_je). */
static void tile_je_general(const job *jb, tbuf *t, size_t nb, double *g) {
  const clm_evalws *ws = jb->ws;
  const clm_net *net = jb->net;
  const size_t L = ws->L, K = ws->K, S0 = ws->size[0], gs = ws->zs - S0;
  double *D = t->D0;
  memcpy(D, t->u, K * nb * sizeof(double));
  backprop_cols(ws->tf[L], t->A[L], K, D, K, nb);
  memset(t->G, 0, gs * nb * sizeof(double));
  for (size_t l = L; l >= 1; l--) {
    const size_t Sl = ws->size[l];
    if (l < L) { /* delta_l = f_l'(n_l) g_l */
      copy_block(Sl, nb, t->G + ws->zoff[l] - S0, gs, D, Sl);
      backprop_cols(ws->tf[l], t->A[l], Sl, D, Sl, nb);
    }
    double *gb = g + net->b_off[l];
    for (size_t i = 0; i < Sl; i++) gb[i] = 0.0;
    for (size_t b = 0; b < nb; b++)
      for (size_t i = 0; i < Sl; i++) gb[i] += D[i + b * Sl];
    size_t j0 = 0, j1, col = 0;
    while (next_run(ws->src[l], l, &j0, &j1)) {
      const size_t rows = ws->zoff[j1] - ws->zoff[j0];
      gemm_nt(Sl, rows, nb, D, Sl, t->Z + ws->zoff[j0], ws->zs, g + net->w_off[l] + col * Sl, Sl);
      col += rows;
      j0 = j1;
    }
    if (l > 1) add_to_sources(ws, jb->wb + net->w_off[l], l, D, nb, t->G);
  }
}

/* Jacobian rows of one tile of a general network (see tile_jac). */
static void tile_jac_general(const job *jb, tbuf *t, size_t nb, double *Jr) {
  const clm_evalws *ws = jb->ws;
  const clm_net *net = jb->net;
  const size_t L = ws->L, K = ws->K, P = ws->P, N = nb * K, S0 = ws->size[0];
  const size_t gs = ws->zs - S0, zs = ws->zs;
  double *D = t->D0;
  memset(D, 0, K * N * sizeof(double));
  for (size_t b = 0; b < nb; b++)
    for (size_t k = 0; k < K; k++) {
      size_t c = b * K + k;
      D[k + c * K] = t->u[c];
      ws->tf[L]->backprop(t->A[L] + b * K, D + c * K, K);
    }
  memset(t->G, 0, gs * N * sizeof(double));
  for (size_t l = L; l >= 1; l--) {
    const size_t Sl = ws->size[l];
    if (l < L) {
      copy_block(Sl, N, t->G + ws->zoff[l] - S0, gs, D, Sl);
      if (K == 1)
        backprop_cols(ws->tf[l], t->A[l], Sl, D, Sl, N);
      else
        for (size_t c = 0; c < N; c++) ws->tf[l]->backprop(t->A[l] + (c / K) * Sl, D + c * Sl, Sl);
    }
    const size_t bo = net->b_off[l], wo = net->w_off[l];
    for (size_t c = 0; c < N; c++) {
      double *restrict row = Jr + c * P;
      const double *restrict dc = D + c * Sl;
      const double *zq = t->Z + (c / K) * zs;
      for (size_t i = 0; i < Sl; i++) row[bo + i] = dc[i];
      size_t j0 = 0, j1;
      double *restrict w = row + wo;
      while (next_run(ws->src[l], l, &j0, &j1)) {
        const double *restrict a = zq + ws->zoff[j0];
        const size_t rows = ws->zoff[j1] - ws->zoff[j0];
        if (Sl == 1) {
          const double d0 = dc[0];
#pragma omp simd
          for (size_t j = 0; j < rows; j++) w[j] = d0 * a[j];
          w += rows;
          j0 = j1;
          continue;
        }
        for (size_t j = 0; j < rows; j++) {
          double aj = a[j];
          double *restrict wj = w + j * Sl;
#pragma omp simd
          for (size_t i = 0; i < Sl; i++) wj[i] = dc[i] * aj;
        }
        w += rows * Sl;
        j0 = j1;
      }
    }
    if (l > 1) add_to_sources(ws, jb->wb + wo, l, D, N, t->G);
  }
  /* NaN-target rows: exactly zero even if activations overflowed. */
  for (size_t c = 0; c < N; c++)
    if (t->u[c] == 0.0) memset(Jr + c * P, 0, P * sizeof(double));
}

/* The start of tile `ti` of a job: its first position *p0 and size *nb;
 * with the activation cache, the tile's layer buffers point into it (the
 * own ones kept in saved); then the forward pass, or only the inputs when
 * the cache already holds the activations. */
static inline tbuf *tile_begin(const job *jb, size_t ti, int thr, size_t *p0_out, size_t *nb_out,
                               double **saved) {
  clm_evalws *ws = jb->ws;
  tbuf *t = &ws->tb_buf[thr];
  size_t p0 = jb->p_first + ti * ws->ts;
  size_t nb = jb->n - p0 < ws->ts ? jb->n - p0 : ws->ts;
  if (jb->fc_mode) { /* the tile's activations live in the cache */
    double *base = ws->fc->act + p0 * ws->fc->ss;
    for (size_t l = 1; l <= ws->L; l++) {
      saved[l] = t->A[l];
      t->A[l] = base + ws->fc->off[l] * nb;
    }
  }
  if (jb->fc_mode == 2) {
    tile_input(jb, t, p0, nb);
    if (ws->general) tile_stack(ws, t, nb);
  } else if (ws->general) {
    tile_forward_general(jb, t, p0, nb);
  } else {
    tile_forward(jb, t, p0, nb);
  }
  *p0_out = p0;
  *nb_out = nb;
  return t;
}

/* The end of a tile: the own layer buffers back in place of the cache's. */
static inline void tile_end(const job *jb, tbuf *t, double *const *saved) {
  if (jb->fc_mode)
    for (size_t l = 1; l <= jb->ws->L; l++) t->A[l] = saved[l];
}

/* Tile number `ti` of the current group. */
static void run_tile(const job *jb, size_t ti, int thr) {
  clm_evalws *ws = jb->ws;
  double *saved[CLM_MAX_LAYERS + 1];
  size_t p0, nb;
  tbuf *t = tile_begin(jb, ti, thr, &p0, &nb, saved);
  const int all_kept = jb->net->out.n_kept == ws->n_out && ws->K == ws->n_out;
  switch (jb->kind) {
  case TILE_OUT:
    tile_outputs(jb, t, p0, nb, jb->Y + p0 * ws->n_out);
    break;
  case TILE_SSE: {
    double *u = t->u;
    if (all_kept) {
      tile_errors_kept(jb, t, p0, nb, 0, NULL, NULL, &ws->tsse[ti], &ws->tcnt[ti]);
      break;
    }
    t->u = NULL;
    tile_errors(jb, t, p0, nb, 0, NULL, &ws->tsse[ti], &ws->tcnt[ti]);
    t->u = u;
    break;
  }
  case TILE_JE:
    if (all_kept)
      tile_errors_kept(jb, t, p0, nb, 1, t->u, NULL, &ws->tsse[ti], &ws->tcnt[ti]);
    else
      tile_errors(jb, t, p0, nb, 1, NULL, &ws->tsse[ti], &ws->tcnt[ti]);
    if (ws->general)
      tile_je_general(jb, t, nb, ws->tg + ti * ws->P);
    else
      tile_je(jb, t, nb, ws->tg + ti * ws->P);
    break;
  case TILE_JAC: {
    size_t r0 = ti * ws->ts * ws->K;
    if (all_kept)
      tile_errors_kept(jb, t, p0, nb, 0, t->u, jb->eo + r0, &ws->tsse[ti], &ws->tcnt[ti]);
    else
      tile_errors(jb, t, p0, nb, 0, jb->eo + r0, &ws->tsse[ti], &ws->tcnt[ti]);
    if (ws->general)
      tile_jac_general(jb, t, nb, jb->Jo + r0 * ws->P);
    else
      tile_jac(jb, t, nb, jb->Jo + r0 * ws->P);
    break;
  }
  default:
    break;
  }
  tile_end(jb, t, saved);
}

/* Tile number `ti` of a job whose errors are not plain squared errors (another
 * performance function, or normalized errors): run_tile with tile_loss in
 * place of tile_errors.  A function of its own, so that the compiler's code
 * for run_tile, the path of plain squared errors, does not depend on it
 * (in one function, the inlined Jacobian loops took 3% more instructions). */
static void run_tile_loss(const job *jb, size_t ti, int thr) {
  clm_evalws *ws = jb->ws;
  double *saved[CLM_MAX_LAYERS + 1];
  size_t p0, nb;
  tbuf *t = tile_begin(jb, ti, thr, &p0, &nb, saved);
  switch (jb->kind) {
  case TILE_OUT:
    tile_outputs(jb, t, p0, nb, jb->Y + p0 * ws->n_out);
    break;
  case TILE_SSE:
    tile_loss(jb, t, p0, nb, jb->loss, U_NONE, NULL, &ws->tsse[ti], &ws->tcnt[ti]);
    break;
  case TILE_JE:
    tile_loss(jb, t, p0, nb, jb->loss, U_GRAD, NULL, &ws->tsse[ti], &ws->tcnt[ti]);
    if (ws->general)
      tile_je_general(jb, t, nb, ws->tg + ti * ws->P);
    else
      tile_je(jb, t, nb, ws->tg + ti * ws->P);
    break;
  case TILE_JAC: {
    size_t r0 = ti * ws->ts * ws->K;
    tile_loss(jb, t, p0, nb, CLM_LOSS_SQUARED, U_JAC, jb->eo + r0, &ws->tsse[ti], &ws->tcnt[ti]);
    if (ws->general)
      tile_jac_general(jb, t, nb, jb->Jo + r0 * ws->P);
    else
      tile_jac(jb, t, nb, jb->Jo + r0 * ws->P);
    break;
  }
  default:
    break;
  }
  tile_end(jb, t, saved);
}

/* Run `ntiles` tiles of the group starting at position jb->p_first, in
 * parallel when there is enough work.  Results never depend on how. */
static void run_group(const job *jb, size_t ntiles, double work_factor) {
  clm_evalws *ws = jb->ws;
  double work = (double)(ntiles * ws->ts) * ws->flops_per_sample * work_factor;
  int par = ws->nthr > 1 && ntiles > 1 && work >= CLM_PAR_FLOPS; /* work 0: always serial */
  if (ws->follow_threads > 1) par = 0;
  /* plain squared errors take run_tile's fast paths, the rest tile_loss */
  const int plain = jb->loss == CLM_LOSS_SQUARED && !ws->has_en;
  if (par) {
#pragma omp parallel for schedule(dynamic, 1) num_threads(ws->nthr)
    for (size_t ti = 0; ti < ntiles; ti++) {
#ifdef _OPENMP
      int thr = omp_get_thread_num();
#else
      int thr = 0;
#endif
      if (plain)
        run_tile(jb, ti, thr);
      else
        run_tile_loss(jb, ti, thr);
    }
  } else if (plain) {
    for (size_t ti = 0; ti < ntiles; ti++) run_tile(jb, ti, 0);
  } else {
    for (size_t ti = 0; ti < ntiles; ti++) run_tile_loss(jb, ti, 0);
  }
}

/* Checks a call; *base receives idx[0] when idx lists consecutive samples
 * (then the job runs with idx = NULL, reading the inputs in place), else 0. */
static int check_call(const clm_evalws *ws, const clm_net *net, const double *wb,
                      const clm_data *d, const size_t **idx, size_t n, size_t *base) {
  *base = 0;
  if (!ws || !net || !wb || !d) return CLM_ENULL;
  if (!net->configured) return CLM_ENOTCONFIGURED;
  if (net->n_wb != ws->P || net->n_layers != ws->L || net->n_outputs != ws->n_out ||
      net->size[net->n_layers] != ws->K || net->size[0] != ws->size[0])
    return CLM_ESIZE;
  for (size_t l = 1; l <= ws->L; l++)
    if (net->src[l] != ws->src[l]) return CLM_ESIZE;
  if (n > ws->Q_max) return CLM_ESIZE;
  if (n && ((!d->Xp && ws->size[0]) || !d->T)) return CLM_ENULL;
  const size_t *ix = *idx;
  if (ix) {
    /* no early exit: the loop vectorises (it runs on every call) */
    int contig = 1, bad = 0;
    const size_t Q = d->Q, i0 = n ? ix[0] : 0;
    for (size_t p = 0; p < n; p++) {
      bad |= ix[p] >= Q;
      contig &= ix[p] == i0 + p;
    }
    if (bad) return CLM_ESIZE;
    if (contig && n) {
      *base = ix[0];
      *idx = NULL;
    }
  } else if (n > d->Q) {
    return CLM_ESIZE;
  }
  return CLM_OK;
}

/* ---------------------------------------------------------------- drivers */

/* The sum of the terms of loss `loss` (clm__eval_sse, clm__eval_loss). */
static int eval_sum(clm_evalws *ws, const clm_net *net, const double *wb, const clm_data *d,
                    const size_t *idx, size_t n, int loss, double *sse, size_t *count) {
  size_t base;
  int st = check_call(ws, net, wb, d, &idx, n, &base);
  if (st) return st;
  if (!sse || !count) return CLM_ENULL;
  job jb = {ws, net, wb, d, idx, base, n, 0, TILE_SSE, NULL, 0, NULL, NULL, loss};
  if (ws->fc) {
    ws->fc->valid = 0;
    jb.fc_mode = 1;
  }
  double s = 0.0;
  size_t c = 0, gs = ws->sup_alloc * ws->ts;
  for (size_t p = 0; p < n; p += gs) {
    size_t nt = ceil_div((n - p < gs ? n - p : gs), ws->ts);
    jb.p_first = p;
    run_group(&jb, nt, 1.0);
    for (size_t ti = 0; ti < nt; ti++) {
      s += ws->tsse[ti];
      c += ws->tcnt[ti];
    }
  }
  if (ws->fc) {
    clm_evalcache *c = ws->fc;
    c->valid = 1;
    c->d = d;
    c->idx = idx;
    c->base = base;
    c->n = n;
    memcpy(c->wb, wb, ws->P * sizeof *wb);
  }
  *sse = s;
  *count = c;
  return CLM_OK;
}

int clm__eval_sse(clm_evalws *ws, const clm_net *net, const double *wb, const clm_data *d,
                  const size_t *idx, size_t n, double *sse, size_t *count) {
  return eval_sum(ws, net, wb, d, idx, n, CLM_LOSS_SQUARED, sse, count);
}

int clm__eval_loss(clm_evalws *ws, const clm_net *net, const double *wb, const clm_data *d,
                   const size_t *idx, size_t n, double *sum, size_t *count) {
  if (!ws) return CLM_ENULL;
  return eval_sum(ws, net, wb, d, idx, n, (int)ws->loss, sum, count);
}

int clm__eval_outputs(clm_evalws *ws, const clm_net *net, const double *wb, const clm_data *d,
                      const size_t *idx, size_t n, double *Y) {
  size_t base;
  int st = check_call(ws, net, wb, d, &idx, n, &base);
  if (st) return st;
  if (!Y) return CLM_ENULL;
  job jb = {ws, net, wb, d, idx, base, n, 0, TILE_OUT, Y, 0, NULL, NULL, CLM_LOSS_SQUARED};
  size_t gs = ws->sup_alloc * ws->ts;
  for (size_t p = 0; p < n; p += gs) {
    size_t nt = ceil_div((n - p < gs ? n - p : gs), ws->ts);
    jb.p_first = p;
    run_group(&jb, nt, 1.0);
  }
  return CLM_OK;
}

/* Half the gradient of the sum of the terms of loss `loss` (J'e for
 * squared errors), with the sum and count (clm__eval_je,
 * clm__eval_loss_grad). */
static int eval_grad(clm_evalws *ws, const clm_net *net, const double *wb, const clm_data *d,
                     const size_t *idx, size_t n, int loss, double *JE, double *sse,
                     size_t *count) {
  size_t base;
  int st = check_call(ws, net, wb, d, &idx, n, &base);
  if (st) return st;
  if (!JE || !sse || !count) return CLM_ENULL;
  size_t P = ws->P;
  job jb = {ws, net, wb, d, idx, base, n, 0, TILE_JE, NULL, 0, NULL, NULL, loss};
  double s = 0.0;
  size_t c = 0, gs = ws->sup_alloc * ws->ts;
  for (size_t i = 0; i < P; i++) JE[i] = 0.0;
  for (size_t p = 0; p < n; p += gs) {
    size_t nt = ceil_div((n - p < gs ? n - p : gs), ws->ts);
    jb.p_first = p;
    run_group(&jb, nt, 2.0);
    for (size_t ti = 0; ti < nt; ti++) {
      s += ws->tsse[ti];
      c += ws->tcnt[ti];
      const double *g = ws->tg + ti * P;
      for (size_t i = 0; i < P; i++) JE[i] += g[i];
    }
  }
  *sse = s;
  *count = c;
  return CLM_OK;
}

int clm__eval_je(clm_evalws *ws, const clm_net *net, const double *wb, const clm_data *d,
                 const size_t *idx, size_t n, double *JE, double *sse, size_t *count) {
  return eval_grad(ws, net, wb, d, idx, n, CLM_LOSS_SQUARED, JE, sse, count);
}

int clm__eval_loss_grad(clm_evalws *ws, const clm_net *net, const double *wb,
                        const clm_data *d, const size_t *idx, size_t n, double *G,
                        double *sum, size_t *count) {
  if (!ws) return CLM_ENULL;
  return eval_grad(ws, net, wb, d, idx, n, (int)ws->loss, G, sum, count);
}

int clm__eval_jacobian(clm_evalws *ws, const clm_net *net, const double *wb, const clm_data *d,
                       const size_t *idx, size_t n, clm_jblock_fn sink, void *sink_state,
                       double *sse, size_t *count) {
  size_t base;
  int st = check_call(ws, net, wb, d, &idx, n, &base);
  if (st) return st;
  if (!sink || !sse || !count) return CLM_ENULL;
  job jb = {ws, net, wb, d, idx, base, n, 0, TILE_JAC, NULL, 0, NULL, NULL, CLM_LOSS_SQUARED};
  const clm_evalcache *fc = ws->fc;
  if (fc && fc->valid && fc->d == d && fc->idx == idx && fc->base == base && fc->n == n &&
      memcmp(fc->wb, wb, ws->P * sizeof *wb) == 0)
    jb.fc_mode = 2;
  double s = 0.0;
  size_t c = 0, gs = ws->tb_alloc * ws->ts;
  /* The J block work is about (K+1) forward passes plus writing K*P values
   * per sample; the factor only decides whether to open a parallel region.
   * The usual sink (J'J by cblas_dsyrk) costs about P^2 flops per row and
   * runs on the BLAS's own threads right after each block.  OpenMP workers
   * keep spinning for a while after a parallel region and then steal the
   * cores from those BLAS threads (measured on 2 cores: 4x slower J'J), so
   * when the BLAS is multi-threaded and producing J is small next to the
   * J'J (production per row < P^2/4, i.e. whenever P is more than a few
   * dozen), J is produced by one thread.  With a single-threaded BLAS (or a
   * sink that does little on the CPU) the tiles run in parallel.  Results
   * are identical either way: tiles are computed the same on any thread. */
  double per_row = ws->flops_per_sample * (1.0 + 1.0 / (double)(ws->K ? ws->K : 1)) + 2.0 * (double)ws->P;
  double wf = 1.0 + (double)ws->K * (1.0 + (double)ws->P / ws->flops_per_sample);
  if (ws->follow_threads > 1 && per_row < 0.25 * (double)ws->P * (double)ws->P)
    wf = 0.0;
  for (size_t p = 0; p < n; p += gs) {
    size_t m = n - p < gs ? n - p : gs;
    size_t nt = ceil_div(m, ws->ts);
    jb.p_first = p;
    jb.Jo = ws->J;
    jb.eo = ws->e;
    if (ws->jbuf && ws->K) { /* the sink's own buffer, when it offers one */
      double *bJ = NULL, *be = NULL;
      st = ws->jbuf(sink_state, m * ws->K, &bJ, &be);
      if (st) return st;
      if (bJ && be) {
        jb.Jo = bJ;
        jb.eo = be;
      }
    }
    run_group(&jb, nt, wf);
    for (size_t ti = 0; ti < nt; ti++) {
      s += ws->tsse[ti];
      c += ws->tcnt[ti];
    }
    if (ws->K) {
      st = sink(sink_state, jb.Jo, jb.eo, m * ws->K, ws->P);
      if (st) return st;
    }
  }
  *sse = s;
  *count = c;
  return CLM_OK;
}

void clm__jejj_accumulate(double *JJ, double *JE, const double *J, const double *e, size_t m,
                          size_t P) {
  if (!m || !P) return;
  /* J is m x P row-major, i.e. J' is P x m column-major with ld P:
   * JJ += (J')(J')' = J'J (upper), JE += J' e. */
  cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, (int)P, (int)m, 1.0, J, (int)P, 1.0, JJ,
              (int)P);
  cblas_dgemv(CblasColMajor, CblasNoTrans, (int)P, (int)m, 1.0, J, (int)P, e, 1, 1.0, JE, 1);
}
