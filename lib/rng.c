/* chaoslm — seeding GSL's Mersenne Twister from a 64-bit seed.
 *
 * GSL's gsl_rng_mt19937 takes an `unsigned long` seed but uses only its low
 * 32 bits (mt[0] = s & 0xffffffff), and it replaces the seed 0 by 4357.
 * `unsigned long` is 32 bits on some platforms and 64 on others, so the
 * library folds its 64-bit seeds into 32 bits itself, the same way on every
 * platform:
 *
 *   z   = seed + 0x9E3779B97F4A7C15            (mod 2^64)
 *   z   = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 (mod 2^64)
 *   z   = (z ^ (z >> 27)) * 0x94D049BB133111EB (mod 2^64)
 *   z   =  z ^ (z >> 31)
 *   s32 = (z ^ (z >> 32)) & 0xffffffff
 *   if s32 == 0: s32 = 4357                     (what GSL would do anyway)
 *
 * The first four lines are one step of SplitMix64 (Steele, Lea and Flood,
 * "Fast splittable pseudorandom number generators", OOPSLA 2014; the
 * constants are those of Vigna's public-domain splitmix64.c).  Mixing first
 * means that all 64 bits of the seed matter, that nearby seeds (0, 1, 2...)
 * give unrelated MT states, and that the seed 0 is an ordinary seed (it
 * folds to a non-zero value) instead of silently aliasing seed 4357.  Two
 * 64-bit seeds can still share a 32-bit MT seed (2^64 seeds, 2^32 states);
 * that is inherent in MT19937's seeding routine.
 *
 * Draws: clm__rng_uniform returns gsl_rng_uniform (k / 2^32 for the next
 * 32-bit output k), exact in double, so the same seed gives the same
 * numbers on every machine.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <stdlib.h>
#include <string.h>
#include "net_internal.h"
#include "rng.h"

uint64_t clm__mix64(uint64_t x) {
  x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
  return x ^ (x >> 31);
}

unsigned long clm__rng_seed32(uint64_t seed) {
  uint64_t z = clm__mix64(seed + UINT64_C(0x9E3779B97F4A7C15));
  uint32_t s = (uint32_t)((z ^ (z >> 32)) & UINT64_C(0xffffffff));
  if (s == 0) s = 4357u;
  return (unsigned long)s;
}

int clm__rng_open(clm_rng *s, uint64_t seed) {
  memset(s, 0, sizeof *s);
  const gsl_rng_type *t = gsl_rng_mt19937;
  void *state = calloc(1, t->size);
  if (!state) return CLM_ENOMEM;
  s->r.type = t;
  s->r.state = state;
  gsl_rng_set(&s->r, clm__rng_seed32(seed));
  return CLM_OK;
}

void clm__rng_reseed(clm_rng *s, uint64_t seed) { gsl_rng_set(&s->r, clm__rng_seed32(seed)); }

void clm__rng_close(clm_rng *s) {
  if (!s) return;
  free(s->r.state);
  s->r.state = NULL;
  s->r.type = NULL;
}

double clm__rng_uniform(clm_rng *s) { return gsl_rng_uniform(&s->r); }

double clm__rng_rands(clm_rng *s) { return 2.0 * gsl_rng_uniform(&s->r) - 1.0; }
