/* chaoslm tests — naive dense linear algebra for the tests' own references
 * (header-only, C library only).  GPL-3.0-or-later. */
#ifndef CLM_TESTS_NAIVE_LINALG_H
#define CLM_TESTS_NAIVE_LINALG_H
#include <stddef.h>

/* Solve A x = b by Gaussian elimination without pivoting, for a symmetric
 * A (n x n; row- and column-major storage are the same then).  A and b are
 * destroyed; x may be b.  Returns 0 when a pivot was not positive (A is
 * not positive definite; x is then meaningless), else 1. */
static inline int naive_solve(double *A, double *b, double *x, size_t n) {
  int positive = 1;
  for (size_t k = 0; k < n; k++) {
    positive &= A[k * n + k] > 0;
    for (size_t i = k + 1; i < n; i++) {
      double f = A[i * n + k] / A[k * n + k];
      for (size_t j = k; j < n; j++) A[i * n + j] -= f * A[k * n + j];
      b[i] -= f * b[k];
    }
  }
  for (size_t k = n; k-- > 0;) {
    double s = b[k];
    for (size_t j = k + 1; j < n; j++) s -= A[k * n + j] * x[j];
    x[k] = s / A[k * n + k];
  }
  return positive;
}
#endif
