/* chaoslm — the CUDA entry points the GPU backend calls (internal).
 *
 * One X-macro list, expanded into a table of function pointers that the
 * backend keeps in its state: filled with the linked functions' addresses,
 * with dlsym (CLM_CUDA_DLOPEN), or with host stand-ins in the test build
 * (CLM_CUDA_MOCK, tests/cuda_mock.c).  Needs the CUDA headers.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_CUDA_API_H
#define CLM_CUDA_API_H

#include <cuda_runtime_api.h>
#include <cublas_v2.h>
#include <cusolverDn.h>

/* X(library, symbol): every CUDA entry point the backend calls.  Library 0
 * is cudart, 1 cuBLAS, 2 cuSOLVER.  cuBLAS names carry their real _v2
 * suffix (cublas_v2.h maps cublasDsyrk to cublasDsyrk_v2 with a macro, and
 * dlsym needs the exported name). */
#define CLM_CUDA_SYMS(X)                                                       \
  X(0, cudaGetDeviceCount)                                                     \
  X(0, cudaGetErrorString)                                                     \
  X(0, cudaMalloc)                                                             \
  X(0, cudaFree)                                                               \
  X(0, cudaHostAlloc)                                                          \
  X(0, cudaFreeHost)                                                           \
  X(0, cudaMemcpy)                                                             \
  X(0, cudaMemcpyAsync)                                                        \
  X(0, cudaMemcpy2DAsync)                                                      \
  X(0, cudaMemsetAsync)                                                        \
  X(0, cudaStreamCreateWithFlags)                                              \
  X(0, cudaStreamDestroy)                                                      \
  X(0, cudaStreamSynchronize)                                                  \
  X(0, cudaStreamWaitEvent)                                                    \
  X(0, cudaEventCreateWithFlags)                                               \
  X(0, cudaEventDestroy)                                                       \
  X(0, cudaEventRecord)                                                        \
  X(0, cudaEventSynchronize)                                                   \
  X(1, cublasCreate_v2)                                                        \
  X(1, cublasDestroy_v2)                                                       \
  X(1, cublasSetStream_v2)                                                     \
  X(1, cublasDsyrk_v2)                                                         \
  X(1, cublasDgemv_v2)                                                         \
  X(1, cublasDgeam)                                                            \
  X(1, cublasDaxpy_v2)                                                         \
  X(2, cusolverDnCreate)                                                       \
  X(2, cusolverDnDestroy)                                                      \
  X(2, cusolverDnSetStream)                                                    \
  X(2, cusolverDnDpotrf_bufferSize)                                            \
  X(2, cusolverDnDpotrf)                                                       \
  X(2, cusolverDnDpotrs)

typedef struct clm_cuda_api {
#define CLM_CUDA_DECL_(L, f) __typeof__(&f) f;
  CLM_CUDA_SYMS(CLM_CUDA_DECL_)
#undef CLM_CUDA_DECL_
  void *lib[3]; /* dlopen handles (NULL when linked) */
} clm_cuda_api;

#endif /* CLM_CUDA_API_H */
