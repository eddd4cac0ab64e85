/* chaoslm command-line tool — the network constructors the tool offers
 * (`train --net`) and how a saved network is recognised as one of them
 * (`train --init-from`, `info`).
 *
 * A saved network does not store the constructor that made it; the kinds
 * differ in what the file does store:
 *   cascade:     a connection a feed-forward network does not have (the
 *                input to a layer after the first, or a layer to one that is
 *                not the next);
 *   pattern:     outputs without mapminmax (patternnet keeps its 0/1
 *                targets as they are; the other constructors map targets to
 *                [-1,1]);
 *   feedforward: everything else.  fitnet builds the same network as
 *                feedforwardnet, so a file cannot tell them apart.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "cli.h"

#include <string.h>

typedef int (*constructor)(clm_net **out, size_t n_hidden, const size_t *hidden_sizes);

static const struct {
  const char *name;   /* the tool's spelling */
  const char *matlab; /* MATLAB's constructor, also accepted */
  constructor create;
} kinds[CLI_NET_COUNT_] = {
  [CLI_NET_FEEDFORWARD] = {"feedforward", "feedforwardnet", clm_feedforwardnet},
  [CLI_NET_FIT] = {"fit", "fitnet", clm_fitnet},
  [CLI_NET_PATTERN] = {"pattern", "patternnet", clm_patternnet},
  [CLI_NET_CASCADE] = {"cascade", "cascadeforwardnet", clm_cascadeforwardnet},
};

int cli_netkind_from_name(const char *s, cli_netkind *k) {
  for (int i = 0; i < CLI_NET_COUNT_; i++)
    if (strcmp(s, kinds[i].name) == 0 || strcmp(s, kinds[i].matlab) == 0) {
      *k = (cli_netkind)i;
      return 0;
    }
  return -1;
}

const char *cli_netkind_name(cli_netkind k) {
  return k < CLI_NET_COUNT_ ? kinds[k].name : "?";
}

const char *cli_netkind_matlab(cli_netkind k) {
  return k < CLI_NET_COUNT_ ? kinds[k].matlab : "?";
}

int cli_netkind_create(cli_netkind k, clm_net **net, size_t n_hidden, const size_t *hidden) {
  if (k >= CLI_NET_COUNT_) return CLM_EINVAL;
  return kinds[k].create(net, n_hidden, hidden);
}

void cli_list_netkinds(char *buf, size_t len, const char *sep) {
  size_t o = 0;
  if (len) buf[0] = '\0';
  for (int i = 0; i < CLI_NET_COUNT_ && o < len; i++)
    o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? sep : "", kinds[i].name);
}

int cli_net_is_cascade(const clm_net *net) {
  size_t L = clm_net_num_layers(net);
  for (size_t to = 2; to <= L; to++) {
    if (clm_net_input_connect(net, to)) return 1;
    for (size_t from = 1; from + 1 < to; from++)
      if (clm_net_layer_connect(net, to, from)) return 1;
  }
  return 0;
}

cli_netkind cli_netkind_of(const clm_net *net) {
  unsigned out_flags = CLM_PROC_DEFAULT;
  if (cli_net_is_cascade(net)) return CLI_NET_CASCADE;
  clm_net_processing_flags(net, NULL, &out_flags);
  return (out_flags & CLM_PROC_MAPMINMAX) ? CLI_NET_FEEDFORWARD : CLI_NET_PATTERN;
}

int cli_netkind_matches(cli_netkind asked, const clm_net *net) {
  cli_netkind has = cli_netkind_of(net);
  if (asked == CLI_NET_FIT) asked = CLI_NET_FEEDFORWARD; /* the same network */
  /* without hidden layers a cascade-forward network is a feed-forward one */
  if (asked == CLI_NET_CASCADE && clm_net_num_layers(net) == 1) asked = CLI_NET_FEEDFORWARD;
  return asked == has;
}
