/* chaoslm — choosing trainlm's linear-solver backend, and the rcond bound the
 * backends share (at the end).
 *
 * auto: the GPU backend when it is compiled in, the problem is big enough
 * and a device answers with every library loadable, else the CPU backend.
 * "Big enough" is about an epoch's J'J, P^2 * rows multiply-adds (/2), the
 * work the GPU takes off the host: the GPU pays once that work outweighs
 * its fixed cost per epoch (launches, synchronisations, the factor's round
 * trips, a millisecond or two) plus sending J (8 P rows bytes).  On the
 * project's 2-core CPU (about 34 GFLOP/s of DSYRK at 2 threads), P^2 rows =
 * 1e9 is about 15 ms of J'J per epoch.  The values below are PROVISIONAL
 * (estimated, not measured): tools/gpu-check.sh sweeps P and rows on a GPU
 * machine and prints the measured crossover, which is to replace them
 * (doc/gpu.md).  The GPU is never asked about smaller problems, so a
 * CPU-only run never loads the CUDA libraries.
 *
 * The CUDA table is referenced weakly, so this file links whether or not
 * solvers/linsolver_cuda.c is part of the build yet: an absent table reads
 * as "not compiled in".
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "linsolver.h"

/* auto: smallest epoch J'J work P^2 * rows, and smallest P, for the GPU
 * (provisional, see above). */
#define CLM__GPU_AUTO_WORK 1e9
#define CLM__GPU_AUTO_MIN_P ((size_t)200)

#ifdef HAVE_CUDA
#pragma weak clm__linsolver_cuda
#endif

/* The GPU table, or NULL when it is not compiled in. */
static const clm_linsolver_type *gpu_table(void) {
#ifdef HAVE_CUDA
  const clm_linsolver_type *t = &clm__linsolver_cuda;
  return t;
#else
  return NULL;
#endif
}

static void say(char *buf, size_t len, const char *text, const char *detail) {
  if (!buf || !len) return;
  if (detail && *detail)
    snprintf(buf, len, "%s (%s)", text, detail);
  else
    snprintf(buf, len, "%s", text);
}

int clm_linsolver_available(clm_backend b, char *why, size_t why_len) {
  if (why && why_len) why[0] = '\0';
  switch (b) {
  case CLM_BACKEND_AUTO:
  case CLM_BACKEND_CPU:
    return clm__linsolver_cpu.available(why, why_len);
  case CLM_BACKEND_GPU: {
    const clm_linsolver_type *g = gpu_table();
    if (!g) {
      say(why, why_len, "built without CUDA", NULL);
      return 0;
    }
    return g->available(why, why_len) ? 1 : 0;
  }
  default:
    say(why, why_len, "unknown backend", NULL);
    return 0;
  }
}

int clm__linsolver_gpu_pays(size_t P, size_t rows) {
  return P >= CLM__GPU_AUTO_MIN_P && (double)P * (double)P * (double)rows >= CLM__GPU_AUTO_WORK;
}

int clm__linsolver_choose(clm_backend request, size_t P, size_t rows,
                          const clm_linsolver_type **out, char *note, size_t note_len) {
  return clm__linsolver_choose_with(gpu_table(), request, P, rows, out, note, note_len);
}

int clm__linsolver_choose_with(const clm_linsolver_type *g, clm_backend request, size_t P,
                               size_t rows, const clm_linsolver_type **out, char *note,
                               size_t note_len) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  if (note && note_len) note[0] = '\0';
  char why[128] = "";
  switch (request) {
  case CLM_BACKEND_CPU:
    *out = &clm__linsolver_cpu;
    say(note, note_len, "cpu requested", NULL);
    return CLM_OK;
  case CLM_BACKEND_GPU:
    if (!g) {
      say(note, note_len, "gpu requested but built without CUDA", NULL);
      return CLM_EBACKEND;
    }
    if (!g->available(why, sizeof why)) {
      say(note, note_len, "gpu requested but unavailable", why);
      return CLM_EBACKEND;
    }
    *out = g;
    say(note, note_len, "gpu requested", why);
    return CLM_OK;
  case CLM_BACKEND_AUTO:
    *out = &clm__linsolver_cpu;
    if (!g) {
      say(note, note_len, "auto: cpu, built without CUDA", NULL);
    } else if (!clm__linsolver_gpu_pays(P, rows)) {
      char d[64];
      snprintf(d, sizeof d, "P = %zu, P^2 rows = %.2g < %.0e", P,
               (double)P * (double)P * (double)rows, CLM__GPU_AUTO_WORK);
      say(note, note_len, "auto: cpu, problem too small for the gpu", d);
    } else if (!g->available(why, sizeof why)) {
      say(note, note_len, "auto: cpu, gpu unavailable", why);
    } else {
      *out = g;
      char d[200];
      snprintf(d, sizeof d, "P = %zu, P^2 rows = %.2g; %s", P,
               (double)P * (double)P * (double)rows, why);
      say(note, note_len, "auto: gpu", d);
    }
    return CLM_OK;
  default:
    return CLM_EPARAM;
  }
}

