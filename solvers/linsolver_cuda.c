/* chaoslm — the CUDA linear-solver backend for trainlm (cuBLAS + cuSOLVER).
 *
 * Math.  Per epoch trainlm needs, for the Jacobian J (n x P, delivered in row
 * blocks J_k of m_k rows, row-major) and the error vector e,
 *     JJ = sum_k J_k' J_k          (symmetric, upper triangle kept)
 *     JE = sum_k J_k' e_k
 * and then, for each mu trial, the Cholesky factor of
 *     A = scale*JJ + mu*I = U'U    and the solution of A x = b.
 * A row-major m x P block is, read column-major, the P x m matrix J_k' with
 * leading dimension P, so J_k'J_k is a SYRK (UPPER, N, n=P, k=m) with
 * beta = 1 (accumulate) and J_k'e_k a GEMV (N, P, m) with beta = 1.  A is
 * built on the device: GEAM writes scale*JJ into the factor buffer and AXPY
 * adds mu to its diagonal (a ones vector added with incy = P+1, which walks
 * the diagonal of a column-major P x P matrix).  cuSOLVER's POTRF factors
 * it; info > 0 (a leading minor not positive) is CLM_ENOTPD, which trainlm
 * treats as a rejected step; POTRS solves with the factor.  All cuBLAS and
 * cuSOLVER calls are their 64-bit-integer forms (cublas*_64, cusolverDnX*),
 * so P*P and the stride P+1 never overflow an int.
 *
 * Near-singular steps.  Like the CPU backend, a factor whose reciprocal
 * condition number (DPOCON's 1-norm estimate) is below DBL_EPSILON is
 * rejected, as MATLAB rejects a step when backslash warns "close to
 * singular".  ||A||_1 is exact from two per-epoch vectors, off_j =
 * sum_{i != j} |JJ_ij| and d_j = JJ_jj: ||A||_1 = max_j (|scale| off_j +
 * |scale d_j + mu|).  They are computed on the device by the backend's own
 * kernels (solvers/cuda_kernels.h) and 2P doubles come back per epoch.
 * Where the kernels cannot be loaded (no PTX built, or a driver too old
 * for it), the upper triangle of JJ comes back in column panels through the
 * pinned buffers instead and the host sums it.  Then, per trial, the bound
 * clm__rcond_surely_ok (shared with the CPU backend) proves most factors
 * well conditioned from ||A||_1, the trace and the row count, and for
 * trainbr's trials clm__rcond_trace_ok from the epoch's trace_inv result;
 * only when neither can does the backend run LAPACK's DLACN2 estimator on
 * the host, its products A^-1 x done by POTRS on the device (a few
 * P-vectors cross PCIe).
 *
 * The trace of A^-1 (trainbr, trace_inv).  A = scale*JJ + mu*I is built and
 * factored as above (no rcond test), cuSOLVER's TRTRI turns U into U^-1 in
 * place, and trace(A^-1) = ||U^-1||_F^2 is summed on the device by the
 * backend's kernels (squares of the upper triangle per column, then the
 * columns' sums come back, P doubles, and are added on the host in order);
 * without the kernels the upper triangle comes back in column panels and
 * the host sums it.  No P x P buffer beyond the factor's.
 *
 * Data movement.  Rows reach pinned host buffers (a ring of CLM_CUDA_NBUF
 * chunks of `chunk_rows` rows, at least the evaluator's block and about
 * CLM_CUDA_CHUNK_BYTES): the evaluator writes them there directly when it
 * asks block_buffer() where to put its next block, else accumulate()
 * copies them in (using the host threads for large blocks).  A full chunk
 * is sent on the copy stream and reduced on the compute stream; the host
 * meanwhile computes the next blocks into the next buffer.  Events keep the
 * ring safe: the host waits on `ev_copied[k]` before writing host buffer k
 * again, the copy stream waits on `ev_used[k]` before overwriting device
 * buffer k.  So host computation, the copy of chunk c+1 and the SYRK of
 * chunk c overlap.  Everything else (norm kernels, JJ/JE replaced by
 * set_jj, factor, solves) runs on the compute stream, in its order.
 *
 * Everything (handles, streams, events, the POTRF workspace from its
 * bufferSize query, device and pinned memory, the kernel module) is
 * allocated in alloc(); the epoch entry points only launch work and
 * synchronise.
 *
 * Libraries.  The entry points are listed once (solvers/cuda_api.h) and
 * always called through a table in the backend state.  The driver,
 * libcuda.so.1, is always opened at run time: without it there is "no
 * NVIDIA driver" (the CUDA runtime would only say "driver version is
 * insufficient").  With CLM_CUDA_DLOPEN (the default build) the runtime,
 * cuBLAS and cuSOLVER are opened at run time too, by soname, one family at
 * a time: CUDA 13 (libcudart.so.13, libcublas.so.13, libcusolver.so.12),
 * then CUDA 12 (.12, .12, .11); a family is tried only when the driver
 * supports its major version.  The library has no mutable globals, so the
 * table is loaded per available()/alloc() call; libraries are opened with
 * RTLD_NODELETE, so later loads cost only a few dlsym lookups.
 * available() loads cuBLAS and cuSOLVER too once a device answers, so that
 * auto never picks a GPU whose libraries cannot be loaded.
 *
 * Sources: cuBLAS, cuSOLVER and CUDA driver API documentation (CUDA 13);
 * reference/peers.md (LM roofline).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CLM_CUDA_MOCK
#include <dlfcn.h>
#endif
#ifdef _OPENMP
#include <omp.h>
#endif

#ifdef CLM_CUDA_MOCK
/* Test build (tests/test_linsolver_mock): the libraries are the host
 * stand-ins of tests/cuda_mock.c, opened through their loader, and the
 * backend gets another name, so that it links next to the real table in
 * libclm_core. */
