/* chaoslm tests — the CUDA backend's own logic on a machine without a GPU:
 * solvers/linsolver_cuda.c compiled with CLM_CUDA_MOCK (its libraries are
 * the host stand-ins of tests/cuda_mock.c, which queue stream work and run
 * it as late as CUDA allows) and 4 KiB pinned chunks, so that blocks are
 * regrouped, the ring of buffers turns and J'J comes back in many panels
 * even on small problems.  Checks:
 *   - library loading: a missing driver, an old driver, missing or too-old
 *     libraries, the CUDA 12 sonames as fallback, and what auto and gpu
 *     requests do then (the reason reaches the note);
 *   - stream ordering: J'J replaced with set_jj is what the next factor
 *     sees; no operation touches memory of the wrong kind;
 *   - the conformance suite, the comparison with the CPU backend (trainbr's
 *     trace_inv included) and the rcond decisions, with the device norm
 *     kernels and with the host fallback; the kernels' bodies against a
 *     naive 1-norm;
 *   - the rcond bound: a well-conditioned factor after an accumulation
 *     runs no DLACN2 solves, one after set_jj does;
 *   - the evaluator writing Jacobian blocks straight into pinned buffers;
 *   - error paths: every allocation of alloc() failing in turn (CLM_ENOMEM
 *     or CLM_EDEVICE, no state, nothing leaked), a failing factorisation.
 * This proves the bookkeeping, not the device: tests/test_linsolver_gpu
 * does that where a GPU exists.  GPL-3.0-or-later. */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include "linsolver_suite.h"
#include "net_internal.h"
#include "cuda_kernels.h"

extern const clm_linsolver_type clm__linsolver_cuda_mock;
#define MOCK (&clm__linsolver_cuda_mock)
void mock_reset(void);
void mock_fail_after(long k);
long mock_live_allocations(void);
long mock_misuse_count(void);
const char *mock_last_misuse(void);
long mock_open_libs(void);
void mock_lib_present(const char *soname, int present);
void mock_sym_missing(const char *name);
void mock_set_driver(int version);
void mock_set_devices(int n);
void mock_set_module_fails(int on);
void mock_set_random_schedule(unsigned seed);
long mock_kernel_launches(void);
long mock_potrs_calls(void);
long mock_trtri_calls(void);
int mock_is_pinned(const void *p, size_t n);

/* ------------------------------------------------------------ loading */

typedef struct load_case {
  const char *what;
  void (*setup)(void);
  int avail;
  const char *want; /* substring of the reason */
} load_case;

static void setup_default(void) {}
static void setup_no_driver(void) { mock_set_driver(0); }
static void setup_old_driver(void) { mock_set_driver(12040); }
static void setup_old_driver_12libs(void) {
  mock_set_driver(12040);
  mock_lib_present("libcudart.so.12", 1);
  mock_lib_present("libcublas.so.12", 1);
  mock_lib_present("libcusolver.so.11", 1);
}
static void setup_only_12libs(void) {
  mock_lib_present("libcudart.so.13", 0);
  mock_lib_present("libcublas.so.13", 0);
  mock_lib_present("libcusolver.so.12", 0);
  mock_lib_present("libcudart.so.12", 1);
  mock_lib_present("libcublas.so.12", 1);
  mock_lib_present("libcusolver.so.11", 1);
}
static void setup_no_cublas(void) { mock_lib_present("libcublas.so.13", 0); }
static void setup_no_cudart(void) { mock_lib_present("libcudart.so.13", 0); }
static void setup_old_cusolver(void) { mock_sym_missing("cusolverDnXpotrf"); }
static void setup_no_device(void) { mock_set_devices(0); }