/* ------------------------------------------------ the shared rcond bound
 *
 * Both backends reject a Cholesky factor whose reciprocal condition number
 * (LAPACK DPOCON's 1-norm estimate) is below DBL_EPSILON, as MATLAB rejects
 * a step when backslash warns "close to singular".  The estimate costs
 * several triangular solves; this bound proves, from a few numbers, that the
 * estimate would pass, so the backend may skip it and still make exactly
 * DPOCON's decision.
 *
 * With u = DBL_EPSILON/2 and m accumulated rows, the computed JJ is
 * J'J + E with J'J positive semidefinite and ||E||_2 <= gamma_m trace(J'J)
 * (any summation order, so any BLAS or device; gamma_m = m u/(1 - m u)),
 * and forming A = scale*JJ + mu*I adds at most P u ||A||_1.  So when
 * mu >= 4 (1.02 m u tr + P u anorm) (tr = trace of scale*JJ), lambda_min(A)
 * >= mu/2 and ||A^-1||_1 <= 2 sqrt(P)/mu, i.e. the true rcond >=
 * mu / (2 sqrt(P) anorm).  DPOCON's estimate of ||A^-1||_1 is a lower bound
 * (up to the rounding of its solves, relative cond*P*u), so when that rcond
 * is also >= 2^21 DBL_EPSILON its estimate cannot fall below DBL_EPSILON.
 * Both conditions depend only on values, never on threads.
 */
int clm__rcond_surely_ok(int rows_known, size_t rows, size_t P, double mu, double tr,
                         double anorm) {
  if (!rows_known) return 0;
  const double u = DBL_EPSILON / 2.0, m = (double)rows, p = (double)P;
  if (!(m * u < 0.01)) return 0;
  if (!(mu >= 4.0 * (1.02 * m * u * tr + p * u * anorm))) return 0;
  return mu >= 2097152.0 * DBL_EPSILON * 2.0 * sqrt(p) * anorm;
}

/* ------------------------------------------------ the trace bound
 *
 * trainbr asks, once per epoch, for t = trace(A0^-1) with A0 = scale*JJ +
 * mu0*I, and then factors trial matrices A = scale*JJ + mu*I, mu >= mu0,
 * of the same JJ.  As stored, A and A0 share every off-diagonal entry and
 * each diagonal entry of A exceeds A0's by at least
 *     s = (mu - mu0) - u (2 anorm + mu + mu0)      (u = DBL_EPSILON/2,
 * anorm = ||A||_1 >= ||A0||_1 >= every diagonal entry), from fl(x) = x(1+d),
 * |d| <= u.  What DPOCON examines is the computed factor of A, U'U = A + E;
 * a Cholesky factor's backward error has ||E||_2 <= P (P+1) u ||A||_2
 * (Higham, Accuracy and Stability, Thm 10.3 and its corollary), and A0's
 * factor U0 likewise, so with Weyl's inequality
 *     lambda_min(U'U) >= lambda_min(U0'U0) - c + s - c,
 *     c = 1.01 P (P+1) u anorm,
 * and lambda_min(U0'U0) >= 1/t, the largest eigenvalue of a positive
 * definite inverse being at most its trace.  t itself comes from U0^-1,
 * whose relative error is about cond(U0) P u; cond(U0)^2 = cond_2(A0) <=
 * anorm t, so requiring sqrt(anorm t) P u <= 1/64 keeps it under a few
 * percent, which the factor 1 - 1/32 on 1/t covers.  With lo the resulting
 * lower bound, ||(U'U)^-1||_1 <= sqrt(P)/lo, and when lo/(sqrt(P) anorm) >=
 * 64 P DBL_EPSILON DPOCON's estimate (a lower bound on ||(U'U)^-1||_1 up to
 * its solves' relative rounding, cond P u <= 1/64) cannot put rcond under
 * DBL_EPSILON: the backend may skip it and still make DPOCON's decision.
 * The test reads only values, never threads. */
int clm__rcond_trace_ok(size_t P, double anorm, double mu, double mu0, double trace) {
  const double u = DBL_EPSILON / 2.0, p = (double)P;
  if (!(trace > 0.0) || !isfinite(trace) || !(anorm > 0.0) || !isfinite(anorm) ||
      !(mu >= mu0) || !isfinite(mu))
    return 0;
  if (!(sqrt(anorm * trace) * p * u <= 1.0 / 64.0)) return 0;
  const double c = 1.01 * p * (p + 1.0) * u * anorm;
  double s = (mu - mu0) - u * (2.0 * anorm + mu + mu0);
  if (!(s > 0.0)) s = 0.0;
  const double lo = (1.0 - 1.0 / 32.0) / trace + s - 2.0 * c;
  if (!(lo > 0.0)) return 0;
  return lo / (sqrt(p) * anorm) >= 64.0 * p * DBL_EPSILON;
}

int clm__traced_vouches(const clm__traced *t, size_t P, double scale, double mu, double anorm) {
  return t->valid && scale == t->scale && clm__rcond_trace_ok(P, anorm, mu, t->mu, t->trace);
}
