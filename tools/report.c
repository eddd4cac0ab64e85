/* chaoslm command-line tool — the summary printed after training and by
 * `sim --targets`.
 *
 * Per data set (train/validation/test, from the record's index lists) and
 * per output k, over the samples whose target and output are not NaN:
 *   MSE  = mean (t - y)^2,  RMSE = sqrt(MSE),
 *   R    = Pearson correlation of y and t (MATLAB plotregression's R),
 *   fit  = least-squares line y = a t + b (plotregression's "Output ~= a*Target + b").
 * One-hot targets (K >= 2, every complete row has exactly one 1 and K-1
 * zeros) also get the classification accuracy (argmax of the outputs
 * against argmax of the targets) and a confusion matrix, like plotconfusion.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static size_t argmax(const double *v, size_t K) {
  size_t b = 0;
  for (size_t k = 1; k < K; k++)
    if (v[k] > v[b] || isnan(v[b])) b = k;
  return b;
}

static int row_complete(const double *t, size_t K) {
  for (size_t k = 0; k < K; k++)
    if (isnan(t[k])) return 0;
  return 1;
}

/* accuracy over a set; *n receives the number of complete rows */
static double accuracy(const double *Y, const double *T, size_t K, size_t Q, const size_t *idx,
                       size_t n, size_t *used) {
  if (!idx) n = Q;
  size_t ok = 0, m = 0;
  for (size_t i = 0; i < n; i++) {
    size_t q = idx ? idx[i] : i;
    if (!row_complete(T + q * K, K)) continue;
    m++;
    if (argmax(Y + q * K, K) == argmax(T + q * K, K)) ok++;
  }
  *used = m;
  return m ? (double)ok / (double)m : NAN;
}

static void print_num(FILE *out, double v, int w) {
  if (isnan(v))
    fprintf(out, " %*s", w, "-");
  else
    fprintf(out, " %*.*g", w, 6, v);
}

static void stats_table(FILE *out, const clm_record *rec, const double *Y, const double *T,
                        size_t K, size_t Q, char *const *names) {
  struct {
    const char *name;
    const size_t *idx;
    size_t n;
  } sets[4] = {{"train", rec ? rec->train_ind : NULL, rec ? rec->n_train : 0},
               {"validation", rec ? rec->val_ind : NULL, rec ? rec->n_val : 0},
               {"test", rec ? rec->test_ind : NULL, rec ? rec->n_test : 0},
               {"all", NULL, Q}};
  int have_sets = rec && rec->train_ind && rec->n_train > 0;
  for (size_t k = 0; k < K; k++) {
    if (K > 1) fprintf(out, "output %zu (%s):\n", k + 1, names ? names[k] : "");
    fprintf(out, "  %-11s %8s %12s %12s %9s\n", "set", "samples", "MSE", "RMSE", "R");
    for (int s = have_sets ? 0 : 3; s < 4; s++) {
      if (s < 3 && sets[s].n == 0) continue;
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
  if (!cli_is_onehot(T, K, Q)) return;
  fprintf(out, "classification (one-hot targets, argmax):\n");
  for (int s = have_sets ? 0 : 3; s < 4; s++) {
    if (s < 3 && sets[s].n == 0) continue;
    size_t used;
    double a = accuracy(Y, T, K, Q, sets[s].idx, sets[s].n, &used);
    fprintf(out, "  %-11s accuracy %.4f (%zu samples)\n", sets[s].name, a, used);
  }
  /* confusion matrix over all samples: rows = target class, columns = output class */
  size_t *cm = calloc(K * K, sizeof *cm);
  if (!cm) return;
  for (size_t q = 0; q < Q; q++) {
    if (!row_complete(T + q * K, K)) continue;
    cm[argmax(T + q * K, K) * K + argmax(Y + q * K, K)]++;
  }
  fprintf(out, "confusion matrix, all samples (rows: target class, columns: output class):\n");
  fprintf(out, "  %-24s", "");
  for (size_t j = 0; j < K; j++) fprintf(out, " %6zu", j + 1);
  fprintf(out, "\n");
  for (size_t i = 0; i < K; i++) {
    fprintf(out, "  %zu %-22.22s", i + 1, names ? names[i] : "");
    for (size_t j = 0; j < K; j++) fprintf(out, " %6zu", cm[i * K + j]);
    fprintf(out, "\n");
  }
  free(cm);
}

static const char *stop_text(const clm_record *rec) {
  const char *s = clm_stop_text(rec->stop);
  return s && s[0] ? s : "(no stop reason)";
}

void cli_report_train(FILE *out, const clm_record *rec, const double *Y, const double *T,
                      size_t K, size_t Q, char *const *target_names) {
  fprintf(out, "Stop: %s  Epochs: %zu, best epoch %zu", stop_text(rec), rec->num_epochs,
          rec->best_epoch);
  fprintf(out, " (best perf %.6g, vperf %.6g, tperf %.6g)\n", rec->best_perf, rec->best_vperf,
          rec->best_tperf);
  stats_table(out, rec, Y, T, K, Q, target_names);
}

void cli_report_errors(FILE *out, const double *Y, const double *T, size_t K, size_t Q,
                       char *const *target_names) {
  stats_table(out, NULL, Y, T, K, Q, target_names);
}
