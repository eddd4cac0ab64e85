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
/* Print the final summary of a training run to `out`. */
void cli_report_train(FILE *out, const clm_record *rec, const double *Y, const double *T,
                      size_t K, size_t Q, char *const *target_names);
/* Print the error summary of sim --targets (all samples). */
void cli_report_errors(FILE *out, const double *Y, const double *T, size_t K, size_t Q,
                       char *const *target_names);

/* ---- json_record.c: write the record as JSON (MATLAB tr names). 0 / -1 */
int cli_write_record(const char *path, const clm_record *rec, const clm_trainparam *p,
                     const clm_net *net, double elapsed_s);

/* ---- plot.c */
/* Full path of gnuplot on PATH into buf; 0 if found, -1 if not. */
int cli_find_gnuplot(char *buf, size_t len);
/* Write PREFIX-perform.png and PREFIX-regression.png.  0 / -1 (message printed). */
int cli_plot(const char *gnuplot, const char *prefix, const clm_record *rec, const double *Y,
             const double *T, size_t K, size_t Q);

#endif /* CLM_TOOLS_CLI_H */
