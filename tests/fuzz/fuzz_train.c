/* chaoslm fuzz harness — the public training and evaluation entry points
 * with random shapes, transfer functions, parameters and data.
 *
 * The input is decoded byte by byte (missing bytes read as 0) into: layer
 * count and sizes, transfer functions (some out of range), processing flags,
 * performance function and parameters (regularization, normalization, some
 * invalid), division function, a trainer, training parameters drawn from
 * tables that include the extremes (0, negative, NaN, Inf, 1e308,
 * DBL_MIN), and data values drawn from a table of specials or from the raw
 * bytes.  The harness then calls clm_feedforwardnet, clm_net_set_*,
 * clm_configure, clm_init, optionally clm_initchaos, clm_train, clm_sim,
 * clm_perform, clm_gradient, clm_jacobian and clm_jejj and checks:
 *   - every status is one the function documents (net.h, train.h, chaos.h);
 *   - a failing call leaves the network's file text unchanged;
 *   - after a successful training the weights are finite.
 * Epochs are at most 3 and sizes tiny, so each input runs in microseconds.
 * GPL-3.0-or-later. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "chaoslm.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)
#ifdef FUZZ_DEBUG /* -DFUZZ_DEBUG: describe each decoded case on stderr */
#include <stdio.h>
#define DBG(...) fprintf(stderr, __VA_ARGS__)
#else
#define DBG(...) ((void)0)
#endif

typedef struct src {
  const uint8_t *p;
  size_t n, i;
} src;

static unsigned byte(src *s) { return s->i < s->n ? s->p[s->i++] : 0u; }

static double special(unsigned k) {
  static const double tab[] = {0.0, -0.0, 1.0, -1.0, 0.5, 1e308, -1e308, DBL_MIN, 1e-300,
                               700.0, -710.0, 3.0, 1e10, -1e-5, 2.0, 0.25};
  return tab[k % (sizeof tab / sizeof tab[0])];
}

/* A data value: mostly ordinary, sometimes special, rarely NaN or Inf. */
static double value(src *s) {
  unsigned b = byte(s);
  if (b < 160) return ((double)b - 80.0) / 16.0;
  if (b < 240) return special(b);
  if (b < 248) return NAN;
  if (b < 252) return INFINITY;
  return -INFINITY;
}

static double param(src *s, double dflt) {
  unsigned b = byte(s);
  if (b < 128) return dflt;
  static const double tab[] = {0.0, -1.0, NAN, INFINITY, -INFINITY, 1e308, DBL_MIN, 1e-3,
                               0.1, 10.0, 1e10, 0.5, 2.0, 1e300, -0.0, 1.0};
  return tab[b % 16];
}

static int in(int st, const int *ok, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (st == ok[i]) return 1;
  return 0;
}
#define IN(st, ...) in((st), (const int[]){__VA_ARGS__}, sizeof((const int[]){__VA_ARGS__}) / sizeof(int))

static char *snapshot(const clm_net *net) {
  char *t = NULL;
  size_t n = 0;
  if (!clm_net_is_configured(net)) return NULL;
  int st = clm_net_save_buffer(net, &t, &n);
  CHECK(st == CLM_OK || st == CLM_ENOMEM);
  return t;
}

