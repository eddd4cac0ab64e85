/* chaoslm tests — the bad-input matrix.
 *
 * Every public function of include/chaoslm/ (every header) is called with bad input:
 * NULL pointers, zero and huge sizes (SIZE_MAX, Q*R overflow), NaN and Inf
 * in inputs and targets, constant rows, values that overflow tansig/logsig
 * (1e308), singular J'J (duplicate samples, zero inputs), mu overflow,
 * epochs = 0, a negative goal, every invalid trainer and chaos parameter,
 * truncated and corrupted model files and wrong file versions.
 *
 * Each case checks that the call returns the status its header documents
 * and, where a network is passed, that the network is unchanged: its file
 * text (clm_net_save_buffer) is compared before and after, or for an
 * unconfigured network its accessors.  A crash would end the program before
 * the plan, which the TAP driver reports as an error.  The number of cases
 * is printed at the end ("# bad-input cases: N").  GPL-3.0-or-later.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "tap.h"
#include "chaoslm.h"

/* Each section runs in a child process, so that a crash in one section is
 * reported as one failing case and the other sections still run.  The TAP
 * counters live in shared memory so that the parent continues the
 * numbering. */
static struct counts {
  int n, fail;
} *shared;

static int sync_counts(int r) {
  if (shared) {
    shared->n = tap_n_;
    shared->fail = tap_fail_;
  }
  return r;
}
#define T_OK(...) sync_counts(tap_ok(__VA_ARGS__))

static void run_section(const char *name, void (*fn)(void)) {
  fflush(stdout);
  sync_counts(0);
  pid_t pid = shared ? fork() : -1;
  if (pid == 0) {
    fn();
    fflush(stdout);
    exit(0); /* lets LeakSanitizer and valgrind check this child */
  }
  if (pid < 0) { /* no fork: run in-process */
    fn();
    return;
  }
  int ws = 0;
  while (waitpid(pid, &ws, 0) < 0) {
  }
  tap_n_ = shared->n;
  tap_fail_ = shared->fail;
  if (WIFSIGNALED(ws))
    T_OK(0, "section %s: killed by signal %d (crash)", name, WTERMSIG(ws));
  else if (WEXITSTATUS(ws) != 0)
    T_OK(0, "section %s: exit status %d (sanitizer or valgrind report)", name, WEXITSTATUS(ws));
  else
    T_OK(1, "section %s: no crash, no leak report", name);
}

/* ------------------------------------------------------------------ */
/* Fixture                                                              */

#define R 3
#define O 2
#define Q 12
static double X[R * Q], T[O * Q];

static void make_data(void) {
  for (size_t q = 0; q < Q; q++) {
    double a = (double)q / (Q - 1), b = sin(3.0 * (double)q), c = (double)(q % 4);
    X[q * R + 0] = a;
    X[q * R + 1] = b;
    X[q * R + 2] = c;
    T[q * O + 0] = a * b + 0.5 * c;
    T[q * O + 1] = cos(a + b);
  }
}

static clm_net *fresh(void) {
  size_t h = 4;
  clm_net *net = NULL;
  if (clm_feedforwardnet(&net, 1, &h) != CLM_OK) return NULL;
  if (clm_configure(net, X, R, T, O, Q, 7) != CLM_OK) {
    clm_net_free(net);
    return NULL;
  }
  return net;
}

/* A description of the network that changes whenever anything visible
 * changes: the file text when configured, else the accessors. */
static char *snap(const clm_net *net) {
  if (!net) return NULL;
  if (clm_net_is_configured(net)) {
    char *t = NULL;
    size_t n;
    if (clm_net_save_buffer(net, &t, &n) != CLM_OK) return NULL;
    return t;
  }
  char *t = malloc(512);
  if (!t) return NULL;
  double a, b, c;
  clm_net_divide_ratios(net, &a, &b, &c);
  int k = snprintf(t, 512, "L=%zu tf1=%d init=%d perf=%d div=%d %.17g %.17g %.17g fcn=%s sizes",
                   clm_net_num_layers(net), (int)clm_net_transfer(net, 1),
                   (int)clm_net_initfcn(net), (int)clm_net_performfcn(net),
                   (int)clm_net_dividefcn(net), a, b, c, clm_net_trainfcn(net));
  for (size_t l = 1; l <= clm_net_num_layers(net) && k < 480; l++)
    k += snprintf(t + k, (size_t)(512 - k), " %zu/%d", clm_net_layer_size(net, l),
                  (int)clm_net_transfer(net, l));
  return t;
}

static int same(const clm_net *net, const char *before) {
  char *after = snap(net);
  int ok = before && after && strcmp(before, after) == 0;
  free(after);
  return ok;
}

/* One case: evaluate `call` on `net` (may be NULL), check the status and
 * that `net` is unchanged. */
#define CASE(net, call, want)                                                           \
  do {                                                                                  \
    char *b_ = snap(net);                                                               \
    int st_ = (call);                                                                   \
    int un_ = (net) == NULL || same((net), b_);                                         \
    T_OK(st_ == (want) && un_, "%s -> %s%s", #call, clm_status_name(st_),             \
           un_ ? "" : " (network CHANGED)");                                            \
    if (st_ != (want)) tap_diag("expected %s", clm_status_name(want));                 \
    free(b_);                                                                           \
  } while (0)

/* As CASE, when two statuses are both documented (e.g. ESIZE or ENOMEM for
 * a size that might be allocatable on a big machine). */
#define CASE2(net, call, want1, want2)                                                  \
  do {                                                                                  \
    char *b_ = snap(net);                                                               \
    int st_ = (call);                                                                   \
    int un_ = (net) == NULL || same((net), b_);                                         \
    T_OK((st_ == (want1) || st_ == (want2)) && un_, "%s -> %s%s", #call,              \
           clm_status_name(st_), un_ ? "" : " (network CHANGED)");                      \
    free(b_);                                                                           \
  } while (0)

static int all_finite(const double *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isfinite(v[i])) return 0;
  return 1;
}

/* ------------------------------------------------------------------ */
/* status.h, chaoslm.h, name helpers                                    */

static void test_names(void) {
  T_OK(strcmp(clm_strerror(-1), "unknown status") == 0, "clm_strerror(-1)");
  T_OK(strcmp(clm_strerror(1 << 30), "unknown status") == 0, "clm_strerror(huge)");
  T_OK(strcmp(clm_strerror(CLM_STATUS_COUNT_), "unknown status") == 0, "clm_strerror(COUNT)");
  T_OK(strcmp(clm_status_name(-5), "CLM_UNKNOWN") == 0, "clm_status_name(-5)");
  T_OK(strcmp(clm_status_name(CLM_STATUS_COUNT_), "CLM_UNKNOWN") == 0, "clm_status_name(COUNT)");
  int all = 1;
  for (int s = 0; s < CLM_STATUS_COUNT_; s++)
    if (!clm_strerror(s)[0] || strncmp(clm_status_name(s), "CLM_", 4) != 0) all = 0;
  T_OK(all, "every status has a message and a name");
  T_OK(clm_version() && clm_version()[0], "clm_version non-empty");

  T_OK(clm_transfer_name((clm_transfer)-1) == NULL, "clm_transfer_name(-1) NULL");
  T_OK(clm_transfer_name(CLM_TRANSFER_COUNT_) == NULL, "clm_transfer_name(COUNT) NULL");
  T_OK(clm_initfcn_name(CLM_INITFCN_COUNT_) == NULL, "clm_initfcn_name(COUNT) NULL");
  T_OK(clm_dividefcn_name(CLM_DIVIDEFCN_COUNT_) == NULL, "clm_dividefcn_name(COUNT) NULL");
  T_OK(clm_performfcn_name(CLM_PERFORMFCN_COUNT_) == NULL, "clm_performfcn_name(COUNT) NULL");
  T_OK(clm_initfcn_name((clm_initfcn)-7) == NULL, "clm_initfcn_name(-7) NULL");

  clm_transfer tf = CLM_LOGSIG;
  clm_initfcn fi = CLM_RANDS;
  clm_dividefcn fd = CLM_DIVIDEINT;
  clm_performfcn fp = CLM_SSE;
  CASE(NULL, clm_transfer_from_name(NULL, &tf), CLM_ENULL);
  CASE(NULL, clm_transfer_from_name("tansig", NULL), CLM_ENULL);
  CASE(NULL, clm_transfer_from_name("Tansig", &tf), CLM_ETRANSFER);
  CASE(NULL, clm_transfer_from_name("", &tf), CLM_ETRANSFER);
  CASE(NULL, clm_transfer_from_name("tansig ", &tf), CLM_ETRANSFER);
  T_OK(tf == CLM_LOGSIG, "transfer_from_name failures leave *tf");
  CASE(NULL, clm_initfcn_from_name(NULL, &fi), CLM_ENULL);
  CASE(NULL, clm_initfcn_from_name("initnw", NULL), CLM_ENULL);
  CASE(NULL, clm_initfcn_from_name("nosuch", &fi), CLM_EINVAL);
  CASE(NULL, clm_dividefcn_from_name(NULL, &fd), CLM_ENULL);
  CASE(NULL, clm_dividefcn_from_name("dividerand", NULL), CLM_ENULL);
  CASE(NULL, clm_dividefcn_from_name("DIVIDERAND", &fd), CLM_EINVAL);
  CASE(NULL, clm_performfcn_from_name(NULL, &fp), CLM_ENULL);
  CASE(NULL, clm_performfcn_from_name("mse", NULL), CLM_ENULL);
  CASE(NULL, clm_performfcn_from_name("sae", &fp), CLM_EINVAL);
  T_OK(fi == CLM_RANDS && fd == CLM_DIVIDEINT && fp == CLM_SSE, "from_name failures leave *out");

  T_OK(clm_trainer_name(NULL) == NULL, "clm_trainer_name(NULL) NULL");
  T_OK(clm_trainer_from_name(NULL) == NULL, "clm_trainer_from_name(NULL) NULL");
  T_OK(clm_trainer_from_name("trainbfg") == NULL, "clm_trainer_from_name(trainbfg) NULL");
  T_OK(clm_trainer_from_name("") == NULL, "clm_trainer_from_name(\"\") NULL");
  T_OK(clm_backend_name(CLM_BACKEND_COUNT_) == NULL || clm_backend_name(CLM_BACKEND_COUNT_)[0] != '\0',
         "clm_backend_name(COUNT) does not crash");
  T_OK(clm_backend_name((clm_backend)-1) == NULL || clm_backend_name((clm_backend)-1)[0] != '\0',
         "clm_backend_name(-1) does not crash");
  T_OK(clm_stop_text(CLM_STOP_COUNT_) != NULL || 1, "clm_stop_text(COUNT) does not crash");
  T_OK(clm_stop_text((clm_stop)-1) != NULL || 1, "clm_stop_text(-1) does not crash");
  char why[8];
  int av = clm_linsolver_available(CLM_BACKEND_COUNT_, why, sizeof why);
  T_OK(av == 0, "clm_linsolver_available(COUNT) = 0");
  av = clm_linsolver_available((clm_backend)-3, NULL, 0);
  T_OK(av == 0, "clm_linsolver_available(-3, NULL, 0) = 0");
  av = clm_linsolver_available(CLM_BACKEND_GPU, why, 1);
  T_OK((av == 0 || av == 1) && why[0] == '\0', "clm_linsolver_available(GPU, why, 1) truncates");
  T_OK(clm_linsolver_available(CLM_BACKEND_CPU, NULL, 0) == 1, "CPU backend always available");
}

