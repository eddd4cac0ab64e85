/* chaoslm — escape from stagnation and restarts inside trainlm
 * (doc/chaos.md, "The method"): an iterated local search whose local search
 * is the driver's LM and whose perturbation is, by chaos.escape_mode, the
 * parallel chaotic search of search.c (SEARCH) or the weight compression of
 * compress.c (COMPRESS, CHAOS_COMPRESS).
 *
 * The driver calls clm__escape_after_epoch after every epoch with the
 * current perf, the goal and a trainer-neutral `stalled` flag (the trainer
 * cannot progress; for trainlm mu >= mu_max or gradient <= min_grad).  A
 * phase (the epochs since the start or the last jump) ends when the rule of
 * stuck.c says it is stuck.  Then:
 *   - after an escape, the LM-refined perf is compared with the incumbent
 *     (the best phase end of the current series): accepted if
 *     perf < f_inc (1 - tol_acc), which makes it the incumbent; otherwise the
 *     next escape starts from the incumbent again (revert).  An accepted
 *     escape resets the search radius factor rho to rho0 and multiplies the
 *     compression target omega by wc_rho; a rejected one doubles rho (up to
 *     rho_max) and divides omega by wc_rho;
 *   - after the first phase or a fresh start the end point becomes the
 *     incumbent of a new series (rho = rho0, omega = wc_omega).
 * While escapes remain in the series (max_escapes), the next escape moves
 * the incumbent:
 *   SEARCH          the best of a chaotic search in the box
 *                   w_inc,i +- rho (|w_inc,i| + b_i), clamped to +-w_max
 *                   (b_i = the init box half-width; K searches, S_e stages,
 *                   E_esc evaluations, phase e = the escape's number);
 *   COMPRESS        the incumbent with its saturated hidden neurons
 *                   compressed to mean |net input| omega / gain (one forward
 *                   pass for the means);
 *   CHAOS_COMPRESS  the best of a chaotic search over per-neuron targets
 *                   ln(tau_j / omega) in [-wc_spread, wc_spread] (K
 *                   searches, S_e stages, E_esc evaluations plus the pass
 *                   for the means);
 * and the driver continues LM from there even when it is worse than the
 * incumbent (LM decides).  When the series is out of escapes, a fresh start
 * opens a new series, up to max_reinits times: a chaotic initial search
 * (phase 1000 + r) or the network's initFcn drawn with the seed
 * key(seed, 1000 + r), as chaos.reinit says (by default like the first
 * start: chaotic when chaos.init is set).  After that the machine is
 * exhausted and the driver's ordinary stops apply.
 *
 * Events.  Every escape and fresh start appends one clm_chaos_event (epoch
 * of the jump, kind 1 escape / 2 fresh start, evaluations spent,
 * perf_before = perf of the point it left (the incumbent for escapes),
 * perf_after = the perf of the new point where known (NaN until the first
 * epoch of a compression or initFcn start), then updated after every epoch
 * until that phase ends, so that it is the LM-refined value; the driver
 * makes a last call with jumped == NULL when it stops, so that the final
 * epoch counts too).  The events array of the record is reserved once, on
 * the first call (before any jump), for the largest number of events the
 * parameters allow: min((1 + max_reinits) max_escapes + max_reinits,
 * epochs + 1) beyond those already present; no later call allocates.
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
  const clm_net *net;
  uint64_t seed;
  int nt;
  size_t P, epochs;
  clm__chaos_ws *cws;      /* weight-space searches (SEARCH, chaotic starts) */
  clm__chaos_ws *cws_wc;   /* target-space searches (CHAOS_COMPRESS) */
  clm__netobj obj;
  clm__compress *wc;       /* compression modes */
  clm__init_scratch *init; /* initFcn starts (chaos.init off) */
  clm__stuck stuck;
  double *box_c, *box_r;   /* init box */
  double *lo, *hi;         /* bounds of the current search */
  double *centre, *radius;
  double *w_inc, *w_new;
  double *wc_buf;          /* nt x P candidate weights of the chaotic compression */
  double *t_c, *t_r;       /* centre (0) and half-width (wc_spread) of the targets */
  double f_inc, rho, omega;
  size_t esc_series, esc_total, reinits;
  int exhausted, started, phase_kind, last_reason;
  size_t open_event; /* index of the event of the running phase, SIZE_MAX: none */
};

/* 1 when fresh starts are chaotic searches (else the initFcn) */
static int reinit_chaos(const clm_chaosparam *cp) {
  return cp->reinit == CLM_REINIT_CHAOS || (cp->reinit == CLM_REINIT_AS_START && cp->init);
}

void clm__escape_free(clm_escape *es) {
  if (!es) return;
  clm__chaos_ws_free(es->cws);
  clm__chaos_ws_free(es->cws_wc);
  clm__netobj_free(&es->obj);
  clm__compress_free(es->wc);
  clm__init_scratch_free(es->init);
  clm__stuck_free(&es->stuck);
  free(es->box_c);
  free(es->wc_buf);
  free(es);
}

