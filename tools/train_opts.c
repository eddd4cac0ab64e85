/* chaoslm command-line tool — the options of `train` and `demo`: one table
 * (name, value, handler, usage text) for the tool's own options, followed
 * by the trainer parameters generated from the library (train_params.c).
 *
 * Handlers run in table order, then the trainer parameters are set, so the
 * first bad option in that order is the one reported.  Nothing is read or
 * written here; train_check_outputs then checks that the outputs can be
 * created before any data is read.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "train.h"

#include <stdlib.h>
#include <string.h>

/* Copy item i of a comma-separated list s into buf (len bytes, truncated);
 * returns the start of the next item or NULL after the last. */
static const char *list_item(const char *s, char *buf, size_t len, size_t *item_len) {
  const char *c = strchr(s, ',');
  size_t n = c ? (size_t)(c - s) : strlen(s);
  *item_len = n;
  if (n >= len) n = len - 1;
  memcpy(buf, s, n);
  buf[n] = '\0';
  return c ? c + 1 : NULL;
}

static int set_targets(train_opts *o, const char *v) {
  return cli_size(o->cmd, "targets", v, 1, &o->K);
}

static int set_net(train_opts *o, const char *v) {
  char names[128];
  o->net_given = 1;
  if (cli_netkind_from_name(v, &o->net_kind) == 0) return 0;
  cli_list_netkinds(names, sizeof names, ", ");
  cli_err(o->cmd, "--net: unknown network '%s' (%s)", v, names);
  return -1;
}

static int set_hidden(train_opts *o, const char *v) {
  o->hidden_given = 1;
  o->n_hidden = 0;
  if (strcmp(v, "0") == 0) return 0;
  for (const char *p = v; p;) {
    char item[32];
    size_t n;
    p = list_item(p, item, sizeof item, &n);
    if (n == 0 || n >= sizeof item) {
      cli_err(o->cmd, "--hidden: '%s' is not a list of layer sizes like 10 or 10,5", v);
      return -1;
    }
    if (o->n_hidden == TRAIN_MAX_HIDDEN) {
      cli_err(o->cmd, "--hidden: at most %d hidden layers", TRAIN_MAX_HIDDEN);
      return -1;
    }
    if (cli_size(o->cmd, "hidden", item, 1, &o->hidden[o->n_hidden])) return -1;
    o->n_hidden++;
  }
  return 0;
}

static int set_transfer(train_opts *o, const char *v) {
  o->transfer_given = 1;
  o->n_tf = 0;
  for (const char *p = v; p;) {
    char item[32], names[256];
    size_t n;
    p = list_item(p, item, sizeof item, &n);
    if (o->n_tf == TRAIN_MAX_TRANSFER) {
      cli_err(o->cmd, "--transfer: too many entries");
      return -1;
    }
    if (clm_transfer_from_name(item, &o->tf[o->n_tf]) != CLM_OK) {
      train_list_transfers(names, sizeof names, ", ");
      cli_err(o->cmd, "--transfer: unknown transfer function '%s' (%s)", item, names);
      return -1;
    }
    o->n_tf++;
  }
  return 0;
}

static int set_train(train_opts *o, const char *v) {
  char names[512];
  o->trainer = clm_trainer_from_name(v);
  o->trainer_given = 1;
  if (o->trainer) return 0;
  train_list_trainers(names, sizeof names, ", ");
  cli_err(o->cmd, "--train: unknown training function '%s' (%s)", v, names);
  return -1;
}

static int set_perform(train_opts *o, const char *v) {
  char names[128];
  o->perform_given = 1;
  if (clm_performfcn_from_name(v, &o->performfcn) == CLM_OK) return 0;
  train_list_performs(names, sizeof names, ", ");
  cli_err(o->cmd, "--perform: unknown performance function '%s' (%s)", v, names);
  return -1;
}

static int set_regularization(train_opts *o, const char *v) {
  o->regularization_given = 1;
  return cli_double(o->cmd, "regularization", v, 0, 1, &o->regularization);
}

static int set_normalization(train_opts *o, const char *v) {
  char names[128];
  o->normalization_given = 1;
  if (clm_normalization_from_name(v, &o->normalization) == CLM_OK) return 0;
  train_list_normalizations(names, sizeof names, ", ");
  cli_err(o->cmd, "--normalization: unknown normalization '%s' (%s)", v, names);
  return -1;
}

static int set_init(train_opts *o, const char *v) {
  char names[256];
  o->init_given = 1;
  if (strcmp(v, "chaos") == 0) {
    o->chaos_init = 1;
    return 0;
  }
  if (train_init_from_name(v, &o->initfcn) == 0) return 0;
  train_list_inits(names, sizeof names, ", ");
  cli_err(o->cmd, "--init: unknown initialisation '%s' (%s)", v, names);
  return -1;
}

