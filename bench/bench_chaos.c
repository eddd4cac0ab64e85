/* chaoslm benchmark — escapes, restarts and chaotic starts for
 * Levenberg-Marquardt against one run and multistart at equal compute
 * (doc/chaos.md, "Benchmark").
 *
 * Arms (all train through clm_train / trainlm, so they share the LM code,
 * the stops, the normalisation and the float settings; every restarting
 * arm uses the library's stuck rule, chaos/stuck.c, with the same
 * parameters):
 *   nw1    initnw + trainlm, one run of up to `a0_epochs` epochs (A0);
 *   u1     the same from rands (uniform [-1,1]) (A1);
 *   c1     the same from the chaotic initialisation (--init chaos);
 *   msnw   initnw, restarted from a fresh initnw whenever a phase is
 *          stuck, until the budget is spent (A2);
 *   msu    the same with rands restarts (A3);
 *   rs     the best of E_init uniform PRNG draws in the init box, LM,
 *          restart from a fresh such search when stuck (A5);
 *   ci     the same with the chaotic streams (A7);
 *   ce     ci plus `max_escapes` (at least 1) chaotic searches around the
 *          incumbent before each fresh start (A8);
 *   wc     ci whose escapes are weight compressions (LM-WC, A4, from a
 *          chaotic start), `wc_escapes` per series;
 *   wcc    wc with chaotic per-neuron compression targets;
 *   cin    initnw first, fresh starts from chaotic searches (no escapes);
 *   wcn    initnw first, `wc_escapes` weight compressions per series,
 *          fresh starts from chaotic searches;
 *   race   the race: K LM runs from the K chaotic searches' bests advance
 *          together, the worse half dropped at doubling epoch milestones
 *          (chaos/race.c), then a fresh race.
 *
 * Budget and cost.  Cost is counted in forward-pass equivalents (FPE) from
 * the training record with a flop model for a net with P weights, m outputs
 * and Q training samples: one forward pass (n_forward, and every chaotic
 * candidate or compression pass, n_chaos_evals) = 1; one J'J/J'e
 * accumulation (n_jacobian) = m (P + 4) / 2 (Q m P^2 syrk flops plus
 * backpropagation over 2 Q P); one Cholesky factorisation (n_factor) =
 * (P^2/3 + P) / (2 Q).  Wall time per run is reported as a second
 * currency.  The budget B of a problem is `budget_factor` x the median cost
 * of one nw1 run on the 20 budget seeds 1001-1020.  A run succeeds if its
 * training MSE reaches the goal with cost <= B.
 *
 * Metrics per problem and arm: successes with a Wilson 95% interval; ERT =
 * (sum over seeds of the cost spent, censored at B) / successes, in FPE and
 * seconds; median final training and test MSE (test: held-out samples,
 * where the problem has them); mean chaotic evaluations, escapes tried and
 * accepted, fresh starts.
 *
 * Seeds.  Four disjoint sets: the budget (and derived goal) seeds
 * 1001-1020; the calibration seeds 1101..1100+N (--calibrate), the only
 * seeds on which parameters were tuned; the test seeds 3001..3000+N (the
 * default), fresh for this benchmark; --seed0 S runs S..S+N-1 (the
 * earlier report used 1..100).  Problems without a reachable literature
 * goal (two-spirals, boston, peaks) take goal = the median final training
 * MSE of nw1 runs without a goal on the budget seeds, so that one NW-LM
 * run reaches it about half the time.
 *
 * Verdicts (printed after the tables).  Against the best reference (the
 * lowest ERT among nw1, u1 and msnw on that problem), an arm
 *   wins  if its ERT is >= 25% lower with the paired-bootstrap 95% CI of
 *         the ERT ratio (2000 resamples of the seeds) below 1, and its
 *         median test MSE (train MSE where there is no test set) is at most
 *         1.05 x the reference's (doc/chaos.md, "Benchmark");
 *   loses if the reference wins against it by the same rule;
 *   is "worse" if the CI of its ratio lies above 1 without being a loss,
 *   "better" if it lies below 1 without being a win; otherwise a tie.
 * The McNemar p of the paired successes (exact, two-sided, Holm-adjusted
 * over all comparisons of the run) is printed with it.
 *
 * Usage: bench_chaos [--quick] [--calibrate] [--seeds N] [--seed0 S]
 *                    [--threads T] [--only a,b,..] [--arms a,b,..]
 *                    [--set field=value]... [--csv FILE] [--datadir DIR]
 * --set overrides a clm_chaosparam field for every restarting arm (the
 * stuck rule is shared), e.g. --set horizon=4 --set escape_evals=40, or
 * one of the bench's own settings: wc_escapes (compressions per series of
 * wc / wcc), race (K), race_epochs (first milestone), race_keep.
 * The data directory defaults to $CLM_SRCDIR/data (boston_housing.csv);
 * the problem is skipped (and said so) when the file is missing.  Progress
 * goes to stderr.
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
#include "bench_util.h"

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
  int easy;         /* an easy problem: the target asks for no loss there */
} problem;

