/* chaoslm command-line tool — `chaoslm train` and `chaoslm demo`.
 *
 * Order of work, so that a bad argument or bad data never leaves a file
 * behind: parse and check every option, check that the output files can be
 * created (and that gnuplot exists for --plot), read the CSV, build or load
 * the network, check the training parameters with the library; only then
 * train, and write the model, record and plots at the end.
 *
 * Ctrl-C: a SIGINT handler sets a flag that the library polls through
 * clm_trainparam.stop_flag (and the epoch callback returns it too); training
 * ends with "User stop." and the best network is still saved.  The handler
 * is installed with SA_RESETHAND, so a second Ctrl-C kills the program.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifdef HAVE_CONFIG_H
#include "config.h" /* HAVE_MPI */
#endif
#include "cli.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_MPI
#include <mpi.h>
#include "chaoslm/mpi.h"

/* Started by an MPI launcher (Open MPI, MPICH / PMI, PMIx)?  Then `train`
 * runs distributed (doc/distributed.md): each rank keeps its share of the
 * rows (clm_mpi_share), trains with clm_train_mpi, and only rank 0 prints
 * and writes files. */
static int mpi_launched(void) {
  return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK");
}

/* Rank 0 receives every rank's rows of Y and T (K x rows each, in rank
 * order) into *Y and *T (replaced; Q_all rows).  Returns 0 on success. */
