/* chaoslm benchmark — chaotic initialisation and escape against plain and
 * multistart Levenberg-Marquardt at equal compute (chaos-method.md §7).
 *
 * Arms (all use clm_train / trainlm from the public API, so they share the
 * LM code, stops, normalisation and float settings):
 *   nw1    initnw + trainlm, one run of up to `a0_epochs` epochs (A0);
 *   msnw   initnw + trainlm, restarted from a fresh initnw while budget
 *          remains whenever a phase is stuck (A2);
 *   msu    the same with rands (uniform [-1,1]) restarts (A3);
 *   rs     the chaos arm's algorithm with the chaotic streams replaced by
 *          uniform counter-based PRNG draws (A5);
 *   ci     chaotic init + LM, stuck -> fresh chaotic init (A7: escape
 *          machine with max_escapes = 0);
 *   ce     chaotic init + LM + chaotic escape (max_escapes escapes, at
 *          least 1, then a fresh chaotic init) (A8).
 * Stuck (all restarting arms): mu >= mu_max, gradient <= min_grad, relative
 * improvement < tol_rel over `window` accepted epochs, or `phase_epochs`
 * epochs in the phase (§6.6); msnw/msu apply the window and phase tests
 * through the epoch callback, the chaos arms inside the escape machine.
 *
 * Budget and cost.  Cost is counted in forward-pass equivalents (FPE) from
 * the training record with a flop model for a net with P weights, m outputs
 * and Q training samples: one forward pass (n_forward, and every chaotic
 * candidate, n_chaos_evals) = 1; one J'J/J'e accumulation (n_jacobian) =
 * m (P + 4) / 2 (Q m P^2 syrk flops plus backpropagation over 2 Q P); one
 * Cholesky factorisation (n_factor) = (P^2/3 + P) / (2 Q).  Wall time per
 * run is reported as a second currency.  The budget B of a problem is
 * `budget_factor` x the median cost of one nw1 run on 20 calibration seeds
 * (1001-1020, disjoint from the evaluation seeds 1..N).  A run succeeds if
 * its training MSE reaches the goal with cost <= B.
 *
 * Metrics per problem and arm: successes with a Wilson 95% interval; ERT =
 * (sum over seeds of the cost spent, censored at B) / successes, in FPE and
 * seconds; median final training and test MSE (test: held-out samples,
 * where the problem has them); mean chaotic evaluations, escapes tried and
 * accepted.  Versus ce, an exact two-sided McNemar test on the paired
 * success outcomes.
 *
 * Seeds.  Three disjoint sets: the budget (and derived goal) seeds
 * 1001-1020; the calibration seeds 1101..1100+N (--calibrate), the only
 * seeds on which chaos parameters were tuned; the test seeds 1..N (the
 * default), which give the reported table.  Problems without a literature
 * goal (two-spirals, boston) take goal = the median final training MSE of
 * nw1 runs without a goal on the budget seeds, so that a single NW-LM run
 * reaches it about half the time.
 *
 * Verdicts (§7.8, printed after the tables when ce runs).  ce wins against
 * an arm on a problem if (a) its success is >= 10 points higher with a
 * Holm-adjusted McNemar p < 0.05 (Holm over all problems x comparisons of
 * the run) or its ERT is >= 25% lower with the paired-bootstrap 95% CI of
 * the ERT ratio (2000 resamples of the seeds) below 1, and (b) its median
 * test MSE (train MSE where there is no test set) is <= 1.05 x the arm's.
 * It loses if the arm wins against it by the same rule; otherwise tie.
 *
 * Usage: bench_chaos [--quick] [--calibrate] [--seeds N] [--threads T]
 *                    [--only NAME] [--arms a,b,..] [--set field=value]...
 *                    [--csv FILE] [--datadir DIR]
 * --set overrides a clm_chaosparam field for the chaos arms (and the stuck
 * window of the multistart arms), e.g. --set init_evals=40 --set box=nw
 * --set stream=uniformised.  Arms not in --arms are not run.
 * The data directory defaults to $CLM_SRCDIR/data (boston_housing.csv);
 * the problem is skipped (and said so) when the file is missing.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "chaoslm.h"

/* ---------------------------------------------------------------------- */
typedef struct problem {
  const char *name, *desc;
  size_t nin, nout, Qtr, Qte, H;
  double *Xtr, *Ttr, *Xte, *Tte;
  double goal;     /* fixed goal, or (goal_from_cal) set at run time */
  int goal_from_cal; /* 1: goal = median final train MSE of nw1 (no goal) on
                      * the budget seeds 1001-1020 (calibration seeds only) */
  size_t a0_epochs;
  double budget_factor;
  size_t max_seeds; /* 0: all */
  int quick;        /* part of --quick */
} problem;

