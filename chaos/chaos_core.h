/* chaoslm — the chaotic search core: logistic-map orbits and the generic
 * batch-synchronous mutative-scale parallel search (doc/chaos.md,
 * "The method").  Internal to chaos/ and the tests.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_CHAOS_CORE_H
#define CLM_CHAOS_CORE_H

#include <stddef.h>
#include <stdint.h>
#include "net_internal.h"
#include "reducer.h"

/* Margins: seeds closer than CLM__CHAOS_DELTA to 0, 0.25, 0.5, 0.75
 * or 1 are rejected; an iterate within CLM__CHAOS_EPS of 0, 1 or 0.75 counts
 * as collapsed and the orbit is re-seeded. */
#define CLM__CHAOS_DELTA 1e-3
#define CLM__CHAOS_EPS 1e-12

/* Key of orbit (seed, phase, k, i): the four words are absorbed one after
 * the other, each followed by a finaliser round, so the key depends on all
 * four and on their order. */
uint64_t clm__chaos_key(uint64_t seed, uint64_t phase, uint64_t k, uint64_t i);
/* Counter-based uniform in (0,1): 53 bits of mix(key + (ctr+1)*golden),
 * offset by half a unit so that 0 and 1 are never returned. */
double clm__chaos_u01(uint64_t key, uint64_t ctr);

/* One stream: a logistic orbit (or, in the PRNG modes, the draw counter).
 * Everything is a function of (key, ctr): no global or thread state. */
typedef struct clm__orbit {
  double z;          /* current iterate (chaos modes) */
  uint64_t key;      /* clm__chaos_key(...) */
  uint64_t ctr;      /* next unused counter value */
  uint64_t n_reseed; /* collapses detected and repaired (seed rejections not included) */
} clm__orbit;

/* Seed orbit (seed, phase, k, i) and discard `warmup` iterates (chaos modes
 * only).  A seed z0 = delta + (1-2 delta) u is redrawn from the next counter
 * value while it is within delta of 0.25, 0.5 or 0.75. */
void clm__orbit_seed(clm__orbit *o, clm_chaos_stream mode, uint64_t seed, uint64_t phase,
                     uint64_t k, uint64_t i, size_t warmup);
/* Draw the next number in (0,1) (see clm_chaos_stream).  Chaos modes:
 * z <- 4z(1-z), then the collapse guard (re-seed from the next counter),
 * output z (raw) or (2/pi)asin(sqrt z) (uniformised). */
double clm__orbit_next(clm__orbit *o, clm_chaos_stream mode);

/* Objective of the generic search: store the error of candidate w (D) in *f
 * and return a status.  `slot` is the OpenMP thread number (0..threads-1),
 * so that the callee can use per-thread scratch.  NaN / Inf count as +inf. */
typedef int (*clm__chaos_objective)(void *ctx, int slot, const double *w, double *f);

/* One search: K searches, S stages of T candidates; stage 0 samples
 * centre +- radius, later stages search k's best point +- gamma^s radius;
 * candidates are clamped to [lo, hi] (NULL: no clamp). */
typedef struct clm__chaos_search {
  size_t D, K, S, T;
  double gamma;
  clm_chaos_stream mode;
  size_t warmup;
  uint64_t seed, phase;
  const double *centre, *radius; /* D each */
  const double *lo, *hi;         /* D each or NULL */
} clm__chaos_search;

/* Scratch of the search for dimension D, K searches and at most T_max
 * candidates per search and stage; allocated once. */
typedef struct clm__chaos_ws clm__chaos_ws;
int clm__chaos_ws_alloc(clm__chaos_ws **ws, size_t D, size_t K, size_t T_max);
void clm__chaos_ws_free(clm__chaos_ws *ws);
/* Make the searches run on ws distributed (solvers/mpi.c; NULL, the
 * default after alloc: serial): each stage's errors are summed over the
 * processes (with red->chaos_split each process scores only its index
 * range of the candidates, see reducer.h), so every process picks the
 * same bests. */
void clm__chaos_ws_set_reducer(clm__chaos_ws *ws, const clm__reducer *red);

/* Run the search.  Candidates are generated serially per orbit (a pure
 * function of the counters), the K*T candidates of a stage are evaluated in
 * parallel into slots [k][t], and the per-search and overall bests are
 * chosen afterwards in index order with the key (f, k, step), step = s*T+t:
 * the result is bit-identical for any `threads` (0 = OpenMP default; the
 * objective must accept slots 0..threads-1).
 *   w_best (out, D), f_best (out), evals (out, may be NULL): K*S*T.
 *   reseeds (out, may be NULL): orbit collapses repaired.
 * Returns the first failing objective status in (stage, k, t) order. */
int clm__chaos_minimise(clm__chaos_ws *ws, const clm__chaos_search *sp,
                        clm__chaos_objective fn, void *ctx, int threads,
                        double *w_best, double *f_best, uint64_t *evals,
                        uint64_t *reseeds);

/* Threads to use for a request (0 = OpenMP default; 1 without OpenMP). */
int clm__chaos_threads(int threads);
/* T = ceil(E / (K*S)), at least 1. */
size_t clm__chaos_per_stage(size_t E, size_t K, size_t S);

/* The initial search box of `box` for net: centre (0) and half-widths
 * (1, or for CLM_CHAOS_BOX_NW the Nguyen-Widrow magnitude
 * 0.7 S_1^(1/R) (n_max - n_min)/2 on layer 1's weights and biases when its
 * transfer function has a finite active range). */
void clm__chaos_box(const clm_net *net, clm_chaos_box box, double *centre, double *half);

/* Network objective: the loss sum of the network's performFcn
 * (clm__eval_loss: sse for mse/sse, the sum of |e| for mae, of the
 * cross-entropy terms for crossentropy; errors normalized as the network
 * says) over samples of a prepared data set, with one serial evaluation
 * workspace per thread slot.  The regularization term is not part of it:
 * candidates are ranked by the error part of the performance. */
typedef struct clm__netobj {
  const clm_net *net;
  const clm_data *d;
  const size_t *idx;
  size_t n;
  int n_slots;
  struct clm_evalws **ws; /* n_slots workspaces, threads = 1 each */
  size_t *count;          /* n_slots: error count seen by the slot (SIZE_MAX: unused) */
} clm__netobj;
int clm__netobj_alloc(clm__netobj *o, const clm_net *net, size_t Q_max, int n_slots);
void clm__netobj_free(clm__netobj *o);
int clm__netobj_fn(void *ctx, int slot, const double *w, double *f);
/* The error count seen by any slot (0 if none ran). */
size_t clm__netobj_count(const clm__netobj *o);
/* perf of the net's performFcn (without regularization) from its loss sum
 * and count. */
double clm__perf_from_sse(const clm_net *net, double sse, size_t count);

#endif /* CLM_CHAOS_CORE_H */
