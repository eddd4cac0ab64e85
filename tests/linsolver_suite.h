/* chaoslm tests — the linear-solver conformance suite (header-only body).
 *
 * suite_run(t) checks one backend table against an independent, naive
 * reference computed here in long double:
 *   - JJ = J'J (upper triangle, via get_jj), JE = J'e and diag(JJ) from end()
 *     for a manufactured J delivered in uneven row blocks;
 *   - the same rows in one block or in many blocks give the same JJ/JE;
 *   - begin() restarts the accumulation;
 *   - factor+solve of (scale*JJ + mu*I) x = b against a known x (b = A x),
 *     within 1e-9 relative, for several mu on one accumulation (factor
 *     reuse), several right-hand sides per factor, and aliased b/x;
 *   - not positive definite: a zero column of J with mu = 0 (an exact zero
 *     pivot) gives CLM_ENOTPD, then mu > 0 succeeds; an indefinite JJ set
 *     with set_jj gives CLM_ENOTPD at mu = 0 and succeeds past its most
 *     negative eigenvalue;
 *   - trace_inv (trainbr's trace of (scale*JJ + mu*I)^-1) against the trace
 *     of an explicit inverse by Gauss-Jordan elimination in long double,
 *     within 1e-10, at P = 37 and P = 150 (the CPU backend's blocked kernel),
 *     JJ intact afterwards (a factor and solve follow); CLM_ENOTPD for an
 *     indefinite matrix; a matrix whose rcond is below eps (factor refuses
 *     it) still has its trace;
 *   - bad requests: P = 0, a block of the wrong width.
 * Every line names the backend and the problem.  Included by the CPU
 * program (tests/test_linsolver.c) and the GPU program
 * (tests/test_linsolver_gpu.c).  GPL-3.0-or-later. */
#ifndef CLM_TESTS_LINSOLVER_SUITE_H
#define CLM_TESTS_LINSOLVER_SUITE_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "chaoslm.h"
#include "linsolver.h"
#include "tap.h"
#include "test_rng.h"

/* splitmix64: deterministic data, seed printed by each case. */
typedef struct suite_rng { uint64_t s; } suite_rng;
static double suite_unif(suite_rng *r) { return splitmix_uniform(&r->s) * 2.0 - 1.0; }

/* A manufactured problem: J (n x P, row-major), e (n). */
typedef struct suite_prob {
  size_t n, P;
  double *J, *e;
  double *JJ, *JE; /* naive reference: full symmetric P x P, and P */
} suite_prob;

static void suite_prob_free(suite_prob *p) {
  free(p->J);
  free(p->e);
  free(p->JJ);
  free(p->JE);
  memset(p, 0, sizeof *p);
}

/* zero_col: index of a column of J set to zero (or P for none). */
static int suite_prob_make(suite_prob *p, size_t n, size_t P, uint64_t seed, size_t zero_col) {
  suite_rng r = {seed};
  memset(p, 0, sizeof *p);
  p->n = n;
  p->P = P;
  p->J = malloc(n * P * sizeof *p->J);
  p->e = malloc(n * sizeof *p->e);
  p->JJ = malloc(P * P * sizeof *p->JJ);
  p->JE = malloc(P * sizeof *p->JE);
  if (!p->J || !p->e || !p->JJ || !p->JE) return -1;
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < P; j++)
      p->J[i * P + j] = j == zero_col ? 0.0 : suite_unif(&r) * (1.0 + (double)(j % 3));
    p->e[i] = suite_unif(&r);
  }
  /* Naive J'J and J'e in long double (independent of any BLAS). */
  for (size_t a = 0; a < P; a++) {
    for (size_t b = a; b < P; b++) {
      long double s = 0;
      for (size_t i = 0; i < n; i++) s += (long double)p->J[i * P + a] * p->J[i * P + b];
      p->JJ[a + b * P] = p->JJ[b + a * P] = (double)s;
    }
    long double s = 0;
    for (size_t i = 0; i < n; i++) s += (long double)p->J[i * P + a] * p->e[i];
    p->JE[a] = (double)s;
  }
  return 0;
}

/* Largest |x - y| / max(|y|) over n values. */
static double suite_relerr(const double *x, const double *y, size_t n) {
  double dmax = 0, ymax = 0;
  for (size_t i = 0; i < n; i++) {
    double d = fabs(x[i] - y[i]);
    if (!(d <= dmax)) dmax = d; /* NaN propagates */
    if (fabs(y[i]) > ymax) ymax = fabs(y[i]);
  }
  return ymax > 0 ? dmax / ymax : dmax;
}

