/* chaoslm tests — a tiny TAP producer (header-only).
 *
 * Each check prints one "ok N - text" / "not ok N - text" line; tap_done()
 * prints the plan and returns the exit status.  tap_skip_all() prints
 * "1..0 # SKIP reason" for programs that cannot run here (never counted as a
 * pass).  GPL-3.0-or-later. */
#ifndef CLM_TESTS_TAP_H
#define CLM_TESTS_TAP_H
#include <stdarg.h>
#include <stdio.h>
#include <math.h>

static int tap_n_ = 0, tap_fail_ = 0;

static int tap_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int tap_ok(int cond, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  tap_n_++;
  printf("%sok %d - ", cond ? "" : "not ", tap_n_);
  vprintf(fmt, ap);
  printf("\n");
  fflush(stdout);
  va_end(ap);
  if (!cond) tap_fail_++;
  return cond;
}

/* Diagnostic line (ignored by the TAP driver). */
static void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2), unused));
static void tap_diag(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("# ");
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
}

/* Relative difference |a-b| / max(|a|,|b|,floor). */
static double tap_reldiff(double a, double b, double floor_) __attribute__((unused));
static double tap_reldiff(double a, double b, double floor_) {
  double s = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
  if (s < floor_) s = floor_;
  return fabs(a - b) / s;
}

static int tap_done(void) __attribute__((unused));
static int tap_done(void) {
  printf("1..%d\n", tap_n_);
  return tap_fail_ ? 1 : 0;
}

static int tap_skip_all(const char *reason) __attribute__((unused));
static int tap_skip_all(const char *reason) {
  printf("1..0 # SKIP %s\n", reason);
  return 0;
}
#endif
