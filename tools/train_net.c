/* chaoslm command-line tool — the network `train` trains: a new network
 * as the options describe it (--net picks the constructor), or a saved one
 * (--init-from) checked against the data and the options; then the
 * performance settings (--perform, --regularization, --normalization).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "train.h"

int train_status_exit(int st) {
  switch (st) {
  case CLM_EPARAM: case CLM_EDIVIDE: case CLM_EBACKEND: case CLM_ESIZE:
  case CLM_ENOSAMPLES: case CLM_EINF: case CLM_ENAN: case CLM_ETRAINER:
  case CLM_ETRANSFER: case CLM_EINVAL: case CLM_EPERFORM:
    return CLI_EUSAGE;
  default:
    return CLI_EFAIL;
  }
}

void train_arch_string(const clm_net *net, char *buf, size_t len) {
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

void train_perform_string(const clm_net *net, char *buf, size_t len) {
  clm_performfcn f = clm_net_performfcn(net);
  double r = clm_net_regularization(net);
  clm_normalization n = clm_net_normalization(net);
  size_t o = 0;
  if (len) buf[0] = '\0';
  if (f == CLM_MSE && r == 0 && n == CLM_NORMALIZATION_NONE) return;
  o += (size_t)snprintf(buf, len, ", %s", clm_performfcn_name(f));
  if (r != 0 && o < len) o += (size_t)snprintf(buf + o, len - o, ", regularization %g", r);
  if (n != CLM_NORMALIZATION_NONE && o < len)
    snprintf(buf + o, len - o, ", normalization %s", clm_normalization_name(n));
}

int train_default_trainer(train_opts *o) {
  clm_net *net = NULL;
  int st = o->init_from ? clm_net_load(o->init_from, &net)
                        : cli_netkind_create(o->net_kind, &net, o->n_hidden, o->hidden);
  if (st != CLM_OK) {
    if (o->init_from)
      cli_err(o->cmd, "--init-from: %s: %s", o->init_from, clm_strerror(st));
    else
      cli_err(o->cmd, "cannot create the network: %s", clm_strerror(st));
    return CLI_EUSAGE;
  }
  o->trainer = clm_trainer_from_name(clm_net_trainfcn(net));
  if (!o->trainer)
    cli_err(o->cmd, "the network's training function '%s' is not in this library; choose one "
                    "with --train", clm_net_trainfcn(net));
  clm_net_free(net);
  return o->trainer ? CLI_OK : CLI_EUSAGE;
}

/* --perform, --regularization, --normalization on the network. */
static int apply_perform(const train_opts *o, clm_net *net) {
  int st = CLM_OK;
  if (o->perform_given) st = clm_net_set_performfcn(net, o->performfcn);
  if (st == CLM_OK && o->regularization_given)
    st = clm_net_set_regularization(net, o->regularization);
  if (st == CLM_OK && o->normalization_given)
    st = clm_net_set_normalization(net, o->normalization);
  if (st != CLM_OK) {
    cli_err(o->cmd, "cannot set the performance function: %s", clm_strerror(st));
    return train_status_exit(st);
  }
  return CLI_OK;
}

/* Does the loaded net have the architecture --hidden/--transfer ask for? */
static int same_architecture(const train_opts *o, const clm_net *net) {
  size_t L = clm_net_num_layers(net);
  if (o->hidden_given) {
    if (L != o->n_hidden + 1) return 0;
    for (size_t l = 1; l < L; l++)
      if (clm_net_layer_size(net, l) != o->hidden[l - 1]) return 0;
  }
  if (o->transfer_given) {
    /* all L layers, or the L-1 hidden ones */
    if (o->n_tf != L && o->n_tf != L - 1) return 0;
    for (size_t l = 1; l <= o->n_tf; l++)
      if (clm_net_transfer(net, l) != o->tf[l - 1]) return 0;
  }
  return 1;
}

