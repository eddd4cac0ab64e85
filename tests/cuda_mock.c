/* chaoslm tests — host stand-ins for the CUDA entry points of
 * solvers/cuda_api.h, so that the CUDA backend's own logic (pinned chunks
 * and their ping-pong, JJ panels for the 1-norm, the DLACN2 loop, get/set,
 * cleanup after a failed allocation) runs on a machine without a GPU.
 * "Device" memory is host memory, streams and events are dummies, every
 * call completes at once; cuBLAS/cuSOLVER calls map to CBLAS/LAPACKE.
 *
 * Fault injection: mock_fail_after(k) makes the k-th next allocation or
 * cuSOLVER factorisation fail (k = 0: never), to check the error paths
 * (CLM_ENOMEM / CLM_EDEVICE and no leak).  Test-only code: the counters are
 * file-scope statics.  GPL-3.0-or-later. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include <lapacke.h>
#include "cuda_api.h"

static long mock_countdown; /* > 0: fail when it reaches 0 */
static long mock_live;      /* allocations not yet freed */

void mock_fail_after(long k);
long mock_live_allocations(void);
void clm__cuda_mock_fill(clm_cuda_api *api);

void mock_fail_after(long k) { mock_countdown = k; }
long mock_live_allocations(void) { return mock_live; }

static int mock_fault(void) {
  return mock_countdown > 0 && --mock_countdown == 0;
}

static void *mock_new(size_t n) {
  if (mock_fault()) return NULL;
  void *p = malloc(n ? n : 1);
  if (p) mock_live++;
  return p;
}
static void mock_del(void *p) {
  if (p) {
    mock_live--;
    free(p);
  }
}

static cudaError_t m_cudaGetDeviceCount(int *n) { *n = 1; return cudaSuccess; }
static const char *m_cudaGetErrorString(cudaError_t e) { (void)e; return "mock error"; }
static cudaError_t m_cudaMalloc(void **p, size_t n) {
  *p = mock_new(n);
  return *p ? cudaSuccess : cudaErrorMemoryAllocation;
}
static cudaError_t m_cudaFree(void *p) { mock_del(p); return cudaSuccess; }
static cudaError_t m_cudaHostAlloc(void **p, size_t n, unsigned int f) {
  (void)f;
  *p = mock_new(n);
  return *p ? cudaSuccess : cudaErrorMemoryAllocation;
}
static cudaError_t m_cudaFreeHost(void *p) { mock_del(p); return cudaSuccess; }
static cudaError_t m_cudaMemcpy(void *d, const void *s, size_t n, enum cudaMemcpyKind k) {
  (void)k;
  memmove(d, s, n);
  return cudaSuccess;
}
static cudaError_t m_cudaMemcpyAsync(void *d, const void *s, size_t n, enum cudaMemcpyKind k,
                                     cudaStream_t st) {
  (void)k;
  (void)st;
  memmove(d, s, n);
  return cudaSuccess;
}
static cudaError_t m_cudaMemcpy2DAsync(void *d, size_t dp, const void *s, size_t sp, size_t w,
                                       size_t h, enum cudaMemcpyKind k, cudaStream_t st) {
  (void)k;
  (void)st;
  if (w > dp || w > sp) return cudaErrorInvalidPitchValue;
  for (size_t r = 0; r < h; r++) memmove((char *)d + r * dp, (const char *)s + r * sp, w);
  return cudaSuccess;
}
static cudaError_t m_cudaMemsetAsync(void *d, int v, size_t n, cudaStream_t st) {
  (void)st;
  memset(d, v, n);
  return cudaSuccess;
}
static cudaError_t m_cudaStreamCreateWithFlags(cudaStream_t *s, unsigned int f) {
  (void)f;
  *s = mock_new(1);
  return *s ? cudaSuccess : cudaErrorMemoryAllocation;
}
static cudaError_t m_cudaStreamDestroy(cudaStream_t s) { mock_del(s); return cudaSuccess; }
static cudaError_t m_cudaStreamSynchronize(cudaStream_t s) { (void)s; return cudaSuccess; }
static cudaError_t m_cudaStreamWaitEvent(cudaStream_t s, cudaEvent_t e, unsigned int f) {
  (void)s;
  (void)e;
  (void)f;
  return cudaSuccess;
}
static cudaError_t m_cudaEventCreateWithFlags(cudaEvent_t *e, unsigned int f) {
  (void)f;
  *e = mock_new(1);
  return *e ? cudaSuccess : cudaErrorMemoryAllocation;
}
static cudaError_t m_cudaEventDestroy(cudaEvent_t e) { mock_del(e); return cudaSuccess; }
static cudaError_t m_cudaEventRecord(cudaEvent_t e, cudaStream_t s) {
  (void)e;
  (void)s;
  return cudaSuccess;
}
static cudaError_t m_cudaEventSynchronize(cudaEvent_t e) { (void)e; return cudaSuccess; }

