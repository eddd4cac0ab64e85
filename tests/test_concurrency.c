/* chaoslm tests — concurrency.
 *
 * 1. Eight networks (different shapes, trainers and seeds) are trained one
 *    at a time, then again from 4 POSIX threads at once (each thread takes
 *    networks from a shared counter, so the assignment differs run to run).
 *    Weights, records (perf per epoch, stop reason, best epoch) and the saved
 *    file text must be bit-identical.
 * 2. Two threads simulate the same const network many times while the main
 *    thread does the same; every output must equal the single-threaded one.
 * 3. Each thread also saves its network to its own file and loads it back.
 * Every library call uses threads = 1 inside (OpenMP off in the workers) so
 * that the comparison is exact.  GPL-3.0-or-later. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "chaoslm.h"

#define NJOB 8
#define NTHREAD 4
#define R 3
#define O 2
#define Q 60

static double X[R * Q], T[O * Q];

typedef struct job {
  int id;
  clm_net *net;
  clm_record rec;
  char *text; /* saved file text after training */
  int status;
  char path[96];
  int file_ok;
} job;

static const clm_trainer_type *trainer_of(int id) {
  return id % 3 == 0 ? clm_trainlm : id % 3 == 1 ? clm_traingd : clm_traingdm;
}

static void job_setup(job *j, int id) {
  memset(j, 0, sizeof *j);
  j->id = id;
  size_t h[2] = {(size_t)(2 + id % 4), 3};
  clm_feedforwardnet(&j->net, (size_t)(1 + id % 2), h);
  if (id % 4 == 3) clm_net_set_transfer(j->net, 1, CLM_LOGSIG);
  clm_record_init(&j->rec);
}

static void job_run(job *j) {
  const clm_trainer_type *tt = trainer_of(j->id);
  clm_trainparam p = clm_trainparam_default(tt);
  p.epochs = tt == clm_trainlm ? 150 : 600;
  p.max_fail = 1000; /* run all epochs: more overlap between the threads */
  p.seed = 1000 + (uint64_t)j->id;
  p.threads = 1;
  p.backend = CLM_BACKEND_CPU;
  if (j->id == 6) { /* one with chaotic initialisation */
    p.chaos.init = 1;
    p.chaos.init_evals = 40;
  }
  j->status = clm_train_sized(j->net, tt, X, R, T, O, Q, &p, &j->rec);
  size_t n;
  if (j->status == CLM_OK) clm_net_save_buffer(j->net, &j->text, &n);
  if (j->path[0] && j->status == CLM_OK) {
    clm_net *back = NULL;
    char *t2 = NULL;
    j->file_ok = clm_net_save(j->net, j->path) == CLM_OK && clm_net_load(j->path, &back) == CLM_OK &&
                 clm_net_save_buffer(back, &t2, &n) == CLM_OK && strcmp(t2, j->text) == 0;
    free(t2);
    clm_net_free(back);
    unlink(j->path);
  }
}

static void job_free(job *j) {
  clm_net_free(j->net);
  clm_record_free(&j->rec);
  free(j->text);
}

static job par[NJOB];
static int next_job = 0;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&lock);
    int k = next_job < NJOB ? next_job++ : -1;
    pthread_mutex_unlock(&lock);
    if (k < 0) return NULL;
    job_run(&par[k]);
  }
}

static int same_record(const clm_record *a, const clm_record *b) {
  if (a->stop != b->stop || a->num_epochs != b->num_epochs || a->best_epoch != b->best_epoch) return 0;
  if (memcmp(&a->best_perf, &b->best_perf, sizeof a->best_perf) != 0) return 0;
  if (a->n_train != b->n_train || a->n_val != b->n_val || a->n_test != b->n_test) return 0;
  for (size_t e = 0; e <= a->num_epochs; e++) {
    if (memcmp(&a->perf[e], &b->perf[e], sizeof(double)) != 0) return 0;
    if (memcmp(&a->gradient[e], &b->gradient[e], sizeof(double)) != 0) return 0;
    if (!(isnan(a->vperf[e]) && isnan(b->vperf[e])) &&
        memcmp(&a->vperf[e], &b->vperf[e], sizeof(double)) != 0)
      return 0;
  }
  return memcmp(a->train_ind, b->train_ind, a->n_train * sizeof(size_t)) == 0;
}

