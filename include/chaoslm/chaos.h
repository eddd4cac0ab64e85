/* chaoslm — parallel chaotic search: initial weights and escape from local
 * minima (doc/chaos.md, "The method").
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_CHAOS_H
#define CLM_CHAOS_H

#include <stddef.h>
#include <stdint.h>
#include "chaoslm/net.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where the numbers s in (0,1) that place candidates come from.
 *   CLM_CHAOS_RAW: logistic-map iterates z <- 4z(1-z) used as they are
 *     (arcsine density on (0,1), the classical chaos optimisation);
 *   CLM_CHAOS_UNIFORMISED: the same orbit through theta = (2/pi)asin(sqrt z),
 *     which is uniformly distributed;
 *   CLM_CHAOS_PRNG_UNIFORM, CLM_CHAOS_PRNG_ARCSINE: ablations that replace
 *     the chaotic orbit by independent counter-based pseudo-random draws with
 *     the uniform or the arcsine (Beta(1/2,1/2)) density, keyed by the same
 *     (seed, phase, search, weight, iterate) counters, so that everything
 *     else in the search is identical (doc/chaos.md, "Benchmark"). */
typedef enum clm_chaos_stream {
  CLM_CHAOS_RAW = 0,
  CLM_CHAOS_UNIFORMISED,
  CLM_CHAOS_PRNG_UNIFORM,
  CLM_CHAOS_PRNG_ARCSINE,
  CLM_CHAOS_STREAM_COUNT_
} clm_chaos_stream;

/* Initial search box: [-1,1] for every weight (unit), or the Nguyen-Widrow
 * magnitude for the first layer (nw). */
typedef enum clm_chaos_box { CLM_CHAOS_BOX_UNIT = 0, CLM_CHAOS_BOX_NW, CLM_CHAOS_BOX_COUNT_ } clm_chaos_box;

/* How a stuck LM phase escapes (chaos.escape = 1), before the series falls
 * back to a fresh start:
 *   CLM_ESCAPE_SEARCH: parallel chaotic search in a box around the
 *     incumbent, then LM (doc/chaos.md, "The method");
 *   CLM_ESCAPE_COMPRESS: weight compression (Smith, Wu and Wilamowski,
 *     IEEE TNNLS 30(2), 2019): the incoming weights and bias of every
 *     saturated hidden neuron are scaled so that its mean |net input| over
 *     the training samples becomes omega / gain; omega adapts (x wc_rho
 *     after a compression that paid, / wc_rho and back to the last
 *     compression point after one that did not);
 *   CLM_ESCAPE_CHAOS_COMPRESS: the same, with one target per neuron,
 *     omega exp(wc_spread (2 s - 1)), s drawn from the chaotic streams; the
 *     best (lowest error) of escape_evals such candidates is kept. */
typedef enum clm_escape_mode {
  CLM_ESCAPE_SEARCH = 0,
  CLM_ESCAPE_COMPRESS,
  CLM_ESCAPE_CHAOS_COMPRESS,
  CLM_ESCAPE_MODE_COUNT_
} clm_escape_mode;

/* Where the fresh starts of a restarting run come from:
 *   CLM_REINIT_AS_START: like the first start (a chaotic search when
 *     chaos.init is set, the network's initFcn otherwise);
 *   CLM_REINIT_CHAOS: always a chaotic search (phase 1000 + r);
 *   CLM_REINIT_INITFCN: always the network's initFcn, seeded with
 *     key(seed, 1000 + r). */
typedef enum clm_chaos_reinit {
  CLM_REINIT_AS_START = 0,
  CLM_REINIT_CHAOS,
  CLM_REINIT_INITFCN,
  CLM_REINIT_COUNT_
} clm_chaos_reinit;

/* Chaos parameters (defaults calibrated on calibration seeds
 * (doc/chaos.md, "Calibration"; the reasons are in
 * chaos/search.c), returned inside clm_trainparam_default()).
 *
 * Stuck rule (chaos/stuck.c).  While perf > goal, an LM phase (the epochs
 * since the start or the last jump) is stuck when the trainer says it
 * cannot progress (trainlm: mu >= mu_max or gradient <= min_grad), perf is
 * not finite, or it is too slow:
 *   goal > 0: from epoch `window` of the phase on, with r the mean decrease
 *     of ln(perf) per epoch over the last `window` epochs, the projected
 *     epochs to the goal ln(perf/goal)/r (infinite when r <= 0) exceed
 *     horizon x (epochs in the phase), or the epochs left before p.epochs;
 *   goal = 0: the relative improvement over the last `window` accepted
 *     epochs is below tol_rel;
 * or it has run phase_epochs epochs (0: no such cap).
 * Fresh starts (max_reinits) come from where `reinit` says. */
