/* chaoslm — choosing trainlm's linear-solver backend.
 *
 * auto: the GPU backend when it is compiled in, a device answers and the
 * problem is big enough (P >= CLM__GPU_AUTO_MIN_P), else the CPU backend.
 * The threshold is PROVISIONAL: 1500 unknowns is where a P^3/3 Cholesky plus
 * the P^2 J'J accumulation is expected to outweigh host-device transfers on
 * the project's H100; it is to be replaced by the crossover measured with
 * bench/bench_train on a machine with a GPU.
 *
 * The CUDA table is referenced weakly, so this file links whether or not
 * solvers/linsolver_cuda.c is part of the build yet: an absent table reads
 * as "not compiled in".
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include <stdio.h>
#include <string.h>
#include "linsolver.h"

/* Smallest P for which auto picks the GPU (provisional, see above). */
#define CLM__GPU_AUTO_MIN_P ((size_t)1500)

#ifdef HAVE_CUDA
#pragma weak clm__linsolver_cuda
#endif

/* The GPU table, or NULL when it is not compiled in. */
static const clm_linsolver_type *gpu_table(void) {
#ifdef HAVE_CUDA
  const clm_linsolver_type *t = &clm__linsolver_cuda;
  return t;
#else
  return NULL;
#endif
}

static void say(char *buf, size_t len, const char *text, const char *detail) {
  if (!buf || !len) return;
  if (detail && *detail)
    snprintf(buf, len, "%s (%s)", text, detail);
  else
    snprintf(buf, len, "%s", text);
}

int clm_linsolver_available(clm_backend b, char *why, size_t why_len) {
  if (why && why_len) why[0] = '\0';
  switch (b) {
  case CLM_BACKEND_AUTO:
  case CLM_BACKEND_CPU:
    return clm__linsolver_cpu.available(why, why_len);
  case CLM_BACKEND_GPU: {
    const clm_linsolver_type *g = gpu_table();
    if (!g) {
      say(why, why_len, "built without CUDA", NULL);
      return 0;
    }
    return g->available(why, why_len) ? 1 : 0;
  }
  default:
    say(why, why_len, "unknown backend", NULL);
    return 0;
  }
}

int clm__linsolver_choose(clm_backend request, size_t P, const clm_linsolver_type **out,
                          char *note, size_t note_len) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  if (note && note_len) note[0] = '\0';
  char why[96] = "";
  const clm_linsolver_type *g = gpu_table();
  switch (request) {
  case CLM_BACKEND_CPU:
    *out = &clm__linsolver_cpu;
    say(note, note_len, "cpu requested", NULL);
    return CLM_OK;
  case CLM_BACKEND_GPU:
    if (!g) {
      say(note, note_len, "gpu requested but built without CUDA", NULL);
      return CLM_EBACKEND;
    }
    if (!g->available(why, sizeof why)) {
      say(note, note_len, "gpu requested but unavailable", why);
      return CLM_EBACKEND;
    }
    *out = g;
    say(note, note_len, "gpu requested", NULL);
    return CLM_OK;
  case CLM_BACKEND_AUTO:
    *out = &clm__linsolver_cpu;
    if (!g) {
      say(note, note_len, "auto: cpu, built without CUDA", NULL);
    } else if (P < CLM__GPU_AUTO_MIN_P) {
      char d[64];
      snprintf(d, sizeof d, "P = %zu < %zu", P, CLM__GPU_AUTO_MIN_P);
      say(note, note_len, "auto: cpu, problem too small for the gpu", d);
    } else if (!g->available(why, sizeof why)) {
      say(note, note_len, "auto: cpu, gpu unavailable", why);
    } else {
      *out = g;
      char d[64];
      snprintf(d, sizeof d, "P = %zu >= %zu", P, CLM__GPU_AUTO_MIN_P);
      say(note, note_len, "auto: gpu", d);
    }
    return CLM_OK;
  default:
    return CLM_EPARAM;
  }
}