enum { NW1 = 0, MSNW, MSU, RS, CI, CE, N_ARMS };
static const char *arm_name[N_ARMS] = {"nw1", "msnw", "msu", "rs", "ci", "ce"};

typedef struct result {
  int success;
  double cost, secs, train_mse, test_mse;
  double chaos_evals, escapes, accepted, restarts;
} result;

static double *xmalloc(size_t n) {
  double *p = calloc(n ? n : 1, sizeof(double));
  if (!p) {
    fprintf(stderr, "out of memory\n");
    exit(2);
  }
  return p;
}

static uint64_t mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/* ---------------------------------------------------------------------- */
/* Problems */

static void parity(problem *pr, size_t n, size_t H) {
  size_t Q = (size_t)1 << n;
  pr->nin = n;
  pr->nout = 1;
  pr->Qtr = Q;
  pr->H = H;
  pr->Xtr = xmalloc(n * Q);
  pr->Ttr = xmalloc(Q);
  for (size_t q = 0; q < Q; q++) {
    int ones = 0;
    for (size_t i = 0; i < n; i++) {
      int b = (q >> i) & 1;
      ones += b;
      pr->Xtr[q * n + i] = b ? 1.0 : -1.0;
    }
    pr->Ttr[q] = (ones & 1) ? 1.0 : -1.0;
  }
}

static void spirals(problem *pr, size_t H) {
  /* Lang and Witbrock's two spirals, 97 points each (S26) */
  pr->nin = 2;
  pr->nout = 1;
  pr->Qtr = 194;
  pr->H = H;
  pr->Xtr = xmalloc(2 * 194);
  pr->Ttr = xmalloc(194);
  for (int i = 0; i < 97; i++) {
    double a = i * M_PI / 16.0, r = 6.5 * (104 - i) / 104.0;
    double x = r * sin(a), y = r * cos(a);
    pr->Xtr[4 * i] = x;
    pr->Xtr[4 * i + 1] = y;
    pr->Ttr[2 * i] = 1;
    pr->Xtr[4 * i + 2] = -x;
    pr->Xtr[4 * i + 3] = -y;
    pr->Ttr[2 * i + 1] = -1;
  }
}

static void sin1d(problem *pr, size_t H) {
  /* under-sized net on y = sin x + sin(10x/3), x in [2.7, 7.5]: 200 training
   * points on a grid, 100 test points in between */
  pr->nin = 1;
  pr->nout = 1;
  pr->Qtr = 200;
  pr->Qte = 100;
  pr->H = H;
  pr->Xtr = xmalloc(200);
  pr->Ttr = xmalloc(200);
  pr->Xte = xmalloc(100);
  pr->Tte = xmalloc(100);
  for (int q = 0; q < 200; q++) {
    double x = 2.7 + 4.8 * q / 199.0;
    pr->Xtr[q] = x;
    pr->Ttr[q] = sin(x) + sin(10.0 * x / 3.0);
  }
  for (int q = 0; q < 100; q++) {
    double x = 2.7 + 4.8 * (q + 0.5) / 100.0;
    pr->Xte[q] = x;
    pr->Tte[q] = sin(x) + sin(10.0 * x / 3.0);
  }
}

static void mackey_glass(problem *pr, size_t H) {
  /* tau = 17, dx/dt = 0.2 x(t-17)/(1 + x(t-17)^10) - 0.1 x(t), x(0) = 1.2,
   * x(t<0) = 0, Euler steps of 0.1 sampled at integers (MATLAB's mgdata is
   * an RK4 solution; the series differs in detail, not in character).
   * Inputs x(t-18), x(t-12), x(t-6), x(t); target x(t+6); t = 118..1117;
   * first 500 train, last 500 test (S27). */
  const int steps_per = 10, N = 1200, lag = 17 * steps_per;
  double *x = xmalloc((size_t)N * steps_per + 1);
  x[0] = 1.2;
  for (int s = 0; s < N * steps_per; s++) {
    double xd = s >= lag ? x[s - lag] : 0.0;
    x[s + 1] = x[s] + 0.1 * (0.2 * xd / (1.0 + pow(xd, 10.0)) - 0.1 * x[s]);
  }
  pr->nin = 4;
  pr->nout = 1;
  pr->Qtr = 500;
  pr->Qte = 500;
  pr->H = H;
  pr->Xtr = xmalloc(4 * 500);
  pr->Ttr = xmalloc(500);
  pr->Xte = xmalloc(4 * 500);
  pr->Tte = xmalloc(500);
  for (int j = 0; j < 1000; j++) {
    int t = 118 + j;
    double *X = j < 500 ? pr->Xtr + 4 * j : pr->Xte + 4 * (j - 500);
    double *T = j < 500 ? pr->Ttr + j : pr->Tte + (j - 500);
    X[0] = x[(t - 18) * steps_per];
    X[1] = x[(t - 12) * steps_per];
    X[2] = x[(t - 6) * steps_per];
    X[3] = x[t * steps_per];
    *T = x[(t + 6) * steps_per];
  }
  free(x);
}

