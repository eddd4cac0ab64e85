/* chaoslm — parallel chaotic search: initial weights and escape from local
 * minima (reference: shared chaos-method.md §6).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_CHAOS_H
#define CLM_CHAOS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How logistic-map iterates z are used: raw z (arcsine density, the
 * classical chaos optimisation) or uniformised theta = (2/pi)asin(sqrt z). */
typedef enum clm_chaos_stream { CLM_CHAOS_RAW = 0, CLM_CHAOS_UNIFORMISED } clm_chaos_stream;

/* Initial search box: [-1,1] for every weight (unit), or the Nguyen-Widrow
 * magnitude for the first layer (nw). */
typedef enum clm_chaos_box { CLM_CHAOS_BOX_UNIT = 0, CLM_CHAOS_BOX_NW } clm_chaos_box;

/* Chaos parameters (defaults from chaos-method.md §6.9, returned inside
 * clm_trainparam_default()).  */
typedef struct clm_chaosparam {
  int init;               /* 1: clm_train starts from a chaotic initialisation (0) */
  int escape;             /* 1: trainlm escapes stagnation by chaotic search (0) */
  clm_chaos_stream stream;/* raw */
  clm_chaos_box box;      /* unit */
  size_t warmup;          /* iterates discarded per orbit (16) */
  size_t searches;        /* K parallel searches (10) */
  size_t stages;          /* S mutative-scale stages (4) */
  double shrink;          /* gamma, radius factor per stage (0.5) */
  size_t init_evals;      /* E_init function evaluations for the initial search (120) */
  size_t window;          /* K_w stagnation window in accepted epochs (5) */
  double tol_rel;         /* relative improvement under which the window is stuck (1e-3) */
  size_t phase_epochs;    /* L_phase epochs per LM phase before it counts as stuck (200) */
  size_t escape_stages;   /* S_e (3) */
  size_t escape_evals;    /* E_esc evaluations per escape (120) */
  double rho0, rho_max;   /* escape radius factor and its cap (0.5, 4) */
  double w_max;           /* bound on |w| for escape candidates (50) */
  double tol_acc;         /* relative improvement that accepts an escape (1e-6) */
  size_t max_escapes;     /* escapes per stuck point before a re-initialisation (2) */
  size_t max_reinits;     /* full chaotic re-initialisations allowed (1) */
} clm_chaosparam;

#ifdef __cplusplus
}
#endif
#endif /* CLM_CHAOS_H */
