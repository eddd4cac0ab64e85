/* chaoslm command-line tool — `chaoslm info MODEL [--weights]`.
 *
 * Describes a saved network: architecture, transfer functions, the
 * functions it carries (init, divide, perform, train), the processing of
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

static void print_proc(const clm_net *net, int which, size_t n) {
  const char *side = which ? "output" : "input";
  for (size_t i = 0; i < n; i++) {
    int kept;
    double xoff, gain;
    if (clm_net_processing(net, which, i, &kept, &xoff, &gain) != CLM_OK) continue;
    if (kept)
      printf("  %s %zu: mapminmax xoffset %.10g gain %.10g (range %.10g .. %.10g)\n", side,
             i + 1, xoff, gain, xoff, gain != 0 ? xoff + 2.0 / gain : xoff);
    else
      printf("  %s %zu: constant %.10g, removed by removeconstantrows\n", side, i + 1, xoff);
  }
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
  printf("weights: %zu\n", P);
  printf("trainFcn: %s\n", clm_net_trainfcn(net));
  printf("performFcn: %s\n", clm_performfcn_name(clm_net_performfcn(net)));
  printf("initFcn: %s\n", clm_initfcn_name(clm_net_initfcn(net)));
  double r0, r1, r2;
  clm_net_divide_ratios(net, &r0, &r1, &r2);
  printf("divideFcn: %s (%.4g/%.4g/%.4g)\n", clm_dividefcn_name(clm_net_dividefcn(net)), r0, r1,
         r2);
  printf("processing (removeconstantrows, mapminmax to [-1,1]):\n");
  print_proc(net, 0, nin);
  print_proc(net, 1, nout);
  clm_net_free(net);
  return CLI_OK;
}