#define clm__linsolver_cuda clm__linsolver_cuda_mock
#ifndef CLM_CUDA_DLOPEN
#define CLM_CUDA_DLOPEN 1
#endif
#endif
#include "linsolver.h"
#include "cuda_api.h"
#include "cuda_kernels.h"

/* LAPACK's 1-norm estimator (reverse communication), from the LAPACK that
 * LAPACKE sits on; no character arguments, so no hidden lengths. */
void dlacn2_(const int *n, double *v, double *x, int *isgn, double *est, int *kase, int *isave);

/* The kernels' PTX (generated from solvers/cuda_kernels.cu at build time;
 * an empty string when the build had no nvcc). */
extern const char clm__cuda_kernels_ptx[];

/* ------------------------------------------------------------ loading */

#ifdef CLM_CUDA_MOCK
extern const clm_cuda_loader clm__cuda_mock_loader;
static const clm_cuda_loader *const the_loader = &clm__cuda_mock_loader;
#else
static void *dl_open(const char *so) { return dlopen(so, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE); }
static void *dl_sym(void *h, const char *name) { return dlsym(h, name); }
static void dl_close(void *h) { dlclose(h); }
static const char *dl_error(void) { return dlerror(); }
static const clm_cuda_loader dl_loader = {dl_open, dl_sym, dl_close, dl_error};
static const clm_cuda_loader *const the_loader = &dl_loader;
#endif

#ifdef CLM_CUDA_DLOPEN
/* Soname families, newest first; a family needs a driver for CUDA
 * major.0 or newer. */
typedef struct cuda_family {
  int major;
  const char *so[3]; /* runtime, cuBLAS, cuSOLVER */
} cuda_family;
static const cuda_family families[] = {
  {13, {"libcudart.so.13", "libcublas.so.13", "libcusolver.so.12"}},
  {12, {"libcudart.so.12", "libcublas.so.12", "libcusolver.so.11"}},
};
#define N_FAMILIES ((int)(sizeof families / sizeof families[0]))
#endif
#define DRIVER_SONAME "libcuda.so.1"

static void say(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *why, size_t len, const char *fmt, ...) {
  if (!why || !len) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, len, fmt, ap);
  va_end(ap);
}

static void cuda_api_unload(clm_cuda_api *api) {
  const clm_cuda_loader *ld = api->loader;
  for (int i = CLM_CUDA_NLIB - 1; i >= 0; i--)
    if (api->lib[i] && ld) ld->close(api->lib[i]);
  memset(api, 0, sizeof *api);
  api->family = -1;
}

/* Why opening `so` failed: "not found", or the loader's message when it
 * says more (a missing dependency, a wrong architecture). */
static void open_failure(const clm_cuda_api *api, const char *so, char *why, size_t len) {
  const char *e = api->loader->error();
  if (!e || strstr(e, "No such file") || !*e)
    say(why, len, "%s not found", so);
  else
    say(why, len, "cannot load %s (%s)", so, e);
}

/* Open library slot L from soname `so` and resolve its symbols;
 * 0, or -1 with a reason. */