static void load_checks(void) {
  const load_case cases[] = {
    {"everything present", setup_default, 1, "1 CUDA device (Mock GPU), driver CUDA 13.0, libcudart.so.13"},
    {"no libcuda.so.1", setup_no_driver, 0, "no NVIDIA driver (libcuda.so.1 not found)"},
    {"driver for CUDA 12.4, CUDA 13 libraries", setup_old_driver, 0,
     "NVIDIA driver supports CUDA 12.4, libcudart.so.13 needs 13.0; libcudart.so.12 not found"},
    {"driver for CUDA 12.4, CUDA 12 libraries too", setup_old_driver_12libs, 1,
     "driver CUDA 12.4, libcudart.so.12"},
    {"only the CUDA 12 sonames", setup_only_12libs, 1, "driver CUDA 13.0, libcudart.so.12"},
    {"no libcublas.so.13", setup_no_cublas, 0, "libcublas.so.13 not found"},
    {"no libcudart.so.13", setup_no_cudart, 0, "libcudart.so.13 not found"},
    {"cuSOLVER without the 64-bit API", setup_old_cusolver, 0,
     "libcusolver.so.12 lacks cusolverDnXpotrf"},
    {"no device", setup_no_device, 0, "no CUDA device (NVIDIA driver for CUDA 13.0)"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mock_reset();
    cases[i].setup();
    char why[200] = "";
    int a = MOCK->available(why, sizeof why);
    tap_ok(a == cases[i].avail && strstr(why, cases[i].want) && !strstr(why, "insufficient") &&
               mock_open_libs() == 0,
           "load: %s: available %d (want %d), \"%s\", %ld libraries left open", cases[i].what, a,
           cases[i].avail, why, mock_open_libs());
    if (a) continue;
    /* what the requests make of it: auto falls back with the reason, gpu
     * is refused with it; alloc fails cleanly */
    const clm_linsolver_type *t = NULL;
    char note[128] = "";
    int s = clm__linsolver_choose_with(MOCK, CLM_BACKEND_AUTO, 5000, 40000, &t, note, sizeof note);
    int auto_ok = s == CLM_OK && t == &clm__linsolver_cpu && strstr(note, "gpu unavailable") &&
                  strstr(note, cases[i].want);
    char note2[128] = "";
    s = clm__linsolver_choose_with(MOCK, CLM_BACKEND_GPU, 5000, 40000, &t, note2, sizeof note2);
    int gpu_ok = s == CLM_EBACKEND && strstr(note2, cases[i].want);
    void *st = NULL;
    int sa = MOCK->alloc(&st, 20, 8, 1);
    tap_ok(auto_ok && gpu_ok && sa != CLM_OK && !st && mock_live_allocations() == 0 &&
               mock_open_libs() == 0,
           "load: %s: auto -> cpu (\"%s\"), gpu -> CLM_EBACKEND (\"%s\"), alloc %s, no leak",
           cases[i].what, note, note2, clm_status_name(sa));
    if (st) MOCK->free(st);
  }
  mock_reset();
  const clm_linsolver_type *t = NULL;
  char note[128] = "";
  int s = clm__linsolver_choose_with(MOCK, CLM_BACKEND_AUTO, 5000, 40000, &t, note, sizeof note);
  tap_ok(s == CLM_OK && t == MOCK && strstr(note, "auto: gpu") && strstr(note, "Mock GPU"),
         "choose(auto, P=5000, rows=40000) with a device = the gpu (\"%s\")", note);
  s = clm__linsolver_choose_with(MOCK, CLM_BACKEND_AUTO, 300, 1000, &t, note, sizeof note);
  tap_ok(s == CLM_OK && t == &clm__linsolver_cpu && strstr(note, "too small"),
         "choose(auto, P=300, rows=1000) with a device = cpu (\"%s\")", note);
}

static void cross_check(void);

/* ------------------------------------------------------------ ordering */

/* J'J replaced with set_jj after an epoch is what the next factor uses
 * (the copies go on the compute stream, before the factor's work). */
static void set_jj_ordering(void) {
  const size_t P = 40;
  suite_prob p;
  void *st = NULL;
  double *A = calloc(P * P, sizeof *A), *B = calloc(P * P, sizeof *B), je[40] = {0};
  double x[40], b[40], y[40];
  int s = suite_prob_make(&p, 300, P, 99, P) == 0 && A && B ? MOCK->alloc(&st, P, 16, 1)
                                                             : CLM_ENOMEM;
  const size_t b16[] = {16};
  if (s == CLM_OK) s = suite_epoch(MOCK, st, &p, b16, 1, je, NULL);
  /* A: tridiagonal, far from p's J'J */
  for (size_t i = 0; i < P; i++) {
    A[i + i * P] = 3.0 + (double)(i % 5);
    if (i + 1 < P) A[i + (i + 1) * P] = A[(i + 1) + i * P] = -1.0;
  }
  if (s == CLM_OK) s = MOCK->set_jj(st, A, je);
  suite_rng r = {4};
  for (size_t i = 0; i < P; i++) x[i] = suite_unif(&r);
  suite_rhs(A, P, 1.0, 0.5, x, b);
  if (s == CLM_OK) s = MOCK->factor(st, 1.0, 0.5);
  if (s == CLM_OK) s = MOCK->solve(st, b, y);
  tap_ok(s == CLM_OK && suite_relerr(y, x, P) < 1e-12,
         "ordering: after an epoch, set_jj + factor + solve uses the new J'J (%s, rel err %.1e)",
         clm_status_name(s), s == CLM_OK ? suite_relerr(y, x, P) : -1.0);
  if (s == CLM_OK) s = MOCK->get_jj(st, B);
  tap_ok(s == CLM_OK && suite_relerr_upper(B, A, P) == 0, "ordering: get_jj after set_jj = A");
  if (st) MOCK->free(st);
  suite_prob_free(&p);
  free(A);
  free(B);
}

/* Under random legal schedules (work of unordered streams interleaving in
 * many ways): an epoch, set_jj (as under MPI), solve, then the next epoch
 * must give that epoch's J'e and J'J; and the comparison with the CPU over
 * many chunks (the ring of pinned buffers) must hold. */
static void schedule_checks(void) {
  const size_t P = 24;
  suite_prob p1, p2;
  int bad = 0, seeds = 40, st_all = CLM_OK;
  double *A = calloc(P * P, sizeof *A), *B = calloc(P * P, sizeof *B);
  double je[24], jeA[24], x[24], b[24], y[24];
  int ok = suite_prob_make(&p1, 200, P, 1, P) == 0 && suite_prob_make(&p2, 300, P, 2, P) == 0 &&
           A && B;
  for (size_t i = 0; i < P; i++) {
    A[i + i * P] = 2.0 + (double)(i % 3);
    jeA[i] = 1e3 * (double)(i + 1); /* far from p2's J'e */
    if (i + 1 < P) A[i + (i + 1) * P] = A[(i + 1) + i * P] = 0.5;
  }
  const size_t sizes[] = {7, 16, 3};
  for (int seed = 1; ok && seed <= seeds; seed++) {
    mock_reset();
    mock_set_random_schedule((unsigned)seed);
    void *st = NULL;
    int s = MOCK->alloc(&st, P, 16, 1);
    if (s == CLM_OK) s = suite_epoch(MOCK, st, &p1, sizes, 3, je, NULL);
    if (s == CLM_OK) s = MOCK->set_jj(st, A, jeA);
    suite_rng r = {(uint64_t)seed};
    for (size_t i = 0; i < P; i++) x[i] = suite_unif(&r);
    suite_rhs(A, P, 1.0, 0.25, x, b);
    if (s == CLM_OK) s = MOCK->factor(st, 1.0, 0.25);
    if (s == CLM_OK) s = MOCK->solve(st, b, y);
    int solve_ok = s == CLM_OK && suite_relerr(y, x, P) < 1e-12;
    if (s == CLM_OK) s = suite_epoch(MOCK, st, &p2, sizes, 3, je, NULL);
    if (s == CLM_OK) s = MOCK->get_jj(st, B);
    int epoch_ok = s == CLM_OK && suite_relerr(je, p2.JE, P) < 1e-12 &&
                   suite_relerr_upper(B, p2.JJ, P) < 1e-12;
    if (!solve_ok || !epoch_ok) {
      if (bad < 3)
        tap_diag("seed %d: %s, solve %s, next epoch J'e rel %.1e", seed, clm_status_name(s),
                 solve_ok ? "ok" : "WRONG", suite_relerr(je, p2.JE, P));
      bad++;
    }
    if (s != CLM_OK) st_all = s;
    if (st) MOCK->free(st);
  }
  tap_ok(ok && bad == 0,
         "random schedules: epoch, set_jj, solve, next epoch correct for %d of %d seeds (%s)",
         seeds - bad, seeds, clm_status_name(st_all));
  mock_set_random_schedule(7);
  cross_check();
  mock_set_random_schedule(8);
  suite_run(MOCK);
  mock_set_random_schedule(0);
  suite_prob_free(&p1);
  suite_prob_free(&p2);
  free(A);
  free(B);
}

/* ------------------------------------------------------------ rcond bound */

static void bound_checks(void) {
  const size_t P = 30;
  suite_prob p;
  void *st = NULL;
  double je[30], *JJ = calloc(P * P, sizeof *JJ);
  int s = suite_prob_make(&p, 400, P, 7, P) == 0 && JJ ? MOCK->alloc(&st, P, 16, 1) : CLM_ENOMEM;
  const size_t b16[] = {16};
  if (s == CLM_OK) s = suite_epoch(MOCK, st, &p, b16, 1, je, NULL);
  long before = mock_potrs_calls();
  if (s == CLM_OK) s = MOCK->factor(st, 1.0 / 400, 1e-3);
  long used = mock_potrs_calls() - before;
  tap_ok(s == CLM_OK && used == 0,
         "rcond bound: factor at mu = 1e-3 after an accumulation runs no DLACN2 solve (%s, %ld)",
         clm_status_name(s), used);
  if (s == CLM_OK) s = MOCK->get_jj(st, JJ);
  if (s == CLM_OK) s = MOCK->set_jj(st, JJ, je);
  before = mock_potrs_calls();
  if (s == CLM_OK) s = MOCK->factor(st, 1.0 / 400, 1e-3);
  used = mock_potrs_calls() - before;
  tap_ok(s == CLM_OK && used > 0,
         "rcond bound: after set_jj (rows unknown) the estimate runs (%s, %ld solves)",
         clm_status_name(s), used);
  if (st) MOCK->free(st);
  suite_prob_free(&p);
  free(JJ);
}

/* ------------------------------------------------------------ kernels */

/* The kernels' bodies (the text nvcc compiles), run over every thread of
 * the launch, against a naive off-diagonal absolute column sum of the
 * symmetric matrix whose upper triangle is A. */
static void kernel_bodies(void) {
  const long long sizes[] = {1, 2, 31, 32, 33, 100};
  double worst = 0;
  int diag_ok = 1;
  for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
    long long P = sizes[c];
    double *A = malloc((size_t)(P * P) * sizeof *A), *part = malloc((size_t)P * 32 * sizeof *part);
    double *out = malloc(2 * (size_t)P * sizeof *out);
    suite_rng r = {(uint64_t)P};
    for (long long i = 0; i < P * P; i++) A[i] = suite_unif(&r);
    long long g1 = (P * CLM_NORM_LANES + CLM_NORM_BLOCK - 1) / CLM_NORM_BLOCK * CLM_NORM_BLOCK;
    long long g2 = (P + CLM_NORM_BLOCK - 1) / CLM_NORM_BLOCK * CLM_NORM_BLOCK;
    for (long long t = 0; t < g1; t++) clm_kbody_abs_partials(t, A, P, part);
    for (long long t = 0; t < g2; t++) clm_kbody_abs_finish(t, A, P, part, out);
    for (long long j = 0; j < P; j++) {
      long double s = 0;
      for (long long i = 0; i < P; i++)
        if (i != j) s += fabsl((long double)(i < j ? A[i + j * P] : A[j + i * P]));
      double e = fabs(out[j] - (double)s) / ((double)s > 1 ? (double)s : 1);
      if (e > worst) worst = e;
      diag_ok &= out[P + j] == A[j + j * P];
    }
    free(A);
    free(part);
    free(out);
  }
  tap_ok(worst < 1e-14 && diag_ok,
         "kernels: off-diagonal |column sums| of the symmetric J'J = naive (rel %.1e), diag "
         "copied, P = 1..100",
         worst);
}

