/* chaoslm command-line tool — the training record as JSON (--record).
 *
 * Field names are MATLAB's tr names (trainFcn, trainParam, performFcn,
 * performParam, divideFcn, divideParam, trainInd, valInd, testInd, stop,
 * num_epochs, best_epoch, goal, states, epoch, time, perf, vperf, tperf,
 * mu, gradient, val_fail, the trainer's own states, best_perf, best_vperf,
 * best_tperf), so a MATLAB
 * or Octave user reads it with jsondecode and finds what train() returns.
 * Conventions:
 *   - performParam holds the network's regularization and normalization
 *     (its name);
 *   - trainParam lists every parameter the trainer takes, in the library's
 *     order (clm_trainer_param), under its trainParam name; flags are
 *     true/false, the backend its name; "chaos_init" is the tool's;
 *   - trainInd/valInd/testInd are 1-based, like MATLAB's (the library's
 *     record is 0-based); "index_base": 1 says so;
 *   - "states" names the per-epoch arrays: MATLAB's common ones, "mu" for
 *     a trainer with mu (CLM_TRAINER_MU; MATLAB's tr for traingd has no mu
 *     field) and the trainer's extra states (record->state_name, e.g. "lr"),
 *     each written as an array of its own;
 *   - per-epoch arrays have num_epochs+1 entries, entry 0 being epoch 0;
 *   - NaN and infinities, which JSON cannot hold, are written as null
 *     (vperf/tperf without a validation/test set, trainParam.time = Inf);
 *   - chaoslm additions: "counters", "backend", "chaos", "elapsed_s",
 *     "chaoslm_version".
 * The file is written to PATH.tmp and renamed, so PATH is never partial.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void jnum(FILE *f, double v) {
  if (isfinite(v))
    fprintf(f, "%.17g", v);
  else
    fputs("null", f);
}

static void jstr(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(f, "\\%c", *p);
    else if (*p < 0x20)
      fprintf(f, "\\u%04x", *p);
    else
      fputc(*p, f);
  }
  fputc('"', f);
}

static void jdarr(FILE *f, const char *name, const double *v, size_t n) {
  fprintf(f, ",\n  \"%s\": [", name);
  for (size_t i = 0; i < n; i++) {
    if (i) fputc(',', f);
    jnum(f, v ? v[i] : NAN);
  }
  fputc(']', f);
}

static void jzarr(FILE *f, const char *name, const size_t *v, size_t n, size_t base) {
  fprintf(f, ",\n  \"%s\": [", name);
  for (size_t i = 0; v && i < n; i++) fprintf(f, "%s%zu", i ? "," : "", v[i] + base);
  fputc(']', f);
}

/* "trainParam": {...}: every parameter of the record's trainer. */
static void write_trainparam(FILE *f, const clm_record *rec, const clm_trainparam *p) {
  const clm_trainer_type *t = clm_trainer_from_name(rec->train_fcn);
  const size_t n = clm_trainer_num_params(t);
  fputs(",\n  \"trainParam\": {", f);
  for (size_t i = 0; i < n; i++) {
    clm_param_info info;
    double v = NAN;
    if (clm_trainer_param(t, i, &info) != CLM_OK) continue;
    clm_trainparam_get(p, t, info.name, &v);
    fputs(i ? ", " : "", f);
    jstr(f, info.name);
    fputs(": ", f);
    if (info.type == CLM_PARAM_FLAG) {
      fputs(v != 0 ? "true" : "false", f);
    } else if (info.type == CLM_PARAM_BACKEND) {
      jstr(f, clm_backend_name((clm_backend)(int)v));
    } else if (info.type == CLM_PARAM_SEED) { /* exact, also above 2^53 */
      uint64_t seed;
      memcpy(&seed, (const char *)p + info.offset, sizeof seed);
      fprintf(f, "%llu", (unsigned long long)seed);
    } else {
      jnum(f, v);
    }
  }
  fprintf(f, "%s\"chaos_init\": %d}", n ? ", " : "", p->chaos.init);
}

/* "performFcn", "performParam", "divideFcn", "divideParam" and the index
 * lists. */
static void write_division(FILE *f, const clm_record *rec, const clm_net *net) {
  double r0, r1, r2;
  fputs(",\n  \"performFcn\": ", f);
  jstr(f, clm_performfcn_name(clm_net_performfcn(net)));
  fputs(",\n  \"performParam\": {\"regularization\": ", f);
  jnum(f, clm_net_regularization(net));
  fputs(", \"normalization\": ", f);
  jstr(f, clm_normalization_name(clm_net_normalization(net)));
  fputc('}', f);
  fputs(",\n  \"divideFcn\": ", f);
  jstr(f, clm_dividefcn_name(clm_net_dividefcn(net)));
  clm_net_divide_ratios(net, &r0, &r1, &r2);
  fputs(",\n  \"divideParam\": {\"trainRatio\": ", f);
  jnum(f, r0);
  fputs(", \"valRatio\": ", f);
  jnum(f, r1);
  fputs(", \"testRatio\": ", f);
  jnum(f, r2);
  fputs("},\n  \"index_base\": 1", f);
  jzarr(f, "trainInd", rec->train_ind, rec->n_train, 1);
  jzarr(f, "valInd", rec->val_ind, rec->n_val, 1);
  jzarr(f, "testInd", rec->test_ind, rec->n_test, 1);
}

