/* chaoslm — the GPU backend's device kernels, compiled by nvcc to PTX at
 * build time (solvers/cuda.mk) and embedded in the library as a string;
 * solvers/linsolver_cuda.c loads it with cuModuleLoadData.  The bodies are
 * in cuda_kernels.h, shared with the test build's host stand-ins.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "cuda_kernels.h"

static __device__ inline long long clm_tid(void) {
  return (long long)blockIdx.x * (long long)blockDim.x + (long long)threadIdx.x;
}

extern "C" __global__ void clm_abs_partials(const double *A, long long P, double *part) {
  clm_kbody_abs_partials(clm_tid(), A, P, part);
}

extern "C" __global__ void clm_sq_partials(const double *A, long long P, double *part) {
  clm_kbody_sq_partials(clm_tid(), A, P, part);
}

extern "C" __global__ void clm_abs_finish(const double *A, long long P, const double *part,
                                          double *out) {
  clm_kbody_abs_finish(clm_tid(), A, P, part, out);
}