/* The conformance suite and the comparisons, with the device norm or the
 * host fallback. */
static void backend_suite(int host_norm) {
  mock_reset();
  mock_set_module_fails(host_norm);
  void *st = NULL;
  int s = MOCK->alloc(&st, 20, 8, 1);
  const char *d = s == CLM_OK ? MOCK->describe(st) : "";
  tap_ok(s == CLM_OK && strstr(d, host_norm ? "host norm" : "device norm"),
         "mock (%s norm): describe \"%s\"", host_norm ? "host" : "device", d);
  if (st) MOCK->free(st);
  long k0 = mock_kernel_launches();
  suite_run(MOCK);
  suite_trace(MOCK);
  suite_trace_bound(MOCK);
  cross_check();
  suite_decisions_match(&clm__linsolver_cpu, MOCK);
  long k = mock_kernel_launches() - k0;
  tap_ok(host_norm ? k == 0 : k > 0, "mock (%s norm): %ld kernel launches",
         host_norm ? "host" : "device", k);
}

/* Mock vs CPU on P = 300, n = 5000 rows in 64-row blocks: about 80 chunk
 * flushes and a dozen J'J panels. */
static void cross_check(void) {
  const size_t P = 300, n = 5000, block = 64;
  const clm_linsolver_type *T[2] = {&clm__linsolver_cpu, MOCK};
  suite_prob p;
  void *st[2] = {NULL, NULL};
  double JE[2][300], dg[2][300], x[2][300], b[300];
  double *JJ[2] = {calloc(P * P, sizeof(double)), calloc(P * P, sizeof(double))};
  int s = suite_prob_make(&p, n, P, 31337, P) == 0 && JJ[0] && JJ[1] ? CLM_OK : CLM_ENOMEM;
  const size_t sizes[] = {block, 5, block, 33};
  for (int k = 0; k < 2 && s == CLM_OK; k++) {
    s = T[k]->alloc(&st[k], P, block, 2);
    if (s == CLM_OK) s = suite_epoch(T[k], st[k], &p, sizes, 4, JE[k], dg[k]);
    if (s == CLM_OK) s = T[k]->get_jj(st[k], JJ[k]);
  }
  tap_ok(s == CLM_OK, "mock vs cpu: P=%zu n=%zu (%s)", P, n, clm_status_name(s));
  if (s == CLM_OK) {
    tap_ok(suite_relerr(JE[1], JE[0], P) < 1e-12 && suite_relerr(dg[1], dg[0], P) < 1e-12 &&
               suite_relerr_upper(JJ[1], JJ[0], P) < 1e-12 &&
               suite_relerr_upper(JJ[0], p.JJ, P) < 1e-12,
           "mock vs cpu: J'e %.1e, diag %.1e, J'J %.1e (cpu vs naive %.1e)",
           suite_relerr(JE[1], JE[0], P), suite_relerr(dg[1], dg[0], P),
           suite_relerr_upper(JJ[1], JJ[0], P), suite_relerr_upper(JJ[0], p.JJ, P));
    suite_rng r = {5};
    for (size_t i = 0; i < P; i++) b[i] = suite_unif(&r);
    for (int k = 0; k < 2 && s == CLM_OK; k++) s = T[k]->factor(st[k], 1.0 / n, 1e-6);
    for (int k = 0; k < 2 && s == CLM_OK; k++) s = T[k]->solve(st[k], b, x[k]);
    tap_ok(s == CLM_OK && suite_relerr(x[1], x[0], P) < 1e-9, "mock vs cpu: solve rel diff %.1e",
           suite_relerr(x[1], x[0], P));
    /* trainbr's trace of (beta JJ + alpha I)^-1: TRTRI and the kernels (or
     * the host panels) against the CPU backend's blocked kernel */
    double tr[2] = {NAN, NAN};
    long t0 = mock_trtri_calls();
    for (int k = 0; k < 2 && s == CLM_OK; k++) s = T[k]->trace_inv(st[k], 0.37, 2e-3, &tr[k]);
    double d = fabs(tr[1] - tr[0]) / fabs(tr[0]);
    tap_ok(s == CLM_OK && d < 1e-11 && mock_trtri_calls() == t0 + 1,
           "mock vs cpu: trace_inv %.15g vs %.15g, rel diff %.1e (one TRTRI)", tr[1], tr[0], d);
    /* and J'J survived it: the same solve again */
    for (int k = 0; k < 2 && s == CLM_OK; k++) s = T[k]->factor(st[k], 1.0 / n, 1e-6);
    for (int k = 0; k < 2 && s == CLM_OK; k++) s = T[k]->solve(st[k], b, x[k]);
    tap_ok(s == CLM_OK && suite_relerr(x[1], x[0], P) < 1e-9,
           "mock vs cpu: factor + solve after trace_inv, rel diff %.1e", suite_relerr(x[1], x[0], P));
  }
  for (int k = 0; k < 2; k++) {
    if (st[k]) T[k]->free(st[k]);
    free(JJ[k]);
  }
  suite_prob_free(&p);
}