/* Read a numeric CSV with a header line; the last column is the target. */
static int boston(problem *pr, const char *dir, size_t H) {
  char path[2048];
  snprintf(path, sizeof path, "%s/boston_housing.csv", dir);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  char line[4096];
  size_t rows = 0, cols = 0, cap = 0;
  double *v = NULL;
  if (!fgets(line, sizeof line, f)) {
    fclose(f);
    return 0;
  }
  for (char *c = line; *c; c++) cols += (*c == ',');
  cols++;
  while (fgets(line, sizeof line, f)) {
    if (cap < (rows + 1) * cols) {
      cap = 2 * (rows + 1) * cols;
      v = realloc(v, cap * sizeof *v);
      if (!v) exit(2);
    }
    char *s = line;
    for (size_t c = 0; c < cols; c++) {
      v[rows * cols + c] = strtod(s, &s);
      if (*s == ',') s++;
    }
    rows++;
  }
  fclose(f);
  /* fixed split (independent of the seed): a SplitMix64-keyed shuffle,
   * 80% train, 20% test */
  size_t *perm = malloc(rows * sizeof *perm);
  for (size_t i = 0; i < rows; i++) perm[i] = i;
  for (size_t i = rows - 1; i > 0; i--) {
    size_t j = mix64(12345 + i) % (i + 1), t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  pr->nin = cols - 1;
  pr->nout = 1;
  pr->Qtr = rows * 4 / 5;
  pr->Qte = rows - pr->Qtr;
  pr->H = H;
  pr->Xtr = xmalloc(pr->nin * pr->Qtr);
  pr->Ttr = xmalloc(pr->Qtr);
  pr->Xte = xmalloc(pr->nin * pr->Qte);
  pr->Tte = xmalloc(pr->Qte);
  for (size_t i = 0; i < rows; i++) {
    const double *r = v + perm[i] * cols;
    int tr = i < pr->Qtr;
    size_t q = tr ? i : i - pr->Qtr;
    double *X = tr ? pr->Xtr + q * pr->nin : pr->Xte + q * pr->nin;
    for (size_t c = 0; c + 1 < cols; c++) X[c] = r[c];
    (tr ? pr->Ttr : pr->Tte)[q] = r[cols - 1];
  }
  free(perm);
  free(v);
  return 1;
}

/* ---------------------------------------------------------------------- */
/* One run */

typedef struct cost_model {
  double cJ, cF;
} cost_model;

static cost_model model_for(const problem *pr) {
  double P = (double)(pr->H * (pr->nin + 1) + pr->nout * (pr->H + 1));
  double m = (double)pr->nout, Q = (double)pr->Qtr;
  cost_model c = {m * (P + 4.0) / 2.0, (P * P / 3.0 + P) / (2.0 * Q)};
  return c;
}

static double record_cost(const clm_record *r, cost_model c) {
  return (double)(r->n_forward + r->n_chaos_evals) + c.cJ * (double)r->n_jacobian +
         c.cF * (double)r->n_factor;
}

/* The stuck detector of the multistart arms (§6.6 window and phase tests;
 * mu_max and min_grad are trainlm's own stops). */
typedef struct window_cb {
  double ring[64];
  size_t n, head, cap, epochs_in_phase, phase_epochs;
  double tol_rel, last;
} window_cb;

static int window_fn(void *user, size_t epoch, double perf, double vperf, double tperf) {
  (void)vperf;
  (void)tperf;
  window_cb *w = user;
  if (epoch == 0) {
    w->n = 1;
    w->head = 0;
    w->ring[0] = perf;
    w->last = perf;
    return 0;
  }
  if (epoch >= w->phase_epochs) return 1;
  if (perf < w->last) {
    w->head = (w->head + 1) % w->cap;
    w->ring[w->head] = perf;
    if (w->n < w->cap) w->n++;
  }
  w->last = perf;
  if (w->n == w->cap) {
    double newest = w->ring[w->head], oldest = w->ring[(w->head + 1) % w->cap];
    if (oldest - newest < w->tol_rel * oldest) return 1;
  }
  return 0;
}

/* Wall time of a run (runs go in parallel, one per core; run with
 * OPENBLAS_NUM_THREADS=1 so that BLAS does not add threads). */
static double cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double test_mse(const clm_net *net, const problem *pr) {
  if (!pr->Qte) return NAN;
  double perf = NAN;
  if (clm_perform(net, pr->Xte, pr->Tte, pr->Qte, &perf, NULL) != CLM_OK) return NAN;
  return perf;
}

static result run_arm(const problem *pr, int arm, uint64_t seed, double B, const clm_chaosparam *tuned,
                      double goal) {
  result res;
  memset(&res, 0, sizeof res);
  res.train_mse = INFINITY;
  res.test_mse = NAN;
  const cost_model cm = model_for(pr);
  const double t0 = cpu_seconds();
  clm_net *net = NULL, *best = NULL;
  size_t H = pr->H;
  if (clm_feedforwardnet(&net, 1, &H) != CLM_OK) exit(2);
  clm_net_set_divide(net, CLM_DIVIDETRAIN, 1, 0, 0);
  if (arm == MSU) clm_net_set_initfcn(net, CLM_RANDS);
  clm_trainparam p = clm_trainparam_default(NULL);
  p.goal = goal;
  p.show = 0;
  p.threads = 1;
  p.chaos = *tuned;
  const int chaos_arm = (arm == RS || arm == CI || arm == CE);
  if (chaos_arm) {
    p.chaos.init = 1;
    p.chaos.escape = 1;
    p.chaos.stream = arm == RS ? CLM_CHAOS_PRNG_UNIFORM : tuned->stream;
    if (arm == CI) p.chaos.max_escapes = 0;
    /* ce is A8, chaos init + escape: at least one escape per series even
     * though the calibrated default re-initialises at once */
    if (arm == CE && p.chaos.max_escapes == 0) p.chaos.max_escapes = 1;
    p.chaos.max_reinits = 1000000;
    /* one long run: its phases are bounded by the machine; the epochs cap
     * is what the budget pays for LM alone */
    double per_epoch = 1.0 + cm.cJ + cm.cF;
    double cap = B / per_epoch + 1;
    p.epochs = cap > 1e6 ? 1000000 : (size_t)cap;
  }
  window_cb wcb;
  for (uint64_t r = 0;; r++) {
    uint64_t s = r == 0 ? seed : mix64(seed * 1000003u + r);
    p.seed = s;
    if (clm_configure(net, pr->Xtr, pr->nin, pr->Ttr, pr->nout, pr->Qtr, s) != CLM_OK) exit(2);
    if (arm == NW1) {
      p.epochs = pr->a0_epochs;
    } else if (!chaos_arm) {
      memset(&wcb, 0, sizeof wcb);
      wcb.cap = tuned->window + 1;
      wcb.tol_rel = tuned->tol_rel;
      wcb.phase_epochs = tuned->phase_epochs;
      p.callback = window_fn;
      p.callback_user = &wcb;
      p.epochs = tuned->phase_epochs;
    }
    clm_record rec;
    clm_record_init(&rec);
    int st = clm_train(net, NULL, pr->Xtr, pr->Ttr, pr->Qtr, &p, &rec);
    if (st != CLM_OK) {
      fprintf(stderr, "clm_train: %s\n", clm_strerror(st));
      exit(2);
    }
    res.cost += record_cost(&rec, cm);
    res.chaos_evals += (double)rec.n_chaos_evals;
    res.escapes += (double)rec.n_escapes;
    res.accepted += (double)rec.n_escapes_accepted;
    res.restarts += (double)rec.n_reinits + (r > 0);
    double perf = NAN;
    clm_perform(net, pr->Xtr, pr->Ttr, pr->Qtr, &perf, NULL);
    if (perf < res.train_mse) {
      res.train_mse = perf;
      clm_net_free(best);
      clm_net_copy(net, &best);
    }
    clm_record_free(&rec);
    if (res.train_mse <= goal) {
      res.success = res.cost <= B;
      break;
    }
    if (arm == NW1 || chaos_arm || res.cost >= B) break;
  }
  if (best) res.test_mse = test_mse(best, pr);
  res.secs = cpu_seconds() - t0;
  clm_net_free(best);
  clm_net_free(net);
  return res;
}

/* ---------------------------------------------------------------------- */
/* Statistics */

static void wilson(int k, int n, double *lo, double *hi) {
  const double z = 1.959963984540054;
  if (n == 0) {
    *lo = 0;
    *hi = 1;
    return;
  }
  double ph = (double)k / n, d = 1 + z * z / n;
  double c = (ph + z * z / (2.0 * n)) / d;
  double h = z * sqrt(ph * (1 - ph) / n + z * z / (4.0 * n * n)) / d;
  *lo = fmax(0, c - h);
  *hi = fmin(1, c + h);
}

/* exact two-sided McNemar p-value from the discordant counts b, c */
static double mcnemar(int b, int c) {
  int n = b + c, k = b < c ? b : c;
  if (n == 0) return 1.0;
  double p = 0;
  for (int i = 0; i <= k; i++) p += exp(lgamma(n + 1.0) - lgamma(i + 1.0) - lgamma(n - i + 1.0) - n * log(2.0));
  return fmin(1.0, 2 * p);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, size_t n) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (!isnan(v[i])) v[m++] = v[i];
  if (!m) return NAN;
  qsort(v, m, sizeof *v, cmp_double);
  return m % 2 ? v[m / 2] : 0.5 * (v[m / 2 - 1] + v[m / 2]);
}

