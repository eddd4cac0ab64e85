/* chaoslm tests — evaluation core: forward pass, errors, gradient and
 * Jacobian (finite differences), J'e, J'J, determinism across thread counts,
 * and argument checking of the public evaluation functions.
 * GPL-3.0-or-later. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "net_internal.h"
#include "tap.h"
#include "test_rng.h"
#include "eval_check.h"

/* ------------------------------------------------------------ helpers */

/* Weights and data: splitmix64, uniform on [-1,1). */
static uint64_t sm_state;
static double urand(void) { return splitmix_uniform(&sm_state) * 2.0 - 1.0; }

/* A configured network built without clm_configure. */
static clm_net *make_net(size_t nh, const size_t *hs, const clm_transfer *tf, const double *X,
                         size_t R, const double *T, size_t O, size_t Q, uint64_t seed,
                         double wscale) {
  clm_net *net = NULL;
  if (clm_feedforwardnet(&net, nh, hs) != CLM_OK) return NULL;
  for (size_t l = 1; l <= nh + 1; l++) clm_net_set_transfer(net, l, tf[l - 1]);
  if (clm__proc_setup(&net->in, net->in_flags, X, R, Q) != CLM_OK ||
      clm__proc_setup(&net->out, net->out_flags, T, O, Q) != CLM_OK) {
    clm_net_free(net);
    return NULL;
  }
  net->n_inputs = R;
  net->n_outputs = O;
  clm__net_layout(net);
  net->wb = malloc(net->n_wb * sizeof *net->wb);
  net->configured = 1;
  sm_state = seed;
  for (size_t i = 0; i < net->n_wb; i++) net->wb[i] = wscale * urand();
  return net;
}

/* Test data: R = 4 inputs (row 2 constant, removed), O = 3 outputs (row 1
 * constant 0.5, removed), NaN targets, and one sample with a NaN input. */
static dataset make_data(size_t Q, size_t R, size_t O, uint64_t seed, int holes) {
  dataset d = {R, O, Q, malloc(R * Q * sizeof(double)), malloc(O * Q * sizeof(double))};
  sm_state = seed;
  for (size_t q = 0; q < Q; q++) {
    for (size_t i = 0; i < R; i++)
      d.X[q * R + i] = (holes && i == 2 && R > 2) ? 0.3 : 5.0 * (1.0 + (double)i) * urand() + (double)i;
    for (size_t i = 0; i < O; i++)
      d.T[q * O + i] = (holes && i == 1 && O > 1) ? 0.5 : 3.0 * urand() - 1.0;
  }
  if (holes && Q > 5) {
    d.T[0 * O + 0] = NAN;           /* a NaN target */
    d.T[4 * O + (O - 1)] = NAN;     /* another, last output */
    if (O > 1) d.T[2 * O + 1] = NAN; /* NaN in the constant row */
    d.X[3 * R + 0] = NAN;           /* sample 3: all targets treated as NaN */
  }
  return d;
}

static const char *tfname(clm_transfer t) { return clm_transfer_name(t) ? clm_transfer_name(t) : "?"; }

