/* chaoslm — parallel mutative-scale chaotic search (doc/chaos.md, "The
 * method") and the chaotic initialisation clm_initchaos.
 *
 * K searches run S stages each.  In stage s search k places T candidates
 *
 *     w_i = clamp(c_{k,i} + r_{k,i} (2 s_{k,i,n} - 1), lo_i, hi_i)
 *
 * (the "carrier wave": the stream value s in (0,1) mapped affinely onto the
 * box c +- r), where s_{k,i,n} is the next value of orbit (k, i).  Stage 0
 * uses the box centre and half-widths (first carrier wave, global); after
 * each stage c_k moves to search k's best point so far and r_k shrinks by
 * gamma (second carrier wave, the mutative scale of Zhang, Wang and Wang
 * 1999; the parallel searches follow the PCOA skeleton of Yuan et al.).
 * Centre and radius are frozen within a stage, so the K*T candidates of a
 * stage are independent: they are evaluated in parallel, each evaluation
 * summing its error serially in sample order, and written to slot [k][t].
 * The bests are then chosen serially by the key (f, k, step): the result is
 * the same bit for bit for any number of threads.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "chaos_core.h"
#include "chaos_internal.h"

/* ---------------------------------------------------------------------- */
/* Parameters                                                              */

/* Defaults: recalibrated on the calibration seeds
 * 1101-1200 of bench/bench_chaos (never on the test seeds 1-100; log and
 * numbers in doc/chaos.md, "Calibration").  ERTs below are in FPE, uniform
 * multistart LM (msu) in brackets, for xor / parity-3 / parity-4 /
 * two-spirals / sin1d / Mackey-Glass.
 *   stream raw -> uniformised: with the arcsine density of the raw orbit
 *     the re-initialising arm lost on Mackey-Glass (E_init 20: 17 802 vs
 *     9 616 uniformised [9 271]) and gained only on two-spirals;
 *   init_evals 120, stages 4 -> 40, 1 (T = 4, K = 10): the initial search
 *     cost 1-2 LM phases on the small nets; 40 candidates in one global
 *     stage gave 159 / 158 / 1 159 / 10 940 / 1 107 / 7 981 against
 *     239 / 228 / 1 257 / 13 897 / 1 221 / 9 121 at 120 evaluations in 4
 *     stages; the shrinking stages never paid;
 *   escapes (escape = 1) 2 -> 0: every escape setting tried cost more than
 *     an immediate chaotic re-initialisation (best: one escape, rho0 0.1,
 *     20 evaluations in 2 stages, +0-12 % ERT), so a stuck phase now goes
 *     straight to a fresh chaotic initialisation; the escape parameters
 *     below are the best of that sweep, used when max_escapes > 0:
 *     rho0 0.5 -> 0.1, escape_evals 120 -> 20, escape_stages 3 -> 2.
 * Not changed: box (nw lost or tied everywhere: parity-4 2 972 vs 1 520,
 * sin1d 6 365 vs 1 359), the stuck rule (window 5, tol_rel 1e-3, 200 epochs
 * beat window 3 / 10, tol_rel 1e-2 and 100 epochs for msu and the chaos
 * arm alike), rho_max, w_max, tol_acc, max_reinits, warmup, shrink. */
clm_chaosparam clm_chaosparam_default(void) {
  clm_chaosparam c;
  memset(&c, 0, sizeof c);
  c.init = 0;
  c.escape = 0;
  c.stream = CLM_CHAOS_UNIFORMISED;
  c.box = CLM_CHAOS_BOX_UNIT;
  c.warmup = 16;
  c.searches = 10;
  c.stages = 1;
  c.shrink = 0.5;
  c.init_evals = 40;
  c.window = 5;
  c.tol_rel = 1e-3;
  c.phase_epochs = 0;
  c.horizon = INFINITY;
  c.escape_mode = CLM_ESCAPE_SEARCH;
  c.escape_stages = 2;
  c.escape_evals = 20;
  c.rho0 = 0.1;
  c.rho_max = 4.0;
  c.w_max = 50.0;
  c.tol_acc = 1e-6;
  c.wc_omega = 0.1;
  c.wc_rho = 1.1;
  c.wc_spread = 1.0;
  c.max_escapes = 0;
  c.max_reinits = 1;
  c.reinit = CLM_REINIT_AS_START;
  c.race = 0;
  c.race_epochs = 5;
  c.race_keep = 0.5;
  return c;
}

