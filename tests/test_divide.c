/* chaoslm tests — lib/divide.c: dividerand, divideblock, divideint,
 * divideind, dividetrain (0-based index sets).  GPL-3.0-or-later. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "net_internal.h"
#include "tap.h"

/* The three sets are sorted, disjoint and (unless allow_gaps) cover 0..Q-1. */
static int is_partition(size_t Q, size_t *ind[3], const size_t n[3], int allow_gaps) {
  unsigned char *seen = calloc(Q ? Q : 1, 1);
  int ok = 1;
  size_t total = 0;
  for (int s = 0; s < 3; s++) {
    for (size_t k = 0; k < n[s]; k++) {
      size_t q = ind[s][k];
      if (q >= Q || seen[q]) ok = 0;
      else seen[q] = 1;
      if (k && ind[s][k - 1] >= q) ok = 0;
    }
    total += n[s];
  }
  if (!allow_gaps && total != Q) ok = 0;
  free(seen);
  return ok;
}

typedef struct sets {
  size_t *ind[3];
  size_t n[3];
} sets;

static sets *sets_new(size_t Q) {
  sets *s = calloc(1, sizeof *s);
  for (int k = 0; k < 3; k++) s->ind[k] = malloc((Q ? Q : 1) * sizeof(size_t));
  return s;
}
static void sets_free(sets *s) {
  for (int k = 0; k < 3; k++) free(s->ind[k]);
  free(s);
}
static int run(clm_dividefcn f, size_t Q, double a, double b, double c, uint64_t seed, sets *s) {
  return clm_divide(f, Q, a, b, c, seed, s->ind[0], &s->n[0], s->ind[1], &s->n[1], s->ind[2], &s->n[2]);
}
static int same_sets(const sets *a, const sets *b) {
  for (int k = 0; k < 3; k++)
    if (a->n[k] != b->n[k] || memcmp(a->ind[k], b->ind[k], a->n[k] * sizeof(size_t)) != 0) return 0;
  return 1;
}

static void test_dividerand(void) {
  sets *a = sets_new(252), *b = sets_new(252);
  int st = run(CLM_DIVIDERAND, 94, 0.7, 0.15, 0.15, 1, a);
  tap_ok(st == CLM_OK && a->n[0] == 66 && a->n[1] == 14 && a->n[2] == 14,
         "dividerand Q = 94 (simplefit): 66/14/14 (got %zu/%zu/%zu)", a->n[0], a->n[1], a->n[2]);
  tap_ok(is_partition(94, a->ind, a->n, 0), "dividerand: sorted, disjoint, union = 0..93");
  st = run(CLM_DIVIDERAND, 252, 0.7, 0.15, 0.15, 1, a);
  tap_ok(st == CLM_OK && a->n[0] == 176 && a->n[1] == 38 && a->n[2] == 38,
         "dividerand Q = 252 (bodyfat): 176/38/38 (got %zu/%zu/%zu)", a->n[0], a->n[1], a->n[2]);
  tap_ok(is_partition(252, a->ind, a->n, 0), "dividerand Q = 252: a partition");
  run(CLM_DIVIDERAND, 252, 0.7, 0.15, 0.15, 1, b);
  tap_ok(same_sets(a, b), "same seed, same sets");
  run(CLM_DIVIDERAND, 252, 0.7, 0.15, 0.15, 2, b);
  tap_ok(!same_sets(a, b), "seed 2 gives other sets");
  run(CLM_DIVIDERAND, 252, 0.7, 0.15, 0.15, 0, b);
  tap_ok(!same_sets(a, b) && is_partition(252, b->ind, b->n, 0), "seed 0 is a valid, different seed");
  /* Unnormalised ratios are normalised: 14/3/3 == 0.7/0.15/0.15. */
  run(CLM_DIVIDERAND, 252, 14, 3, 3, 1, b);
  tap_ok(same_sets(a, b), "ratios are normalised by their sum");
  /* Not a block split: the training set is not 0..175. */
  tap_ok(a->ind[0][175] != 175 || a->ind[1][0] != 176, "dividerand is not the identity permutation");
  /* Rounding half away from zero: Q = 10, val = test = 0.25 -> round(2.5) = 3. */
  run(CLM_DIVIDERAND, 10, 0.5, 0.25, 0.25, 3, b);
  tap_ok(b->n[0] == 4 && b->n[1] == 3 && b->n[2] == 3, "round(2.5) = 3: 4/3/3");
  /* Zero training ratio with Q = 1: counts still add up to Q. */
  run(CLM_DIVIDERAND, 1, 0, 0.5, 0.5, 3, b);
  tap_ok(b->n[0] + b->n[1] + b->n[2] == 1 && is_partition(1, b->ind, b->n, 0), "Q = 1, ratios 0/.5/.5: counts sum to 1");
  sets_free(a);
  sets_free(b);

  /* A large Q stays a permutation. */
  size_t Q = 100000;
  sets *c = sets_new(Q);
  run(CLM_DIVIDERAND, Q, 0.6, 0.2, 0.2, 99, c);
  tap_ok(c->n[0] == 60000 && c->n[1] == 20000 && is_partition(Q, c->ind, c->n, 0), "dividerand Q = 100000: 60000/20000/20000 partition");
  sets_free(c);
}

