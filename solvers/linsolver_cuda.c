/* chaoslm — the CUDA linear-solver backend for trainlm (cuBLAS + cuSOLVER).
 *
 * Math.  Per epoch trainlm needs, for the Jacobian J (n x P, delivered in row
 * blocks J_k of m_k rows, row-major) and the error vector e,
 *     JJ = sum_k J_k' J_k          (symmetric, upper triangle kept)
 *     JE = sum_k J_k' e_k
 * and then, for each mu trial, the Cholesky factor of
 *     A = scale*JJ + mu*I = U'U    and the solution of A x = b.
 * A row-major m x P block is, read column-major, the P x m matrix J_k' with
 * leading dimension P, so J_k'J_k is cublasDsyrk(UPPER, N, n=P, k=m) with
 * beta = 1 (accumulate) and J_k'e_k is cublasDgemv(N, P, m) with beta = 1.
 * A is built on the device: cublasDgeam writes scale*JJ into the factor
 * buffer and cublasDaxpy adds mu to its diagonal (a ones vector added with
 * incy = P+1, which walks the diagonal of a column-major P x P matrix).
 * cusolverDnDpotrf factors it; info > 0 (a leading minor not positive) is
 * reported as CLM_ENOTPD, which trainlm treats as a rejected step;
 * cusolverDnDpotrs solves with the factor.
 *
 * Near-singular steps.  The CPU backend also rejects a factor whose
 * reciprocal condition number (LAPACK DPOCON's 1-norm estimate) is below
 * DBL_EPSILON, as MATLAB rejects a step when backslash warns "close to
 * singular".  For the same training records the CUDA backend does the same
 * test: DPOCON is LAPACK's DLACN2 (Hager/Higham estimator of ||A^-1||_1) run
 * on the host, with its products A^-1 x done by cusolverDnDpotrs on the
 * device (a few P-vectors cross PCIe), and ||A||_1 is exact from two per-epoch
 * host vectors: off_j = sum_{i != j} |JJ_ij| and d_j = JJ_jj give
 * ||A||_1 = max_j (|scale| off_j + |scale d_j + mu|).  They are computed in
 * end() from the upper triangle of JJ, copied back in column panels through
 * the pinned buffers (P^2/2 doubles once per epoch, against the n*P of J
 * going the other way).
 *
 * The cost model is the one of
 * reference/peers.md (appendix): n P^2 flops of SYRK dominate, then P^3/3 of
 * POTRF, then the 8 n P bytes of J that must cross PCIe.
 *
 * Data movement.  Rows handed to accumulate() are appended to one of two
 * pinned host buffers (chunks of `chunk_rows` rows, at least the evaluator's
 * block size and about 32 MiB, so SYRK sees a large k).  A full chunk is
 * sent on the copy stream and reduced on the compute stream; meanwhile the
 * host goes back to computing the next Jacobian block and filling the other
 * buffer.  Events keep the ping-pong safe: the host waits on `ev_copied[k]`
 * before overwriting host buffer k, the copy stream waits on `ev_used[k]`
 * before overwriting device buffer k.  So the host computation, the PCIe
 * copy of chunk c+1 and the SYRK of chunk c all overlap.
 *
 * Everything (handles, streams, events, the POTRF workspace from its
 * bufferSize query, device and pinned memory) is allocated in alloc(); the
 * epoch entry points only launch work and synchronise.
 *
 * Binding.  The CUDA entry points are listed once (CLM_CUDA_SYMS, an X-macro)
 * and always called through a table kept in the backend state.  By default
 * the table holds the addresses of the linked functions (-lcusolver -lcublas
 * -lcudart); with CLM_CUDA_DLOPEN defined (configure --enable-cuda-dlopen)
 * it is filled with dlsym from libraries opened at run time, so one binary
 * runs with or without CUDA installed.  The library has no mutable globals,
 * so the dlopen'ed table is loaded per available()/alloc() call; the
 * libraries are opened with RTLD_NODELETE so that the second and later loads
 * only cost a few dlsym lookups (the first load maps cuBLAS, ~0.1 s).
 *
 * Sources: cuBLAS and cuSOLVER documentation (CUDA 13); reference/peers.md
 * (LM roofline); reference/build-notes.md (host-only CUDA, dlopen table).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cuda_runtime_api.h>
#include <cublas_v2.h>
#include <cusolverDn.h>
#ifdef CLM_CUDA_DLOPEN
#include <dlfcn.h>
#endif
#ifdef _OPENMP
#include <omp.h>
#endif

#ifdef CLM_CUDA_MOCK
/* Test build (tests/test_linsolver_mock): the table is filled from host
 * stand-ins in tests/cuda_mock.c and the backend gets another name, so that
 * the bookkeeping (chunks, panels, rcond loop, error paths) runs on a
 * machine without a GPU next to the real table in libclm_core. */
