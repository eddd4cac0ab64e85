/* chaoslm — chaotic escape from stagnation inside trainlm (chaos-method.md
 * §6.6, §6.7): an iterated local search whose perturbation is the parallel
 * chaotic search of search.c and whose local search is the driver's LM.
 *
 * The driver calls clm__escape_after_epoch after every epoch.  An LM phase
 * (the epochs since the start or the last jump) is "stuck" while perf > goal
 * when any of these holds (§6.6):
 *   1. mu >= mu_max (no damping reduces the error any more);
 *   2. gradient <= min_grad (flat spot);
 *   3. over the last K_w accepted epochs (epochs that lowered perf) the
 *      relative improvement is small: perf(k-K_w) - perf(k) < tol_rel perf(k-K_w);
 *   4. the phase has used L_phase epochs;
 *   (and perf is not finite).
 * At the end of a phase:
 *   - after an escape, the LM-refined perf is compared with the incumbent
 *     (the best phase end of the current series): accepted if
 *     perf < f_inc (1 - tol_acc), which makes it the incumbent and resets
 *     rho to rho0; otherwise rho doubles (capped at rho_max) and the next
 *     escape starts from the incumbent again (revert);
 *   - after the first phase or a re-initialisation the end point becomes the
 *     incumbent of a new series.
 * Then, while escapes remain in the series (max_escapes), the next escape
 * searches the box w_inc,i +- rho (|w_inc,i| + b_i) clamped to +-w_max
 * (b_i = the init box half-width; K searches, S_e stages, E_esc evaluations,
 * phase e = the escape's global number) and the driver continues LM from
 * the best candidate, even if it is worse than the incumbent (LM decides).
 * When the series is out of escapes, a full chaotic re-initialisation
 * (phase 1000 + r) starts a new series, up to max_reinits times.  After that
 * the machine is exhausted and the driver's ordinary stops apply.
 *
 * Events.  Every escape and re-initialisation appends one clm_chaos_event
 * (epoch of the jump, kind, evaluations spent, perf_before = perf of the
 * point it left (the incumbent for escapes), perf_after = the current perf
 * of the LM phase that follows, updated after every epoch until that phase
 * ends, so that it is the LM-refined value; the driver makes a last call
 * with jumped == NULL when it stops, so that the final epoch counts too).
 * The events array of the record is reserved once, on the first call
 * (before any jump), for the largest number of events the parameters
 * allow: min((1 + max_reinits) max_escapes + max_reinits, epochs + 1)
 * beyond those already present; no later call allocates.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "chaos_core.h"
#include "chaos_internal.h"

enum { PH_FIRST = 0, PH_ESCAPE = 1, PH_REINIT = 2 };

struct clm_escape {
  clm_chaosparam cp;
  uint64_t seed;
  int nt;
  size_t P;
  clm__chaos_ws *cws;
  clm__netobj obj;
  double *box_c, *box_r;  /* init box */
  double *lo, *hi;        /* bounds of the current search */
  double *centre, *radius;
  double *w_inc, *w_new;
  double f_inc, rho;
  size_t esc_series, esc_total, reinits;
  int exhausted, started, phase_kind;
  size_t phase_start;
  double *win; /* ring of the last window+1 accepted perfs */
  size_t win_n, win_head;
  double last_perf;
  size_t open_event; /* index of the event of the running phase, SIZE_MAX: none */
};

void clm__escape_free(clm_escape *es) {
  if (!es) return;
  clm__chaos_ws_free(es->cws);
  clm__netobj_free(&es->obj);
  free(es->box_c);
  free(es->win);
  free(es);
}

int clm__escape_alloc(clm_escape **out, const clm_net *net, const clm_chaosparam *cp,
                      uint64_t seed, int threads, size_t Q_max) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  if (!net || !cp) return CLM_ENULL;
  if (!net->configured || !net->n_wb) return CLM_ENOTCONFIGURED;
  int st = clm_chaosparam_check(cp, NULL, 0);
  if (st != CLM_OK) return st;
  clm_escape *es = calloc(1, sizeof *es);
  if (!es) return CLM_ENOMEM;
  const size_t P = net->n_wb, K = cp->searches;
  es->cp = *cp;
  es->seed = seed;
  es->nt = clm__chaos_threads(threads);
  es->P = P;
  es->rho = cp->rho0;
  es->f_inc = INFINITY;
  es->open_event = SIZE_MAX;
  es->exhausted = (cp->max_escapes == 0 && cp->max_reinits == 0);
  size_t Ti = clm__chaos_per_stage(cp->init_evals, K, cp->stages);
  size_t Te = clm__chaos_per_stage(cp->escape_evals, K, cp->escape_stages);
  st = clm__chaos_ws_alloc(&es->cws, P, K, Ti > Te ? Ti : Te);
  if (st == CLM_OK) st = clm__netobj_alloc(&es->obj, net, Q_max ? Q_max : 1, es->nt);
  if (st == CLM_OK) {
    es->box_c = malloc(8 * P * sizeof(double));
    es->win = malloc((cp->window + 1) * sizeof(double));
    if (!es->box_c || !es->win) st = CLM_ENOMEM;
  }
  if (st != CLM_OK) {
    clm__escape_free(es);
    return st;
  }
  es->box_r = es->box_c + P;
  es->lo = es->box_c + 2 * P;
  es->hi = es->box_c + 3 * P;
  es->centre = es->box_c + 4 * P;
  es->radius = es->box_c + 5 * P;
  es->w_inc = es->box_c + 6 * P;
  es->w_new = es->box_c + 7 * P;
  clm__chaos_box(net, cp->box, es->box_c, es->box_r);
  *out = es;
  return CLM_OK;
}