static int bad(char *msg, size_t len, const char *field, double v, const char *bound) {
  if (msg && len) snprintf(msg, len, "chaos.%s = %g: must be %s", field, v, bound);
  return CLM_EPARAM;
}

int clm_chaosparam_check(const clm_chaosparam *cp, char *msg, size_t len) {
  if (msg && len) msg[0] = '\0';
  if (!cp) return CLM_ENULL;
  if ((unsigned)cp->stream >= (unsigned)CLM_CHAOS_STREAM_COUNT_)
    return bad(msg, len, "stream", (double)cp->stream, "a clm_chaos_stream value");
  if ((unsigned)cp->box >= (unsigned)CLM_CHAOS_BOX_COUNT_)
    return bad(msg, len, "box", (double)cp->box, "a clm_chaos_box value");
  if (cp->warmup > 1000000) return bad(msg, len, "warmup", (double)cp->warmup, "<= 1e6");
  if (cp->searches < 1 || cp->searches > 100000)
    return bad(msg, len, "searches", (double)cp->searches, "in [1, 1e5]");
  if (cp->stages < 1 || cp->stages > 1000)
    return bad(msg, len, "stages", (double)cp->stages, "in [1, 1000]");
  if (cp->escape_stages < 1 || cp->escape_stages > 1000)
    return bad(msg, len, "escape_stages", (double)cp->escape_stages, "in [1, 1000]");
  if (!(cp->shrink > 0.0 && cp->shrink <= 1.0))
    return bad(msg, len, "shrink", cp->shrink, "in (0, 1]");
  if (cp->init_evals < 1 || cp->init_evals > 1000000000)
    return bad(msg, len, "init_evals", (double)cp->init_evals, "in [1, 1e9]");
  if (cp->escape_evals < 1 || cp->escape_evals > 1000000000)
    return bad(msg, len, "escape_evals", (double)cp->escape_evals, "in [1, 1e9]");
  if (cp->window < 1 || cp->window > 10000)
    return bad(msg, len, "window", (double)cp->window, "in [1, 1e4]");
  if (!(cp->tol_rel >= 0.0) || isinf(cp->tol_rel))
    return bad(msg, len, "tol_rel", cp->tol_rel, "finite and >= 0");
  if (!(cp->horizon > 0.0)) return bad(msg, len, "horizon", cp->horizon, "> 0 (Inf allowed)");
  if ((unsigned)cp->escape_mode >= (unsigned)CLM_ESCAPE_MODE_COUNT_)
    return bad(msg, len, "escape_mode", (double)cp->escape_mode, "a clm_escape_mode value");
  if (!(cp->rho0 > 0.0) || isinf(cp->rho0)) return bad(msg, len, "rho0", cp->rho0, "finite and > 0");
  if (!(cp->rho_max >= cp->rho0) || isinf(cp->rho_max))
    return bad(msg, len, "rho_max", cp->rho_max, "finite and >= rho0");
  if (!(cp->w_max > 0.0) || isinf(cp->w_max)) return bad(msg, len, "w_max", cp->w_max, "finite and > 0");
  if (!(cp->tol_acc >= 0.0 && cp->tol_acc < 1.0))
    return bad(msg, len, "tol_acc", cp->tol_acc, "in [0, 1)");
  if (!(cp->wc_omega > 0.0) || isinf(cp->wc_omega))
    return bad(msg, len, "wc_omega", cp->wc_omega, "finite and > 0");
  if (!(cp->wc_rho >= 1.0) || isinf(cp->wc_rho)) return bad(msg, len, "wc_rho", cp->wc_rho, "finite and >= 1");
  if (!(cp->wc_spread >= 0.0 && cp->wc_spread <= 50.0))
    return bad(msg, len, "wc_spread", cp->wc_spread, "in [0, 50]");
  if ((unsigned)cp->reinit >= (unsigned)CLM_REINIT_COUNT_)
    return bad(msg, len, "reinit", (double)cp->reinit, "a clm_chaos_reinit value");
  if (cp->race > 100000) return bad(msg, len, "race", (double)cp->race, "<= 1e5");
  if (cp->race_epochs < 1) return bad(msg, len, "race_epochs", (double)cp->race_epochs, ">= 1");
  if (!(cp->race_keep > 0.0 && cp->race_keep < 1.0))
    return bad(msg, len, "race_keep", cp->race_keep, "in (0, 1)");
  if (cp->max_escapes > 1000000)
    return bad(msg, len, "max_escapes", (double)cp->max_escapes, "<= 1e6");
  if (cp->max_reinits > 1000000)
    return bad(msg, len, "max_reinits", (double)cp->max_reinits, "<= 1e6");
  return CLM_OK;
}

