/* Built against the INSTALLED chaoslm through pkg-config by `make
 * installcheck`: configures a small network and runs it.  GPL-3.0-or-later. */
#include <stdio.h>
#include <chaoslm.h>

int main(void) {
  double X[8] = {0, 1, 2, 3, 4, 5, 6, 7}, T[8] = {0, 1, 4, 9, 16, 25, 36, 49}, Y[8];
  size_t h = 3;
  clm_net *net = NULL;
  int st = clm_feedforwardnet(&net, 1, &h);
  if (st == CLM_OK) st = clm_configure(net, X, 1, T, 1, 8, 42);
  if (st == CLM_OK) st = clm_sim(net, X, 8, Y, 1);
  printf("chaoslm %s: %s (P = %zu)\n", clm_version(), clm_strerror(st), clm_net_num_weights(net));
  clm_net_free(net);
  return st == CLM_OK ? 0 : 1;
}