/* Same, over the upper triangle of two column-major P x P matrices. */
static double suite_relerr_upper(const double *X, const double *Y, size_t P) {
  double dmax = 0, ymax = 0;
  for (size_t b = 0; b < P; b++)
    for (size_t a = 0; a <= b; a++) {
      double d = fabs(X[a + b * P] - Y[a + b * P]);
      if (!(d <= dmax)) dmax = d;
      if (fabs(Y[a + b * P]) > ymax) ymax = fabs(Y[a + b * P]);
    }
  return ymax > 0 ? dmax / ymax : dmax;
}

/* Feed rows [0, n) in blocks whose sizes cycle through `sizes`. */
static int suite_feed(const clm_linsolver_type *t, void *st, const suite_prob *p,
                      const size_t *sizes, size_t n_sizes) {
  size_t r = 0, k = 0;
  while (r < p->n) {
    size_t m = sizes[k++ % n_sizes];
    if (m > p->n - r) m = p->n - r;
    int s = t->accumulate(st, p->J + r * p->P, p->e + r, m, p->P);
    if (s != CLM_OK) return s;
    r += m;
  }
  return CLM_OK;
}

/* One epoch's accumulation: begin, feed, end. */
static int suite_epoch(const clm_linsolver_type *t, void *st, const suite_prob *p,
                       const size_t *sizes, size_t n_sizes, double *JE, double *diag) {
  int s = t->begin(st);
  if (s == CLM_OK) s = suite_feed(t, st, p, sizes, n_sizes);
  if (s == CLM_OK) s = t->end(st, JE, diag);
  return s;
}

/* b = (scale*JJ + mu*I) x with the reference JJ, in long double. */
static void suite_rhs(const double *JJ, size_t P, double scale, double mu, const double *x,
                      double *b) {
  for (size_t a = 0; a < P; a++) {
    long double s = (long double)mu * x[a];
    for (size_t c = 0; c < P; c++) s += (long double)scale * JJ[a + c * P] * x[c];
    b[a] = (double)s;
  }
}

/* Factor at (scale, mu) and solve for three known x; worst relative error. */
static int suite_solve_check(const clm_linsolver_type *t, void *st, const double *JJ, size_t P,
                             double scale, double mu, uint64_t seed, double *worst) {
  double *x = malloc(P * sizeof *x), *b = malloc(P * sizeof *b), *y = malloc(P * sizeof *y);
  int s = (x && b && y) ? t->factor(st, scale, mu) : CLM_ENOMEM;
  suite_rng r = {seed};
  *worst = 0;
  for (int rep = 0; s == CLM_OK && rep < 3; rep++) {
    for (size_t i = 0; i < P; i++) x[i] = suite_unif(&r);
    suite_rhs(JJ, P, scale, mu, x, b);
    if (rep == 2) { /* aliased b and x */
      memcpy(y, b, P * sizeof *y);
      s = t->solve(st, y, y);
    } else {
      s = t->solve(st, b, y);
    }
    double e = suite_relerr(y, x, P);
    if (!(e <= *worst)) *worst = e;
  }
  free(x);
  free(b);
  free(y);
  return s;
}