/* ---------------------------------------------------------------------- */
/* Generic search core                                                     */

struct clm__chaos_ws {
  size_t D, K, T_max;
  clm__orbit *orb; /* K*D orbits, orbit (k,i) at k*D+i */
  double *c, *r;   /* K*D centres (= best points after stage 0) and radii */
  double *cand;    /* K*T_max*D candidates, candidate (k,t) at (k*T+t)*D */
  double *f;       /* K*T_max errors */
  int *st;         /* K*T_max objective statuses */
  double *fb;      /* K best errors */
  size_t *sb;      /* K best steps */
  const clm__reducer *red; /* distributed search, NULL when serial */
};

void clm__chaos_ws_set_reducer(clm__chaos_ws *ws, const clm__reducer *red) {
  if (ws) ws->red = red;
}

void clm__chaos_ws_free(clm__chaos_ws *ws) {
  if (!ws) return;
  free(ws->orb);
  free(ws->c);
  free(ws->r);
  free(ws->cand);
  free(ws->f);
  free(ws->st);
  free(ws->fb);
  free(ws->sb);
  free(ws);
}

/* a*b*c with overflow detection (0 on overflow). */
static size_t mul3(size_t a, size_t b, size_t c) {
  if (a && b > SIZE_MAX / a) return 0;
  size_t ab = a * b;
  if (ab != 0 && c > SIZE_MAX / ab) return 0;
  return ab * c;
}

int clm__chaos_ws_alloc(clm__chaos_ws **out, size_t D, size_t K, size_t T_max) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  if (!D || !K || !T_max) return CLM_ESIZE;
  size_t nc = mul3(K, T_max, D), kd = mul3(K, D, 1), kt = mul3(K, T_max, 1);
  if (!nc || nc > SIZE_MAX / sizeof(double) || kd > SIZE_MAX / sizeof(clm__orbit)) return CLM_ENOMEM;
  clm__chaos_ws *ws = calloc(1, sizeof *ws);
  if (!ws) return CLM_ENOMEM;
  ws->D = D;
  ws->K = K;
  ws->T_max = T_max;
  ws->orb = malloc(kd * sizeof *ws->orb);
  ws->c = malloc(kd * sizeof(double));
  ws->r = malloc(kd * sizeof(double));
  ws->cand = malloc(nc * sizeof(double));
  ws->f = malloc(kt * sizeof(double));
  ws->st = malloc(kt * sizeof(int));
  ws->fb = malloc(K * sizeof(double));
  ws->sb = malloc(K * sizeof(size_t));
  if (!ws->orb || !ws->c || !ws->r || !ws->cand || !ws->f || !ws->st || !ws->fb || !ws->sb) {
    clm__chaos_ws_free(ws);
    return CLM_ENOMEM;
  }
  *out = ws;
  return CLM_OK;
}