enum { NW1 = 0, U1, C1, MSNW, MSU, RS, CI, CE, WC, WCC, CIN, WCN, RACE, N_ARMS };
static const char *arm_name[N_ARMS] = {"nw1", "u1", "c1", "msnw", "msu", "rs", "ci",
                                       "ce", "wc", "wcc", "cin", "wcn", "race"};
/* the references of the target: one NW run, one rands run, NW multistart */
static const int is_ref[N_ARMS] = {1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};

/* settings of the bench itself (--set) */
typedef struct bench_set {
  size_t wc_escapes;  /* compressions per series of wc / wcc */
  size_t race, race_epochs;
  double race_keep;
} bench_set;

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

/* A function of two inputs sampled on an n x n grid over [lo, hi]^2. */
static void grid2d(problem *pr, size_t H, size_t n, double lo, double hi, double (*f)(double, double)) {
  pr->nin = 2;
  pr->nout = 1;
  pr->Qtr = n * n;
  pr->H = H;
  pr->Xtr = xmalloc(2 * n * n);
  pr->Ttr = xmalloc(n * n);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++) {
      size_t q = i * n + j;
      double x = lo + (hi - lo) * (double)j / (double)(n - 1);
      double y = lo + (hi - lo) * (double)i / (double)(n - 1);
      pr->Xtr[2 * q] = x;
      pr->Xtr[2 * q + 1] = y;
      pr->Ttr[q] = f(x, y);
    }
}

/* a standing 2-D wave: three periods along each axis of [-1,1]^2 */
static double wave_fn(double x, double y) { return sin(3.0 * M_PI * x) * sin(3.0 * M_PI * y); }

/* MATLAB's peaks */
static double peaks_fn(double x, double y) {
  return 3.0 * (1 - x) * (1 - x) * exp(-x * x - (y + 1) * (y + 1)) -
         10.0 * (x / 5.0 - x * x * x - pow(y, 5)) * exp(-x * x - y * y) -
         exp(-(x + 1) * (x + 1) - y * y) / 3.0;
}

static void henon(problem *pr, size_t H) {
  /* Henon map x_{n+1} = 1 - 1.4 x_n^2 + y_n, y_{n+1} = 0.3 x_n from
   * (0, 0), the first 100 iterates dropped: predict x_{n+1} from
   * (x_{n-1}, x_n); 500 training then 500 test samples */
  enum { DROP = 100, N = 1000 };
  double *x = xmalloc(DROP + N + 2);
  double xs = 0.0, ys = 0.0;
  for (int n = 0; n < DROP + N + 2; n++) {
    x[n] = xs;
    double xn = 1.0 - 1.4 * xs * xs + ys;
    ys = 0.3 * xs;
    xs = xn;
  }
  pr->nin = 2;
  pr->nout = 1;
  pr->Qtr = N / 2;
  pr->Qte = N / 2;
  pr->H = H;
  pr->Xtr = xmalloc(N);
  pr->Ttr = xmalloc(N / 2);
  pr->Xte = xmalloc(N);
  pr->Tte = xmalloc(N / 2);
  for (int j = 0; j < N; j++) {
    int n = DROP + j + 1;
    double *X = j < N / 2 ? pr->Xtr + 2 * j : pr->Xte + 2 * (j - N / 2);
    double *T = j < N / 2 ? pr->Ttr + j : pr->Tte + (j - N / 2);
    X[0] = x[n - 1];
    X[1] = x[n];
    *T = x[n + 1];
  }
  free(x);
}