static int open_slot(clm_cuda_api *api, int L, const char *so, char *why, size_t len) {
  api->lib[L] = api->loader->open(so);
  if (!api->lib[L]) {
    open_failure(api, so, why, len);
    return -1;
  }
  const char *missing = NULL;
#define CLM_CUDA_SYM_(Lib, f)                                                  \
  if (Lib == L && !missing) {                                                  \
    *(void **)(&api->f) = api->loader->sym(api->lib[L], #f);                   \
    if (!api->f) missing = #f;                                                 \
  }
  CLM_CUDA_ALL_SYMS(CLM_CUDA_SYM_)
#undef CLM_CUDA_SYM_
  if (missing) {
    say(why, len, "%s lacks %s (too old?)", so, missing);
    api->loader->close(api->lib[L]);
    api->lib[L] = NULL;
    return -1;
  }
  return 0;
}

/* Load the table: the driver and the runtime (with_la 0), plus cuBLAS and
 * cuSOLVER (with_la 1) of the family of the runtime.  0 on success, else
 * -1 with the reason in why and nothing left open. */
static int cuda_api_load(clm_cuda_api *api, int with_la, char *why, size_t len) {
  memset(api, 0, sizeof *api);
  api->family = -1;
  api->loader = the_loader;
  char r[112];
  if (open_slot(api, CLM_CUDA_LIB_DRIVER, DRIVER_SONAME, r, sizeof r) != 0) {
    if (strstr(r, " not found"))
      say(why, len, "no NVIDIA driver (%s not found)", DRIVER_SONAME);
    else
      say(why, len, "no usable NVIDIA driver: %s", r);
    cuda_api_unload(api);
    return -1;
  }
  if (api->cuDriverGetVersion(&api->driver_version) != CUDA_SUCCESS) api->driver_version = 0;
  const int dv = api->driver_version;
#ifdef CLM_CUDA_DLOPEN
  /* every family's reason, joined: what is missing, and what the driver
   * would need */
  char all[224] = "";
  for (int f = 0; f < N_FAMILIES; f++) {
    const cuda_family *fam = &families[f];
    r[0] = '\0';
    if (dv < fam->major * 1000) {
      snprintf(r, sizeof r, "NVIDIA driver supports CUDA %d.%d, %s needs %d.0", dv / 1000,
               dv % 1000 / 10, fam->so[0], fam->major);
    } else {
      int ok = open_slot(api, CLM_CUDA_LIB_RT, fam->so[0], r, sizeof r) == 0;
      for (int L = 1; ok && with_la && L <= 2; L++)
        ok = open_slot(api, L, fam->so[L], r, sizeof r) == 0;
      if (ok) {
        api->family = f;
        return 0;
      }
      for (int L = 0; L <= 2; L++)
        if (api->lib[L]) {
          api->loader->close(api->lib[L]);
          api->lib[L] = NULL;
        }
    }
    size_t used = strlen(all);
    snprintf(all + used, sizeof all - used, "%s%s", used ? "; " : "", r);
  }
  say(why, len, "%s", all);
  cuda_api_unload(api);
  return -1;
#else
  (void)with_la;
  if (dv < CUDART_VERSION / 1000 * 1000) {
    say(why, len, "NVIDIA driver supports CUDA %d.%d, this build needs %d.0", dv / 1000,
        dv % 1000 / 10, CUDART_VERSION / 1000);
    cuda_api_unload(api);
    return -1;
  }
#define CLM_CUDA_SYM_(L, f) api->f = &f;
  CLM_CUDA_RT_SYMS(CLM_CUDA_SYM_)
  CLM_CUDA_LA_SYMS(CLM_CUDA_SYM_)
#undef CLM_CUDA_SYM_
  api->family = 0;
  return 0;
#endif
}

/* The rest of the table for a loaded driver + runtime: cuBLAS, cuSOLVER. */
static int cuda_api_load_la(clm_cuda_api *api, char *why, size_t len) {
#ifdef CLM_CUDA_DLOPEN
  const cuda_family *fam = &families[api->family];
  for (int L = 1; L <= 2; L++)
    if (!api->lib[L] && open_slot(api, L, fam->so[L], why, len) != 0) return -1;
#else
  (void)api;
  (void)why;
  (void)len;
#endif
  return 0;
}

/* Runtime soname in use, for messages. */
static const char *rt_name(const clm_cuda_api *api) {
#ifdef CLM_CUDA_DLOPEN
  return api->family >= 0 ? families[api->family].so[0] : "libcudart";
#else
  (void)api;
  return "linked libcudart";
#endif
}

/* ------------------------------------------------------------------ state */

#ifndef CLM_CUDA_NBUF
#define CLM_CUDA_NBUF 3 /* pinned chunks in the ring */
#endif
/* Target bytes of one pinned chunk: big enough that the launch and event
 * costs vanish, small enough that the pipeline fills quickly and the last
 * chunk of an epoch (overlapped with nothing) is short.  A chunk also has
 * at least CLM_CUDA_CHUNK_MIN_ROWS rows (up to CLM_CUDA_CHUNK_MAX_BYTES),
 * because a SYRK of k rows reads and writes all of JJ: with small k that
 * traffic, not the k P^2 multiply-adds, sets its time. */
#ifndef CLM_CUDA_CHUNK_BYTES
#define CLM_CUDA_CHUNK_BYTES ((size_t)8 << 20)
#endif
#ifndef CLM_CUDA_CHUNK_MIN_ROWS
#define CLM_CUDA_CHUNK_MIN_ROWS ((size_t)512)
#endif
#define CLM_CUDA_CHUNK_MAX_BYTES ((size_t)64 << 20)

typedef struct cuda_state {
  clm_cuda_api api;
  size_t P, chunk_rows;
  int threads;
  cudaStream_t s_copy, s_comp;
  cudaEvent_t ev_copied[CLM_CUDA_NBUF], ev_used[CLM_CUDA_NBUF];
  cublasHandle_t blas;
  cusolverDnHandle_t sol;
  cusolverDnParams_t params;
  CUmodule mod;                    /* NULL: host norm */
  CUfunction k_partials, k_finish, k_sq;
  /* device */
  double *dJJ, *dA, *dJE, *dJ[CLM_CUDA_NBUF], *dE[CLM_CUDA_NBUF], *dOnes, *dB, *dPart, *dNorm;
  void *dWork;
  int *dInfo;
  size_t lwork_dev, lwork_host;    /* the larger of POTRF's and TRTRI's */
  void *hWork;                     /* their host workspace (often 0 bytes) */
  /* pinned host */
  double *hJ[CLM_CUDA_NBUF], *hE[CLM_CUDA_NBUF], *hVec; /* hVec: 3P */
  int *hInfo;
  /* host: per-epoch 1-norm pieces of JJ, DLACN2 scratch */
  double *off, *dg, *v, *x;
  int *isgn;
  /* ring bookkeeping */
  size_t fill;                     /* rows in hJ[cur] not yet sent */
  int cur;                         /* host buffer being filled */
  int in_flight[CLM_CUDA_NBUF];    /* a copy from hJ[k] was launched, not yet waited on */
  const double *handed;            /* block_buffer's last answer (J), NULL none */
  size_t handed_m;
  size_t rows;                     /* rows accumulated since begin() */
  int rows_known;                  /* 0 after set_jj: JJ came from elsewhere */
  int factored;                    /* dA holds a valid factor */
  clm__traced traced;              /* trace_inv's last result (clm__traced_vouches) */
  char note[256];
} cuda_state;

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
#define CU_DRV(call)                                                           \
  do {                                                                         \
    if ((call) != CUDA_SUCCESS) return CLM_EDEVICE;                            \
  } while (0)

/* ------------------------------------------------------------- available */

/* Name of device 0, or "" (after the runtime initialised the driver). */
static void device_name(const clm_cuda_api *a, char *name, int len) {
  CUdevice d;
  name[0] = '\0';
  if (a->cuInit(0) != CUDA_SUCCESS || a->cuDeviceGet(&d, 0) != CUDA_SUCCESS ||
      a->cuDeviceGetName(name, len, d) != CUDA_SUCCESS)
    name[0] = '\0';
}

static int cuda_available(char *why, size_t why_len) {
  clm_cuda_api api;
  char reason[224];
  /* driver + runtime first: a machine without a device never maps cuBLAS */
  if (cuda_api_load(&api, 0, reason, sizeof reason) != 0) {
    say(why, why_len, "%s", reason);
    return 0;
  }
  const int dv = api.driver_version;
  int n = 0, ok = 0;
  cudaError_t e = api.cudaGetDeviceCount(&n);
  /* On error the count is left untouched: never read it then. */
  if (e == cudaErrorNoDevice || (e == cudaSuccess && n < 1)) {
    say(why, why_len, "no CUDA device (NVIDIA driver for CUDA %d.%d)", dv / 1000,
        dv % 1000 / 10);
  } else if (e == cudaErrorInsufficientDriver) {
    say(why, why_len, "NVIDIA driver for CUDA %d.%d is older than %s needs", dv / 1000,
        dv % 1000 / 10, rt_name(&api));
  } else if (e != cudaSuccess) {
    say(why, why_len, "cuda error %d: %s", (int)e, api.cudaGetErrorString(e));
  } else if (cuda_api_load_la(&api, reason, sizeof reason) != 0) {
    say(why, why_len, "%s", reason);
  } else {
    char name[64];
    device_name(&api, name, (int)sizeof name);
    ok = 1;
    say(why, why_len, "%d CUDA device%s%s%s%s, driver CUDA %d.%d, %s", n, n > 1 ? "s" : "",
        name[0] ? " (" : "", name, name[0] ? ")" : "", dv / 1000, dv % 1000 / 10,
        rt_name(&api));
  }
  cuda_api_unload(&api);
  return ok;
}

/* ------------------------------------------------------------- alloc/free */

static void cuda_free(void *state) {
  cuda_state *s = state;
  if (!s) return;
  clm_cuda_api *a = &s->api;
  if (a->cudaFree) { /* the runtime was loaded: release what was made */
    if (s->s_comp) (void)a->cudaStreamSynchronize(s->s_comp);
    if (s->s_copy) (void)a->cudaStreamSynchronize(s->s_copy);
    if (s->params) (void)a->cusolverDnDestroyParams(s->params);
    if (s->sol) (void)a->cusolverDnDestroy(s->sol);
    if (s->blas) (void)a->cublasDestroy_v2(s->blas);
    if (s->mod) (void)a->cuModuleUnload(s->mod);
    for (int k = 0; k < CLM_CUDA_NBUF; k++) {
      if (s->ev_copied[k]) (void)a->cudaEventDestroy(s->ev_copied[k]);
      if (s->ev_used[k]) (void)a->cudaEventDestroy(s->ev_used[k]);
      if (s->dJ[k]) (void)a->cudaFree(s->dJ[k]);
      if (s->dE[k]) (void)a->cudaFree(s->dE[k]);
      if (s->hJ[k]) (void)a->cudaFreeHost(s->hJ[k]);
      if (s->hE[k]) (void)a->cudaFreeHost(s->hE[k]);
    }
    if (s->s_copy) (void)a->cudaStreamDestroy(s->s_copy);
    if (s->s_comp) (void)a->cudaStreamDestroy(s->s_comp);
    double *dev[] = {s->dJJ, s->dA, s->dJE, s->dOnes, s->dB, s->dPart, s->dNorm};
    for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++)
      if (dev[i]) (void)a->cudaFree(dev[i]);
    if (s->dWork) (void)a->cudaFree(s->dWork);
    if (s->dInfo) (void)a->cudaFree(s->dInfo);
    if (s->hVec) (void)a->cudaFreeHost(s->hVec);
    if (s->hInfo) (void)a->cudaFreeHost(s->hInfo);
  }
  free(s->hWork);
  free(s->off);
  free(s->dg);
  free(s->v);
  free(s->x);
  free(s->isgn);
  cuda_api_unload(&s->api);
  free(s);
}