static void test_fd_all(void) {
  dataset d = make_data(11, 4, 3, 42, 1);
  const clm_transfer all[5] = {CLM_TANSIG, CLM_LOGSIG, CLM_PURELIN, CLM_POSLIN, CLM_SOFTMAX};
  double worst_j = 0.0, worst_g = 0.0;
  int nets = 0, zero_ok = 1;
  char where[128] = "";
  /* depth 0: each output transfer function */
  for (int o = 0; o < 5; o++) {
    clm_transfer tf[1] = {all[o]};
    clm_net *net = make_net(0, NULL, tf, d.X, d.R, d.T, d.O, d.Q, 100 + o, 0.8);
    double je, ge;
    int zr;
    fd_check(net, &d, 1, &je, &ge, &zr);
    tap_ok(je < 1e-6 && ge < 1e-6 && zr, "depth 0, output %s: Jacobian rel err %.2e, gradient rel err %.2e, zero rows %s",
           tfname(all[o]), je, ge, zr ? "ok" : "BAD");
    clm_net_free(net);
  }
  /* depth 1: every (hidden, output) pair */
  for (int h = 0; h < 5; h++)
    for (int o = 0; o < 5; o++) {
      size_t hs[1] = {5};
      clm_transfer tf[2] = {all[h], all[o]};
      clm_net *net = make_net(1, hs, tf, d.X, d.R, d.T, d.O, d.Q, 200 + 5 * h + o, 0.8);
      double je, ge;
      int zr;
      fd_check(net, &d, 1, &je, &ge, &zr);
      nets++;
      zero_ok &= zr;
      if (!(je <= worst_j)) {
        worst_j = je;
        snprintf(where, sizeof where, "%s-%s", tfname(all[h]), tfname(all[o]));
      }
      if (!(ge <= worst_g)) worst_g = ge;
      clm_net_free(net);
    }
  tap_ok(worst_j < 1e-6 && worst_g < 1e-6 && zero_ok,
         "depth 1, all %d hidden/output pairs: worst Jacobian rel err %.2e (%s), worst gradient rel err %.2e",
         nets, worst_j, where, worst_g);
  /* depth 2 and 3, mixed functions, every function appears in a hidden slot */
  for (int depth = 2; depth <= 3; depth++)
    for (int v = 0; v < 5; v++) {
      size_t hs[3] = {4, 3, 5};
      clm_transfer tf[4];
      for (int l = 0; l < depth; l++) tf[l] = all[(v + l) % 5];
      tf[depth] = all[(v + 2 * depth) % 5];
      clm_net *net = make_net((size_t)depth, hs, tf, d.X, d.R, d.T, d.O, d.Q, 300 + 10 * depth + v, 0.9);
      double je, ge;
      int zr;
      fd_check(net, &d, 1, &je, &ge, &zr);
      tap_ok(je < 1e-6 && ge < 1e-6 && zr, "depth %d (%s,%s%s%s -> %s): Jacobian rel err %.2e, gradient rel err %.2e",
             depth, tfname(tf[0]), tfname(tf[1]), depth > 2 ? "," : "", depth > 2 ? tfname(tf[2]) : "",
             tfname(tf[depth]), je, ge);
      clm_net_free(net);
    }
  /* one output (K = 1) and one-neuron hidden layers: the S_l = 1 paths */
  {
    dataset d1 = make_data(9, 2, 1, 43, 0);
    d1.T[4] = NAN;
    size_t hs[2] = {1, 6};
    clm_transfer tf[3] = {CLM_LOGSIG, CLM_TANSIG, CLM_PURELIN};
    clm_net *net = make_net(2, hs, tf, d1.X, d1.R, d1.T, d1.O, d1.Q, 88, 0.9);
    double je, ge;
    int zr;
    fd_check(net, &d1, 1, &je, &ge, &zr);
    tap_ok(je < 1e-6 && ge < 1e-6 && zr, "2-1-6-1 net (single output, single-neuron layer): Jacobian rel err %.2e, gradient rel err %.2e", je, ge);
    clm_net_free(net);
    free_data(&d1);
  }
  /* sse performance function */
  {
    size_t hs[1] = {6};
    clm_transfer tf[2] = {CLM_TANSIG, CLM_PURELIN};
    clm_net *net = make_net(1, hs, tf, d.X, d.R, d.T, d.O, d.Q, 77, 0.8);
    clm_net_set_performfcn(net, CLM_SSE);
    double je, ge;
    int zr;
    fd_check(net, &d, 1, &je, &ge, &zr);
    tap_ok(je < 1e-6 && ge < 1e-6 && zr, "sse performance: gradient rel err %.2e", ge);
    clm_net_free(net);
  }
  free_data(&d);
}