__attribute__((unused)) static void suite_run(const clm_linsolver_type *t) {
  const char *nm = t->name;
  void *st = NULL;
  int s;

  /* ---- bad requests */
  s = t->alloc(&st, 0, 16, 1);
  tap_ok(s != CLM_OK && st == NULL, "%s: alloc with P = 0 fails (%s), no state", nm,
         clm_status_name(s));
  if (st) t->free(st);
  st = NULL;
  tap_ok(t->alloc(NULL, 4, 16, 1) != CLM_OK, "%s: alloc with state == NULL fails", nm);

  /* ---- manufactured problem: P = 37, n = 523 rows in uneven blocks */
  const size_t P = 37, n = 523, max_rows = 64;
  const uint64_t seed = 20260001;
  suite_prob p;
  if (suite_prob_make(&p, n, P, seed, P) != 0) {
    tap_ok(0, "%s: out of memory building the problem", nm);
    suite_prob_free(&p);
    return;
  }
  s = t->alloc(&st, P, max_rows, 2);
  if (!tap_ok(s == CLM_OK && st, "%s: alloc P=%zu max_rows=%zu (%s)", nm, P, max_rows,
              clm_status_name(s))) {
    suite_prob_free(&p);
    return;
  }
  double *JE = calloc(P, sizeof *JE), *diag = calloc(P, sizeof *diag);
  double *JJ = calloc(P * P, sizeof *JJ), *JJ1 = calloc(P * P, sizeof *JJ1);
  double *JE1 = calloc(P, sizeof *JE1), *refdiag = calloc(P, sizeof *refdiag);
  for (size_t a = 0; a < P; a++) refdiag[a] = p.JJ[a + a * P];

  /* Wrong block width. */
  s = t->begin(st);
  int s2 = t->accumulate(st, p.J, p.e, 4, P + 1);
  tap_ok(s == CLM_OK && s2 != CLM_OK, "%s: a block of width P+1 is refused (%s)", nm,
         clm_status_name(s2));

  /* Uneven blocks, all at most max_rows (the evaluator's contract). */
  const size_t sizes[] = {1, 64, 17, 64, 3, 50};
  s = suite_epoch(t, st, &p, sizes, sizeof sizes / sizeof sizes[0], JE, diag);
  tap_ok(s == CLM_OK, "%s: begin/accumulate/end over uneven blocks (seed %llu)", nm,
         (unsigned long long)seed);
  tap_ok(suite_relerr(JE, p.JE, P) < 1e-12, "%s: J'e = naive J'e, rel err %.2e (P=%zu n=%zu)",
         nm, suite_relerr(JE, p.JE, P), P, n);
  tap_ok(suite_relerr(diag, refdiag, P) < 1e-12, "%s: diag(J'J) = naive, rel err %.2e", nm,
         suite_relerr(diag, refdiag, P));
  if (t->get_jj) {
    s = t->get_jj(st, JJ);
    tap_ok(s == CLM_OK && suite_relerr_upper(JJ, p.JJ, P) < 1e-12,
           "%s: J'J (upper) = naive J'J, rel err %.2e", nm, suite_relerr_upper(JJ, p.JJ, P));
  }

  /* Many blocks equal one block: feed row by row in blocks of max_rows, and
   * in single rows, compare with the uneven run. */
  const size_t one_block[] = {max_rows}, single[] = {1};
  s = suite_epoch(t, st, &p, one_block, 1, JE1, NULL);
  double d1 = suite_relerr(JE1, JE, P);
  if (t->get_jj && s == CLM_OK) s = t->get_jj(st, JJ1);
  double d2 = t->get_jj ? suite_relerr_upper(JJ1, JJ, P) : 0;
  tap_ok(s == CLM_OK && d1 < 1e-13 && d2 < 1e-13,
         "%s: blocks of %zu rows = uneven blocks (J'e %.1e, J'J %.1e)", nm, max_rows, d1, d2);
  s = suite_epoch(t, st, &p, single, 1, JE1, NULL);
  d1 = suite_relerr(JE1, JE, P);
  if (t->get_jj && s == CLM_OK) s = t->get_jj(st, JJ1);
  d2 = t->get_jj ? suite_relerr_upper(JJ1, JJ, P) : 0;
  tap_ok(s == CLM_OK && d1 < 1e-13 && d2 < 1e-13,
         "%s: single-row blocks = uneven blocks (J'e %.1e, J'J %.1e)", nm, d1, d2);

  /* begin() restarts: an epoch on the first half only. */
  suite_prob half = p;
  half.n = 200;
  s = suite_epoch(t, st, &half, sizes, sizeof sizes / sizeof sizes[0], JE1, NULL);
  double ref_half[37] = {0};
  for (size_t a = 0; a < P; a++) {
    long double acc = 0;
    for (size_t i = 0; i < half.n; i++) acc += (long double)p.J[i * P + a] * p.e[i];
    ref_half[a] = (double)acc;
  }
  tap_ok(s == CLM_OK && suite_relerr(JE1, ref_half, P) < 1e-12,
         "%s: begin() discards the previous epoch (rel err %.1e)", nm,
         suite_relerr(JE1, ref_half, P));

  /* Factor reuse across mu on one accumulation (back to the full problem). */
  s = suite_epoch(t, st, &p, sizes, sizeof sizes / sizeof sizes[0], JE, diag);
  const double mus[] = {1e-3, 10.0, 1e-1, 0.0, 1e3};
  for (size_t k = 0; k < sizeof mus / sizeof mus[0]; k++) {
    double worst = 0;
    double scale = k % 2 ? 1.0 : 1.0 / (double)n; /* mse and sse scalings */
    int sf = s == CLM_OK ? suite_solve_check(t, st, p.JJ, P, scale, mus[k], seed + k, &worst) : s;
    tap_ok(sf == CLM_OK && worst < 1e-9,
           "%s: factor(scale=%g, mu=%g) + 3 solves (one aliased) = known x, rel err %.1e", nm,
           scale, mus[k], worst);
  }
  t->free(st);
  st = NULL;
  suite_prob_free(&p);

  /* ---- not positive definite: a zero column and mu = 0 */
  const size_t Pz = 12;
  if (suite_prob_make(&p, 40, Pz, seed + 100, 5) == 0 && t->alloc(&st, Pz, 16, 1) == CLM_OK) {
    const size_t b16[] = {16};
    double jez[12];
    s = suite_epoch(t, st, &p, b16, 1, jez, NULL);
    int sf = s == CLM_OK ? t->factor(st, 1.0, 0.0) : s;
    tap_ok(sf == CLM_ENOTPD, "%s: zero column of J, mu = 0: factor is %s (want CLM_ENOTPD)", nm,
           clm_status_name(sf));
    double worst = 0;
    sf = suite_solve_check(t, st, p.JJ, Pz, 1.0, 1e-2, seed + 101, &worst);
    tap_ok(sf == CLM_OK && worst < 1e-9, "%s: same J'J, mu = 0.01 then succeeds (rel err %.1e)",
           nm, worst);
    if (t->set_jj) {
      /* Indefinite JJ: diag(4, ..., 4, -1) plus a small symmetric coupling;
       * eigenvalues in [-1.5, 4.5], so mu = 0 fails and mu = 2 works. */
      double *A = calloc(Pz * Pz, sizeof *A), je[12] = {0};
      for (size_t a = 0; a < Pz; a++) {
        A[a + a * Pz] = a == Pz - 1 ? -1.0 : 4.0;
        if (a + 1 < Pz) A[a + (a + 1) * Pz] = A[(a + 1) + a * Pz] = 0.25;
      }
      sf = t->set_jj(st, A, je);
      int sf0 = sf == CLM_OK ? t->factor(st, 1.0, 0.0) : sf;
      tap_ok(sf0 == CLM_ENOTPD, "%s: indefinite J'J via set_jj, mu = 0: %s (want CLM_ENOTPD)",
             nm, clm_status_name(sf0));
      sf = sf == CLM_OK ? suite_solve_check(t, st, A, Pz, 1.0, 2.0, seed + 102, &worst) : sf;
      tap_ok(sf == CLM_OK && worst < 1e-9,
             "%s: indefinite J'J, mu = 2 succeeds and solves (rel err %.1e)", nm, worst);
      if (t->get_jj) {
        double *B = calloc(Pz * Pz, sizeof *B);
        sf = B ? t->get_jj(st, B) : CLM_ENOMEM;
        tap_ok(sf == CLM_OK && suite_relerr_upper(B, A, Pz) == 0,
               "%s: get_jj returns what set_jj stored", nm);
        free(B);
      }
      free(A);
    }
  } else {
    tap_ok(0, "%s: setting up the zero-column problem", nm);
  }
  if (st) t->free(st);
  suite_prob_free(&p);
  free(JE);
  free(diag);
  free(JJ);
  free(JJ1);
  free(JE1);
  free(refdiag);
}