/* ------------------------------------------------------------------ */
/* Shared const network simulated from several threads                */

#define NSIM 200
static const clm_net *shared_net;
static double Yref[O * Q];

static void *sim_worker(void *arg) {
  int *bad = arg;
  double Y[O * Q];
  for (int k = 0; k < NSIM; k++) {
    if (clm_sim(shared_net, X, Q, Y, 1) != CLM_OK || memcmp(Y, Yref, sizeof Y) != 0) (*bad)++;
    double perf;
    if (clm_perform(shared_net, X, T, Q, &perf, NULL) != CLM_OK || !isfinite(perf)) (*bad)++;
  }
  return NULL;
}

int main(void) {
  for (size_t q = 0; q < Q; q++) {
    double a = (double)q / Q * 4 - 2, b = cos(0.37 * (double)q), c = (double)((q * 7) % 11) / 5.0;
    X[q * R + 0] = a;
    X[q * R + 1] = b;
    X[q * R + 2] = c;
    T[q * O + 0] = sin(a) * b + 0.1 * c;
    T[q * O + 1] = a * a - c;
  }

  /* Sequential reference. */
  job seq[NJOB];
  for (int i = 0; i < NJOB; i++) {
    job_setup(&seq[i], i);
    job_run(&seq[i]);
    tap_ok(seq[i].status == CLM_OK && seq[i].text, "sequential job %d (%s) trained", i,
           clm_trainer_name(trainer_of(i)));
  }
  /* The same jobs from 4 threads at once. */
  for (int i = 0; i < NJOB; i++) {
    job_setup(&par[i], i);
    snprintf(par[i].path, sizeof par[i].path, "test_concurrency-%ld-%d.clm", (long)getpid(), i);
  }
  pthread_t th[NTHREAD];
  int started = 0;
  for (int t = 0; t < NTHREAD; t++)
    if (pthread_create(&th[t], NULL, worker, NULL) == 0) started++;
  for (int t = 0; t < started; t++) pthread_join(th[t], NULL);
  tap_ok(started == NTHREAD, "%d worker threads started", started);
  for (int i = 0; i < NJOB; i++) {
    tap_ok(par[i].status == CLM_OK && par[i].text && seq[i].text && strcmp(par[i].text, seq[i].text) == 0,
           "job %d: threaded network bit-identical to the sequential one", i);
    tap_ok(same_record(&par[i].rec, &seq[i].rec), "job %d: threaded record identical (%zu epochs, %s)", i,
           par[i].rec.num_epochs, clm_stop_text(par[i].rec.stop));
    tap_ok(par[i].file_ok, "job %d: saved and reloaded from its own file in its thread", i);
  }

  /* Two threads (plus this one) simulating the same const network. */
  shared_net = seq[0].net;
  tap_ok(clm_sim(shared_net, X, Q, Yref, 1) == CLM_OK, "reference simulation");
  int bad[3] = {0, 0, 0};
  pthread_t s1, s2;
  int ok1 = pthread_create(&s1, NULL, sim_worker, &bad[0]) == 0;
  int ok2 = pthread_create(&s2, NULL, sim_worker, &bad[1]) == 0;
  sim_worker(&bad[2]);
  if (ok1) pthread_join(s1, NULL);
  if (ok2) pthread_join(s2, NULL);
  tap_ok(ok1 && ok2 && bad[0] == 0 && bad[1] == 0 && bad[2] == 0,
         "3 threads x %d simulations of one const network: all bit-identical (%d/%d/%d bad)", NSIM,
         bad[0], bad[1], bad[2]);

  for (int i = 0; i < NJOB; i++) {
    job_free(&seq[i]);
    job_free(&par[i]);
  }
  return tap_done();
}
