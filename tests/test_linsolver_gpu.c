/* chaoslm tests — linear-solver conformance suite on the CUDA backend, and
 * the CUDA backend against the CPU backend on a problem large enough to
 * cycle the pinned double buffers several times.  Without CUDA in the build,
 * or without a device that answers, the program prints "1..0 # SKIP reason"
 * (a skip, never a pass).  GPL-3.0-or-later. */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include "linsolver_suite.h"

#ifdef HAVE_CUDA
/* CPU and GPU on the same rows: P = 600, n = 20000 (96 MB of J, about three
 * 32 MiB chunks), blocks of 256 rows as the evaluator sends them. */
static void cross_check(void) {
  const size_t P = 600, n = 20000, block = 256;
  const clm_linsolver_type *T[2] = {&clm__linsolver_cpu, &clm__linsolver_cuda};
  void *st[2] = {NULL, NULL};
  double *J = malloc(block * P * sizeof *J), *e = malloc(block * sizeof *e);
  double *JE[2], *dg[2], *JJ[2], *x[2], *b = malloc(P * sizeof *b);
  int s = J && e && b ? CLM_OK : CLM_ENOMEM;
  for (int k = 0; k < 2; k++) {
    JE[k] = malloc(P * sizeof(double));
    dg[k] = malloc(P * sizeof(double));
    x[k] = malloc(P * sizeof(double));
    JJ[k] = calloc(P * P, sizeof(double));
    if (!JE[k] || !dg[k] || !x[k] || !JJ[k]) s = CLM_ENOMEM;
    if (s == CLM_OK) s = T[k]->alloc(&st[k], P, block, 2);
    if (s == CLM_OK && T[k]->describe) tap_diag("%s: %s", T[k]->name, T[k]->describe(st[k]));
    if (s == CLM_OK) s = T[k]->begin(st[k]);
  }
  /* Rows generated block by block from one seed: both backends see the same
   * stream without holding the whole J. */
  suite_rng r = {777};
  for (size_t r0 = 0; s == CLM_OK && r0 < n; r0 += block) {
    size_t m = n - r0 < block ? n - r0 : block;
    for (size_t i = 0; i < m * P; i++) J[i] = suite_unif(&r);
    for (size_t i = 0; i < m; i++) e[i] = suite_unif(&r);
    for (int k = 0; k < 2 && s == CLM_OK; k++) s = T[k]->accumulate(st[k], J, e, m, P);
  }
  for (int k = 0; k < 2 && s == CLM_OK; k++) s = T[k]->end(st[k], JE[k], dg[k]);
  for (int k = 0; k < 2 && s == CLM_OK; k++) s = T[k]->get_jj(st[k], JJ[k]);
  tap_ok(s == CLM_OK, "cuda vs cpu: accumulate P=%zu n=%zu in %zu-row blocks (%s)", P, n, block,
         clm_status_name(s));
  if (s == CLM_OK) {
    tap_ok(suite_relerr(JE[1], JE[0], P) < 1e-12, "cuda vs cpu: J'e rel diff %.1e",
           suite_relerr(JE[1], JE[0], P));
    tap_ok(suite_relerr(dg[1], dg[0], P) < 1e-12, "cuda vs cpu: diag(J'J) rel diff %.1e",
           suite_relerr(dg[1], dg[0], P));
    tap_ok(suite_relerr_upper(JJ[1], JJ[0], P) < 1e-12, "cuda vs cpu: J'J rel diff %.1e",
           suite_relerr_upper(JJ[1], JJ[0], P));
    for (size_t i = 0; i < P; i++) b[i] = suite_unif(&r);
    const double mus[] = {1e-3, 1.0};
    for (size_t q = 0; q < 2; q++) {
      for (int k = 0; k < 2 && s == CLM_OK; k++) s = T[k]->factor(st[k], 1.0 / n, mus[q]);
      for (int k = 0; k < 2 && s == CLM_OK; k++) s = T[k]->solve(st[k], b, x[k]);
      tap_ok(s == CLM_OK && suite_relerr(x[1], x[0], P) < 1e-9,
             "cuda vs cpu: solve at mu=%g rel diff %.1e", mus[q], suite_relerr(x[1], x[0], P));
    }
    /* trainbr's trace of (beta JJ + alpha I)^-1 */
    double tr[2] = {NAN, NAN};
    for (int k = 0; k < 2 && s == CLM_OK; k++) s = T[k]->trace_inv(st[k], 0.37, 2e-3, &tr[k]);
    double d = fabs(tr[1] - tr[0]) / fabs(tr[0]);
    tap_ok(s == CLM_OK && d < 1e-10, "cuda vs cpu: trace_inv %.15g vs %.15g, rel diff %.1e", tr[1],
           tr[0], d);
  }
  for (int k = 0; k < 2; k++) {
    if (st[k]) T[k]->free(st[k]);
    free(JE[k]);
    free(dg[k]);
    free(x[k]);
    free(JJ[k]);
  }
  free(J);
  free(e);
  free(b);
}