/* ------------------------------------------------------------ evaluator */

/* A sink that forwards to the mock backend and counts the blocks that
 * arrived in pinned memory. */
typedef struct count_sink {
  void *st;
  size_t P;
  long blocks, pinned;
} count_sink;
static int count_rows(void *sink, const double *J, const double *e, size_t m, size_t P) {
  count_sink *c = sink;
  c->blocks++;
  c->pinned += mock_is_pinned(J, m * P * sizeof *J) && mock_is_pinned(e, m * sizeof *e);
  return MOCK->accumulate(c->st, J, e, m, P);
}
static int count_buffer(void *sink, size_t m, double **J, double **e) {
  count_sink *c = sink;
  return MOCK->block_buffer(c->st, m, J, e);
}
static int cpu_rows(void *sink, const double *J, const double *e, size_t m, size_t P) {
  return clm__linsolver_cpu.accumulate(sink, J, e, m, P);
}

/* The evaluator computing Jacobian blocks straight into the backend's
 * pinned buffers (clm__evalws_set_jbuffer + block_buffer), with 2 threads:
 * the same J'J, J'e and sse as the CPU backend fed from the evaluator's own
 * buffer. */
static void evaluator_checks(void) {
  const size_t R = 6, H = 24, K = 2, Q = 2500, hid[1] = {H};
  double *X = malloc(R * Q * sizeof *X), *T = malloc(K * Q * sizeof *T);
  suite_rng r = {11};
  for (size_t i = 0; X && i < R * Q; i++) X[i] = suite_unif(&r);
  for (size_t q = 0; T && q < Q; q++) {
    T[q * K] = sin(3 * X[q * R]) + X[q * R + 1];
    T[q * K + 1] = cos(2 * X[q * R + 2]) * X[q * R + 3];
  }
  clm_net *net = NULL;
  int s = X && T ? clm_feedforwardnet(&net, 1, hid) : CLM_ENOMEM;
  if (s == CLM_OK) s = clm_configure(net, X, R, T, K, Q, 5);
  const size_t P = s == CLM_OK ? net->n_wb : 0;
  double *Xp = malloc(R * Q * sizeof *Xp);
  unsigned char *skip = malloc(Q);
  clm_evalws *ws[2] = {NULL, NULL};
  void *st[2] = {NULL, NULL};
  double *JE[2] = {calloc(P + 1, sizeof(double)), calloc(P + 1, sizeof(double))};
  double *JJ[2] = {calloc(P * P + 1, sizeof(double)), calloc(P * P + 1, sizeof(double))};
  double sse[2] = {0, 0};
  size_t cnt[2] = {0, 0};
  count_sink cs = {NULL, P, 0, 0};
  if (s == CLM_OK) s = Xp && skip ? clm__data_prepare(net, X, Q, Xp, skip) : CLM_ENOMEM;
  clm_data d = {Q, Xp, T, skip};
  for (int k = 0; k < 2 && s == CLM_OK; k++) {
    s = clm__evalws_alloc(&ws[k], net, Q, 2);
    const clm_linsolver_type *t = k ? MOCK : &clm__linsolver_cpu;
    if (s == CLM_OK) s = t->alloc(&st[k], P, clm__evalws_block_rows(ws[k]), 2);
    if (s == CLM_OK) s = t->begin(st[k]);
    if (s == CLM_OK && k == 1) {
      cs.st = st[1];
      clm__evalws_set_jbuffer(ws[1], count_buffer);
      s = clm__eval_jacobian(ws[1], net, net->wb, &d, NULL, Q, count_rows, &cs, &sse[1], &cnt[1]);
    } else if (s == CLM_OK) {
      s = clm__eval_jacobian(ws[0], net, net->wb, &d, NULL, Q, cpu_rows, st[0], &sse[0], &cnt[0]);
    }
    if (s == CLM_OK) s = t->end(st[k], JE[k], NULL);
    if (s == CLM_OK) s = t->get_jj(st[k], JJ[k]);
  }
  tap_ok(s == CLM_OK && cs.blocks > 1 && cs.pinned == cs.blocks,
         "evaluator: %ld of %ld Jacobian blocks written straight into pinned buffers (P=%zu, "
         "%zu rows, %s)",
         cs.pinned, cs.blocks, P, Q * K, clm_status_name(s));
  if (s == CLM_OK)
    tap_ok(sse[0] == sse[1] && cnt[0] == cnt[1] && suite_relerr(JE[1], JE[0], P) < 1e-13 &&
               suite_relerr_upper(JJ[1], JJ[0], P) < 1e-13,
           "evaluator: same sse and count, J'e rel %.1e, J'J rel %.1e vs the cpu backend",
           suite_relerr(JE[1], JE[0], P), suite_relerr_upper(JJ[1], JJ[0], P));
  for (int k = 0; k < 2; k++) {
    if (st[k]) (k ? MOCK : &clm__linsolver_cpu)->free(st[k]);
    clm__evalws_free(ws[k]);
    free(JE[k]);
    free(JJ[k]);
  }
  clm_net_free(net);
  free(X);
  free(T);
  free(Xp);
  free(skip);
}