/* ------------------------------------------------------------------ */
/* Creation and settings                                                */

static void test_create(void) {
  clm_net *net = (clm_net *)&net;
  size_t h[70];
  for (size_t i = 0; i < 70; i++) h[i] = 2;
  CASE(NULL, clm_feedforwardnet(NULL, 1, h), CLM_ENULL);
  CASE(NULL, clm_feedforwardnet(&net, 1, NULL), CLM_ENULL);
  T_OK(net == NULL, "feedforwardnet: *out NULL on error");
  size_t zero = 0, huge = SIZE_MAX;
  CASE(NULL, clm_feedforwardnet(&net, 1, &zero), CLM_ESIZE);
  CASE2(NULL, clm_feedforwardnet(&net, 1, &huge), CLM_ESIZE, CLM_ENOMEM);
  CASE(NULL, clm_feedforwardnet(&net, 64, h), CLM_ESIZE);
  CASE(NULL, clm_feedforwardnet(&net, 70, h), CLM_ESIZE);
  CASE(NULL, clm_feedforwardnet(&net, SIZE_MAX, h), CLM_ESIZE);
  CASE(NULL, clm_feedforwardnet(&net, SIZE_MAX / sizeof(size_t) + 2, h), CLM_ESIZE);
  h[1] = 0;
  CASE(NULL, clm_feedforwardnet(&net, 3, h), CLM_ESIZE);
  T_OK(net == NULL, "feedforwardnet: *out NULL after the size errors");
  CASE(NULL, clm_feedforwardnet(&net, 0, NULL), CLM_OK);
  clm_net_free(net);
  net = (clm_net *)&net;
  CASE(NULL, clm_cascadeforwardnet(NULL, 1, h), CLM_ENULL);
  CASE(NULL, clm_cascadeforwardnet(&net, 1, NULL), CLM_ENULL);
  CASE(NULL, clm_cascadeforwardnet(&net, 1, &zero), CLM_ESIZE);
  CASE2(NULL, clm_cascadeforwardnet(&net, 1, &huge), CLM_ESIZE, CLM_ENOMEM);
  CASE(NULL, clm_cascadeforwardnet(&net, 64, h), CLM_ESIZE);
  CASE(NULL, clm_cascadeforwardnet(&net, SIZE_MAX, h), CLM_ESIZE);
  CASE(NULL, clm_cascadeforwardnet(&net, 3, h), CLM_ESIZE);
  T_OK(net == NULL, "cascadeforwardnet: *out NULL after the errors");
  CASE(NULL, clm_cascadeforwardnet(&net, 0, NULL), CLM_OK);
  clm_net_free(net);
  clm_net_free(NULL);
  T_OK(1, "clm_net_free(NULL)");

  /* Setters on an unconfigured network. */
  h[0] = 3;
  net = NULL;
  clm_feedforwardnet(&net, 1, h);
  CASE(net, clm_net_set_transfer(NULL, 1, CLM_TANSIG), CLM_ENULL);
  CASE(net, clm_net_set_transfer(net, 0, CLM_TANSIG), CLM_ESIZE);
  CASE(net, clm_net_set_transfer(net, 3, CLM_TANSIG), CLM_ESIZE);
  CASE(net, clm_net_set_transfer(net, SIZE_MAX, CLM_TANSIG), CLM_ESIZE);
  CASE(net, clm_net_set_transfer(net, 1, CLM_TRANSFER_COUNT_), CLM_ETRANSFER);
  CASE(net, clm_net_set_transfer(net, 1, (clm_transfer)-1), CLM_ETRANSFER);
  CASE(net, clm_net_set_transfer(net, 1, (clm_transfer)1000000), CLM_ETRANSFER);
  CASE(net, clm_net_set_initfcn(NULL, CLM_RANDS), CLM_ENULL);
  CASE(net, clm_net_set_initfcn(net, CLM_INITFCN_COUNT_), CLM_EINVAL);
  CASE(net, clm_net_set_initfcn(net, (clm_initfcn)-2), CLM_EINVAL);
  CASE(net, clm_net_set_processing(NULL, 3, 3), CLM_ENULL);
  CASE(net, clm_net_set_processing(net, 4, 3), CLM_EINVAL);
  CASE(net, clm_net_set_processing(net, 3, 0x80000000u), CLM_EINVAL);
  CASE(net, clm_net_set_performfcn(NULL, CLM_SSE), CLM_ENULL);
  CASE(net, clm_net_set_performfcn(net, CLM_PERFORMFCN_COUNT_), CLM_EINVAL);
  CASE(net, clm_net_set_performfcn(net, (clm_performfcn)-1), CLM_EINVAL);
  CASE(net, clm_net_set_trainfcn(NULL, "trainlm"), CLM_ENULL);
  CASE(net, clm_net_set_trainfcn(net, NULL), CLM_ENULL);
  CASE(net, clm_net_set_trainfcn(net, "trainbfg"), CLM_ETRAINER);
  CASE(net, clm_net_set_trainfcn(net, ""), CLM_ETRAINER);
  CASE(net, clm_net_set_divide(NULL, CLM_DIVIDERAND, .7, .15, .15), CLM_ENULL);
  CASE(net, clm_net_set_divide(net, CLM_DIVIDEFCN_COUNT_, .7, .15, .15), CLM_EDIVIDE);
  CASE(net, clm_net_set_divide(net, (clm_dividefcn)-1, .7, .15, .15), CLM_EDIVIDE);
  CASE(net, clm_net_set_divide(net, CLM_DIVIDERAND, -0.1, .5, .6), CLM_EDIVIDE);
  CASE(net, clm_net_set_divide(net, CLM_DIVIDERAND, 0, 0, 0), CLM_EDIVIDE);
  CASE(net, clm_net_set_divide(net, CLM_DIVIDERAND, NAN, .15, .15), CLM_EDIVIDE);
  CASE(net, clm_net_set_divide(net, CLM_DIVIDEBLOCK, INFINITY, .15, .15), CLM_EDIVIDE);
  CASE(net, clm_net_set_divide(net, CLM_DIVIDEINT, .7, -INFINITY, .15), CLM_EDIVIDE);
  CASE(net, clm_net_set_divide(net, CLM_DIVIDERAND, DBL_MAX, DBL_MAX, DBL_MAX), CLM_EDIVIDE);
  size_t a[2] = {0, 1}, b[1] = {2};
  CASE(net, clm_net_set_divideind(NULL, a, 2, b, 1, NULL, 0), CLM_ENULL);
  CASE(net, clm_net_set_divideind(net, NULL, 2, b, 1, NULL, 0), CLM_ENULL);
  CASE(net, clm_net_set_divideind(net, a, 2, NULL, 1, NULL, 0), CLM_ENULL);
  CASE(net, clm_net_set_divideind(net, a, 2, b, 1, NULL, 3), CLM_ENULL);
  CASE(net, clm_net_set_divideind(net, a, 0, b, 1, NULL, 0), CLM_EDIVIDE);
  CASE2(net, clm_net_set_divideind(net, a, SIZE_MAX, b, 1, NULL, 0), CLM_EDIVIDE, CLM_ENOMEM);
  CASE2(net, clm_net_set_divideind(net, a, SIZE_MAX / 4, b, 1, NULL, 0), CLM_EDIVIDE, CLM_ENOMEM);

  /* Accessors on NULL and out of range. */
  T_OK(clm_net_num_layers(NULL) == 0, "num_layers(NULL) = 0");
  T_OK(clm_net_layer_size(NULL, 1) == 0, "layer_size(NULL) = 0");
  T_OK(clm_net_layer_size(net, 0) == 0 && clm_net_layer_size(net, 3) == 0 &&
             clm_net_layer_size(net, SIZE_MAX) == 0,
         "layer_size out of range = 0");
  T_OK(clm_net_layer_size(net, 2) == 0, "layer_size(output) = 0 before configure");
  T_OK(clm_net_transfer(NULL, 1) == CLM_TRANSFER_COUNT_ && clm_net_transfer(net, 0) == CLM_TRANSFER_COUNT_ &&
             clm_net_transfer(net, 99) == CLM_TRANSFER_COUNT_,
         "transfer out of range = COUNT");
  T_OK(clm_net_num_inputs(NULL) == 0 && clm_net_num_outputs(NULL) == 0 &&
             clm_net_num_weights(NULL) == 0 && clm_net_is_configured(NULL) == 0,
         "counts of NULL = 0");
  T_OK(clm_net_num_inputs(net) == 0 && clm_net_num_weights(net) == 0 && !clm_net_is_configured(net),
         "counts of an unconfigured net = 0");
  double r1 = -1, r2 = -1, r3 = -1;
  clm_net_divide_ratios(NULL, &r1, &r2, &r3);
  clm_net_divide_ratios(net, NULL, NULL, NULL);
  T_OK(1, "divide_ratios with NULL arguments");
  (void)clm_net_initfcn(NULL);
  (void)clm_net_performfcn(NULL);
  (void)clm_net_dividefcn(NULL);
  T_OK(clm_net_trainfcn(NULL) == NULL || clm_net_trainfcn(NULL)[0] != 'x', "enum accessors of NULL");
  T_OK(!clm_net_input_connect(NULL, 1) && !clm_net_input_connect(net, 0) && !clm_net_input_connect(net, 3) &&
           !clm_net_input_connect(net, SIZE_MAX) && !clm_net_layer_connect(NULL, 2, 1) &&
           !clm_net_layer_connect(net, 2, 2) && !clm_net_layer_connect(net, SIZE_MAX, 1) &&
           !clm_net_layer_connect(net, 2, SIZE_MAX),
       "input_connect / layer_connect of NULL and out of range = 0");
  {
    size_t o = 0, r = 0, c = 0;
    CASE(net, clm_net_bias_block(NULL, 1, &o, &r), CLM_ENULL);
    CASE(net, clm_net_bias_block(net, 1, NULL, &r), CLM_ENULL);
    CASE(net, clm_net_bias_block(net, SIZE_MAX, &o, &r), CLM_ESIZE);
    CASE(net, clm_net_iw_block(net, 1, &o, &r, NULL), CLM_ENULL);
    CASE(net, clm_net_iw_block(net, 0, &o, &r, &c), CLM_ESIZE);
    CASE(net, clm_net_lw_block(net, 2, 1, NULL, &r, &c), CLM_ENULL);
    CASE(net, clm_net_lw_block(net, SIZE_MAX, 1, &o, &r, &c), CLM_ESIZE);
    CASE(net, clm_net_lw_block(net, 2, SIZE_MAX, &o, &r, &c), CLM_ESIZE);
    CASE(net, clm_net_lw_block(net, 1, 2, &o, &r, &c), CLM_EINVAL);
  }

  /* Functions that need a configured network. */
  double wb[64] = {0}, out[8];
  size_t idx[Q], n1, n2, n3;
  int kept;
  double xo, g;
  CASE(net, clm_init(net, 1), CLM_ENOTCONFIGURED);
  CASE(net, clm_getwb(net, wb), CLM_ENOTCONFIGURED);
  CASE(net, clm_setwb(net, wb), CLM_ENOTCONFIGURED);
  CASE(net, clm_net_processing(net, 0, 0, &kept, &xo, &g), CLM_ENOTCONFIGURED);
  CASE(net, clm_net_bias_block(net, 1, &n1, &n2), CLM_ENOTCONFIGURED);
  CASE(net, clm_net_iw_block(net, 1, &n1, &n2, &n3), CLM_ENOTCONFIGURED);
  CASE(net, clm_net_lw_block(net, 2, 1, &n1, &n2, &n3), CLM_ENOTCONFIGURED);
  CASE(net, clm_sim(net, X, Q, out, 1), CLM_ENOTCONFIGURED);
  CASE(net, clm_perform(net, X, T, Q, out, NULL), CLM_ENOTCONFIGURED);
  CASE(net, clm_gradient(net, X, T, Q, wb, NULL), CLM_ENOTCONFIGURED);
  CASE(net, clm_jacobian(net, X, T, Q, wb, NULL), CLM_ENOTCONFIGURED);
  CASE(net, clm_jejj(net, X, T, Q, wb, wb, out, &n1, 1), CLM_ENOTCONFIGURED);
  char *text = (char *)1;
  size_t len = 5;
  CASE(net, clm_net_save_buffer(net, &text, &len), CLM_ENOTCONFIGURED);
  CASE(net, clm_net_save(net, "/nonexistent-dir/x.clm"), CLM_ENOTCONFIGURED);
  CASE(net, clm_train(net, clm_trainlm, X, T, Q, NULL, NULL), CLM_ENOTCONFIGURED);
  CASE(net, clm_initchaos(net, X, T, Q, NULL, 1, 1, NULL, NULL), CLM_ENOTCONFIGURED);
  (void)idx;
  (void)n2;
  (void)n3;

  /* clm_net_copy */
  clm_net *c = (clm_net *)&c;
  CASE(net, clm_net_copy(NULL, &c), CLM_ENULL);
  T_OK(c == NULL, "net_copy: *out NULL on error");
  CASE(net, clm_net_copy(net, NULL), CLM_ENULL);
  CASE(net, clm_net_copy(net, &c), CLM_OK);
  char *s1 = snap(net), *s2 = snap(c);
  T_OK(s1 && s2 && strcmp(s1, s2) == 0, "net_copy of an unconfigured net is equal");
  free(s1);
  free(s2);
  clm_net_free(c);
  clm_net_free(net);
}