static cublasStatus_t m_cublasCreate_v2(cublasHandle_t *h) {
  *h = mock_new(1);
  return *h ? CUBLAS_STATUS_SUCCESS : CUBLAS_STATUS_ALLOC_FAILED;
}
static cublasStatus_t m_cublasDestroy_v2(cublasHandle_t h) {
  mock_del(h);
  return CUBLAS_STATUS_SUCCESS;
}
static cublasStatus_t m_cublasSetStream_v2(cublasHandle_t h, cudaStream_t s) {
  (void)h;
  (void)s;
  return CUBLAS_STATUS_SUCCESS;
}
static cublasStatus_t m_cublasDsyrk_v2(cublasHandle_t h, cublasFillMode_t uplo,
                                       cublasOperation_t tr, int n, int k, const double *alpha,
                                       const double *A, int lda, const double *beta, double *C,
                                       int ldc) {
  (void)h;
  cblas_dsyrk(CblasColMajor, uplo == CUBLAS_FILL_MODE_UPPER ? CblasUpper : CblasLower,
              tr == CUBLAS_OP_N ? CblasNoTrans : CblasTrans, n, k, *alpha, A, lda, *beta, C, ldc);
  return CUBLAS_STATUS_SUCCESS;
}
static cublasStatus_t m_cublasDgemv_v2(cublasHandle_t h, cublasOperation_t tr, int m, int n,
                                       const double *alpha, const double *A, int lda,
                                       const double *x, int incx, const double *beta, double *y,
                                       int incy) {
  (void)h;
  cblas_dgemv(CblasColMajor, tr == CUBLAS_OP_N ? CblasNoTrans : CblasTrans, m, n, *alpha, A, lda,
              x, incx, *beta, y, incy);
  return CUBLAS_STATUS_SUCCESS;
}
static cublasStatus_t m_cublasDgeam(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb,
                                    int m, int n, const double *alpha, const double *A, int lda,
                                    const double *beta, const double *B, int ldb, double *C,
                                    int ldc) {
  (void)h;
  if (ta != CUBLAS_OP_N || tb != CUBLAS_OP_N) return CUBLAS_STATUS_NOT_SUPPORTED;
  for (int j = 0; j < n; j++)
    for (int i = 0; i < m; i++)
      C[i + (size_t)j * ldc] = *alpha * A[i + (size_t)j * lda] + *beta * B[i + (size_t)j * ldb];
  return CUBLAS_STATUS_SUCCESS;
}
static cublasStatus_t m_cublasDaxpy_v2(cublasHandle_t h, int n, const double *alpha,
                                       const double *x, int incx, double *y, int incy) {
  (void)h;
  cblas_daxpy(n, *alpha, x, incx, y, incy);
  return CUBLAS_STATUS_SUCCESS;
}

static cusolverStatus_t m_cusolverDnCreate(cusolverDnHandle_t *h) {
  *h = mock_new(1);
  return *h ? CUSOLVER_STATUS_SUCCESS : CUSOLVER_STATUS_ALLOC_FAILED;
}
static cusolverStatus_t m_cusolverDnDestroy(cusolverDnHandle_t h) {
  mock_del(h);
  return CUSOLVER_STATUS_SUCCESS;
}
static cusolverStatus_t m_cusolverDnSetStream(cusolverDnHandle_t h, cudaStream_t s) {
  (void)h;
  (void)s;
  return CUSOLVER_STATUS_SUCCESS;
}
static cusolverStatus_t m_cusolverDnDpotrf_bufferSize(cusolverDnHandle_t h, cublasFillMode_t u,
                                                      int n, double *A, int lda, int *lwork) {
  (void)h;
  (void)u;
  (void)A;
  (void)lda;
  *lwork = n;
  return CUSOLVER_STATUS_SUCCESS;
}
static cusolverStatus_t m_cusolverDnDpotrf(cusolverDnHandle_t h, cublasFillMode_t u, int n,
                                           double *A, int lda, double *W, int lw, int *info) {
  (void)h;
  (void)W;
  (void)lw;
  if (mock_fault()) return CUSOLVER_STATUS_EXECUTION_FAILED;
  *info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, u == CUBLAS_FILL_MODE_UPPER ? 'U' : 'L', n, A,
                              lda);
  return CUSOLVER_STATUS_SUCCESS;
}
static cusolverStatus_t m_cusolverDnDpotrs(cusolverDnHandle_t h, cublasFillMode_t u, int n,
                                           int nrhs, const double *A, int lda, double *B, int ldb,
                                           int *info) {
  (void)h;
  *info = LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, u == CUBLAS_FILL_MODE_UPPER ? 'U' : 'L', n, nrhs,
                              A, lda, B, ldb);
  return CUSOLVER_STATUS_SUCCESS;
}

void clm__cuda_mock_fill(clm_cuda_api *api) {
#define MOCK_SET_(L, f) api->f = m_##f;
  CLM_CUDA_SYMS(MOCK_SET_)
#undef MOCK_SET_
}
