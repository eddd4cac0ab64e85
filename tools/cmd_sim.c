/* chaoslm command-line tool — `chaoslm sim MODEL DATA.csv [--targets K]`.
 *
 * Writes the network's outputs as CSV on standard output (one row per
 * sample, a header row "y1,...", values as %.17g so that they read back
 * exactly).  With --targets K the last K columns of DATA.csv are targets:
 * they are not fed to the network, and the error summary goes to stderr
 * (for class targets: accuracy and confusion matrix, report_class.c).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { S_TARGETS, S_THREADS, S_HELP, S_COUNT_ };
static const cli_optdef sim_opts[S_COUNT_] = {
  [S_TARGETS] = {"targets", 1}, [S_THREADS] = {"threads", 1}, [S_HELP] = {"help", 0}};

int cmd_sim(int argc, char **argv) {
  const char *cmd = "sim";
  const char *ov[S_COUNT_];
  const char *pos[2];
  size_t n_pos;
  if (cli_parse(cmd, argc, argv, 2, sim_opts, S_COUNT_, ov, pos, 2, &n_pos)) return CLI_EUSAGE;
  if (ov[S_HELP]) {
    printf("Usage: %s sim MODEL DATA.csv [--targets K] [--threads T]\n"
           "Print the outputs of a saved network on DATA.csv as CSV (stdout).  With\n"
           "--targets K the last K columns are targets: they are skipped as inputs and the\n"
           "error summary (MSE, RMSE, R per output; for class targets the accuracy and\n"
           "the confusion matrix) is printed on stderr.\n",
           cli_prog);
    return CLI_OK;
  }
  if (n_pos != 2) {
    cli_err(cmd, "%s (usage: %s sim MODEL DATA.csv [--targets K])",
            n_pos < 2 ? "needs a model and a data file" : "too many arguments", cli_prog);
    return CLI_EUSAGE;
  }
  size_t K = 0, threads = 0;
  if (ov[S_TARGETS] && cli_size(cmd, "targets", ov[S_TARGETS], 1, &K)) return CLI_EUSAGE;
  if (ov[S_THREADS] && cli_size(cmd, "threads", ov[S_THREADS], 0, &threads)) return CLI_EUSAGE;
  if (threads > 4096) {
    cli_err(cmd, "--threads: %zu is too many (at most 4096)", threads);
    return CLI_EUSAGE;
  }

  clm_net *net = NULL;
  int st = clm_net_load(pos[0], &net);
  if (st != CLM_OK) {
    cli_err(cmd, "%s: %s", pos[0], clm_strerror(st));
    return CLI_EUSAGE;
  }
  clm_csv csv;
  char err[512];
  if (clm_csv_read(pos[1], K, &csv, err, sizeof err)) {
    cli_err(cmd, "%s", err);
    clm_net_free(net);
    return CLI_EUSAGE;
  }
  int ret = CLI_EUSAGE;
  double *Y = NULL;
  size_t nin = clm_net_num_inputs(net), nout = clm_net_num_outputs(net);
  if (csv.n_inputs != nin) {
    cli_err(cmd, "%s has %zu input columns%s, but the network %s expects %zu", pos[1],
            csv.n_inputs, K ? " (after the targets)" : "", pos[0], nin);
    goto out;
  }
  if (K && K != nout) {
    cli_err(cmd, "--targets %zu, but the network %s has %zu outputs", K, pos[0], nout);
    goto out;
  }
  Y = malloc(csv.n_rows * nout * sizeof *Y);
  if (!Y) {
    cli_err(cmd, "out of memory");
    ret = CLI_EFAIL;
    goto out;
  }
  st = clm_sim(net, csv.X, csv.n_rows, Y, (int)threads);
  if (st != CLM_OK) {
    cli_err(cmd, "%s", clm_strerror(st));
    ret = st == CLM_EINF ? CLI_EUSAGE : CLI_EFAIL;
    goto out;
  }
  for (size_t k = 0; k < nout; k++) {
    if (K)
      printf("%s%s", k ? "," : "", csv.names[csv.n_inputs + k]);
    else
      printf("%sy%zu", k ? "," : "", k + 1);
  }
  putchar('\n');
  for (size_t q = 0; q < csv.n_rows; q++) {
    for (size_t k = 0; k < nout; k++) {
      double v = Y[q * nout + k];
      if (isnan(v))
        printf("%sNaN", k ? "," : "");
      else
        printf("%s%.17g", k ? "," : "", v);
    }
    putchar('\n');
  }
  if (fflush(stdout) || ferror(stdout)) {
    cli_err(cmd, "write error on standard output");
    ret = CLI_EFAIL;
    goto out;
  }
  if (K)
    cli_report_errors(stderr, Y, csv.T, K, csv.n_rows, csv.names + csv.n_inputs,
                      clm_net_performfcn(net));
  ret = CLI_OK;
out:
  free(Y);
  clm_csv_free(&csv);
  clm_net_free(net);
  return ret;
}
