/* chaoslm tests — linear-solver conformance suite on the CPU backend, the
 * backend choice (clm__linsolver_choose, clm_linsolver_available) and the
 * fallback path.  The CUDA half of the suite is tests/test_linsolver_gpu.c.
 * GPL-3.0-or-later. */
#include <config.h>

#include <stdio.h>
#include <string.h>
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

int main(void) {
  suite_run(&clm__linsolver_cpu);
  suite_trace(&clm__linsolver_cpu);
  choose_checks();
  train_checks();
  return tap_done();
}