int clm__chaos_threads(int threads) {
#ifdef _OPENMP
  if (threads <= 0) threads = omp_get_max_threads();
  return threads < 1 ? 1 : threads;
#else
  (void)threads;
  return 1;
#endif
}

size_t clm__chaos_per_stage(size_t E, size_t K, size_t S) {
  if (!K || !S) return 1;
  size_t ks = K * S;
  size_t T = E / ks + (E % ks != 0);
  return T ? T : 1;
}

int clm__chaos_minimise(clm__chaos_ws *ws, const clm__chaos_search *sp,
                        clm__chaos_objective fn, void *ctx, int threads,
                        double *w_best, double *f_best, uint64_t *evals,
                        uint64_t *reseeds) {
  if (!ws || !sp || !fn || !w_best || !f_best || !sp->centre || !sp->radius) return CLM_ENULL;
  const size_t D = sp->D, K = sp->K, S = sp->S, T = sp->T;
  if (D != ws->D || K > ws->K || T > ws->T_max || !K || !S || !T) return CLM_ESIZE;
  const int nt = clm__chaos_threads(threads);
  const long n_cand = (long)(K * T);

  for (size_t k = 0; k < K; k++) {
    for (size_t i = 0; i < D; i++) {
      clm__orbit_seed(&ws->orb[k * D + i], sp->mode, sp->seed, sp->phase, k, i, sp->warmup);
      ws->c[k * D + i] = sp->centre[i];
      ws->r[k * D + i] = sp->radius[i];
    }
    ws->fb[k] = INFINITY;
    ws->sb[k] = 0;
  }

  for (size_t s = 0; s < S; s++) {
    /* 1. candidates: orbit (k,i) gives its next T values to t = 0..T-1;
     * each search's orbits are independent, so the k loop may run in any
     * order or in parallel without changing a bit. */
#pragma omp parallel for num_threads(nt) schedule(static)
    for (long kk = 0; kk < (long)K; kk++) {
      size_t k = (size_t)kk;
      for (size_t t = 0; t < T; t++) {
        double *w = ws->cand + (k * T + t) * D;
        for (size_t i = 0; i < D; i++) {
          double z = clm__orbit_next(&ws->orb[k * D + i], sp->mode);
          double v = ws->c[k * D + i] + ws->r[k * D + i] * (2.0 * z - 1.0);
          if (sp->lo && v < sp->lo[i]) v = sp->lo[i];
          if (sp->hi && v > sp->hi[i]) v = sp->hi[i];
          w[i] = v;
        }
      }
    }
    /* 2. evaluate into slots; arrival order does not matter.  A
     * distributed search with split candidates scores [j0, j1) here and
     * zeros elsewhere, so that the sum over processes is exact. */
    long j0 = 0, j1 = n_cand;
    if (ws->red && ws->red->chaos_split) {
      j0 = (long)((size_t)n_cand * (size_t)ws->red->rank / (size_t)ws->red->size);
      j1 = (long)((size_t)n_cand * ((size_t)ws->red->rank + 1) / (size_t)ws->red->size);
      for (long j = 0; j < n_cand; j++) {
        ws->f[j] = 0.0;
        ws->st[j] = CLM_OK;
      }
    }
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1)
    for (long j = j0; j < j1; j++) {
      int slot = 0;
#ifdef _OPENMP
      slot = omp_get_thread_num();
#endif
      double f = INFINITY;
      int st = fn(ctx, slot, ws->cand + (size_t)j * D, &f);
      if (isnan(f) || isinf(f)) f = INFINITY;
      ws->f[j] = f;
      ws->st[j] = st;
    }
    if (ws->red) { /* the first local failure, agreed on by every process */
      double fail = 0.0;
      for (long j = 0; j < n_cand && fail == 0.0; j++)
        if (ws->st[j] != CLM_OK) fail = (double)ws->st[j];
      int rst = ws->red->max(ws->red, &fail, 1);
      if (rst != CLM_OK) return rst;
      if (fail != 0.0) return (int)fail;
      rst = ws->red->sum(ws->red, ws->f, (size_t)n_cand);
      if (rst != CLM_OK) return rst;
    }
    for (long j = 0; j < n_cand; j++)
      if (ws->st[j] != CLM_OK) return ws->st[j];
    /* 3. per-search best by (f, step): strict '<' keeps the earlier step;
     * in stage 0 the first candidate is taken even at +inf, so every search
     * always has a point. */
    for (size_t k = 0; k < K; k++) {
      size_t tb = SIZE_MAX;
      double fb = ws->fb[k];
      for (size_t t = 0; t < T; t++) {
        double f = ws->f[k * T + t];
        if ((s == 0 && t == 0) || f < fb) {
          fb = f;
          tb = t;
        }
      }
      if (tb != SIZE_MAX) {
        ws->fb[k] = fb;
        ws->sb[k] = s * T + tb;
        memcpy(ws->c + k * D, ws->cand + (k * T + tb) * D, D * sizeof(double));
      }
      /* 4. mutative scale: shrink around the best point */
      for (size_t i = 0; i < D; i++) ws->r[k * D + i] *= sp->gamma;
    }
  }
  /* overall best by (f, k) */
  size_t kb = 0;
  for (size_t k = 1; k < K; k++)
    if (ws->fb[k] < ws->fb[kb]) kb = k;
  memcpy(w_best, ws->c + kb * D, D * sizeof(double));
  *f_best = ws->fb[kb];
  if (evals) *evals = (uint64_t)K * S * T;
  if (reseeds) {
    uint64_t n = 0;
    for (size_t j = 0; j < K * D; j++) n += ws->orb[j].n_reseed;
    *reseeds = n;
  }
  return CLM_OK;
}