typedef struct clm_chaosparam {
  int init;               /* 1: clm_train starts from a chaotic initialisation (0) */
  int escape;             /* 1: trainlm escapes stagnation / restarts (0) */
  clm_chaos_stream stream;/* uniformised (was raw) */
  clm_chaos_box box;      /* unit */
  size_t warmup;          /* iterates discarded per orbit (16) */
  size_t searches;        /* K parallel searches (10) */
  size_t stages;          /* S mutative-scale stages (1: one global stage) */
  double shrink;          /* gamma, radius factor per stage (0.5) */
  size_t init_evals;      /* E_init function evaluations for the initial search (40) */
  size_t window;          /* stuck rule: epochs of the rate (goal > 0) or accepted
                           * epochs of the relative test (goal = 0) (5) */
  double tol_rel;         /* relative improvement under which the goal-free window is stuck (1e-3) */
  size_t phase_epochs;    /* epochs per LM phase before it counts as stuck (0: no cap) */
  double horizon;         /* projected epochs to the goal allowed per epoch spent in
                           * the phase (INFINITY: only the epochs left count) */
  clm_escape_mode escape_mode; /* how an escape moves the weights (search) */
  size_t escape_stages;   /* S_e (2) */
  size_t escape_evals;    /* E_esc evaluations per escape search / chaotic compression (20) */
  double rho0, rho_max;   /* escape radius factor and its cap (0.1, 4) */
  double w_max;           /* bound on |w| for escape candidates (50) */
  double tol_acc;         /* relative improvement that accepts an escape (1e-6) */
  double wc_omega;        /* compression target omega of the first compression (0.1) */
  double wc_rho;          /* factor by which omega adapts (1.1) */
  double wc_spread;       /* chaotic compression: log-spread of the per-neuron targets (1) */
  size_t max_escapes;     /* escapes per stuck point before a fresh start (0:
                           * a stuck phase restarts at once) */
  size_t max_reinits;     /* fresh starts allowed (1) */
  clm_chaos_reinit reinit;/* where fresh starts come from (as the first start) */
  /* The race (chaos/race.c): with race = K > 0, clm_train starts K LM runs
   * from the bests of the K searches of a chaotic initial search and
   * advances them together; at epochs race_epochs, 2 race_epochs,
   * 4 race_epochs, ... only the best ceil(race_keep x n) of the n runs still
   * running go on (successive halving for race_keep = 1/2). */
  size_t race;            /* K runs (0: no race) */
  size_t race_epochs;     /* first milestone (5) */
  double race_keep;       /* fraction kept at a milestone (0.5) */
} clm_chaosparam;

/* clm_chaosparam_default: the calibrated defaults (listed in parentheses
 * above), with init and escape off.  Thread safety: safe.
 * Since 0.1. */
clm_chaosparam clm_chaosparam_default(void);

/* clm_chaosparam_check: validate cp.  On failure writes a message naming
 * the field, its value and the bound it broke into msg (if msg is not NULL,
 * at most msg_len bytes, NUL-terminated).  Bounds: stream and box valid
 * enumerators; warmup <= 1e6; 1 <= searches <= 1e5; 1 <= stages,
 * escape_stages <= 1000; 0 < shrink <= 1; 1 <= init_evals, escape_evals
 * <= 1e9; 1 <= window <= 1e4; tol_rel >= 0 finite; horizon > 0 (Inf
 * allowed); escape_mode a valid enumerator; 0 < rho0 <= rho_max finite;
 * w_max > 0 finite; 0 <= tol_acc < 1; 0 < wc_omega finite; 1 <= wc_rho
 * finite; 0 <= wc_spread <= 50; max_escapes, max_reinits <= 1e6; reinit a
 * valid enumerator; race <= 1e5; race_epochs >= 1; 0 < race_keep < 1.
 * Status: CLM_OK, CLM_ENULL, CLM_EPARAM.  Thread safety: safe.  Since 0.1. */
int clm_chaosparam_check(const clm_chaosparam *cp, char *msg, size_t msg_len);

/* clm_initchaos: initialise the weights of a configured network by the
 * parallel mutative-scale chaotic search (doc/chaos.md, "The method"; an
 * alternative to initnw / rands, usable before any trainer).
 *
 * K = cp->searches searches each run cp->stages stages of
 * T = ceil(cp->init_evals / (K * stages)) candidates; stage 0 samples the
 * whole box (cp->box), later stages a box shrunk by cp->shrink around the
 * search's best point.  Every candidate is scored by its sum of squared
 * errors over all Q samples, and the network receives the best candidate,
 * chosen by (error, search, step).
 *   net (in/out): configured network; receives the weights.
 *   X (in): n_inputs x Q inputs, T (in): n_outputs x Q targets (NaN targets
 *     are ignored), as for clm_train.  Pass only the training samples if
 *     validation / test samples must stay unseen.
 *   cp (in): parameters (NULL: clm_chaosparam_default()); init/escape
 *     flags are ignored here.
 *   seed (in): master seed; the orbits use phase 0.
 *   threads (in): OpenMP threads for the candidate evaluations (0 = OpenMP
 *     default).  The weights are bit-identical for every thread count.
 *   evals (out, may be NULL): function evaluations spent (K * stages * T).
 *   perf (out, may be NULL): the network's performance (its performFcn and
 *     performParam) at the chosen weights over the Q samples.  Candidates
 *     are ranked by the error part of the performance (without the
 *     regularization term).
 * On error the network is unchanged.
 * Status: CLM_OK, CLM_ENULL, CLM_ENOTCONFIGURED, CLM_ESIZE (Q = 0),
 * CLM_EINF, CLM_ENOSAMPLES (every target NaN), CLM_EPARAM, CLM_ENOMEM.
 * Thread safety: different networks may be initialised from different
 * threads at once.  Since 0.1. */
int clm_initchaos(clm_net *net, const double *X, const double *T, size_t Q,
                  const clm_chaosparam *cp, uint64_t seed, int threads,
                  uint64_t *evals, double *perf);

#ifdef __cplusplus
}
#endif
#endif /* CLM_CHAOS_H */
