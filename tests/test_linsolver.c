/* chaoslm tests — linear-solver conformance suite on the CPU backend, the
 * backend choice (clm__linsolver_choose, clm_linsolver_available) and the
 * fallback path.  The CUDA half of the suite is tests/test_linsolver_gpu.c.
 * GPL-3.0-or-later. */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <lapacke.h>
#include "linsolver_suite.h"

/* Backend choice: what this machine offers decides what each request gets. */
static void choose_checks(void) {
  char why[160] = "", note[160] = "";
  int gpu = clm_linsolver_available(CLM_BACKEND_GPU, why, sizeof why);
  tap_diag("GPU available: %d (%s)", gpu, why);
  tap_ok(clm_linsolver_available(CLM_BACKEND_CPU, NULL, 0) == 1, "cpu: always available");
#ifndef HAVE_CUDA
  tap_ok(gpu == 0, "gpu: not available in a build without CUDA (%s)", why);
#endif

  const clm_linsolver_type *t = NULL;
  int s = clm__linsolver_choose(CLM_BACKEND_CPU, 5000, 40000, &t, note, sizeof note);
  tap_ok(s == CLM_OK && t == &clm__linsolver_cpu, "choose(cpu, P=5000) = cpu (%s; \"%s\")",
         clm_status_name(s), note);

  t = NULL;
  note[0] = 0;
  s = clm__linsolver_choose(CLM_BACKEND_GPU, 5000, 40000, &t, note, sizeof note);
  if (gpu) {
#ifdef HAVE_CUDA
    tap_ok(s == CLM_OK && t == &clm__linsolver_cuda, "choose(gpu, P=5000) = cuda (\"%s\")",
           note);
#endif
  } else {
    tap_ok(s == CLM_EBACKEND, "choose(gpu) without a device = CLM_EBACKEND (got %s; \"%s\")",
           clm_status_name(s), note);
    tap_ok(note[0] != 0, "choose(gpu) without a device says why (\"%s\")", note);
  }

  t = NULL;
  note[0] = 0;
  s = clm__linsolver_choose(CLM_BACKEND_AUTO, 10000, 40000, &t, note, sizeof note);
  if (gpu) {
#ifdef HAVE_CUDA
    tap_ok(s == CLM_OK && t == &clm__linsolver_cuda, "choose(auto, P=10000) = cuda (\"%s\")",
           note);
#endif
  } else {
    tap_ok(s == CLM_OK && t == &clm__linsolver_cpu,
           "choose(auto, P=10000) without a device falls back to cpu (%s)", clm_status_name(s));
    tap_ok(note[0] != 0, "auto fallback says why (\"%s\")", note);
  }

  /* A tiny problem never goes to the GPU, device or not. */
  t = NULL;
  note[0] = 0;
  s = clm__linsolver_choose(CLM_BACKEND_AUTO, 5, 1000000, &t, note, sizeof note);
  tap_ok(s == CLM_OK && t == &clm__linsolver_cpu && note[0] != 0,
         "choose(auto, P=5) = cpu (\"%s\")", note);

  /* The threshold is on the epoch's J'J work P^2 * rows (and a smallest
   * P), not on P alone: P = 2000 with few rows stays on the cpu, and so
   * does P = 150 with any number of rows. */
  tap_ok(!clm__linsolver_gpu_pays(2000, 100) && clm__linsolver_gpu_pays(2000, 1000) &&
             clm__linsolver_gpu_pays(300, 20000) && !clm__linsolver_gpu_pays(300, 1000) &&
             !clm__linsolver_gpu_pays(150, 100000000),
         "auto's threshold depends on P^2 * rows: (2000,100) cpu, (2000,1000) gpu, "
         "(300,20000) gpu, (300,1000) cpu, (150,1e8) cpu");
  t = NULL;
  s = clm__linsolver_choose(CLM_BACKEND_AUTO, 2000, 100, &t, note, sizeof note);
  tap_ok(s == CLM_OK && t == &clm__linsolver_cpu && strstr(note, "too small"),
         "choose(auto, P=2000, rows=100) = cpu, too small (\"%s\")", note);

  t = NULL;
  s = clm__linsolver_choose(CLM_BACKEND_COUNT_, 100, 100, &t, note, sizeof note);
  tap_ok(s != CLM_OK, "choose(an unknown backend) fails (%s)", clm_status_name(s));
  s = clm__linsolver_choose(CLM_BACKEND_CPU, 100, 100, NULL, note, sizeof note);
  tap_ok(s != CLM_OK, "choose(out == NULL) fails (%s)", clm_status_name(s));
}