static int set_init_from(train_opts *o, const char *v) {
  if (o->init_given) {
    cli_err(o->cmd, "--init and --init-from cannot be combined (the weights come from the model)");
    return -1;
  }
  o->init_from = v;
  return 0;
}

static int set_divide(train_opts *o, const char *v) {
  char names[256];
  o->divide_given = 1;
  if (train_divide_from_name(v, &o->divfcn) == 0) return 0;
  train_list_divides(names, sizeof names, ", ");
  cli_err(o->cmd, "--divide: unknown division '%s' (%s)", v, names);
  return -1;
}

static int set_ratios(train_opts *o, const char *v) {
  const char *p = v;
  o->divide_given = 1;
  for (int i = 0; i < 3; i++) {
    char item[64];
    size_t n;
    const char *next = list_item(p, item, sizeof item, &n);
    if ((i < 2 && !next) || (i == 2 && next)) {
      cli_err(o->cmd, "--ratios: '%s' is not three numbers like 0.7,0.15,0.15", v);
      return -1;
    }
    if (cli_double(o->cmd, "ratios", item, 0, 1e300, &o->ratios[i])) return -1;
    p = next ? next : p;
  }
  if (!(o->ratios[0] + o->ratios[1] + o->ratios[2] > 0) || o->ratios[0] <= 0) {
    cli_err(o->cmd, "--ratios: the training ratio must be positive");
    return -1;
  }
  return 0;
}

static int set_backend(train_opts *o, const char *v) {
  char names[128];
  if (clm_backend_from_name(v, &o->backend) == CLM_OK) return 0;
  train_list_backends(names, sizeof names, ", ");
  cli_err(o->cmd, "--backend: unknown backend '%s' (%s)", v, names);
  return -1;
}

/* --escape restart|search|compress|chaos-compress: how a stuck trainlm
 * phase goes on (chaos/escape.c), with the escapes per series the
 * benchmark calibrated for the mode (doc/chaos.md). */
static int set_escape(train_opts *o, const char *v) {
  static const struct {
    const char *name;
    clm_escape_mode mode;
    size_t escapes;
  } modes[] = {{"restart", CLM_ESCAPE_SEARCH, 0},
               {"search", CLM_ESCAPE_SEARCH, 1},
               {"compress", CLM_ESCAPE_COMPRESS, TRAIN_WC_ESCAPES},
               {"chaos-compress", CLM_ESCAPE_CHAOS_COMPRESS, TRAIN_WC_ESCAPES}};
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
    if (strcmp(v, modes[i].name) == 0) {
      o->escape = 1;
      o->escape_mode = modes[i].mode;
      o->escapes = modes[i].escapes;
      return 0;
    }
  cli_err(o->cmd, "--escape: unknown mode '%s' (restart, search, compress, chaos-compress)", v);
  return -1;
}

static int set_restarts(train_opts *o, const char *v) {
  o->restarts_given = 1;
  return cli_size(o->cmd, "restarts", v, 0, &o->restarts);
}

static int set_restart_from(train_opts *o, const char *v) {
  if (strcmp(v, "chaos") == 0 || strcmp(v, "init") == 0) {
    o->restart_chaos = v[0] == 'c';
    return 0;
  }
  cli_err(o->cmd, "--restart-from: unknown source '%s' (init, chaos)", v);
  return -1;
}

static int set_race(train_opts *o, const char *v) {
  if (cli_size(o->cmd, "race", v, 1, &o->race)) return -1;
  if (o->race > 100000) {
    cli_err(o->cmd, "--race: %zu runs is more than 100000", o->race);
    return -1;
  }
  return 0;
}

static int set_save(train_opts *o, const char *v) { o->save = v; return 0; }
static int set_record(train_opts *o, const char *v) { o->record = v; return 0; }
static int set_plot(train_opts *o, const char *v) { o->plot = v; return 0; }
static int set_quiet(train_opts *o, const char *v) { (void)v; o->quiet = 1; return 0; }

/* The tool's own options.  arg NULL: the value is one of list's names. */
typedef struct train_optdef {
  const char *name;
  int has_arg;
  int (*set)(train_opts *o, const char *value);
  const char *arg;
  void (*list)(char *buf, size_t len, const char *sep);
  const char *help;
} train_optdef;