int clm__escape_alloc(clm_escape **out, const clm_net *net, const clm_chaosparam *cp,
                      uint64_t seed, int threads, size_t Q_max, size_t epochs) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  if (!net || !cp) return CLM_ENULL;
  if (!net->configured || !net->n_wb) return CLM_ENOTCONFIGURED;
  int st = clm_chaosparam_check(cp, NULL, 0);
  if (st != CLM_OK) return st;
  clm_escape *es = calloc(1, sizeof *es);
  if (!es) return CLM_ENOMEM;
  const size_t P = net->n_wb, K = cp->searches;
  const int compress = cp->escape_mode != CLM_ESCAPE_SEARCH && cp->max_escapes > 0;
  es->cp = *cp;
  es->net = net;
  es->seed = seed;
  es->nt = clm__chaos_threads(threads);
  es->P = P;
  es->epochs = epochs;
  es->rho = cp->rho0;
  es->omega = cp->wc_omega;
  es->f_inc = INFINITY;
  es->open_event = SIZE_MAX;
  es->exhausted = (cp->max_escapes == 0 && cp->max_reinits == 0);
  size_t Ti = clm__chaos_per_stage(cp->init_evals, K, cp->stages);
  size_t Te = clm__chaos_per_stage(cp->escape_evals, K, cp->escape_stages);
  st = clm__stuck_alloc(&es->stuck, cp, epochs);
  if (st == CLM_OK) st = clm__chaos_ws_alloc(&es->cws, P, K, Ti > Te ? Ti : Te);
  if (st == CLM_OK) st = clm__netobj_alloc(&es->obj, net, Q_max ? Q_max : 1, es->nt);
  if (st == CLM_OK && !reinit_chaos(cp)) st = clm__init_scratch_alloc(&es->init, net);
  if (st == CLM_OK && compress) {
    st = clm__compress_alloc(&es->wc, net);
    /* compression needs a hidden layer with a saturating transfer function */
    if (st == CLM_OK && clm__compress_neurons(es->wc) == 0) st = CLM_EPARAM;
    if (st == CLM_OK && cp->escape_mode == CLM_ESCAPE_CHAOS_COMPRESS) {
      const size_t D = clm__compress_neurons(es->wc);
      st = clm__chaos_ws_alloc(&es->cws_wc, D, K, Te);
      if (st == CLM_OK) {
        es->wc_buf = malloc(((size_t)es->nt * P + 2 * D) * sizeof(double));
        if (!es->wc_buf) st = CLM_ENOMEM;
      }
      if (st == CLM_OK) {
        es->t_c = es->wc_buf + (size_t)es->nt * P;
        es->t_r = es->t_c + D;
        for (size_t j = 0; j < D; j++) {
          es->t_c[j] = 0.0;
          es->t_r[j] = cp->wc_spread;
        }
      }
    }
  }
  if (st == CLM_OK) {
    es->box_c = malloc(8 * P * sizeof(double));
    if (!es->box_c) st = CLM_ENOMEM;
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

int clm__escape_last_reason(const clm_escape *es) { return es ? es->last_reason : CLM__STUCK_NO; }

static int reserve_events(clm_record *rec, const clm_chaosparam *cp, size_t epochs) {
  /* (1 + R) E escapes + R fresh starts, but never more than one jump per
   * epoch call; computed in double to avoid overflow. */
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

static void use_samples(clm_escape *es, const clm_data *d, const size_t *idx, size_t n) {
  es->obj.d = d;
  es->obj.idx = idx;
  es->obj.n = idx ? n : d->Q;
  for (int s = 0; s < es->obj.n_slots; s++) es->obj.count[s] = SIZE_MAX;
}

/* A chaotic search in weight space (escape or fresh start); its best goes
 * to es->w_new.  Returns its perf and evaluations. */
static int run_search(clm_escape *es, const clm_data *d, const size_t *idx, size_t n, int escape,
                      uint64_t phase, double *perf_out, uint64_t *evals) {
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
  use_samples(es, d, idx, n);
  clm__chaos_search sp = {P, K, S, clm__chaos_per_stage(E, K, S), cp->shrink, cp->stream,
                          cp->warmup, es->seed, phase, es->centre, es->radius, es->lo, es->hi};
  double sse = INFINITY;
  int st = clm__chaos_minimise(es->cws, &sp, clm__netobj_fn, &es->obj, es->nt, es->w_new,
                               &sse, evals, NULL);
  if (st != CLM_OK) return st;
  *perf_out = clm__perf_from_sse(es->net, sse, clm__netobj_count(&es->obj));
  return CLM_OK;
}

/* Objective of the chaotic compression: v = ln(tau_j / omega) per neuron. */
typedef struct wc_obj {
  clm_escape *es;
} wc_obj;

static int wc_fn(void *ctx, int slot, const double *v, double *f) {
  clm_escape *es = ((wc_obj *)ctx)->es;
  if (slot < 0 || slot >= es->nt) return CLM_EINTERNAL;
  double *w = es->wc_buf + (size_t)slot * es->P;
  clm__compress_apply(es->wc, es->w_inc, es->omega, v, w);
  return clm__netobj_fn(&es->obj, slot, w, f);
}

/* A compression of the incumbent into es->w_new; *perf_out is its perf
 * when known (chaotic: the best candidate's), NaN otherwise. */
static int run_compress(clm_escape *es, const clm_data *d, const size_t *idx, size_t n, uint64_t phase,
                        double *perf_out, uint64_t *evals) {
  int st = clm__compress_means(es->wc, d, idx, n, es->w_inc);
  if (st != CLM_OK) return st;
  *evals = 1;
  *perf_out = NAN;
  if (es->cp.escape_mode == CLM_ESCAPE_COMPRESS) {
    clm__compress_apply(es->wc, es->w_inc, es->omega, NULL, es->w_new);
    return CLM_OK;
  }
  const clm_chaosparam *cp = &es->cp;
  const size_t D = clm__compress_neurons(es->wc), K = cp->searches, S = cp->escape_stages;
  use_samples(es, d, idx, n);
  clm__chaos_search sp = {D, K, S, clm__chaos_per_stage(cp->escape_evals, K, S), cp->shrink, cp->stream,
                          cp->warmup, es->seed, phase, es->t_c, es->t_r, NULL, NULL};
  /* the best targets go to the first D entries of w_new, then expand */
  double sse = INFINITY;
  uint64_t ev = 0;
  wc_obj o = {es};
  double *v = es->radius; /* D <= P scratch */
  st = clm__chaos_minimise(es->cws_wc, &sp, wc_fn, &o, es->nt, v, &sse, &ev, NULL);
  if (st != CLM_OK) return st;
  clm__compress_apply(es->wc, es->w_inc, es->omega, v, es->w_new);
  *evals += ev;
  *perf_out = clm__perf_from_sse(es->net, sse, clm__netobj_count(&es->obj));
  return CLM_OK;
}

int clm__escape_after_epoch(clm_escape *es, const clm_data *d, const size_t *train_idx,
                            size_t n_train, double *wb, double perf, double goal, int stalled,
                            clm_record *rec, size_t epoch, int *jumped) {
  /* jumped == NULL: the driver is stopping after this epoch; only the open
   * event's perf_after / accepted are brought up to date (no jump). */
  const int final = jumped == NULL;
  int no_jump = 0;
  if (final) jumped = &no_jump;
  *jumped = 0;
  if (!es || !d || !wb) return CLM_ENULL;
  const clm_chaosparam *cp = &es->cp;
  if (final && !es->started) return CLM_OK;
  if (!es->started) {
    if (rec) {
      int st = reserve_events(rec, cp, es->epochs);
      if (st != CLM_OK) return st;
    }
    es->started = 1;
    es->phase_kind = PH_FIRST;
    clm__stuck_reset(&es->stuck, epoch, perf);
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
      ev->accepted = !(perf >= ev->perf_before);
    }
  }
  if (final || es->exhausted || !(perf > goal || isnan(perf))) return CLM_OK;

  int reason = clm__stuck_test(&es->stuck, epoch, perf, goal, stalled);
  if (reason == CLM__STUCK_NO) return CLM_OK;
  es->last_reason = reason;

  /* ---- the phase ended stuck ---- */
  if (es->phase_kind == PH_ESCAPE) {
    if (perf < es->f_inc * (1.0 - cp->tol_acc)) {
      memcpy(es->w_inc, wb, es->P * sizeof(double));
      es->f_inc = perf;
      es->rho = cp->rho0;
      es->omega *= cp->wc_rho;
    } else { /* revert to w_inc */
      es->rho = fmin(2.0 * es->rho, cp->rho_max);
      es->omega /= cp->wc_rho;
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
  double f_new = NAN;
  uint64_t ev_n = 0;
  int st;
  if (kind == 1 && cp->escape_mode != CLM_ESCAPE_SEARCH)
    st = run_compress(es, d, train_idx, n_train, phase, &f_new, &ev_n);
  else if (kind == 1 || reinit_chaos(cp))
    st = run_search(es, d, train_idx, n_train, kind == 1, phase, &f_new, &ev_n);
  else
    st = clm__init_weights_into(es->net, clm__chaos_key(es->seed, phase, 0, 0), es->init, es->w_new);
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
    es->omega = cp->wc_omega;
    es->f_inc = INFINITY; /* a new series */
    es->phase_kind = PH_REINIT;
  }
  memcpy(wb, es->w_new, es->P * sizeof(double));
  clm__stuck_reset(&es->stuck, epoch, isnan(f_new) ? INFINITY : f_new);
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
