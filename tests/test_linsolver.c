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
  int s = clm__linsolver_choose(CLM_BACKEND_CPU, 5000, &t, note, sizeof note);
  tap_ok(s == CLM_OK && t == &clm__linsolver_cpu, "choose(cpu, P=5000) = cpu (%s; \"%s\")",
         clm_status_name(s), note);

  t = NULL;
  note[0] = 0;
  s = clm__linsolver_choose(CLM_BACKEND_GPU, 5000, &t, note, sizeof note);
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
  s = clm__linsolver_choose(CLM_BACKEND_AUTO, 10000, &t, note, sizeof note);
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
  s = clm__linsolver_choose(CLM_BACKEND_AUTO, 5, &t, note, sizeof note);
  tap_ok(s == CLM_OK && t == &clm__linsolver_cpu && note[0] != 0,
         "choose(auto, P=5) = cpu (\"%s\")", note);

  t = NULL;
  s = clm__linsolver_choose(CLM_BACKEND_COUNT_, 100, &t, note, sizeof note);
  tap_ok(s != CLM_OK, "choose(an unknown backend) fails (%s)", clm_status_name(s));
  s = clm__linsolver_choose(CLM_BACKEND_CPU, 100, NULL, note, sizeof note);
  tap_ok(s != CLM_OK, "choose(out == NULL) fails (%s)", clm_status_name(s));
}

int main(void) {
  suite_run(&clm__linsolver_cpu);
  choose_checks();
  return tap_done();
}