static void same(const clm_net *net, const char *before) {
  char *after = snapshot(net);
  if (before && after) CHECK(strcmp(before, after) == 0);
  free(after);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  src s = {data, size, 0};
  size_t n_hidden = byte(&s) % 3, hidden[2];
  for (size_t l = 0; l < n_hidden; l++) hidden[l] = 1 + byte(&s) % 4;
  size_t R = 1 + byte(&s) % 4, O = 1 + byte(&s) % 3, Q = 1 + byte(&s) % 12;
  clm_net *net = NULL;
  int st = clm_feedforwardnet(&net, n_hidden, hidden);
  CHECK(st == CLM_OK && net);
  for (size_t l = 1; l <= n_hidden + 1; l++) {
    unsigned b = byte(&s);
    if (b & 0x80) {
      st = clm_net_set_transfer(net, l, (clm_transfer)(b % (CLM_TRANSFER_COUNT_ + 1)));
      CHECK(IN(st, CLM_OK, CLM_ETRANSFER));
    }
  }
  unsigned flags = byte(&s);
  st = clm_net_set_processing(net, flags & 7u, (flags >> 3) & 7u);
  CHECK(IN(st, CLM_OK, CLM_EINVAL));
  unsigned pb = byte(&s); /* performFcn, and from its higher bits performParam */
  st = clm_net_set_performfcn(net, (clm_performfcn)(pb % (CLM_PERFORMFCN_COUNT_ + 1)));
  CHECK(IN(st, CLM_OK, CLM_EINVAL));
  static const double regs[4] = {0.0, 0.3, 1.0, NAN};
  st = clm_net_set_regularization(net, regs[(pb >> 3) & 3u]);
  CHECK(IN(st, CLM_OK, CLM_EINVAL));
  st = clm_net_set_normalization(net, (clm_normalization)((pb >> 5) % (CLM_NORMALIZATION_COUNT_ + 1)));
  CHECK(IN(st, CLM_OK, CLM_EINVAL));
  unsigned dv = byte(&s);
  st = clm_net_set_divide(net, (clm_dividefcn)(dv % (CLM_DIVIDEFCN_COUNT_ + 1)), param(&s, 0.7),
                          param(&s, 0.15), param(&s, 0.15));
  CHECK(IN(st, CLM_OK, CLM_EDIVIDE, CLM_EINVAL));
  if ((dv & 0x40) && Q >= 2) {
    size_t tr[1] = {0}, va[1] = {Q - 1}, te[1] = {byte(&s) % (Q + 1)};
    st = clm_net_set_divideind(net, tr, 1, va, 1, te, 1);
    CHECK(IN(st, CLM_OK, CLM_EDIVIDE, CLM_ENOMEM));
  }

  double *X = malloc(R * Q * sizeof *X), *T = malloc(O * Q * sizeof *T);
  CHECK(X && T);
  for (size_t i = 0; i < R * Q; i++) X[i] = value(&s);
  for (size_t i = 0; i < O * Q; i++) T[i] = value(&s);
  uint64_t seed = byte(&s);

  st = clm_configure(net, X, R, T, O, Q, seed);
  CHECK(IN(st, CLM_OK, CLM_ESIZE, CLM_EINF, CLM_ENOSAMPLES, CLM_ENOMEM));
  if (st != CLM_OK) {
    CHECK(!clm_net_is_configured(net));
    /* Train from scratch: must give the same kind of answer. */
    clm_trainparam p = clm_trainparam_default(NULL);
    p.epochs = 1;
    st = clm_train_sized(net, NULL, X, R, T, O, Q, &p, NULL);
    CHECK(st != CLM_OK);
    CHECK(!clm_net_is_configured(net));
    goto out;
  }
  CHECK(clm_net_num_inputs(net) == R && clm_net_num_outputs(net) == O);
  size_t P = clm_net_num_weights(net);
  CHECK(P > 0);

  /* Optional chaotic initialisation with a tiny budget. */
  unsigned opt = byte(&s);
  if (opt & 1) {
    clm_chaosparam cp = clm_chaosparam_default();
    cp.searches = 1 + byte(&s) % 3;
    cp.stages = 1 + byte(&s) % 2;
    cp.init_evals = 1 + byte(&s) % 8;
    cp.warmup = byte(&s) % 4;
    cp.shrink = param(&s, 0.5);
    cp.stream = (clm_chaos_stream)(byte(&s) % (CLM_CHAOS_STREAM_COUNT_ + 1));
    char *before = snapshot(net);
    uint64_t evals = 0;
    double perf = 0;
    st = clm_initchaos(net, X, T, Q, &cp, seed, 1, &evals, &perf);
    CHECK(IN(st, CLM_OK, CLM_ESIZE, CLM_EINF, CLM_ENOSAMPLES, CLM_EPARAM, CLM_ENOMEM));
    if (st != CLM_OK) same(net, before);
    free(before);
  }

  /* Training. */
  const clm_trainer_type *tt = clm_trainer_at(byte(&s) % clm_trainer_count());
  clm_trainparam p = clm_trainparam_default(tt);
  p.epochs = byte(&s) % 4;
  p.goal = param(&s, p.goal);
  p.max_fail = byte(&s) % 3;
  p.min_grad = param(&s, p.min_grad);
  p.mu = param(&s, p.mu);
  p.mu_dec = param(&s, p.mu_dec);
  p.mu_inc = param(&s, p.mu_inc);
  p.mu_max = param(&s, p.mu_max);
  p.lr = param(&s, p.lr);
  p.mc = param(&s, p.mc);
  p.lr_inc = param(&s, p.lr_inc);
  p.lr_dec = param(&s, p.lr_dec);
  p.max_perf_inc = param(&s, p.max_perf_inc);
  p.delt_inc = param(&s, p.delt_inc);
  p.delt_dec = param(&s, p.delt_dec);
  p.delta0 = param(&s, p.delta0);
  p.deltamax = param(&s, p.deltamax);
  p.sigma = param(&s, p.sigma);
  p.lambda = param(&s, p.lambda);
  p.seed = seed;
  p.threads = 1;
  p.backend = (opt & 2) ? CLM_BACKEND_CPU : CLM_BACKEND_AUTO;
  if (opt & 4) {
    p.chaos.escape = 1;
    p.chaos.window = 1;
    p.chaos.phase_epochs = 1;
    p.chaos.escape_evals = 4;
    p.chaos.escape_stages = 1;
    p.chaos.searches = 2;
  }
  DBG("R=%zu O=%zu Q=%zu L=%zu P=%zu trainer=%s epochs=%zu goal=%g max_fail=%zu min_grad=%g mu=%g "
      "mu_dec=%g mu_inc=%g mu_max=%g lr=%g mc=%g escape=%d divide=%s\n", R, O, Q, n_hidden + 1, P,
      clm_trainer_name(tt), p.epochs, p.goal, p.max_fail, p.min_grad, p.mu, p.mu_dec, p.mu_inc,
      p.mu_max, p.lr, p.mc, p.chaos.escape, clm_dividefcn_name(clm_net_dividefcn(net)));
  for (size_t l = 1; l <= n_hidden + 1; l++) DBG(" layer %zu: %zu %s\n", l, clm_net_layer_size(net, l),
                                                  clm_transfer_name(clm_net_transfer(net, l)));
  for (size_t q = 0; q < Q; q++) {
    DBG(" x:");
    for (size_t i = 0; i < R; i++) DBG(" %g", X[q * R + i]);
    DBG("  t:");
    for (size_t i = 0; i < O; i++) DBG(" %g", T[q * O + i]);
    DBG("\n");
  }
  char msg[256];
  int pst = clm_trainparam_check(tt, &p, msg, sizeof msg);
  CHECK(IN(pst, CLM_OK, CLM_EPARAM));
  char *before = snapshot(net);
  clm_record rec;
  clm_record_init(&rec);
  st = clm_train(net, tt, X, T, Q, &p, &rec);
  CHECK(IN(st, CLM_OK, CLM_ESIZE, CLM_EINF, CLM_ENOSAMPLES, CLM_EPARAM, CLM_EDIVIDE,
           CLM_EBACKEND, CLM_EPERFORM, CLM_ENOMEM));
  if (st == CLM_EPERFORM) CHECK(clm_perform_check(net, tt, msg, sizeof msg) == CLM_EPERFORM);
  if (pst != CLM_OK) CHECK(st == CLM_EPARAM);
  if (st != CLM_OK) {
    same(net, before);
  } else {
    CHECK(rec.num_epochs <= p.epochs && rec.best_epoch <= rec.num_epochs);
    CHECK(rec.stop > CLM_STOP_NONE && rec.stop < CLM_STOP_COUNT_);
    double *wb = malloc(P * sizeof *wb);
    CHECK(wb && clm_getwb(net, wb) == CLM_OK);
    DBG("stop=%s epochs=%zu best=%zu perf0=%g\n", clm_stop_text(rec.stop), rec.num_epochs, rec.best_epoch,
        rec.perf[0]);
    for (size_t i = 0; i < P; i++) DBG(" wb[%zu]=%g", i, wb[i]);
    DBG("\n");
    for (size_t i = 0; i < P; i++) CHECK(isfinite(wb[i]));
    free(wb);
  }
  free(before);
  clm_record_free(&rec);

  /* Evaluation on the (possibly trained) network. */
  {
    double *Y = malloc(O * Q * sizeof *Y), *G = malloc(P * sizeof *G);
    double *J = malloc(O * Q * P * sizeof *J), *E = malloc(O * Q * sizeof *E);
    double *JJ = malloc(P * P * sizeof *JJ), *JE = malloc(P * sizeof *JE);
    CHECK(Y && G && J && E && JJ && JE);
    st = clm_sim(net, X, Q, Y, 1);
    CHECK(IN(st, CLM_OK, CLM_EINF, CLM_ENOMEM));
    double perf, sse;
    size_t nerr;
    st = clm_perform(net, X, T, Q, &perf, &nerr);
    CHECK(IN(st, CLM_OK, CLM_EINF, CLM_ENOSAMPLES, CLM_EPERFORM, CLM_ENOMEM));
    st = clm_gradient(net, X, T, Q, G, &perf);
    CHECK(IN(st, CLM_OK, CLM_EINF, CLM_ENOSAMPLES, CLM_EPERFORM, CLM_ENOMEM));
    st = clm_jacobian(net, X, T, Q, J, E);
    CHECK(IN(st, CLM_OK, CLM_EINF, CLM_ENOSAMPLES, CLM_EPERFORM, CLM_ENOMEM));
    st = clm_jejj(net, X, T, Q, JJ, JE, &sse, &nerr, 1);
    CHECK(IN(st, CLM_OK, CLM_EINF, CLM_ENOSAMPLES, CLM_EPERFORM, CLM_ENOMEM));
    free(Y);
    free(G);
    free(J);
    free(E);
    free(JJ);
    free(JE);
  }
out:
  clm_net_free(net);
  free(X);
  free(T);
  return 0;
}
