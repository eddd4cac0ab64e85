/* chaoslm — a small pool of worker threads owned by one object (see
 * pool.h).
 *
 * A job is (n, fn, arg) and a generation number.  clm__pool_run publishes
 * the job under the mutex, bumps the generation and wakes the workers;
 * every thread, the caller included, then takes items from an atomic
 * counter until it passes n.  A worker that runs out of items says so
 * under the mutex and goes back to sleep on `start`; the caller, once out
 * of items itself, sleeps on `finish` until every worker has reported, so
 * that no item of this job is still running when it returns.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include "chaoslm.h"
#include "pool.h"

struct clm_pool {
  int nworkers;
  pthread_t *tid;
  pthread_mutex_t mu;
  pthread_cond_t start, finish;
  unsigned long generation; /* bumped per job */
  int reported;             /* workers done with the current job */
  int quit;
  size_t n;
  void (*fn)(void *, size_t);
  void *arg;
  atomic_size_t next; /* next item to take */
};

static void take_items(clm_pool *p) {
  for (;;) {
    size_t k = atomic_fetch_add_explicit(&p->next, 1, memory_order_relaxed);
    if (k >= p->n) return;
    p->fn(p->arg, k);
  }
}

static void *worker(void *vp) {
  clm_pool *p = vp;
  unsigned long seen = 0;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (p->generation == seen && !p->quit) pthread_cond_wait(&p->start, &p->mu);
    if (p->quit) break;
    seen = p->generation;
    pthread_mutex_unlock(&p->mu);
    take_items(p);
    pthread_mutex_lock(&p->mu);
    if (++p->reported == p->nworkers) pthread_cond_signal(&p->finish);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

int clm__pool_create(clm_pool **out, int threads) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  clm_pool *p = calloc(1, sizeof *p);
  if (!p) return CLM_ENOMEM;
  atomic_init(&p->next, 0);
  int nw = threads > 1 ? threads - 1 : 0;
  if (nw && !(p->tid = calloc((size_t)nw, sizeof *p->tid))) {
    free(p);
    return CLM_ENOMEM;
  }
  if (pthread_mutex_init(&p->mu, NULL) != 0) {
    free(p->tid);
    free(p);
    return CLM_ENOMEM;
  }
  if (pthread_cond_init(&p->start, NULL) != 0) {
    pthread_mutex_destroy(&p->mu);
    free(p->tid);
    free(p);
    return CLM_ENOMEM;
  }
  if (pthread_cond_init(&p->finish, NULL) != 0) {
    pthread_cond_destroy(&p->start);
    pthread_mutex_destroy(&p->mu);
    free(p->tid);
    free(p);
    return CLM_ENOMEM;
  }
  for (int i = 0; i < nw; i++) {
    if (pthread_create(&p->tid[i], NULL, worker, p) != 0) {
      p->nworkers = i; /* the ones started are stopped by free */
      clm__pool_free(p);
      return CLM_ENOMEM;
    }
    p->nworkers = i + 1;
  }
  *out = p;
  return CLM_OK;
}

void clm__pool_free(clm_pool *p) {
  if (!p) return;
  pthread_mutex_lock(&p->mu);
  p->quit = 1;
  pthread_cond_broadcast(&p->start);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < p->nworkers; i++) pthread_join(p->tid[i], NULL);
  pthread_cond_destroy(&p->finish);
  pthread_cond_destroy(&p->start);
  pthread_mutex_destroy(&p->mu);
  free(p->tid);
  free(p);
}

int clm__pool_threads(const clm_pool *p) { return p ? p->nworkers + 1 : 1; }

void clm__pool_run(clm_pool *p, size_t n, void (*fn)(void *arg, size_t k), void *arg) {
  if (!n) return;
  if (!p || p->nworkers == 0 || n == 1) {
    for (size_t k = 0; k < n; k++) fn(arg, k);
    return;
  }
  pthread_mutex_lock(&p->mu);
  p->n = n;
  p->fn = fn;
  p->arg = arg;
  atomic_store_explicit(&p->next, 0, memory_order_relaxed);
  p->reported = 0;
  p->generation++;
  pthread_cond_broadcast(&p->start);
  pthread_mutex_unlock(&p->mu);
  take_items(p);
  pthread_mutex_lock(&p->mu);
  while (p->reported < p->nworkers) pthread_cond_wait(&p->finish, &p->mu);
  pthread_mutex_unlock(&p->mu);
}