static int cmp_sz(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return (x > y) - (x < y);
}

/* The documented dividerand algorithm, recomputed with GSL's own allocator. */
static void test_dividerand_reference(void) {
  const size_t Q = 94;
  const uint64_t seed = 12345;
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(r, clm__rng_seed32(seed ^ UINT64_C(0x7F4A7C159E3779B9)));
  size_t perm[94];
  for (size_t q = 0; q < Q; q++) perm[q] = q;
  gsl_ran_shuffle(r, perm, Q, sizeof(size_t));
  gsl_rng_free(r);
  qsort(perm, 66, sizeof(size_t), cmp_sz);
  qsort(perm + 66, 14, sizeof(size_t), cmp_sz);
  qsort(perm + 80, 14, sizeof(size_t), cmp_sz);
  sets *a = sets_new(Q);
  run(CLM_DIVIDERAND, Q, 0.7, 0.15, 0.15, seed, a);
  tap_ok(a->n[0] == 66 && memcmp(a->ind[0], perm, 66 * sizeof(size_t)) == 0 &&
             memcmp(a->ind[1], perm + 66, 14 * sizeof(size_t)) == 0 &&
             memcmp(a->ind[2], perm + 80, 14 * sizeof(size_t)) == 0,
         "dividerand = gsl_ran_shuffle of 0..Q-1 from seed32(seed ^ 0x7F4A7C159E3779B9), split 66/14/14, each sorted");
  sets_free(a);
}

static void test_block_int_train(void) {
  sets *a = sets_new(250);
  run(CLM_DIVIDEBLOCK, 94, 0.7, 0.15, 0.15, 1, a);
  int ok = a->n[0] == 66 && a->n[1] == 14 && a->n[2] == 14;
  for (size_t k = 0; ok && k < 66; k++) ok = a->ind[0][k] == k;
  for (size_t k = 0; ok && k < 14; k++) ok = a->ind[1][k] == 66 + k && a->ind[2][k] == 80 + k;
  tap_ok(ok, "divideblock Q = 94: 0..65 / 66..79 / 80..93");

  run(CLM_DIVIDEINT, 250, 0.7, 0.15, 0.15, 1, a);
  tap_ok(a->n[0] == 174 && a->n[1] == 38 && a->n[2] == 38, "divideint Q = 250: 174/38/38 (MATLAB's greedy rule; got %zu/%zu/%zu)",
         a->n[0], a->n[1], a->n[2]);
  tap_ok(is_partition(250, a->ind, a->n, 0), "divideint: a partition");
  tap_ok(a->ind[0][0] == 0 && a->ind[1][0] == 1 && a->ind[0][1] == 2 && a->ind[2][0] == 3 && a->ind[1][1] == 7 &&
             a->ind[2][1] == 9,
         "divideint pattern: 0 train, 1 val, 2 train, 3 test, ..., 7 val, 9 test");
  run(CLM_DIVIDEINT, 20, 0.6, 0.2, 0.2, 1, a);
  ok = a->n[0] == 12 && a->n[1] == 4 && a->n[2] == 4;
  for (size_t k = 0; ok && k < 4; k++) ok = a->ind[1][k] == 1 + 5 * k && a->ind[2][k] == 2 + 5 * k;
  tap_ok(ok, "divideint Q = 20, 0.6/0.2/0.2: val = 1,6,11,16 and test = 2,7,12,17");
  /* Prefix property: after i samples each count is within 1 of p*i. */
  run(CLM_DIVIDEINT, 250, 0.5, 0.3, 0.2, 1, a);
  double p[3] = {0.5, 0.3, 0.2};
  size_t c[3] = {0, 0, 0}, pos[3] = {0, 0, 0};
  ok = 1;
  for (size_t i = 0; i < 250; i++) {
    for (int s = 0; s < 3; s++)
      if (pos[s] < a->n[s] && a->ind[s][pos[s]] == i) c[s]++, pos[s]++;
    for (int s = 0; s < 3; s++)
      if (fabs((double)c[s] - p[s] * (double)(i + 1)) > 1.0 + 1e-9) ok = 0;
  }
  tap_ok(ok, "divideint: every prefix is within one sample of the ratios");

  run(CLM_DIVIDETRAIN, 17, 0.7, 0.15, 0.15, 1, a);
  ok = a->n[0] == 17 && a->n[1] == 0 && a->n[2] == 0;
  for (size_t k = 0; ok && k < 17; k++) ok = a->ind[0][k] == k;
  tap_ok(ok, "dividetrain: everything is training data");
  sets_free(a);
}