#define clm__linsolver_cuda clm__linsolver_cuda_mock
#endif
#include "linsolver.h"
#include "cuda_api.h"

/* LAPACK's 1-norm estimator (reverse communication), from the LAPACK that
 * LAPACKE sits on; no character arguments, so no hidden lengths. */
void dlacn2_(const int *n, double *v, double *x, int *isgn, double *est, int *kase, int *isave);

/* ------------------------------------------------------------------ table */


#ifdef CLM_CUDA_MOCK
void clm__cuda_mock_fill(clm_cuda_api *api);
#endif

static void cuda_api_unload(clm_cuda_api *api) {
#ifdef CLM_CUDA_DLOPEN
  for (int i = 2; i >= 0; i--)
    if (api->lib[i]) dlclose(api->lib[i]);
#endif
  memset(api, 0, sizeof *api);
}

/* Fill api from the first nlib libraries (1: cudart only, enough for the
 * device query; 3: all); 0 on success, else -1 with a reason in why. */
static int cuda_api_load(clm_cuda_api *api, int nlib, char *why, size_t why_len) {
  memset(api, 0, sizeof *api);
#if defined(CLM_CUDA_MOCK)
  (void)nlib;
  (void)why;
  (void)why_len;
  clm__cuda_mock_fill(api);
#elif defined(CLM_CUDA_DLOPEN)
  /* Sonames pinned to the majors of the headers used for the build. */
  char name[3][40];
  snprintf(name[0], sizeof name[0], "libcudart.so.%d", CUDART_VERSION / 1000);
  snprintf(name[1], sizeof name[1], "libcublas.so.%d", CUBLAS_VER_MAJOR);
  snprintf(name[2], sizeof name[2], "libcusolver.so.%d", CUSOLVER_VER_MAJOR);
  for (int i = 0; i < nlib; i++) {
    api->lib[i] = dlopen(name[i], RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!api->lib[i]) {
      if (why && why_len) snprintf(why, why_len, "cannot load %.39s", name[i]);
      cuda_api_unload(api);
      return -1;
    }
  }
#define CLM_CUDA_SYM_(L, f)                                                    \
  if (L < nlib) *(void **)(&api->f) = dlsym(api->lib[L], #f);                              \
  if (L < nlib && !api->f) {                                                   \
    if (why && why_len) snprintf(why, why_len, "%.39s lacks %.40s", name[L], #f);   \
    cuda_api_unload(api);                                                      \
    return -1;                                                                 \
  }
  CLM_CUDA_SYMS(CLM_CUDA_SYM_)
#undef CLM_CUDA_SYM_
#else
  (void)nlib;
  (void)why;
  (void)why_len;
#define CLM_CUDA_SYM_(L, f) api->f = &f;
  CLM_CUDA_SYMS(CLM_CUDA_SYM_)
#undef CLM_CUDA_SYM_
#endif
  return 0;
}

/* ------------------------------------------------------------------ state */

typedef struct cuda_state {
  clm_cuda_api api;
  size_t P, chunk_rows;
  int threads;
  cudaStream_t s_copy, s_comp;
  cudaEvent_t ev_copied[2], ev_used[2];
  cublasHandle_t blas;
  cusolverDnHandle_t sol;
  /* device */
  double *dJJ, *dA, *dJE, *dJ[2], *dE[2], *dOnes, *dB, *dWork;
  int *dInfo;
  int lwork;
  /* pinned host */
  double *hJ[2], *hE[2], *hVec; /* hVec: 2P (JE and diag; b and x) */
  int *hInfo;
  /* host: per-epoch 1-norm pieces of JJ, DLACN2 scratch */
  double *off, *dg, *v, *x;
  int *isgn;
  /* ping-pong bookkeeping */
  size_t fill;      /* rows in hJ[cur] not yet sent */
  int cur;          /* host buffer being filled */
  int in_flight[2]; /* a copy from hJ[k] was launched and not yet waited on */
  int factored;     /* dA holds a valid factor */
} cuda_state;

/* Target bytes of one pinned chunk: big enough that SYRK runs at speed and
 * the launch and event costs vanish, small enough that the last chunk of an
 * epoch (not overlapped with anything) is short. */
#ifndef CLM_CUDA_CHUNK_BYTES
#define CLM_CUDA_CHUNK_BYTES ((size_t)32 << 20)
#endif

static int cuda_fail(cudaError_t e) {
  return e == cudaErrorMemoryAllocation ? CLM_ENOMEM : CLM_EDEVICE;
}

#define CU_RT(call)                                                            \
  do {                                                                         \
    cudaError_t e_ = (call);                                                   \
    if (e_ != cudaSuccess) return cuda_fail(e_);                               \
  } while (0)
#define CU_BLAS(call)                                                          \
  do {                                                                         \
    if ((call) != CUBLAS_STATUS_SUCCESS) return CLM_EDEVICE;                   \
  } while (0)
#define CU_SOL(call)                                                           \
  do {                                                                         \
    if ((call) != CUSOLVER_STATUS_SUCCESS) return CLM_EDEVICE;                 \
  } while (0)

/* ------------------------------------------------------------- available */

static int cuda_available(char *why, size_t why_len) {
  clm_cuda_api api;
  char reason[96];
  /* cudart alone: a CPU-only process never maps cuBLAS (~260 MB RSS). */
  if (cuda_api_load(&api, 1, reason, sizeof reason) != 0) {
    if (why && why_len) snprintf(why, why_len, "%s", reason);
    return 0;
  }
  int n = 0;
  cudaError_t e = api.cudaGetDeviceCount(&n);
  int ok = 0;
  /* On error the count is left untouched (build-notes): never read it then. */
  if (e != cudaSuccess) {
    if (why && why_len)
      snprintf(why, why_len, "cuda error %d: %s", (int)e,
               api.cudaGetErrorString(e));
  } else if (n < 1) {
    if (why && why_len) snprintf(why, why_len, "no CUDA device");
  } else {
    ok = 1;
    if (why && why_len) snprintf(why, why_len, "%d CUDA device%s", n, n > 1 ? "s" : "");
  }
  cuda_api_unload(&api);
  return ok;
}

/* ------------------------------------------------------------- alloc/free */

static void cuda_free(void *state) {
  cuda_state *s = state;
  if (!s) return;
  clm_cuda_api *a = &s->api;
  if (a->cudaFree) { /* the table was loaded: release what was made */
    if (s->s_comp) (void)a->cudaStreamSynchronize(s->s_comp);
    if (s->s_copy) (void)a->cudaStreamSynchronize(s->s_copy);
    if (s->sol) (void)a->cusolverDnDestroy(s->sol);
    if (s->blas) (void)a->cublasDestroy_v2(s->blas);
    for (int k = 0; k < 2; k++) {
      if (s->ev_copied[k]) (void)a->cudaEventDestroy(s->ev_copied[k]);
      if (s->ev_used[k]) (void)a->cudaEventDestroy(s->ev_used[k]);
      if (s->dJ[k]) (void)a->cudaFree(s->dJ[k]);
      if (s->dE[k]) (void)a->cudaFree(s->dE[k]);
      if (s->hJ[k]) (void)a->cudaFreeHost(s->hJ[k]);
      if (s->hE[k]) (void)a->cudaFreeHost(s->hE[k]);
    }
    if (s->s_copy) (void)a->cudaStreamDestroy(s->s_copy);
    if (s->s_comp) (void)a->cudaStreamDestroy(s->s_comp);
    double *dev[] = {s->dJJ, s->dA, s->dJE, s->dOnes, s->dB, s->dWork};
    for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++)
      if (dev[i]) (void)a->cudaFree(dev[i]);
    if (s->dInfo) (void)a->cudaFree(s->dInfo);
    if (s->hVec) (void)a->cudaFreeHost(s->hVec);
    if (s->hInfo) (void)a->cudaFreeHost(s->hInfo);
  }
  free(s->off);
  free(s->dg);
  free(s->v);
  free(s->x);
  free(s->isgn);
  cuda_api_unload(&s->api);
  free(s);
}

/* The body of alloc; on failure the caller frees the half-built state. */
static int cuda_alloc_into(cuda_state *s, size_t P, size_t max_rows) {
  clm_cuda_api *a = &s->api;
  if (cuda_api_load(a, 3, NULL, 0) != 0) return CLM_EDEVICE;
  int ndev = 0;
  if (a->cudaGetDeviceCount(&ndev) != cudaSuccess || ndev < 1) return CLM_EDEVICE;

  /* Chunk rows: at least the evaluator's block, about CHUNK_BYTES, and an
   * int for cuBLAS. */
  size_t rows = CLM_CUDA_CHUNK_BYTES / (P * sizeof(double));
  if (rows < max_rows) rows = max_rows;
  if (rows < 1) rows = 1;
  if (rows > (size_t)INT_MAX) rows = (size_t)INT_MAX;
  if (rows > SIZE_MAX / sizeof(double) / P) return CLM_ENOMEM;
  s->chunk_rows = rows;
  size_t jbytes = rows * P * sizeof(double);

  s->off = calloc(P, sizeof *s->off);
  s->dg = calloc(P, sizeof *s->dg);
  s->v = calloc(P, sizeof *s->v);
  s->x = calloc(P, sizeof *s->x);
  s->isgn = calloc(P, sizeof *s->isgn);
  if (!s->off || !s->dg || !s->v || !s->x || !s->isgn) return CLM_ENOMEM;

  CU_RT(a->cudaStreamCreateWithFlags(&s->s_copy, cudaStreamNonBlocking));
  CU_RT(a->cudaStreamCreateWithFlags(&s->s_comp, cudaStreamNonBlocking));
  for (int k = 0; k < 2; k++) {
    CU_RT(a->cudaEventCreateWithFlags(&s->ev_copied[k], cudaEventDisableTiming));
    CU_RT(a->cudaEventCreateWithFlags(&s->ev_used[k], cudaEventDisableTiming));
    CU_RT(a->cudaMalloc((void **)&s->dJ[k], jbytes));
    CU_RT(a->cudaMalloc((void **)&s->dE[k], rows * sizeof(double)));
    CU_RT(a->cudaHostAlloc((void **)&s->hJ[k], jbytes, cudaHostAllocDefault));
    CU_RT(a->cudaHostAlloc((void **)&s->hE[k], rows * sizeof(double), cudaHostAllocDefault));
  }
  CU_BLAS(a->cublasCreate_v2(&s->blas));
  CU_BLAS(a->cublasSetStream_v2(s->blas, s->s_comp));
  CU_SOL(a->cusolverDnCreate(&s->sol));
  CU_SOL(a->cusolverDnSetStream(s->sol, s->s_comp));

  size_t pp = P * P * sizeof(double);
  CU_RT(a->cudaMalloc((void **)&s->dJJ, pp));
  CU_RT(a->cudaMalloc((void **)&s->dA, pp));
  CU_RT(a->cudaMalloc((void **)&s->dJE, P * sizeof(double)));
  CU_RT(a->cudaMalloc((void **)&s->dOnes, P * sizeof(double)));
  CU_RT(a->cudaMalloc((void **)&s->dB, P * sizeof(double)));
  CU_RT(a->cudaMalloc((void **)&s->dInfo, sizeof(int)));
  CU_RT(a->cudaHostAlloc((void **)&s->hVec, 2 * P * sizeof(double), cudaHostAllocDefault));
  CU_RT(a->cudaHostAlloc((void **)&s->hInfo, sizeof(int), cudaHostAllocDefault));

  CU_SOL(a->cusolverDnDpotrf_bufferSize(s->sol, CUBLAS_FILL_MODE_UPPER, (int)P, s->dA,
                                        (int)P, &s->lwork));
  CU_RT(a->cudaMalloc((void **)&s->dWork,
                      (s->lwork > 0 ? (size_t)s->lwork : 1) * sizeof(double)));

  /* The ones vector for the diagonal update (hVec is free scratch here). */
  for (size_t i = 0; i < P; i++) s->hVec[i] = 1.0;
  CU_RT(a->cudaMemcpy(s->dOnes, s->hVec, P * sizeof(double), cudaMemcpyHostToDevice));
  CU_RT(a->cudaMemsetAsync(s->dJJ, 0, pp, s->s_comp));
  CU_RT(a->cudaMemsetAsync(s->dJE, 0, P * sizeof(double), s->s_comp));
  CU_RT(a->cudaStreamSynchronize(s->s_comp));
  return CLM_OK;
}

static int cuda_alloc(void **state, size_t P, size_t max_rows, int threads) {
  if (!state) return CLM_ENULL;
  *state = NULL;
  /* cuBLAS/cuSOLVER take int sizes; P*P doubles must be addressable. */
  if (P == 0 || P > (size_t)INT_MAX - 1 || P > SIZE_MAX / sizeof(double) / P) return CLM_ESIZE;
  cuda_state *s = calloc(1, sizeof *s);
  if (!s) return CLM_ENOMEM;
  s->P = P;
  s->threads = threads;
  int st = cuda_alloc_into(s, P, max_rows);
  if (st != CLM_OK) {
    cuda_free(s);
    return st;
  }
  *state = s;
  return CLM_OK;
}

/* ------------------------------------------------------------ accumulate */

/* Wait until the host may write into hJ[k]/hE[k]. */
static int host_buffer_wait(cuda_state *s, int k) {
  if (s->in_flight[k]) {
    CU_RT(s->api.cudaEventSynchronize(s->ev_copied[k]));
    s->in_flight[k] = 0;
  }
  return CLM_OK;
}

/* Send the rows gathered in hJ[cur] and reduce them into JJ and JE. */
static int chunk_flush(cuda_state *s) {
  if (s->fill == 0) return CLM_OK;
  clm_cuda_api *a = &s->api;
  const int k = s->cur;
  const int P = (int)s->P, m = (int)s->fill;
  const double one = 1.0;
  /* The copy may only overwrite dJ[k] once the SYRK that read it is done
   * (waiting on a never-recorded event returns at once). */
  CU_RT(a->cudaStreamWaitEvent(s->s_copy, s->ev_used[k], 0));
  CU_RT(a->cudaMemcpyAsync(s->dJ[k], s->hJ[k], s->fill * s->P * sizeof(double),
                           cudaMemcpyHostToDevice, s->s_copy));
  CU_RT(a->cudaMemcpyAsync(s->dE[k], s->hE[k], s->fill * sizeof(double),
                           cudaMemcpyHostToDevice, s->s_copy));
  CU_RT(a->cudaEventRecord(s->ev_copied[k], s->s_copy));
  s->in_flight[k] = 1;
  CU_RT(a->cudaStreamWaitEvent(s->s_comp, s->ev_copied[k], 0));
  /* Row-major m x P is column-major P x m (= J'), ld P: JJ += J'(J')'. */
  CU_BLAS(a->cublasDsyrk_v2(s->blas, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N, P, m, &one,
                            s->dJ[k], P, &one, s->dJJ, P));
  CU_BLAS(a->cublasDgemv_v2(s->blas, CUBLAS_OP_N, P, m, &one, s->dJ[k], P, s->dE[k], 1,
                            &one, s->dJE, 1));
  CU_RT(a->cudaEventRecord(s->ev_used[k], s->s_comp));
  s->cur ^= 1;
  s->fill = 0;
  return CLM_OK;
}

/* Copy `bytes` bytes; large copies into pinned memory use the host threads
 * (one thread reaches only part of the memory bandwidth). */
static void copy_rows(double *dst, const double *src, size_t n, int threads) {
  if (n * sizeof(double) < ((size_t)4 << 20) || threads == 1) {
    memcpy(dst, src, n * sizeof(double));
    return;
  }
#ifdef _OPENMP
  int nt = threads > 0 ? threads : omp_get_max_threads();
  const size_t piece = (n + (size_t)nt - 1) / (size_t)nt;
#pragma omp parallel for num_threads(nt) schedule(static)
  for (int t = 0; t < nt; t++) {
    size_t lo = (size_t)t * piece;
    if (lo < n) memcpy(dst + lo, src + lo, (lo + piece > n ? n - lo : piece) * sizeof(double));
  }
#else
  memcpy(dst, src, n * sizeof(double));
#endif
}

static int cuda_accumulate(void *state, const double *J, const double *e, size_t m, size_t P) {
  cuda_state *s = state;
  if (!s) return CLM_ENULL;
  if (P != s->P) return CLM_ESIZE;
  if (m == 0) return CLM_OK;
  if (!J || !e) return CLM_ENULL;
  while (m > 0) {
    if (s->fill == 0) {
      int st = host_buffer_wait(s, s->cur);
      if (st != CLM_OK) return st;
    }
    size_t take = s->chunk_rows - s->fill;
    if (take > m) take = m;
    copy_rows(s->hJ[s->cur] + s->fill * P, J, take * P, s->threads);
    memcpy(s->hE[s->cur] + s->fill, e, take * sizeof(double));
    s->fill += take;
    J += take * P;
    e += take;
    m -= take;
    if (s->fill == s->chunk_rows) {
      int st = chunk_flush(s);
      if (st != CLM_OK) return st;
    }
  }
  return CLM_OK;
}

/* ----------------------------------------------------- begin/end/factor */

static int cuda_sync_all(cuda_state *s) {
  CU_RT(s->api.cudaStreamSynchronize(s->s_copy));
  CU_RT(s->api.cudaStreamSynchronize(s->s_comp));
  s->in_flight[0] = s->in_flight[1] = 0;
  return CLM_OK;
}

static int cuda_begin(void *state) {
  cuda_state *s = state;
  if (!s) return CLM_ENULL;
  /* An epoch abandoned halfway may have left copies in flight. */
  int st = cuda_sync_all(s);
  if (st != CLM_OK) return st;
  s->fill = 0;
  s->cur = 0;
  CU_RT(s->api.cudaMemsetAsync(s->dJJ, 0, s->P * s->P * sizeof(double), s->s_comp));
  CU_RT(s->api.cudaMemsetAsync(s->dJE, 0, s->P * sizeof(double), s->s_comp));
  return CLM_OK;
}

/* Fold columns [j0, j1) of the upper triangle of JJ (held column-major with
 * leading dimension ld, rows 0..j1-1) into off[] and dg[]. */
static void norm_panel(cuda_state *s, const double *C, size_t ld, size_t j0, size_t j1) {
  for (size_t j = j0; j < j1; j++) {
    const double *col = C + (j - j0) * ld;
    /* Four partial sums: the loop runs at memory speed, not at the latency
     * of one dependent addition per element. */
    double c0 = 0.0, c1 = 0.0, c2 = 0.0, c3 = 0.0;
    size_t i = 0;
    for (; i + 4 <= j; i += 4) {
      double v0 = fabs(col[i]), v1 = fabs(col[i + 1]), v2 = fabs(col[i + 2]),
             v3 = fabs(col[i + 3]);
      c0 += v0;
      c1 += v1;
      c2 += v2;
      c3 += v3;
      /* JJ_ij is also in row j of column i (symmetry) */
      s->off[i] += v0;
      s->off[i + 1] += v1;
      s->off[i + 2] += v2;
      s->off[i + 3] += v3;
    }
    for (; i < j; i++) {
      double v = fabs(col[i]);
      c0 += v;
      s->off[i] += v;
    }
    s->off[j] += (c0 + c1) + (c2 + c3);
    s->dg[j] = col[j];
  }
}

/* off[] and dg[] from the upper triangle of the device JJ: column panels of
 * at most chunk_rows*P doubles go through the two pinned buffers, the copy
 * of panel k+1 overlapping the host pass over panel k. */
static int norm_pieces(cuda_state *s) {
  clm_cuda_api *a = &s->api;
  const size_t P = s->P, cap = s->chunk_rows * P;
  memset(s->off, 0, P * sizeof *s->off);
  size_t j0 = 0, pend_j0 = 0, pend_j1 = 0;
  int k = 0, pending = 0;
  while (j0 < P || pending) {
    size_t j1 = j0;
    if (j0 < P) {
      /* Columns j0.. with rows 0..j1-1 each: width w fits when j1*w <= cap. */
      size_t w = 1;
      while (j0 + w < P && (j0 + w + 1) * (w + 1) <= cap) w++;
      j1 = j0 + w;
      CU_RT(a->cudaMemcpy2DAsync(s->hJ[k], j1 * sizeof(double), s->dJJ + j0 * P,
                                 P * sizeof(double), j1 * sizeof(double), w,
                                 cudaMemcpyDeviceToHost, s->s_comp));
      CU_RT(a->cudaEventRecord(s->ev_copied[k], s->s_comp));
    }
    if (pending) { /* the previous panel, in the other buffer */
      CU_RT(a->cudaEventSynchronize(s->ev_copied[k ^ 1]));
      norm_panel(s, s->hJ[k ^ 1], pend_j1, pend_j0, pend_j1);
      pending = 0;
    }
    if (j1 > j0) {
      pend_j0 = j0;
      pend_j1 = j1;
      pending = 1;
      j0 = j1;
      k ^= 1;
    }
  }
  return CLM_OK;
}

static int cuda_end(void *state, double *JE, double *diag) {
  cuda_state *s = state;
  if (!s) return CLM_ENULL;
  clm_cuda_api *a = &s->api;
  int st = chunk_flush(s);
  if (st == CLM_OK) st = cuda_sync_all(s);
  if (st == CLM_OK) st = norm_pieces(s);
  if (st != CLM_OK) return st;
  CU_RT(a->cudaMemcpyAsync(s->hVec, s->dJE, s->P * sizeof(double), cudaMemcpyDeviceToHost,
                           s->s_comp));
  st = cuda_sync_all(s);
  if (st != CLM_OK) return st;
  if (JE) memcpy(JE, s->hVec, s->P * sizeof(double));
  if (diag) memcpy(diag, s->dg, s->P * sizeof(double));
  return CLM_OK;
}

/* x := A^-1 x with the factor in dA (x: host, P). */
static int device_solve(cuda_state *s, double *x) {
  clm_cuda_api *a = &s->api;
  const int P = (int)s->P;
  const size_t bytes = s->P * sizeof(double);
  memcpy(s->hVec, x, bytes);
  CU_RT(a->cudaMemcpyAsync(s->dB, s->hVec, bytes, cudaMemcpyHostToDevice, s->s_comp));
  CU_SOL(a->cusolverDnDpotrs(s->sol, CUBLAS_FILL_MODE_UPPER, P, 1, s->dA, P, s->dB, P,
                             s->dInfo));
  CU_RT(a->cudaMemcpyAsync(s->hVec, s->dB, bytes, cudaMemcpyDeviceToHost, s->s_comp));
  CU_RT(a->cudaMemcpyAsync(s->hInfo, s->dInfo, sizeof(int), cudaMemcpyDeviceToHost, s->s_comp));
  CU_RT(a->cudaStreamSynchronize(s->s_comp));
  if (*s->hInfo != 0) return CLM_EINTERNAL;
  memcpy(x, s->hVec, bytes);
  return CLM_OK;
}

static int cuda_factor(void *state, double scale, double mu) {
  cuda_state *s = state;
  if (!s) return CLM_ENULL;
  clm_cuda_api *a = &s->api;
  const int P = (int)s->P;
  const double zero = 0.0;
  s->factored = 0;
  /* ||A||_1 for A = scale*JJ + mu*I (see the banner); NaN propagates. */
  double anorm = 0.0;
  for (size_t j = 0; j < s->P; j++) {
    double cj = fabs(scale) * s->off[j] + fabs(scale * s->dg[j] + mu);
    if (!(cj <= anorm)) anorm = cj;
  }
  if (!isfinite(anorm)) return CLM_ENOTPD;
  /* A := scale*JJ (+ 0*JJ: geam needs a second operand; JJ itself is finite
   * where A is, unlike a stale A). */
  CU_BLAS(a->cublasDgeam(s->blas, CUBLAS_OP_N, CUBLAS_OP_N, P, P, &scale, s->dJJ, P, &zero,
                         s->dJJ, P, s->dA, P));
  /* diag(A) += mu: axpy from the ones vector into A with stride P+1. */
  if (mu != 0.0) CU_BLAS(a->cublasDaxpy_v2(s->blas, P, &mu, s->dOnes, 1, s->dA, P + 1));
  CU_SOL(a->cusolverDnDpotrf(s->sol, CUBLAS_FILL_MODE_UPPER, P, s->dA, P, s->dWork, s->lwork,
                             s->dInfo));
  CU_RT(a->cudaMemcpyAsync(s->hInfo, s->dInfo, sizeof(int), cudaMemcpyDeviceToHost, s->s_comp));
  CU_RT(a->cudaStreamSynchronize(s->s_comp));
  int info = *s->hInfo;
  if (info > 0) return CLM_ENOTPD;   /* leading minor `info` is not positive */
  if (info < 0) return CLM_EINTERNAL; /* an argument cuSOLVER rejected */
  /* rcond = 1 / (||A||_1 ||A^-1||_1), the estimate DPOCON makes. */
  if (anorm == 0.0) return CLM_ENOTPD;
  int kase = 0, isave[3] = {0, 0, 0};
  double ainvnm = 0.0;
  for (;;) {
    dlacn2_(&P, s->v, s->x, s->isgn, &ainvnm, &kase, isave);
    if (kase == 0) break;
    int st = device_solve(s, s->x); /* A symmetric: kase 1 and 2 alike */
    if (st != CLM_OK) return st;
  }
  double rcond = ainvnm != 0.0 ? (1.0 / ainvnm) / anorm : 0.0;
  if (!(rcond >= DBL_EPSILON)) return CLM_ENOTPD;
  s->factored = 1;
  return CLM_OK;
}

static int cuda_solve(void *state, const double *b, double *x) {
  cuda_state *s = state;
  if (!s || !b || !x) return CLM_ENULL;
  if (!s->factored) return CLM_EINTERNAL;
  if (x != b) memcpy(x, b, s->P * sizeof(double));
  return device_solve(s, x);
}

/* ------------------------------------------------------------ get/set JJ */

static int cuda_get_jj(void *state, double *JJ) {
  cuda_state *s = state;
  if (!s || !JJ) return CLM_ENULL;
  int st = chunk_flush(s);
  if (st == CLM_OK) st = cuda_sync_all(s);
  if (st != CLM_OK) return st;
  /* Upper triangle only, column by column (the caller's lower part is
   * left alone, as the CPU backend does): one strided 2-D copy per column
   * would be P calls, so copy the full matrix through the pinned buffers
   * in column panels and scatter the upper parts. */
  const size_t P = s->P, per = s->chunk_rows; /* a pinned buffer holds chunk_rows columns */
  for (size_t j0 = 0; j0 < P; j0 += per) {
    size_t w = P - j0 < per ? P - j0 : per;
    CU_RT(s->api.cudaMemcpyAsync(s->hJ[0], s->dJJ + j0 * P, w * P * sizeof(double),
                                 cudaMemcpyDeviceToHost, s->s_comp));
    CU_RT(s->api.cudaStreamSynchronize(s->s_comp));
    for (size_t j = j0; j < j0 + w; j++)
      memcpy(JJ + j * P, s->hJ[0] + (j - j0) * P, (j + 1) * sizeof(double));
  }
  return CLM_OK;
}

static int cuda_set_jj(void *state, const double *JJ, const double *JE) {
  cuda_state *s = state;
  if (!s || !JJ || !JE) return CLM_ENULL;
  int st = cuda_sync_all(s);
  if (st != CLM_OK) return st;
  s->fill = 0;
  s->factored = 0;
  CU_RT(s->api.cudaMemcpy(s->dJJ, JJ, s->P * s->P * sizeof(double), cudaMemcpyHostToDevice));
  CU_RT(s->api.cudaMemcpy(s->dJE, JE, s->P * sizeof(double), cudaMemcpyHostToDevice));
  /* The 1-norm pieces straight from the host copy (upper triangle). */
  memset(s->off, 0, s->P * sizeof *s->off);
  norm_panel(s, JJ, s->P, 0, s->P);
  return CLM_OK;
}

const clm_linsolver_type clm__linsolver_cuda = {
  .name = "cuda",
  .kind = CLM_BACKEND_GPU,
  .available = cuda_available,
  .alloc = cuda_alloc,
  .begin = cuda_begin,
  .accumulate = cuda_accumulate,
  .end = cuda_end,
  .factor = cuda_factor,
  .solve = cuda_solve,
  .get_jj = cuda_get_jj,
  .set_jj = cuda_set_jj,
  .free = cuda_free,
};