/* Accept/reject decisions of two backends on one nearly singular J'J, set
 * with set_jj: a tridiagonal block with eigenvalues in [0.8, 2.2] plus one
 * decoupled eigenvalue 1e-20, so rcond(A) = (1e-20 + mu) / ||A||_1 crosses
 * DBL_EPSILON near mu = 5e-16 (the CPU backend rejects rcond < eps, as
 * MATLAB rejects a "close to singular" step).  Both backends must give the
 * same status for every mu of the sweep. */
__attribute__((unused)) static void suite_decisions_match(const clm_linsolver_type *a, const clm_linsolver_type *b) {
  const size_t P = 24;
  void *sa = NULL, *sb = NULL;
  double *A = calloc(P * P, sizeof *A), je[24] = {0};
  for (size_t i = 0; A && i < P; i++) {
    A[i + i * P] = i == P - 1 ? 1e-20 : 1.0 + 0.5 * (double)(i % 3);
    if (i + 2 < P) A[i + (i + 1) * P] = A[(i + 1) + i * P] = 0.1;
  }
  int ok = A && a->set_jj && b->set_jj && a->alloc(&sa, P, 32, 1) == CLM_OK &&
           b->alloc(&sb, P, 32, 1) == CLM_OK && a->set_jj(sa, A, je) == CLM_OK &&
           b->set_jj(sb, A, je) == CLM_OK;
  const double mus[] = {0, 1e-18, 1e-16, 3e-16, 2e-15, 1e-12, 1e-3};
  char list[40] = "";
  size_t nrej = 0, nm = sizeof mus / sizeof mus[0];
  for (size_t k = 0; ok && k < nm; k++) {
    int x = a->factor(sa, 1.0, mus[k]), y = b->factor(sb, 1.0, mus[k]);
    if (x != y) ok = 0;
    nrej += x == CLM_ENOTPD;
    list[k] = x == CLM_OK ? '+' : x == CLM_ENOTPD ? '-' : '?';
    list[k + 1] = y == x ? 0 : '!';
  }
  tap_ok(ok && nrej == 4, "%s and %s accept/reject alike near rcond = eps, mu = 0..1e-3 (%s)",
         a->name, b->name, list);
  if (sa) a->free(sa);
  if (sb) b->free(sb);
  free(A);
}