/* Several tiles and J blocks: an 8-40-2 net, 300 samples. */
static void test_fd_large(void) {
  dataset d = make_data(300, 8, 2, 9, 1);
  size_t hs[1] = {40};
  clm_transfer tf[2] = {CLM_TANSIG, CLM_PURELIN};
  clm_net *net = make_net(1, hs, tf, d.X, d.R, d.T, d.O, d.Q, 5, 0.5);
  double je, ge;
  int zr;
  fd_check(net, &d, 1, &je, &ge, &zr);
  tap_ok(je < 1e-6 && ge < 1e-6 && zr, "8-40-2 x 300 (several tiles and blocks): Jacobian rel err %.2e, gradient rel err %.2e", je, ge);
  clm_net_free(net);
  free_data(&d);
}

/* J'e, J'J against the dense Jacobian; bit-identity over thread counts. */
static void test_products(void) {
  dataset d = make_data(700, 8, 3, 11, 1);
  size_t hs[2] = {30, 7};
  clm_transfer tf[3] = {CLM_TANSIG, CLM_LOGSIG, CLM_SOFTMAX};
  clm_net *net = make_net(2, hs, tf, d.X, d.R, d.T, d.O, d.Q, 17, 0.7);
  size_t P = net->n_wb, M = d.Q * d.O, Q = d.Q;
  double *J = malloc(M * P * sizeof *J), *E = malloc(M * sizeof *E);
  clm_jacobian(net, d.X, d.T, Q, J, E);
  double *JEd = calloc(P, sizeof *JEd), *JJd = calloc(P * P, sizeof *JJd);
  for (size_t r = 0; r < M; r++) {
    const double *row = J + r * P;
    if (net->out.kept[r % d.O])
      for (size_t p = 0; p < P; p++) JEd[p] += row[p] * E[r];
    for (size_t j = 0; j < P; j++)
      for (size_t i = 0; i <= j; i++) JJd[i + j * P] += row[i] * row[j];
  }
  /* clm__eval_je against J'e */
  double *Xp = malloc(d.R * Q * sizeof *Xp);
  unsigned char *skip = malloc(Q);
  clm__data_prepare(net, d.X, Q, Xp, skip);
  clm_data cd = {Q, Xp, d.T, skip};
  double *JE[3], sse_je[3], sse_s[3];
  size_t cnt_je[3], cnt_s[3];
  for (int t = 0; t < 3; t++) {
    clm_evalws *ws = NULL;
    JE[t] = malloc(P * sizeof(double));
    int st = clm__evalws_alloc(&ws, net, Q, t + 1);
    st |= clm__eval_je(ws, net, net->wb, &cd, NULL, Q, JE[t], &sse_je[t], &cnt_je[t]);
    st |= clm__eval_sse(ws, net, net->wb, &cd, NULL, Q, &sse_s[t], &cnt_s[t]);
    if (st) tap_diag("eval status %d", st);
    clm__evalws_free(ws);
  }
  double mx = 0.0, df = 0.0;
  for (size_t p = 0; p < P; p++) {
    mx = fmax(mx, fabs(JEd[p]));
    df = fmax(df, fabs(JEd[p] - JE[0][p]));
  }
  tap_ok(df / mx < 1e-12, "clm__eval_je equals J'e of the dense Jacobian (rel %.2e)", df / mx);
  tap_ok(!memcmp(JE[0], JE[1], P * sizeof(double)) && !memcmp(JE[0], JE[2], P * sizeof(double)) &&
             sse_je[0] == sse_je[1] && sse_je[0] == sse_je[2],
         "clm__eval_je bit-identical with 1, 2 and 3 threads");
  tap_ok(sse_s[0] == sse_s[1] && sse_s[0] == sse_s[2] && sse_s[0] == sse_je[0] &&
             cnt_s[0] == cnt_je[0] && cnt_s[1] == cnt_s[0],
         "clm__eval_sse bit-identical across threads and equal to eval_je's sse");
  /* count: non-NaN targets of non-skipped samples */
  size_t nv = 0;
  for (size_t q = 0; q < Q; q++)
    if (!sample_skipped(&d, q))
      for (size_t i = 0; i < d.O; i++) nv += !isnan(d.T[q * d.O + i]);
  tap_ok(cnt_s[0] == nv, "count of errors excludes NaN targets and NaN-input samples (%zu)", nv);
  double sse_ref = 0.0;
  for (size_t r = 0; r < M; r++) sse_ref += E[r] * E[r];
  tap_ok(tap_reldiff(sse_ref, sse_s[0], 1e-300) < 1e-12, "sse equals the sum of squared dense errors");

  /* clm_jejj against dense J'J, and across thread counts */
  double *JJ[3], *JEj[3], ssej[3];
  size_t nj[3];
  for (int t = 0; t < 3; t++) {
    JJ[t] = malloc(P * P * sizeof(double));
    JEj[t] = malloc(P * sizeof(double));
    for (size_t i = 0; i < P * P; i++) JJ[t][i] = 12345.0;
    clm_jejj(net, d.X, d.T, Q, JJ[t], JEj[t], &ssej[t], &nj[t], t + 1);
  }
  double jmx = 0.0, jdf = 0.0;
  int lower_ok = 1;
  for (size_t j = 0; j < P; j++)
    for (size_t i = 0; i < P; i++) {
      if (i > j) {
        lower_ok &= JJ[0][i + j * P] == 12345.0;
        continue;
      }
      jmx = fmax(jmx, fabs(JJd[i + j * P]));
      jdf = fmax(jdf, fabs(JJd[i + j * P] - JJ[0][i + j * P]));
    }
  tap_ok(jdf / jmx < 1e-12, "clm_jejj J'J equals the dense J'J (rel %.2e, P = %zu, %zu rows)", jdf / jmx, P, M);
  tap_ok(lower_ok, "clm_jejj leaves the lower triangle untouched");
  df = 0.0;
  for (size_t p = 0; p < P; p++) df = fmax(df, fabs(JEj[0][p] - JEd[p]));
  tap_ok(df / mx < 1e-12 && ssej[0] == sse_s[0] && nj[0] == nv, "clm_jejj J'e, sse and count agree");
  tap_ok(!memcmp(JJ[0], JJ[1], P * P * sizeof(double)) && !memcmp(JJ[0], JJ[2], P * P * sizeof(double)) &&
             !memcmp(JEj[0], JEj[1], P * sizeof(double)) && !memcmp(JEj[0], JEj[2], P * sizeof(double)),
         "clm_jejj bit-identical with 1, 2 and 3 threads");

  /* Index subsets: the even samples give the same sse as a compacted set. */
  {
    size_t n = Q / 2, S0 = net->size[0];
    size_t *idx = malloc(n * sizeof *idx);
    double *Xc = malloc(d.R * n * sizeof *Xc), *Tc = malloc(d.O * n * sizeof *Tc);
    unsigned char *sc = malloc(n);
    for (size_t k = 0; k < n; k++) {
      idx[k] = 2 * k;
      memcpy(Xc + k * S0, Xp + 2 * k * S0, S0 * sizeof(double));
      memcpy(Tc + k * d.O, d.T + 2 * k * d.O, d.O * sizeof(double));
      sc[k] = skip[2 * k];
    }
    clm_data cc = {n, Xc, Tc, sc};
    clm_evalws *ws = NULL;
    double s1, s2, *g1 = malloc(P * sizeof *g1), *g2 = malloc(P * sizeof *g2);
    size_t c1, c2;
    clm__evalws_alloc(&ws, net, Q, 2);
    clm__eval_je(ws, net, net->wb, &cd, idx, n, g1, &s1, &c1);
    clm__eval_je(ws, net, net->wb, &cc, NULL, n, g2, &s2, &c2);
    tap_ok(s1 == s2 && c1 == c2 && !memcmp(g1, g2, P * sizeof(double)),
           "an index subset equals the compacted data set, bit for bit");
    size_t bad = Q;
    int st = clm__eval_sse(ws, net, net->wb, &cd, &bad, 1, &s1, &c1);
    tap_ok(st == CLM_ESIZE, "an out-of-range index gives CLM_ESIZE");
    /* eval_outputs equals clm_sim */
    double *Y1 = malloc(d.O * Q * sizeof *Y1), *Y2 = malloc(d.O * Q * sizeof *Y2);
    clm__eval_outputs(ws, net, net->wb, &cd, NULL, Q, Y1);
    clm_sim(net, d.X, Q, Y2, 3);
    int same = 1;
    for (size_t i = 0; i < d.O * Q; i++) same &= (Y1[i] == Y2[i]) || (isnan(Y1[i]) && isnan(Y2[i]));
    tap_ok(same, "clm__eval_outputs equals clm_sim");
    int nan_ok = 1;
    for (size_t q = 0; q < Q; q++)
      for (size_t i = 0; i < d.O; i++) nan_ok &= sample_skipped(&d, q) == !!isnan(Y2[q * d.O + i]);
    tap_ok(nan_ok, "clm_sim gives NaN outputs exactly for samples with a NaN input");
    clm__evalws_free(ws);
    free(Y1);
    free(Y2);
    free(idx);
    free(Xc);
    free(Tc);
    free(sc);
    free(g1);
    free(g2);
  }

  for (int t = 0; t < 3; t++) {
    free(JE[t]);
    free(JJ[t]);
    free(JEj[t]);
  }
  free(Xp);
  free(skip);
  free(J);
  free(E);
  free(JEd);
  free(JJd);
  clm_net_free(net);
  free_data(&d);
}