static void test_errors(void) {
  sets *a = sets_new(10);
  a->n[0] = 12345;
  tap_ok(run(CLM_DIVIDERAND, 0, 0.7, 0.15, 0.15, 1, a) == CLM_ESIZE && a->n[0] == 12345, "Q = 0: CLM_ESIZE, outputs untouched");
  tap_ok(run(CLM_DIVIDERAND, 10, -0.1, 0.5, 0.5, 1, a) == CLM_EDIVIDE, "negative ratio: CLM_EDIVIDE");
  tap_ok(run(CLM_DIVIDEBLOCK, 10, 0, 0, 0, 1, a) == CLM_EDIVIDE, "all-zero ratios: CLM_EDIVIDE");
  tap_ok(run(CLM_DIVIDEINT, 10, NAN, 0.1, 0.1, 1, a) == CLM_EDIVIDE, "NaN ratio: CLM_EDIVIDE");
  tap_ok(run(CLM_DIVIDERAND, 10, INFINITY, 0.1, 0.1, 1, a) == CLM_EDIVIDE, "infinite ratio: CLM_EDIVIDE");
  tap_ok(run(CLM_DIVIDEIND, 10, 0.7, 0.15, 0.15, 1, a) == CLM_EDIVIDE, "clm_divide with divideind: CLM_EDIVIDE (lists live in the net)");
  tap_ok(run((clm_dividefcn)77, 10, 0.7, 0.15, 0.15, 1, a) == CLM_EDIVIDE, "unknown division function: CLM_EDIVIDE");
  tap_ok(clm_divide(CLM_DIVIDERAND, 10, 0.7, 0.15, 0.15, 1, NULL, &a->n[0], a->ind[1], &a->n[1], a->ind[2], &a->n[2]) ==
             CLM_ENULL,
         "NULL output: CLM_ENULL");
  sets_free(a);
}

static int net_div(const clm_net *net, size_t Q, uint64_t seed, sets *s) {
  return clm_net_divide(net, Q, seed, s->ind[0], &s->n[0], s->ind[1], &s->n[1], s->ind[2], &s->n[2]);
}

static void test_net_divide(void) {
  clm_net *net = NULL;
  size_t hs[1] = {3};
  clm_feedforwardnet(&net, 1, hs);
  sets *a = sets_new(50), *b = sets_new(50);
  net_div(net, 50, 5, a);
  run(CLM_DIVIDERAND, 50, 0.7, 0.15, 0.15, 5, b);
  tap_ok(same_sets(a, b), "clm_net_divide uses the network's dividerand 0.7/0.15/0.15");
  clm_net_set_divide(net, CLM_DIVIDEBLOCK, 0.5, 0.25, 0.25);
  net_div(net, 50, 5, a);
  run(CLM_DIVIDEBLOCK, 50, 0.5, 0.25, 0.25, 5, b);
  tap_ok(same_sets(a, b), "clm_net_divide follows clm_net_set_divide (divideblock 0.5/0.25/0.25)");

  clm_net_set_divide(net, CLM_DIVIDEIND, 0, 0, 0);
  tap_ok(net_div(net, 50, 5, a) == CLM_EDIVIDE, "divideind without lists: CLM_EDIVIDE");
  size_t tr[5] = {9, 3, 1, 7, 5}, va[2] = {4, 0}, te[2] = {8, 2};
  clm_net_set_divideind(net, tr, 5, va, 2, te, 2);
  int st = net_div(net, 10, 5, a);
  tap_ok(st == CLM_OK && a->n[0] == 5 && a->n[1] == 2 && a->n[2] == 2 && a->ind[0][0] == 1 && a->ind[0][4] == 9 &&
             a->ind[1][0] == 0 && a->ind[1][1] == 4 && a->ind[2][0] == 2 && is_partition(10, a->ind, a->n, 1),
         "divideind: the lists, sorted (index 6 unused)");
  tap_ok(net_div(net, 9, 5, a) == CLM_EDIVIDE, "divideind: index 9 with Q = 9 is out of range: CLM_EDIVIDE");
  size_t va2[2] = {4, 3};
  clm_net_set_divideind(net, tr, 5, va2, 2, te, 2);
  tap_ok(net_div(net, 10, 5, a) == CLM_EDIVIDE, "divideind: index 3 in train and val: CLM_EDIVIDE");
  size_t tr2[3] = {1, 2, 1};
  clm_net_set_divideind(net, tr2, 3, NULL, 0, NULL, 0);
  tap_ok(net_div(net, 10, 5, a) == CLM_EDIVIDE, "divideind: index repeated within a list: CLM_EDIVIDE");
  tap_ok(net_div(NULL, 10, 5, a) == CLM_ENULL && net_div(net, 0, 5, a) == CLM_ESIZE, "clm_net_divide: NULL net, Q = 0");
  clm_net_set_divide(net, CLM_DIVIDETRAIN, 0, 0, 0);
  net_div(net, 10, 5, a);
  tap_ok(a->n[0] == 10 && a->n[1] == 0 && a->n[2] == 0, "clm_net_divide with dividetrain");
  sets_free(a);
  sets_free(b);
  clm_net_free(net);
}

int main(void) {
  test_dividerand();
  test_dividerand_reference();
  test_block_int_train();
  test_errors();
  test_net_divide();
  return tap_done();
}
