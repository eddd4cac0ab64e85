/* chaoslm — Cholesky factorisation on the host's own threads (internal).
 *
 * The CPU backend's factor for P above the small-kernel size, so that no
 * OpenBLAS thread runs during an epoch (see solvers/chol.c).  Results are
 * bit-identical for any thread count.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_CHOL_H
#define CLM_CHOL_H

#include <stddef.h>
#include "pool.h"

/* Leading dimension (and column count) A must have for order n: n rounded
 * up to a multiple of 24; rows and columns past n are padding, which must
 * be zero on entry and stay zero. */
size_t clm__chol_ld(size_t n);
/* Doubles of scratch clm__chol needs for order n (64-byte aligned). */
size_t clm__chol_work(size_t n);

/* A = U'U in place: the upper triangle of A (n x n, column-major, leading
 * dimension clm__chol_ld(n)) becomes U.  rdg (n) receives 1/u_kk.  Returns
 * 0, or k+1 when the leading minor of order k+1 is not positive definite
 * (pivot k not > 0, NaN included; A is then partly overwritten).  work:
 * clm__chol_work(n) doubles, 64-byte aligned; pool: threads for the large
 * trailing updates (NULL: the calling thread), results identical for any. */
size_t clm__chol(size_t n, double *A, double *rdg, double *work, clm_pool *pool);
/* clm__chol with the portable tiles when `portable`, and blocks of `block`
 * columns (a multiple of 12 up to 192; 0: the size chosen for n).  For
 * tests: the bits are the same. */
size_t clm__chol_kernel(size_t n, double *A, double *rdg, double *work, clm_pool *pool,
                        int portable, size_t block);

/* The trace of A^-1 from the factor of clm__chol, without forming A^-1:
 * with A = U'U, A^-1 = U^-1 U^-T, so trace(A^-1) = ||X||_F^2 for
 * X = U^-T (lower triangular).  A holds U in its upper triangle (order n,
 * leading dimension clm__chol_ld(n), as clm__chol left it) and rdg the
 * 1/u_kk; X is computed in A's strictly lower triangle (its diagonal,
 * 1/u_kk, is rdg), U is left intact and the padding is zero again on
 * return.  Returns the sum of the squares of the entries of X.  work:
 * clm__chol_inv_work(n) doubles, 64-byte aligned; pool as clm__chol; the
 * bits are the same for any thread count and with the portable tiles
 * (clm__chol_inv_kernel, for tests). */
size_t clm__chol_inv_work(size_t n);
double clm__chol_inv_trace(size_t n, double *A, const double *rdg, double *work, clm_pool *pool);
double clm__chol_inv_kernel(size_t n, double *A, const double *rdg, double *work, clm_pool *pool,
                            int portable, size_t block);

#endif /* CLM_CHOL_H */
