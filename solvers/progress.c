/* chaoslm — MATLAB's command-line progress lines (doc/matlab.md §7), sent
 * to the caller's line writer; the library never prints.
 *
 *   Training with TRAINLM.
 *   Epoch 0/1000, Time 0.0221, Performance 313.2111/0, Gradient 1246.1569/1e-07,
 *     Mu 0.001/10000000000, Validation Checks 0/6
 *   Training with TRAINLM completed: Validation stop.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "trainer.h"

/* MATLAB num2str for a real scalar: integers in full ("%.0f"), otherwise
 * "%.<d>g" with d = max(floor(log10|x|) + 5, 5), at most 16 (4 decimals
 * beyond the leading digits): 7115.2407, 0.096, 1e-07, 10000000000. */
void clm__num2str(char *buf, size_t len, double x) {
  if (isnan(x)) {
    snprintf(buf, len, "NaN");
  } else if (isinf(x)) {
    snprintf(buf, len, x > 0 ? "Inf" : "-Inf");
  } else if (x == 0.0) {
    snprintf(buf, len, "0");
  } else if (x == floor(x)) {
    snprintf(buf, len, "%.0f", x);
  } else {
    int d = (int)floor(log10(fabs(x))) + 5;
    if (d < 5) d = 5;
    if (d > 16) d = 16;
    snprintf(buf, len, "%.*g", d, x);
  }
}

/* Append ", Name v/limit" (or "Name v" when the limit is not finite). */
static void field(char *line, size_t len, const char *name, double v, double limit, int first) {
  char a[64], b[64];
  size_t used = strlen(line);
  if (used >= len) return;
  clm__num2str(a, sizeof a, v);
  if (isfinite(limit)) {
    clm__num2str(b, sizeof b, limit);
    snprintf(line + used, len - used, "%s%s %s/%s", first ? "" : ", ", name, a, b);
  } else {
    snprintf(line + used, len - used, "%s%s %s", first ? "" : ", ", name, a);
  }
}

static void emit(const clm_trainparam *p, const char *line) {
  if (p->writer && p->show_command_line && p->show > 0) p->writer(p->writer_user, line);
}

void clm__progress_header(const clm_trainparam *p, const clm_trainer_type *t) {
  char head[64];
  emit(p, "");
  snprintf(head, sizeof head, "Training with %s.", t->display);
  emit(p, head);
}

void clm__progress_line(const clm_trainparam *p, const clm_trainer_type *t, size_t epoch,
                        double time, double shown_perf, double gradient, double mu,
                        size_t val_fail) {
  char line[512];
  line[0] = '\0';
  field(line, sizeof line, "Epoch", (double)epoch, (double)p->epochs, 1);
  field(line, sizeof line, "Time", time, p->time, 0);
  field(line, sizeof line, "Performance", shown_perf, p->goal, 0);
  field(line, sizeof line, "Gradient", gradient, p->min_grad, 0);
  if (t->flags & CLM_TRAINER_MU) field(line, sizeof line, "Mu", mu, p->mu_max, 0);
  double max_fail = p->max_fail == SIZE_MAX ? INFINITY : (double)p->max_fail; /* Inf */
  field(line, sizeof line, "Validation Checks", (double)val_fail, max_fail, 0);
  emit(p, line);
}

void clm__progress_footer(const clm_trainparam *p, const clm_trainer_type *t, clm_stop stop) {
  char tail[128];
  snprintf(tail, sizeof tail, "Training with %s completed: %s", t->display, clm_stop_text(stop));
  emit(p, tail);
  emit(p, "");
}
