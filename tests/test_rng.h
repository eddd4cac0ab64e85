/* chaoslm tests — small deterministic generators for test data and
 * weights (header-only).  The state is the caller's, advanced in place;
 * a test keeps one state per stream it needs.  GPL-3.0-or-later. */
#ifndef CLM_TESTS_TEST_RNG_H
#define CLM_TESTS_TEST_RNG_H
#include <stdint.h>

/* xorshift64*: uniform on [0,1).  The state must not be 0. */
static inline double xorshift_uniform(uint64_t *s) {
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return (double)((*s * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
}

/* SplitMix64: uniform on [0,1); any state. */
static inline double splitmix_uniform(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}
#endif
