/* chaoslm benchmarks — the clock and the data generators every benchmark
 * program shares (header-only; benchmarks are not part of the library).
 * GPL-3.0-or-later. */
#ifndef CLM_BENCH_UTIL_H
#define CLM_BENCH_UTIL_H
#include <stdint.h>
#include <time.h>

/* Monotonic wall-clock time in seconds. */
static inline double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* xorshift64* uniform in [0,1), state advanced in place. */
static inline double bench_xorshift(uint64_t *s) {
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return (double)((*s * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
}

/* SplitMix64 uniform in [0,1), state advanced in place. */
static inline double bench_splitmix(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}
#endif
