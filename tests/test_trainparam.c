/* chaoslm tests — trainer descriptors and training parameters by name.
 *
 * For every registered trainer: each described parameter's default is what
 * clm_trainparam_default stores, the defaults pass clm_trainparam_check,
 * values just outside each bound are refused by clm_trainparam_set (with
 * the struct unchanged and a message naming the field) and by
 * clm_trainparam_check, values inside are stored and read back; unknown
 * names are refused with a "did you mean" hint; text parsing (numbers, Inf,
 * flags, backends); the registry lookups.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "chaoslm.h"
#include "tap.h"

/* A value just outside the lower bound of d, or NAN when there is none. */
static double below(const clm_param_info *d) {
  if (!isfinite(d->lo)) return NAN;
  if (d->type == CLM_PARAM_REAL)
    return d->flags & CLM_PARAM_LO_OPEN ? d->lo : nextafter(d->lo, -INFINITY);
  return d->flags & CLM_PARAM_LO_OPEN ? d->lo : d->lo - 1;
}

/* A value just outside the upper bound, or NAN when there is none. */
static double above(const clm_param_info *d) {
  if (isinf(d->hi)) return d->flags & (CLM_PARAM_INF_OK | CLM_PARAM_NAN_ZERO) ? NAN : INFINITY;
  if (d->type == CLM_PARAM_REAL)
    return d->flags & CLM_PARAM_HI_OPEN ? d->hi : nextafter(d->hi, INFINITY);
  if (d->flags & CLM_PARAM_HI_OPEN) return d->hi;
  return d->hi + 1 > d->hi ? d->hi + 1 : nextafter(d->hi, INFINITY);
}

static void check_trainer(const clm_trainer_type *t) {
  const char *tn = clm_trainer_name(t);
  const clm_trainparam def = clm_trainparam_default(t);
  char msg[256];
  tap_ok(clm_trainparam_check(t, &def, msg, sizeof msg) == CLM_OK, "%s: defaults pass the check (%s)",
         tn, msg);
  size_t n = clm_trainer_num_params(t);
  tap_ok(n >= 10, "%s: %zu parameters described", tn, n);
  for (size_t i = 0; i < n; i++) {
    clm_param_info d;
    if (!tap_ok(clm_trainer_param(t, i, &d) == CLM_OK && d.name, "%s: parameter %zu described",
                tn, i))
      continue;
    size_t idx = SIZE_MAX;
    tap_ok(clm_trainer_find_param(t, d.name, &idx) == CLM_OK && idx == i, "%s.%s: found at %zu",
           tn, d.name, i);
    double v = NAN;
    int gst = clm_trainparam_get(&def, t, d.name, &v);
    tap_ok(gst == CLM_OK && (v == d.def || (isinf(d.def) && isinf(v))),
           "%s.%s: default %.17g stored (%.17g)", tn, d.name, d.def, v);
    /* out of range: refused, struct unchanged, message names the field */
    double bad[3] = {below(&d), above(&d), (d.flags & CLM_PARAM_NAN_ZERO) ? 0.5 : NAN};
    if (d.type == CLM_PARAM_REAL) bad[2] = (d.flags & CLM_PARAM_NAN_ZERO) ? INFINITY : NAN;
    for (int k = 0; k < 3; k++) {
      if (isnan(bad[k]) && k < 2) continue;
      if (k == 2 && (d.flags & CLM_PARAM_NAN_ZERO)) continue;
      clm_trainparam p = def;
      int st = clm_trainparam_set(&p, t, d.name, bad[k], msg, sizeof msg);
      tap_ok(st == CLM_EPARAM && memcmp(&p, &def, sizeof p) == 0 && strstr(msg, d.name),
             "%s.%s = %.17g refused, unchanged: %s", tn, d.name, bad[k], msg);
    }
    /* a whole-number parameter refuses fractions */
    if (d.type != CLM_PARAM_REAL && d.type != CLM_PARAM_BACKEND) {
      clm_trainparam p = def;
      tap_ok(clm_trainparam_set(&p, t, d.name, 0.5, msg, sizeof msg) == CLM_EPARAM,
             "%s.%s = 0.5 refused (whole numbers only)", tn, d.name);
    }
    /* an inside value is stored and read back; the struct check agrees */
    double good = d.type == CLM_PARAM_FLAG ? 1.0 - d.def : d.def;
    if (d.type == CLM_PARAM_REAL && isfinite(d.lo) && isfinite(d.hi)) good = 0.5 * (d.lo + d.hi);
    else if (d.type == CLM_PARAM_REAL && isfinite(d.def) && d.def > 0) good = 2.0 * d.def;
    else if (d.type == CLM_PARAM_COUNT || d.type == CLM_PARAM_INT || d.type == CLM_PARAM_SEED)
      good = d.lo + 3;
    if (d.type == CLM_PARAM_REAL && d.flags & CLM_PARAM_HI_OPEN && good >= d.hi) good = d.lo;
    clm_trainparam p = def;
    int st = clm_trainparam_set(&p, t, d.name, good, msg, sizeof msg);
    v = NAN;
    clm_trainparam_get(&p, t, d.name, &v);
    tap_ok(st == CLM_OK && v == good && clm_trainparam_check(t, &p, NULL, 0) == CLM_OK,
           "%s.%s = %.17g stored and read back (%s)", tn, d.name, good, msg);
    /* the whole-struct check refuses what set refuses (for a REAL below lo) */
    if (d.type == CLM_PARAM_REAL && isfinite(d.lo)) {
      clm_trainparam q = def;
      memcpy((char *)&q + d.offset, &(double){below(&d)}, sizeof(double));
      st = clm_trainparam_check(t, &q, msg, sizeof msg);
      tap_ok(st == CLM_EPARAM && strncmp(msg, d.name, strlen(d.name)) == 0,
             "%s.%s below its bound: check says %s", tn, d.name, msg);
    }
  }
  /* the extra record states are named */
  for (size_t i = 0; i < clm_trainer_num_states(t); i++)
    tap_ok(clm_trainer_state_name(t, i) != NULL, "%s: state %zu named", tn, i);
  tap_ok(clm_trainer_state_name(t, clm_trainer_num_states(t)) == NULL,
         "%s: no state past the last", tn);
  tap_ok(clm_trainer_title(t) && clm_trainer_title(t)[0], "%s: title %s", tn, clm_trainer_title(t));
}

