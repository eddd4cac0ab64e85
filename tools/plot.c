/* chaoslm command-line tool — --plot: MATLAB-like plotperform and
 * plotregression figures rendered by gnuplot.
 *
 * gnuplot is found on PATH and fed a script on a pipe (fork + execv, no
 * shell); the data travel inside the script as gnuplot 5 data blocks, so no
 * temporary files are written.  The terminal is pngcairo when gnuplot has
 * it, else the libgd png terminal.
 *
 *   PREFIX-perform.png: train/validation/test performance per epoch on a
 *     log scale, the best epoch marked by a circle and a dotted "Best" line
 *     (plotperform).
 *   PREFIX-regression.png: outputs against targets for the training,
 *     validation and test sets and all data, each with the least-squares fit
 *     line, the Y = T line and R in the title (plotregression).  With
 *     several outputs the pairs of all outputs are pooled, as in MATLAB.
 *   PREFIX-confusion.png: confusion matrices of the same sets, for class
 *     targets (plotconfusion; plot_confusion.c).
 * Which figures are drawn follows the summary (cli_report_shows).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int cli_find_gnuplot(char *buf, size_t len) {
  const char *path = getenv("PATH");
  if (!path || !path[0]) return -1;
  const char *p = path;
  for (;;) {
    const char *c = strchr(p, ':');
    size_t n = c ? (size_t)(c - p) : strlen(p);
    if (n == 0)
      snprintf(buf, len, "./gnuplot");
    else
      snprintf(buf, len, "%.*s/gnuplot", (int)n, p);
    if (access(buf, X_OK) == 0) return 0;
    if (!c) break;
    p = c + 1;
  }
  return -1;
}

/* gnuplot single-quoted string: '' stands for one quote */
void cli_gp_quote(FILE *f, const char *s) {
  fputc('\'', f);
  for (; *s; s++) {
    if (*s == '\'') fputc('\'', f);
    fputc(*s, f);
  }
  fputc('\'', f);
}

void cli_gp_terminal(FILE *f, const char *out, int w, int h) {
  fprintf(f, "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
             "  set terminal pngcairo size %d,%d enhanced font 'sans,10'\n"
             "} else {\n"
             "  set terminal png size %d,%d\n"
             "}\n",
          w, h, w, h);
  fputs("set output ", f);
  cli_gp_quote(f, out);
  fputc('\n', f);
}

static void gp_val(FILE *f, double v, int positive) {
  if (!isfinite(v) || (positive && !(v > 0)))
    fputs(" NaN", f);
  else
    fprintf(f, " %.10g", v);
}

/* plotperform's axis label: "Mean Squared Error" for mse. */
static const char *perform_title(clm_performfcn f) {
  switch (f) {
  case CLM_SSE: return "Sum Squared Error";
  case CLM_MAE: return "Mean Absolute Error";
  case CLM_CROSSENTROPY: return "Cross-Entropy";
  default: return "Mean Squared Error";
  }
}