static const train_optdef fixed_opts[] = {
  {"targets", 1, set_targets, "K", NULL, "number of target columns (the last K)"},
  {"net", 1, set_net, NULL, cli_list_netkinds,
   "network constructor (default feedforward)"},
  {"hidden", 1, set_hidden, "10[,5...]", NULL,
   "hidden layer sizes (default 10; 0 = no hidden layer)"},
  {"transfer", 1, set_transfer, "F[,F...]", train_list_transfers,
   "transfer function per layer (all layers, or the hidden ones only)"},
  {"train", 1, set_train, "NAME", NULL,
   "training function (default: the network's; see the trainers below)"},
  {"perform", 1, set_perform, NULL, train_list_performs,
   "performance function (default: the network's)"},
  {"regularization", 1, set_regularization, "R", NULL,
   "performParam.regularization, R in [0,1] (default 0)"},
  {"normalization", 1, set_normalization, NULL, train_list_normalizations,
   "performParam.normalization (default none)"},
  {"init", 1, set_init, NULL, train_list_inits, "initial weights (default nw = Nguyen-Widrow)"},
  {"init-from", 1, set_init_from, "MODEL", NULL,
   "start from a saved network's weights (same architecture)"},
  {"escape", 1, set_escape, "restart|search|compress|chaos-compress", NULL,
   "when trainlm is stuck: restart, chaotic search, weight compression (doc/chaos.md)"},
  {"restarts", 1, set_restarts, "N", NULL, "fresh starts (or new race rounds) allowed (default 1)"},
  {"restart-from", 1, set_restart_from, "init|chaos", NULL,
   "fresh starts from the --init method (default) or a chaotic search"},
  {"race", 1, set_race, "K", NULL, "race K runs from chaotic starts, dropping the worse half"},
  {"divide", 1, set_divide, NULL, train_list_divides, "data division (default rand)"},
  {"ratios", 1, set_ratios, "0.7,0.15,0.15", NULL, "train/validation/test ratios"},
  {"backend", 1, set_backend, NULL, train_list_backends,
   "linear solver of the trainers that use it (default auto)"},
  {"save", 1, set_save, "MODEL", NULL, "save the trained (best) network"},
  {"record", 1, set_record, "REC.json", NULL,
   "write the training record as JSON (MATLAB tr names)"},
  {"plot", 1, set_plot, "PREFIX", NULL,
   "write PREFIX-perform.png, -regression.png and/or -confusion.png (gnuplot)"},
  {"quiet", 0, set_quiet, "", NULL, "no progress and no summary"},
  {"help", 0, NULL, "", NULL, "this text"},
};
#define N_FIXED (sizeof fixed_opts / sizeof fixed_opts[0])
#define N_ALL (N_FIXED + TRAIN_MAX_PARAMS)

/* The data file: the positional argument (train) or the bundled Boston
 * housing data (demo).  0 or -1. */
static int data_file(train_opts *o, const char *const *pos, size_t n_pos, int has_targets) {
  if (o->demo) {
    if (n_pos) {
      cli_err(o->cmd, "unexpected argument '%s' (demo uses the bundled data; use 'train' for "
                      "your own file)", pos[0]);
      return -1;
    }
    if (cli_find_data("boston_housing.csv", o->data_path, sizeof o->data_path)) {
      cli_err(o->cmd, "cannot find the bundled boston_housing.csv (looked in $CLM_DATADIR, %s, "
                      "./data and next to the program); set CLM_DATADIR to the data folder",
              o->data_path);
      return -1;
    }
    return 0;
  }
  if (n_pos != 1) {
    cli_err(o->cmd, "%s (usage: %s train DATA.csv --targets K [options])",
            n_pos ? "too many arguments" : "missing the data file", cli_prog);
    return -1;
  }
  snprintf(o->data_path, sizeof o->data_path, "%s", pos[0]);
  if (!has_targets) {
    cli_err(o->cmd, "--targets K is required (the last K columns of %s are the targets)",
            o->data_path);
    return -1;
  }
  return 0;
}

/* The value of the tool's own option `name` (NULL when not given). */
static const char *fixed_value(const char *const *ov, const char *name) {
  for (size_t i = 0; i < N_FIXED; i++)
    if (strcmp(fixed_opts[i].name, name) == 0) return ov[i];
  return NULL;
}

static void defaults(train_opts *o, int demo) {
  memset(o, 0, sizeof *o);
  o->cmd = demo ? "demo" : "train";
  o->demo = demo;
  o->K = 1;
  o->n_hidden = 1;
  o->hidden[0] = 10;
  o->trainer = clm_trainer_at(0);
  o->initfcn = CLM_INITNW;
  o->divfcn = CLM_DIVIDERAND;
  o->ratios[0] = 0.70;
  o->ratios[1] = o->ratios[2] = 0.15;
  o->backend = CLM_BACKEND_AUTO;
  o->net_kind = CLI_NET_FEEDFORWARD;
  o->performfcn = CLM_MSE;
  o->normalization = CLM_NORMALIZATION_NONE;
}

