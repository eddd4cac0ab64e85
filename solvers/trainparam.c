/* chaoslm — training parameters: MATLAB's defaults and their checks; the
 * trainer name table; stop-reason texts.
 *
 * Defaults (MATLAB trainParam, current documentation; shared
 * matlab-semantics.md §1.1-1.2): epochs 1000, goal 0, max_fail 6, show 25,
 * showCommandLine false, time Inf; min_grad 1e-7 for trainlm and 1e-5 for
 * traingd/traingdm; mu 1e-3, mu_dec 0.1, mu_inc 10, mu_max 1e10; lr 0.01,
 * mc 0.9.
 *
 * Checks follow trainlm's parameter info block (§1.2): mu > 0, mu_dec in
 * [0,1], mu_inc > 1, mu_max > 0, goal >= 0, min_grad >= 0, lr > 0, mc in
 * [0,1], time > 0.  NaN is rejected everywhere.  Where an infinite value
 * would make the loop run forever or produce no number (mu, mu_inc, mu_max,
 * lr) it must be finite too; goal, min_grad and time may be +Inf.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "trainer.h"

/* Every trainer, the one list to extend when a trainer is added. */
const clm_trainer_type *const clm__trainers[CLM__N_TRAINERS] = {
  &clm__trainlm_type, &clm__traingd_type, &clm__traingdm_type
};

const char *clm_trainer_name(const clm_trainer_type *t) { return t ? t->name : NULL; }

const clm_trainer_type *clm_trainer_from_name(const char *name) {
  if (!name) return NULL;
  for (size_t i = 0; i < CLM__N_TRAINERS; i++) {
    const clm_trainer_type *t = clm__trainers[i];
    if (strcmp(t->name, name) == 0) return t;
  }
  return NULL;
}

int clm_net_set_trainfcn(clm_net *net, const char *name) {
  if (!net || !name) return CLM_ENULL;
  const clm_trainer_type *t = clm_trainer_from_name(name);
  if (!t) return CLM_ETRAINER;
  snprintf(net->train_fcn, sizeof net->train_fcn, "%s", t->name);
  return CLM_OK;
}

const char *clm_backend_name(clm_backend b) {
  switch (b) {
  case CLM_BACKEND_AUTO: return "auto";
  case CLM_BACKEND_CPU: return "cpu";
  case CLM_BACKEND_GPU: return "gpu";
  default: return NULL;
  }
}

const char *clm_stop_text(clm_stop s) {
  switch (s) {
  case CLM_STOP_NONE: return "";
  case CLM_STOP_USER: return "User stop.";
  case CLM_STOP_GOAL: return "Performance goal met.";
  case CLM_STOP_EPOCHS: return "Maximum epoch reached.";
  case CLM_STOP_TIME: return "Maximum time elapsed.";
  case CLM_STOP_MIN_GRAD: return "Minimum gradient reached.";
  case CLM_STOP_MU_MAX: return "Maximum MU reached.";
  case CLM_STOP_VALIDATION: return "Validation stop.";
  default: return NULL;
  }
}

clm_trainparam clm_trainparam_default(const clm_trainer_type *t) {
  clm_trainparam p;
  memset(&p, 0, sizeof p);
  if (!t) t = clm_trainlm;
  p.epochs = 1000;
  p.goal = 0.0;
  p.max_fail = 6;
  p.min_grad = t->min_grad;
  p.show = 25;
  p.show_command_line = 0;
  p.time = INFINITY;
  p.mu = 1e-3;
  p.mu_dec = 0.1;
  p.mu_inc = 10.0;
  p.mu_max = 1e10;
  p.lr = 0.01;
  p.mc = 0.9;
  p.seed = 0;
  p.threads = 0;
  p.backend = CLM_BACKEND_AUTO;
  p.callback = NULL;
  p.callback_user = NULL;
  p.writer = NULL;
  p.writer_user = NULL;
  p.stop_flag = NULL;
  p.chaos = clm_chaosparam_default(); /* §6.9 values, init/escape off */
  return p;
}

/* Write "field = value violates bound" into msg and return CLM_EPARAM. */
static int bad(char *msg, size_t msg_len, const char *field, double v, const char *bound) {
  if (msg && msg_len) snprintf(msg, msg_len, "%s = %.17g violates %s", field, v, bound);
  return CLM_EPARAM;
}

int clm_trainparam_check(const clm_trainer_type *t, const clm_trainparam *p,
                         char *msg, size_t msg_len) {
  if (msg && msg_len) msg[0] = '\0';
  if (!p) return CLM_ENULL;
  if (!t) t = clm_trainlm;
  /* common */
  if (!(p->goal >= 0)) return bad(msg, msg_len, "goal", p->goal, "goal >= 0");
  if (!(p->min_grad >= 0)) return bad(msg, msg_len, "min_grad", p->min_grad, "min_grad >= 0");
  if (!(p->time > 0)) return bad(msg, msg_len, "time", p->time, "time > 0 (Inf allowed)");
  if (p->threads < 0) return bad(msg, msg_len, "threads", p->threads, "threads >= 0");
  if ((int)p->backend < 0 || p->backend >= CLM_BACKEND_COUNT_)
    return bad(msg, msg_len, "backend", (double)p->backend, "a clm_backend value");
  if (p->show_command_line != 0 && p->show_command_line != 1)
    return bad(msg, msg_len, "show_command_line", p->show_command_line, "0 or 1");
  /* trainlm: checked for every trainer, since MATLAB's defaults must pass */
  if (t->uses_mu) {
    if (!(p->mu > 0) || !isfinite(p->mu)) return bad(msg, msg_len, "mu", p->mu, "0 < mu < Inf");
    if (!(p->mu_dec >= 0 && p->mu_dec <= 1))
      return bad(msg, msg_len, "mu_dec", p->mu_dec, "0 <= mu_dec <= 1");
    if (!(p->mu_inc > 1) || !isfinite(p->mu_inc))
      return bad(msg, msg_len, "mu_inc", p->mu_inc, "1 < mu_inc < Inf");
    if (!(p->mu_max > 0) || !isfinite(p->mu_max))
      return bad(msg, msg_len, "mu_max", p->mu_max, "0 < mu_max < Inf");
  } else {
    if (!(p->lr > 0) || !isfinite(p->lr)) return bad(msg, msg_len, "lr", p->lr, "0 < lr < Inf");
    if (t == clm_traingdm && !(p->mc >= 0 && p->mc <= 1))
      return bad(msg, msg_len, "mc", p->mc, "0 <= mc <= 1");
  }
  if (p->checkpoint_path) {
    if (!p->checkpoint_path[0])
      return bad(msg, msg_len, "checkpoint_path", 0, "a non-empty path (or NULL for no checkpoints)");
    if (p->checkpoint_every == 0)
      return bad(msg, msg_len, "checkpoint_every", 0, "checkpoint_every >= 1 when checkpoint_path is set");
  }
  if (p->chaos.init || p->chaos.escape) {
    int st = clm_chaosparam_check(&p->chaos, msg, msg_len);
    if (st != CLM_OK) return st;
    if (p->chaos.escape && !t->uses_mu)
      return bad(msg, msg_len, "chaos.escape", p->chaos.escape, "escape only with trainlm (0)");
  }
  return CLM_OK;
}