/* ------------------------------------------------------------------ */
/* configure / init                                                     */

static void test_configure(void) {
  size_t h = 3;
  clm_net *net = NULL;
  clm_feedforwardnet(&net, 1, &h);
  double Xb[R * Q], Tb[O * Q];
  CASE(net, clm_configure(NULL, X, R, T, O, Q, 1), CLM_ENULL);
  CASE(net, clm_configure(net, NULL, R, T, O, Q, 1), CLM_ENULL);
  CASE(net, clm_configure(net, X, R, NULL, O, Q, 1), CLM_ENULL);
  CASE(net, clm_configure(net, X, 0, T, O, Q, 1), CLM_ESIZE);
  CASE(net, clm_configure(net, X, R, T, 0, Q, 1), CLM_ESIZE);
  CASE(net, clm_configure(net, X, R, T, O, 0, 1), CLM_ESIZE);
  CASE(net, clm_configure(net, X, SIZE_MAX, T, O, Q, 1), CLM_ESIZE);
  CASE(net, clm_configure(net, X, R, T, SIZE_MAX, Q, 1), CLM_ESIZE);
  memcpy(Xb, X, sizeof Xb);
  Xb[5] = INFINITY;
  CASE(net, clm_configure(net, Xb, R, T, O, Q, 1), CLM_EINF);
  Xb[5] = -INFINITY;
  CASE(net, clm_configure(net, Xb, R, T, O, Q, 1), CLM_EINF);
  memcpy(Tb, T, sizeof Tb);
  Tb[3] = INFINITY;
  CASE(net, clm_configure(net, X, R, Tb, O, Q, 1), CLM_EINF);
  for (size_t i = 0; i < O * Q; i++) Tb[i] = NAN;
  CASE(net, clm_configure(net, X, R, Tb, O, Q, 1), CLM_ENOSAMPLES);
  T_OK(!clm_net_is_configured(net), "configure failures leave the net unconfigured");

  /* NaN inputs are allowed (ignored for the ranges). */
  memcpy(Xb, X, sizeof Xb);
  Xb[0] = NAN;
  Xb[R + 1] = NAN;
  clm_net *n2 = NULL;
  clm_net_copy(net, &n2);
  CASE(NULL, clm_configure(n2, Xb, R, T, O, Q, 1), CLM_OK);
  double wb[256];
  T_OK(clm_getwb(n2, wb) == CLM_OK && all_finite(wb, clm_net_num_weights(n2)),
         "configure with NaN inputs: finite weights");
  /* Constant input row and constant target row: removed, not a crash. */
  for (size_t q = 0; q < Q; q++) Xb[q * R + 1] = 4.0;
  CASE(NULL, clm_configure(n2, Xb, R, T, O, Q, 2), CLM_OK);
  int kept = -1;
  double xo = 0, g = 1;
  CASE(n2, clm_net_processing(n2, 0, 1, &kept, &xo, &g), CLM_OK);
  T_OK(kept == 0 && xo == 4.0 && g == 0.0, "constant input row removed (xoffset 4, gain 0)");
  CASE(n2, clm_net_processing(NULL, 0, 1, &kept, &xo, &g), CLM_ENULL);
  CASE(n2, clm_net_processing(n2, 0, 1, NULL, &xo, &g), CLM_ENULL);
  CASE(n2, clm_net_processing(n2, 0, 1, &kept, NULL, &g), CLM_ENULL);
  CASE(n2, clm_net_processing(n2, 0, 1, &kept, &xo, NULL), CLM_ENULL);
  CASE(n2, clm_net_processing(n2, 0, R, &kept, &xo, &g), CLM_ESIZE);
  CASE(n2, clm_net_processing(n2, 1, O, &kept, &xo, &g), CLM_ESIZE);
  CASE(n2, clm_net_processing(n2, 0, SIZE_MAX, &kept, &xo, &g), CLM_ESIZE);
  CASE2(n2, clm_net_processing(n2, 2, 0, &kept, &xo, &g), CLM_EINVAL, CLM_ESIZE);
  CASE2(n2, clm_net_processing(n2, -1, 0, &kept, &xo, &g), CLM_EINVAL, CLM_ESIZE);

  /* Every input row constant; every target row constant. */
  for (size_t i = 0; i < R * Q; i++) Xb[i] = 1.5;
  int st = clm_configure(n2, Xb, R, T, O, Q, 3);
  T_OK(st == CLM_OK || st == CLM_ESIZE, "configure with every input row constant: %s",
         clm_status_name(st));
  if (st == CLM_OK) {
    double Y[O * Q];
    CASE(n2, clm_sim(n2, Xb, Q, Y, 1), CLM_OK);
    T_OK(all_finite(Y, O * Q), "sim with no kept inputs: finite outputs");
  }
  for (size_t i = 0; i < O * Q; i++) Tb[i] = -2.0;
  st = clm_configure(n2, X, R, Tb, O, Q, 3);
  T_OK(st == CLM_OK || st == CLM_ESIZE || st == CLM_ENOSAMPLES, "configure with every target row constant: %s",
         clm_status_name(st));
  if (st == CLM_OK) {
    /* A configured network must survive a save/load round trip. */
    char *t = NULL;
    size_t n = 0;
    clm_net *back = NULL;
    CASE(n2, clm_net_save_buffer(n2, &t, &n), CLM_OK);
    CASE(NULL, clm_net_load_buffer(t, n, &back), CLM_OK);
    free(t);
    clm_net_free(back);
  }
  /* 1e308 inputs: the ranges overflow (max - min = Inf). */
  for (size_t q = 0; q < Q; q++) Xb[q * R + 0] = (q % 2 ? 1e308 : -1e308);
  for (size_t q = 0; q < Q; q++) Xb[q * R + 1] = X[q * R + 1];
  st = clm_configure(n2, Xb, R, T, O, Q, 4);
  T_OK(st == CLM_OK || st == CLM_EINF, "configure with +-1e308 inputs: %s", clm_status_name(st));
  if (st == CLM_OK) {
    T_OK(clm_getwb(n2, wb) == CLM_OK && all_finite(wb, clm_net_num_weights(n2)),
           "configure with +-1e308 inputs: finite weights");
    double Y[O * Q];
    CASE(n2, clm_sim(n2, Xb, Q, Y, 1), CLM_OK);
    T_OK(all_finite(Y, O * Q), "sim on +-1e308 inputs: finite outputs");
  }
  clm_net_free(n2);

  CASE(NULL, clm_init(NULL, 1), CLM_ENULL);
  /* Sizes whose products R*Q or O*Q overflow: ESIZE before any read. */
  CASE(net, clm_configure(net, X, R, T, O, SIZE_MAX, 1), CLM_ESIZE);
  CASE(net, clm_configure(net, X, R, T, O, SIZE_MAX / 2, 1), CLM_ESIZE);
  CASE(net, clm_configure(net, X, 1u << 20, T, O, (SIZE_MAX >> 20) + 2, 1), CLM_ESIZE);
  CASE(net, clm_configure(net, X, R, T, 1u << 20, (SIZE_MAX >> 20) + 2, 1), CLM_ESIZE);
  clm_net_free(net);
}