static void script_perform(FILE *f, const char *out, const cli_plot_data *d) {
  const clm_record *rec = d->rec;
  size_t n = rec->num_epochs + 1;
  int has_val = rec->n_val > 0, has_test = rec->n_test > 0;
  cli_gp_terminal(f, out, 720, 540);
  fputs("set datafile missing 'NaN'\n$P << EOD\n", f);
  for (size_t i = 0; i < n; i++) {
    fprintf(f, "%zu", rec->epoch ? rec->epoch[i] : i);
    gp_val(f, rec->perf ? rec->perf[i] : NAN, 1);
    gp_val(f, rec->vperf ? rec->vperf[i] : NAN, 1);
    gp_val(f, rec->tperf ? rec->tperf[i] : NAN, 1);
    fputc('\n', f);
  }
  fputs("EOD\n", f);
  double best = has_val ? rec->best_vperf : rec->best_perf;
  fputs("$B << EOD\n", f);
  fprintf(f, "0");
  gp_val(f, best, 1);
  fprintf(f, "\n%zu", rec->num_epochs > 0 ? rec->num_epochs : 1);
  gp_val(f, best, 1);
  fprintf(f, "\nEOD\n$M << EOD\n%zu", rec->best_epoch);
  gp_val(f, best, 1);
  fputs("\nEOD\n", f);
  fprintf(f, "set title \"Best %s Performance is %.6g at epoch %zu\" font ',12'\n",
          has_val ? "Validation" : "Training", best, rec->best_epoch);
  fprintf(f, "set xlabel '%zu Epochs'\nset ylabel '%s (%s)'\n", rec->num_epochs,
          perform_title(d->perform), clm_performfcn_name(d->perform));
  fputs("set logscale y\nset format y '10^{%T}'\nset grid\nset key top right box opaque\n", f);
  fprintf(f, "set xrange [0:%zu]\n", rec->num_epochs > 0 ? rec->num_epochs : 1);
  fputs("plot $P using 1:2 with lines lw 2 lc rgb '#0033cc' title 'Train'", f);
  if (has_val) fputs(", $P using 1:3 with lines lw 2 lc rgb '#109010' title 'Validation'", f);
  if (has_test) fputs(", $P using 1:4 with lines lw 2 lc rgb '#dd2020' title 'Test'", f);
  fputs(", $B using 1:2 with lines dt 2 lw 1.5 lc rgb '#109010' title 'Best'", f);
  fputs(", $M using 1:2 with points pt 6 ps 2.5 lw 2 lc rgb '#109010' notitle\n", f);
  fputs("unset output\n", f);
}

static void panel(FILE *f, const char *name, const char *color, const double *Y, const double *T,
                  size_t K, size_t Q, const size_t *idx, size_t n, int id) {
  cli_stats s = cli_stats_compute(Y, T, K, Q, idx, n, K);
  double lo = INFINITY, hi = -INFINITY;
  fprintf(f, "$D%d << EOD\n", id);
  size_t m = idx ? n : Q;
  for (size_t i = 0; i < m; i++) {
    size_t q = idx ? idx[i] : i;
    for (size_t k = 0; k < K; k++) {
      double t = T[q * K + k], y = Y[q * K + k];
      if (isnan(t) || isnan(y)) continue;
      fprintf(f, "%.10g %.10g\n", t, y);
      if (t < lo) lo = t;
      if (y < lo) lo = y;
      if (t > hi) hi = t;
      if (y > hi) hi = y;
    }
  }
  fputs("EOD\n", f);
  if (!(hi > lo)) {
    lo = isfinite(lo) ? lo - 1 : -1;
    hi = isfinite(hi) ? hi + 1 : 1;
  }
  double pad = 0.05 * (hi - lo);
  lo -= pad;
  hi += pad;
  fprintf(f, "set xrange [%.10g:%.10g]\nset yrange [%.10g:%.10g]\n", lo, hi, lo, hi);
  if (isnan(s.r))
    fprintf(f, "set title '%s: R=NaN'\n", name);
  else
    fprintf(f, "set title '%s: R=%.5f'\n", name, s.r);
  fprintf(f, "set xlabel 'Target'\n");
  if (isfinite(s.slope))
    fprintf(f, "set ylabel 'Output ~= %.2g*Target %c %.2g' noenhanced\n", s.slope,
            s.intercept < 0 ? '-' : '+', fabs(s.intercept));
  else
    fprintf(f, "set ylabel 'Output'\n");
  fprintf(f, "plot $D%d using 1:2 with points pt 6 ps 0.6 lc rgb '#303030' title 'Data'", id);
  if (isfinite(s.slope))
    fprintf(f, ", %.17g*x%+.17g with lines lw 2 lc rgb '%s' title 'Fit'", s.slope, s.intercept,
            color);
  fputs(", x with lines dt 2 lc rgb '#606060' title 'Y = T'\n", f);
}

