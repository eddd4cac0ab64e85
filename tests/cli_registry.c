/* chaoslm tests — the library's trainer registry, printed for
 * tests/cli_params.sh, which checks that the command-line tool offers
 * exactly what the library has (the tool generates its options, help and
 * record fields from the same registry; this program reads it through the
 * public API only, so a trainer added to the library is covered with no
 * edit to the test).  One line per trainer, then one per parameter:
 *   trainer NAME FLAGS STATES TITLE...   (STATES: comma list, or -)
 *   param TRAINER NAME TYPE VALUE        (VALUE: a valid value other than
 *                                         the library's default, or -)
 * TYPE is real, count, flag, seed, int or backend.  GPL-3.0-or-later. */
#include <math.h>
#include <stdio.h>

#include "chaoslm.h"

static const char *type_name(clm_param_type t) {
  static const char *const names[] = {"real", "count", "flag", "seed", "int", "backend"};
  return (int)t >= 0 && t < CLM_PARAM_TYPE_COUNT_ ? names[t] : "?";
}

/* A value the library accepts for d that differs from its default; 0 if
 * none of the candidates is. */
static int other_value(const clm_trainer_type *t, const clm_param_info *d, double *v) {
  double c[4];
  size_t n = 0;
  switch (d->type) {
  case CLM_PARAM_REAL:
    if (isfinite(d->def) && d->def != 0) {
      c[n++] = d->def * 0.5;
      c[n++] = d->def * 2;
    } else {
      c[n++] = 1000;
      c[n++] = 0.5;
    }
    break;
  case CLM_PARAM_COUNT: case CLM_PARAM_INT:
    c[n++] = 2;
    c[n++] = 3;
    break;
  case CLM_PARAM_FLAG: c[n++] = 1 - d->def; break;
  case CLM_PARAM_SEED: c[n++] = 7; break;
  default: return 0;
  }
  for (size_t i = 0; i < n; i++) {
    clm_trainparam p = clm_trainparam_default(t);
    if (c[i] != d->def && clm_trainparam_set(&p, t, d->name, c[i], NULL, 0) == CLM_OK) {
      *v = c[i];
      return 1;
    }
  }
  return 0;
}

int main(void) {
  for (size_t k = 0; k < clm_trainer_count(); k++) {
    const clm_trainer_type *t = clm_trainer_at(k);
    printf("trainer %s %u ", clm_trainer_name(t), clm_trainer_flags(t));
    for (size_t s = 0; s < clm_trainer_num_states(t); s++)
      printf("%s%s", s ? "," : "", clm_trainer_state_name(t, s));
    printf("%s %s\n", clm_trainer_num_states(t) ? "" : "-", clm_trainer_title(t));
    for (size_t i = 0; i < clm_trainer_num_params(t); i++) {
      clm_param_info d;
      double v;
      if (clm_trainer_param(t, i, &d) != CLM_OK) return 1;
      printf("param %s %s %s ", clm_trainer_name(t), d.name, type_name(d.type));
      if (other_value(t, &d, &v))
        printf("%.17g\n", v);
      else
        printf("-\n");
    }
  }
  return 0;
}
