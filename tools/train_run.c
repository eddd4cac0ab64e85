/* chaoslm command-line tool — training: the parameter check, the header
 * lines, the progress display and Ctrl-C.
 *
 * Ctrl-C: a SIGINT handler sets a flag that the library polls through
 * clm_trainparam.stop_flag (and the epoch callback returns it too); training
 * ends with "User stop." and the best network is still saved.  The handler
 * is installed with SA_RESETHAND, so a second Ctrl-C kills the program.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "train.h"

#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* ---- progress display: MATLAB's lines (writer) and, on a terminal, a
 * live line rewritten at most every 0.1 s (callback) */
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

/* " patternnet" for a network that is not a plain feed-forward one. */
static const char *kind_string(cli_netkind k) {
  return k == CLI_NET_FEEDFORWARD ? "" : cli_netkind_matlab(k);
}

/* "data.csv: 506 samples, ..." and the network line. */
static void print_header(const train_opts *o, const train_data *d, const clm_net *net) {
  const char *tn = clm_trainer_name(o->trainer);
  char perf[160];
  train_perform_string(net, perf, sizeof perf);
  printf("%s: %zu samples, %zu inputs, %zu target%s (%s)\n", o->data_path, d->Q_all,
         d->csv.n_inputs, o->K, o->K == 1 ? "" : "s",
         d->csv.has_header ? "header row found" : "no header");
  if (o->init_from) {
    char a[256];
    cli_netkind k = cli_netkind_of(net);
    train_arch_string(net, a, sizeof a);
    printf("Continuing from %s: %s%s%s, %s%s\n", o->init_from, a, k ? " " : "", kind_string(k),
           tn, perf);
  } else {
    printf("Network %zu", d->csv.n_inputs);
    for (size_t l = 0; l < o->n_hidden; l++) printf("-%zu", o->hidden[l]);
    printf("-%zu%s%s, %s%s, %s init, %s %.2g/%.2g/%.2g, seed %llu\n", o->K,
           o->net_kind ? " " : "", kind_string(o->net_kind), tn, perf,
           o->chaos_init ? "chaos" : clm_initfcn_name(o->initfcn), clm_dividefcn_name(o->divfcn),
           o->ratios[0], o->ratios[1], o->ratios[2], (unsigned long long)o->p.seed);
  }
  if (o->p.chaos.race)
    printf("Race of %zu runs from chaotic starts, %zu new rounds allowed\n", o->p.chaos.race,
           o->p.chaos.escape ? o->p.chaos.max_reinits : 0);
  else if (o->p.chaos.escape)
    printf("When stuck: %zu %s per series, then a fresh %s start (%zu allowed)\n",
           o->p.chaos.max_escapes,
           o->p.chaos.escape_mode == CLM_ESCAPE_SEARCH ? "chaotic searches"
           : o->p.chaos.escape_mode == CLM_ESCAPE_COMPRESS ? "weight compressions"
                                                           : "chaotic weight compressions",
           o->chaos_init || o->p.chaos.reinit == CLM_REINIT_CHAOS ? "chaotic" : clm_initfcn_name(o->initfcn),
           o->p.chaos.max_reinits);
  fflush(stdout);
}

/* Can the trainer take the network's performance settings?  The
 * library's explanation when not (CLM_EPERFORM: a usage error). */
static int check_perform(const train_opts *o, const clm_net *net) {
  char msg[512] = "";
  int st = clm_perform_check(net, o->trainer, msg, sizeof msg);
  if (st == CLM_OK) return CLI_OK;
  cli_err(o->cmd, "%s", msg[0] ? msg : clm_strerror(st));
  return train_status_exit(st);
}

/* Train with SIGINT as "User stop."; the time taken into *elapsed. */
static int train_with_sigint(const train_opts *o, const train_data *d, clm_net *net,
                             const clm_trainparam *p, clm_record *rec, double *elapsed) {
  struct sigaction sa, old_sa;
  struct timespec t0, t1;
  int st;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  stop_requested = 0;
  sigaction(SIGINT, &sa, &old_sa);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (d->size > 1)
    st = train_mpi_train(o, d, net, p, rec);
  else
    st = clm_train_sized(net, o->trainer, d->csv.X, d->csv.n_inputs, d->csv.T, o->K,
                         d->csv.n_rows, p, rec);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  sigaction(SIGINT, &old_sa, NULL);
  *elapsed = ts_diff(&t1, &t0);
  return st;
}

int train_run(train_opts *o, const train_data *d, clm_net *net, clm_record *rec,
              double *elapsed, int *user_stop) {
  char err[512];
  progress pr = {0};
  clm_trainparam p = o->p;
  pr.tty = isatty(STDOUT_FILENO);
  pr.quiet = o->quiet;
  pr.epochs = p.epochs;
  p.callback = progress_callback;
  p.callback_user = &pr;
  if (o->quiet || p.show == 0) p.show_command_line = 0;
  if (p.show_command_line) {
    p.writer = progress_writer;
    p.writer_user = &pr;
  }
  p.stop_flag = &stop_requested;
  o->p.show_command_line = p.show_command_line; /* as trained, for the record */
  int st = clm_trainparam_check(o->trainer, &p, err, sizeof err);
  if (st != CLM_OK) {
    cli_err(o->cmd, "%s", st == CLM_EPARAM && err[0] ? err : clm_strerror(st));
    return train_status_exit(st);
  }
  int ret = check_perform(o, net);
  if (ret != CLI_OK) return ret;
  if (!o->quiet) print_header(o, d, net);
  st = train_with_sigint(o, d, net, &p, rec, elapsed);
  if (pr.tty && pr.live) {
    fputs("\r\033[K", stdout);
    fflush(stdout);
  }
  if (st == CLM_EBACKEND) { /* say why the backend cannot run */
    char why[128] = "";
    clm_linsolver_available(p.backend, why, sizeof why);
    cli_err(o->cmd, "training failed: %s (%s)", clm_strerror(st), why[0] ? why : "no reason given");
    return train_status_exit(st);
  }
  if (st != CLM_OK) {
    cli_err(o->cmd, "training failed: %s", clm_strerror(st));
    return train_status_exit(st);
  }
  if (!o->quiet && rec->backend_requested == CLM_BACKEND_AUTO &&
      rec->backend_used == CLM_BACKEND_CPU && strstr(rec->backend_note, "gpu unavailable"))
    cli_err(o->cmd, "note: %s", rec->backend_note); /* auto wanted the gpu: say why not */
  *user_stop = rec->stop == CLM_STOP_USER || stop_requested;
  return CLI_OK;
}
