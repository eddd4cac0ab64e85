/* chaoslm command-line tool — declarations shared by its source files.
 *
 * The tool uses only the public API (include/chaoslm.h) and links the
 * installed library libchaoslm.
 *
 * Exit statuses: 0 success; 1 a failure while running (library error,
 * write error after training); 2 a usage or input error (bad option, bad
 * CSV, incompatible model), detected before anything is written;
 * 130 training stopped by Ctrl-C (SIGINT) after the best network was
 * saved.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_TOOLS_CLI_H
#define CLM_TOOLS_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "chaoslm.h"
#include "csv.h"

enum { CLI_OK = 0, CLI_EFAIL = 1, CLI_EUSAGE = 2, CLI_EINTR = 130 };

/* Program name for messages ("chaoslm"). */
extern const char *cli_prog;

/* Print "chaoslm: <cmd>: message\n" on stderr. */
void cli_err(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- option parsing (chaoslm.c) */
typedef struct cli_optdef {
  const char *name; /* without the leading "--" */
  int has_arg;
} cli_optdef;

/* Parse argv[first..argc-1] against defs (n_defs entries).  values[i]
 * receives the argument of defs[i] ("" for a flag that is present, NULL
 * when absent); positional arguments go to pos (at most max_pos).
 * Returns 0, or prints an error and returns -1. */
int cli_parse(const char *cmd, int argc, char **argv, int first, const cli_optdef *defs,
              size_t n_defs, const char **values, const char **pos, size_t max_pos,
              size_t *n_pos);

/* Checked conversions; print "chaoslm: cmd: --opt: ..." and return -1 on error. */
int cli_size(const char *cmd, const char *opt, const char *s, size_t min, size_t *v);
int cli_u64(const char *cmd, const char *opt, const char *s, uint64_t *v);
int cli_double(const char *cmd, const char *opt, const char *s, double lo, double hi,
               double *v);
/* Can a file named `path` be created (its directory exists and is writable)? */
int cli_check_writable(const char *cmd, const char *opt, const char *path);

/* ---- commands */
int cmd_train(int argc, char **argv, int demo);
int cmd_sim(int argc, char **argv);
int cmd_info(int argc, char **argv);

/* Locate a bundled dataset (demo): writes the path into buf. 0 or -1. */
int cli_find_data(const char *name, char *buf, size_t len);

/* ---- netkind.c: the network constructors of `train --net` */
typedef enum cli_netkind {
  CLI_NET_FEEDFORWARD = 0, /* clm_feedforwardnet (the default) */
  CLI_NET_FIT,             /* clm_fitnet */
  CLI_NET_PATTERN,         /* clm_patternnet */
  CLI_NET_CASCADE,         /* clm_cascadeforwardnet */
  CLI_NET_COUNT_
} cli_netkind;
/* "pattern" or MATLAB's "patternnet" -> CLI_NET_PATTERN; 0 or -1. */
int cli_netkind_from_name(const char *s, cli_netkind *k);
/* The tool's name ("pattern") and MATLAB's constructor ("patternnet"). */
const char *cli_netkind_name(cli_netkind k);
const char *cli_netkind_matlab(cli_netkind k);
/* Create an unconfigured network of kind k (the constructor's status). */
int cli_netkind_create(cli_netkind k, clm_net **net, size_t n_hidden, const size_t *hidden);
/* The tool's names, separated by sep, into buf. */
void cli_list_netkinds(char *buf, size_t len, const char *sep);
/* 1 when the network has a connection a feed-forward network lacks. */
int cli_net_is_cascade(const clm_net *net);
/* The kind a (saved) network was built as: cascade, pattern or feedforward
 * (a file cannot tell fitnet from feedforwardnet). */
cli_netkind cli_netkind_of(const clm_net *net);
/* Could the constructor `asked` have built this network's architecture? */
int cli_netkind_matches(cli_netkind asked, const clm_net *net);

/* ---- report.c */
/* Set statistics for one output. */
typedef struct cli_stats {
  size_t n;        /* pairs used (non-NaN target and output) */
  double mse, rmse, r;
  double slope, intercept; /* least-squares fit output = slope*target + intercept */
} cli_stats;

/* Statistics of outputs Y against targets T (K x Q, column-major) over the
 * samples idx (n of them; idx NULL = all Q), for output k (k = K: all
 * outputs pooled, as plotregression does). */
cli_stats cli_stats_compute(const double *Y, const double *T, size_t K, size_t Q,
                            const size_t *idx, size_t n, size_t k);
/* 1 if every complete target row is one-hot (K >= 2). */
int cli_is_onehot(const double *T, size_t K, size_t Q);
/* What the summary shows for targets T (K x Q) and a network with
 * performance function pf: CLI_SHOW_REGRESSION (MSE, RMSE, R per output),
 * CLI_SHOW_CLASSES (accuracy and confusion matrices), or both.  Classes
 * are shown for one-hot targets (K >= 2) and for a single row of 0/1
 * targets of a crossentropy network; the regression table is left out for
 * a crossentropy network whose targets are classes. */
enum { CLI_SHOW_REGRESSION = 1, CLI_SHOW_CLASSES = 2 };
int cli_report_shows(const double *T, size_t K, size_t Q, clm_performfcn pf);
/* Print the final summary of a training run to `out`. */
void cli_report_train(FILE *out, const clm_record *rec, const double *Y, const double *T,
                      size_t K, size_t Q, char *const *target_names, clm_performfcn pf);
/* Print the error summary of sim --targets (all samples). */
void cli_report_errors(FILE *out, const double *Y, const double *T, size_t K, size_t Q,
                       char *const *target_names, clm_performfcn pf);

/* ---- report_class.c: the classification part of the summary */
/* One data set of the summary: name and sample indices (idx NULL: all Q). */
typedef struct cli_set {
  const char *name;
  const size_t *idx;
  size_t n;
} cli_set;
/* The sets of a record: training, validation and test when the record has
 * a division (empty ones left out), then "all"; without a record only
 * "all".  Returns the number written to sets (at most 4). */
size_t cli_sets(const clm_record *rec, size_t Q, cli_set sets[4]);
/* Targets and outputs of one set gathered into T_set and Y_set (K x n). */
void cli_gather_set(const cli_set *s, const double *Y, const double *T, size_t K,
                    double *Y_set, double *T_set);
/* The class names: target column names, or "NAME=0" / "NAME=1" for one
 * column (buf receives the two names of that case).  Returns names. */
const char *cli_class_name(char *const *target_names, size_t K, size_t c, char *buf,
                           size_t len);
/* Accuracy per set and a confusion matrix per set (clm_confusion),
 * rows = target class, columns = output class, with recall per row,
 * precision per column and the accuracy in the corner. */
void cli_report_classes(FILE *out, const cli_set *sets, size_t n_sets, const double *Y,
                        const double *T, size_t K, char *const *target_names);

/* ---- json_record.c: write the record as JSON (MATLAB tr names). 0 / -1 */
int cli_write_record(const char *path, const clm_record *rec, const clm_trainparam *p,
                     const clm_net *net, double elapsed_s);

/* ---- plot.c */
/* What the figures show: the record, outputs Y and targets T (K x Q), the
 * target names, `shows` (cli_report_shows) choosing the figures, and the
 * performance function (the label of the performance axis). */
typedef struct cli_plot_data {
  const clm_record *rec;
  const double *Y, *T;
  size_t K, Q;
  char *const *names;
  int shows;
  clm_performfcn perform;
} cli_plot_data;
/* Full path of gnuplot on PATH into buf; 0 if found, -1 if not. */
int cli_find_gnuplot(char *buf, size_t len);
/* Write PREFIX-perform.png (when the record has a history), then
 * PREFIX-regression.png (CLI_SHOW_REGRESSION) and PREFIX-confusion.png
 * (CLI_SHOW_CLASSES).  The names written, separated by spaces, go into
 * done (len bytes).  0 / -1 (message printed). */
int cli_plot(const char *gnuplot, const char *prefix, const cli_plot_data *d, char *done,
             size_t len);
/* plot_confusion.c: the gnuplot script that writes the confusion figure
 * to the file `out`. */
void cli_plot_confusion_script(FILE *f, const char *out, const cli_plot_data *d);
/* plot.c: gnuplot helpers shared by the scripts. */
void cli_gp_terminal(FILE *f, const char *out, int w, int h);
void cli_gp_quote(FILE *f, const char *s);

#endif /* CLM_TOOLS_CLI_H */
