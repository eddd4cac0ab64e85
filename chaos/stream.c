/* chaoslm — logistic-map streams for the chaotic search (doc/chaos.md, "The method").
 *
 * Each coordinate i of each search k in each phase p (0 = initialisation,
 * e = e-th escape, 1000 + r = r-th re-initialisation) owns one orbit of the
 * fully chaotic logistic map
 *
 *     z_{n+1} = 4 z_n (1 - z_n),   z in (0,1),
 *
 * whose invariant density is the arcsine law 1/(pi sqrt(z(1-z))).  The
 * substitution z = sin^2(pi theta / 2) conjugates it to the tent map, so
 * theta = (2/pi) asin(sqrt z) is uniform on (0,1) along the same orbit (the
 * "uniformised" output).
 *
 * Seeding is counter based: key = mix(seed, p, k, i) with the SplitMix64
 * finaliser, and the c-th counter value gives u_c in (0,1).  The seed is
 * z0 = delta + (1 - 2 delta) u, redrawn from the next counter while it lies
 * within delta = 1e-3 of 0.25, 0.5 or 0.75 (0.5 maps to 1 then 0; 0.75 is
 * the fixed point; 0.25 maps onto it); the margin keeps it away from 0 and 1.
 *
 * In binary floating point every orbit is eventually periodic and can be
 * absorbed by 0 (through 0.5 -> 1 -> 0) or stick to 0.75 (Persohn and
 * Povinelli, Chaos Solitons Fractals 45, 2012).  After every iterate a guard
 * re-seeds the orbit from the next counter value of its own key when z is
 * within 1e-12 of 0, 1 or 0.75.  Nothing depends on thread state, so the
 * stream of (seed, p, k, i) is the same wherever and whenever it is drawn.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <float.h>
#include "chaos_core.h"

#define GOLDEN 0x9e3779b97f4a7c15ull

uint64_t clm__chaos_key(uint64_t seed, uint64_t phase, uint64_t k, uint64_t i) {
  /* Absorb each word into the state and re-mix, like a sponge: distinct
   * tuples give unrelated keys (no (seed ^ phase) style cancellations). */
  uint64_t h = clm__mix64(seed + GOLDEN);
  h = clm__mix64(h ^ (phase + 0x632be59bd9b4e019ull));
  h = clm__mix64(h ^ (k + 0x8cb92ba72f3d8dd7ull));
  h = clm__mix64(h ^ (i + 0xd6e8feb86659fd93ull));
  return h;
}

double clm__chaos_u01(uint64_t key, uint64_t ctr) {
  uint64_t x = clm__mix64(key + (ctr + 1) * GOLDEN);
  return ((double)(x >> 11) + 0.5) * 0x1.0p-53;
}

/* Seed value from the next counter, avoiding the neighbourhoods of the
 * pre-fixed and fixed points. */
static double fresh_seed(clm__orbit *o) {
  const double d = CLM__CHAOS_DELTA;
  for (;;) {
    double z = d + (1.0 - 2.0 * d) * clm__chaos_u01(o->key, o->ctr++);
    if (fabs(z - 0.25) >= d && fabs(z - 0.5) >= d && fabs(z - 0.75) >= d) return z;
  }
}

static int collapsed(double z) {
  return !(z > CLM__CHAOS_EPS && z < 1.0 - CLM__CHAOS_EPS) || fabs(z - 0.75) <= CLM__CHAOS_EPS;
}

/* One map step with the guard. */
static double step(clm__orbit *o) {
  double z = 4.0 * o->z * (1.0 - o->z);
  if (collapsed(z)) {
    z = fresh_seed(o);
    o->n_reseed++;
  }
  o->z = z;
  return z;
}

void clm__orbit_seed(clm__orbit *o, clm_chaos_stream mode, uint64_t seed, uint64_t phase,
                     uint64_t k, uint64_t i, size_t warmup) {
  o->key = clm__chaos_key(seed, phase, k, i);
  o->ctr = 0;
  o->n_reseed = 0;
  o->z = 0.5;
  if (mode == CLM_CHAOS_RAW || mode == CLM_CHAOS_UNIFORMISED) {
    o->z = fresh_seed(o);
    for (size_t w = 0; w < warmup; w++) step(o);
  }
}

/* Keep a value strictly inside (0,1) (sin^2 and asin can round to 0 or 1). */
static double open01(double v) {
  if (v <= 0.0) return DBL_MIN;
  if (v >= 1.0) return 1.0 - DBL_EPSILON / 2;
  return v;
}

double clm__orbit_next(clm__orbit *o, clm_chaos_stream mode) {
  switch (mode) {
  case CLM_CHAOS_PRNG_UNIFORM:
    return clm__chaos_u01(o->key, o->ctr++);
  case CLM_CHAOS_PRNG_ARCSINE: {
    /* inverse CDF of the arcsine law: z = sin^2(pi u / 2) */
    double s = sin(M_PI_2 * clm__chaos_u01(o->key, o->ctr++));
    return open01(s * s);
  }
  case CLM_CHAOS_UNIFORMISED:
    return open01(M_2_PI * asin(sqrt(step(o))));
  case CLM_CHAOS_RAW:
  default:
    return step(o);
  }
}