/* trainlm with backend gpu gives the cpu's record within 1e-9 relative per
 * epoch (perf, vperf, tperf, mu, gradient) and the same final weights. */
static void train_compare_with(const clm_trainer_type *t, clm_backend gb, size_t n_in,
                               size_t hidden, size_t n_out, size_t Q, size_t epochs,
                               uint64_t seed) {
  clm_record rc, rg;
  clm_record_init(&rc);
  clm_record_init(&rg);
  double *wc = NULL, *wg = NULL;
  size_t P = 0;
  int sc = suite_train_with(t, CLM_BACKEND_CPU, n_in, hidden, n_out, Q, epochs, seed, &rc, &wc,
                            &P);
  int sg = suite_train_with(t, gb, n_in, hidden, n_out, Q, epochs, seed, &rg, &wg, NULL);
  tap_ok(sc == CLM_OK && sg == CLM_OK && rg.backend_used == CLM_BACKEND_GPU,
         "%s %zu-%zu-%zu (P=%zu, Q=%zu, seed %llu) on cpu and %s: %s / %s, used %s (\"%s\")",
         clm_trainer_name(t), n_in, hidden, n_out, P, Q, (unsigned long long)seed,
         clm_backend_name(gb),
         clm_status_name(sc), clm_status_name(sg), clm_backend_name(rg.backend_used),
         rg.backend_note);
  if (sc == CLM_OK && sg == CLM_OK) {
    double d = suite_record_diff(&rg, &rc);
    tap_ok(d <= 1e-9, "  records equal within 1e-9 over %zu epochs (stop %d/%d): max rel diff %.1e",
           rc.num_epochs, (int)rc.stop, (int)rg.stop, d);
    tap_ok(wc && wg && suite_relerr(wg, wc, P) <= 1e-9, "  final weights rel diff %.1e",
           wc && wg ? suite_relerr(wg, wc, P) : -1.0);
    tap_diag("  rejected steps cpu %llu gpu %llu", (unsigned long long)rc.n_rejected,
             (unsigned long long)rg.n_rejected);
  }
  free(wc);
  free(wg);
  clm_record_free(&rc);
  clm_record_free(&rg);
}

static void train_compare(clm_backend gb, size_t n_in, size_t hidden, size_t n_out, size_t Q,
                          size_t epochs, uint64_t seed) {
  train_compare_with(clm_trainlm, gb, n_in, hidden, n_out, Q, epochs, seed);
}
#endif

int main(void) {
#ifndef HAVE_CUDA
  return tap_skip_all("no usable GPU (built without CUDA: configure found no toolkit or --without-cuda)");
#else
  char why[160] = "";
  if (!clm__linsolver_cuda.available(why, sizeof why)) {
    char reason[200];
    snprintf(reason, sizeof reason, "no usable GPU (built with CUDA; %s)", why);
    return tap_skip_all(reason);
  }
  tap_diag("%s", why);
  suite_run(&clm__linsolver_cuda);
  suite_trace(&clm__linsolver_cuda);
  suite_trace_bound(&clm__linsolver_cuda);
  cross_check();
  suite_decisions_match(&clm__linsolver_cpu, &clm__linsolver_cuda);
  train_compare(CLM_BACKEND_GPU, 3, 8, 2, 80, 15, 21);
  train_compare(CLM_BACKEND_GPU, 5, 20, 1, 150, 15, 22);
  train_compare(CLM_BACKEND_AUTO, 10, 150, 1, 600, 3, 23); /* P = 1801, 420 rows: auto picks the gpu */
  /* trainbr: the trace of the inverse on the device (TRTRI + sum kernel) */
  train_compare_with(clm_trainbr, CLM_BACKEND_GPU, 3, 8, 2, 80, 15, 24);
  train_compare_with(clm_trainbr, CLM_BACKEND_GPU, 5, 20, 1, 150, 15, 25);

  const clm_linsolver_type *t = NULL;
  char note[160] = "";
  int s = clm__linsolver_choose(CLM_BACKEND_GPU, 100, 1000, &t, note, sizeof note);
  tap_ok(s == CLM_OK && t == &clm__linsolver_cuda, "choose(gpu, P=100) = cuda (\"%s\")", note);
  s = clm__linsolver_choose(CLM_BACKEND_AUTO, 10000, 10000, &t, note, sizeof note);
  tap_ok(s == CLM_OK && t == &clm__linsolver_cuda, "choose(auto, P=10000) = cuda (\"%s\")", note);
  return tap_done();
#endif
}