/* paired bootstrap of the ERT ratio of arm a over arm b (2000 resamples of
 * the seeds, counter-based draws: the same numbers every run); 95%
 * percentile interval.  A resample where both arms fail counts as ratio 1. */
static void ert_ratio_ci(const result *ra, const result *rb, size_t ns, double B, double *lo, double *hi) {
  enum { NB = 2000 };
  double *v = malloc(NB * sizeof *v);
  for (int b = 0; b < NB; b++) {
    double ca = 0, cb = 0;
    int ka = 0, kb = 0;
    for (size_t j = 0; j < ns; j++) {
      size_t s = (size_t)(mix64(0xb00757ull * 1000003u + (uint64_t)b * ns + j) % ns);
      ca += fmin(ra[s].cost, B);
      cb += fmin(rb[s].cost, B);
      ka += ra[s].success;
      kb += rb[s].success;
    }
    double ea = ka ? ca / ka : INFINITY, eb = kb ? cb / kb : INFINITY;
    double r = ea / eb;
    v[b] = isnan(r) ? 1.0 : r;
  }
  qsort(v, NB, sizeof *v, cmp_double);
  *lo = v[(int)(0.025 * NB)];
  *hi = v[(int)(0.975 * NB) - 1];
  free(v);
}

typedef struct comparison {
  const char *problem;
  int arm, k_ce, k_a;
  size_t ns;
  double p, p_holm, ratio, lo, hi, err_ce, err_a;
} comparison;

