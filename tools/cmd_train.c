/* chaoslm command-line tool — `chaoslm train` and `chaoslm demo`.
 *
 * Order of work, so that a bad argument or bad data never leaves a file
 * behind: parse and check every option (train_opts.c), check that the
 * output files can be created (and that gnuplot exists for --plot), read
 * the CSV (train_data.c), build or load the network (train_net.c), check
 * the training parameters with the library and train (train_run.c); only
 * then write the model, record and plots (train_report.c).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "train.h"

int cmd_train(int argc, char **argv, int demo) {
  train_opts o;
  train_data d;
  clm_net *net = NULL;
  clm_record rec;
  double elapsed = 0;
  int user_stop = 0;
  int ret = train_parse(&o, argc, argv, demo);
  if (ret != CLI_OK || o.help) {
    if (o.help) train_usage(&o);
    return ret;
  }
  if ((ret = train_check_outputs(&o)) != CLI_OK) return ret;
  if ((ret = train_load_data(&o, &d)) != CLI_OK) {
    train_data_free(&d);
    return ret;
  }
  clm_record_init(&rec);
  ret = train_build_net(&o, &d, &net);
  if (ret == CLI_OK) ret = train_run(&o, &d, net, &rec, &elapsed, &user_stop);
  if (ret == CLI_OK) ret = train_report(&o, &d, net, &rec, elapsed, user_stop);
  clm_record_free(&rec);
  clm_net_free(net);
  train_data_free(&d);
  return ret;
}