/* ------------------------------------------------------------------ */
/* Weights and evaluation                                               */

static void test_eval(void) {
  clm_net *net = fresh();
  T_OK(net != NULL, "fixture 3-4-2 configured");
  if (!net) return;
  size_t P = clm_net_num_weights(net);
  double *wb = malloc(P * sizeof *wb), *bad = malloc(P * sizeof *bad);
  clm_getwb(net, wb);
  CASE(net, clm_getwb(NULL, wb), CLM_ENULL);
  CASE(net, clm_getwb(net, NULL), CLM_ENULL);
  CASE(net, clm_setwb(NULL, wb), CLM_ENULL);
  CASE(net, clm_setwb(net, NULL), CLM_ENULL);
  memcpy(bad, wb, P * sizeof *bad);
  bad[P - 1] = NAN;
  CASE(net, clm_setwb(net, bad), CLM_ENAN);
  bad[P - 1] = INFINITY;
  CASE(net, clm_setwb(net, bad), CLM_EINF);
  bad[0] = -INFINITY;
  bad[P - 1] = 0;
  CASE(net, clm_setwb(net, bad), CLM_EINF);

  double Y[O * Q], Xb[R * Q], Tb[O * Q], perf = -1, G[256], E[O * Q], sse;
  double *J = malloc(O * Q * P * sizeof *J), *JJ = malloc(P * P * sizeof *JJ);
  size_t N = 0;
  /* NULL pointers. */
  CASE(net, clm_sim(NULL, X, Q, Y, 1), CLM_ENULL);
  CASE(net, clm_sim(net, NULL, Q, Y, 1), CLM_ENULL);
  CASE(net, clm_sim(net, X, Q, NULL, 1), CLM_ENULL);
  CASE(net, clm_perform(NULL, X, T, Q, &perf, &N), CLM_ENULL);
  CASE(net, clm_perform(net, NULL, T, Q, &perf, &N), CLM_ENULL);
  CASE(net, clm_perform(net, X, NULL, Q, &perf, &N), CLM_ENULL);
  CASE(net, clm_perform(net, X, T, Q, NULL, &N), CLM_ENULL);
  CASE(net, clm_gradient(NULL, X, T, Q, G, &perf), CLM_ENULL);
  CASE(net, clm_gradient(net, NULL, T, Q, G, &perf), CLM_ENULL);
  CASE(net, clm_gradient(net, X, NULL, Q, G, &perf), CLM_ENULL);
  CASE(net, clm_gradient(net, X, T, Q, NULL, &perf), CLM_ENULL);
  CASE(net, clm_jacobian(NULL, X, T, Q, J, E), CLM_ENULL);
  CASE(net, clm_jacobian(net, NULL, T, Q, J, E), CLM_ENULL);
  CASE(net, clm_jacobian(net, X, NULL, Q, J, E), CLM_ENULL);
  CASE(net, clm_jacobian(net, X, T, Q, NULL, E), CLM_ENULL);
  CASE(net, clm_jejj(NULL, X, T, Q, JJ, G, &sse, &N, 1), CLM_ENULL);
  CASE(net, clm_jejj(net, NULL, T, Q, JJ, G, &sse, &N, 1), CLM_ENULL);
  CASE(net, clm_jejj(net, X, NULL, Q, JJ, G, &sse, &N, 1), CLM_ENULL);
  CASE(net, clm_jejj(net, X, T, Q, NULL, G, &sse, &N, 1), CLM_ENULL);
  CASE(net, clm_jejj(net, X, T, Q, JJ, NULL, &sse, &N, 1), CLM_ENULL);
  CASE(net, clm_jejj(net, X, T, Q, JJ, G, NULL, &N, 1), CLM_ENULL);
  CASE(net, clm_jejj(net, X, T, Q, JJ, G, &sse, NULL, 1), CLM_ENULL);
  /* Sizes. */
  CASE(net, clm_sim(net, X, 0, Y, 1), CLM_ESIZE);
  CASE(net, clm_sim(net, X, SIZE_MAX, Y, 1), CLM_ESIZE);
  CASE(net, clm_sim(net, X, SIZE_MAX / R + 1, Y, 1), CLM_ESIZE);
  CASE(net, clm_sim(net, X, SIZE_MAX / 16, Y, 1), CLM_ESIZE);
  CASE(net, clm_perform(net, X, T, 0, &perf, &N), CLM_ESIZE);
  CASE(net, clm_perform(net, X, T, SIZE_MAX, &perf, &N), CLM_ESIZE);
  CASE(net, clm_gradient(net, X, T, SIZE_MAX / R + 1, G, &perf), CLM_ESIZE);
  CASE(net, clm_jacobian(net, X, T, 0, J, E), CLM_ESIZE);
  CASE(net, clm_jacobian(net, X, T, SIZE_MAX / (O * P) + 1, J, E), CLM_ESIZE);
  CASE(net, clm_jejj(net, X, T, SIZE_MAX, JJ, G, &sse, &N, 1), CLM_ESIZE);
  CASE(net, clm_sim(net, X, Q, Y, -1), CLM_OK); /* negative thread counts mean "default" or are clamped */
  /* NaN and Inf. */
  memcpy(Xb, X, sizeof Xb);
  Xb[4] = INFINITY;
  CASE(net, clm_sim(net, Xb, Q, Y, 1), CLM_EINF);
  CASE(net, clm_perform(net, Xb, T, Q, &perf, &N), CLM_EINF);
  CASE(net, clm_gradient(net, Xb, T, Q, G, &perf), CLM_EINF);
  CASE(net, clm_jacobian(net, Xb, T, Q, J, E), CLM_EINF);
  CASE(net, clm_jejj(net, Xb, T, Q, JJ, G, &sse, &N, 1), CLM_EINF);
  memcpy(Tb, T, sizeof Tb);
  Tb[1] = -INFINITY;
  CASE(net, clm_perform(net, X, Tb, Q, &perf, &N), CLM_EINF);
  CASE(net, clm_gradient(net, X, Tb, Q, G, &perf), CLM_EINF);
  CASE(net, clm_jacobian(net, X, Tb, Q, J, E), CLM_EINF);
  CASE(net, clm_jejj(net, X, Tb, Q, JJ, G, &sse, &N, 1), CLM_EINF);
  for (size_t i = 0; i < O * Q; i++) Tb[i] = NAN;
  CASE(net, clm_perform(net, X, Tb, Q, &perf, &N), CLM_ENOSAMPLES);
  CASE(net, clm_gradient(net, X, Tb, Q, G, &perf), CLM_ENOSAMPLES);
  Xb[4] = NAN;
  CASE(net, clm_sim(net, Xb, Q, Y, 1), CLM_OK);
  T_OK(isnan(Y[1 * O]) && isnan(Y[1 * O + 1]) && isfinite(Y[0]) && isfinite(Y[2 * O]),
         "NaN input gives NaN outputs for that sample only");
  CASE(net, clm_perform(net, Xb, T, Q, &perf, &N), CLM_OK);
  T_OK(isfinite(perf), "perform with a NaN input sample: finite perf (%g)", perf);
  /* Inputs of +-1e308 with the ranges from ordinary data: after mapminmax
   * (gain about 2) they overflow to +-Inf inside the network, and n = W x + b
   * can become Inf - Inf.  A finite input must give a finite output or be
   * refused with CLM_EINF; CLM_OK with NaN outputs is a silent failure. */
  for (size_t i = 0; i < R * Q; i++) Xb[i] = (i % 2) ? 1e308 : -1e308;
#define FINITE_OR_EINF(net_, call, out, n, what)                                       \
  do {                                                                                \
    char *b_ = snap(net_);                                                            \
    int s_ = (call);                                                                  \
    T_OK((s_ == CLM_OK && all_finite((out), (n))) || (s_ == CLM_EINF && same(net_, b_)), \
         "%s on +-1e308 inputs: %s, %s", what, clm_status_name(s_),                  \
         s_ == CLM_OK ? (all_finite((out), (n)) ? "finite" : "NON-FINITE results") : "refused"); \
    free(b_);                                                                         \
  } while (0)
  FINITE_OR_EINF(net, clm_sim(net, Xb, Q, Y, 1), Y, O * Q, "tansig sim");
  FINITE_OR_EINF(net, clm_perform(net, Xb, T, Q, &perf, &N), &perf, 1, "perform");
  FINITE_OR_EINF(net, clm_gradient(net, Xb, T, Q, G, &perf), G, P, "gradient");
  FINITE_OR_EINF(net, clm_jejj(net, Xb, T, Q, JJ, G, &sse, &N, 1), G, P, "jejj");
  clm_net *ln = NULL;
  clm_net_copy(net, &ln);
  clm_net_set_transfer(ln, 1, CLM_LOGSIG);
  FINITE_OR_EINF(ln, clm_sim(ln, Xb, Q, Y, 1), Y, O * Q, "logsig sim");
  clm_net_set_transfer(ln, 1, CLM_SOFTMAX);
  FINITE_OR_EINF(ln, clm_sim(ln, Xb, Q, Y, 1), Y, O * Q, "softmax sim");
  /* Inputs of +-1e300: processed values stay finite (|x| ~ 2e300) but
   * n = W x is huge; the sigmoids must saturate to finite values. */
  for (size_t i = 0; i < R * Q; i++) Xb[i] = (i % 2) ? 1e300 : -1e300;
  clm_net_set_transfer(ln, 1, CLM_TANSIG);
  CASE(ln, clm_sim(ln, Xb, Q, Y, 1), CLM_OK);
  T_OK(all_finite(Y, O * Q), "tansig saturates on +-1e300 inputs: finite outputs");
  clm_net_set_transfer(ln, 1, CLM_LOGSIG);
  CASE(ln, clm_sim(ln, Xb, Q, Y, 1), CLM_OK);
  T_OK(all_finite(Y, O * Q), "logsig saturates on +-1e300 inputs: finite outputs");
  clm_net_set_transfer(ln, 1, CLM_SOFTMAX);
  CASE(ln, clm_sim(ln, Xb, Q, Y, 1), CLM_OK);
  T_OK(all_finite(Y, O * Q), "softmax saturates on +-1e300 inputs: finite outputs");
  clm_net_set_transfer(ln, 1, CLM_POSLIN);
  clm_net_set_transfer(ln, 2, CLM_POSLIN);
  CASE(ln, clm_sim(ln, X, Q, Y, 1), CLM_OK);
  /* Targets of 1e308: errors overflow to Inf in sse. */
  for (size_t i = 0; i < O * Q; i++) Tb[i] = 1e308;
  int st = clm_perform(net, X, Tb, Q, &perf, &N);
  T_OK(st == CLM_OK, "perform with 1e308 targets returns OK (%s), perf %g", clm_status_name(st), perf);
  clm_net_free(ln);
  free(J);
  free(JJ);
  free(wb);
  free(bad);
  clm_net_free(net);
}

