/* chaoslm tests — checkpoints during long training (issue 8).
 *
 * The option: clm_trainparam.checkpoint_path / checkpoint_every and the
 * driver hook in solvers/train.c (doc/reliability.md, "Checkpoints").
 *
 * 1. A child process trains with checkpoint_every = 10 and is killed
 *    (_exit from the epoch callback, as a crash) at epoch 25.  The
 *    checkpoint file must load and be bit-identical to the network that an
 *    uninterrupted 20-epoch run returns (the best network up to epoch 20):
 *    at most N = 10 epochs of work are lost.
 * 2. Resuming: training the loaded checkpoint again starts from its
 *    performance (record perf[0] equals the checkpointed best perf) and
 *    does not end worse.
 * 3. The checkpoint is written atomically: it is always a complete file
 *    (checked after every epoch from the callback).
 * 4. Invalid settings: an empty path or checkpoint_every = 0 with a path is
 *    CLM_EPARAM; an unwritable path fails the checkpoint but not the
 *    training (record.checkpoint_status = CLM_EIO, the trained network is
 *    returned).
 * GPL-3.0-or-later. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"
#include "chaoslm.h"

#define R 2
#define Q 80
static double X[R * Q], T[Q];
static char path[128];

static clm_trainparam params(void) {
  clm_trainparam p = clm_trainparam_default(clm_trainlm);
  p.epochs = 40;
  p.max_fail = 1000;
  p.seed = 11;
  p.threads = 1;
  p.backend = CLM_BACKEND_CPU;
  return p;
}

static clm_net *fresh(void) {
  size_t h = 6;
  clm_net *net = NULL;
  clm_feedforwardnet(&net, 1, &h);
  clm_configure(net, X, R, T, 1, Q, 5);
  return net;
}

static int crash_at(void *user, size_t epoch, double perf, double vperf, double tperf) {
  (void)user, (void)perf, (void)vperf, (void)tperf;
  if (epoch == 25) _exit(0);
  return 0;
}

static int complete_every_epoch(void *user, size_t epoch, double perf, double vperf, double tperf) {
  (void)perf, (void)vperf, (void)tperf;
  int *bad = user;
  if (epoch >= 5) {
    clm_net *o = NULL;
    if (clm_net_load(path, &o) != CLM_OK) (*bad)++;
    clm_net_free(o);
  }
  return 0;
}

static char *text_of(const clm_net *net) {
  char *t = NULL;
  size_t n;
  return clm_net_save_buffer(net, &t, &n) == CLM_OK ? t : NULL;
}

int main(void) {
  for (size_t q = 0; q < Q; q++) {
    X[q * R] = sin(0.3 * (double)q);
    X[q * R + 1] = (double)(q % 9) / 4.0;
    T[q] = X[q * R] * X[q * R + 1] + 0.2 * cos((double)q);
  }
  snprintf(path, sizeof path, "test_checkpoint-%ld.clm", (long)getpid());
  unlink(path);

  /* 1. crash at epoch 25 with checkpoints every 10 epochs */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    clm_net *net = fresh();
    clm_trainparam p = params();
    p.checkpoint_path = path;
    p.checkpoint_every = 10;
    p.callback = crash_at;
    clm_train(net, NULL, X, T, Q, &p, NULL);
    _exit(3); /* not reached */
  }
  int ws = 0;
  waitpid(pid, &ws, 0);
  tap_ok(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "training process ended abruptly at epoch 25");
  clm_net *ck = NULL;
  tap_ok(clm_net_load(path, &ck) == CLM_OK, "checkpoint file loads");
  clm_net *ref = fresh();
  clm_trainparam p = params();
  p.epochs = 20;
  clm_record rr;
  clm_record_init(&rr);
  tap_ok(clm_train(ref, NULL, X, T, Q, &p, &rr) == CLM_OK, "reference run of 20 epochs");
  char *a = ck ? text_of(ck) : NULL, *b = text_of(ref);
  tap_ok(a && b && strcmp(a, b) == 0, "checkpoint = best network of the first 20 epochs (<= 10 epochs lost)");
  free(a);
  free(b);

  /* 2. resume */
  if (ck) {
    clm_record rc;
    clm_record_init(&rc);
    p = params();
    p.epochs = 20;
    tap_ok(clm_train(ck, NULL, X, T, Q, &p, &rc) == CLM_OK, "resume from the checkpoint");
    tap_ok(rc.perf && rc.perf[0] == rr.best_perf, "resumed run starts at the checkpointed perf (%g)",
           rc.perf ? rc.perf[0] : NAN);
    tap_ok(rc.best_perf <= rr.best_perf, "resumed run does not end worse (%g <= %g)", rc.best_perf,
           rr.best_perf);
    clm_record_free(&rc);
  }
  clm_net_free(ck);
  clm_record_free(&rr);
  clm_net_free(ref);

  /* 3. always a complete file */
  unlink(path);
  {
    clm_net *net = fresh();
    int bad = 0;
    p = params();
    p.checkpoint_path = path;
    p.checkpoint_every = 1;
    p.callback = complete_every_epoch;
    p.callback_user = &bad;
    tap_ok(clm_train(net, NULL, X, T, Q, &p, NULL) == CLM_OK && bad == 0,
           "checkpoint readable after every epoch (%d failures)", bad);
    clm_net *fin = NULL;
    char *x = NULL, *y = NULL;
    tap_ok(clm_net_load(path, &fin) == CLM_OK && (x = text_of(fin)) && (y = text_of(net)) && !strcmp(x, y),
           "final checkpoint equals the returned network");
    free(x);
    free(y);
    clm_net_free(fin);
    clm_net_free(net);
  }

  /* 4. invalid settings and an unwritable path */
  {
    clm_net *net = fresh();
    char *before = text_of(net);
    char msg[160];
    p = params();
    p.checkpoint_path = "";
    p.checkpoint_every = 5;
    tap_ok(clm_trainparam_check(clm_trainlm, &p, msg, sizeof msg) == CLM_EPARAM, "empty checkpoint_path: EPARAM (%s)", msg);
    p.checkpoint_path = path;
    p.checkpoint_every = 0;
    tap_ok(clm_trainparam_check(clm_trainlm, &p, msg, sizeof msg) == CLM_EPARAM, "checkpoint_every 0: EPARAM (%s)", msg);
    char *after = text_of(net);
    tap_ok(clm_train(net, NULL, X, T, Q, &p, NULL) == CLM_EPARAM && after && !strcmp(before, after),
           "clm_train refuses it, network unchanged");
    free(after);
    p.checkpoint_path = "/nonexistent-dir-clm/ck.clm";
    p.checkpoint_every = 5;
    clm_record rec;
    clm_record_init(&rec);
    int st = clm_train(net, NULL, X, T, Q, &p, &rec);
    tap_ok(st == CLM_OK && rec.checkpoint_status == CLM_EIO,
           "unwritable checkpoint: training completes (%s), record.checkpoint_status %s", clm_status_name(st),
           clm_status_name(rec.checkpoint_status));
    clm_record_free(&rec);
    free(before);
    clm_net_free(net);
  }
  unlink(path);
  return tap_done();
}