int clm__escape_pending(const clm_escape *es) { return es && !es->exhausted; }

static void window_reset(clm_escape *es, double perf) {
  es->win_n = 0;
  es->win_head = 0;
  es->last_perf = perf;
  es->win[0] = perf;
  es->win_n = 1;
}

static void window_push(clm_escape *es, double perf) {
  const size_t cap = es->cp.window + 1;
  es->win_head = (es->win_head + 1) % cap;
  es->win[es->win_head] = perf;
  if (es->win_n < cap) es->win_n++;
}

/* perf(k - K_w) - perf(k) < tol_rel perf(k - K_w) over accepted epochs */
static int window_stuck(const clm_escape *es) {
  const size_t cap = es->cp.window + 1;
  if (es->win_n < cap) return 0;
  double newest = es->win[es->win_head];
  double oldest = es->win[(es->win_head + 1) % cap];
  return oldest - newest < es->cp.tol_rel * oldest;
}

static int reserve_events(clm_record *rec, const clm_chaosparam *cp, size_t epochs) {
  /* (1 + R) E escapes + R re-initialisations, but never more than one jump
   * per epoch call; computed in double to avoid overflow. */
  double bound = (1.0 + (double)cp->max_reinits) * (double)cp->max_escapes + (double)cp->max_reinits;
  if (bound > (double)epochs + 1.0) bound = (double)epochs + 1.0;
  if (bound > 1e8) return CLM_ENOMEM;
  size_t need = rec->n_chaos_events + (size_t)bound;
  if (need <= rec->chaos_events_capacity) return CLM_OK;
  struct clm_chaos_event *ev = realloc(rec->chaos_events, need * sizeof *ev);
  if (!ev) return CLM_ENOMEM;
  rec->chaos_events = ev;
  rec->chaos_events_capacity = need;
  return CLM_OK;
}

/* Run one search (escape or re-initialisation) and put its best into
 * es->w_new; returns its perf and evaluations. */
static int run_search(clm_escape *es, const clm_net *net, const clm_data *d,
                      const size_t *idx, size_t n, int escape, uint64_t phase,
                      double *perf_out, uint64_t *evals) {
  const clm_chaosparam *cp = &es->cp;
  const size_t P = es->P, K = cp->searches;
  size_t S, E;
  if (escape) {
    S = cp->escape_stages;
    E = cp->escape_evals;
    for (size_t i = 0; i < P; i++) {
      es->centre[i] = es->w_inc[i];
      es->radius[i] = es->rho * (fabs(es->w_inc[i]) + es->box_r[i]);
      es->lo[i] = -cp->w_max;
      es->hi[i] = cp->w_max;
    }
  } else {
    S = cp->stages;
    E = cp->init_evals;
    for (size_t i = 0; i < P; i++) {
      es->centre[i] = es->box_c[i];
      es->radius[i] = es->box_r[i];
      es->lo[i] = es->box_c[i] - es->box_r[i];
      es->hi[i] = es->box_c[i] + es->box_r[i];
    }
  }
  es->obj.d = d;
  es->obj.idx = idx;
  es->obj.n = idx ? n : d->Q;
  for (int s = 0; s < es->obj.n_slots; s++) es->obj.count[s] = SIZE_MAX;
  clm__chaos_search sp = {P, K, S, clm__chaos_per_stage(E, K, S), cp->shrink, cp->stream,
                          cp->warmup, es->seed, phase, es->centre, es->radius, es->lo, es->hi};
  double sse = INFINITY;
  int st = clm__chaos_minimise(es->cws, &sp, clm__netobj_fn, &es->obj, es->nt, es->w_new,
                               &sse, evals, NULL);
  if (st != CLM_OK) return st;
  *perf_out = clm__perf_from_sse(net, sse, clm__netobj_count(&es->obj));
  return CLM_OK;
}