/* trace((scale*JJ + mu*I)^-1) for the full symmetric P x P JJ: the explicit
 * inverse by Gauss-Jordan elimination with partial pivoting, in long
 * double; NaN when singular. */
static double suite_trace_ref(const double *JJ, size_t P, double scale, double mu) {
  long double *M = malloc(P * 2 * P * sizeof *M); /* [A | I], row-major P x 2P */
  if (!M) return NAN;
  const size_t W = 2 * P;
  for (size_t i = 0; i < P; i++)
    for (size_t j = 0; j < P; j++) {
      M[i * W + j] = (long double)scale * JJ[i + j * P] + (i == j ? (long double)mu : 0.0L);
      M[i * W + P + j] = i == j ? 1.0L : 0.0L;
    }
  for (size_t k = 0; k < P; k++) {
    size_t piv = k;
    for (size_t i = k + 1; i < P; i++)
      if (fabsl(M[i * W + k]) > fabsl(M[piv * W + k])) piv = i;
    if (M[piv * W + k] == 0.0L) {
      free(M);
      return NAN;
    }
    for (size_t j = 0; j < W && piv != k; j++) {
      long double t = M[k * W + j];
      M[k * W + j] = M[piv * W + j];
      M[piv * W + j] = t;
    }
    long double d = M[k * W + k];
    for (size_t j = 0; j < W; j++) M[k * W + j] /= d;
    for (size_t i = 0; i < P; i++) {
      if (i == k) continue;
      long double f = M[i * W + k];
      if (f != 0.0L)
        for (size_t j = 0; j < W; j++) M[i * W + j] -= f * M[k * W + j];
    }
  }
  long double tr = 0;
  for (size_t i = 0; i < P; i++) tr += M[i * W + P + i];
  free(M);
  return (double)tr;
}

/* trace_inv on one backend against suite_trace_ref: a P = 37 and a P = 150
 * accumulation (the latter past the CPU backend's small-P path), JJ intact
 * afterwards; an indefinite matrix (CLM_ENOTPD at mu = 0, its trace at
 * mu = 2); a matrix with rcond < eps, which factor() refuses and
 * trace_inv() does not. */