/* ---------------------------------------------------------------------- */
/* Network objective and box                                               */

void clm__chaos_box(const clm_net *net, clm_chaos_box box, double *centre, double *half) {
  const size_t P = net->n_wb;
  for (size_t i = 0; i < P; i++) {
    centre[i] = 0.0;
    half[i] = 1.0;
  }
  double nmin, nmax;
  if (box == CLM_CHAOS_BOX_NW && net->n_layers >= 1 && net->size[0] > 0 &&
      clm__transfer_active_range(net->transfer[1], &nmin, &nmax)) {
    /* Nguyen-Widrow magnitude with MATLAB's active-range factor (doc/matlab.md §6.2):
     * beta = 0.7 S_1^(1/R) (n_max - n_min)/2, = 1.4 S_1^(1/R) for tansig. */
    const double S1 = (double)net->size[1], R = (double)net->size[0];
    const double beta = 0.7 * pow(S1, 1.0 / R) * 0.5 * (nmax - nmin);
    const size_t n1 = net->size[1] * (1 + net->size[0]); /* b{1} then IW{1,1} */
    for (size_t i = 0; i < n1; i++) half[net->b_off[1] + i] = beta;
  }
}

int clm__netobj_alloc(clm__netobj *o, const clm_net *net, size_t Q_max, int n_slots) {
  memset(o, 0, sizeof *o);
  o->net = net;
  o->n_slots = n_slots;
  o->ws = calloc((size_t)n_slots, sizeof *o->ws);
  o->count = malloc((size_t)n_slots * sizeof *o->count);
  if (!o->ws || !o->count) {
    clm__netobj_free(o);
    return CLM_ENOMEM;
  }
  for (int s = 0; s < n_slots; s++) {
    int st = clm__evalws_alloc(&o->ws[s], net, Q_max, 1);
    if (st != CLM_OK) {
      clm__netobj_free(o);
      return st;
    }
    o->count[s] = SIZE_MAX;
  }
  return CLM_OK;
}

void clm__netobj_free(clm__netobj *o) {
  if (!o) return;
  if (o->ws)
    for (int s = 0; s < o->n_slots; s++) clm__evalws_free(o->ws[s]);
  free(o->ws);
  free(o->count);
  o->ws = NULL;
  o->count = NULL;
}