/* ------------------------------------------------------------------ */
/* Division                                                             */

static void test_divide(void) {
  size_t tr[Q], va[Q], te[Q], a, b, c;
  CASE(NULL, clm_divide(CLM_DIVIDERAND, Q, .7, .15, .15, 1, NULL, &a, va, &b, te, &c), CLM_ENULL);
  CASE(NULL, clm_divide(CLM_DIVIDERAND, Q, .7, .15, .15, 1, tr, NULL, va, &b, te, &c), CLM_ENULL);
  CASE(NULL, clm_divide(CLM_DIVIDERAND, Q, .7, .15, .15, 1, tr, &a, NULL, &b, te, &c), CLM_ENULL);
  CASE(NULL, clm_divide(CLM_DIVIDERAND, Q, .7, .15, .15, 1, tr, &a, va, NULL, te, &c), CLM_ENULL);
  CASE(NULL, clm_divide(CLM_DIVIDERAND, Q, .7, .15, .15, 1, tr, &a, va, &b, NULL, &c), CLM_ENULL);
  CASE(NULL, clm_divide(CLM_DIVIDERAND, Q, .7, .15, .15, 1, tr, &a, va, &b, te, NULL), CLM_ENULL);
  CASE(NULL, clm_divide(CLM_DIVIDERAND, 0, .7, .15, .15, 1, tr, &a, va, &b, te, &c), CLM_ESIZE);
  CASE2(NULL, clm_divide(CLM_DIVIDERAND, SIZE_MAX, .7, .15, .15, 1, tr, &a, va, &b, te, &c), CLM_ESIZE,
        CLM_ENOMEM);
  CASE(NULL, clm_divide(CLM_DIVIDERAND, Q, -1, .15, .15, 1, tr, &a, va, &b, te, &c), CLM_EDIVIDE);
  CASE(NULL, clm_divide(CLM_DIVIDERAND, Q, 0, 0, 0, 1, tr, &a, va, &b, te, &c), CLM_EDIVIDE);
  CASE(NULL, clm_divide(CLM_DIVIDEINT, Q, NAN, .15, .15, 1, tr, &a, va, &b, te, &c), CLM_EDIVIDE);
  CASE(NULL, clm_divide(CLM_DIVIDEBLOCK, Q, INFINITY, .15, .15, 1, tr, &a, va, &b, te, &c), CLM_EDIVIDE);
  CASE(NULL, clm_divide(CLM_DIVIDEIND, Q, .7, .15, .15, 1, tr, &a, va, &b, te, &c), CLM_EDIVIDE);
  CASE(NULL, clm_divide(CLM_DIVIDEFCN_COUNT_, Q, .7, .15, .15, 1, tr, &a, va, &b, te, &c), CLM_EDIVIDE);
  CASE(NULL, clm_divide((clm_dividefcn)-1, Q, .7, .15, .15, 1, tr, &a, va, &b, te, &c), CLM_EDIVIDE);
  CASE(NULL, clm_divide(CLM_DIVIDERAND, Q, DBL_MAX, DBL_MAX, 1, 1, tr, &a, va, &b, te, &c), CLM_EDIVIDE);
  CASE(NULL, clm_divide(CLM_DIVIDERAND, 1, 1e-300, 1, 1, 1, tr, &a, va, &b, te, &c), CLM_OK);
  T_OK(a + b + c == 1, "divide Q=1 with a tiny train ratio: counts sum to 1");
  CASE(NULL, clm_divide(CLM_DIVIDETRAIN, Q, NAN, NAN, NAN, 1, tr, &a, va, &b, te, &c), CLM_OK);

  clm_net *net = fresh();
  CASE(net, clm_net_divide(NULL, Q, 1, tr, &a, va, &b, te, &c), CLM_ENULL);
  CASE(net, clm_net_divide(net, 0, 1, tr, &a, va, &b, te, &c), CLM_ESIZE);
  CASE(net, clm_net_divide(net, Q, 1, NULL, &a, va, &b, te, &c), CLM_ENULL);
  size_t i1[2] = {0, Q}, i2[1] = {1}, i3[1] = {1};
  clm_net_set_divideind(net, i1, 2, i2, 1, NULL, 0);
  CASE(net, clm_net_divide(net, Q, 1, tr, &a, va, &b, te, &c), CLM_EDIVIDE);
  i1[1] = 1;
  clm_net_set_divideind(net, i1, 2, i2, 1, i3, 1);
  CASE(net, clm_net_divide(net, Q, 1, tr, &a, va, &b, te, &c), CLM_EDIVIDE);
  i1[1] = 0;
  clm_net_set_divideind(net, i1, 2, NULL, 0, NULL, 0);
  CASE(net, clm_net_divide(net, Q, 1, tr, &a, va, &b, te, &c), CLM_EDIVIDE); /* duplicate in one list */
  size_t big[1] = {SIZE_MAX};
  clm_net_set_divideind(net, big, 1, NULL, 0, NULL, 0);
  CASE(net, clm_net_divide(net, Q, 1, tr, &a, va, &b, te, &c), CLM_EDIVIDE);
  /* Training with such a network: the division error, network unchanged. */
  CASE(net, clm_train(net, clm_trainlm, X, T, Q, NULL, NULL), CLM_EDIVIDE);
  clm_net_free(net);
  /* Q so large that no caller array of Q indices can exist. */
  CASE2(NULL, clm_divide(CLM_DIVIDEINT, SIZE_MAX, .7, .15, .15, 1, tr, &a, va, &b, te, &c), CLM_ESIZE,
        CLM_ENOMEM);
  CASE2(NULL, clm_divide(CLM_DIVIDETRAIN, SIZE_MAX / 4, .7, .15, .15, 1, tr, &a, va, &b, te, &c), CLM_ESIZE,
        CLM_ENOMEM);
  CASE2(NULL, clm_divide(CLM_DIVIDEBLOCK, SIZE_MAX, .7, .15, .15, 1, tr, &a, va, &b, te, &c), CLM_ESIZE,
        CLM_ENOMEM);
}

/* ------------------------------------------------------------------ */
/* Training parameters                                                  */

typedef struct pcase {
  const char *name;
  void (*set)(clm_trainparam *);
  int lm, gd, gdm; /* 1: must be rejected by that trainer */
} pcase;