/* ------------------------------------------------------------ faults */

static void fault_checks(void) {
  mock_reset();
  /* Every allocation of alloc() failing in turn. */
  long k = 1, bad = 0;
  int s = CLM_ENOMEM;
  void *st = NULL;
  for (; k < 200; k++) {
    mock_fail_after(k);
    st = NULL;
    s = MOCK->alloc(&st, 40, 16, 1);
    if (s == CLM_OK) break;
    /* host and device memory: CLM_ENOMEM; a cuBLAS/cuSOLVER handle that
     * cannot be created: CLM_EDEVICE */
    if ((s != CLM_ENOMEM && s != CLM_EDEVICE) || st != NULL || mock_live_allocations() != 0) {
      tap_diag("allocation %ld failing: %s, state %p, %ld live", k, clm_status_name(s), st,
               mock_live_allocations());
      bad++;
    }
  }
  mock_fail_after(0);
  tap_ok(s == CLM_OK && bad == 0 && k > 10,
         "mock: each of the first %ld allocations failing gives CLM_ENOMEM/EDEVICE, no state, no leak "
         "(%ld bad)", k - 1, bad);
  if (st) {
    const size_t b16[] = {16};
    suite_prob p;
    double je[40];
    int ok = suite_prob_make(&p, 50, 40, 3, 40) == 0 &&
             suite_epoch(MOCK, st, &p, b16, 1, je, NULL) == CLM_OK;
    mock_fail_after(1);
    int sf = ok ? MOCK->factor(st, 1.0, 0.1) : -1;
    mock_fail_after(0);
    tap_ok(sf == CLM_EDEVICE, "mock: a failing cusolverDnXpotrf is CLM_EDEVICE (%s)",
           clm_status_name(sf));
    double x[40];
    int ss = MOCK->solve(st, je, x);
    tap_ok(ss != CLM_OK, "mock: solve after a failed factor is refused (%s)", clm_status_name(ss));
    suite_prob_free(&p);
    MOCK->free(st);
  }
  tap_ok(mock_live_allocations() == 0 && mock_open_libs() == 0,
         "mock: free releases everything (%ld allocations, %ld libraries left)",
         mock_live_allocations(), mock_open_libs());
}

int main(void) {
  load_checks();
  kernel_bodies();
  backend_suite(0);
  backend_suite(1);
  mock_reset();
  set_jj_ordering();
  schedule_checks();
  bound_checks();
  evaluator_checks();
  fault_checks();
  tap_ok(mock_misuse_count() == 0, "mock: no call touched memory of the wrong kind (%ld; %s)",
         mock_misuse_count(), mock_last_misuse());
  return tap_done();
}
