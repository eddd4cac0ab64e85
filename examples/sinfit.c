/* chaoslm example (the README's): fit t = sin(2*pi*x) + 0.5*x^2 with a
 * 1-10-1 network and trainlm, as MATLAB's
 *     net = feedforwardnet(10); [net, tr] = train(net, x, t); y = net(x);
 * Build: cc sinfit.c $(pkg-config --cflags --libs chaoslm) -o sinfit
 * GPL-3.0-or-later. */
#include <math.h>
#include <stdio.h>
#include <chaoslm.h>

int main(void) {
  enum { Q = 200 };
  double x[Q], t[Q], y[Q];
  for (int q = 0; q < Q; q++) {
    x[q] = -1.0 + 2.0 * q / (Q - 1);
    t[q] = sin(2 * M_PI * x[q]) + 0.5 * x[q] * x[q];
  }

  clm_net *net = NULL;
  size_t hidden = 10;
  int st = clm_feedforwardnet(&net, 1, &hidden);          /* feedforwardnet(10) */
  if (st == CLM_OK) st = clm_configure(net, x, 1, t, 1, Q, 42); /* sizes, processing, initnw */

  clm_trainparam p = clm_trainparam_default(clm_trainlm); /* MATLAB's defaults */
  p.epochs = 200;
  p.goal = 1e-6;
  clm_record tr;
  clm_record_init(&tr);
  if (st == CLM_OK) st = clm_train(net, clm_trainlm, x, t, Q, &p, &tr);
  if (st == CLM_OK) st = clm_sim(net, x, Q, y, 0);
  if (st != CLM_OK) {
    fprintf(stderr, "chaoslm: %s\n", clm_strerror(st));
    clm_record_free(&tr);
    clm_net_free(net);
    return 1;
  }
  printf("%s after %zu epochs; best epoch %zu: train mse %.3g, validation mse %.3g\n",
         clm_stop_text(tr.stop), tr.num_epochs, tr.best_epoch, tr.best_perf, tr.best_vperf);
  printf("y(0.25) = %.4f (target %.4f)\n", y[124], t[124]);
  clm_record_free(&tr);
  clm_net_free(net);
  return 0;
}
