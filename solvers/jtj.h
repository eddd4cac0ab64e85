/* chaoslm — J'J and J'e accumulated on the host's own threads (internal).
 *
 * The CPU backend's accumulation for P above the small-kernel size: the
 * running sums JJ (upper triangle) and JE over Jacobian row blocks, on the
 * threads of a worker pool (solvers/pool.h), with no BLAS call.  Every
 * entry is one chain of fused multiply-adds over the rows in row order,
 *     JJ_ij = fma(J_ri, J_rj, JJ_ij),  JE_i = fma(J_ri, e_r, JE_i),
 * whatever the thread count, the cut of the rows into blocks, the tiling or
 * the vector width: results are bit-identical for any of them (and on any
 * x86-64 with or without AVX2, since fma() rounds once like the vector
 * instruction).  See solvers/jtj.c.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_JTJ_H
#define CLM_JTJ_H

#include <stddef.h>
#include "pool.h"

typedef struct clm_jtj clm_jtj;

/* Sums for P unknowns, reduced on the threads of `pool` (borrowed, must
 * outlive the sums; NULL: the calling thread).  Rows
 * are packed as they arrive into a buffer of about 8 MiB (at least max_rows
 * rows) and reduced into the sums when it is full or the sums are read, so
 * that an epoch's accumulation takes few parallel regions.  All memory is
 * allocated here: O(P^2 + max_rows P + 8 MiB).  CLM_OK, CLM_ESIZE,
 * CLM_ENOMEM. */
int clm__jtj_alloc(clm_jtj **out, size_t P, size_t max_rows, clm_pool *pool);
void clm__jtj_free(clm_jtj *s);
/* JJ := 0, JE := 0. */
void clm__jtj_zero(clm_jtj *s);
/* Where the caller may write its next m <= max_rows rows (J m x P
 * row-major, e m) before passing them to clm__jtj_add: a buffer of one
 * block that stays in cache until it is packed; NULL pointers when m is
 * larger (the caller then uses its own memory, just as well). */
void clm__jtj_buffer(clm_jtj *s, size_t m, double **J, double **e);
/* JJ += J'J, JE += J'e for m rows (J row-major m x P, e m). */
void clm__jtj_add(clm_jtj *s, const double *J, const double *e, size_t m);
/* Copy the upper triangle of JJ (column-major, leading dimension P; the
 * lower part of JJ is left alone) and JE (P; may be NULL), after reducing
 * the buffered rows. */
void clm__jtj_get(clm_jtj *s, double *JJ, double *JE);
/* Replace the sums (upper triangle of JJ, leading dimension P, and JE). */
void clm__jtj_set(clm_jtj *s, const double *JJ, const double *JE);
/* Tests: 1 = use the portable kernel even where AVX2 + FMA exist (the
 * bits must not change). */
void clm__jtj_force_portable(clm_jtj *s, int on);

#endif /* CLM_JTJ_H */