int clm__netobj_fn(void *ctx, int slot, const double *w, double *f) {
  clm__netobj *o = ctx;
  if (slot < 0 || slot >= o->n_slots) return CLM_EINTERNAL;
  size_t count = 0;
  int st = clm__eval_loss(o->ws[slot], o->net, w, o->d, o->idx, o->n, f, &count);
  o->count[slot] = count;
  return st;
}

size_t clm__netobj_count(const clm__netobj *o) {
  for (int s = 0; s < o->n_slots; s++)
    if (o->count[s] != SIZE_MAX) return o->count[s];
  return 0;
}

double clm__perf_from_sse(const clm_net *net, double sse, size_t count) {
  if (net->performfcn == CLM_SSE) return sse;
  return count ? sse / (double)count : INFINITY;
}

/* ---------------------------------------------------------------------- */
/* Stage A for networks                                                    */

int clm__chaos_init_search(const clm_net *net, const clm_data *d, const size_t *idx,
                           size_t n, const clm_chaosparam *cp, uint64_t seed,
                           int threads, double *wb_out, double *sse_out,
                           uint64_t *evals_out) {
  return clm__chaos_init_search_red(net, d, idx, n, cp, seed, threads, wb_out, sse_out,
                                    evals_out, NULL);
}

/* The initial search over K searches in phase `phase`: the overall best to
 * wb_out / sse_out (may be NULL), and with starts != NULL every search's
 * best to starts (K x P, search k at k*P) and its sse to sse_starts (K). */
static int init_search(const clm_net *net, const clm_data *d, const size_t *idx, size_t n,
                       const clm_chaosparam *cp, uint64_t seed, uint64_t phase, size_t K,
                       int threads, const clm__reducer *red, double *wb_out, double *sse_out,
                       double *starts, double *sse_starts, uint64_t *evals_out) {
  if (!net || !d || !cp || (!wb_out && !starts)) return CLM_ENULL;
  if (!net->configured || !net->n_wb) return CLM_ENOTCONFIGURED;
  int st = clm_chaosparam_check(cp, NULL, 0);
  if (st != CLM_OK) return st;
  if (K < 1) return CLM_ESIZE;
  const size_t P = net->n_wb, S = cp->stages;
  const size_t T = clm__chaos_per_stage(cp->init_evals, K, S);
  const int nt = clm__chaos_threads(threads);
  if (!idx) n = d->Q; /* the whole set (eval takes n even without idx) */
  size_t nQ = n;

  clm__chaos_ws *ws = NULL;
  clm__netobj obj;
  double *box = malloc(5 * P * sizeof(double));
  if (!box) return CLM_ENOMEM;
  double *c = box, *r = box + P, *lo = box + 2 * P, *hi = box + 3 * P, *wb = box + 4 * P;
  st = clm__chaos_ws_alloc(&ws, P, K, T);
  if (st == CLM_OK) st = clm__netobj_alloc(&obj, net, nQ ? nQ : 1, nt);
  else memset(&obj, 0, sizeof obj);
  if (st == CLM_OK) {
    obj.d = d;
    obj.idx = idx;
    obj.n = n;
    clm__chaos_box(net, cp->box, c, r);
    for (size_t i = 0; i < P; i++) {
      lo[i] = c[i] - r[i];
      hi[i] = c[i] + r[i];
    }
    clm__chaos_search sp = {P, K, S, T, cp->shrink, cp->stream, cp->warmup, seed, phase, c, r, lo, hi};
    clm__chaos_ws_set_reducer(ws, red);
    double f = INFINITY;
    uint64_t ev = 0;
    st = clm__chaos_minimise(ws, &sp, clm__netobj_fn, &obj, nt, wb, &f, &ev, NULL);
    if (st == CLM_OK) {
      if (wb_out) memcpy(wb_out, wb, P * sizeof *wb);
      if (sse_out) *sse_out = f;
      if (evals_out) *evals_out = ev;
      if (starts) {
        memcpy(starts, ws->c, K * P * sizeof *starts); /* the centres are the bests */
        if (sse_starts) memcpy(sse_starts, ws->fb, K * sizeof *sse_starts);
      }
    }
  }
  clm__netobj_free(&obj);
  clm__chaos_ws_free(ws);
  free(box);
  return st;
}

