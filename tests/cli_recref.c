/* chaoslm tests — reference for tests/cli_roundtrip.sh: trains the network
 * that `chaoslm train DATA --targets K --hidden H --epochs E --seed S` trains
 * (defaults otherwise) directly through the public API, and prints the
 * record as JSON with the same field names and conventions as --record
 * (1-based indices, NaN as null), so the test can compare the two.
 *   usage: cli_recref DATA.csv K H E S            GPL-3.0-or-later. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "chaoslm.h"
#include "../tools/csv.h"

static void arr(const char *name, const double *v, size_t n) {
  printf(", \"%s\": [", name);
  for (size_t i = 0; i < n; i++) {
    if (isfinite(v[i]))
      printf("%s%.17g", i ? "," : "", v[i]);
    else
      printf("%snull", i ? "," : "");
  }
  printf("]");
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: cli_recref DATA.csv K H E S\n");
    return 2;
  }
  size_t K = strtoul(argv[2], NULL, 10), H = strtoul(argv[3], NULL, 10);
  clm_csv t;
  char err[512];
  if (clm_csv_read(argv[1], K, &t, err, sizeof err)) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  clm_net *net = NULL;
  clm_trainparam p = clm_trainparam_default(clm_trainlm);
  p.epochs = strtoul(argv[4], NULL, 10);
  p.seed = strtoull(argv[5], NULL, 10);
  clm_record rec;
  clm_record_init(&rec);
  int st = clm_feedforwardnet(&net, 1, &H);
  if (st == CLM_OK)
    st = clm_train_sized(net, clm_trainlm, t.X, t.n_inputs, t.T, K, t.n_rows, &p, &rec);
  if (st != CLM_OK) {
    fprintf(stderr, "%s\n", clm_strerror(st));
    return 1;
  }
  size_t n = rec.num_epochs + 1;
  printf("{\"trainFcn\": \"%s\", \"stop\": \"%s\", \"num_epochs\": %zu, \"best_epoch\": %zu",
         rec.train_fcn, clm_stop_text(rec.stop), rec.num_epochs, rec.best_epoch);
  printf(", \"best_perf\": %.17g, \"best_vperf\": %.17g, \"best_tperf\": %.17g", rec.best_perf,
         rec.best_vperf, rec.best_tperf);
  arr("perf", rec.perf, n);
  arr("vperf", rec.vperf, n);
  arr("tperf", rec.tperf, n);
  arr("gradient", rec.gradient, n);
  printf(", \"testInd\": [");
  for (size_t i = 0; i < rec.n_test; i++) printf("%s%zu", i ? "," : "", rec.test_ind[i] + 1);
  printf("]}\n");
  clm_record_free(&rec);
  clm_net_free(net);
  clm_csv_free(&t);
  return 0;
}