static int set_param(clm_chaosparam *c, const char *kv) {
  const char *eq = strchr(kv, '=');
  if (!eq) return 0;
  size_t n = (size_t)(eq - kv);
  const char *v = eq + 1;
  double x = strtod(v, NULL);
#define F(name) (n == strlen(#name) && !strncmp(kv, #name, n))
  if (F(stream)) {
    if (!strcmp(v, "raw")) c->stream = CLM_CHAOS_RAW;
    else if (!strcmp(v, "uniformised")) c->stream = CLM_CHAOS_UNIFORMISED;
    else if (!strcmp(v, "prng_uniform")) c->stream = CLM_CHAOS_PRNG_UNIFORM;
    else if (!strcmp(v, "prng_arcsine")) c->stream = CLM_CHAOS_PRNG_ARCSINE;
    else return 0;
  } else if (F(box)) {
    if (!strcmp(v, "unit")) c->box = CLM_CHAOS_BOX_UNIT;
    else if (!strcmp(v, "nw")) c->box = CLM_CHAOS_BOX_NW;
    else return 0;
  } else if (F(warmup)) c->warmup = (size_t)x;
  else if (F(searches)) c->searches = (size_t)x;
  else if (F(stages)) c->stages = (size_t)x;
  else if (F(shrink)) c->shrink = x;
  else if (F(init_evals)) c->init_evals = (size_t)x;
  else if (F(window)) c->window = (size_t)x;
  else if (F(tol_rel)) c->tol_rel = x;
  else if (F(phase_epochs)) c->phase_epochs = (size_t)x;
  else if (F(escape_stages)) c->escape_stages = (size_t)x;
  else if (F(escape_evals)) c->escape_evals = (size_t)x;
  else if (F(rho0)) c->rho0 = x;
  else if (F(rho_max)) c->rho_max = x;
  else if (F(w_max)) c->w_max = x;
  else if (F(tol_acc)) c->tol_acc = x;
  else if (F(max_escapes)) c->max_escapes = (size_t)x;
  else if (F(max_reinits)) c->max_reinits = (size_t)x;
  else return 0;
#undef F
  return 1;
}

