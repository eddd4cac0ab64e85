/* chaoslm — when is an LM phase stuck?  The rule shared by the escape
 * machine (escape.c), the race (race.c) and the benchmark's multistart arms.
 *
 * A phase is the run of epochs since the start or the last jump.  While
 * perf > goal it is stuck when (first match wins, the value returned):
 *   CLM__STUCK_STALLED   the trainer says it cannot progress (trainlm:
 *                        mu >= mu_max or gradient <= min_grad);
 *   CLM__STUCK_NONFINITE perf is NaN or Inf;
 *   CLM__STUCK_SLOW      goal > 0, and from epoch W = window of the phase on
 *                        the rate r = (ln f(k-W) - ln f(k)) / W (the mean
 *                        decrease of ln perf per epoch over the last W
 *                        epochs) projects more epochs to the goal,
 *                        ln(f(k)/goal) / r (infinite when r <= 0), than the
 *                        run can afford: horizon x (epochs in the phase),
 *                        and never more than the epochs left before the
 *                        epoch cap.  A phase still on its initial plateau
 *                        (perf above 0.9 x its perf after the first epoch)
 *                        is spared until its age reaches the plateau
 *                        patience (see below);
 *   CLM__STUCK_WINDOW    goal = 0 (no distance to measure against): the
 *                        last W accepted epochs (epochs that lowered perf)
 *                        improved perf by less than tol_rel relative,
 *                        f(k-W) - f(k) < tol_rel f(k-W) (doc/chaos.md);
 *   CLM__STUCK_CAP       the phase has run phase_epochs epochs (0: never).
 * A run that still closes the log-distance to the goal fast enough to get
 * there within its horizon is never cut, however many epochs it takes;
 * a fixed epoch cap would cut healthy slow convergers.
 *
 * Plateau patience.  Starts from small or flat weights (rands, chaotic
 * screening, which favours nearly constant outputs) often sit on a plateau
 * near the error of the constant predictor for tens of epochs and then
 * descend; locally that looks exactly like a stuck run.  The detector
 * learns the plateau length from the run's own phases: the patience starts
 * at W, doubles whenever a phase is cut while still on its plateau, and is
 * raised to twice the age at which any phase left its plateau.  It is kept
 * across phases (clm__stuck_reset does not clear it).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "chaos_internal.h"

int clm__stuck_alloc(clm__stuck *s, const clm_chaosparam *cp, size_t epochs_cap) {
  if (!s || !cp) return CLM_ENULL;
  memset(s, 0, sizeof *s);
  if (cp->window < 1 || cp->window > 10000) return CLM_EPARAM;
  s->window = cp->window;
  s->tol_rel = cp->tol_rel;
  s->horizon = cp->horizon;
  s->phase_cap = cp->phase_epochs;
  s->epochs_cap = epochs_cap;
  s->ring = malloc(2 * (s->window + 1) * sizeof(double));
  if (!s->ring) return CLM_ENOMEM;
  s->acc = s->ring + s->window + 1;
  s->patience = (double)s->window;
  clm__stuck_reset(s, 0, INFINITY);
  return CLM_OK;
}

void clm__stuck_free(clm__stuck *s) {
  if (!s) return;
  free(s->ring);
  s->ring = s->acc = NULL;
}

void clm__stuck_reset(clm__stuck *s, size_t epoch, double perf) {
  s->phase_start = epoch;
  s->n = s->n_acc = 1;
  s->head = s->head_acc = 0;
  s->ring[0] = s->acc[0] = perf;
  s->last = perf;
  s->f1 = NAN;
  s->on_plateau = 1;
}

/* push v into a ring of capacity cap holding n values, newest at *head */
static void push(double *ring, size_t cap, size_t *n, size_t *head, double v) {
  *head = (*head + 1) % cap;
  ring[*head] = v;
  if (*n < cap) (*n)++;
}

int clm__stuck_test(clm__stuck *s, size_t epoch, double perf, double goal, int stalled) {
  const size_t cap = s->window + 1;
  push(s->ring, cap, &s->n, &s->head, perf);
  if (perf < s->last) push(s->acc, cap, &s->n_acc, &s->head_acc, perf);
  s->last = perf;
  if (!(perf > goal) && !isnan(perf)) return CLM__STUCK_NO;
  if (stalled) return CLM__STUCK_STALLED;
  if (!isfinite(perf)) return CLM__STUCK_NONFINITE;
  const size_t in_phase = epoch >= s->phase_start ? epoch - s->phase_start : 0;
  if (isnan(s->f1)) s->f1 = perf; /* the first epoch of the phase */
  if (s->on_plateau && perf <= CLM__PLATEAU_DROP * s->f1) {
    s->on_plateau = 0;
    if (2.0 * (double)in_phase > s->patience) s->patience = 2.0 * (double)in_phase;
  }
  const int spared = s->on_plateau && (double)in_phase < s->patience;
  if (goal > 0.0) {
    if (s->n == cap && !spared) {
      const double oldest = s->ring[(s->head + 1) % cap];
      const double r = (log(oldest) - log(perf)) / (double)s->window;
      const double need = log(perf / goal);
      double allowed = s->horizon * (double)in_phase;
      if (s->epochs_cap > epoch) {
        const double left = (double)(s->epochs_cap - epoch);
        if (!(allowed <= left)) allowed = left;
      }
      /* !(r > 0) also catches NaN from a non-finite oldest */
      if (!(r > 0.0) || need / r > allowed) {
        if (s->on_plateau) s->patience *= 2.0;
        return CLM__STUCK_SLOW;
      }
    }
  } else if (s->n_acc == cap) {
    const double newest = s->acc[s->head_acc], oldest = s->acc[(s->head_acc + 1) % cap];
    if (oldest - newest < s->tol_rel * oldest) return CLM__STUCK_WINDOW;
  }
  if (s->phase_cap && in_phase >= s->phase_cap) return CLM__STUCK_CAP;
  return CLM__STUCK_NO;
}