int clm__chaos_init_search_red(const clm_net *net, const clm_data *d, const size_t *idx,
                               size_t n, const clm_chaosparam *cp, uint64_t seed,
                               int threads, double *wb_out, double *sse_out,
                               uint64_t *evals_out, const clm__reducer *red) {
  if (!wb_out) return CLM_ENULL;
  return init_search(net, d, idx, n, cp, seed, 0, cp ? cp->searches : 1, threads, red, wb_out, sse_out,
                     NULL, NULL, evals_out);
}

int clm__chaos_init_starts(const clm_net *net, const clm_data *d, const size_t *idx, size_t n,
                           const clm_chaosparam *cp, uint64_t seed, uint64_t phase, size_t K,
                           int threads, double *starts, double *sse, uint64_t *evals) {
  if (!starts) return CLM_ENULL;
  return init_search(net, d, idx, n, cp, seed, phase, K, threads, NULL, NULL, NULL, starts, sse, evals);
}

int clm_initchaos(clm_net *net, const double *X, const double *T, size_t Q,
                  const clm_chaosparam *cp, uint64_t seed, int threads,
                  uint64_t *evals, double *perf) {
  return clm__initchaos_red(net, X, T, Q, cp, seed, threads, evals, perf, NULL);
}

int clm__initchaos_red(clm_net *net, const double *X, const double *T, size_t Q,
                       const clm_chaosparam *cp, uint64_t seed, int threads,
                       uint64_t *evals, double *perf, const clm__reducer *red) {
  if (!net || !X || !T) return CLM_ENULL;
  if (!net->configured || !net->n_wb) return CLM_ENOTCONFIGURED;
  if (!Q) return CLM_ESIZE;
  clm_chaosparam def = clm_chaosparam_default();
  if (!cp) cp = &def;
  int st = clm_chaosparam_check(cp, NULL, 0);
  if (st != CLM_OK) return st;
  const size_t S0 = net->size[0], P = net->n_wb;
  if (S0 && Q > SIZE_MAX / S0 / sizeof(double)) return CLM_ENOMEM;
  double *Xp = malloc((S0 ? S0 : 1) * Q * sizeof(double));
  unsigned char *skip = malloc(Q);
  double *wb = malloc(P * sizeof(double));
  if (!Xp || !skip || !wb) {
    st = CLM_ENOMEM;
    goto done;
  }
  /* reject Inf before touching anything */
  for (size_t j = 0; j < net->n_inputs * Q; j++)
    if (isinf(X[j])) {
      st = CLM_EINF;
      goto done;
    }
  for (size_t j = 0; j < net->n_outputs * Q; j++)
    if (isinf(T[j])) {
      st = CLM_EINF;
      goto done;
    }
  st = clm__data_prepare(net, X, Q, Xp, skip);
  if (st != CLM_OK) goto done;
  clm_data d = {Q, Xp, T, skip};
  double sse = INFINITY;
  uint64_t ev = 0;
  st = clm__chaos_init_search_red(net, &d, NULL, Q, cp, seed, threads, wb, &sse, &ev, red);
  if (st != CLM_OK) goto done;
  /* error count at the chosen point (one extra evaluation, not counted) */
  clm_evalws *ews = NULL;
  size_t count = 0;
  st = clm__evalws_alloc(&ews, net, Q, 1);
  if (st == CLM_OK) st = clm__eval_loss(ews, net, wb, &d, NULL, Q, &sse, &count);
  clm__evalws_free(ews);
  if (st != CLM_OK) goto done;
  if (count == 0) {
    st = CLM_ENOSAMPLES;
    goto done;
  }
  memcpy(net->wb, wb, P * sizeof(double));
  if (evals) *evals = ev;
  if (perf) *perf = clm__perf_regularize(net, clm__perf_from_sse(net, sse, count), wb);
done:
  free(Xp);
  free(skip);
  free(wb);
  return st;
}