/* Load the kernels; on failure the host computes the norm pieces (the
 * reason goes to the note). */
static void load_kernels(cuda_state *s, char *why, size_t len) {
  clm_cuda_api *a = &s->api;
  const size_t P = s->P;
  if (!clm__cuda_kernels_ptx[0]) {
    say(why, len, "host norm: built without nvcc");
    return;
  }
  CUresult r = a->cuModuleLoadData(&s->mod, clm__cuda_kernels_ptx);
  if (r != CUDA_SUCCESS) {
    s->mod = NULL;
    say(why, len, "host norm: kernels not loaded (CUresult %d)", (int)r);
    return;
  }
  if (a->cuModuleGetFunction(&s->k_partials, s->mod, "clm_abs_partials") != CUDA_SUCCESS ||
      a->cuModuleGetFunction(&s->k_finish, s->mod, "clm_abs_finish") != CUDA_SUCCESS ||
      a->cuModuleGetFunction(&s->k_sq, s->mod, "clm_sq_partials") != CUDA_SUCCESS ||
      a->cudaMalloc((void **)&s->dPart, P * CLM_NORM_LANES * sizeof(double)) != cudaSuccess ||
      a->cudaMalloc((void **)&s->dNorm, 2 * P * sizeof(double)) != cudaSuccess) {
    (void)a->cuModuleUnload(s->mod);
    s->mod = NULL;
    say(why, len, "host norm: kernels not usable");
    return;
  }
  say(why, len, "device norm");
}

