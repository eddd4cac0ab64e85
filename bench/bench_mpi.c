/* chaoslm — distributed trainlm: epoch time with 1 and N ranks and the
 * share of it spent in MPI (built with MPI, never run by `make check`).
 *
 * Run on one node, one OpenMP thread and one OpenBLAS thread per rank:
 *   OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 mpirun -np 2 bench/bench_mpi
 * (as root add OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1).
 *
 * For each problem (dividetrain, trainlm, fixed seeds; R-H-O network with
 * P weights, Q samples; x uniform on [-1,1]^R, s = sum x_i / sqrt(R),
 * t1 = sin(2 s) + 0.3 x_1 x_2, t2 = tanh(x_R - x_1) + 0.2 cos(3 x_2)):
 *   1 rank:  rank 0 trains all Q samples through clm_train_mpi on
 *            MPI_COMM_SELF while the others wait;
 *   N ranks: every rank trains its clm_mpi_share of the samples on
 *            MPI_COMM_WORLD.
 * ms/epoch = (time[E] - time[0]) / E from the record (setup and epoch 0
 * excluded).  The MPI time is measured through the PMPI profiling
 * interface: this program defines MPI_Allreduce and MPI_Bcast, times them
 * and calls PMPI_*; the library's calls land here.  "comm" is that time per
 * epoch on rank 0, waiting for slower ranks included.  The model column is
 * the reduction alone: one Allreduce of P(P+1)/2 + P + 1 doubles timed
 * separately (best of 5).
 *
 * Usage: bench_mpi [--epochs E] [--case small|wide|large|all]
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chaoslm.h"
#include "chaoslm/mpi.h"
#include "bench_util.h"

/* ---- PMPI timing (bench program state, not library state) ---- */
static double mpi_time = 0.0;
static long mpi_calls = 0;

int MPI_Allreduce(const void *s, void *r, int n, MPI_Datatype t, MPI_Op op, MPI_Comm c) {
  double t0 = PMPI_Wtime();
  int rc = PMPI_Allreduce(s, r, n, t, op, c);
  mpi_time += PMPI_Wtime() - t0;
  mpi_calls++;
  return rc;
}
int MPI_Bcast(void *b, int n, MPI_Datatype t, int root, MPI_Comm c) {
  double t0 = PMPI_Wtime();
  int rc = PMPI_Bcast(b, n, t, root, c);
  mpi_time += PMPI_Wtime() - t0;
  mpi_calls++;
  return rc;
}

typedef struct bcase {
  const char *name;
  size_t R, H, O, Q;
} bcase;

/* Train E epochs; returns ms/epoch and the MPI ms/epoch of this rank. */
static int run(const bcase *c, const double *X, const double *T, size_t Q, size_t E,
               MPI_Comm comm, double *ms, double *comm_ms, size_t *P) {
  size_t hs[1] = {c->H};
  clm_net *net = NULL;
  clm_feedforwardnet(&net, 1, hs);
  clm_net_set_divide(net, CLM_DIVIDETRAIN, 1, 0, 0);
  clm_trainparam p = clm_trainparam_default(clm_trainlm);
  p.epochs = E;
  p.min_grad = 0;
  p.mu_max = 1e300;
  p.threads = 1;
  p.seed = 5;
  p.backend = CLM_BACKEND_CPU;
  clm_record rec;
  clm_record_init(&rec);
  double t0 = mpi_time;
  int st = clm_train_mpi(net, clm_trainlm, X, c->R, T, c->O, Q, &p, &rec, comm);
  if (st == CLM_OK && rec.num_epochs > 0) {
    *ms = 1e3 * (rec.time[rec.num_epochs] - rec.time[0]) / (double)rec.num_epochs;
    *comm_ms = 1e3 * (mpi_time - t0) / (double)(rec.num_epochs + 1);
    *P = clm_net_num_weights(net);
  }
  clm_record_free(&rec);
  clm_net_free(net);
  return st;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  size_t E = 10;
  const char *which = "all";
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--epochs") && i + 1 < argc) E = (size_t)atol(argv[++i]);
    else if (!strcmp(argv[i], "--case") && i + 1 < argc) which = argv[++i];
  }
  static const bcase cases[] = {
    {"small", 4, 10, 1, 20000},
    {"wide", 8, 40, 2, 20000},
    {"large", 16, 64, 2, 10000},
  };
  if (rank == 0)
    printf("%-6s %5s %6s %5s %10s %10s %7s %10s %8s\n", "case", "P", "Q", "ranks", "ms/epoch",
           "comm ms", "share", "reduce ms", "speedup");
  int rc = 0;
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    const bcase *c = &cases[k];
    if (strcmp(which, "all") && strcmp(which, c->name)) continue;
    double *X = malloc(c->Q * c->R * sizeof *X), *T = malloc(c->Q * c->O * sizeof *T);
    uint64_t rs = 0x9E3779B97F4A7C15ULL;
    bench_fit_data(c->R, c->O, c->Q, &rs, X, T);
    double ms1 = NAN, cm1 = NAN, msN = NAN, cmN = NAN;
    size_t P = 0;
    int st = CLM_OK;
    /* 1 rank: rank 0 alone */
    if (rank == 0) st = run(c, X, T, c->Q, E, MPI_COMM_SELF, &ms1, &cm1, &P);
    MPI_Barrier(MPI_COMM_WORLD);
    /* N ranks */
    size_t b, e;
    clm_mpi_share(c->Q, rank, size, &b, &e);
    int st2 = run(c, X + b * c->R, T + b * c->O, e - b, E, MPI_COMM_WORLD, &msN, &cmN, &P);
    /* the reduction alone */
    size_t n = P * (P + 1) / 2 + P + 1;
    double *buf = calloc(n, sizeof *buf), best = INFINITY;
    for (int r = 0; r < 5; r++) {
      MPI_Barrier(MPI_COMM_WORLD);
      double t0 = MPI_Wtime();
      PMPI_Allreduce(MPI_IN_PLACE, buf, (int)n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
      double t = MPI_Wtime() - t0;
      if (t < best) best = t;
    }
    free(buf);
    if (rank == 0) {
      if (st != CLM_OK || st2 != CLM_OK) {
        printf("%-6s failed: %s / %s\n", c->name, clm_strerror(st), clm_strerror(st2));
        rc = 1;
      } else {
        printf("%-6s %5zu %6zu %5d %10.2f %10.2f %6.1f%% %10s %8s\n", c->name, P, c->Q, 1, ms1,
               cm1, 100.0 * cm1 / ms1, "-", "1.00");
        char red[32], sp[32];
        snprintf(red, sizeof red, "%.2f", 1e3 * best);
        snprintf(sp, sizeof sp, "%.2f", ms1 / msN);
        printf("%-6s %5zu %6zu %5d %10.2f %10.2f %6.1f%% %10s %8s\n", c->name, P, c->Q, size,
               msN, cmN, 100.0 * cmN / msN, red, sp);
      }
      fflush(stdout);
    }
    free(X);
    free(T);
  }
  MPI_Finalize();
  return rc;
}
