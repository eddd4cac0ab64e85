/* chaoslm — a small pool of worker threads owned by one object (internal).
 *
 * The CPU backend's kernels (solvers/jtj.c, solvers/chol.c) hand out
 * independent work items to a fixed number of threads a few times per
 * epoch.  An OpenMP region would do, but libgomp's idle workers spin for
 * milliseconds after each region, and on a machine whose cores are shared
 * with other processes that spinning takes the CPU from the thread that
 * still works.  This pool's workers sleep on a condition variable between
 * jobs instead (a wake-up costs microseconds, a few times per epoch).
 *
 * No global state: each pool belongs to the object that created it.  The
 * caller's thread works too.  Not reentrant: one job at a time per pool.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_POOL_H
#define CLM_POOL_H

#include <stddef.h>

typedef struct clm_pool clm_pool;

/* A pool of `threads` threads in all (the caller and threads - 1 workers);
 * threads <= 1 makes a pool that runs everything on the caller.
 * CLM_OK, CLM_ENOMEM (or when a thread cannot be started). */
int clm__pool_create(clm_pool **out, int threads);
/* Stops and joins the workers. */
void clm__pool_free(clm_pool *p);
/* fn(arg, k) for every k in [0, n), each exactly once, items taken in
 * increasing order by whichever thread is free; returns when all are
 * done.  fn must not call back into the pool. */
void clm__pool_run(clm_pool *p, size_t n, void (*fn)(void *arg, size_t k), void *arg);
/* Threads the pool runs on (1 for a serial pool). */
int clm__pool_threads(const clm_pool *p);

#endif /* CLM_POOL_H */