/* Argument checking of every public evaluation function. */
static void test_bad_inputs(void) {
  dataset d = make_data(8, 3, 2, 5, 0);
  size_t hs[1] = {3};
  clm_transfer tf[2] = {CLM_TANSIG, CLM_PURELIN};
  clm_net *net = make_net(1, hs, tf, d.X, d.R, d.T, d.O, d.Q, 3, 0.5);
  clm_net *unconf = NULL;
  clm_feedforwardnet(&unconf, 1, hs);
  size_t P = net->n_wb, Q = d.Q, M = Q * d.O;
  double *Xinf = malloc(d.R * Q * sizeof *Xinf), *Tinf = malloc(M * sizeof *Tinf), *Tnan = malloc(M * sizeof *Tnan);
  memcpy(Xinf, d.X, d.R * Q * sizeof *Xinf);
  memcpy(Tinf, d.T, M * sizeof *Tinf);
  Xinf[5] = INFINITY;
  Tinf[3] = -INFINITY;
  for (size_t i = 0; i < M; i++) Tnan[i] = NAN;
  double *out = malloc(M * P * sizeof *out), *out2 = malloc(P * P * sizeof *out2);
  double perf = -7.0, sse = -7.0;
  size_t n = 777;
#define SENT() (void)(perf = -7.0, sse = -7.0, n = 777, memset(out, 0xAB, M * P * sizeof *out), memset(out2, 0xAB, P * P * sizeof *out2))
  struct {
    const char *what;
    int expect;
  } cases[] = {{"NULL net", CLM_ENULL}, {"NULL X", CLM_ENULL}, {"NULL output", CLM_ENULL},
               {"Q = 0", CLM_ESIZE}, {"Inf input", CLM_EINF}, {"unconfigured", CLM_ENOTCONFIGURED},
               {"Inf target", CLM_EINF}, {"all targets NaN", CLM_ENOSAMPLES}, {"NULL T", CLM_ENULL}};
  const int ncase = (int)(sizeof cases / sizeof cases[0]);
  for (int fn = 0; fn < 5; fn++) {
    static const char *names[5] = {"clm_sim", "clm_perform", "clm_gradient", "clm_jacobian", "clm_jejj"};
    int all_ok = 1;
    char msg[256] = "";
    for (int c = 0; c < ncase; c++) {
      if (fn == 0 && c >= 6) continue; /* clm_sim has no targets */
      const clm_net *nt = c == 0 ? NULL : c == 5 ? unconf : net;
      const double *X = c == 1 ? NULL : c == 4 ? Xinf : d.X;
      const double *T = c == 6 ? Tinf : c == 7 ? Tnan : c == 8 ? NULL : d.T;
      size_t q = c == 3 ? 0 : Q;
      int st = -1;
      SENT();
      switch (fn) {
      case 0: st = clm_sim(nt, X, q, c == 2 ? NULL : out, 2); break;
      case 1: st = clm_perform(nt, X, T, q, c == 2 ? NULL : &perf, &n); break;
      case 2: st = clm_gradient(nt, X, T, q, c == 2 ? NULL : out, &perf); break;
      case 3: st = clm_jacobian(nt, X, T, q, c == 2 ? NULL : out, out2); break;
      case 4: st = clm_jejj(nt, X, T, q, c == 2 ? NULL : out, out2, &sse, &n, 2); break;
      }
      int ok = st == cases[c].expect;
      /* outputs untouched on error */
      const unsigned char *b = (const unsigned char *)out, *b2 = (const unsigned char *)out2;
      for (size_t i = 0; i < M * P * sizeof *out; i++) ok &= b[i] == 0xAB;
      for (size_t i = 0; i < P * P * sizeof *out2; i++) ok &= b2[i] == 0xAB;
      ok &= perf == -7.0 && sse == -7.0 && n == 777;
      if (!ok) {
        all_ok = 0;
        snprintf(msg, sizeof msg, " (failed: %s gave %d)", cases[c].what, st);
      }
    }
    tap_ok(all_ok, "%s: NULL, Q = 0, Inf, unconfigured%s each give their status, outputs untouched%s", names[fn],
           fn ? ", Inf/NaN targets" : "", msg);
  }
  /* sse performance with all targets NaN is 0 over 0 errors, not an error */
  clm_net_set_performfcn(net, CLM_SSE);
  int st = clm_perform(net, d.X, Tnan, Q, &perf, &n);
  tap_ok(st == CLM_OK && perf == 0.0 && n == 0, "clm_perform with sse and all targets NaN gives 0 over 0 errors");
  clm_net_free(net);
  clm_net_free(unconf);
  free(Xinf);
  free(Tinf);
  free(Tnan);
  free(out);
  free(out2);
  free_data(&d);
}