/* "stop" ... "best_tperf": the stop, "states" and the per-epoch arrays. */
static void write_states(FILE *f, const clm_record *rec) {
  const size_t n = rec->epoch ? rec->num_epochs + 1 : 0;
  const int has_mu = (clm_trainer_flags(clm_trainer_from_name(rec->train_fcn)) &
                      CLM_TRAINER_MU) != 0;
  fputs(",\n  \"stop\": ", f);
  jstr(f, clm_stop_text(rec->stop));
  fprintf(f, ",\n  \"num_epochs\": %zu,\n  \"best_epoch\": %zu,\n  \"goal\": ", rec->num_epochs,
          rec->best_epoch);
  jnum(f, rec->goal);
  fprintf(f, ",\n  \"states\": [\"epoch\",\"time\",\"perf\",\"vperf\",\"tperf\",%s\"gradient\","
             "\"val_fail\"",
          has_mu ? "\"mu\"," : "");
  for (size_t s = 0; s < rec->n_states; s++) {
    fputc(',', f);
    jstr(f, rec->state_name[s]);
  }
  fputc(']', f);
  jzarr(f, "epoch", rec->epoch, n, 0);
  jdarr(f, "time", rec->time, n);
  jdarr(f, "perf", rec->perf, n);
  jdarr(f, "vperf", rec->vperf, n);
  jdarr(f, "tperf", rec->tperf, n);
  if (has_mu) jdarr(f, "mu", rec->mu, n);
  jdarr(f, "gradient", rec->gradient, n);
  jzarr(f, "val_fail", rec->val_fail, n, 0);
  for (size_t s = 0; s < rec->n_states; s++) jdarr(f, rec->state_name[s], rec->state[s], n);
  fputs(",\n  \"best_perf\": ", f);
  jnum(f, rec->best_perf);
  fputs(",\n  \"best_vperf\": ", f);
  jnum(f, rec->best_vperf);
  fputs(",\n  \"best_tperf\": ", f);
  jnum(f, rec->best_tperf);
}

/* chaoslm's additions: "counters", "backend", "chaos". */
static void write_extensions(FILE *f, const clm_record *rec) {
  fprintf(f, ",\n  \"counters\": {\"n_forward\": %llu, \"n_jacobian\": %llu, \"n_factor\": %llu, "
             "\"n_rejected\": %llu}",
          (unsigned long long)rec->n_forward, (unsigned long long)rec->n_jacobian,
          (unsigned long long)rec->n_factor, (unsigned long long)rec->n_rejected);
  fputs(",\n  \"backend\": {\"requested\": ", f);
  jstr(f, clm_backend_name(rec->backend_requested));
  fputs(", \"used\": ", f);
  jstr(f, clm_backend_name(rec->backend_used));
  fputs(", \"note\": ", f);
  jstr(f, rec->backend_note);
  fprintf(f, "},\n  \"chaos\": {\"n_chaos_evals\": %llu, \"n_escapes\": %zu, "
             "\"n_escapes_accepted\": %zu, \"n_reinits\": %zu, \"events\": [",
          (unsigned long long)rec->n_chaos_evals, rec->n_escapes, rec->n_escapes_accepted,
          rec->n_reinits);
  for (size_t i = 0; rec->chaos_events && i < rec->n_chaos_events; i++) {
    const struct clm_chaos_event *e = &rec->chaos_events[i];
    static const char *const kinds[] = {"init", "escape", "reinit"};
    fprintf(f, "%s\n    {\"epoch\": %zu, \"kind\": ", i ? "," : "", e->epoch);
    jstr(f, e->kind >= 0 && e->kind <= 2 ? kinds[e->kind] : "unknown");
    fprintf(f, ", \"accepted\": %s, \"perf_before\": ", e->accepted ? "true" : "false");
    jnum(f, e->perf_before);
    fputs(", \"perf_after\": ", f);
    jnum(f, e->perf_after);
    fprintf(f, ", \"evals\": %llu}", (unsigned long long)e->evals);
  }
  fputs("]}", f);
}

int cli_write_record(const char *path, const clm_record *rec, const clm_trainparam *p,
                     const clm_net *net, double elapsed_s) {
  size_t len = strlen(path) + 8;
  char *tmp = malloc(len);
  if (!tmp) {
    cli_err("train", "--record: out of memory");
    return -1;
  }
  snprintf(tmp, len, "%s.tmp", path);
  FILE *f = fopen(tmp, "w");
  if (!f) {
    cli_err("train", "--record: cannot create %s: %s", tmp, strerror(errno));
    free(tmp);
    return -1;
  }
  fputs("{\n  \"trainFcn\": ", f);
  jstr(f, rec->train_fcn);
  write_trainparam(f, rec, p);
  write_division(f, rec, net);
  write_states(f, rec);
  write_extensions(f, rec);
  fputs(",\n  \"elapsed_s\": ", f);
  jnum(f, elapsed_s);
  fputs(",\n  \"chaoslm_version\": ", f);
  jstr(f, clm_version());
  fputs("\n}\n", f);
  int bad = ferror(f);
  if (fclose(f) != 0) bad = 1;
  if (bad || rename(tmp, path) != 0) {
    cli_err("train", "--record: cannot write %s: %s", path, strerror(errno));
    remove(tmp);
    free(tmp);
    return -1;
  }
  free(tmp);
  return 0;
}
