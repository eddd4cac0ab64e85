/* chaoslm command-line tool — the classification part of the summary
 * (train, and sim --targets): accuracy per data set and a confusion matrix
 * per set, the numbers of MATLAB's confusion and plotconfusion, computed by
 * the library's clm_confusion.
 *
 * Classes: with K >= 2 target rows the class of a sample is the row of its
 * 1 (targets) or of its largest output (outputs); with one 0/1 row there
 * are two classes, "NAME=0" and "NAME=1", and an output >= 0.5 is class 2
 * (clm_confusion).  Samples with a NaN target are left out; a sample whose
 * outputs are all NaN (a missing input) counts as output class 1, as in
 * MATLAB's confusion.
 *
 * Matrix layout (text): rows are target classes, columns output classes,
 * as the cm of MATLAB's confusion; the last column is the recall of each
 * target class (correct / samples of that class), the last row the
 * precision of each output class (correct / samples given that class), and
 * the corner the accuracy, the margins plotconfusion draws.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t cli_sets(const clm_record *rec, size_t Q, cli_set sets[4]) {
  size_t n = 0;
  if (rec && rec->train_ind && rec->n_train > 0) {
    const cli_set all3[3] = {{"train", rec->train_ind, rec->n_train},
                             {"validation", rec->val_ind, rec->n_val},
                             {"test", rec->test_ind, rec->n_test}};
    for (size_t s = 0; s < 3; s++)
      if (all3[s].n > 0) sets[n++] = all3[s];
  }
  sets[n++] = (cli_set){"all", NULL, Q};
  return n;
}

void cli_gather_set(const cli_set *s, const double *Y, const double *T, size_t K,
                    double *Y_set, double *T_set) {
  for (size_t i = 0; i < s->n; i++) {
    size_t q = s->idx ? s->idx[i] : i;
    memcpy(Y_set + i * K, Y + q * K, K * sizeof *Y);
    memcpy(T_set + i * K, T + q * K, K * sizeof *T);
  }
}

const char *cli_class_name(char *const *target_names, size_t K, size_t c, char *buf,
                           size_t len) {
  if (K == 1) {
    snprintf(buf, len, "%s=%zu", target_names ? target_names[0] : "t", c);
    return buf;
  }
  return target_names ? target_names[c] : "";
}

/* The result of clm_confusion on one set. */
typedef struct set_confusion {
  double c;      /* fraction misclassified */
  size_t kept;   /* samples with a known target */
  size_t *cm;    /* C x C, cm[i + j*C]: target i, output j */
} set_confusion;

/* " 97.1%" (6 characters) or "     -" for 0 of 0. */
static void percent(FILE *out, size_t part, size_t whole) {
  if (whole)
    fprintf(out, " %5.1f%%", 100.0 * (double)part / (double)whole);
  else
    fprintf(out, " %6s", "-");
}

static void print_matrix(FILE *out, const char *set, const set_confusion *r, size_t C,
                         size_t K, char *const *names) {
  char buf[300];
  fprintf(out, "confusion matrix, %s (rows: target class, columns: output class):\n", set);
  fprintf(out, "  %-23s", "");
  for (size_t j = 0; j < C; j++) fprintf(out, " %7zu", j + 1);
  fprintf(out, "  recall\n");
  for (size_t i = 0; i < C; i++) {
    size_t row = 0;
    fprintf(out, "  %2zu %-20.20s", i + 1, cli_class_name(names, K, i, buf, sizeof buf));
    for (size_t j = 0; j < C; j++) {
      fprintf(out, " %7zu", r->cm[i + j * C]);
      row += r->cm[i + j * C];
    }
    fputc(' ', out);
    percent(out, r->cm[i + i * C], row);
    fputc('\n', out);
  }
  fprintf(out, "  %-23s", "precision");
  for (size_t j = 0; j < C; j++) {
    size_t col = 0;
    for (size_t i = 0; i < C; i++) col += r->cm[i + j * C];
    fputc(' ', out);
    percent(out, r->cm[j + j * C], col);
  }
  fputc(' ', out);
  size_t correct = 0;
  for (size_t i = 0; i < C; i++) correct += r->cm[i + i * C];
  percent(out, correct, r->kept);
  fputc('\n', out);
}

/* The accuracy table: samples, accuracy (1 - c) and misclassified count. */
static void print_accuracy(FILE *out, const cli_set *sets, size_t n_sets,
                           const set_confusion *r, size_t C, size_t K) {
  if (K == 1)
    fprintf(out, "classification (2 classes from one 0/1 target; output class 2 when the "
                 "output is >= 0.5):\n");
  else
    fprintf(out, "classification (%zu classes; output class = the largest output):\n", C);
  fprintf(out, "  %-11s %8s %10s %8s\n", "set", "samples", "accuracy", "errors");
  for (size_t s = 0; s < n_sets; s++) {
    size_t correct = 0;
    for (size_t i = 0; i < C; i++) correct += r[s].cm[i + i * C];
    fprintf(out, "  %-11s %8zu", sets[s].name, r[s].kept);
    if (r[s].kept)
      fprintf(out, " %10.4f %8zu\n", 1.0 - r[s].c, r[s].kept - correct);
    else
      fprintf(out, " %10s %8s\n", "-", "-");
  }
}

void cli_report_classes(FILE *out, const cli_set *sets, size_t n_sets, const double *Y,
                        const double *T, size_t K, char *const *names) {
  const size_t C = clm_confusion_classes(K);
  size_t Q = 0;
  for (size_t s = 0; s < n_sets; s++)
    if (sets[s].n > Q) Q = sets[s].n;
  set_confusion r[4];
  size_t *cm = malloc(4 * C * C * sizeof *cm);
  double *Ys = malloc((Q ? Q : 1) * K * sizeof *Ys), *Ts = malloc((Q ? Q : 1) * K * sizeof *Ts);
  int st = cm && Ys && Ts && n_sets <= 4 ? CLM_OK : CLM_ENOMEM;
  for (size_t s = 0; st == CLM_OK && s < n_sets; s++) {
    r[s].cm = cm + s * C * C;
    cli_gather_set(&sets[s], Y, T, K, Ys, Ts);
    st = clm_confusion(Ts, Ys, K, sets[s].n, &r[s].c, r[s].cm, NULL, &r[s].kept);
  }
  if (st != CLM_OK) {
    fprintf(out, "classification: %s\n", clm_strerror(st));
  } else {
    print_accuracy(out, sets, n_sets, r, C, K);
    for (size_t s = 0; s < n_sets; s++) print_matrix(out, sets[s].name, &r[s], C, K, names);
  }
  free(cm);
  free(Ys);
  free(Ts);
}
