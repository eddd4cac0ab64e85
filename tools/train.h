/* chaoslm command-line tool — `chaoslm train` and `chaoslm demo`: the steps
 * of cmd_train (tools/cmd_train.c) and what they share.
 *
 *   train_opts.c    options into a train_opts (table-driven), usage text;
 *   train_params.c  the trainer parameters as options, generated from the
 *                   library's descriptions (clm_trainer_param);
 *   train_names.c   the tool's spellings of divide/init names, name lists;
 *   train_data.c    reading the CSV (under mpirun: this rank's rows);
 *   train_mpi.c     the MPI parts (compiled only with HAVE_MPI);
 *   train_net.c     the network: new, or loaded from --init-from;
 *   train_run.c     training, the progress display and the Ctrl-C handler;
 *   train_report.c  the summary and the output files.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_TOOLS_TRAIN_H
#define CLM_TOOLS_TRAIN_H

#ifdef HAVE_CONFIG_H
#include "config.h" /* HAVE_MPI */
#endif
#include "cli.h"

#define TRAIN_MAX_HIDDEN 63   /* hidden layers */
#define TRAIN_MAX_TRANSFER 64 /* --transfer entries */
/* compressions per series of --escape compress / chaos-compress (the
 * value bench_chaos calibrated, doc/chaos.md) */
#define TRAIN_WC_ESCAPES 1

/* Everything the command line says, checked. */
typedef struct train_opts {
  const char *cmd;            /* "train" or "demo", for messages */
  int demo;
  int help;                   /* --help: print the usage, do nothing else */
  char data_path[4096];
  size_t K;                   /* target columns (the last K) */
  cli_netkind net_kind;       /* --net (default feedforward) */
  int net_given;
  size_t hidden[TRAIN_MAX_HIDDEN], n_hidden;
  int hidden_given;           /* --hidden given */
  clm_transfer tf[TRAIN_MAX_TRANSFER];
  size_t n_tf;                /* 0: --transfer not given */
  int transfer_given;
  const clm_trainer_type *trainer; /* --train, else the network's own trainFcn */
  int trainer_given;
  clm_initfcn initfcn;
  int chaos_init;             /* chaotic initialisation (--init chaos, demo) */
  int init_given;             /* --init given */
  clm_dividefcn divfcn;
  double ratios[3];
  int divide_given;           /* --divide or --ratios given */
  clm_backend backend;
  clm_performfcn performfcn;  /* --perform */
  double regularization;      /* --regularization, in [0,1] */
  clm_normalization normalization; /* --normalization */
  int perform_given, regularization_given, normalization_given;
  const char *init_from, *save, *record, *plot; /* NULL when not given */
  char gnuplot[4096];         /* gnuplot's path when --plot is given */
  int quiet;
  /* restarts, escapes and the race (--escape, --restarts, --race; doc/chaos.md) */
  int escape;                 /* 1: --escape given */
  clm_escape_mode escape_mode;
  size_t escapes;             /* escapes per series (0: fresh starts only) */
  size_t restarts;            /* fresh starts / new race rounds */
  int restarts_given;
  size_t race;                /* 0: no race */
  int restart_chaos;          /* --restart-from chaos: fresh starts by chaotic search */
  clm_trainparam p;           /* the trainer's parameters, as given */
} train_opts;

/* train_opts.c: parse argv into *o (argv[2..] are the command's
 * arguments).  Without --train the trainer is the network's own trainFcn
 * (train_default_trainer).  Returns CLI_OK (o->help set: print the usage with
 * train_usage and stop) or CLI_EUSAGE (message printed). */
int train_parse(train_opts *o, int argc, char **argv, int demo);
void train_usage(const train_opts *o);
/* Can the asked-for outputs be written (and is gnuplot there for --plot)?
 * CLI_OK or CLI_EUSAGE (message printed). */
int train_check_outputs(train_opts *o);

/* train_params.c: the trainer parameters as command-line options.  Every
 * parameter of every registered trainer is an option named after its
 * trainParam name with '_' written '-' and a capital as '-' plus the
 * lower-case letter (mu_dec: --mu-dec, showCommandLine:
 * --show-command-line).  The backend parameter is the tool's own --backend
 * option (train_opts.c), accepted for every trainer. */
#define TRAIN_MAX_PARAMS 64
typedef struct train_param_opts {
  size_t n;                                /* options */
  const char *param[TRAIN_MAX_PARAMS];     /* trainParam name of option i */
  char name[TRAIN_MAX_PARAMS][40];         /* option name without "--" */
} train_param_opts;
/* Collect the options of every registered trainer (first use order). */
void train_param_opts_init(train_param_opts *po);
/* o->p := the trainer's defaults with the tool's own (seed 1, progress
 * lines on), then the given values (values[i] for option i, NULL when
 * absent) set with clm_trainparam_parse.  An option the trainer does not
 * take is an error naming the trainer and its own parameters.
 * CLI_OK or CLI_EUSAGE (message printed). */
int train_params_apply(train_opts *o, const train_param_opts *po, const char *const *values);
/* Print the trainers and their parameters for --help. */
void train_params_usage(FILE *f);