__attribute__((unused)) static void suite_trace(const clm_linsolver_type *t) {
  const char *nm = t->name;
  if (!t->trace_inv) {
    tap_ok(0, "%s: has no trace_inv", nm);
    return;
  }
  const size_t Ps[] = {37, 150}, ns[] = {523, 400};
  const size_t sizes[] = {1, 64, 17, 64, 3, 50};
  for (int c = 0; c < 2; c++) {
    const size_t P = Ps[c], n = ns[c];
    suite_prob p;
    void *st = NULL;
    double *JE = malloc(P * sizeof *JE);
    if (!JE || suite_prob_make(&p, n, P, 20260100 + c, P) != 0 || t->alloc(&st, P, 64, 2) != CLM_OK) {
      tap_ok(0, "%s: trace_inv P=%zu: setting up", nm, P);
      if (st) t->free(st);
      suite_prob_free(&p);
      free(JE);
      continue;
    }
    int s = suite_epoch(t, st, &p, sizes, sizeof sizes / sizeof sizes[0], JE, NULL);
    const double sc[] = {1.0 / (double)n, 1.0, 2.5}, mu[] = {1e-3, 0.5, 1e-6};
    double worst = 0;
    for (int k = 0; k < 3 && s == CLM_OK; k++) {
      double tr = NAN, ref = suite_trace_ref(p.JJ, P, sc[k], mu[k]);
      s = t->trace_inv(st, sc[k], mu[k], &tr);
      double e = fabs(tr - ref) / fabs(ref);
      if (!(e <= worst)) worst = e;
    }
    tap_ok(s == CLM_OK && worst < 1e-10,
           "%s: trace_inv P=%zu (3 scales and mu) = trace of the explicit inverse, rel err %.1e",
           nm, P, worst);
    /* after factor() of the same matrix and of another: the same bits */
    double t_reuse = NAN, t_fresh = NAN;
    int sr = s == CLM_OK ? t->factor(st, 0.7, 3e-3) : s;
    if (sr == CLM_OK) sr = t->trace_inv(st, 0.7, 3e-3, &t_reuse);
    if (sr == CLM_OK) sr = t->factor(st, 0.7, 5.0);
    if (sr == CLM_OK) sr = t->trace_inv(st, 0.7, 3e-3, &t_fresh);
    tap_ok(sr == CLM_OK && t_reuse == t_fresh,
           "%s: trace_inv P=%zu after factor() of the same matrix or another: the same bits (%.17g)", nm,
           P, t_reuse);
    double w2 = 0;
    int sf = s == CLM_OK ? suite_solve_check(t, st, p.JJ, P, 1.0 / (double)n, 1e-2, 7, &w2) : s;
    tap_ok(sf == CLM_OK && w2 < 1e-9, "%s: trace_inv P=%zu keeps J'J: factor + solve after it "
           "(rel err %.1e)", nm, P, w2);
    t->free(st);
    suite_prob_free(&p);
    free(JE);
  }
  if (!t->set_jj) return;
  /* Indefinite (as in suite_run): eigenvalues in [-1.5, 4.5]. */
  const size_t Pz = 12;
  void *st = NULL;
  double *A = calloc(Pz * Pz, sizeof *A), je[24] = {0};
  int s = A ? t->alloc(&st, Pz, 16, 1) : CLM_ENOMEM;
  for (size_t a = 0; A && a < Pz; a++) {
    A[a + a * Pz] = a == Pz - 1 ? -1.0 : 4.0;
    if (a + 1 < Pz) A[a + (a + 1) * Pz] = A[(a + 1) + a * Pz] = 0.25;
  }
  if (s == CLM_OK) s = t->set_jj(st, A, je);
  double tr = NAN;
  int s0 = s == CLM_OK ? t->trace_inv(st, 1.0, 0.0, &tr) : s;
  tap_ok(s0 == CLM_ENOTPD, "%s: trace_inv of an indefinite matrix: %s (want CLM_ENOTPD)", nm,
         clm_status_name(s0));
  double ref = A ? suite_trace_ref(A, Pz, 1.0, 2.0) : NAN;
  int s2 = s == CLM_OK ? t->trace_inv(st, 1.0, 2.0, &tr) : s;
  tap_ok(s2 == CLM_OK && fabs(tr - ref) < 1e-12 * fabs(ref),
         "%s: the same matrix + 2 I: trace_inv %.15g, reference %.15g", nm, tr, ref);
  if (st) t->free(st);
  free(A);
  /* rcond below eps (suite_decisions_match's matrix): factor refuses it,
   * trace_inv gives its trace (about 1/(1e-20 + mu)). */
  const size_t Pn = 24;
  st = NULL;
  A = calloc(Pn * Pn, sizeof *A);
  for (size_t i = 0; A && i < Pn; i++) {
    A[i + i * Pn] = i == Pn - 1 ? 1e-20 : 1.0 + 0.5 * (double)(i % 3);
    if (i + 2 < Pn) A[i + (i + 1) * Pn] = A[(i + 1) + i * Pn] = 0.1;
  }
  s = A ? t->alloc(&st, Pn, 32, 1) : CLM_ENOMEM;
  if (s == CLM_OK) s = t->set_jj(st, A, je);
  const double mun = 1e-16;
  int sfac = s == CLM_OK ? t->factor(st, 1.0, mun) : s;
  s2 = s == CLM_OK ? t->trace_inv(st, 1.0, mun, &tr) : s;
  ref = A ? suite_trace_ref(A, Pn, 1.0, mun) : NAN;
  tap_ok(sfac == CLM_ENOTPD && s2 == CLM_OK && fabs(tr - ref) < 1e-9 * fabs(ref),
         "%s: rcond < eps: factor %s, trace_inv %s = %.6g (reference %.6g)", nm,
         clm_status_name(sfac), clm_status_name(s2), tr, ref);
  if (st) t->free(st);
  free(A);
}