int train_parse(train_opts *o, int argc, char **argv, int demo) {
  train_param_opts po;
  cli_optdef defs[N_ALL];
  const char *ov[N_ALL], *pos[2];
  size_t n_pos, n = N_FIXED;
  defaults(o, demo);
  train_param_opts_init(&po);
  for (size_t i = 0; i < N_FIXED; i++) defs[i] = (cli_optdef){fixed_opts[i].name, fixed_opts[i].has_arg};
  for (size_t i = 0; i < po.n; i++) defs[n++] = (cli_optdef){po.name[i], 1};
  if (cli_parse(o->cmd, argc, argv, 2, defs, n, ov, pos, 2, &n_pos)) return CLI_EUSAGE;
  for (size_t i = 0; i < N_FIXED; i++)
    if (ov[i] && !fixed_opts[i].set) o->help = 1; /* --help */
  if (o->help) return CLI_OK;
  if (data_file(o, pos, n_pos, fixed_value(ov, "targets") != NULL)) return CLI_EUSAGE;
  for (size_t i = 0; i < N_FIXED; i++)
    if (ov[i] && fixed_opts[i].set && fixed_opts[i].set(o, ov[i])) return CLI_EUSAGE;
  if (!o->trainer_given && train_default_trainer(o) != CLI_OK) return CLI_EUSAGE;
  if (train_params_apply(o, &po, ov + N_FIXED)) return CLI_EUSAGE;
  /* The demo starts from a chaotic initialisation (the library's method)
   * unless told otherwise. */
  if (demo && !o->init_given && !o->init_from) o->chaos_init = 1;
  o->p.chaos.init = o->chaos_init;
  if (o->escape || o->restarts_given) {
    o->p.chaos.escape = 1;
    o->p.chaos.escape_mode = o->escape_mode;
    o->p.chaos.max_escapes = o->escapes;
    if (o->restarts_given) o->p.chaos.max_reinits = o->restarts;
  }
  if (o->restart_chaos) o->p.chaos.reinit = CLM_REINIT_CHAOS;
  o->p.chaos.race = o->race;
  o->p.backend = o->backend;
  return CLI_OK;
}

int train_check_outputs(train_opts *o) {
  if (o->save && cli_check_writable(o->cmd, "save", o->save)) return CLI_EUSAGE;
  if (o->record && cli_check_writable(o->cmd, "record", o->record)) return CLI_EUSAGE;
  if (o->plot) {
    char probe[4200];
    snprintf(probe, sizeof probe, "%s-perform.png", o->plot);
    if (cli_check_writable(o->cmd, "plot", probe)) return CLI_EUSAGE;
    if (cli_find_gnuplot(o->gnuplot, sizeof o->gnuplot)) {
      cli_err(o->cmd, "--plot: gnuplot is not on PATH; install it (Debian: apt-get install "
                      "gnuplot-nox) or drop --plot");
      return CLI_EUSAGE;
    }
  }
  return CLI_OK;
}

/* One usage line: "  --name ARG", the help text from column 25. */
static void usage_option(FILE *f, const train_optdef *d) {
  char arg[256] = "", left[300], names[256] = "";
  if (d->list) d->list(names, sizeof names, d->arg ? ", " : "|");
  snprintf(arg, sizeof arg, "%s", d->arg ? d->arg : names);
  snprintf(left, sizeof left, "--%s%s%s", d->name, arg[0] ? " " : "", arg);
  if (strlen(left) <= 21)
    fprintf(f, "  %-21s %s", left, d->help);
  else
    fprintf(f, "  %s\n  %-21s %s", left, "", d->help);
  if (d->list && d->arg) fprintf(f, ":\n  %-21s %s", "", names);
  fputc('\n', f);
}

void train_usage(const train_opts *o) {
  if (o->demo)
    printf("Usage: %s demo [train options]\n"
           "Train a 13-10-1 network (%s from a chaotic initialisation, dividerand\n"
           "70/15/15, seed 1) on the bundled Boston housing data (MATLAB's house_dataset)\n"
           "and compare the test RMSE with the linear baseline 4.84.  Any option of\n"
           "'train' may be added (--init nw for a Nguyen-Widrow start).\n\n",
           cli_prog, clm_trainer_name(clm_trainer_at(0)));
  else
    printf("Usage: %s train DATA.csv --targets K [options]\n"
           "Train a network (feed-forward unless --net says otherwise); the last K columns\n"
           "of DATA.csv are the targets.\n\n",
           cli_prog);
  printf("Options:\n");
  for (size_t i = 0; i < N_FIXED; i++) usage_option(stdout, &fixed_opts[i]);
  train_params_usage(stdout);
}
