/* chaoslm benchmarks — what the benchmark programs share (header-only;
 * benchmarks are not part of the library): the clocks, medians, the
 * OpenBLAS thread count, an epoch callback that logs the thread CPU time,
 * the data generators (tests/test_rng.h) and the fitting data of
 * bench_train.  GPL-3.0-or-later. */
#ifndef CLM_BENCH_UTIL_H
#define CLM_BENCH_UTIL_H
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include "../tests/test_rng.h"

#ifdef HAVE_OPENBLAS_SET_NUM_THREADS
void openblas_set_num_threads(int);
#endif

/* Monotonic wall-clock time in seconds. */
static inline double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU time of the calling thread in seconds: what the work itself costs,
 * without the time other processes take the core (with one thread all the
 * work runs on the calling thread). */
static inline double bench_cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline int bench_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Median of v[0..n) (v is sorted in place); NaN for n = 0. */
static inline double bench_median(double *v, size_t n) {
  if (n == 0) return NAN;
  qsort(v, n, sizeof *v, bench_cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* OpenBLAS threads (nothing with another BLAS). */
static inline void bench_blas_threads(int threads) {
#ifdef HAVE_OPENBLAS_SET_NUM_THREADS
  openblas_set_num_threads(threads);
#else
  (void)threads;
#endif
}

/* The thread CPU time after each record row: an epoch callback
 * (clm_trainparam.callback, user = the log) filling t[0..cap). */
typedef struct bench_cpu_log {
  double *t;
  size_t n, cap; /* rows logged, room */
} bench_cpu_log;

static inline int bench_log_cpu(void *user, size_t epoch, double perf, double vperf,
                                double tperf) {
  (void)perf, (void)vperf, (void)tperf;
  bench_cpu_log *l = user;
  if (epoch < l->cap) l->t[epoch] = bench_cpu_now(), l->n = epoch + 1;
  return 0;
}

/* bench_train's fitting problems, R inputs and O targets (O <= 2) for Q
 * samples, one sample per column:
 *   R = 1:  x = linspace(-1,1,Q), t = sin(2 pi x) + 0.5 x^2 (rs unused);
 *   R > 1:  x uniform on [-1,1]^R (xorshift64* from *rs), s = sum_i x_i /
 *           sqrt(R), t1 = sin(2 s) + 0.3 x_1 x_2,
 *           t2 = tanh(x_R - x_1) + 0.2 cos(3 x_2). */
static inline void bench_fit_data(size_t R, size_t O, size_t Q, uint64_t *rs, double *X,
                                  double *T) {
  if (R == 1) {
    for (size_t q = 0; q < Q; q++) {
      double x = -1.0 + 2.0 * (double)q / (double)(Q - 1);
      X[q] = x;
      T[q] = sin(2.0 * M_PI * x) + 0.5 * x * x;
    }
    return;
  }
  for (size_t q = 0; q < Q; q++) {
    double *x = X + q * R, s = 0;
    for (size_t i = 0; i < R; i++) {
      x[i] = 2.0 * xorshift_uniform(rs) - 1.0;
      s += x[i];
    }
    s /= sqrt((double)R);
    T[q * O] = sin(2.0 * s) + 0.3 * x[0] * x[1];
    if (O > 1) T[q * O + 1] = tanh(x[R - 1] - x[0]) + 0.2 * cos(3.0 * x[1]);
  }
}
#endif