/* The trace bound (clm__rcond_trace_ok): after trace_inv(1, mu0) a backend
 * may skip the rcond estimate of factor(1, mu), mu >= mu0, but its
 * decisions must stay the estimate's.  suite_decisions_match's matrix
 * (rcond crosses eps near mu = 5e-16) is factored over a sweep of mu by
 * one state that traced it at mu0 = 1e-18 and by one that did not: the
 * same statuses, the same solutions bit for bit; and a trace of another
 * scale, or a new J'J, is not used. */
__attribute__((unused)) static void suite_trace_bound(const clm_linsolver_type *t) {
  const char *nm = t->name;
  const size_t P = 24;
  if (!t->trace_inv || !t->set_jj) return;
  void *sa = NULL, *sb = NULL;
  double *A = calloc(P * P, sizeof *A), je[24], xa[24], xb[24];
  for (size_t i = 0; A && i < P; i++) {
    A[i + i * P] = i == P - 1 ? 1e-20 : 1.0 + 0.5 * (double)(i % 3);
    if (i + 2 < P) A[i + (i + 1) * P] = A[(i + 1) + i * P] = 0.1;
    je[i] = 1.0 / (1.0 + (double)i);
  }
  double tr = NAN;
  int ok = A && t->alloc(&sa, P, 32, 1) == CLM_OK && t->alloc(&sb, P, 32, 1) == CLM_OK &&
           t->set_jj(sa, A, je) == CLM_OK && t->set_jj(sb, A, je) == CLM_OK &&
           t->trace_inv(sa, 1.0, 1e-18, &tr) == CLM_OK;
  const double mus[] = {1e-18, 1e-17, 1e-16, 3e-16, 2e-15, 1e-12, 1e-6, 1e-3, 1.0, 1e3};
  const size_t nm_ = sizeof mus / sizeof mus[0];
  char list[16] = "";
  size_t nrej = 0, nacc = 0;
  for (size_t k = 0; ok && k < nm_; k++) {
    int x = t->factor(sa, 1.0, mus[k]), y = t->factor(sb, 1.0, mus[k]);
    if (x != y) ok = 0;
    if (ok && x == CLM_OK) {
      memcpy(xa, je, sizeof xa);
      memcpy(xb, je, sizeof xb);
      if (t->solve(sa, xa, xa) != CLM_OK || t->solve(sb, xb, xb) != CLM_OK ||
          memcmp(xa, xb, sizeof xa) != 0)
        ok = 0;
    }
    nrej += x == CLM_ENOTPD;
    nacc += x == CLM_OK;
    list[k] = x == CLM_OK ? '+' : x == CLM_ENOTPD ? '-' : '?';
  }
  tap_ok(ok && nrej == 4 && nacc == nm_ - 4,
         "%s: after trace_inv(mu0 = 1e-18, trace %.3g) factor() decides as without it, the same "
         "solutions, mu = 1e-18..1e3 (%s)", nm, tr, list);
  /* A trace of the same J'J at another scale is not used: J'J with a
   * decoupled eigenvalue -1 (the rest in [3.5, 4.5]); 1e-3 J'J + I is well
   * conditioned (its trace would vouch for anything), but J'J + (1 + 2^-52) I
   * has the eigenvalue 2^-52, rcond about 5e-17: refused. */
  for (size_t i = 0; A && i < P * P; i++) A[i] = 0.0;
  for (size_t i = 0; A && i < P; i++) {
    A[i + i * P] = i == P - 1 ? -1.0 : 4.0;
    if (i + 2 < P) A[i + (i + 1) * P] = A[(i + 1) + i * P] = 0.25;
  }
  int s1 = A && ok ? t->set_jj(sa, A, je) : CLM_EINTERNAL;
  if (s1 == CLM_OK) s1 = t->trace_inv(sa, 1e-3, 1.0, &tr);
  int s2 = s1 == CLM_OK ? t->factor(sa, 1.0, 1.0 + DBL_EPSILON) : s1;
  tap_ok(s1 == CLM_OK && s2 == CLM_ENOTPD,
         "%s: a trace at another scale (%.4g) does not vouch for a factor: %s (want CLM_ENOTPD)",
         nm, tr, clm_status_name(s2));
  /* nor a trace of an earlier J'J: traced with the eigenvalue 0.5 in place
   * of -1, then set_jj puts -1 back */
  A[(P - 1) + (P - 1) * P] = 0.5;
  int s3 = s1 == CLM_OK ? t->set_jj(sa, A, je) : s1;
  if (s3 == CLM_OK) s3 = t->trace_inv(sa, 1.0, 0.5, &tr);
  A[(P - 1) + (P - 1) * P] = -1.0;
  if (s3 == CLM_OK) s3 = t->set_jj(sa, A, je);
  int s4 = s3 == CLM_OK ? t->factor(sa, 1.0, 1.0 + DBL_EPSILON) : s3;
  tap_ok(s3 == CLM_OK && s4 == CLM_ENOTPD,
         "%s: set_jj drops the trace: the new matrix is refused, %s (want CLM_ENOTPD)", nm,
         clm_status_name(s4));
  if (sa) t->free(sa);
  if (sb) t->free(sb);
  free(A);
}

