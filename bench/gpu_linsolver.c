/* chaoslm bench — CPU vs GPU linear-solver backend, milliseconds per trainlm
 * epoch of backend work.
 *
 * One "epoch" is what trainlm asks of its backend each epoch: begin, the
 * accumulation of J'J and J'e from `rows` Jacobian rows delivered in blocks of
 * about 2 MiB (the evaluator's block size), end, then one factor of
 * (J'J/rows + mu I) and one solve.  The Jacobian rows themselves are not
 * computed here (a pool of random blocks is replayed), so the numbers are the
 * backend's share of an epoch; see bench/README.md for the full-epoch view.
 * Both backends run in the same process on the same blocks; the table gives
 * best-of-reps times, the speed-up and the relative difference of the two
 * solutions.
 *
 * Usage: gpu_linsolver [--cpu-threads T] [--budget SECONDS] [--no-cpu] [P:ROWS ...]
 * Default cases: 442:40000 1218:40000 5000:40000 10000:20000.  --no-cpu
 * times the GPU alone (no speed-up, no solution check).
 * GPL-3.0-or-later. */
#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cblas.h>
#include "linsolver.h"
#include "bench_util.h"

static double now_s(void) { return bench_now(); }

static double unif(uint64_t *s) { return splitmix_uniform(s) * 2.0 - 1.0; }

#define POOL 4

typedef struct timing {
  double acc_ms, fs_ms; /* best accumulation (begin..end), best factor+solve */
  int reps, status;
} timing;

/* Run epochs of backend t until `budget` seconds are spent (at least one,
 * at most 7); x receives the solution of the last one. */
static timing run_backend(const clm_linsolver_type *t, size_t P, size_t rows, size_t block,
                          double *const pool_J[POOL], double *const pool_e[POOL], int threads,
                          double budget, const double *b, double *x) {
  timing tm = {INFINITY, INFINITY, 0, CLM_OK};
  void *st = NULL;
  double *JE = malloc(P * sizeof *JE);
  tm.status = JE ? t->alloc(&st, P, block, threads) : CLM_ENOMEM;
  double t_start = now_s();
  while (tm.status == CLM_OK && tm.reps < 7 && (tm.reps == 0 || now_s() - t_start < budget)) {
    double t0 = now_s();
    int s = t->begin(st);
    for (size_t r = 0, k = 0; s == CLM_OK && r < rows; r += block, k++) {
      size_t m = rows - r < block ? rows - r : block;
      s = t->accumulate(st, pool_J[k % POOL], pool_e[k % POOL], m, P);
    }
    if (s == CLM_OK) s = t->end(st, JE, NULL);
    double t1 = now_s();
    if (s == CLM_OK) s = t->factor(st, 1.0 / (double)rows, 1e-3);
    if (s == CLM_OK) s = t->solve(st, b, x);
    double t2 = now_s();
    tm.status = s;
    if (s != CLM_OK) break;
    if (1e3 * (t1 - t0) < tm.acc_ms) tm.acc_ms = 1e3 * (t1 - t0);
    if (1e3 * (t2 - t1) < tm.fs_ms) tm.fs_ms = 1e3 * (t2 - t1);
    tm.reps++;
  }
  if (st && t->describe && t->kind == CLM_BACKEND_GPU) printf("# %s: %s\n", t->name, t->describe(st));
  if (st) t->free(st);
  free(JE);
  return tm;
}

int main(int argc, char **argv) {
  int cpu_threads = 0, no_cpu = 0;
  double budget = 2.0;
  size_t cases[16][2];
  size_t n_cases = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--cpu-threads") && i + 1 < argc) {
      cpu_threads = atoi(argv[++i]);
    } else if (!strcmp(argv[i], "--no-cpu")) {
      no_cpu = 1;
    } else if (!strcmp(argv[i], "--budget") && i + 1 < argc) {
      budget = atof(argv[++i]);
    } else if (n_cases < 16 && sscanf(argv[i], "%zu:%zu", &cases[n_cases][0],
                                      &cases[n_cases][1]) == 2) {
      n_cases++;
    } else {
      fprintf(stderr, "usage: %s [--cpu-threads T] [--budget S] [--no-cpu] [P:ROWS ...]\n",
              argv[0]);
      return 2;
    }
  }
  if (n_cases == 0) {
    const size_t def[4][2] = {{442, 40000}, {1218, 40000}, {5000, 40000}, {10000, 20000}};
    memcpy(cases, def, sizeof def);
    n_cases = 4;
  }
  if (cpu_threads > 0) bench_blas_threads(cpu_threads);

  char why[160] = "not compiled in";
  int gpu = 0;