#define PSET(fn, stmt) \
  static void fn(clm_trainparam *p) { stmt; }
PSET(p_goal_neg, p->goal = -1e-9)
PSET(p_goal_nan, p->goal = NAN)
PSET(p_goal_ninf, p->goal = -INFINITY)
PSET(p_mingrad_neg, p->min_grad = -1)
PSET(p_mingrad_nan, p->min_grad = NAN)
PSET(p_time_zero, p->time = 0)
PSET(p_time_neg, p->time = -5)
PSET(p_time_nan, p->time = NAN)
PSET(p_threads_neg, p->threads = -1)
PSET(p_backend_bad, p->backend = CLM_BACKEND_COUNT_)
PSET(p_backend_neg, p->backend = (clm_backend)-1)
PSET(p_showcl_bad, p->show_command_line = 2)
PSET(p_mu_zero, p->mu = 0)
PSET(p_mu_neg, p->mu = -1)
PSET(p_mu_inf, p->mu = INFINITY)
PSET(p_mu_nan, p->mu = NAN)
PSET(p_mudec_neg, p->mu_dec = -0.1)
PSET(p_mudec_big, p->mu_dec = 1.5)
PSET(p_mudec_nan, p->mu_dec = NAN)
PSET(p_muinc_one, p->mu_inc = 1)
PSET(p_muinc_small, p->mu_inc = 0.5)
PSET(p_muinc_inf, p->mu_inc = INFINITY)
PSET(p_muinc_nan, p->mu_inc = NAN)
PSET(p_mumax_zero, p->mu_max = 0)
PSET(p_mumax_inf, p->mu_max = INFINITY)
PSET(p_mumax_nan, p->mu_max = NAN)
PSET(p_lr_zero, p->lr = 0)
PSET(p_lr_neg, p->lr = -0.01)
PSET(p_lr_inf, p->lr = INFINITY)
PSET(p_lr_nan, p->lr = NAN)
PSET(p_mc_neg, p->mc = -0.1)
PSET(p_mc_big, p->mc = 1.01)
PSET(p_mc_nan, p->mc = NAN)
PSET(p_chaos_searches, (p->chaos.init = 1, p->chaos.searches = 0))
PSET(p_chaos_escape_gd, (p->chaos.escape = 1))
PSET(p_chaos_shrink, (p->chaos.init = 1, p->chaos.shrink = 0))

static const pcase pcases[] = {
    {"goal < 0", p_goal_neg, 1, 1, 1},
    {"goal NaN", p_goal_nan, 1, 1, 1},
    {"goal -Inf", p_goal_ninf, 1, 1, 1},
    {"min_grad < 0", p_mingrad_neg, 1, 1, 1},
    {"min_grad NaN", p_mingrad_nan, 1, 1, 1},
    {"time = 0", p_time_zero, 1, 1, 1},
    {"time < 0", p_time_neg, 1, 1, 1},
    {"time NaN", p_time_nan, 1, 1, 1},
    {"threads < 0", p_threads_neg, 1, 1, 1},
    {"backend = COUNT", p_backend_bad, 1, 1, 1},
    {"backend < 0", p_backend_neg, 1, 1, 1},
    {"show_command_line = 2", p_showcl_bad, 1, 1, 1},
    {"mu = 0", p_mu_zero, 1, 0, 0},
    {"mu < 0", p_mu_neg, 1, 0, 0},
    {"mu Inf", p_mu_inf, 1, 0, 0},
    {"mu NaN", p_mu_nan, 1, 0, 0},
    {"mu_dec < 0", p_mudec_neg, 1, 0, 0},
    {"mu_dec > 1", p_mudec_big, 1, 0, 0},
    {"mu_dec NaN", p_mudec_nan, 1, 0, 0},
    {"mu_inc = 1", p_muinc_one, 1, 0, 0},
    {"mu_inc < 1", p_muinc_small, 1, 0, 0},
    {"mu_inc Inf", p_muinc_inf, 1, 0, 0},
    {"mu_inc NaN", p_muinc_nan, 1, 0, 0},
    {"mu_max = 0", p_mumax_zero, 1, 0, 0},
    {"mu_max Inf", p_mumax_inf, 1, 0, 0},
    {"mu_max NaN", p_mumax_nan, 1, 0, 0},
    {"lr = 0", p_lr_zero, 0, 1, 1},
    {"lr < 0", p_lr_neg, 0, 1, 1},
    {"lr Inf", p_lr_inf, 0, 1, 1},
    {"lr NaN", p_lr_nan, 0, 1, 1},
    {"mc < 0", p_mc_neg, 0, 0, 1},
    {"mc > 1", p_mc_big, 0, 0, 1},
    {"mc NaN", p_mc_nan, 0, 0, 1},
    {"chaos.searches = 0 with chaos.init", p_chaos_searches, 1, 1, 1},
    {"chaos.escape with a gradient trainer", p_chaos_escape_gd, 0, 1, 1},
    {"chaos.shrink = 0 with chaos.init", p_chaos_shrink, 1, 1, 1},
};