static int mpi_gather_rows(double **Y, double **T, size_t K, size_t rows, size_t Q_all,
                           int rank, int size) {
  int n = (int)(K * rows), *cnt = NULL, *dsp = NULL, ok = 1;
  double *Ya = NULL, *Ta = NULL;
  if (rank == 0) {
    cnt = malloc((size_t)size * sizeof *cnt);
    dsp = malloc((size_t)size * sizeof *dsp);
    Ya = malloc((Q_all ? Q_all : 1) * K * sizeof *Ya);
    Ta = malloc((Q_all ? Q_all : 1) * K * sizeof *Ta);
    ok = cnt && dsp && Ya && Ta;
  }
  MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (ok) {
    MPI_Gather(&n, 1, MPI_INT, cnt, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0)
      for (int r = 0; r < size; r++) dsp[r] = r ? dsp[r - 1] + cnt[r - 1] : 0;
    MPI_Gatherv(*Y, n, MPI_DOUBLE, Ya, cnt, dsp, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    MPI_Gatherv(*T, n, MPI_DOUBLE, Ta, cnt, dsp, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  }
  free(cnt);
  free(dsp);
  if (ok && rank == 0) {
    free(*Y);
    free(*T);
    *Y = Ya;
    *T = Ta;
  } else {
    free(Ya);
    free(Ta);
  }
  return ok ? 0 : -1;
}
#endif

/* The library polls a `const volatile int *`; a signal handler may only
 * store to a volatile sig_atomic_t.  They are the same type on the
 * platforms we build on (glibc, musl); refuse to compile otherwise. */
_Static_assert(_Generic((sig_atomic_t)0, int: 1, default: 0),
               "sig_atomic_t must be int for params.stop_flag");
static volatile sig_atomic_t stop_requested = 0;

static void on_sigint(int sig) {
  (void)sig;
  stop_requested = 1;
}

/* Linear baseline of the bundled Boston housing data (OLS with a bias,
 * 10-fold cross-validation; data/README.md). */
#define BOSTON_LINEAR_RMSE 4.84

enum {
  O_TARGETS, O_HIDDEN, O_TRAIN, O_INIT, O_EPOCHS, O_GOAL, O_MAXFAIL, O_MINGRAD,
  O_TIME, O_SEED, O_THREADS, O_DIVIDE, O_RATIOS, O_TRANSFER, O_BACKEND, O_INITFROM,
  O_SAVE, O_RECORD, O_PLOT, O_QUIET, O_SHOW, O_LR, O_MC, O_HELP, O_COUNT_
};
static const cli_optdef train_opts[O_COUNT_] = {
  [O_TARGETS] = {"targets", 1},   [O_HIDDEN] = {"hidden", 1},
  [O_TRAIN] = {"train", 1},       [O_INIT] = {"init", 1},
  [O_EPOCHS] = {"epochs", 1},     [O_GOAL] = {"goal", 1},
  [O_MAXFAIL] = {"max-fail", 1},  [O_MINGRAD] = {"min-grad", 1},
  [O_TIME] = {"time", 1},         [O_SEED] = {"seed", 1},
  [O_THREADS] = {"threads", 1},   [O_DIVIDE] = {"divide", 1},
  [O_RATIOS] = {"ratios", 1},     [O_TRANSFER] = {"transfer", 1},
  [O_BACKEND] = {"backend", 1},   [O_INITFROM] = {"init-from", 1},
  [O_SAVE] = {"save", 1},         [O_RECORD] = {"record", 1},
  [O_PLOT] = {"plot", 1},         [O_QUIET] = {"quiet", 0},
  [O_SHOW] = {"show", 1},         [O_LR] = {"lr", 1},
  [O_MC] = {"mc", 1},             [O_HELP] = {"help", 0},
};

static void train_usage(int demo) {
  if (demo)
    printf("Usage: %s demo [train options]\n"
           "Train a 13-10-1 network (trainlm from a chaotic initialisation, dividerand\n"
           "70/15/15, seed 1) on the bundled Boston housing data (MATLAB's house_dataset)\n"
           "and compare the test RMSE with the linear baseline 4.84.  Any option of\n"
           "'train' may be added (--init nw for a Nguyen-Widrow start).\n\n",
           cli_prog);
  else
    printf("Usage: %s train DATA.csv --targets K [options]\n"
           "Train a feed-forward network; the last K columns of DATA.csv are the targets.\n\n",
           cli_prog);
  printf("Options:\n"
         "  --targets K            number of target columns (the last K)\n"
         "  --hidden 10[,5...]     hidden layer sizes (default 10; 0 = no hidden layer)\n"
         "  --transfer F[,F...]    transfer function per layer: tansig logsig purelin poslin\n"
         "                         softmax (all layers, or the hidden ones only)\n"
         "  --train NAME           trainlm (default), traingd, traingdm\n"
         "  --init nw|rands|chaos  initial weights (default nw = Nguyen-Widrow)\n"
         "  --init-from MODEL      start from a saved network's weights (same architecture)\n"
         "  --epochs N --goal G --max-fail N --min-grad G --time SECONDS\n"
         "  --lr R --mc M          learning rate and momentum (traingd, traingdm)\n"
         "  --divide rand|block|int|none   data division (default rand)\n"
         "  --ratios 0.7,0.15,0.15 train/validation/test ratios\n"
         "  --seed S               seed of the division and the initial weights (default 1)\n"
         "  --threads T            OpenMP threads (default 0 = OpenMP's default)\n"
         "  --backend auto|cpu|gpu linear solver of trainlm (default auto)\n"
         "  --save MODEL           save the trained (best) network\n"
         "  --record REC.json      write the training record as JSON (MATLAB tr names)\n"
         "  --plot PREFIX          write PREFIX-perform.png and PREFIX-regression.png (gnuplot)\n"
         "  --show N               progress line every N epochs (default 25, 0 = none)\n"
         "  --quiet                no progress and no summary\n");
}

/* ---- progress display */
typedef struct progress {
  int tty, quiet;
  int live;          /* a live line is on screen */
  size_t epochs;
  struct timespec last;
} progress;

static double ts_diff(const struct timespec *a, const struct timespec *b) {
  return (double)(a->tv_sec - b->tv_sec) + 1e-9 * (double)(a->tv_nsec - b->tv_nsec);
}

static void progress_writer(void *user, const char *line) {
  progress *pr = user;
  if (pr->quiet) return;
  if (pr->tty && pr->live) {
    fputs("\r\033[K", stdout);
    pr->live = 0;
  }
  fputs(line, stdout);
  fputc('\n', stdout);
  fflush(stdout);
}

static int progress_callback(void *user, size_t epoch, double perf, double vperf,
                             double tperf) {
  progress *pr = user;
  if (pr->tty && !pr->quiet) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (epoch == 0 || ts_diff(&now, &pr->last) > 0.1) {
      pr->last = now;
      printf("\r\033[K  epoch %zu/%zu  train %.6g  validation %.6g  test %.6g", epoch,
             pr->epochs, perf, vperf, tperf);
      fflush(stdout);
      pr->live = 1;
    }
  }
  return stop_requested != 0;
}

/* ---- option helpers */
static int parse_list_sizes(const char *cmd, const char *s, size_t *v, size_t max, size_t *n) {
  *n = 0;
  if (strcmp(s, "0") == 0) return 0;
  const char *p = s;
  for (;;) {
    char item[32];
    const char *c = strchr(p, ',');
    size_t len = c ? (size_t)(c - p) : strlen(p);
    if (len == 0 || len >= sizeof item) {
      cli_err(cmd, "--hidden: '%s' is not a list of layer sizes like 10 or 10,5", s);
      return -1;
    }
    memcpy(item, p, len);
    item[len] = '\0';
    if (*n == max) {
      cli_err(cmd, "--hidden: at most %zu hidden layers", max);
      return -1;
    }
    if (cli_size(cmd, "hidden", item, 1, &v[*n])) return -1;
    (*n)++;
    if (!c) break;
    p = c + 1;
  }
  return 0;
}

static int parse_transfers(const char *cmd, const char *s, clm_transfer *tf, size_t max,
                           size_t *n) {
  *n = 0;
  const char *p = s;
  for (;;) {
    char item[32];
    const char *c = strchr(p, ',');
    size_t len = c ? (size_t)(c - p) : strlen(p);
    if (len >= sizeof item) len = sizeof item - 1;
    memcpy(item, p, len);
    item[len] = '\0';
    if (*n == max) {
      cli_err(cmd, "--transfer: too many entries");
      return -1;
    }
    if (clm_transfer_from_name(item, &tf[*n]) != CLM_OK) {
      cli_err(cmd, "--transfer: unknown transfer function '%s' (tansig, logsig, purelin, "
                   "poslin, softmax)", item);
      return -1;
    }
    (*n)++;
    if (!c) break;
    p = c + 1;
  }
  return 0;
}

static int parse_ratios(const char *cmd, const char *s, double r[3]) {
  const char *p = s;
  for (int i = 0; i < 3; i++) {
    char item[64];
    const char *c = strchr(p, ',');
    if ((i < 2 && !c) || (i == 2 && c)) {
      cli_err(cmd, "--ratios: '%s' is not three numbers like 0.7,0.15,0.15", s);
      return -1;
    }
    size_t len = c ? (size_t)(c - p) : strlen(p);
    if (len >= sizeof item) len = sizeof item - 1;
    memcpy(item, p, len);
    item[len] = '\0';
    if (cli_double(cmd, "ratios", item, 0, 1e300, &r[i])) return -1;
    p = c ? c + 1 : p;
  }
  if (!(r[0] + r[1] + r[2] > 0) || r[0] <= 0) {
    cli_err(cmd, "--ratios: the training ratio must be positive");
    return -1;
  }
  return 0;
}

/* Library statuses that mean "bad input" (exit 2) rather than a failure. */
static int status_exit(int st) {
  switch (st) {
  case CLM_EPARAM: case CLM_EDIVIDE: case CLM_EBACKEND: case CLM_ESIZE:
  case CLM_ENOSAMPLES: case CLM_EINF: case CLM_ENAN: case CLM_ETRAINER:
  case CLM_ETRANSFER: case CLM_EINVAL:
    return CLI_EUSAGE;
  default:
    return CLI_EFAIL;
  }
}

static void arch_string(const clm_net *net, char *buf, size_t len) {
  size_t L = clm_net_num_layers(net), o = 0;
  o += (size_t)snprintf(buf + o, len - o, "%zu", clm_net_num_inputs(net));
  for (size_t l = 1; l <= L && o < len; l++) {
    size_t s = l == L ? clm_net_num_outputs(net) : clm_net_layer_size(net, l);
    o += (size_t)snprintf(buf + o, len - o, "-%zu", s);
  }
  if (o < len) o += (size_t)snprintf(buf + o, len - o, " (");
  for (size_t l = 1; l <= L && o < len; l++)
    o += (size_t)snprintf(buf + o, len - o, "%s%s", l > 1 ? ", " : "",
                          clm_transfer_name(clm_net_transfer(net, l)));
  if (o < len) snprintf(buf + o, len - o, ")");
}

int cmd_train(int argc, char **argv, int demo) {
  const char *cmd = demo ? "demo" : "train";
  const char *ov[O_COUNT_];
  const char *pos[2];
  size_t n_pos;
  if (cli_parse(cmd, argc, argv, 2, train_opts, O_COUNT_, ov, pos, 2, &n_pos)) return CLI_EUSAGE;
  if (ov[O_HELP]) {
    train_usage(demo);
    return CLI_OK;
  }

  /* ---- data file and targets */
  char data_path[4096];
  size_t K = 1;
  if (demo) {
    if (n_pos) {
      cli_err(cmd, "unexpected argument '%s' (demo uses the bundled data; use 'train' for "
                   "your own file)", pos[0]);
      return CLI_EUSAGE;
    }
    if (cli_find_data("boston_housing.csv", data_path, sizeof data_path)) {
      cli_err(cmd, "cannot find the bundled boston_housing.csv (looked in $CLM_DATADIR, %s, "
                   "./data and next to the program); set CLM_DATADIR to the data folder",
              data_path);
      return CLI_EUSAGE;
    }
  } else {
    if (n_pos != 1) {
      cli_err(cmd, "%s (usage: %s train DATA.csv --targets K [options])",
              n_pos ? "too many arguments" : "missing the data file", cli_prog);
      return CLI_EUSAGE;
    }
    snprintf(data_path, sizeof data_path, "%s", pos[0]);
    if (!ov[O_TARGETS]) {
      cli_err(cmd, "--targets K is required (the last K columns of %s are the targets)",
              data_path);
      return CLI_EUSAGE;
    }
  }
  if (ov[O_TARGETS] && cli_size(cmd, "targets", ov[O_TARGETS], 1, &K)) return CLI_EUSAGE;

  /* ---- network options */
  size_t hidden[64], n_hidden = 1;
  hidden[0] = 10;
  if (ov[O_HIDDEN] && parse_list_sizes(cmd, ov[O_HIDDEN], hidden, 63, &n_hidden))
    return CLI_EUSAGE;
  clm_transfer tf[65];
  size_t n_tf = 0;
  if (ov[O_TRANSFER] && parse_transfers(cmd, ov[O_TRANSFER], tf, 64, &n_tf)) return CLI_EUSAGE;

  const clm_trainer_type *trainer = clm_trainlm;
  if (ov[O_TRAIN]) {
    trainer = clm_trainer_from_name(ov[O_TRAIN]);
    if (!trainer) {
      cli_err(cmd, "--train: unknown training function '%s' (trainlm, traingd, traingdm)",
              ov[O_TRAIN]);
      return CLI_EUSAGE;
    }
  }
  clm_initfcn initfcn = CLM_INITNW;
  int chaos_init = 0;
  if (ov[O_INIT]) {
    if (!strcmp(ov[O_INIT], "nw") || !strcmp(ov[O_INIT], "initnw")) initfcn = CLM_INITNW;
    else if (!strcmp(ov[O_INIT], "rands")) initfcn = CLM_RANDS;
    else if (!strcmp(ov[O_INIT], "chaos")) chaos_init = 1;
    else {
      cli_err(cmd, "--init: unknown initialisation '%s' (nw, rands, chaos)", ov[O_INIT]);
      return CLI_EUSAGE;
    }
    if (ov[O_INITFROM]) {
      cli_err(cmd, "--init and --init-from cannot be combined (the weights come from the model)");
      return CLI_EUSAGE;
    }
  }
  /* The demo starts from a chaotic initialisation (the library's method)
   * unless told otherwise. */
  if (demo && !ov[O_INIT] && !ov[O_INITFROM]) chaos_init = 1;
  clm_dividefcn divfcn = CLM_DIVIDERAND;
  if (ov[O_DIVIDE]) {
    const char *d = ov[O_DIVIDE];
    if (!strcmp(d, "rand") || !strcmp(d, "dividerand")) divfcn = CLM_DIVIDERAND;
    else if (!strcmp(d, "block") || !strcmp(d, "divideblock")) divfcn = CLM_DIVIDEBLOCK;
    else if (!strcmp(d, "int") || !strcmp(d, "divideint")) divfcn = CLM_DIVIDEINT;
    else if (!strcmp(d, "none") || !strcmp(d, "dividetrain")) divfcn = CLM_DIVIDETRAIN;
    else {
      cli_err(cmd, "--divide: unknown division '%s' (rand, block, int, none)", d);
      return CLI_EUSAGE;
    }
  }
  double ratios[3] = {0.70, 0.15, 0.15};
  if (ov[O_RATIOS] && parse_ratios(cmd, ov[O_RATIOS], ratios)) return CLI_EUSAGE;
  clm_backend backend = CLM_BACKEND_AUTO;
  if (ov[O_BACKEND]) {
    if (!strcmp(ov[O_BACKEND], "auto")) backend = CLM_BACKEND_AUTO;
    else if (!strcmp(ov[O_BACKEND], "cpu")) backend = CLM_BACKEND_CPU;
    else if (!strcmp(ov[O_BACKEND], "gpu")) backend = CLM_BACKEND_GPU;
    else {
      cli_err(cmd, "--backend: unknown backend '%s' (auto, cpu, gpu)", ov[O_BACKEND]);
      return CLI_EUSAGE;
    }
  }

  /* ---- training parameters */
  clm_trainparam p = clm_trainparam_default(trainer);
  p.seed = 1;
  size_t zv;
  double dv;
  if (ov[O_EPOCHS]) {
    if (cli_size(cmd, "epochs", ov[O_EPOCHS], 0, &zv)) return CLI_EUSAGE;
    p.epochs = zv;
  }
  if (ov[O_GOAL]) {
    if (cli_double(cmd, "goal", ov[O_GOAL], 0, INFINITY, &dv)) return CLI_EUSAGE;
    p.goal = dv;
  }
  if (ov[O_MAXFAIL]) {
    if (cli_size(cmd, "max-fail", ov[O_MAXFAIL], 1, &zv)) return CLI_EUSAGE;
    p.max_fail = zv;
  }
  if (ov[O_MINGRAD]) {
    if (cli_double(cmd, "min-grad", ov[O_MINGRAD], 0, INFINITY, &dv)) return CLI_EUSAGE;
    p.min_grad = dv;
  }
  if (ov[O_TIME]) {
    if (cli_double(cmd, "time", ov[O_TIME], 0, INFINITY, &dv)) return CLI_EUSAGE;
    p.time = dv;
  }
  if (ov[O_LR]) {
    if (cli_double(cmd, "lr", ov[O_LR], 0, INFINITY, &dv)) return CLI_EUSAGE;
    p.lr = dv;
  }
  if (ov[O_MC]) {
    if (cli_double(cmd, "mc", ov[O_MC], 0, 1, &dv)) return CLI_EUSAGE;
    p.mc = dv;
  }
  if (ov[O_SEED] && cli_u64(cmd, "seed", ov[O_SEED], &p.seed)) return CLI_EUSAGE;
  if (ov[O_THREADS]) {
    if (cli_size(cmd, "threads", ov[O_THREADS], 0, &zv)) return CLI_EUSAGE;
    if (zv > 4096) {
      cli_err(cmd, "--threads: %zu is too many (at most 4096)", zv);
      return CLI_EUSAGE;
    }
    p.threads = (int)zv;
  }
  if (ov[O_SHOW]) {
    if (cli_size(cmd, "show", ov[O_SHOW], 0, &zv)) return CLI_EUSAGE;
    p.show = zv;
  }
  p.backend = backend;
  p.chaos.init = chaos_init;
  int quiet = ov[O_QUIET] != NULL;

  /* ---- outputs must be creatable before anything runs */
  if (ov[O_SAVE] && cli_check_writable(cmd, "save", ov[O_SAVE])) return CLI_EUSAGE;
  if (ov[O_RECORD] && cli_check_writable(cmd, "record", ov[O_RECORD])) return CLI_EUSAGE;
  char gnuplot[4096];
  if (ov[O_PLOT]) {
    char probe[4200];
    snprintf(probe, sizeof probe, "%s-perform.png", ov[O_PLOT]);
    if (cli_check_writable(cmd, "plot", probe)) return CLI_EUSAGE;
    if (cli_find_gnuplot(gnuplot, sizeof gnuplot)) {
      cli_err(cmd, "--plot: gnuplot is not on PATH; install it (Debian: apt-get install "
                   "gnuplot-nox) or drop --plot");
      return CLI_EUSAGE;
    }
  }

  /* ---- data (under mpirun: this rank's share of the rows) */
  clm_csv csv;
  char err[512];
  int mpi_rank = 0, mpi_size = 1, mpi_started = 0;
  size_t Q_all = 0;
#ifdef HAVE_MPI
  if (!demo && mpi_launched()) {
    int init = 0;
    MPI_Initialized(&init);
    if (!init) {
      MPI_Init(NULL, NULL);
      mpi_started = 1;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &mpi_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &mpi_size);
    if (mpi_rank != 0) quiet = 1;
  }
  if (mpi_size > 1) {
    size_t b = 0, e = 0;
    int bad = 0;
    if (!strcmp(data_path, "-")) {
      snprintf(err, sizeof err, "-: standard input cannot be shared by %d MPI ranks", mpi_size);
      bad = 1;
    }
    if (!bad) bad = clm_csv_read_rows(data_path, K, 0, 0, &Q_all, &csv, err, sizeof err);
    if (!bad) {
      clm_csv_free(&csv);
      clm_mpi_share(Q_all, mpi_rank, mpi_size, &b, &e);
      bad = clm_csv_read_rows(data_path, K, b, e, NULL, &csv, err, sizeof err);
    }
    if (bad) {
      if (mpi_rank == 0) cli_err(cmd, "%s", err);
      if (mpi_started) MPI_Finalize();
      return CLI_EUSAGE;
    }
  } else
#endif
  if (clm_csv_read(data_path, K, &csv, err, sizeof err)) {
    cli_err(cmd, "%s", err);
#ifdef HAVE_MPI
    if (mpi_started) MPI_Finalize();
#endif
    return CLI_EUSAGE;
  }
  if (mpi_size == 1) Q_all = csv.n_rows;
  int ret = CLI_EFAIL;
  clm_net *net = NULL;
  double *Y = NULL;
  clm_record rec;
  clm_record_init(&rec);
  int st;

  /* ---- network: new, or loaded from --init-from */
  if (ov[O_INITFROM]) {
    st = clm_net_load(ov[O_INITFROM], &net);
    if (st != CLM_OK) {
      cli_err(cmd, "--init-from: %s: %s", ov[O_INITFROM], clm_strerror(st));
      ret = CLI_EUSAGE;
      goto out;
    }
    size_t L = clm_net_num_layers(net);
    if (!clm_net_is_configured(net) || clm_net_num_inputs(net) != csv.n_inputs ||
        clm_net_num_outputs(net) != K) {
      cli_err(cmd, "--init-from: %s has %zu inputs and %zu outputs, but %s has %zu inputs "
                   "and %zu targets", ov[O_INITFROM], clm_net_num_inputs(net),
              clm_net_num_outputs(net), data_path, csv.n_inputs, K);
      ret = CLI_EUSAGE;
      goto out;
    }
    int same = 1;
    if (ov[O_HIDDEN]) {
      if (L != n_hidden + 1) same = 0;
      for (size_t l = 1; same && l < L; l++)
        if (clm_net_layer_size(net, l) != hidden[l - 1]) same = 0;
    }
    if (ov[O_TRANSFER]) {
      /* all L layers, or the L-1 hidden ones */
      if (n_tf != L && n_tf != L - 1) same = 0;
      for (size_t l = 1; same && l <= n_tf; l++)
        if (clm_net_transfer(net, l) != tf[l - 1]) same = 0;
    }
    if (!same) {
      char a[256];
      arch_string(net, a, sizeof a);
      cli_err(cmd, "--init-from: %s is %s; --hidden/--transfer ask for a different "
                   "architecture", ov[O_INITFROM], a);
      ret = CLI_EUSAGE;
      goto out;
    }
    if (ov[O_DIVIDE] || ov[O_RATIOS]) {
      st = clm_net_set_divide(net, divfcn, ratios[0], ratios[1], ratios[2]);
      if (st != CLM_OK) {
        cli_err(cmd, "--divide: %s", clm_strerror(st));
        ret = status_exit(st);
        goto out;
      }
    }
  } else {
    st = clm_feedforwardnet(&net, n_hidden, hidden);
    if (st != CLM_OK) {
      cli_err(cmd, "cannot create the network: %s", clm_strerror(st));
      ret = status_exit(st);
      goto out;
    }
    size_t L = n_hidden + 1;
    if (ov[O_TRANSFER]) {
      if (n_tf != L && n_tf != n_hidden) {
        cli_err(cmd, "--transfer: %zu functions given for %zu layers (give %zu, or %zu for "
                     "the hidden layers only)", n_tf, L, L, n_hidden);
        ret = CLI_EUSAGE;
        goto out;
      }
      for (size_t l = 1; l <= n_tf; l++) {
        st = clm_net_set_transfer(net, l, tf[l - 1]);
        if (st != CLM_OK) {
          cli_err(cmd, "--transfer: layer %zu: %s", l, clm_strerror(st));
          ret = status_exit(st);
          goto out;
        }
      }
    }
    if ((st = clm_net_set_initfcn(net, initfcn)) != CLM_OK ||
        (st = clm_net_set_divide(net, divfcn, ratios[0], ratios[1], ratios[2])) != CLM_OK ||
        (st = clm_net_set_trainfcn(net, clm_trainer_name(trainer))) != CLM_OK) {
      cli_err(cmd, "cannot set up the network: %s", clm_strerror(st));
      ret = status_exit(st);
      goto out;
    }
  }

  progress pr = {0};
  pr.tty = isatty(STDOUT_FILENO);
  pr.quiet = quiet;
  pr.epochs = p.epochs;
  p.callback = progress_callback;
  p.callback_user = &pr;
  if (!quiet && p.show > 0) {
    p.writer = progress_writer;
    p.writer_user = &pr;
    p.show_command_line = 1;
  }
  p.stop_flag = &stop_requested;
  st = clm_trainparam_check(trainer, &p, err, sizeof err);
  if (st != CLM_OK) {
    cli_err(cmd, "%s", st == CLM_EPARAM && err[0] ? err : clm_strerror(st));
    ret = status_exit(st);
    goto out;
  }

  if (!quiet) {
    printf("%s: %zu samples, %zu inputs, %zu target%s (%s)\n", data_path, Q_all,
           csv.n_inputs, K, K == 1 ? "" : "s", csv.has_header ? "header row found" : "no header");
    if (ov[O_INITFROM]) {
      char a[256];
      arch_string(net, a, sizeof a);
      printf("Continuing from %s: %s, %s\n", ov[O_INITFROM], a, clm_trainer_name(trainer));
    } else {
      printf("Network %zu", csv.n_inputs);
      for (size_t l = 0; l < n_hidden; l++) printf("-%zu", hidden[l]);
      printf("-%zu, %s, %s init, %s %.2g/%.2g/%.2g, seed %llu\n", K, clm_trainer_name(trainer),
             chaos_init ? "chaos" : clm_initfcn_name(initfcn), clm_dividefcn_name(divfcn),
             ratios[0], ratios[1], ratios[2], (unsigned long long)p.seed);
    }
    fflush(stdout);
  }

  /* ---- train, with Ctrl-C as "User stop." */
  struct sigaction sa, old_sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  stop_requested = 0;
  sigaction(SIGINT, &sa, &old_sa);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
#ifdef HAVE_MPI
  if (mpi_size > 1)
    st = clm_train_mpi(net, trainer, csv.X, csv.n_inputs, csv.T, K, csv.n_rows, &p, &rec,
                       MPI_COMM_WORLD);
  else
#endif
  st = clm_train_sized(net, trainer, csv.X, csv.n_inputs, csv.T, K, csv.n_rows, &p, &rec);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  sigaction(SIGINT, &old_sa, NULL);
  double elapsed = ts_diff(&t1, &t0);
  if (pr.tty && pr.live) {
    fputs("\r\033[K", stdout);
    fflush(stdout);
  }
  if (st == CLM_EBACKEND) { /* say why the backend cannot run */
    char why[128] = "";
    clm_linsolver_available(p.backend, why, sizeof why);
    cli_err(cmd, "training failed: %s (%s)", clm_strerror(st), why[0] ? why : "no reason given");
    ret = status_exit(st);
    goto out;
  }
  if (st != CLM_OK) {
    cli_err(cmd, "training failed: %s", clm_strerror(st));
    ret = status_exit(st);
    goto out;
  }
  if (!quiet && rec.backend_requested == CLM_BACKEND_AUTO && rec.backend_used == CLM_BACKEND_CPU &&
      strstr(rec.backend_note, "gpu unavailable")) /* auto wanted the gpu: say why not */
    cli_err(cmd, "note: %s", rec.backend_note);
  int user_stop = rec.stop == CLM_STOP_USER || stop_requested;

  /* ---- outputs on every sample, summary */
  Y = malloc(csv.n_rows * K * sizeof *Y);
  if (!Y) {
    cli_err(cmd, "out of memory");
    goto out;
  }
  st = clm_sim(net, csv.X, csv.n_rows, Y, p.threads);
  if (st != CLM_OK) {
    cli_err(cmd, "cannot evaluate the trained network: %s", clm_strerror(st));
    goto out;
  }
#ifdef HAVE_MPI
  if (mpi_size > 1) { /* rank 0 reports on every sample and writes the files */
    if (mpi_gather_rows(&Y, &csv.T, K, csv.n_rows, Q_all, mpi_rank, mpi_size)) {
      cli_err(cmd, "out of memory");
      goto out;
    }
    if (mpi_rank != 0) {
      ret = user_stop ? CLI_EINTR : CLI_OK;
      goto out;
    }
    csv.n_rows = Q_all; /* Y and T now hold every row (X still this rank's) */
  }
#endif
  if (!quiet) {
    if (user_stop) printf("Interrupted (Ctrl-C): keeping the best network so far.\n");
    printf("Training time %.2f s (%s", elapsed, clm_backend_name(rec.backend_used));
    if (p.threads) printf(", %d threads", p.threads);
    printf(")\n");
    cli_report_train(stdout, &rec, Y, csv.T, K, csv.n_rows, csv.names + csv.n_inputs);
    if (demo && K == 1 && rec.n_test > 0) {
      cli_stats s = cli_stats_compute(Y, csv.T, K, csv.n_rows, rec.test_ind, rec.n_test, 0);
      printf("\nTest RMSE %.3f vs the linear baseline %.2f (least squares, 10-fold CV): %s\n",
             s.rmse, BOSTON_LINEAR_RMSE,
             s.rmse < BOSTON_LINEAR_RMSE ? "the network is better" : "NOT better");
    }
  }

  /* ---- files */
  ret = user_stop ? CLI_EINTR : CLI_OK;
  if (ov[O_SAVE]) {
    st = clm_net_save(net, ov[O_SAVE]);
    if (st != CLM_OK) {
      cli_err(cmd, "--save: %s: %s", ov[O_SAVE], clm_strerror(st));
      ret = CLI_EFAIL;
    } else if (!quiet) {
      printf("Saved the network to %s\n", ov[O_SAVE]);
    }
  }
  if (ov[O_RECORD]) {
    if (cli_write_record(ov[O_RECORD], &rec, &p, net, elapsed)) {
      ret = CLI_EFAIL;
    } else if (!quiet) {
      printf("Wrote the training record to %s\n", ov[O_RECORD]);
    }
  }
  if (ov[O_PLOT]) {
    if (cli_plot(gnuplot, ov[O_PLOT], &rec, Y, csv.T, K, csv.n_rows)) {
      ret = CLI_EFAIL;
    } else if (!quiet) {
      printf("Plots: %s-perform.png %s-regression.png\n", ov[O_PLOT], ov[O_PLOT]);
    }
  }
  fflush(stdout);

out:
  free(Y);
  clm_record_free(&rec);
  clm_net_free(net);
  clm_csv_free(&csv);
#ifdef HAVE_MPI
  if (mpi_started) MPI_Finalize();
#endif
  (void)mpi_rank;
  (void)mpi_started;
  return ret;
}