/* The fallback path through clm_train: auto on a problem big enough for the
 * GPU (P = 1801, 420 training rows: P^2 rows = 1.4e9) runs, and the record says which backend ran and why; an
 * explicit gpu request without a device is CLM_EBACKEND. */
static void train_checks(void) {
  char why[160] = "";
  int gpu = clm_linsolver_available(CLM_BACKEND_GPU, why, sizeof why);
  clm_record rec;
  clm_record_init(&rec);
  size_t P = 0;
  int s = suite_train(CLM_BACKEND_AUTO, 10, 150, 1, 600, 2, 11, &rec, NULL, &P);
  tap_ok(s == CLM_OK, "train auto, P=%zu, 2 epochs: %s", P, clm_status_name(s));
  tap_ok(rec.backend_requested == CLM_BACKEND_AUTO, "record: backend_requested = auto");
  if (!gpu) {
    tap_ok(rec.backend_used == CLM_BACKEND_CPU, "record: no device, backend_used = cpu (%s)",
           clm_backend_name(rec.backend_used));
    tap_ok(strstr(rec.backend_note, "unavailable") != NULL || strstr(rec.backend_note, "without") != NULL,
           "record: the note says why (\"%s\")", rec.backend_note);
  } else {
    tap_ok(rec.backend_used == CLM_BACKEND_GPU, "record: device present, backend_used = gpu (\"%s\")",
           rec.backend_note);
  }
  clm_record_free(&rec);

  clm_record_init(&rec);
  s = suite_train(CLM_BACKEND_GPU, 3, 6, 1, 60, 2, 12, &rec, NULL, NULL);
  if (!gpu)
    tap_ok(s == CLM_EBACKEND, "train with backend gpu and no device = CLM_EBACKEND (%s)",
           clm_status_name(s));
  else
    tap_ok(s == CLM_OK && rec.backend_used == CLM_BACKEND_GPU, "train with backend gpu runs on it");
  clm_record_free(&rec);

  /* auto on a small net is the cpu run, bit for bit. */
  clm_record ra, rc;
  clm_record_init(&ra);
  clm_record_init(&rc);
  double *wa = NULL, *wc = NULL;
  size_t Pa = 0;
  int sa = suite_train(CLM_BACKEND_AUTO, 3, 8, 2, 80, 8, 13, &ra, &wa, &Pa);
  int sc = suite_train(CLM_BACKEND_CPU, 3, 8, 2, 80, 8, 13, &rc, &wc, NULL);
  tap_ok(sa == CLM_OK && sc == CLM_OK && ra.backend_used == CLM_BACKEND_CPU &&
             suite_record_diff(&ra, &rc) == 0 && wa && wc && !memcmp(wa, wc, Pa * sizeof *wa),
         "auto at P=%zu = cpu run bit for bit (\"%s\")", Pa, ra.backend_note);
  free(wa);
  free(wc);
  clm_record_free(&ra);
  clm_record_free(&rc);
}

/* The trace bound itself (clm__rcond_trace_ok, solvers/linsolver.c),
 * against LAPACK: J'J of graded random Jacobians (column scales down to
 * 1e-12, so J'J is numerically singular), the traced matrix
 * beta J'J + alpha I for beta in {1, 1e9}, alpha in {1e-6, 1e-2, 1}, its
 * trace from the backend, and trial matrices beta J'J + fl(alpha + mu) I
 * over mu = 0 .. 1e6.  Whenever the bound vouches for a trial, DPOTRF +
 * DPOCON of that trial must give rcond >= eps (the margin is in fact much
 * larger: the smallest rcond it vouched for is printed).  The sweep must
 * contain trials DPOCON refuses (the bound is tested near its edge) and
 * trials the bound vouches for although the row-count bound
 * (clm__rcond_surely_ok) cannot (it is what trainbr gains). */