/* The body of alloc; on failure the caller frees the half-built state. */
static int cuda_alloc_into(cuda_state *s, size_t P, size_t max_rows) {
  clm_cuda_api *a = &s->api;
  char reason[224];
  if (cuda_api_load(a, 1, reason, sizeof reason) != 0) {
    snprintf(s->note, sizeof s->note, "%s", reason);
    return CLM_EDEVICE;
  }
  int ndev = 0;
  if (a->cudaGetDeviceCount(&ndev) != cudaSuccess || ndev < 1) return CLM_EDEVICE;

  /* Chunk rows: about CHUNK_BYTES, at least MIN_ROWS within MAX_BYTES, and
   * at least the evaluator's block. */
  size_t rows = CLM_CUDA_CHUNK_BYTES / (P * sizeof(double));
  if (rows < CLM_CUDA_CHUNK_MIN_ROWS) {
    size_t cap = CLM_CUDA_CHUNK_MAX_BYTES / (P * sizeof(double));
    rows = cap < CLM_CUDA_CHUNK_MIN_ROWS ? cap : CLM_CUDA_CHUNK_MIN_ROWS;
  }
  if (rows < max_rows) rows = max_rows;
  if (rows < 1) rows = 1;
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
  for (int k = 0; k < CLM_CUDA_NBUF; k++) {
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
  CU_SOL(a->cusolverDnCreateParams(&s->params));

  size_t pp = P * P * sizeof(double);
  CU_RT(a->cudaMalloc((void **)&s->dJJ, pp));
  CU_RT(a->cudaMalloc((void **)&s->dA, pp));
  CU_RT(a->cudaMalloc((void **)&s->dJE, P * sizeof(double)));
  CU_RT(a->cudaMalloc((void **)&s->dOnes, P * sizeof(double)));
  CU_RT(a->cudaMalloc((void **)&s->dB, P * sizeof(double)));
  CU_RT(a->cudaMalloc((void **)&s->dInfo, sizeof(int)));
  CU_RT(a->cudaHostAlloc((void **)&s->hVec, 3 * P * sizeof(double), cudaHostAllocDefault));
  CU_RT(a->cudaHostAlloc((void **)&s->hInfo, sizeof(int), cudaHostAllocDefault));

  CU_SOL(a->cusolverDnXpotrf_bufferSize(s->sol, s->params, CUBLAS_FILL_MODE_UPPER, (int64_t)P,
                                        CUDA_R_64F, s->dA, (int64_t)P, CUDA_R_64F,
                                        &s->lwork_dev, &s->lwork_host));
  size_t tdev = 0, thost = 0; /* TRTRI (trace_inv) shares the workspace */
  CU_SOL(a->cusolverDnXtrtri_bufferSize(s->sol, CUBLAS_FILL_MODE_UPPER, CUBLAS_DIAG_NON_UNIT,
                                        (int64_t)P, CUDA_R_64F, s->dA, (int64_t)P, &tdev,
                                        &thost));
  if (tdev > s->lwork_dev) s->lwork_dev = tdev;
  if (thost > s->lwork_host) s->lwork_host = thost;
  CU_RT(a->cudaMalloc(&s->dWork, s->lwork_dev ? s->lwork_dev : 1));
  if (s->lwork_host && !(s->hWork = malloc(s->lwork_host))) return CLM_ENOMEM;

  char kn[64];
  load_kernels(s, kn, sizeof kn);
  char name[64];
  device_name(a, name, (int)sizeof name);
  snprintf(s->note, sizeof s->note, "%s, %s, %zu-row chunks x %d, %s",
           name[0] ? name : "CUDA device", rt_name(a), rows, CLM_CUDA_NBUF, kn);

  /* The ones vector for the diagonal update (hVec is free scratch here). */
  for (size_t i = 0; i < P; i++) s->hVec[i] = 1.0;
  CU_RT(a->cudaMemcpyAsync(s->dOnes, s->hVec, P * sizeof(double), cudaMemcpyHostToDevice,
                           s->s_comp));
  CU_RT(a->cudaMemsetAsync(s->dJJ, 0, pp, s->s_comp));
  CU_RT(a->cudaMemsetAsync(s->dJE, 0, P * sizeof(double), s->s_comp));
  CU_RT(a->cudaStreamSynchronize(s->s_comp));
  return CLM_OK;
}

static int cuda_alloc(void **state, size_t P, size_t max_rows, int threads) {
  if (!state) return CLM_ENULL;
  *state = NULL;
  /* P*P doubles must be addressable (64-bit cuBLAS/cuSOLVER take the rest) */
  if (P == 0 || P > SIZE_MAX / sizeof(double) / P / 2) return CLM_ESIZE;
  cuda_state *s = calloc(1, sizeof *s);
  if (!s) return CLM_ENOMEM;
  s->api.family = -1;
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

static const char *cuda_describe(const void *state) {
  const cuda_state *s = state;
  return s ? s->note : "";
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
  const int64_t P = (int64_t)s->P, m = (int64_t)s->fill;
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
  CU_BLAS(a->cublasDsyrk_v2_64(s->blas, CUBLAS_FILL_MODE_UPPER, CUBLAS_OP_N, P, m, &one,
                               s->dJ[k], P, &one, s->dJJ, P));
  CU_BLAS(a->cublasDgemv_v2_64(s->blas, CUBLAS_OP_N, P, m, &one, s->dJ[k], P, s->dE[k], 1,
                               &one, s->dJE, 1));
  CU_RT(a->cudaEventRecord(s->ev_used[k], s->s_comp));
  s->cur = (s->cur + 1) % CLM_CUDA_NBUF;
  s->fill = 0;
  return CLM_OK;
}

/* Copy n doubles; large copies into pinned memory use the host threads
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

static int cuda_block_buffer(void *state, size_t m, double **J, double **e) {
  cuda_state *s = state;
  if (!s || !J || !e) return CLM_ENULL;
  *J = *e = NULL;
  s->handed = NULL;
  if (m == 0 || m > s->chunk_rows) return CLM_OK; /* the caller's buffer, copied */
  if (s->fill + m > s->chunk_rows) {
    int st = chunk_flush(s);
    if (st != CLM_OK) return st;
  }
  if (s->fill == 0) {
    int st = host_buffer_wait(s, s->cur);
    if (st != CLM_OK) return st;
  }
  *J = s->hJ[s->cur] + s->fill * s->P;
  *e = s->hE[s->cur] + s->fill;
  s->handed = *J;
  s->handed_m = m;
  return CLM_OK;
}

static int cuda_accumulate(void *state, const double *J, const double *e, size_t m, size_t P) {
  cuda_state *s = state;
  if (!s) return CLM_ENULL;
  const double *handed = s->handed;
  s->handed = NULL;
  if (P != s->P) return CLM_ESIZE;
  if (m == 0) return CLM_OK;
  if (!J || !e) return CLM_ENULL;
  s->rows += m;
  s->factored = 0; /* JJ changes: the factor and the trace are stale */
  s->traced.valid = 0;
  if (handed && J == handed && m <= s->handed_m && e == s->hE[s->cur] + s->fill) {
    /* written in place by the caller (block_buffer) */
    s->fill += m;
    return s->fill == s->chunk_rows ? chunk_flush(s) : CLM_OK;
  }
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
  for (int k = 0; k < CLM_CUDA_NBUF; k++) s->in_flight[k] = 0;
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
  s->handed = NULL;
  s->rows = 0;
  s->rows_known = 1;
  s->factored = 0;
  s->traced.valid = 0;
  CU_RT(s->api.cudaMemsetAsync(s->dJJ, 0, s->P * s->P * sizeof(double), s->s_comp));
  CU_RT(s->api.cudaMemsetAsync(s->dJE, 0, s->P * sizeof(double), s->s_comp));
  return CLM_OK;
}

/* Fold columns [j0, j1) of the upper triangle of JJ (held column-major with
 * leading dimension ld, rows 0..j1-1) into off[] and dg[] (host path). */
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

/* What the host does with a panel of an upper triangle (columns j0..j1-1,
 * rows 0..j1-1, leading dimension ld): norm_panel, or sumsq_panel below. */
typedef void (*panel_fn)(cuda_state *s, const double *C, size_t ld, size_t j0, size_t j1,
                         double *acc);

/* The squares of the upper part of columns j0..j1-1 added to *acc, column
 * by column in order (the host path of trace_inv). */
static void sumsq_panel(cuda_state *s, const double *C, size_t ld, size_t j0, size_t j1,
                        double *acc) {
  (void)s;
  double sum = *acc;
  for (size_t j = j0; j < j1; j++) {
    const double *col = C + (j - j0) * ld;
    double c = 0.0;
    for (size_t i = 0; i <= j; i++) c = fma(col[i], col[i], c);
    sum += c;
  }
  *acc = sum;
}

static void norm_fold(cuda_state *s, const double *C, size_t ld, size_t j0, size_t j1,
                      double *acc) {
  (void)acc;
  norm_panel(s, C, ld, j0, j1);
}

/* The upper triangle of the device matrix dM (P x P, ld P) through the
 * host, host path: column panels of at most chunk_rows*P doubles go
 * through two of the pinned buffers, the copy of panel k+1 overlapping the
 * host pass `fold` over panel k.  Needs every copy stream idle
 * (cuda_sync_all). */
static int upper_through_host(cuda_state *s, const double *dM, panel_fn fold, double *acc) {
  clm_cuda_api *a = &s->api;
  const size_t P = s->P, cap = s->chunk_rows * P;
  size_t j0 = 0, pend_j0 = 0, pend_j1 = 0;
  int k = 0, pending = 0;
  while (j0 < P || pending) {
    size_t j1 = j0;
    if (j0 < P) {
      /* Columns j0.. with rows 0..j1-1 each: width w fits when j1*w <= cap. */
      size_t w = 1;
      while (j0 + w < P && (j0 + w + 1) * (w + 1) <= cap) w++;
      j1 = j0 + w;
      CU_RT(a->cudaMemcpy2DAsync(s->hJ[k], j1 * sizeof(double), dM + j0 * P,
                                 P * sizeof(double), j1 * sizeof(double), w,
                                 cudaMemcpyDeviceToHost, s->s_comp));
      CU_RT(a->cudaEventRecord(s->ev_copied[k], s->s_comp));
    }
    if (pending) { /* the previous panel, in the other buffer */
      CU_RT(a->cudaEventSynchronize(s->ev_copied[k ^ 1]));
      fold(s, s->hJ[k ^ 1], pend_j1, pend_j0, pend_j1, acc);
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

/* off[] and dg[] from the upper triangle of the device JJ, host path. */
static int norm_pieces_host(cuda_state *s) {
  memset(s->off, 0, s->P * sizeof *s->off);
  return upper_through_host(s, s->dJJ, norm_fold, NULL);
}

/* Launch the norm kernels on the compute stream (after whatever wrote JJ
 * there) and queue the copy of off and diag into hVec + P. */
static int norm_pieces_launch(cuda_state *s) {
  clm_cuda_api *a = &s->api;
  long long P = (long long)s->P;
  unsigned int b = CLM_NORM_BLOCK;
  unsigned int g1 = (unsigned int)((P * CLM_NORM_LANES + b - 1) / b);
  unsigned int g2 = (unsigned int)((P + b - 1) / b);
  void *args1[] = {&s->dJJ, &P, &s->dPart};
  void *args2[] = {&s->dJJ, &P, &s->dPart, &s->dNorm};
  CUstream st = (CUstream)s->s_comp;
  CU_DRV(a->cuLaunchKernel(s->k_partials, g1, 1, 1, b, 1, 1, 0, st, args1, NULL));
  CU_DRV(a->cuLaunchKernel(s->k_finish, g2, 1, 1, b, 1, 1, 0, st, args2, NULL));
  CU_RT(a->cudaMemcpyAsync(s->hVec + s->P, s->dNorm, 2 * s->P * sizeof(double),
                           cudaMemcpyDeviceToHost, s->s_comp));
  return CLM_OK;
}

/* After the stream synchronised: take the pieces launched above. */
static void norm_pieces_take(cuda_state *s) {
  memcpy(s->off, s->hVec + s->P, s->P * sizeof(double));
  memcpy(s->dg, s->hVec + 2 * s->P, s->P * sizeof(double));
}

/* JE (device) to hVec[0..P) and the norm pieces, then synchronise. */
static int finish_epoch(cuda_state *s) {
  clm_cuda_api *a = &s->api;
  if (s->mod) {
    int st = norm_pieces_launch(s);
    if (st != CLM_OK) return st;
  }
  CU_RT(a->cudaMemcpyAsync(s->hVec, s->dJE, s->P * sizeof(double), cudaMemcpyDeviceToHost,
                           s->s_comp));
  int st = cuda_sync_all(s);
  if (st != CLM_OK) return st;
  if (s->mod) {
    norm_pieces_take(s);
    return CLM_OK;
  }
  /* hVec[0..P) holds JE; the host path uses hJ[0], hJ[1] only */
  return norm_pieces_host(s);
}

static int cuda_end(void *state, double *JE, double *diag) {
  cuda_state *s = state;
  if (!s) return CLM_ENULL;
  s->handed = NULL;
  int st = chunk_flush(s);
  if (st == CLM_OK) st = finish_epoch(s);
  if (st != CLM_OK) return st;
  if (JE) memcpy(JE, s->hVec, s->P * sizeof(double));
  if (diag) memcpy(diag, s->dg, s->P * sizeof(double));
  return CLM_OK;
}

/* x := A^-1 x with the factor in dA (x: host, P). */
static int device_solve(cuda_state *s, double *x) {
  clm_cuda_api *a = &s->api;
  const int64_t P = (int64_t)s->P;
  const size_t bytes = s->P * sizeof(double);
  memcpy(s->hVec, x, bytes);
  CU_RT(a->cudaMemcpyAsync(s->dB, s->hVec, bytes, cudaMemcpyHostToDevice, s->s_comp));
  CU_SOL(a->cusolverDnXpotrs(s->sol, s->params, CUBLAS_FILL_MODE_UPPER, P, 1, CUDA_R_64F, s->dA,
                             P, CUDA_R_64F, s->dB, P, s->dInfo));
  CU_RT(a->cudaMemcpyAsync(s->hVec, s->dB, bytes, cudaMemcpyDeviceToHost, s->s_comp));
  CU_RT(a->cudaMemcpyAsync(s->hInfo, s->dInfo, sizeof(int), cudaMemcpyDeviceToHost, s->s_comp));
  CU_RT(a->cudaStreamSynchronize(s->s_comp));
  if (*s->hInfo != 0) return CLM_EINTERNAL;
  memcpy(x, s->hVec, bytes);
  return CLM_OK;
}

/* A = scale*JJ + mu*I into dA and its Cholesky factor there (JJ intact);
 * *anorm = ||A||_1 and *tr = trace(scale*JJ) from the per-epoch pieces.
 * CLM_ENOTPD when A is not finite or POTRF finds a minor not positive. */
static int build_and_factor(cuda_state *s, double scale, double mu, double *anorm_out,
                            double *tr_out) {
  clm_cuda_api *a = &s->api;
  const int64_t P = (int64_t)s->P;
  const double zero = 0.0;
  s->factored = 0;
  /* ||A||_1 for A = scale*JJ + mu*I (see the banner) and the trace of
   * scale*JJ, summed as the CPU backend does; NaN propagates. */
  double anorm = 0.0, tr = 0.0;
  for (size_t j = 0; j < s->P; j++) {
    double djj = scale * s->dg[j];
    tr += djj;
    double cj = fabs(scale) * s->off[j] + fabs(djj + mu);
    if (!(cj <= anorm)) anorm = cj;
  }
  *anorm_out = anorm;
  *tr_out = tr;
  if (!isfinite(anorm)) return CLM_ENOTPD;
  /* A := scale*JJ (+ 0*JJ: geam needs a second operand; JJ itself is finite
   * where A is, unlike a stale A). */
  CU_BLAS(a->cublasDgeam_64(s->blas, CUBLAS_OP_N, CUBLAS_OP_N, P, P, &scale, s->dJJ, P, &zero,
                            s->dJJ, P, s->dA, P));
  /* diag(A) += mu: axpy from the ones vector into A with stride P+1. */
  if (mu != 0.0) CU_BLAS(a->cublasDaxpy_v2_64(s->blas, P, &mu, s->dOnes, 1, s->dA, P + 1));
  CU_SOL(a->cusolverDnXpotrf(s->sol, s->params, CUBLAS_FILL_MODE_UPPER, P, CUDA_R_64F, s->dA, P,
                             CUDA_R_64F, s->dWork, s->lwork_dev, s->hWork, s->lwork_host,
                             s->dInfo));
  CU_RT(a->cudaMemcpyAsync(s->hInfo, s->dInfo, sizeof(int), cudaMemcpyDeviceToHost, s->s_comp));
  CU_RT(a->cudaStreamSynchronize(s->s_comp));
  int info = *s->hInfo;
  if (info > 0) return CLM_ENOTPD;   /* leading minor `info` is not positive */
  if (info < 0) return CLM_EINTERNAL; /* an argument cuSOLVER rejected */
  if (anorm == 0.0) return CLM_ENOTPD;
  return CLM_OK;
}

static int cuda_factor(void *state, double scale, double mu) {
  cuda_state *s = state;
  if (!s) return CLM_ENULL;
  double anorm = 0.0, tr = 0.0;
  int st = build_and_factor(s, scale, mu, &anorm, &tr);
  if (st != CLM_OK) return st;
  if (!clm__rcond_surely_ok(s->rows_known, s->rows, s->P, mu, tr, anorm) &&
      !clm__traced_vouches(&s->traced, s->P, scale, mu, anorm)) {
    /* rcond = 1 / (||A||_1 ||A^-1||_1), the estimate DPOCON makes. */
    int kase = 0, isave[3] = {0, 0, 0}, n = (int)s->P;
    double ainvnm = 0.0;
    if (s->P > (size_t)INT32_MAX) return CLM_ESIZE; /* DLACN2 takes an int */
    for (;;) {
      dlacn2_(&n, s->v, s->x, s->isgn, &ainvnm, &kase, isave);
      if (kase == 0) break;
      int st2 = device_solve(s, s->x); /* A symmetric: kase 1 and 2 alike */
      if (st2 != CLM_OK) return st2;
    }
    double rcond = ainvnm != 0.0 ? (1.0 / ainvnm) / anorm : 0.0;
    if (!(rcond >= DBL_EPSILON)) return CLM_ENOTPD;
  }
  s->factored = 1;
  return CLM_OK;
}

static int cuda_trace_inv(void *state, double scale, double mu, double *trace) {
  cuda_state *s = state;
  if (!s || !trace) return CLM_ENULL;
  clm_cuda_api *a = &s->api;
  const int64_t P = (int64_t)s->P;
  double anorm = 0.0, tr = 0.0;
  int st = build_and_factor(s, scale, mu, &anorm, &tr);
  if (st != CLM_OK) return st;
  /* dA := U^-1 (upper triangle; the lower part is not read) */
  CU_SOL(a->cusolverDnXtrtri(s->sol, CUBLAS_FILL_MODE_UPPER, CUBLAS_DIAG_NON_UNIT, P, CUDA_R_64F,
                             s->dA, P, s->dWork, s->lwork_dev, s->hWork, s->lwork_host,
                             s->dInfo));
  CU_RT(a->cudaMemcpyAsync(s->hInfo, s->dInfo, sizeof(int), cudaMemcpyDeviceToHost, s->s_comp));
  double sum = 0.0;
  if (s->mod) {
    /* per-column sums of squares (clm_sq_partials + clm_abs_finish's lane
     * sums) into dNorm[0..P), then added here in column order */
    unsigned int b = CLM_NORM_BLOCK;
    unsigned int g1 = (unsigned int)((P * CLM_NORM_LANES + b - 1) / b);
    unsigned int g2 = (unsigned int)((P + b - 1) / b);
    long long Pl = (long long)P;
    void *args1[] = {&s->dA, &Pl, &s->dPart};
    void *args2[] = {&s->dA, &Pl, &s->dPart, &s->dNorm};
    CUstream cs = (CUstream)s->s_comp;
    CU_DRV(a->cuLaunchKernel(s->k_sq, g1, 1, 1, b, 1, 1, 0, cs, args1, NULL));
    CU_DRV(a->cuLaunchKernel(s->k_finish, g2, 1, 1, b, 1, 1, 0, cs, args2, NULL));
    CU_RT(a->cudaMemcpyAsync(s->hVec, s->dNorm, s->P * sizeof(double), cudaMemcpyDeviceToHost,
                             s->s_comp));
    CU_RT(a->cudaStreamSynchronize(s->s_comp));
    if (*s->hInfo > 0) return CLM_ENOTPD; /* a zero u_ii: not positive definite */
    if (*s->hInfo < 0) return CLM_EINTERNAL;
    for (size_t j = 0; j < s->P; j++) sum += s->hVec[j];
  } else {
    st = cuda_sync_all(s);
    if (st != CLM_OK) return st;
    if (*s->hInfo > 0) return CLM_ENOTPD;
    if (*s->hInfo < 0) return CLM_EINTERNAL;
    st = upper_through_host(s, s->dA, sumsq_panel, &sum);
    if (st != CLM_OK) return st;
  }
  *trace = sum;
  s->traced = (clm__traced){1, scale, mu, sum};
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

/* The J'J work runs on the device: the host threads are the evaluator's. */
static int cuda_host_threads(const void *state) {
  (void)state;
  return 0;
}

static int cuda_get_jj(void *state, double *JJ) {
  cuda_state *s = state;
  if (!s || !JJ) return CLM_ENULL;
  s->handed = NULL;
  int st = chunk_flush(s);
  if (st == CLM_OK) st = cuda_sync_all(s);
  if (st != CLM_OK) return st;
  /* Upper triangle only, column by column (the caller's lower part is
   * left alone, as the CPU backend does): the full matrix comes through a
   * pinned buffer in column panels and the upper parts are scattered. */
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

/* JJ and JE from a reduction done elsewhere (MPI).  The copies go on the
 * compute stream, so the factor that follows there reads them; the copy of
 * the pageable JJ is staged by the runtime at the call, and the stream is
 * synchronised before returning. */
static int cuda_set_jj(void *state, const double *JJ, const double *JE) {
  cuda_state *s = state;
  if (!s || !JJ || !JE) return CLM_ENULL;
  clm_cuda_api *a = &s->api;
  int st = cuda_sync_all(s);
  if (st != CLM_OK) return st;
  s->fill = 0;
  s->handed = NULL;
  s->factored = 0;
  s->traced.valid = 0;
  s->rows_known = 0; /* a reduction from elsewhere: always estimate rcond */
  s->rows = 0;
  CU_RT(a->cudaMemcpyAsync(s->dJJ, JJ, s->P * s->P * sizeof(double), cudaMemcpyHostToDevice,
                           s->s_comp));
  CU_RT(a->cudaMemcpyAsync(s->dJE, JE, s->P * sizeof(double), cudaMemcpyHostToDevice,
                           s->s_comp));
  if (s->mod) return finish_epoch(s);
  CU_RT(a->cudaStreamSynchronize(s->s_comp));
  /* The 1-norm pieces straight from the host copy (upper triangle). */
  memset(s->off, 0, s->P * sizeof *s->off);
  norm_panel(s, JJ, s->P, 0, s->P);
  return CLM_OK;
}

const clm_linsolver_type clm__linsolver_cuda = {
  .name = "cuda",
  .kind = CLM_BACKEND_GPU,
  .host_threads = cuda_host_threads,
  .available = cuda_available,
  .alloc = cuda_alloc,
  .begin = cuda_begin,
  .accumulate = cuda_accumulate,
  .end = cuda_end,
  .factor = cuda_factor,
  .solve = cuda_solve,
  .trace_inv = cuda_trace_inv,
  .get_jj = cuda_get_jj,
  .set_jj = cuda_set_jj,
  .free = cuda_free,
  .block_buffer = cuda_block_buffer,
  .describe = cuda_describe,
};
