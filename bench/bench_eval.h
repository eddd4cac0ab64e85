/* chaoslm benchmarks — the library's evaluation passes prepared once for
 * timing them (header-only; the roofline parts of bench_train,
 * bench_trainbr and bench_trainers).  Uses the library's internal
 * evaluation (net_internal.h).  GPL-3.0-or-later. */
#ifndef CLM_BENCH_EVAL_H
#define CLM_BENCH_EVAL_H
#include <math.h>
#include <stdlib.h>
#include "net_internal.h"

/* Q samples of a configured network, prepared (inputs processed, skipped
 * samples marked) with a workspace for `threads` evaluation threads. */
typedef struct bench_eval {
  double *Xp;
  unsigned char *skip;
  clm_evalws *ws;
  clm_data d;
} bench_eval;

static inline void bench_eval_close(bench_eval *b) {
  clm__evalws_free(b->ws);
  free(b->Xp);
  free(b->skip);
  b->ws = NULL, b->Xp = NULL, b->skip = NULL;
}

/* Returns CLM_OK, or an error with b closed. */
static inline int bench_eval_open(bench_eval *b, const clm_net *net, const double *X,
                                  const double *T, size_t Q, int threads) {
  b->Xp = malloc(net->size[0] * Q * sizeof *b->Xp);
  b->skip = malloc(Q);
  b->ws = NULL;
  int st = b->Xp && b->skip ? clm__data_prepare(net, X, Q, b->Xp, b->skip) : CLM_ENOMEM;
  if (st == CLM_OK) st = clm__evalws_alloc(&b->ws, net, Q, threads);
  if (st != CLM_OK) bench_eval_close(b);
  b->d = (clm_data){Q, b->Xp, T, b->skip};
  return st;
}

/* Seconds of the fastest of `reps` forward passes (clm__eval_sse) over
 * all the samples at the network's weights, timed by `clock`. */
static inline double bench_fwd_best(const bench_eval *b, const clm_net *net, int reps,
                                    double (*clock)(void)) {
  double best = INFINITY;
  for (int rep = 0; rep < reps; rep++) {
    double sse;
    size_t cnt;
    double t0 = clock();
    clm__eval_sse(b->ws, net, net->wb, &b->d, NULL, b->d.Q, &sse, &cnt);
    double t1 = clock() - t0;
    if (t1 < best) best = t1;
  }
  return best;
}
#endif