int main(int argc, char **argv) {
  int quick = 0, threads = 2, calibrate = 0;
  size_t seeds = 100;
  const char *only = NULL, *csv = NULL, *datadir = NULL, *arms = NULL;
  /* the chaos parameters used by the chaos arms: the library defaults,
   * unless overridden by --set (calibration) */
  clm_chaosparam tuned = clm_chaosparam_default();
  int n_set = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--quick")) quick = 1;
    else if (!strcmp(argv[i], "--calibrate")) calibrate = 1;
    else if (!strcmp(argv[i], "--seeds") && i + 1 < argc) seeds = (size_t)atol(argv[++i]);
    else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    else if (!strcmp(argv[i], "--arms") && i + 1 < argc) arms = argv[++i];
    else if (!strcmp(argv[i], "--csv") && i + 1 < argc) csv = argv[++i];
    else if (!strcmp(argv[i], "--datadir") && i + 1 < argc) datadir = argv[++i];
    else if (!strcmp(argv[i], "--set") && i + 1 < argc && set_param(&tuned, argv[i + 1])) {
      i++;
      n_set++;
    } else {
      fprintf(stderr,
              "usage: %s [--quick] [--calibrate] [--seeds N] [--threads T] [--only NAME] [--arms a,b,..]\n"
              "       [--set field=value]... [--csv FILE] [--datadir DIR]\n",
              argv[0]);
      return 2;
    }
  }
  char msg[256];
  if (clm_chaosparam_check(&tuned, msg, sizeof msg) != CLM_OK) {
    fprintf(stderr, "--set: %s\n", msg);
    return 2;
  }
  int run_a[N_ARMS];
  for (int a = 0; a < N_ARMS; a++) {
    run_a[a] = 1;
    if (arms) {
      const char *q = strstr(arms, arm_name[a]);
      size_t l = strlen(arm_name[a]);
      run_a[a] = q && (q == arms || q[-1] == ',') && (q[l] == '\0' || q[l] == ',');
    }
  }
  if (quick && seeds == 100) seeds = 10;
  /* test seeds 1..N (the table); calibration seeds 1101..1100+N */
  const uint64_t seed0 = calibrate ? 1101 : 1;
  char dd[1024];
  if (!datadir) {
    const char *src = getenv("CLM_SRCDIR");
    snprintf(dd, sizeof dd, "%s/data", src ? src : ".");
    datadir = dd;
  }
  FILE *out = csv ? fopen(csv, "w") : NULL;
  if (out) fprintf(out, "problem,arm,seed,success,cost_fpe,secs,train_mse,test_mse,chaos_evals,escapes,accepted,restarts\n");

  problem probs[8];
  size_t np = 0;
  memset(probs, 0, sizeof probs);
  probs[np] = (problem){.name = "xor", .desc = "XOR 2-2-1", .goal = 1e-3, .a0_epochs = 1000, .budget_factor = 20, .quick = 1};
  parity(&probs[np++], 2, 2);
  probs[np] = (problem){.name = "parity3", .desc = "parity-3 3-3-1", .goal = 1e-3, .a0_epochs = 1000, .budget_factor = 20, .quick = 1};
  parity(&probs[np++], 3, 3);
  probs[np] = (problem){.name = "parity4", .desc = "parity-4 4-4-1", .goal = 1e-3, .a0_epochs = 1000, .budget_factor = 20};
  parity(&probs[np++], 4, 4);
  probs[np] = (problem){.name = "spirals", .desc = "two-spirals 2-12-1", .goal_from_cal = 1, .a0_epochs = 300, .budget_factor = 5, .max_seeds = 50};
  spirals(&probs[np++], 12);
  probs[np] = (problem){.name = "sin1d", .desc = "sin x + sin 10x/3, 1-4-1", .goal = 2e-3, .a0_epochs = 1000, .budget_factor = 20, .quick = 1};
  sin1d(&probs[np++], 4);
  probs[np] = (problem){.name = "mackey", .desc = "Mackey-Glass 4-5-1", .goal = 2e-5, .a0_epochs = 300, .budget_factor = 10};
  mackey_glass(&probs[np++], 5);
  probs[np] = (problem){.name = "boston", .desc = "boston housing 13-20-1 (301 weights)", .goal_from_cal = 1, .a0_epochs = 100, .budget_factor = 5, .max_seeds = 40};
  if (boston(&probs[np], datadir, 20)) np++;
  else printf("# boston: %s/boston_housing.csv not found, problem skipped\n", datadir);

  printf("# chaoslm bench_chaos: %s, %s seeds %llu..%llu, %d threads (runs in parallel, 1 thread each)\n",
         quick ? "quick" : "full", calibrate ? "CALIBRATION" : "test", (unsigned long long)seed0,
         (unsigned long long)(seed0 + seeds - 1), threads);
  printf("# chaos parameters: stream %d box %d K %zu S %zu gamma %g E_init %zu window %zu tol_rel %g L_phase %zu "
         "S_e %zu E_esc %zu rho0 %g rho_max %g w_max %g tol_acc %g max_escapes %zu (%d --set)\n",
         (int)tuned.stream, (int)tuned.box, tuned.searches, tuned.stages, tuned.shrink, tuned.init_evals,
         tuned.window, tuned.tol_rel, tuned.phase_epochs, tuned.escape_stages, tuned.escape_evals, tuned.rho0,
         tuned.rho_max, tuned.w_max, tuned.tol_acc, tuned.max_escapes, n_set);
  printf("# cost in forward-pass equivalents; B = budget_factor x median nw1 cost on budget seeds 1001-1020\n");
  comparison *comp = calloc(np * N_ARMS, sizeof *comp);
  size_t ncomp = 0;
  for (size_t ip = 0; ip < np; ip++) {
    problem *pr = &probs[ip];
    if (only && strcmp(only, pr->name)) continue;
    if (quick && !pr->quick) continue;
    size_t ns = seeds;
    if (pr->max_seeds && ns > pr->max_seeds) ns = pr->max_seeds;
    /* budget (and derived goal) from the budget seeds 1001-1020 */
    enum { NCAL = 20 };
    double cal[NCAL], calmse[NCAL];
    size_t ncal = quick ? 6 : NCAL;
    const double cal_goal = pr->goal_from_cal ? 0.0 : pr->goal;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (long i = 0; i < (long)ncal; i++) {
      result r = run_arm(pr, NW1, 1001 + (uint64_t)i, INFINITY, &tuned, cal_goal);
      cal[i] = r.cost;
      calmse[i] = r.train_mse;
    }
    double B = pr->budget_factor * median(cal, ncal);
    double goal = pr->goal_from_cal ? median(calmse, ncal) : pr->goal;
    if (pr->goal_from_cal) goal = strtod((snprintf(msg, sizeof msg, "%.3g", goal), msg), NULL); /* 3 digits */
    if (quick) B *= 0.5;
    printf("\n## %s: %s, P = %zu weights, %zu train / %zu test samples, goal train MSE <= %g%s, B = %.0f FPE, %zu seeds\n",
           pr->name, pr->desc, pr->H * (pr->nin + 1) + pr->nout * (pr->H + 1), pr->Qtr, pr->Qte, goal,
           pr->goal_from_cal ? " (median nw1 on the budget seeds)" : "", B, ns);
    result *res = calloc(N_ARMS * ns, sizeof *res);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1) collapse(2)
    for (long a = 0; a < N_ARMS; a++)
      for (long s = 0; s < (long)ns; s++)
        if (run_a[a]) res[a * ns + s] = run_arm(pr, (int)a, seed0 + (uint64_t)s, B, &tuned, goal);
    printf("| arm | success | 95%% CI | ERT (FPE) | ERT (s) | median train MSE | median test MSE | chaos evals | escapes (acc.) | restarts | McNemar p vs ce | ERT ce/arm [95%% CI] |\n");
    printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    double *tmp = malloc(ns * sizeof *tmp);
    double err[N_ARMS];
    int kk[N_ARMS];
    for (int a = 0; a < N_ARMS; a++) {
      if (!run_a[a]) continue;
      int k = 0, b = 0, c = 0;
      double cost = 0, secs = 0, ev = 0, esc = 0, acc = 0, rst = 0;
      for (size_t s = 0; s < ns; s++) {
        const result *r = &res[a * ns + s];
        k += r->success;
        cost += fmin(r->cost, B);
        secs += r->secs;
        ev += r->chaos_evals;
        esc += r->escapes;
        acc += r->accepted;
        rst += r->restarts;
        int ce = res[CE * ns + s].success;
        b += r->success && !ce;
        c += !r->success && ce;
        if (out)
          fprintf(out, "%s,%s,%llu,%d,%.6g,%.6g,%.6g,%.6g,%.0f,%.0f,%.0f,%.0f\n", pr->name, arm_name[a],
                  (unsigned long long)(seed0 + s), r->success, r->cost, r->secs, r->train_mse, r->test_mse,
                  r->chaos_evals, r->escapes, r->accepted, r->restarts);
      }
      double lo, hi;
      wilson(k, (int)ns, &lo, &hi);
      for (size_t s = 0; s < ns; s++) tmp[s] = res[a * ns + s].train_mse;
      double mtr = median(tmp, ns);
      for (size_t s = 0; s < ns; s++) tmp[s] = res[a * ns + s].test_mse;
      double mte = median(tmp, ns);
      err[a] = pr->Qte ? mte : mtr;
      kk[a] = k;
      char ert[32], erts[32], pv[32], te[32], rat[64];
      if (k) {
        snprintf(ert, sizeof ert, "%.0f", cost / k);
        snprintf(erts, sizeof erts, "%.3g", secs / k);
      } else {
        snprintf(ert, sizeof ert, "inf");
        snprintf(erts, sizeof erts, "inf");
      }
      double p = mcnemar(b, c);
      snprintf(pv, sizeof pv, "-");
      snprintf(rat, sizeof rat, "-");
      if (a != CE && run_a[CE]) {
        snprintf(pv, sizeof pv, "%.3g", p);
        double rlo, rhi;
        ert_ratio_ci(res + CE * ns, res + a * ns, ns, B, &rlo, &rhi);
        double ce_cost = 0;
        int kce = 0;
        for (size_t s = 0; s < ns; s++) {
          ce_cost += fmin(res[CE * ns + s].cost, B);
          kce += res[CE * ns + s].success;
        }
        double ratio = (kce ? ce_cost / kce : INFINITY) / (k ? cost / k : INFINITY);
        if (isnan(ratio)) ratio = 1.0;
        snprintf(rat, sizeof rat, "%.2f [%.2f, %.2f]", ratio, rlo, rhi);
        comparison *cm = &comp[ncomp++];
        cm->problem = pr->name;
        cm->arm = a;
        cm->k_a = k;
        cm->ns = ns;
        cm->p = p;
        cm->ratio = ratio;
        cm->lo = rlo;
        cm->hi = rhi;
        cm->err_a = err[a];
      }
      if (isnan(mte)) snprintf(te, sizeof te, "-");
      else snprintf(te, sizeof te, "%.4g", mte);
      printf("| %s | %d/%zu | [%.2f, %.2f] | %s | %s | %.3g | %s | %.0f | %.2f (%.2f) | %.2f | %s | %s |\n", arm_name[a],
             k, ns, lo, hi, ert, erts, mtr, te, ev / ns, esc / ns, acc / ns, rst / ns, pv, rat);
    }
    for (size_t j = 0; j < ncomp; j++)
      if (comp[j].problem == pr->name) {
        comp[j].k_ce = kk[CE];
        comp[j].err_ce = err[CE];
      }
    fflush(stdout);
    free(tmp);
    free(res);
  }
  if (ncomp) {
    /* Holm over all comparisons of this run */
    size_t *ord = malloc(ncomp * sizeof *ord);
    for (size_t j = 0; j < ncomp; j++) ord[j] = j;
    for (size_t j = 1; j < ncomp; j++)
      for (size_t l = j; l > 0 && comp[ord[l]].p < comp[ord[l - 1]].p; l--) {
        size_t t = ord[l];
        ord[l] = ord[l - 1];
        ord[l - 1] = t;
      }
    double run = 0;
    for (size_t j = 0; j < ncomp; j++) {
      double a = fmin(1.0, (double)(ncomp - j) * comp[ord[j]].p);
      run = fmax(run, a);
      comp[ord[j]].p_holm = run;
    }
    free(ord);
    printf("\n### Verdicts of section 7.8 (ce against each arm; Holm over %zu comparisons)\n", ncomp);
    printf("| problem | vs | success ce / arm | Holm p | ERT ce/arm [95%% CI] | error ce / arm | verdict |\n");
    printf("|---|---|---|---|---|---|---|\n");
    for (size_t j = 0; j < ncomp; j++) {
      const comparison *c = &comp[j];
      double d = (double)(c->k_ce - c->k_a) / (double)c->ns;
      int ce_a = (d >= 0.10 && c->p_holm < 0.05) || (c->ratio <= 0.75 && c->hi < 1.0);
      int ce_b = c->err_ce <= 1.05 * c->err_a || (isnan(c->err_a) && !isnan(c->err_ce));
      int a_a = (-d >= 0.10 && c->p_holm < 0.05) || (1.0 / c->ratio <= 0.75 && c->lo > 1.0);
      int a_b = c->err_a <= 1.05 * c->err_ce || (isnan(c->err_ce) && !isnan(c->err_a));
      const char *v = ce_a && ce_b ? "**win**" : a_a && a_b ? "**loss**" : "tie";
      printf("| %s | %s | %d / %d | %.3g | %.2f [%.2f, %.2f] | %.4g / %.4g | %s |\n", c->problem, arm_name[c->arm],
             c->k_ce, c->k_a, c->p_holm, c->ratio, c->lo, c->hi, c->err_ce, c->err_a, v);
    }
  }
  free(comp);
  if (out) fclose(out);
  for (size_t ip = 0; ip < np; ip++) {
    free(probs[ip].Xtr);
    free(probs[ip].Ttr);
    free(probs[ip].Xte);
    free(probs[ip].Tte);
  }
  return 0;
}