int clm__escape_after_epoch(clm_escape *es, const clm_net *net, const clm_data *d,
                            const size_t *train_idx, size_t n_train, double *wb,
                            double perf, double mu, double gradient,
                            const clm_trainparam *p, clm_record *rec, size_t epoch,
                            int *jumped) {
  /* jumped == NULL: the driver is stopping after this epoch; only the open
   * event's perf_after / accepted are brought up to date (no jump). */
  const int final = jumped == NULL;
  int no_jump = 0;
  if (final) jumped = &no_jump;
  *jumped = 0;
  if (!es || !net || !d || !wb || !p) return CLM_ENULL;
  if (net->n_wb != es->P) return CLM_ESIZE;
  const clm_chaosparam *cp = &es->cp;
  if (final && !es->started) return CLM_OK;
  if (!es->started) {
    if (rec) {
      int st = reserve_events(rec, cp, p->epochs);
      if (st != CLM_OK) return st;
    }
    es->started = 1;
    es->phase_kind = PH_FIRST;
    es->phase_start = epoch;
    window_reset(es, perf);
    return CLM_OK; /* the starting point itself is never stuck */
  }
  /* keep the open event's LM-refined perf current */
  if (rec && es->open_event != SIZE_MAX && es->open_event < rec->n_chaos_events) {
    struct clm_chaos_event *ev = &rec->chaos_events[es->open_event];
    ev->perf_after = perf;
    if (ev->kind == 1) {
      int acc = perf < es->f_inc * (1.0 - cp->tol_acc);
      if (acc && !ev->accepted) rec->n_escapes_accepted++;
      if (!acc && ev->accepted && rec->n_escapes_accepted) rec->n_escapes_accepted--;
      ev->accepted = acc;
    } else {
      ev->accepted = perf < ev->perf_before;
    }
  }
  if (final || es->exhausted || !(perf > p->goal || isnan(perf))) return CLM_OK;

  if (perf < es->last_perf) window_push(es, perf);
  es->last_perf = perf;
  int stuck = !isfinite(perf) || mu >= p->mu_max || gradient <= p->min_grad ||
              window_stuck(es) || epoch - es->phase_start >= cp->phase_epochs;
  if (!stuck) return CLM_OK;

  /* ---- the phase ended stuck ---- */
  if (es->phase_kind == PH_ESCAPE) {
    if (perf < es->f_inc * (1.0 - cp->tol_acc)) {
      memcpy(es->w_inc, wb, es->P * sizeof(double));
      es->f_inc = perf;
      es->rho = cp->rho0;
    } else {
      es->rho = fmin(2.0 * es->rho, cp->rho_max); /* and revert to w_inc */
    }
  } else if (perf < es->f_inc || isinf(es->f_inc)) {
    memcpy(es->w_inc, wb, es->P * sizeof(double));
    es->f_inc = perf;
  }
  es->open_event = SIZE_MAX;

  int kind;
  uint64_t phase;
  if (es->esc_series < cp->max_escapes && isfinite(es->f_inc)) {
    kind = 1;
    phase = (uint64_t)es->esc_total + 1;
  } else if (es->reinits < cp->max_reinits) {
    kind = 2;
    phase = 1000 + (uint64_t)es->reinits + 1;
  } else {
    es->exhausted = 1;
    return CLM_OK;
  }
  double f_new = INFINITY;
  uint64_t ev_n = 0;
  int st = run_search(es, net, d, train_idx, n_train, kind == 1, phase, &f_new, &ev_n);
  if (st != CLM_OK) return st;
  double perf_before = kind == 1 ? es->f_inc : perf;
  if (kind == 1) {
    es->esc_series++;
    es->esc_total++;
    es->phase_kind = PH_ESCAPE;
  } else {
    es->reinits++;
    es->esc_series = 0;
    es->rho = cp->rho0;
    es->f_inc = INFINITY; /* a new series */
    es->phase_kind = PH_REINIT;
  }
  memcpy(wb, es->w_new, es->P * sizeof(double));
  es->phase_start = epoch;
  window_reset(es, f_new);
  if (rec) {
    if (kind == 1) rec->n_escapes++;
    else rec->n_reinits++;
    rec->n_chaos_evals += ev_n;
    if (rec->n_chaos_events < rec->chaos_events_capacity) {
      struct clm_chaos_event *ev = &rec->chaos_events[rec->n_chaos_events];
      ev->epoch = epoch;
      ev->kind = kind;
      ev->accepted = 0;
      ev->perf_before = perf_before;
      ev->perf_after = f_new;
      ev->evals = ev_n;
      es->open_event = rec->n_chaos_events++;
    }
  }
  *jumped = 1;
  return CLM_OK;
}