/* Sink that copies every J block and error after the previous ones. */
typedef struct jcopy {
  double *J, *e;
  size_t rows, P;
} jcopy;
static int jcopy_sink(void *state, const double *J, const double *e, size_t m, size_t P) {
  jcopy *c = state;
  memcpy(c->J + c->rows * P, J, m * P * sizeof *J);
  memcpy(c->e + c->rows, e, m * sizeof *e);
  c->rows += m;
  return CLM_OK;
}

/* The activation cache: a Jacobian right after an sse at the same weights
 * reads the kept activations and gives the same bits as without a cache;
 * other weights are recomputed; a cache of another shape is refused. */
static void test_activation_cache(void) {
  dataset d = make_data(300, 4, 2, 5, 1);
  size_t hs[1] = {9};
  clm_transfer tf[2] = {CLM_TANSIG, CLM_PURELIN};
  clm_net *net = make_net(1, hs, tf, d.X, d.R, d.T, d.O, d.Q, 3, 0.5);
  size_t P = net->n_wb, Q = d.Q, M = Q * d.O; /* at most M rows: kept outputs only */
  double *Xp = malloc(d.R * Q * sizeof *Xp), *w2 = malloc(P * sizeof *w2);
  unsigned char *skip = malloc(Q);
  clm__data_prepare(net, d.X, Q, Xp, skip);
  clm_data cd = {Q, Xp, d.T, skip};
  for (size_t i = 0; i < P; i++) w2[i] = net->wb[i] * 1.01;
  jcopy ref = {malloc(M * P * sizeof(double)), malloc(M * sizeof(double)), 0, P};
  jcopy got = {malloc(M * P * sizeof(double)), malloc(M * sizeof(double)), 0, P};
  clm_evalws *ws = NULL;
  clm_evalcache *cache = NULL;
  double sse, s_ref, s_got;
  size_t cnt, c_ref, c_got;
  int st = clm__evalws_alloc(&ws, net, Q, 2);
  st |= clm__eval_jacobian(ws, net, w2, &cd, NULL, Q, jcopy_sink, &ref, &s_ref, &c_ref);
  st |= clm__evalcache_alloc(&cache, ws);
  tap_ok(st == CLM_OK && cache != NULL, "an activation cache is made for a small workspace");
  st = clm__evalws_use_cache(ws, cache);
  /* sse at the weights of the Jacobian: reused */
  st |= clm__eval_sse(ws, net, w2, &cd, NULL, Q, &sse, &cnt);
  st |= clm__eval_jacobian(ws, net, w2, &cd, NULL, Q, jcopy_sink, &got, &s_got, &c_got);
  tap_ok(st == CLM_OK && got.rows == ref.rows && s_got == s_ref && c_got == c_ref &&
             !memcmp(got.J, ref.J, ref.rows * P * sizeof(double)) &&
             !memcmp(got.e, ref.e, ref.rows * sizeof(double)),
         "Jacobian from cached activations equals the one without a cache, bit for bit");
  /* sse at other weights, Jacobian at w2: the cache does not match, J is recomputed */
  got.rows = 0;
  st = clm__eval_sse(ws, net, net->wb, &cd, NULL, Q, &sse, &cnt);
  st |= clm__eval_jacobian(ws, net, w2, &cd, NULL, Q, jcopy_sink, &got, &s_got, &c_got);
  tap_ok(st == CLM_OK && got.rows == ref.rows && !memcmp(got.J, ref.J, ref.rows * P * sizeof(double)) &&
             s_got == s_ref,
         "a cache filled at other weights is not used");
  /* proof that the cache is read: change the inputs behind its back (which
   * callers must not do) between the sse and the Jacobian; the cached
   * activations then disagree with a fresh Jacobian on the new inputs */
  {
    jcopy fresh = {malloc(M * P * sizeof(double)), malloc(M * sizeof(double)), 0, P};
    got.rows = 0;
    st = clm__eval_sse(ws, net, w2, &cd, NULL, Q, &sse, &cnt);
    for (size_t i = 0; i < net->size[0] * Q; i++) Xp[i] += 0.25;
    st |= clm__eval_jacobian(ws, net, w2, &cd, NULL, Q, jcopy_sink, &got, &s_got, &c_got);
    clm__evalws_use_cache(ws, NULL);
    st |= clm__eval_jacobian(ws, net, w2, &cd, NULL, Q, jcopy_sink, &fresh, &sse, &cnt);
    tap_ok(st == CLM_OK && s_got != sse, "the Jacobian after an sse at the same weights reads the cache");
    for (size_t i = 0; i < net->size[0] * Q; i++) Xp[i] -= 0.25;
    clm__evalws_use_cache(ws, cache);
    free(fresh.J);
    free(fresh.e);
  }
  /* a workspace of another size refuses the cache */
  clm_evalws *ws2 = NULL;
  clm__evalws_alloc(&ws2, net, Q / 2, 1);
  tap_ok(clm__evalws_use_cache(ws2, cache) == CLM_ESIZE, "a cache made for another workspace is refused");
  tap_ok(clm__evalws_use_cache(ws, NULL) == CLM_OK, "a cache can be detached");
  clm__evalws_free(ws2);
  clm__evalws_free(ws);
  clm__evalcache_free(cache);
  free(ref.J);
  free(ref.e);
  free(got.J);
  free(got.e);
  free(Xp);
  free(w2);
  free(skip);
  clm_net_free(net);
  free_data(&d);
}

int main(void) {
  test_fd_all();
  test_fd_large();
  test_products();
  test_activation_cache();
  test_bad_inputs();
  return tap_done();
}
