/* chaoslm — the library's random-number streams (internal, never installed).
 *
 * Every random draw of chaoslm (weight initialisation, dividerand, ...)
 * comes from a GSL Mersenne Twister (gsl_rng_mt19937) created for the call
 * from an explicit 64-bit seed.  There is no global generator.  See rng.c
 * for how the 64-bit seed is folded into the 32 bits that MT19937 uses.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_RNG_H
#define CLM_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* A stream: a gsl_rng whose state we allocate ourselves, so that running out
 * of memory is reported as CLM_ENOMEM instead of reaching GSL's error
 * handler (which aborts by default, and which a library may not replace). */
typedef struct clm_rng {
  gsl_rng r;
} clm_rng;

/* Open a stream seeded with clm__rng_seed32(seed).  Returns CLM_OK or
 * CLM_ENOMEM (then nothing needs closing). */
int clm__rng_open(clm_rng *s, uint64_t seed);
/* Re-seed an open stream as clm__rng_open would (no allocation). */
void clm__rng_reseed(clm_rng *s, uint64_t seed);
/* Release the state; safe on a zeroed or already closed stream. */
void clm__rng_close(clm_rng *s);
/* Uniform on [0,1) with 32-bit resolution: k / 2^32 for the next MT output k. */
double clm__rng_uniform(clm_rng *s);
/* Uniform on [-1,1): 2*u - 1 (MATLAB's rands). */
double clm__rng_rands(clm_rng *s);

#endif /* CLM_RNG_H */