#ifdef HAVE_CUDA
  gpu = clm__linsolver_cuda.available(why, sizeof why);
#endif
  printf("# backend work per trainlm epoch: J'J + J'e over ROWS rows (about 2 MiB blocks),\n"
         "# one factor + one solve; best of up to 7 epochs (budget %.1f s per case)\n", budget);
  printf("# CPU: OpenBLAS/LAPACKE, %d thread(s) (0 = default); GPU: %s\n", cpu_threads, why);
  printf("%6s %6s %6s | %10s %10s %10s | %10s %10s %10s | %8s %9s\n", "P", "rows", "block",
         "cpu_acc", "cpu_fs", "cpu_ms", "gpu_acc", "gpu_fs", "gpu_ms", "speedup", "x_reldiff");

  int rc = 0;
  for (size_t c = 0; c < n_cases; c++) {
    size_t P = cases[c][0], rows = cases[c][1];
    size_t block = ((size_t)2 << 20) / (P * sizeof(double));
    block = block < 64 ? 64 : block / 64 * 64;
    if (block > rows) block = rows;
    double *pool_J[POOL] = {0}, *pool_e[POOL] = {0};
    double *b = malloc(P * sizeof *b), *x0 = malloc(P * sizeof *x0), *x1 = malloc(P * sizeof *x1);
    uint64_t seed = 4242 + P;
    int ok = b && x0 && x1;
    for (int k = 0; k < POOL && ok; k++) {
      pool_J[k] = malloc(block * P * sizeof(double));
      pool_e[k] = malloc(block * sizeof(double));
      ok = pool_J[k] && pool_e[k];
      for (size_t i = 0; ok && i < block * P; i++) pool_J[k][i] = unif(&seed);
      for (size_t i = 0; ok && i < block; i++) pool_e[k][i] = unif(&seed);
    }
    if (!ok) {
      printf("%6zu %6zu: out of memory\n", P, rows);
      rc = 1;
    } else {
      for (size_t i = 0; i < P; i++) b[i] = unif(&seed);
      timing tc = {NAN, NAN, 0, CLM_OK};
      if (!no_cpu)
        tc = run_backend(&clm__linsolver_cpu, P, rows, block, pool_J, pool_e, cpu_threads, budget,
                         b, x0);
      timing tg = {NAN, NAN, 0, CLM_OK};
#ifdef HAVE_CUDA
      if (gpu)
        tg = run_backend(&clm__linsolver_cuda, P, rows, block, pool_J, pool_e, 0, budget, b, x1);
#endif
      if (tc.status != CLM_OK || tg.status != CLM_OK) {
        printf("%6zu %6zu %6zu | error: cpu %s, gpu %s\n", P, rows, block,
               clm_status_name(tc.status), clm_status_name(tg.status));
        rc = 1;
      } else if (gpu) {
        double dmax = no_cpu ? NAN : 0, xmax = 0;
        for (size_t i = 0; !no_cpu && i < P; i++) {
          if (fabs(x1[i] - x0[i]) > dmax) dmax = fabs(x1[i] - x0[i]);
          if (fabs(x0[i]) > xmax) xmax = fabs(x0[i]);
        }
        double ct = tc.acc_ms + tc.fs_ms, gt = tg.acc_ms + tg.fs_ms;
        printf("%6zu %6zu %6zu | %10.2f %10.2f %10.2f | %10.2f %10.2f %10.2f | %7.1fx %9.1e\n", P,
               rows, block, tc.acc_ms, tc.fs_ms, ct, tg.acc_ms, tg.fs_ms, gt, ct / gt,
               xmax > 0 ? dmax / xmax : dmax);
      } else {
        printf("%6zu %6zu %6zu | %10.2f %10.2f %10.2f | %10s %10s %10s | %8s %9s\n", P, rows,
               block, tc.acc_ms, tc.fs_ms, tc.acc_ms + tc.fs_ms, "-", "-", "-", "-", "-");
      }
      fflush(stdout);
    }
    for (int k = 0; k < POOL; k++) {
      free(pool_J[k]);
      free(pool_e[k]);
    }
    free(b);
    free(x0);
    free(x1);
  }
  return rc;
}