int main(void) {
  size_t nt = clm_trainer_count();
  tap_ok(nt >= 3, "%zu trainers registered", nt);
  for (size_t i = 0; i < nt; i++) {
    const clm_trainer_type *t = clm_trainer_at(i);
    tap_ok(t && clm_trainer_from_name(clm_trainer_name(t)) == t, "trainer %zu (%s) found by name",
           i, clm_trainer_name(t));
    if (t) check_trainer(t);
  }
  tap_ok(clm_trainer_at(nt) == NULL && clm_trainer_from_name("trainxx") == NULL,
         "no trainer past the end or under an unknown name");
  tap_ok(clm_trainer_at(0) == clm_trainlm, "trainlm comes first");
  tap_ok((clm_trainer_flags(clm_trainlm) & (CLM_TRAINER_MU | CLM_TRAINER_LINSOLVER)) ==
             (CLM_TRAINER_MU | CLM_TRAINER_LINSOLVER) &&
             clm_trainer_flags(clm_traingd) == 0 && clm_trainer_flags(NULL) == 0,
         "flags: trainlm has mu and a linear solver, traingd neither");

  /* unknown names, nearest names */
  char msg[256];
  clm_trainparam p = clm_trainparam_default(clm_trainlm), q = p;
  tap_ok(clm_trainparam_set(&p, clm_trainlm, "mudec", 0.5, msg, sizeof msg) == CLM_EINVAL &&
             strstr(msg, "did you mean mu_dec") && memcmp(&p, &q, sizeof p) == 0,
         "unknown name refused with a hint: %s", msg);
  tap_ok(clm_trainparam_set(&p, clm_trainlm, "lr", 0.5, msg, sizeof msg) == CLM_EINVAL,
         "lr is not a parameter of trainlm: %s", msg);
  tap_ok(clm_trainer_nearest_param(clm_trainlm, "EPOCH") &&
             !strcmp(clm_trainer_nearest_param(clm_trainlm, "EPOCH"), "epochs"),
         "nearest of EPOCH is epochs");
  tap_ok(clm_trainer_nearest_param(clm_trainlm, "zzzzzzzzzz") == NULL, "nothing near zzzzzzzzzz");
  tap_ok(clm_trainer_nearest_param(clm_traingdm, "MC") && !strcmp(clm_trainer_nearest_param(clm_traingdm, "MC"), "mc"),
         "nearest is case-insensitive (MC -> mc)");

  /* parsing text */
  tap_ok(clm_trainparam_parse(&p, clm_trainlm, "max_fail", "inf", msg, sizeof msg) == CLM_OK &&
             p.max_fail == SIZE_MAX,
         "max_fail = inf stores SIZE_MAX");
  double v = 0;
  tap_ok(clm_trainparam_get(&p, clm_trainlm, "max_fail", &v) == CLM_OK && isinf(v),
         "max_fail SIZE_MAX reads as Inf");
  tap_ok(clm_trainparam_parse(&p, clm_trainlm, "epochs", "inf", msg, sizeof msg) == CLM_EPARAM,
         "epochs = inf refused: %s", msg);
  tap_ok(clm_trainparam_parse(&p, clm_trainlm, "mu", "1e-2x", msg, sizeof msg) == CLM_EPARAM &&
             strstr(msg, "not a number"),
         "trailing garbage refused: %s", msg);
  tap_ok(clm_trainparam_parse(&p, clm_trainlm, "mu", "", msg, sizeof msg) == CLM_EPARAM,
         "empty text refused");
  tap_ok(clm_trainparam_parse(&p, clm_trainlm, "backend", "gpu", msg, sizeof msg) == CLM_OK &&
             p.backend == CLM_BACKEND_GPU,
         "backend parsed by name");
  tap_ok(clm_trainparam_parse(&p, clm_trainlm, "backend", "tpu", msg, sizeof msg) == CLM_EPARAM,
         "unknown backend refused: %s", msg);
  tap_ok(clm_trainparam_parse(&p, clm_traingd, "backend", "cpu", msg, sizeof msg) == CLM_EINVAL,
         "traingd has no backend parameter: %s", msg);
  tap_ok(clm_trainparam_parse(&p, clm_trainlm, "showCommandLine", "true", msg, sizeof msg) == CLM_OK &&
             p.show_command_line == 1,
         "flag parsed from true");
  tap_ok(clm_trainparam_set(&p, clm_trainlm, "show", NAN, msg, sizeof msg) == CLM_OK && p.show == 0,
         "show = NaN means never (0)");
  tap_ok(clm_trainparam_parse(&p, clm_trainlm, "mu_dec", "0.25", msg, sizeof msg) == CLM_OK &&
             p.mu_dec == 0.25,
         "mu_dec parsed");
  tap_ok(clm_trainparam_parse(&p, clm_trainlm, "seed", "18446744073709551615", msg, sizeof msg) == CLM_OK &&
             p.seed == UINT64_MAX,
         "seed parsed with all 64 bits");
  tap_ok(clm_trainparam_parse(&p, clm_trainlm, "seed", "18446744073709551616", msg, sizeof msg) == CLM_EPARAM &&
             clm_trainparam_parse(&p, clm_trainlm, "seed", "-1", msg, sizeof msg) == CLM_EPARAM &&
             clm_trainparam_parse(&p, clm_trainlm, "seed", "1e3", msg, sizeof msg) == CLM_EPARAM &&
             p.seed == UINT64_MAX,
         "seed text out of range, negative or not an integer refused: %s", msg);
  clm_backend b = CLM_BACKEND_AUTO;
  tap_ok(clm_backend_from_name("cpu", &b) == CLM_OK && b == CLM_BACKEND_CPU &&
             clm_backend_from_name("CPU", &b) == CLM_EINVAL && clm_backend_from_name(NULL, &b) == CLM_ENULL,
         "clm_backend_from_name");
  tap_ok(clm_trainparam_set(NULL, clm_trainlm, "mu", 1, NULL, 0) == CLM_ENULL &&
             clm_trainparam_get(&p, NULL, "mu", &v) == CLM_ENULL &&
             clm_trainer_param(clm_trainlm, 999, &(clm_param_info){0}) == CLM_EINVAL,
         "NULL and out-of-range arguments");
  return tap_done();
}