static void sinfit(problem *pr, size_t H) {
  /* bench_train's and the README example's: t = sin(2 pi x) + 0.5 x^2 on
   * 200 points of [-1, 1] */
  pr->nin = 1;
  pr->nout = 1;
  pr->Qtr = 200;
  pr->H = H;
  pr->Xtr = xmalloc(200);
  pr->Ttr = xmalloc(200);
  for (int q = 0; q < 200; q++) {
    double x = -1.0 + 2.0 * q / 199.0;
    pr->Xtr[q] = x;
    pr->Ttr[q] = sin(2.0 * M_PI * x) + 0.5 * x * x;
  }
}

static void wide(problem *pr, size_t H) {
  /* bench_train's "wide": 8 inputs uniform on [-1,1] (xorshift64* from the
   * same state), s = sum x_i / sqrt 8, t1 = sin 2s + 0.3 x1 x2,
   * t2 = tanh(x8 - x1) + 0.2 cos 3 x2; 2000 samples */
  const size_t R = 8, Q = 2000;
  uint64_t st = 0x9E3779B97F4A7C15ULL;
  pr->nin = R;
  pr->nout = 2;
  pr->Qtr = Q;
  pr->H = H;
  pr->Xtr = xmalloc(R * Q);
  pr->Ttr = xmalloc(2 * Q);
  for (size_t q = 0; q < Q; q++) {
    double *x = pr->Xtr + q * R, s = 0;
    for (size_t i = 0; i < R; i++) {
      x[i] = 2.0 * xorshift_uniform(&st) - 1.0;
      s += x[i];
    }
    s /= sqrt((double)R);
    pr->Ttr[2 * q] = sin(2 * s) + 0.3 * x[0] * x[1];
    pr->Ttr[2 * q + 1] = tanh(x[R - 1] - x[0]) + 0.2 * cos(3 * x[1]);
  }
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

static size_t n_weights(const problem *pr) { return pr->H * (pr->nin + 1) + pr->nout * (pr->H + 1); }

static cost_model model_for(const problem *pr) {
  double P = (double)n_weights(pr);
  double m = (double)pr->nout, Q = (double)pr->Qtr;
  cost_model c = {m * (P + 4.0) / 2.0, (P * P / 3.0 + P) / (2.0 * Q)};
  return c;
}

static double record_cost(const clm_record *r, cost_model c) {
  return (double)(r->n_forward + r->n_chaos_evals) + c.cJ * (double)r->n_jacobian +
         c.cF * (double)r->n_factor;
}

static double test_mse(const clm_net *net, const problem *pr) {
  if (!pr->Qte) return NAN;
  double perf = NAN;
  if (clm_perform(net, pr->Xte, pr->Tte, pr->Qte, &perf, NULL) != CLM_OK) return NAN;
  return perf;
}

/* The training parameters of an arm: one run (nw1, u1) or one long run
 * whose phases restart / escape inside the library until the epoch cap
 * that the budget B pays for. */
static clm_trainparam arm_param(const problem *pr, int arm, double B, const clm_chaosparam *tuned,
                                const bench_set *bs, double goal) {
  const cost_model cm = model_for(pr);
  clm_trainparam p = clm_trainparam_default(NULL);
  p.goal = goal;
  p.show = 0;
  p.threads = 1;
  p.time = 600.0; /* a safety limit per run; never reached in the reported runs */
  p.chaos = *tuned;
  p.chaos.init = 0;
  p.chaos.escape = 0;
  if (arm == NW1 || arm == U1 || arm == C1) {
    p.epochs = pr->a0_epochs;
    p.chaos.init = arm == C1;
    return p;
  }
  /* the cheapest LM epoch is one J'J, one factorisation and one forward
   * pass, so a run within B never needs more epochs than this */
  double per_epoch = 1.0 + cm.cJ + cm.cF;
  double cap = B / per_epoch + 1;
  p.epochs = cap > 1e6 ? 1000000 : (size_t)cap;
  p.chaos.escape = 1;
  p.chaos.max_reinits = 1000000;
  p.chaos.init = arm != MSNW && arm != MSU && arm != CIN && arm != WCN;
  if (arm == CIN || arm == WCN) p.chaos.reinit = CLM_REINIT_CHAOS;
  if (arm == MSNW || arm == MSU || arm == RS || arm == CI || arm == CIN) p.chaos.max_escapes = 0;
  if (arm == RS) p.chaos.stream = CLM_CHAOS_PRNG_UNIFORM;
  if (arm == CE) {
    p.chaos.escape_mode = CLM_ESCAPE_SEARCH;
    if (p.chaos.max_escapes == 0) p.chaos.max_escapes = 1;
  }
  if (arm == WC || arm == WCC || arm == WCN) {
    p.chaos.escape_mode = arm == WCC ? CLM_ESCAPE_CHAOS_COMPRESS : CLM_ESCAPE_COMPRESS;
    p.chaos.max_escapes = bs->wc_escapes;
  }
  if (arm == RACE) {
    p.chaos.race = bs->race;
    p.chaos.race_epochs = bs->race_epochs;
    p.chaos.race_keep = bs->race_keep;
  }
  return p;
}

static result run_arm(const problem *pr, int arm, uint64_t seed, double B, const clm_chaosparam *tuned,
                      const bench_set *bs, double goal) {
  result res;
  memset(&res, 0, sizeof res);
  res.train_mse = INFINITY;
  res.test_mse = NAN;
  const cost_model cm = model_for(pr);
  const double t0 = bench_now();
  clm_net *net = NULL;
  size_t H = pr->H;
  if (clm_feedforwardnet(&net, 1, &H) != CLM_OK) exit(2);
  clm_net_set_divide(net, CLM_DIVIDETRAIN, 1, 0, 0);
  if (arm == U1 || arm == MSU) clm_net_set_initfcn(net, CLM_RANDS);
  clm_trainparam p = arm_param(pr, arm, B, tuned, bs, goal);
  p.seed = seed;
  if (clm_configure(net, pr->Xtr, pr->nin, pr->Ttr, pr->nout, pr->Qtr, seed) != CLM_OK) exit(2);
  clm_record rec;
  clm_record_init(&rec);
  int st = clm_train(net, NULL, pr->Xtr, pr->Ttr, pr->Qtr, &p, &rec);
  if (st != CLM_OK) {
    fprintf(stderr, "clm_train (%s, %s, seed %llu): %s\n", pr->name, arm_name[arm], (unsigned long long)seed,
            clm_strerror(st));
    exit(2);
  }
  res.cost = record_cost(&rec, cm);
  res.chaos_evals = (double)rec.n_chaos_evals;
  res.escapes = (double)rec.n_escapes;
  res.accepted = (double)rec.n_escapes_accepted;
  res.restarts = (double)rec.n_reinits;
  double perf = NAN;
  clm_perform(net, pr->Xtr, pr->Ttr, pr->Qtr, &perf, NULL);
  res.train_mse = perf;
  res.success = perf <= goal && res.cost <= B;
  res.test_mse = test_mse(net, pr);
  clm_record_free(&rec);
  res.secs = bench_now() - t0;
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
  int arm, ref, k_x, k_ref, easy;
  size_t ns;
  double p, p_holm, ratio, lo, hi, err_x, err_ref;
} comparison;

static int set_param(clm_chaosparam *c, bench_set *bs, const char *kv) {
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
  else if (F(horizon)) c->horizon = x;
  else if (F(escape_stages)) c->escape_stages = (size_t)x;
  else if (F(escape_evals)) c->escape_evals = (size_t)x;
  else if (F(rho0)) c->rho0 = x;
  else if (F(rho_max)) c->rho_max = x;
  else if (F(w_max)) c->w_max = x;
  else if (F(tol_acc)) c->tol_acc = x;
  else if (F(wc_omega)) c->wc_omega = x;
  else if (F(wc_rho)) c->wc_rho = x;
  else if (F(wc_spread)) c->wc_spread = x;
  else if (F(max_escapes)) c->max_escapes = (size_t)x;
  else if (F(max_reinits)) c->max_reinits = (size_t)x;
  else if (F(wc_escapes)) bs->wc_escapes = (size_t)x;
  else if (F(race)) bs->race = (size_t)x;
  else if (F(race_epochs)) bs->race_epochs = (size_t)x;
  else if (F(race_keep)) bs->race_keep = x;
  else return 0;
#undef F
  return 1;
}

/* 1 when `name` is an element of the comma-separated list (NULL: all) */
static int in_list(const char *list, const char *name) {
  if (!list) return 1;
  size_t l = strlen(name);
  for (const char *q = list; (q = strstr(q, name)) != NULL; q++)
    if ((q == list || q[-1] == ',') && (q[l] == '\0' || q[l] == ',')) return 1;
  return 0;
}

static void free_problem(problem *p) {
  free(p->Xtr);
  free(p->Ttr);
  free(p->Xte);
  free(p->Tte);
}

int main(int argc, char **argv) {
  int quick = 0, threads = 2, calibrate = 0;
  size_t seeds = 100;
  long long seed0_opt = -1;
  const char *only = NULL, *csv = NULL, *datadir = NULL, *arms = NULL;
  /* the chaos parameters of every restarting arm: the library defaults,
   * unless overridden by --set (calibration) */
  clm_chaosparam tuned = clm_chaosparam_default();
  clm_chaosparam lib = clm_chaosparam_default();
  /* wc_escapes and race K: calibrated on the calibration seeds (doc/chaos.md) */
  bench_set bs = {1, 3, lib.race_epochs, lib.race_keep};
  int n_set = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--quick")) quick = 1;
    else if (!strcmp(argv[i], "--calibrate")) calibrate = 1;
    else if (!strcmp(argv[i], "--seeds") && i + 1 < argc) seeds = (size_t)atol(argv[++i]);
    else if (!strcmp(argv[i], "--seed0") && i + 1 < argc) seed0_opt = atoll(argv[++i]);
    else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    else if (!strcmp(argv[i], "--arms") && i + 1 < argc) arms = argv[++i];
    else if (!strcmp(argv[i], "--csv") && i + 1 < argc) csv = argv[++i];
    else if (!strcmp(argv[i], "--datadir") && i + 1 < argc) datadir = argv[++i];
    else if (!strcmp(argv[i], "--set") && i + 1 < argc && set_param(&tuned, &bs, argv[i + 1])) {
      i++;
      n_set++;
    } else {
      fprintf(stderr,
              "usage: %s [--quick] [--calibrate] [--seeds N] [--seed0 S] [--threads T] [--only a,b,..]\n"
              "       [--arms a,b,..] [--set field=value]... [--csv FILE] [--datadir DIR]\n",
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
  for (int a = 0; a < N_ARMS; a++) run_a[a] = in_list(arms, arm_name[a]);
  if (quick && seeds == 100) seeds = 10;
  /* test seeds 3001..3000+N (the table); calibration seeds 1101..1100+N */
  const uint64_t seed0 = seed0_opt >= 0 ? (uint64_t)seed0_opt : calibrate ? 1101 : 3001;
  char dd[1024];
  if (!datadir) {
    const char *src = getenv("CLM_SRCDIR");
    snprintf(dd, sizeof dd, "%s/data", src ? src : ".");
    datadir = dd;
  }
  FILE *out = csv ? fopen(csv, "w") : NULL;
  if (out)
    fprintf(out, "problem,arm,seed,success,cost_fpe,secs,train_mse,test_mse,chaos_evals,escapes,accepted,restarts\n");

  problem probs[16];
  size_t np = 0;
  memset(probs, 0, sizeof probs);
  probs[np] = (problem){.name = "xor", .desc = "XOR 2-2-1", .goal = 1e-3, .a0_epochs = 1000, .budget_factor = 20, .quick = 1};
  parity(&probs[np++], 2, 2);
  probs[np] = (problem){.name = "parity3", .desc = "parity-3 3-3-1", .goal = 1e-3, .a0_epochs = 1000, .budget_factor = 20, .quick = 1};
  parity(&probs[np++], 3, 3);
  probs[np] = (problem){.name = "parity4", .desc = "parity-4 4-4-1", .goal = 1e-3, .a0_epochs = 1000, .budget_factor = 20};
  parity(&probs[np++], 4, 4);
  probs[np] = (problem){.name = "parity5", .desc = "parity-5 5-5-1", .goal = 1e-3, .a0_epochs = 1000, .budget_factor = 20};
  parity(&probs[np++], 5, 5);
  probs[np] = (problem){.name = "spirals", .desc = "two-spirals 2-12-1", .goal_from_cal = 1, .a0_epochs = 300, .budget_factor = 5, .max_seeds = 20};
  spirals(&probs[np++], 12);
  probs[np] = (problem){.name = "sin1d", .desc = "sin x + sin 10x/3, 1-4-1", .goal = 2e-3, .a0_epochs = 1000, .budget_factor = 20, .quick = 1};
  sin1d(&probs[np++], 4);
  probs[np] = (problem){.name = "wave2d", .desc = "sin 3pi x sin 3pi y on a 21x21 grid, 2-25-1", .goal = 1e-4, .a0_epochs = 1000, .budget_factor = 10, .max_seeds = 30};
  grid2d(&probs[np++], 25, 21, -1.0, 1.0, wave_fn);
  probs[np] = (problem){.name = "peaks", .desc = "MATLAB peaks on a 30x30 grid of [-3,3]^2, 2-20-1", .goal_from_cal = 1, .a0_epochs = 500, .budget_factor = 5, .max_seeds = 20};
  grid2d(&probs[np++], 20, 30, -3.0, 3.0, peaks_fn);
  probs[np] = (problem){.name = "henon", .desc = "Henon map x(n+1) from x(n-1), x(n), 2-5-1", .goal = 1e-8, .a0_epochs = 1000, .budget_factor = 10};
  henon(&probs[np++], 5);
  probs[np] = (problem){.name = "mackey", .desc = "Mackey-Glass 4-5-1", .goal = 2e-5, .a0_epochs = 300, .budget_factor = 10};
  mackey_glass(&probs[np++], 5);
  probs[np] = (problem){.name = "sinfit", .desc = "sin 2pi x + x^2/2, 1-10-1 (easy)", .goal = 1e-6, .a0_epochs = 1000, .budget_factor = 20, .quick = 1, .easy = 1};
  sinfit(&probs[np++], 10);
  probs[np] = (problem){.name = "wide", .desc = "bench_train's wide, 8-40-2, 2000 samples (easy)", .goal = 1e-5, .a0_epochs = 300, .budget_factor = 5, .max_seeds = 12, .easy = 1};
  wide(&probs[np++], 40);
  probs[np] = (problem){.name = "boston", .desc = "boston housing 13-20-1 (301 weights)", .goal_from_cal = 1, .a0_epochs = 100, .budget_factor = 5, .max_seeds = 20};
  if (boston(&probs[np], datadir, 20)) np++;
  else printf("# boston: %s/boston_housing.csv not found, problem skipped\n", datadir);

  printf("# chaoslm bench_chaos: %s, %s seeds %llu..%llu, %d threads (runs in parallel, 1 thread each)\n",
         quick ? "quick" : "full", calibrate ? "CALIBRATION" : "test", (unsigned long long)seed0,
         (unsigned long long)(seed0 + seeds - 1), threads);
  printf("# stuck rule: window %zu tol_rel %g horizon %g phase_epochs %zu; init: stream %d box %d K %zu S %zu "
         "gamma %g E_init %zu\n",
         tuned.window, tuned.tol_rel, tuned.horizon, tuned.phase_epochs, (int)tuned.stream, (int)tuned.box,
         tuned.searches, tuned.stages, tuned.shrink, tuned.init_evals);
  printf("# escapes: ce %zu per series (S_e %zu E_esc %zu rho0 %g rho_max %g w_max %g tol_acc %g); wc/wcc %zu per "
         "series (omega %g rho %g spread %g); race K %zu milestone %zu keep %g (%d --set)\n",
         tuned.max_escapes ? tuned.max_escapes : 1, tuned.escape_stages, tuned.escape_evals, tuned.rho0,
         tuned.rho_max, tuned.w_max, tuned.tol_acc, bs.wc_escapes, tuned.wc_omega, tuned.wc_rho, tuned.wc_spread,
         bs.race, bs.race_epochs, bs.race_keep, n_set);
  printf("# cost in forward-pass equivalents; B = budget_factor x median nw1 cost on budget seeds 1001-1020\n");
  comparison *comp = calloc(np * N_ARMS, sizeof *comp);
  size_t ncomp = 0;
  for (size_t ip = 0; ip < np; ip++) {
    problem *pr = &probs[ip];
    if (!in_list(only, pr->name)) continue;
    if (quick && !pr->quick) continue;
    size_t ns = seeds;
    if (pr->max_seeds && ns > pr->max_seeds) ns = pr->max_seeds;
    const double tp = bench_now();
    /* budget (and derived goal) from the budget seeds 1001-1020 */
    enum { NCAL = 20 };
    double cal[NCAL], calmse[NCAL];
    size_t ncal = quick ? 6 : NCAL;
    const double cal_goal = pr->goal_from_cal ? 0.0 : pr->goal;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (long i = 0; i < (long)ncal; i++) {
      result r = run_arm(pr, NW1, 1001 + (uint64_t)i, INFINITY, &tuned, &bs, cal_goal);
      cal[i] = r.cost;
      calmse[i] = r.train_mse;
    }
    double B = pr->budget_factor * median(cal, ncal);
    double goal = pr->goal_from_cal ? median(calmse, ncal) : pr->goal;
    if (pr->goal_from_cal) goal = strtod((snprintf(msg, sizeof msg, "%.3g", goal), msg), NULL); /* 3 digits */
    if (quick) B *= 0.5;
    printf("\n## %s: %s, P = %zu weights, %zu train / %zu test samples, goal train MSE <= %g%s, B = %.0f FPE, %zu seeds\n",
           pr->name, pr->desc, n_weights(pr), pr->Qtr, pr->Qte, goal,
           pr->goal_from_cal ? " (median nw1 on the budget seeds)" : "", B, ns);
    fflush(stdout);
    result *res = calloc(N_ARMS * ns, sizeof *res);
    long done = 0, total = 0;
    for (int a = 0; a < N_ARMS; a++) total += run_a[a] ? (long)ns : 0;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1) collapse(2)
    for (long a = 0; a < N_ARMS; a++)
      for (long s = 0; s < (long)ns; s++)
        if (run_a[a]) {
          res[a * ns + s] = run_arm(pr, (int)a, seed0 + (uint64_t)s, B, &tuned, &bs, goal);
#pragma omp critical
          {
            done++;
            if (done % 25 == 0 || done == total)
              fprintf(stderr, "# %s: %ld/%ld runs, %.0f s\n", pr->name, done, total, bench_now() - tp);
          }
        }
    /* the best reference: lowest ERT among nw1, u1, msnw */
    double ert[N_ARMS], err[N_ARMS];
    int kk[N_ARMS];
    double *tmp = malloc(ns * sizeof *tmp);
    int best_ref = -1;
    for (int a = 0; a < N_ARMS; a++) {
      ert[a] = INFINITY;
      err[a] = NAN;
      kk[a] = 0;
      if (!run_a[a]) continue;
      double cost = 0;
      for (size_t s = 0; s < ns; s++) {
        kk[a] += res[a * ns + s].success;
        cost += fmin(res[a * ns + s].cost, B);
      }
      ert[a] = kk[a] ? cost / kk[a] : INFINITY;
      for (size_t s = 0; s < ns; s++) tmp[s] = pr->Qte ? res[a * ns + s].test_mse : res[a * ns + s].train_mse;
      err[a] = median(tmp, ns);
      if (is_ref[a] && (best_ref < 0 || ert[a] < ert[best_ref])) best_ref = a;
    }
    printf("| arm | success | 95%% CI | ERT (FPE) | ERT (s) | median train MSE | median test MSE | chaos evals | "
           "escapes (acc.) | restarts | McNemar p vs %s | ERT arm/%s [95%% CI] |\n",
           best_ref >= 0 ? arm_name[best_ref] : "ref", best_ref >= 0 ? arm_name[best_ref] : "ref");
    printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int a = 0; a < N_ARMS; a++) {
      if (!run_a[a]) continue;
      int k = 0, b = 0, c = 0;
      double secs = 0, ev = 0, esc = 0, acc = 0, rst = 0;
      for (size_t s = 0; s < ns; s++) {
        const result *r = &res[a * ns + s];
        k += r->success;
        secs += r->secs;
        ev += r->chaos_evals;
        esc += r->escapes;
        acc += r->accepted;
        rst += r->restarts;
        if (best_ref >= 0) {
          int ref = res[best_ref * ns + s].success;
          b += r->success && !ref;
          c += !r->success && ref;
        }
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
      char erts[32], pv[32], te[32], rat[64], ertf[32];
      if (k) {
        snprintf(ertf, sizeof ertf, "%.0f", ert[a]);
        snprintf(erts, sizeof erts, "%.3g", secs / k);
      } else {
        snprintf(ertf, sizeof ertf, "inf");
        snprintf(erts, sizeof erts, "inf");
      }
      snprintf(pv, sizeof pv, "-");
      snprintf(rat, sizeof rat, "-");
      if (best_ref >= 0 && a != best_ref) {
        double p = mcnemar(b, c), rlo, rhi;
        snprintf(pv, sizeof pv, "%.3g", p);
        ert_ratio_ci(res + a * ns, res + best_ref * ns, ns, B, &rlo, &rhi);
        double ratio = ert[a] / ert[best_ref];
        if (isnan(ratio)) ratio = 1.0;
        snprintf(rat, sizeof rat, "%.2f [%.2f, %.2f]", ratio, rlo, rhi);
        if (!is_ref[a]) {
          comparison *cm = &comp[ncomp++];
          cm->problem = pr->name;
          cm->arm = a;
          cm->ref = best_ref;
          cm->k_x = k;
          cm->k_ref = kk[best_ref];
          cm->easy = pr->easy;
          cm->ns = ns;
          cm->p = p;
          cm->ratio = ratio;
          cm->lo = rlo;
          cm->hi = rhi;
          cm->err_x = err[a];
          cm->err_ref = err[best_ref];
        }
      }
      if (isnan(mte)) snprintf(te, sizeof te, "-");
      else snprintf(te, sizeof te, "%.4g", mte);
      printf("| %s | %d/%zu | [%.2f, %.2f] | %s | %s | %.3g | %s | %.0f | %.2f (%.2f) | %.2f | %s | %s |\n", arm_name[a],
             k, ns, lo, hi, ertf, erts, mtr, te, ev / ns, esc / ns, acc / ns, rst / ns, pv, rat);
    }
    printf("(%.0f s wall)\n", bench_now() - tp);
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
    printf("\n### Verdicts against the best reference (lowest ERT of nw1, u1, msnw; Holm over %zu comparisons)\n", ncomp);
    printf("| problem | arm | vs | success arm / ref | Holm p | ERT arm/ref [95%% CI] | error arm / ref | verdict |\n");
    printf("|---|---|---|---|---|---|---|---|\n");
    int wins[N_ARMS] = {0}, easy_bad[N_ARMS] = {0};
    for (size_t j = 0; j < ncomp; j++) {
      const comparison *c = &comp[j];
      int x_b = c->err_x <= 1.05 * c->err_ref;
      int r_b = c->err_ref <= 1.05 * c->err_x;
      int win = c->ratio <= 0.75 && c->hi < 1.0 && x_b;
      int loss = 1.0 / c->ratio <= 0.75 && c->lo > 1.0 && r_b;
      const char *v = win ? "**win**" : loss ? "**loss**" : c->lo > 1.0 ? "worse" : c->hi < 1.0 ? "better" : "tie";
      if (win && !c->easy) wins[c->arm]++;
      if (c->easy && (loss || c->lo > 1.0)) easy_bad[c->arm]++;
      printf("| %s%s | %s | %s | %d / %d | %.3g | %.2f [%.2f, %.2f] | %.4g / %.4g | %s |\n", c->problem,
             c->easy ? " (easy)" : "", arm_name[c->arm], arm_name[c->ref], c->k_x, c->k_ref, c->p_holm, c->ratio,
             c->lo, c->hi, c->err_x, c->err_ref, v);
    }
    printf("\n### Target: wins on hard problems, worse-or-loss on easy ones\n| arm | hard wins | easy worse/loss |\n|---|---|---|\n");
    for (int a = 0; a < N_ARMS; a++)
      if (run_a[a] && !is_ref[a]) printf("| %s | %d | %d |\n", arm_name[a], wins[a], easy_bad[a]);
  }
  free(comp);
  if (out) fclose(out);
  for (size_t ip = 0; ip < np; ip++) free_problem(&probs[ip]);
  return 0;
}
