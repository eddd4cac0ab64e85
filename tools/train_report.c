/* chaoslm command-line tool — after training: the outputs on every sample,
 * the summary, and the files asked for (--save, --record, --plot).  Under
 * MPI rank 0 gathers the outputs and targets of every rank and alone prints
 * and writes.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "train.h"

#include <stdlib.h>

/* Linear baseline of the bundled Boston housing data (OLS with a bias,
 * 10-fold cross-validation; data/README.md). */
#define BOSTON_LINEAR_RMSE 4.84

static void print_summary(const train_opts *o, const train_data *d, const clm_net *net,
                          const clm_record *rec, const double *Y, double elapsed,
                          int user_stop) {
  const clm_csv *c = &d->csv;
  if (user_stop) printf("Interrupted (Ctrl-C): keeping the best network so far.\n");
  printf("Training time %.2f s (%s", elapsed, clm_backend_name(rec->backend_used));
  if (o->p.threads) printf(", %d threads", o->p.threads);
  printf(")\n");
  cli_report_train(stdout, rec, Y, c->T, o->K, c->n_rows, c->names + c->n_inputs,
                   clm_net_performfcn(net));
  if (o->demo && o->K == 1 && rec->n_test > 0) {
    cli_stats s = cli_stats_compute(Y, c->T, o->K, c->n_rows, rec->test_ind, rec->n_test, 0);
    printf("\nTest RMSE %.3f vs the linear baseline %.2f (least squares, 10-fold CV): %s\n",
           s.rmse, BOSTON_LINEAR_RMSE,
           s.rmse < BOSTON_LINEAR_RMSE ? "the network is better" : "NOT better");
  }
}

/* --save, --record, --plot; returns ret, or CLI_EFAIL when one failed. */
static int write_files(const train_opts *o, const train_data *d, const clm_net *net,
                       const clm_record *rec, const double *Y, double elapsed, int ret) {
  if (o->save) {
    int st = clm_net_save(net, o->save);
    if (st != CLM_OK) {
      cli_err(o->cmd, "--save: %s: %s", o->save, clm_strerror(st));
      ret = CLI_EFAIL;
    } else if (!o->quiet) {
      printf("Saved the network to %s\n", o->save);
    }
  }
  if (o->record) {
    if (cli_write_record(o->record, rec, &o->p, net, elapsed))
      ret = CLI_EFAIL;
    else if (!o->quiet)
      printf("Wrote the training record to %s\n", o->record);
  }
  if (o->plot) {
    const clm_csv *c = &d->csv;
    clm_performfcn pf = clm_net_performfcn(net);
    cli_plot_data pd = {rec, Y, c->T, o->K, c->n_rows, c->names + c->n_inputs,
                        cli_report_shows(c->T, o->K, c->n_rows, pf), pf};
    char done[3 * 4200];
    if (cli_plot(o->gnuplot, o->plot, &pd, done, sizeof done))
      ret = CLI_EFAIL;
    else if (!o->quiet)
      printf("Plots: %s\n", done);
  }
  fflush(stdout);
  return ret;
}

int train_report(const train_opts *o, train_data *d, const clm_net *net,
                 const clm_record *rec, double elapsed, int user_stop) {
  int ret = CLI_EFAIL;
  double *Y = malloc(d->csv.n_rows * o->K * sizeof *Y);
  if (!Y) {
    cli_err(o->cmd, "out of memory");
    return ret;
  }
  int st = clm_sim(net, d->csv.X, d->csv.n_rows, Y, o->p.threads);
  if (st != CLM_OK) {
    cli_err(o->cmd, "cannot evaluate the trained network: %s", clm_strerror(st));
    goto out;
  }
  if (d->size > 1) { /* rank 0 reports on every sample and writes the files */
    if (train_mpi_gather(&Y, d)) {
      cli_err(o->cmd, "out of memory");
      goto out;
    }
    if (d->rank != 0) {
      ret = user_stop ? CLI_EINTR : CLI_OK;
      goto out;
    }
  }
  if (!o->quiet) print_summary(o, d, net, rec, Y, elapsed, user_stop);
  ret = write_files(o, d, net, rec, Y, elapsed, user_stop ? CLI_EINTR : CLI_OK);
out:
  free(Y);
  return ret;
}