/* train_names.c: the tool's spellings.  --divide takes a MATLAB name
 * (dividerand) or its short form (rand, block, int; none = dividetrain);
 * divideind needs index lists, which the tool does not take.  --init takes
 * initnw/nw or rands (chaos is the tool's own).  Each returns 0 or -1. */
int train_divide_from_name(const char *s, clm_dividefcn *f);
int train_init_from_name(const char *s, clm_initfcn *f);
/* Comma-separated (sep) lists of the accepted names for messages and the
 * usage: the short divide names, the short init names, transfer functions,
 * backends, trainers.  Written into buf (len bytes). */
void train_list_divides(char *buf, size_t len, const char *sep);
void train_list_inits(char *buf, size_t len, const char *sep);
void train_list_transfers(char *buf, size_t len, const char *sep);
void train_list_backends(char *buf, size_t len, const char *sep);
void train_list_trainers(char *buf, size_t len, const char *sep);
void train_list_performs(char *buf, size_t len, const char *sep);
void train_list_normalizations(char *buf, size_t len, const char *sep);

/* The data of a run.  Under mpirun each rank holds its share of the rows
 * (clm_mpi_share) until train_gather_outputs collects them on rank 0. */
typedef struct train_data {
  clm_csv csv;
  size_t Q_all;               /* data rows in the file (every rank's) */
  int rank, size;             /* MPI rank and number of ranks; 0 and 1 without MPI */
  int mpi_started;            /* MPI_Init was called here: finish with MPI_Finalize */
} train_data;

/* train_data.c: read the data file (MPI started first when the process was
 * started by an MPI launcher; ranks other than 0 become quiet).  On error
 * the message is printed (by rank 0) and d needs only train_data_free.
 * CLI_OK or CLI_EUSAGE. */
int train_load_data(train_opts *o, train_data *d);
/* Release the data (and finish MPI when train_load_data started it). */
void train_data_free(train_data *d);

/* train_net.c: the network to train, new or loaded (--init-from) and
 * checked against the data and the options, with --perform,
 * --regularization and --normalization applied.  CLI_OK, CLI_EUSAGE or
 * CLI_EFAIL (message printed; *net NULL or to be freed by the caller). */
int train_build_net(const train_opts *o, const train_data *d, clm_net **net);
/* o->trainer := the trainFcn of the network --net builds, or of the model
 * --init-from names (which is read for it), as MATLAB's train uses
 * net.trainFcn.  CLI_OK or CLI_EUSAGE (message printed). */
int train_default_trainer(train_opts *o);
/* "4-8-3 (tansig, purelin)" into buf. */
void train_arch_string(const clm_net *net, char *buf, size_t len);
/* ", crossentropy" or ", mae, regularization 0.1, normalization standard"
 * into buf; empty for mse without performParam (the default). */
void train_perform_string(const clm_net *net, char *buf, size_t len);
/* Library statuses that mean bad input (CLI_EUSAGE) or a failure (CLI_EFAIL). */
int train_status_exit(int st);

/* train_run.c: check the parameters, print the header, train with Ctrl-C
 * as "User stop.".  *elapsed receives the training time in seconds and
 * *user_stop whether training was interrupted.  CLI_OK or the exit status
 * of the failure (message printed). */
int train_run(train_opts *o, const train_data *d, clm_net *net, clm_record *rec,
              double *elapsed, int *user_stop);

/* train_report.c: evaluate the trained network on every row, print the
 * summary and write --save/--record/--plot (rank 0 only).  Returns the
 * exit status of the run. */
int train_report(const train_opts *o, train_data *d, const clm_net *net,
                 const clm_record *rec, double elapsed, int user_stop);

/* train_mpi.c (HAVE_MPI only; without MPI these are no-ops and the run is
 * serial). */
#ifdef HAVE_MPI
/* Join MPI when started by a launcher (Open MPI, MPICH / PMI, PMIx). */
void train_mpi_start(train_opts *o, train_data *d);
/* Read this rank's share of the rows (d->size > 1).  0, or -1 with err. */
int train_mpi_read(const train_opts *o, train_data *d, char *err, size_t err_len);
/* clm_train_mpi over the ranks' rows. */
int train_mpi_train(const train_opts *o, const train_data *d, clm_net *net,
                    const clm_trainparam *p, clm_record *rec);
/* Rank 0 receives every rank's rows of Y and d->csv.T; then n_rows is
 * Q_all there.  0, or -1 (out of memory). */
int train_mpi_gather(double **Y, train_data *d);
void train_mpi_finish(train_data *d);
#else
static inline void train_mpi_start(train_opts *o, train_data *d) { (void)o; (void)d; }
static inline int train_mpi_read(const train_opts *o, train_data *d, char *err, size_t len) {
  (void)o; (void)d; (void)err; (void)len;
  return -1;
}
static inline int train_mpi_train(const train_opts *o, const train_data *d, clm_net *net,
                                  const clm_trainparam *p, clm_record *rec) {
  (void)o; (void)d; (void)net; (void)p; (void)rec;
  return CLM_EINVAL;
}
static inline int train_mpi_gather(double **Y, train_data *d) { (void)Y; (void)d; return -1; }
static inline void train_mpi_finish(train_data *d) { (void)d; }
#endif

#endif /* CLM_TOOLS_TRAIN_H */
