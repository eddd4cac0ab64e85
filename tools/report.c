/* chaoslm command-line tool — the summary printed after training and by
 * `sim --targets`.
 *
 * Per data set (train/validation/test, from the record's index lists) and
 * per output k, over the samples whose target and output are not NaN:
 *   MSE  = mean (t - y)^2,  RMSE = sqrt(MSE),
 *   R    = Pearson correlation of y and t (MATLAB plotregression's R),
 *   fit  = least-squares line y = a t + b (plotregression's "Output ~= a*Target + b").
 * Class targets (cli_report_shows) get the classification part instead of
 * (crossentropy networks) or after it (report_class.c).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "cli.h"

#include <math.h>

cli_stats cli_stats_compute(const double *Y, const double *T, size_t K, size_t Q,
                            const size_t *idx, size_t n, size_t k) {
  cli_stats s = {0, NAN, NAN, NAN, NAN, NAN};
  if (!idx) n = Q;
  size_t k0 = k < K ? k : 0, k1 = k < K ? k + 1 : K;
  /* two passes: means, then centred sums (numerically safer) */
  double st = 0, sy = 0;
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    size_t q = idx ? idx[i] : i;
    for (size_t j = k0; j < k1; j++) {
      double t = T[q * K + j], y = Y[q * K + j];
      if (isnan(t) || isnan(y)) continue;
      st += t;
      sy += y;
      m++;
    }
  }
  s.n = m;
  if (!m) return s;
  double mt = st / (double)m, my = sy / (double)m;
  double se = 0, stt = 0, syy = 0, sty = 0;
  for (size_t i = 0; i < n; i++) {
    size_t q = idx ? idx[i] : i;
    for (size_t j = k0; j < k1; j++) {
      double t = T[q * K + j], y = Y[q * K + j];
      if (isnan(t) || isnan(y)) continue;
      se += (t - y) * (t - y);
      stt += (t - mt) * (t - mt);
      syy += (y - my) * (y - my);
      sty += (t - mt) * (y - my);
    }
  }
  s.mse = se / (double)m;
  s.rmse = sqrt(s.mse);
  s.r = (stt > 0 && syy > 0) ? sty / sqrt(stt * syy) : NAN;
  s.slope = stt > 0 ? sty / stt : NAN;
  s.intercept = stt > 0 ? my - s.slope * mt : NAN;
  return s;
}

int cli_is_onehot(const double *T, size_t K, size_t Q) {
  if (K < 2) return 0;
  size_t complete = 0;
  for (size_t q = 0; q < Q; q++) {
    size_t ones = 0, nan = 0;
    for (size_t k = 0; k < K; k++) {
      double t = T[q * K + k];
      if (isnan(t)) nan++;
      else if (t == 1.0) ones++;
      else if (t != 0.0) return 0;
    }
    if (nan) continue;
    if (ones != 1) return 0;
    complete++;
  }
  return complete > 0;
}

/* 1 if every target is 0, 1 or NaN and at least one is not NaN. */
static int binary_targets(const double *T, size_t K, size_t Q) {
  size_t known = 0;
  for (size_t i = 0; i < K * Q; i++) {
    if (isnan(T[i])) continue;
    if (T[i] != 0.0 && T[i] != 1.0) return 0;
    known++;
  }
  return known > 0;
}

int cli_report_shows(const double *T, size_t K, size_t Q, clm_performfcn pf) {
  int classes = cli_is_onehot(T, K, Q) ||
                (K == 1 && pf == CLM_CROSSENTROPY && binary_targets(T, K, Q));
  if (!classes) return CLI_SHOW_REGRESSION;
  return pf == CLM_CROSSENTROPY ? CLI_SHOW_CLASSES : CLI_SHOW_REGRESSION | CLI_SHOW_CLASSES;
}

static void print_num(FILE *out, double v, int w) {
  if (isnan(v))
    fprintf(out, " %*s", w, "-");
  else
    fprintf(out, " %*.*g", w, 6, v);
}

/* MSE, RMSE and R per output and set. */
static void stats_table(FILE *out, const cli_set *sets, size_t n_sets, const double *Y,
                        const double *T, size_t K, size_t Q, char *const *names) {
  for (size_t k = 0; k < K; k++) {
    if (K > 1) fprintf(out, "output %zu (%s):\n", k + 1, names ? names[k] : "");
    fprintf(out, "  %-11s %8s %12s %12s %9s\n", "set", "samples", "MSE", "RMSE", "R");
    for (size_t s = 0; s < n_sets; s++) {
      cli_stats st = cli_stats_compute(Y, T, K, Q, sets[s].idx, sets[s].n, k);
      fprintf(out, "  %-11s %8zu", sets[s].name, st.n);
      print_num(out, st.mse, 12);
      print_num(out, st.rmse, 12);
      if (isnan(st.r))
        fprintf(out, " %9s\n", "-");
      else
        fprintf(out, " %9.5f\n", st.r);
    }
  }
}

static void summary(FILE *out, const clm_record *rec, const double *Y, const double *T,
                    size_t K, size_t Q, char *const *names, clm_performfcn pf) {
  cli_set sets[4];
  size_t n_sets = cli_sets(rec, Q, sets);
  int shows = cli_report_shows(T, K, Q, pf);
  if (shows & CLI_SHOW_REGRESSION) stats_table(out, sets, n_sets, Y, T, K, Q, names);
  if (shows & CLI_SHOW_CLASSES) cli_report_classes(out, sets, n_sets, Y, T, K, names);
}

static const char *stop_text(const clm_record *rec) {
  const char *s = clm_stop_text(rec->stop);
  return s && s[0] ? s : "(no stop reason)";
}

void cli_report_train(FILE *out, const clm_record *rec, const double *Y, const double *T,
                      size_t K, size_t Q, char *const *target_names, clm_performfcn pf) {
  fprintf(out, "Stop: %s  Epochs: %zu, best epoch %zu", stop_text(rec), rec->num_epochs,
          rec->best_epoch);
  fprintf(out, " (best perf %.6g, vperf %.6g, tperf %.6g)\n", rec->best_perf, rec->best_vperf,
          rec->best_tperf);
  summary(out, rec, Y, T, K, Q, target_names, pf);
}

void cli_report_errors(FILE *out, const double *Y, const double *T, size_t K, size_t Q,
                       char *const *target_names, clm_performfcn pf) {
  summary(out, NULL, Y, T, K, Q, target_names, pf);
}
