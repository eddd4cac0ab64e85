/* chaoslm command-line tool — `chaoslm info MODEL [--weights]`.
 *
 * Describes a saved network: architecture, transfer functions, the
 * connections of a cascade-forward network, the functions it carries
 * (init, divide, perform with its performParam, train), the processing of
 * each input and output row, and the weight count.  --weights prints the P
 * weights in getwb order, one per line as %.17g (so they read back exactly).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "cli.h"

#include <stdlib.h>

enum { I_WEIGHTS, I_HELP, I_COUNT_ };
static const cli_optdef info_opts[I_COUNT_] = {[I_WEIGHTS] = {"weights", 0},
                                               [I_HELP] = {"help", 0}};

static void print_proc(const clm_net *net, int which, size_t n, unsigned flags) {
  const char *side = which ? "output" : "input";
  for (size_t i = 0; i < n; i++) {
    int kept;
    double xoff, gain, lo, hi;
    if (clm_net_processing(net, which, i, &kept, &xoff, &gain) != CLM_OK) continue;
    if (!kept)
      printf("  %s %zu: constant %.10g, removed by removeconstantrows\n", side, i + 1, xoff);
    else if (flags & CLM_PROC_MAPMINMAX)
      printf("  %s %zu: mapminmax xoffset %.10g gain %.10g (range %.10g .. %.10g)\n", side,
             i + 1, xoff, gain, xoff, gain != 0 ? xoff + 2.0 / gain : xoff);
    else if (clm_net_range(net, which, i, &lo, &hi) == CLM_OK)
      printf("  %s %zu: not mapped (range %.10g .. %.10g)\n", side, i + 1, lo, hi);
  }
}

/* "removeconstantrows, mapminmax to [-1,1]" for CLM_PROC_* flags. */
static const char *proc_names(unsigned flags) {
  switch (flags & CLM_PROC_DEFAULT) {
  case CLM_PROC_DEFAULT: return "removeconstantrows, mapminmax to [-1,1]";
  case CLM_PROC_REMOVECONSTANTROWS: return "removeconstantrows";
  case CLM_PROC_MAPMINMAX: return "mapminmax to [-1,1]";
  default: return "none";
  }
}

/* The processing header and one line per input and output row. */
static void print_processing(const clm_net *net, size_t nin, size_t nout) {
  unsigned in = CLM_PROC_DEFAULT, out = CLM_PROC_DEFAULT;
  clm_net_processing_flags(net, &in, &out);
  if (in == out)
    printf("processing (%s):\n", proc_names(in));
  else
    printf("processing (inputs: %s; outputs: %s):\n", proc_names(in), proc_names(out));
  print_proc(net, 0, nin, in);
  print_proc(net, 1, nout, out);
}

/* For a network with more than the feed-forward connections: which layers
 * the input and each layer feed. */
static void print_connections(const clm_net *net, size_t L) {
  if (!cli_net_is_cascade(net)) return;
  printf("connections (%s):", cli_netkind_matlab(cli_netkind_of(net)));
  for (size_t from = 0; from < L; from++) {
    int first = 1;
    for (size_t to = from + 1; to <= L; to++) {
      int c = from ? clm_net_layer_connect(net, to, from) : clm_net_input_connect(net, to);
      if (!c) continue;
      if (first) {
        if (from)
          printf("; layer %zu ->", from);
        else
          printf(" input ->");
      }
      printf("%s %zu", first ? "" : ",", to);
      first = 0;
    }
  }
  printf("\n");
}

/* "performFcn: mse", with the performParam when it is not the default. */
static void print_perform(const clm_net *net) {
  double r = clm_net_regularization(net);
  clm_normalization n = clm_net_normalization(net);
  printf("performFcn: %s", clm_performfcn_name(clm_net_performfcn(net)));
  if (r != 0 || n != CLM_NORMALIZATION_NONE)
    printf(" (regularization %g, normalization %s)", r, clm_normalization_name(n));
  printf("\n");
}

int cmd_info(int argc, char **argv) {
  const char *cmd = "info";
  const char *ov[I_COUNT_];
  const char *pos[1];
  size_t n_pos;
  if (cli_parse(cmd, argc, argv, 2, info_opts, I_COUNT_, ov, pos, 1, &n_pos)) return CLI_EUSAGE;
  if (ov[I_HELP]) {
    printf("Usage: %s info MODEL [--weights]\n"
           "Describe a saved network; --weights prints its weights in getwb order, one per\n"
           "line (%%.17g).\n",
           cli_prog);
    return CLI_OK;
  }
  if (n_pos != 1) {
    cli_err(cmd, "needs a model file (usage: %s info MODEL [--weights])", cli_prog);
    return CLI_EUSAGE;
  }
  clm_net *net = NULL;
  int st = clm_net_load(pos[0], &net);
  if (st != CLM_OK) {
    cli_err(cmd, "%s: %s", pos[0], clm_strerror(st));
    return CLI_EUSAGE;
  }
  size_t P = clm_net_num_weights(net);
  if (ov[I_WEIGHTS]) {
    double *wb = malloc((P ? P : 1) * sizeof *wb);
    if (!wb) {
      cli_err(cmd, "out of memory");
      clm_net_free(net);
      return CLI_EFAIL;
    }
    st = clm_getwb(net, wb);
    if (st != CLM_OK) {
      cli_err(cmd, "%s: %s", pos[0], clm_strerror(st));
      free(wb);
      clm_net_free(net);
      return CLI_EFAIL;
    }
    for (size_t i = 0; i < P; i++) printf("%.17g\n", wb[i]);
    free(wb);
    clm_net_free(net);
    return CLI_OK;
  }
  size_t L = clm_net_num_layers(net), nin = clm_net_num_inputs(net),
         nout = clm_net_num_outputs(net);
  printf("model: %s\n", pos[0]);
  printf("architecture: %zu", nin);
  for (size_t l = 1; l < L; l++) printf("-%zu", clm_net_layer_size(net, l));
  printf("-%zu (%zu inputs, %zu hidden layer%s, %zu outputs)\n", nout, nin, L - 1,
         L == 2 ? "" : "s", nout);
  printf("transfer:");
  for (size_t l = 1; l <= L; l++)
    printf("%s %s", l > 1 ? "," : "", clm_transfer_name(clm_net_transfer(net, l)));
  printf("\n");
  print_connections(net, L);
  printf("weights: %zu\n", P);
  printf("trainFcn: %s\n", clm_net_trainfcn(net));
  print_perform(net);
  printf("initFcn: %s\n", clm_initfcn_name(clm_net_initfcn(net)));
  double r0, r1, r2;
  clm_net_divide_ratios(net, &r0, &r1, &r2);
  printf("divideFcn: %s (%.4g/%.4g/%.4g)\n", clm_dividefcn_name(clm_net_dividefcn(net)), r0, r1,
         r2);
  print_processing(net, nin, nout);
  clm_net_free(net);
  return CLI_OK;
}
