/* chaoslm — the bodies of the GPU backend's own device kernels (internal).
 *
 * Each kernel is one function of the global thread index t, written so that
 * the same text compiles as CUDA device code (solvers/cuda_kernels.cu wraps
 * each body in a __global__ function, compiled to PTX by nvcc at build time
 * and loaded through the driver) and as host C (tests/cuda_mock.c runs the
 * bodies for every t of the launch grid).  No shared memory, no barriers,
 * no atomics: every output is written by one thread, in a fixed order, so
 * results are bit-for-bit reproducible.
 *
 * 1-norm pieces of J'J.  JJ (P x P, column-major, ld P) holds the upper
 * triangle; the symmetric matrix's off-diagonal absolute column sums are
 *     off_j = sum_{i<j} |JJ_ij| + sum_{k>j} |JJ_jk|
 * (upper part of column j, then row j to the right).  Pass 1: thread
 * t = 32 j + l (l = 0..31) sums the entries i = l, l+32, ... of the upper
 * part of column j (consecutive l read consecutive addresses) and the
 * entries k = j+1+l, j+33+l, ... of row j, into part[t].  Pass 2: thread j
 * adds its 32 partials in lane order and writes out[j] = off_j and
 * out[P + j] = JJ_jj.
 *
 * Sum of squares of an upper triangle (trainbr's trace of A^-1 from
 * U^-1): thread t = 32 j + l sums v_ij^2 for i = l, l+32, ... <= j into
 * part[t]; abs_finish's pass 2 then adds each column's 32 partials.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_CUDA_KERNELS_H
#define CLM_CUDA_KERNELS_H

#ifdef __CUDACC__
#define CLM_KBODY __device__ static inline
#else
#include <math.h>
#define CLM_KBODY static inline
#endif

/* Threads per column in pass 1 (a warp). */
#define CLM_NORM_LANES 32
/* Threads per block of both launches. */
#define CLM_NORM_BLOCK 256

CLM_KBODY void clm_kbody_abs_partials(long long t, const double *A, long long P, double *part) {
  long long j = t / CLM_NORM_LANES, l = t % CLM_NORM_LANES;
  if (j >= P) return;
  const double *col = A + j * P;
  double s = 0.0;
  for (long long i = l; i < j; i += CLM_NORM_LANES) s += fabs(col[i]);
  for (long long k = j + 1 + l; k < P; k += CLM_NORM_LANES) s += fabs(A[j + k * P]);
  part[t] = s;
}

CLM_KBODY void clm_kbody_sq_partials(long long t, const double *A, long long P, double *part) {
  long long j = t / CLM_NORM_LANES, l = t % CLM_NORM_LANES;
  if (j >= P) return;
  const double *col = A + j * P;
  double s = 0.0;
  for (long long i = l; i <= j; i += CLM_NORM_LANES) s += col[i] * col[i];
  part[t] = s;
}

CLM_KBODY void clm_kbody_abs_finish(long long t, const double *A, long long P,
                                    const double *part, double *out) {
  if (t >= P) return;
  const double *p = part + t * CLM_NORM_LANES;
  double s = 0.0;
  for (int l = 0; l < CLM_NORM_LANES; l++) s += p[l];
  out[t] = s;
  out[P + t] = A[t + t * P];
}

#endif /* CLM_CUDA_KERNELS_H */