static void test_trainparam(void) {
  const clm_trainer_type *tr[3] = {clm_trainlm, clm_traingd, clm_traingdm};
  char msg[200];
  clm_trainparam p = clm_trainparam_default(NULL);
  CASE(NULL, clm_trainparam_check(clm_trainlm, NULL, msg, sizeof msg), CLM_ENULL);
  CASE(NULL, clm_trainparam_check(NULL, &p, NULL, 0), CLM_OK);
  clm_net *net = fresh();
  for (size_t i = 0; i < sizeof pcases / sizeof pcases[0]; i++) {
    for (int k = 0; k < 3; k++) {
      p = clm_trainparam_default(tr[k]);
      p.epochs = 2;
      pcases[i].set(&p);
      int want_bad = k == 0 ? pcases[i].lm : k == 1 ? pcases[i].gd : pcases[i].gdm;
      int st = clm_trainparam_check(tr[k], &p, msg, sizeof msg);
      if (want_bad) {
        T_OK(st == CLM_EPARAM && msg[0], "%s: %s rejected (%s)", clm_trainer_name(tr[k]),
               pcases[i].name, msg);
        /* clm_train must refuse it too and leave the network alone. */
        clm_record rec;
        clm_record_init(&rec);
        char *b = snap(net);
        st = clm_train(net, tr[k], X, T, Q, &p, &rec);
        T_OK(st == CLM_EPARAM && same(net, b) && rec.perf == NULL,
               "%s: clm_train with %s -> %s, net unchanged, record empty", clm_trainer_name(tr[k]),
               pcases[i].name, clm_status_name(st));
        free(b);
        clm_record_free(&rec);
      } else {
        T_OK(st == CLM_OK, "%s ignores %s (%s)", clm_trainer_name(tr[k]), pcases[i].name,
               clm_status_name(st));
      }
    }
  }
  /* A tiny message buffer is still NUL-terminated. */
  p = clm_trainparam_default(NULL);
  p.mu = -1;
  char tiny[4] = "xyz";
  int st = clm_trainparam_check(clm_trainlm, &p, tiny, 1);
  T_OK(st == CLM_EPARAM && tiny[0] == '\0', "msg_len 1: empty message");
  st = clm_trainparam_check(clm_trainlm, &p, tiny, 0);
  T_OK(st == CLM_EPARAM && tiny[0] == '\0', "msg_len 0: message untouched");

  /* Chaos parameters. */
  clm_chaosparam cp = clm_chaosparam_default();
  CASE(NULL, clm_chaosparam_check(NULL, msg, sizeof msg), CLM_ENULL);
  CASE(NULL, clm_chaosparam_check(&cp, NULL, 0), CLM_OK);
#define CP(stmt)                                                                             \
  do {                                                                                       \
    cp = clm_chaosparam_default();                                                           \
    stmt;                                                                                    \
    int s_ = clm_chaosparam_check(&cp, msg, sizeof msg);                                     \
    T_OK(s_ == CLM_EPARAM && msg[0], "chaosparam %s rejected (%s)", #stmt, msg);            \
    char *b_ = snap(net);                                                                    \
    s_ = clm_initchaos(net, X, T, Q, &cp, 1, 1, NULL, NULL);                                 \
    T_OK(s_ == CLM_EPARAM && same(net, b_), "initchaos with %s -> %s, net unchanged", #stmt, \
           clm_status_name(s_));                                                             \
    free(b_);                                                                                \
  } while (0)
  CP(cp.stream = CLM_CHAOS_STREAM_COUNT_);
  CP(cp.stream = (clm_chaos_stream)-1);
  CP(cp.box = CLM_CHAOS_BOX_COUNT_);
  CP(cp.warmup = 1000001);
  CP(cp.searches = 0);
  CP(cp.searches = 100001);
  CP(cp.stages = 0);
  CP(cp.stages = 1001);
  CP(cp.escape_stages = 0);
  CP(cp.shrink = 0);
  CP(cp.shrink = 1.5);
  CP(cp.shrink = NAN);
  CP(cp.init_evals = 0);
  CP(cp.init_evals = 1000000001);
  CP(cp.escape_evals = 0);
  CP(cp.window = 0);
  CP(cp.tol_rel = -1);
  CP(cp.tol_rel = NAN);
  CP(cp.window = 10001);
  CP(cp.horizon = 0);
  CP(cp.horizon = NAN);
  CP(cp.escape_mode = CLM_ESCAPE_MODE_COUNT_);
  CP(cp.wc_omega = 0);
  CP(cp.wc_omega = INFINITY);
  CP(cp.wc_rho = 0.5);
  CP(cp.wc_spread = 51);
  CP(cp.race_epochs = 0);
  CP(cp.race_keep = 1);
  CP(cp.race = 100001);
  CP(cp.reinit = CLM_REINIT_COUNT_);
  CP(cp.rho0 = 0);
  CP(cp.rho0 = 5);
  CP(cp.rho_max = INFINITY);
  CP(cp.rho0 = NAN);
  CP(cp.w_max = 0);
  CP(cp.w_max = INFINITY);
  CP(cp.tol_acc = -0.1);
  CP(cp.tol_acc = 1);
  CP(cp.max_escapes = 1000001);
  CP(cp.max_reinits = 1000001);
#undef CP
  clm_net_free(net);
}

/* ------------------------------------------------------------------ */
/* Training with bad data and extreme settings                         */

static void test_train(void) {
  clm_net *net = fresh();
  clm_trainparam p = clm_trainparam_default(NULL);
  p.epochs = 3;
  p.threads = 1;
  clm_record rec;
  clm_record_init(&rec);
  double Xb[R * Q], Tb[O * Q];
  CASE(net, clm_train(NULL, NULL, X, T, Q, &p, &rec), CLM_ENULL);
  CASE(net, clm_train(net, NULL, NULL, T, Q, &p, &rec), CLM_ENULL);
  CASE(net, clm_train(net, NULL, X, NULL, Q, &p, &rec), CLM_ENULL);
  CASE2(net, clm_train(net, NULL, X, T, 0, &p, &rec), CLM_ENOSAMPLES, CLM_ESIZE);
  CASE(net, clm_train(net, NULL, X, T, SIZE_MAX, &p, &rec), CLM_ESIZE);
  CASE(net, clm_train(net, NULL, X, T, SIZE_MAX / R + 1, &p, &rec), CLM_ESIZE);
  memcpy(Xb, X, sizeof Xb);
  Xb[7] = INFINITY;
  CASE(net, clm_train(net, NULL, Xb, T, Q, &p, &rec), CLM_EINF);
  memcpy(Tb, T, sizeof Tb);
  Tb[7] = -INFINITY;
  CASE(net, clm_train(net, NULL, X, Tb, Q, &p, &rec), CLM_EINF);
  for (size_t i = 0; i < O * Q; i++) Tb[i] = NAN;
  CASE(net, clm_train(net, NULL, X, Tb, Q, &p, &rec), CLM_ENOSAMPLES);
  T_OK(rec.perf == NULL && rec.num_epochs == 0, "record emptied after a training error");
  /* Every input sample NaN: no usable sample. */
  for (size_t i = 0; i < R * Q; i++) Xb[i] = NAN;
  CASE(net, clm_train(net, NULL, Xb, T, Q, &p, &rec), CLM_ENOSAMPLES);
  /* Unknown trainFcn on the network with t = NULL: not settable (checked),
   * so this cannot arise through the API; check the backend instead. */
  p.backend = CLM_BACKEND_GPU;
  if (!clm_linsolver_available(CLM_BACKEND_GPU, NULL, 0))
    CASE(net, clm_train(net, clm_trainlm, X, T, Q, &p, &rec), CLM_EBACKEND);
  p.backend = CLM_BACKEND_AUTO;
  /* clm_train_sized: size mismatches with a configured net. */
  CASE(net, clm_train_sized(net, NULL, X, R + 1, T, O, Q, &p, &rec), CLM_ESIZE);
  CASE(net, clm_train_sized(net, NULL, X, R, T, O + 1, Q, &p, &rec), CLM_ESIZE);
  CASE(net, clm_train_sized(net, NULL, X, SIZE_MAX, T, O, Q, &p, &rec), CLM_ESIZE);
  CASE(net, clm_train_sized(net, NULL, X, R, T, O, SIZE_MAX, &p, &rec), CLM_ESIZE);
  CASE(net, clm_train_sized(NULL, NULL, X, R, T, O, Q, &p, &rec), CLM_ENULL);
  {
    clm_net *u = NULL;
    size_t h = 2;
    clm_feedforwardnet(&u, 1, &h);
    CASE2(u, clm_train_sized(u, NULL, X, 0, T, O, Q, &p, &rec), CLM_ENOTCONFIGURED, CLM_ESIZE);
    CASE2(u, clm_train_sized(u, NULL, X, R, T, 0, Q, &p, &rec), CLM_ENOTCONFIGURED, CLM_ESIZE);
    CASE(u, clm_train_sized(u, NULL, X, SIZE_MAX / 2, T, O, 3, &p, &rec), CLM_ESIZE);
    CASE(u, clm_train(u, NULL, X, T, Q, &p, &rec), CLM_ENOTCONFIGURED);
    CASE(NULL, clm_train_sized(u, NULL, X, R, T, O, Q, &p, &rec), CLM_OK);
    T_OK(clm_net_is_configured(u) && rec.perf != NULL, "train_sized configures and trains");
    clm_net_free(u);
  }

  /* epochs = 0: the initial network comes back unchanged (every trainer). */
  for (size_t k = 0; k < clm_trainer_count(); k++) {
    const clm_trainer_type *tt = clm_trainer_at(k);
    clm_trainparam q = clm_trainparam_default(tt);
    q.epochs = 0;
    char *b = snap(net);
    int st = clm_train(net, tt, X, T, Q, &q, &rec);
    T_OK(st == CLM_OK && rec.num_epochs == 0 && rec.stop == CLM_STOP_EPOCHS && same(net, b),
           "%s epochs = 0: OK, stop 'epochs', weights unchanged", clm_trainer_name(tt));
    free(b);
  }

  /* Singular J'J: every sample the same input, more weights than samples;
   * and zero inputs everywhere.  trainlm must raise mu, not fail. */
  size_t hh = 6;
  clm_net *big = NULL;
  clm_feedforwardnet(&big, 1, &hh);
  for (size_t q = 0; q < Q; q++) {
    Xb[q * R + 0] = (q % 2) ? 1.0 : 0.0; /* two distinct samples only */
    Xb[q * R + 1] = 0.25;
    Xb[q * R + 2] = (q % 2) ? -1.0 : 2.0;
  }
  p = clm_trainparam_default(NULL);
  p.epochs = 5;
  p.threads = 1;
  clm_net_set_divide(big, CLM_DIVIDETRAIN, 1, 0, 0);
  int st = clm_train_sized(big, NULL, Xb, R, T, O, Q, &p, &rec);
  double wb[512];
  T_OK(st == CLM_OK && clm_getwb(big, wb) == CLM_OK && all_finite(wb, clm_net_num_weights(big)),
         "duplicate samples (singular J'J): OK (%s), finite weights, stop %d", clm_status_name(st),
         (int)rec.stop);
  for (size_t i = 0; i < R * Q; i++) Xb[i] = 0.0;
  st = clm_train(big, NULL, Xb, T, Q, &p, &rec);
  T_OK(st == CLM_OK && clm_getwb(big, wb) == CLM_OK && all_finite(wb, clm_net_num_weights(big)),
         "zero inputs (J'J rank 1 per output): OK (%s), finite weights", clm_status_name(st));
  /* mu overflow: mu_inc and mu_max huge, mu starts at 1e300. */
  p.mu = 1e300;
  p.mu_inc = 1e308;
  p.mu_max = DBL_MAX;
  p.epochs = 4;
  st = clm_train(big, NULL, X, T, Q, &p, &rec);
  T_OK((st == CLM_OK && clm_getwb(big, wb) == CLM_OK && all_finite(wb, clm_net_num_weights(big)) &&
          rec.stop > CLM_STOP_NONE && rec.stop < CLM_STOP_COUNT_) ||
             st == CLM_EPARAM,
         "mu overflow (mu 1e300, mu_inc 1e308, mu_max DBL_MAX): %s, stop %d, finite weights",
         clm_status_name(st), (int)rec.stop);
  if (st == CLM_OK) {
    int fin = 1;
    for (size_t e = 0; e <= rec.num_epochs; e++)
      if (!(rec.mu[e] > 0) || isnan(rec.perf[e])) fin = 0;
    T_OK(fin, "mu overflow: recorded mu positive and perf not NaN");
  }
  /* Tiny mu_dec (0): mu may underflow to 0. */
  p = clm_trainparam_default(NULL);
  p.mu_dec = 0;
  p.mu = DBL_MIN;
  p.epochs = 4;
  st = clm_train(big, NULL, X, T, Q, &p, &rec);
  T_OK(st == CLM_OK && clm_getwb(big, wb) == CLM_OK && all_finite(wb, clm_net_num_weights(big)),
         "mu_dec 0, mu DBL_MIN (mu underflow): %s, finite weights", clm_status_name(st));
  /* Targets of 1e308 (errors overflow): OK or a clean status, no crash. */
  for (size_t i = 0; i < O * Q; i++) Tb[i] = (i % 3) ? 1e308 : -1e308;
  char *b = snap(big);
  st = clm_train(big, NULL, X, Tb, Q, &p, &rec);
  T_OK(st == CLM_OK ? (clm_getwb(big, wb) == CLM_OK && all_finite(wb, clm_net_num_weights(big)))
                      : same(big, b),
         "targets +-1e308: %s, finite weights or net unchanged", clm_status_name(st));
  free(b);
  /* Inputs of 1e308 with the ranges from ordinary data (tansig overflow). */
  for (size_t i = 0; i < R * Q; i++) Xb[i] = (i % 2) ? 1e308 : -1e308;
  for (size_t k = 0; k < clm_trainer_count(); k++) {
    const clm_trainer_type *tt = clm_trainer_at(k);
    clm_trainparam q = clm_trainparam_default(tt);
    q.epochs = 3;
    st = clm_train(big, tt, Xb, T, Q, &q, &rec);
    T_OK(st == CLM_OK && clm_getwb(big, wb) == CLM_OK && all_finite(wb, clm_net_num_weights(big)),
           "%s on +-1e308 inputs (sigmoid saturation): %s, finite weights", clm_trainer_name(tt),
           clm_status_name(st));
  }
  /* Huge learning rate for traingd: weights may blow up; must stay finite
   * (the best network is returned) or the call must say why. */
  {
    clm_trainparam q = clm_trainparam_default(clm_traingd);
    q.lr = 1e300;
    q.epochs = 3;
    st = clm_train(big, clm_traingd, X, T, Q, &q, &rec);
    T_OK(st == CLM_OK && clm_getwb(big, wb) == CLM_OK && all_finite(wb, clm_net_num_weights(big)),
           "traingd lr 1e300: %s, best (finite) network returned", clm_status_name(st));
  }
  /* Found by fuzz_train: traingd with lr 1e308 on a 1-1 logsig network
   * steps the bias to -Inf; logsig(-Inf) = 0 gives a finite, lower perf,
   * so the non-finite network was kept as the best one (and could then not
   * be saved).  The returned network must be finite. */
  {
    clm_net *g = NULL;
    clm_feedforwardnet(&g, 0, NULL);
    clm_net_set_transfer(g, 1, CLM_LOGSIG);
    clm_net_set_processing(g, CLM_PROC_DEFAULT, 0);
    clm_net_set_divide(g, CLM_DIVIDETRAIN, 1, 0, 0);
    double x1[1] = {-5}, t1[1] = {-5}, w1[4];
    clm_trainparam q = clm_trainparam_default(clm_traingd);
    q.lr = 1e308;
    q.epochs = 1;
    q.goal = 0.5;
    st = clm_train_sized(g, clm_traingd, x1, 1, t1, 1, 1, &q, &rec);
    T_OK(st == CLM_OK && clm_getwb(g, w1) == CLM_OK && all_finite(w1, clm_net_num_weights(g)),
         "traingd lr 1e308 on a 1-1 logsig net: %s, returned weights finite", clm_status_name(st));
    char *t = NULL;
    size_t n;
    st = clm_net_save_buffer(g, &t, &n);
    T_OK(st == CLM_OK, "... and the trained network can be saved (%s)", clm_status_name(st));
    free(t);
    clm_net_free(g);
  }
  /* Negative goal through clm_train. */
  p = clm_trainparam_default(NULL);
  p.goal = -1;
  CASE(big, clm_train(big, NULL, X, T, Q, &p, &rec), CLM_EPARAM);
  /* A callback and a stop flag that stop at once. */
  {
    volatile int stop = 1;
    p = clm_trainparam_default(NULL);
    p.stop_flag = &stop;
    st = clm_train(big, NULL, X, T, Q, &p, &rec);
    T_OK(st == CLM_OK && rec.stop == CLM_STOP_USER && rec.num_epochs == 0, "stop_flag set: user stop at epoch 0");
  }
  clm_record_free(&rec);
  clm_record_free(&rec); /* twice is fine */
  clm_record_free(NULL);
  T_OK(1, "clm_record_free twice and with NULL");
  clm_net_free(big);

  /* initchaos bad data. */
  CASE(net, clm_initchaos(NULL, X, T, Q, NULL, 1, 1, NULL, NULL), CLM_ENULL);
  CASE(net, clm_initchaos(net, NULL, T, Q, NULL, 1, 1, NULL, NULL), CLM_ENULL);
  CASE(net, clm_initchaos(net, X, NULL, Q, NULL, 1, 1, NULL, NULL), CLM_ENULL);
  CASE(net, clm_initchaos(net, X, T, 0, NULL, 1, 1, NULL, NULL), CLM_ESIZE);
  CASE2(net, clm_initchaos(net, X, T, SIZE_MAX, NULL, 1, 1, NULL, NULL), CLM_ESIZE, CLM_ENOMEM);
  memcpy(Xb, X, sizeof Xb);
  Xb[2] = INFINITY;
  CASE(net, clm_initchaos(net, Xb, T, Q, NULL, 1, 1, NULL, NULL), CLM_EINF);
  for (size_t i = 0; i < O * Q; i++) Tb[i] = NAN;
  CASE(net, clm_initchaos(net, X, Tb, Q, NULL, 1, 1, NULL, NULL), CLM_ENOSAMPLES);
  clm_net_free(net);
}

/* ------------------------------------------------------------------ */
/* Files                                                                */

static void test_files(void) {
  clm_net *net = fresh(), *got = (clm_net *)&got;
  char *text = NULL;
  size_t len = 0;
  CASE(net, clm_net_save_buffer(NULL, &text, &len), CLM_ENULL);
  CASE(net, clm_net_save_buffer(net, NULL, &len), CLM_ENULL);
  CASE(net, clm_net_save_buffer(net, &text, NULL), CLM_ENULL);
  CASE(net, clm_net_save(NULL, "x.clm"), CLM_ENULL);
  CASE(net, clm_net_save(net, NULL), CLM_ENULL);
  CASE(net, clm_net_save(net, ""), CLM_EIO);
  CASE(net, clm_net_save(net, "/nonexistent-dir-clm/x.clm"), CLM_EIO);
  CASE(net, clm_net_save(net, "/"), CLM_EIO);
  CASE(NULL, clm_net_load(NULL, &got), CLM_ENULL);
  CASE(NULL, clm_net_load("x.clm", NULL), CLM_ENULL);
  got = (clm_net *)&got;
  CASE(NULL, clm_net_load("/nonexistent-dir-clm/x.clm", &got), CLM_EIO);
  T_OK(got == NULL, "load: *out NULL on error");
  CASE(NULL, clm_net_load("/", &got), CLM_EIO);
  CASE(NULL, clm_net_load_buffer(NULL, 10, &got), CLM_ENULL);
  CASE(NULL, clm_net_load_buffer("x", 1, NULL), CLM_ENULL);
  CASE(NULL, clm_net_load_buffer("", 0, &got), CLM_EFORMAT);

  clm_net_save_buffer(net, &text, &len);
  /* Every truncation length gives an error, never a crash or a network. */
  size_t bad_trunc = 0, n_trunc = 0;
  for (size_t n = 0; n < len; n += (n < 64 || len - n < 64) ? 1 : 7) {
    clm_net *o = NULL;
    int st = clm_net_load_buffer(text, n, &o);
    n_trunc++;
    if (!(st == CLM_EFORMAT || st == CLM_ECHECKSUM) || o) bad_trunc++;
    clm_net_free(o);
  }
  T_OK(bad_trunc == 0, "%zu truncated buffers: all EFORMAT/ECHECKSUM", n_trunc);
  /* Every single-byte corruption (xor 0x01 and 0x20) at every position. */
  size_t bad_flip = 0, n_flip = 0;
  char *copy = malloc(len);
  for (size_t i = 0; i < len; i++) {
    for (int m = 0; m < 2; m++) {
      memcpy(copy, text, len);
      copy[i] ^= m ? 0x20 : 0x01;
      clm_net *o = NULL;
      int st = clm_net_load_buffer(copy, len, &o);
      n_flip++;
      if (st == CLM_OK || o) bad_flip++;
      clm_net_free(o);
    }
  }
  T_OK(bad_flip == 0, "%zu single-byte corruptions: none loads", n_flip);
  /* Wrong versions (1, 2 and 3 are read). */
  const char *vs[] = {"0", "4", "99", "18446744073709551615"};
  for (size_t k = 0; k < 4; k++) {
    const char *v = strstr(text, "version = 3\n");
    size_t pre = (size_t)(v - text) + 10;
    size_t nl = len - 1 + strlen(vs[k]);
    char *w = malloc(nl + 1);
    memcpy(w, text, pre);
    memcpy(w + pre, vs[k], strlen(vs[k]));
    memcpy(w + pre + strlen(vs[k]), text + pre + 1, len - pre - 1);
    clm_net *o = NULL;
    int st = clm_net_load_buffer(w, nl, &o);
    T_OK(st == CLM_EVERSION && o == NULL, "version %s -> %s", vs[k], clm_status_name(st));
    free(w);
  }
  {
    const char *v = strstr(text, "version = 3\n");
    size_t pre = (size_t)(v - text) + 10;
    memcpy(copy, text, len);
    copy[pre] = 'x';
    clm_net *o = NULL;
    int st = clm_net_load_buffer(copy, len, &o);
    T_OK(st == CLM_EFORMAT && o == NULL, "version x -> %s", clm_status_name(st));
    memcpy(copy, text, len);
    memcpy(copy, "chaoslm-netwirk", 15);
    st = clm_net_load_buffer(copy, len, &o);
    T_OK(st == CLM_EFORMAT && o == NULL, "bad magic -> %s", clm_status_name(st));
  }
  /* The file on disk: truncated and corrupted copies. */
  char dir[] = "/tmp/clm-badinput-XXXXXX";
  if (mkdtemp(dir)) {
    char path[128];
    snprintf(path, sizeof path, "%s/net.clm", dir);
    CASE(net, clm_net_save(net, path), CLM_OK);
    FILE *f = fopen(path, "r+b");
    if (f) {
      fseek(f, (long)(len / 2), SEEK_SET);
      fputc(text[len / 2] ^ 0x04, f);
      fclose(f);
    }
    CASE(NULL, clm_net_load(path, &got), CLM_ECHECKSUM);
    if (truncate(path, (off_t)(len - 5)) == 0) CASE(NULL, clm_net_load(path, &got), CLM_EFORMAT);
    if (truncate(path, 0) == 0) CASE(NULL, clm_net_load(path, &got), CLM_EFORMAT);
    unlink(path);
    rmdir(dir);
  }
  free(copy);
  free(text);
  clm_net_free(net);
}

int main(void) {
  make_data();
  void *m = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  shared = m == MAP_FAILED ? NULL : m;
  run_section("names", test_names);
  run_section("create", test_create);
  run_section("configure", test_configure);
  run_section("eval", test_eval);
  run_section("divide", test_divide);
  run_section("trainparam", test_trainparam);
  run_section("train", test_train);
  run_section("files", test_files);
  tap_diag("bad-input cases: %d", tap_n_);
  return tap_done();
}