static void script_regression(FILE *f, const char *out, const cli_plot_data *d) {
  const clm_record *rec = d->rec;
  const double *Y = d->Y, *T = d->T;
  const size_t K = d->K, Q = d->Q;
  int sets = (rec->n_train > 0) + (rec->n_val > 0) + (rec->n_test > 0);
  int have = rec->train_ind && rec->n_train > 0 && sets > 0;
  int np = have ? sets + 1 : 1;
  int rows = np > 2 ? 2 : 1, cols = np > 1 ? 2 : 1;
  cli_gp_terminal(f, out, cols * 400, rows * 380);
  fputs("set grid\nset key bottom right box opaque font ',8'\nset size ratio -1\n", f);
  fprintf(f, "set multiplot layout %d,%d\n", rows, cols);
  if (have) {
    if (rec->n_train) panel(f, "Training", "#0033cc", Y, T, K, Q, rec->train_ind, rec->n_train, 1);
    if (rec->n_val) panel(f, "Validation", "#109010", Y, T, K, Q, rec->val_ind, rec->n_val, 2);
    if (rec->n_test) panel(f, "Test", "#dd2020", Y, T, K, Q, rec->test_ind, rec->n_test, 3);
  }
  panel(f, "All", "#000000", Y, T, K, Q, NULL, Q, 4);
  fputs("unset multiplot\nunset output\n", f);
}

typedef void (*script_fn)(FILE *f, const char *out, const cli_plot_data *d);

/* Run gnuplot with the script produced by `emit`; 0 on success. */
static int run_gnuplot(const char *gnuplot, script_fn emit, const char *out,
                       const cli_plot_data *d) {
  int fd[2];
  if (pipe(fd)) {
    cli_err("train", "--plot: pipe: %s", strerror(errno));
    return -1;
  }
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    cli_err("train", "--plot: fork: %s", strerror(errno));
    close(fd[0]);
    close(fd[1]);
    return -1;
  }
  if (pid == 0) {
    dup2(fd[0], STDIN_FILENO);
    close(fd[0]);
    close(fd[1]);
    /* gnuplot must not write on our stdout (sim/train output) */
    dup2(STDERR_FILENO, STDOUT_FILENO);
    char *const args[] = {(char *)gnuplot, NULL};
    execv(gnuplot, args);
    _exit(127);
  }
  close(fd[0]);
  /* a gnuplot that dies early must not kill us with SIGPIPE */
  struct sigaction ign, old;
  memset(&ign, 0, sizeof ign);
  ign.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ign, &old);
  FILE *f = fdopen(fd[1], "w");
  int bad = 0;
  if (!f) {
    close(fd[1]);
    bad = 1;
  } else {
    emit(f, out, d);
    if (fclose(f)) bad = 1;
  }
  int wst = 0;
  while (waitpid(pid, &wst, 0) < 0 && errno == EINTR) {
  }
  sigaction(SIGPIPE, &old, NULL);
  if (bad || !WIFEXITED(wst) || WEXITSTATUS(wst) != 0 || access(out, R_OK) != 0) {
    cli_err("train", "--plot: gnuplot (%s) failed to write %s", gnuplot, out);
    return -1;
  }
  return 0;
}

int cli_plot(const char *gnuplot, const char *prefix, const cli_plot_data *d, char *done,
             size_t len) {
  const struct {
    const char *suffix;
    script_fn emit;
    int wanted;
  } figs[3] = {{"perform", script_perform, d->rec && d->rec->perf != NULL},
               {"regression", script_regression, (d->shows & CLI_SHOW_REGRESSION) != 0},
               {"confusion", cli_plot_confusion_script, (d->shows & CLI_SHOW_CLASSES) != 0}};
  size_t n = strlen(prefix) + 32, o = 0;
  char *out = malloc(n);
  if (!out) {
    cli_err("train", "--plot: out of memory");
    return -1;
  }
  int rc = 0;
  if (len) done[0] = '\0';
  for (size_t i = 0; i < 3; i++) {
    if (!figs[i].wanted) continue;
    snprintf(out, n, "%s-%s.png", prefix, figs[i].suffix);
    if (run_gnuplot(gnuplot, figs[i].emit, out, d))
      rc = -1;
    else if (o < len)
      o += (size_t)snprintf(done + o, len - o, "%s%s", o ? " " : "", out);
  }
  free(out);
  return rc;
}
