/* chaoslm tests — a training problem for the tests that compare a trainer
 * with the naive reference of tests/naive_mlp.h (header-only): the data,
 * the library's network configured on it, the training and validation
 * index sets, and the reference network of the same shape.
 *
 * A test allocates the problem (problem_alloc), writes its own data into
 * X and T, then builds the rest (problem_configure).  Also the data and
 * the trainings of the tests that train with 1 and 2 threads.
 * GPL-3.0-or-later. */
#ifndef CLM_TESTS_REF_PROBLEM_H
#define CLM_TESTS_REF_PROBLEM_H
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "chaoslm.h"
#include "naive_mlp.h"
#include "tap.h"
#include "test_rng.h"

#define PROBLEM_QMAX 1024 /* most samples */

typedef struct problem {
  size_t R, O, Q;
  double *X, *T;  /* R x Q inputs, O x Q targets (owned) */
  clm_net *net;   /* the configured feedforwardnet (owned) */
  naive_mlp r;    /* the reference of the same network on X, T */
  size_t tr[PROBLEM_QMAX], va[PROBLEM_QMAX], ntr, nva; /* training, validation samples */
} problem;

/* An empty problem with room for the data (X, T uninitialised). */
static inline void problem_alloc(problem *pb, size_t R, size_t O, size_t Q) {
  memset(pb, 0, sizeof *pb);
  pb->R = R, pb->O = O, pb->Q = Q;
  pb->X = malloc(R * Q * sizeof(double));
  pb->T = malloc(O * Q * sizeof(double));
}

static inline const char *naive_transfer_name(int f) {
  return f == F_TANSIG ? "tansig" : f == F_LOGSIG ? "logsig" : "purelin";
}

/* With the data in place: feedforwardnet(h) with the transfer functions
 * f[0..nh] (naive_mlp's F_*), clm_configure with `seed`; nva validation
 * samples spread over the data (every Q/nva-th), the rest training
 * (divideind); the reference (mse, outputs mapped). */
static inline void problem_configure(problem *pb, size_t nh, const size_t *h, const int *f,
                                     size_t nva, uint64_t seed) {
  const size_t Q = pb->Q;
  if (Q > PROBLEM_QMAX) tap_ok(0, "a test problem holds at most %d samples (%zu)", PROBLEM_QMAX, Q);
  clm_feedforwardnet(&pb->net, nh, h);
  for (size_t l = 0; l <= nh; l++) {
    clm_transfer t;
    clm_transfer_from_name(naive_transfer_name(f[l]), &t);
    clm_net_set_transfer(pb->net, l + 1, t);
  }
  int st = clm_configure(pb->net, pb->X, pb->R, pb->T, pb->O, Q, seed);
  if (st != CLM_OK) tap_diag("configure failed: %s", clm_strerror(st));
  size_t step = nva ? Q / nva : 0;
  for (size_t q = 0; q < Q && q < PROBLEM_QMAX; q++) {
    if (nva && q % step == step / 2 && pb->nva < nva) pb->va[pb->nva++] = q;
    else pb->tr[pb->ntr++] = q;
  }
  clm_net_set_divideind(pb->net, pb->tr, pb->ntr, pb->va, pb->nva, NULL, 0);
  if (!naive_setup(&pb->r, pb->R, pb->O, Q, pb->X, pb->T, nh, h, f))
    tap_ok(0, "the naive reference holds at most %d layers of %d neurons", NAIVE_LMAX, NAIVE_WMAX);
}

/* performFcn sse, in the network and the reference. */
static inline void problem_use_sse(problem *pb) {
  clm_net_set_performfcn(pb->net, CLM_SSE);
  pb->r.sse = 1;
}

static inline void problem_free(problem *pb) {
  free(pb->X);
  free(pb->T);
  clm_net_free(pb->net);
}
/* The data of the thread tests: 3 inputs uniform on [-1,1], 2 targets
 * sin(3 x1) x2 and x3^2 + 0.1 u, u uniform on [0,1) (xorshift64* from
 * *rng); X (3 x Q) and T (2 x Q) are the caller's. */
static inline void threads_data(size_t Q, uint64_t *rng, double *X, double *T) {
  const size_t R = 3, O = 2;
  for (size_t q = 0; q < Q; q++) {
    for (size_t i = 0; i < R; i++) X[q * R + i] = xorshift_uniform(rng) * 2 - 1;
    T[q * O] = sin(3 * X[q * R]) * X[q * R + 1];
    T[q * O + 1] = X[q * R + 2] * X[q * R + 2] + 0.1 * xorshift_uniform(rng);
  }
}

/* The thread tests' trainings: feedforwardnet(7), unconfigured, trained
 * on threads_data by t (clm_train_sized, seed 4242, `epochs` epochs, the
 * trainer's other defaults) once with 1 and once with 2 threads.  rec[k]
 * (initialised here) and the final weights w[k] (malloc'ed, *P of them)
 * of the run with k + 1 threads; CLM_OK when both runs returned it. */
static inline int train_threads_1_2(const clm_trainer_type *t, size_t epochs, const double *X,
                                    const double *T, size_t Q, clm_record rec[2], double *w[2],
                                    size_t *P) {
  int st = CLM_OK;
  *P = 0;
  for (int th = 0; th < 2; th++) {
    size_t h[] = {7};
    clm_net *net;
    clm_feedforwardnet(&net, 1, h);
    clm_trainparam p = clm_trainparam_default(t);
    p.seed = 4242;
    p.threads = th + 1;
    p.epochs = epochs;
    clm_record_init(&rec[th]);
    int s = clm_train_sized(net, t, X, 3, T, 2, Q, &p, &rec[th]);
    if (s != CLM_OK) st = s;
    *P = clm_net_num_weights(net);
    w[th] = malloc((*P ? *P : 1) * sizeof(double));
    clm_getwb(net, w[th]);
    clm_net_free(net);
  }
  return st;
}
#endif
