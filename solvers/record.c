/* chaoslm — the training record (MATLAB's tr): creation, growth, release.
 *
 * Per-epoch arrays hold num_epochs+1 entries (epoch 0 first).  clm_train
 * sizes them for epochs+1 rows up front when that is moderate; for very
 * large epoch limits (training meant to stop on time or goal) they start at
 * CLM__RECORD_CHUNK rows and double when full, an amortised allocation
 * outside the numerical work of an epoch.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "trainer.h"

void clm_record_init(clm_record *r) {
  if (!r) return;
  memset(r, 0, sizeof *r);
  r->best_perf = r->best_vperf = r->best_tperf = NAN;
}

void clm_record_free(clm_record *r) {
  if (!r) return;
  free(r->epoch);
  free(r->time);
  free(r->perf);
  free(r->vperf);
  free(r->tperf);
  free(r->mu);
  free(r->gradient);
  free(r->val_fail);
  free(r->train_ind);
  free(r->val_ind);
  free(r->test_ind);
  free(r->chaos_events);
  for (size_t k = 0; k < CLM_MAX_STATES; k++) free(r->state[k]);
  clm_record_init(r);
}

/* Resize every per-epoch array to n rows; the record is unchanged on
 * failure. */
int clm__record_reserve(clm_record *r, size_t n) {
  if (n <= r->capacity) return CLM_OK;
  if (n > SIZE_MAX / sizeof(double)) return CLM_ENOMEM;
  size_t *ep = realloc(r->epoch, n * sizeof *ep);
  if (!ep) return CLM_ENOMEM;
  r->epoch = ep;
  size_t *vf = realloc(r->val_fail, n * sizeof *vf);
  if (!vf) return CLM_ENOMEM;
  r->val_fail = vf;
  double **d[6] = {&r->time, &r->perf, &r->vperf, &r->tperf, &r->mu, &r->gradient};
  for (int i = 0; i < 6; i++) {
    double *x = realloc(*d[i], n * sizeof *x);
    if (!x) return CLM_ENOMEM;
    *d[i] = x;
  }
  for (size_t k = 0; k < r->n_states && k < CLM_MAX_STATES; k++) {
    double *x = realloc(r->state[k], n * sizeof *x);
    if (!x) return CLM_ENOMEM;
    r->state[k] = x;
  }
  r->capacity = n;
  return CLM_OK;
}

/* Append one chaos event (amortised growth; the record stays valid on
 * CLM_ENOMEM). */
int clm__record_chaos_event(clm_record *rec, size_t epoch, int kind, int accepted,
                            double before, double after, uint64_t evals) {
  if (rec->n_chaos_events == rec->chaos_events_capacity) {
    size_t cap = rec->chaos_events_capacity ? 2 * rec->chaos_events_capacity : 8;
    struct clm_chaos_event *ev = realloc(rec->chaos_events, cap * sizeof *ev);
    if (!ev) return CLM_ENOMEM;
    rec->chaos_events = ev;
    rec->chaos_events_capacity = cap;
  }
  struct clm_chaos_event *e = &rec->chaos_events[rec->n_chaos_events++];
  e->epoch = epoch;
  e->kind = kind;
  e->accepted = accepted;
  e->perf_before = before;
  e->perf_after = after;
  e->evals = evals;
  rec->n_chaos_evals += evals;
  return CLM_OK;
}
