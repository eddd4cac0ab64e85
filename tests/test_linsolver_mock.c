/* chaoslm tests — the CUDA backend's own logic on a machine without a GPU:
 * solvers/linsolver_cuda.c compiled with CLM_CUDA_MOCK (its CUDA table
 * filled with the host stand-ins of tests/cuda_mock.c) and 4 KiB pinned
 * chunks, so that blocks are regrouped, the two buffers alternate and J'J
 * comes back in many panels even on small problems.  Runs the conformance
 * suite, the comparison with the CPU backend, and the error paths: every
 * allocation of alloc() failing in turn (CLM_ENOMEM, nothing leaked) and a
 * failing factorisation (CLM_EDEVICE).  This proves the bookkeeping, not
 * the device: tests/test_linsolver_gpu does that where a GPU exists.
 * GPL-3.0-or-later. */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include "linsolver_suite.h"

extern const clm_linsolver_type clm__linsolver_cuda_mock;
void mock_fail_after(long k);
long mock_live_allocations(void);

/* Mock vs CPU on P = 300, n = 5000 rows in 64-row blocks: about 80 chunk
 * flushes and a dozen J'J panels. */
static void cross_check(void) {
  const size_t P = 300, n = 5000, block = 64;
  const clm_linsolver_type *T[2] = {&clm__linsolver_cpu, &clm__linsolver_cuda_mock};
  suite_prob p;
  void *st[2] = {NULL, NULL};
  double JE[2][300], dg[2][300], x[2][300], b[300];
  double *JJ[2] = {calloc(P * P, sizeof(double)), calloc(P * P, sizeof(double))};
  int s = suite_prob_make(&p, n, P, 31337, P) == 0 && JJ[0] && JJ[1] ? CLM_OK : CLM_ENOMEM;
  const size_t sizes[] = {block, 5, block, 33};
  for (int k = 0; k < 2 && s == CLM_OK; k++) {
    s = T[k]->alloc(&st[k], P, block, 2);
    if (s == CLM_OK) s = suite_epoch(T[k], st[k], &p, sizes, 4, JE[k], dg[k]);
    if (s == CLM_OK) s = T[k]->get_jj(st[k], JJ[k]);
  }
  tap_ok(s == CLM_OK, "mock vs cpu: P=%zu n=%zu (%s)", P, n, clm_status_name(s));
  if (s == CLM_OK) {
    tap_ok(suite_relerr(JE[1], JE[0], P) < 1e-12 && suite_relerr(dg[1], dg[0], P) < 1e-12 &&
               suite_relerr_upper(JJ[1], JJ[0], P) < 1e-12 &&
               suite_relerr_upper(JJ[0], p.JJ, P) < 1e-12,
           "mock vs cpu: J'e %.1e, diag %.1e, J'J %.1e (cpu vs naive %.1e)",
           suite_relerr(JE[1], JE[0], P), suite_relerr(dg[1], dg[0], P),
           suite_relerr_upper(JJ[1], JJ[0], P), suite_relerr_upper(JJ[0], p.JJ, P));
    suite_rng r = {5};
    for (size_t i = 0; i < P; i++) b[i] = suite_unif(&r);
    for (int k = 0; k < 2 && s == CLM_OK; k++) s = T[k]->factor(st[k], 1.0 / n, 1e-6);
    for (int k = 0; k < 2 && s == CLM_OK; k++) s = T[k]->solve(st[k], b, x[k]);
    tap_ok(s == CLM_OK && suite_relerr(x[1], x[0], P) < 1e-9, "mock vs cpu: solve rel diff %.1e",
           suite_relerr(x[1], x[0], P));
  }
  for (int k = 0; k < 2; k++) {
    if (st[k]) T[k]->free(st[k]);
    free(JJ[k]);
  }
  suite_prob_free(&p);
}

static void fault_checks(void) {
  /* Every allocation of alloc() failing in turn. */
  long k = 1, bad = 0;
  int s = CLM_ENOMEM;
  void *st = NULL;
  for (; k < 200; k++) {
    mock_fail_after(k);
    st = NULL;
    s = clm__linsolver_cuda_mock.alloc(&st, 40, 16, 1);
    if (s == CLM_OK) break;
    /* host and device memory: CLM_ENOMEM; a cuBLAS/cuSOLVER handle that
     * cannot be created: CLM_EDEVICE */
    if ((s != CLM_ENOMEM && s != CLM_EDEVICE) || st != NULL || mock_live_allocations() != 0) {
      tap_diag("allocation %ld failing: %s, state %p, %ld live", k, clm_status_name(s), st,
               mock_live_allocations());
      bad++;
    }
  }
  mock_fail_after(0);
  tap_ok(s == CLM_OK && bad == 0 && k > 10,
         "mock: each of the first %ld allocations failing gives CLM_ENOMEM/EDEVICE, no state, no leak "
         "(%ld bad)", k - 1, bad);
  if (st) {
    const size_t b16[] = {16};
    suite_prob p;
    double je[40];
    int ok = suite_prob_make(&p, 50, 40, 3, 40) == 0 &&
             suite_epoch(&clm__linsolver_cuda_mock, st, &p, b16, 1, je, NULL) == CLM_OK;
    mock_fail_after(1);
    int sf = ok ? clm__linsolver_cuda_mock.factor(st, 1.0, 0.1) : -1;
    mock_fail_after(0);
    tap_ok(sf == CLM_EDEVICE, "mock: a failing cusolverDnDpotrf is CLM_EDEVICE (%s)",
           clm_status_name(sf));
    double x[40];
    int ss = clm__linsolver_cuda_mock.solve(st, je, x);
    tap_ok(ss != CLM_OK, "mock: solve after a failed factor is refused (%s)", clm_status_name(ss));
    suite_prob_free(&p);
    clm__linsolver_cuda_mock.free(st);
  }
  tap_ok(mock_live_allocations() == 0, "mock: free releases everything (%ld left)",
         mock_live_allocations());
}

int main(void) {
  char why[160] = "";
  tap_ok(clm__linsolver_cuda_mock.available(why, sizeof why) == 1, "mock: available (\"%s\")", why);
  suite_run(&clm__linsolver_cuda_mock);
  cross_check();
  suite_decisions_match(&clm__linsolver_cpu, &clm__linsolver_cuda_mock);
  fault_checks();
  return tap_done();
}