static void trace_bound_checks(void) {
  const size_t Ps[] = {8, 31, 60, 150};
  const double betas[] = {1.0, 1e9}, alphas[] = {1e-6, 1e-2, 1.0};
  const double mus[] = {0, 1e-12, 1e-9, 1e-6, 1e-3, 1e-1, 1.0, 1e3, 1e6};
  size_t n_trial = 0, n_vouched = 0, n_refused = 0, n_gain = 0, n_wrong = 0, n_fail = 0;
  double least = INFINITY;
  for (size_t c = 0; c < sizeof Ps / sizeof Ps[0]; c++) {
    const size_t P = Ps[c], n = 2 * P + 11;
    double *J = malloc(n * P * sizeof *J), *JJ = calloc(P * P, sizeof *JJ),
           *A = malloc(P * P * sizeof *A), *work = malloc(3 * P * sizeof *work),
           *je = calloc(P, sizeof *je);
    lapack_int *iwork = malloc(P * sizeof *iwork);
    void *st = NULL;
    if (!J || !JJ || !A || !work || !je || !iwork ||
        clm__linsolver_cpu.alloc(&st, P, 64, 1) != CLM_OK) {
      n_fail++;
      goto next;
    }
    suite_rng r = {20261204 + c};
    for (size_t i = 0; i < n; i++)
      for (size_t j = 0; j < P; j++)
        J[i * P + j] = suite_unif(&r) * pow(10.0, -12.0 * (double)j / (double)(P - 1));
    for (size_t i = 0; i < P; i++)
      for (size_t j = 0; j < P; j++) {
        double sum = 0.0;
        for (size_t k = 0; k < n; k++) sum += J[k * P + i] * J[k * P + j];
        JJ[i + j * P] = sum;
      }
    if (clm__linsolver_cpu.set_jj(st, JJ, je) != CLM_OK) {
      n_fail++;
      goto next;
    }
    for (size_t b = 0; b < 2; b++)
      for (size_t a = 0; a < 3; a++) {
        const double beta = betas[b], alpha = alphas[a];
        double trace = NAN;
        if (clm__linsolver_cpu.trace_inv(st, beta, alpha, &trace) != CLM_OK) {
          n_fail++;
          continue;
        }
        for (size_t m = 0; m < sizeof mus / sizeof mus[0]; m++) {
          const double mu = alpha + mus[m];
          double anorm = 0.0, trs = 0.0;
          for (size_t j = 0; j < P; j++) {
            double cs = 0.0;
            for (size_t i = 0; i < P; i++) {
              double v = beta * JJ[i + j * P] + (i == j ? mu : 0.0);
              A[i + j * P] = v;
              cs += fabs(v);
            }
            trs += beta * JJ[j + j * P];
            if (cs > anorm) anorm = cs;
          }
          int vouch = clm__rcond_trace_ok(P, anorm, mu, alpha, trace);
          double rcond = 0.0;
          lapack_int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'U', (lapack_int)P, A,
                                                (lapack_int)P);
          if (info == 0)
            info = LAPACKE_dpocon_work(LAPACK_COL_MAJOR, 'U', (lapack_int)P, A, (lapack_int)P,
                                       anorm, &rcond, work, iwork);
          else
            rcond = 0.0;
          n_trial++;
          n_refused += !(rcond >= DBL_EPSILON);
          if (vouch) {
            n_vouched++;
            if (!(rcond >= DBL_EPSILON)) n_wrong++;
            if (rcond < least) least = rcond;
            n_gain += !clm__rcond_surely_ok(1, n, P, mu, trs, anorm);
          }
        }
      }
  next:
    if (st) clm__linsolver_cpu.free(st);
    free(J);
    free(JJ);
    free(A);
    free(work);
    free(je);
    free(iwork);
  }
  tap_ok(n_fail == 0 && n_wrong == 0 && n_vouched > 0,
         "trace bound vs DPOCON: %zu trials, vouched for %zu, all with rcond >= eps (least %.2g "
         "= %.3g eps)", n_trial, n_vouched, least, least / DBL_EPSILON);
  tap_ok(n_refused > 0 && n_gain > 0,
         "the sweep reaches DPOCON's refusals (%zu) and the bound vouches where the row-count "
         "bound cannot (%zu)", n_refused, n_gain);
}

int main(void) {
  suite_run(&clm__linsolver_cpu);
  suite_trace(&clm__linsolver_cpu);
  suite_trace_bound(&clm__linsolver_cpu);
  trace_bound_checks();
  choose_checks();
  train_checks();
  return tap_done();
}