static int load_net(const train_opts *o, const train_data *d, clm_net **net) {
  int st = clm_net_load(o->init_from, net);
  if (st != CLM_OK) {
    cli_err(o->cmd, "--init-from: %s: %s", o->init_from, clm_strerror(st));
    return CLI_EUSAGE;
  }
  if (!clm_net_is_configured(*net) || clm_net_num_inputs(*net) != d->csv.n_inputs ||
      clm_net_num_outputs(*net) != o->K) {
    cli_err(o->cmd, "--init-from: %s has %zu inputs and %zu outputs, but %s has %zu inputs "
                    "and %zu targets", o->init_from, clm_net_num_inputs(*net),
            clm_net_num_outputs(*net), o->data_path, d->csv.n_inputs, o->K);
    return CLI_EUSAGE;
  }
  if (!same_architecture(o, *net)) {
    char a[256];
    train_arch_string(*net, a, sizeof a);
    cli_err(o->cmd, "--init-from: %s is %s; --hidden/--transfer ask for a different "
                    "architecture", o->init_from, a);
    return CLI_EUSAGE;
  }
  if (o->net_given && !cli_netkind_matches(o->net_kind, *net)) {
    cli_err(o->cmd, "--init-from: %s is a %s; --net %s asks for a %s (a different "
                    "architecture)", o->init_from, cli_netkind_matlab(cli_netkind_of(*net)),
            cli_netkind_name(o->net_kind), cli_netkind_matlab(o->net_kind));
    return CLI_EUSAGE;
  }
  /* --train becomes the saved network's trainFcn, as net.trainFcn = ... */
  if (o->trainer_given) {
    st = clm_net_set_trainfcn(*net, clm_trainer_name(o->trainer));
    if (st != CLM_OK) {
      cli_err(o->cmd, "--train: %s", clm_strerror(st));
      return train_status_exit(st);
    }
  }
  if (o->divide_given) {
    st = clm_net_set_divide(*net, o->divfcn, o->ratios[0], o->ratios[1], o->ratios[2]);
    if (st != CLM_OK) {
      cli_err(o->cmd, "--divide: %s", clm_strerror(st));
      return train_status_exit(st);
    }
  }
  return apply_perform(o, *net);
}

static int new_net(const train_opts *o, clm_net **net) {
  if (o->net_kind == CLI_NET_PATTERN && o->K < 2) {
    cli_err(o->cmd, "--net pattern needs a target column per class (--targets 2 or more): a "
                    "softmax of one output is always 1; give two classes as two one-hot columns");
    return CLI_EUSAGE;
  }
  int st = cli_netkind_create(o->net_kind, net, o->n_hidden, o->hidden);
  if (st != CLM_OK) {
    cli_err(o->cmd, "cannot create the network: %s", clm_strerror(st));
    return train_status_exit(st);
  }
  size_t L = o->n_hidden + 1;
  if (o->transfer_given && o->n_tf != L && o->n_tf != o->n_hidden) {
    cli_err(o->cmd, "--transfer: %zu functions given for %zu layers (give %zu, or %zu for "
                    "the hidden layers only)", o->n_tf, L, L, o->n_hidden);
    return CLI_EUSAGE;
  }
  for (size_t l = 1; o->transfer_given && l <= o->n_tf; l++) {
    st = clm_net_set_transfer(*net, l, o->tf[l - 1]);
    if (st != CLM_OK) {
      cli_err(o->cmd, "--transfer: layer %zu: %s", l, clm_strerror(st));
      return train_status_exit(st);
    }
  }
  if ((st = clm_net_set_initfcn(*net, o->initfcn)) != CLM_OK ||
      (st = clm_net_set_divide(*net, o->divfcn, o->ratios[0], o->ratios[1], o->ratios[2])) !=
          CLM_OK ||
      (st = clm_net_set_trainfcn(*net, clm_trainer_name(o->trainer))) != CLM_OK) {
    cli_err(o->cmd, "cannot set up the network: %s", clm_strerror(st));
    return train_status_exit(st);
  }
  return apply_perform(o, *net);
}

int train_build_net(const train_opts *o, const train_data *d, clm_net **net) {
  *net = NULL;
  return o->init_from ? load_net(o, d, net) : new_net(o, net);
}