/* ------------------------------------------------------------ training */

/* Train a fresh feedforwardnet([hidden]) (n_in inputs, n_out outputs, Q
 * manufactured samples: smooth targets of uniform inputs) with trainer t
 * (trainlm or trainbr) on backend b for at most `epochs` epochs; the final
 * weights go to *wb_out (malloc'ed, may be NULL) and their count to
 * *P_out. */
__attribute__((unused)) static int suite_train_with(const clm_trainer_type *t, clm_backend b,
                                                    size_t n_in, size_t hidden, size_t n_out,
                                                    size_t Q, size_t epochs, uint64_t seed,
                                                    clm_record *rec, double **wb_out,
                                                    size_t *P_out) {
  double *X = malloc(n_in * Q * sizeof *X), *T = malloc(n_out * Q * sizeof *T);
  clm_net *net = NULL;
  int st = X && T ? clm_feedforwardnet(&net, 1, &hidden) : CLM_ENOMEM;
  suite_rng r = {seed};
  for (size_t q = 0; X && T && q < Q; q++) {
    double acc = 0;
    for (size_t i = 0; i < n_in; i++) {
      X[i + q * n_in] = suite_unif(&r);
      acc += X[i + q * n_in] * (double)(i + 1);
    }
    for (size_t o = 0; o < n_out; o++)
      T[o + q * n_out] = sin(acc / (double)(o + 1)) + 0.05 * suite_unif(&r);
  }
  clm_trainparam p = clm_trainparam_default(t);
  p.epochs = epochs;
  p.seed = seed;
  p.backend = b;
  p.threads = 1;
  p.show = 0;
  if (st == CLM_OK) st = clm_configure(net, X, n_in, T, n_out, Q, seed);
  if (st == CLM_OK) st = clm_train(net, t, X, T, Q, &p, rec);
  if (P_out) *P_out = 0;
  if (wb_out) *wb_out = NULL;
  if (net && clm_net_is_configured(net) && (wb_out || P_out)) {
    size_t P = n_in * hidden + hidden + hidden * n_out + n_out;
    if (P_out) *P_out = P;
    if (wb_out && (*wb_out = malloc(P * sizeof **wb_out)) != NULL) clm_getwb(net, *wb_out);
  }
  clm_net_free(net);
  free(X);
  free(T);
  return st;
}

/* suite_train_with for trainlm. */
__attribute__((unused)) static int suite_train(clm_backend b, size_t n_in, size_t hidden,
                                               size_t n_out, size_t Q, size_t epochs,
                                               uint64_t seed, clm_record *rec, double **wb_out,
                                               size_t *P_out) {
  return suite_train_with(clm_trainlm, b, n_in, hidden, n_out, Q, epochs, seed, rec, wb_out,
                          P_out);
}

/* Largest relative difference between two records, epoch by epoch, over
 * perf, vperf, tperf, mu, gradient and the trainer's states (NaN = NaN);
 * SIZE_MAX-like 1e300 when the epoch counts or stop reasons differ. */
__attribute__((unused)) static double suite_record_diff(const clm_record *a, const clm_record *b) {
  if (a->num_epochs != b->num_epochs || a->stop != b->stop) return 1e300;
  double worst = 0;
  for (size_t k = 0; k <= a->num_epochs; k++) {
    const double *pa[5] = {a->perf, a->vperf, a->tperf, a->mu, a->gradient};
    const double *pb[5] = {b->perf, b->vperf, b->tperf, b->mu, b->gradient};
    for (int f = 0; f < 5; f++) {
      double x = pa[f][k], y = pb[f][k];
      if (isnan(x) && isnan(y)) continue;
      double d = tap_reldiff(x, y, 1e-300);
      if (!(d <= worst)) worst = d;
    }
    for (size_t j = 0; j < a->n_states && j < b->n_states; j++) {
      double d = tap_reldiff(a->state[j][k], b->state[j][k], 1e-300);
      if (!(d <= worst)) worst = d;
    }
  }
  return worst;
}

#endif /* CLM_TESTS_LINSOLVER_SUITE_H */
