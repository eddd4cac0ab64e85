/* chaoslm — the CUDA entry points the GPU backend calls (internal).
 *
 * X-macro lists, expanded into a table of function pointers that the
 * backend keeps in its state.  The table is filled with dlsym from
 * libraries opened at run time (CLM_CUDA_DLOPEN), with the linked
 * functions' addresses (a linked build), or, in the test build
 * (CLM_CUDA_MOCK), through the same dlopen code path but with the loader of
 * tests/cuda_mock.c, whose "libraries" are host stand-ins.  The driver
 * library (libcuda.so.1) is always opened at run time: its absence is how
 * "no NVIDIA driver" is told apart from other failures, and the device
 * kernels (solvers/cuda_kernels.cu) are loaded through it.  Needs the CUDA
 * headers.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_CUDA_API_H
#define CLM_CUDA_API_H

#include <stddef.h>
#include <cuda.h>
#include <cuda_runtime_api.h>
#include <cublas_v2.h>
#include <cusolverDn.h>

/* Library slots of the table. */
enum { CLM_CUDA_LIB_RT = 0, CLM_CUDA_LIB_BLAS, CLM_CUDA_LIB_SOLVER, CLM_CUDA_LIB_DRIVER,
       CLM_CUDA_NLIB };

/* X(library, symbol).  The runtime (cudart): */
#define CLM_CUDA_RT_SYMS(X)                                                    \
  X(0, cudaGetDeviceCount)                                                     \
  X(0, cudaGetErrorString)                                                     \
  X(0, cudaRuntimeGetVersion)                                                  \
  X(0, cudaMalloc)                                                             \
  X(0, cudaFree)                                                               \
  X(0, cudaHostAlloc)                                                          \
  X(0, cudaFreeHost)                                                           \
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
  X(0, cudaEventSynchronize)

/* cuBLAS (64-bit integer entry points, CUDA >= 12: no overflow of n*n or
 * of the diagonal stride P+1 past 2^31) and cuSOLVER (its 64-bit "X" API).
 * cuBLAS names carry their real _v2 suffix (cublas_v2.h maps cublasDsyrk to
 * cublasDsyrk_v2 with a macro, and dlsym needs the exported name). */
#define CLM_CUDA_LA_SYMS(X)                                                    \
  X(1, cublasCreate_v2)                                                        \
  X(1, cublasDestroy_v2)                                                       \
  X(1, cublasSetStream_v2)                                                     \
  X(1, cublasDsyrk_v2_64)                                                      \
  X(1, cublasDgemv_v2_64)                                                      \
  X(1, cublasDgeam_64)                                                         \
  X(1, cublasDaxpy_v2_64)                                                      \
  X(2, cusolverDnCreate)                                                       \
  X(2, cusolverDnDestroy)                                                      \
  X(2, cusolverDnSetStream)                                                    \
  X(2, cusolverDnCreateParams)                                                 \
  X(2, cusolverDnDestroyParams)                                                \
  X(2, cusolverDnXpotrf_bufferSize)                                            \
  X(2, cusolverDnXpotrf)                                                       \
  X(2, cusolverDnXpotrs)                                                       \
  X(2, cusolverDnXtrtri_bufferSize)                                            \
  X(2, cusolverDnXtrtri)

/* The driver (libcuda.so.1): version and name queries, and the module
 * functions that load the backend's own kernels from PTX. */
#define CLM_CUDA_DRV_SYMS(X)                                                   \
  X(3, cuDriverGetVersion)                                                     \
  X(3, cuInit)                                                                 \
  X(3, cuDeviceGet)                                                            \
  X(3, cuDeviceGetName)                                                        \
  X(3, cuModuleLoadData)                                                       \
  X(3, cuModuleUnload)                                                         \
  X(3, cuModuleGetFunction)                                                    \
  X(3, cuLaunchKernel)

#define CLM_CUDA_ALL_SYMS(X) CLM_CUDA_RT_SYMS(X) CLM_CUDA_LA_SYMS(X) CLM_CUDA_DRV_SYMS(X)

/* How libraries are opened: dlopen/dlsym/dlclose/dlerror, or the test
 * build's stand-ins. */
typedef struct clm_cuda_loader {
  void *(*open)(const char *soname);
  void *(*sym)(void *lib, const char *name);
  void (*close)(void *lib);
  const char *(*error)(void); /* why the last open failed (may return NULL) */
} clm_cuda_loader;

typedef struct clm_cuda_api {
#define CLM_CUDA_DECL_(L, f) __typeof__(&f) f;
  CLM_CUDA_ALL_SYMS(CLM_CUDA_DECL_)
#undef CLM_CUDA_DECL_
  void *lib[CLM_CUDA_NLIB];     /* open handles (NULL when linked or not opened) */
  const clm_cuda_loader *loader;
  int family;                   /* index of the soname family in use, -1 none */
  int driver_version;           /* cuDriverGetVersion: 13000 = CUDA 13.0 */
} clm_cuda_api;

#endif /* CLM_CUDA_API_H */
