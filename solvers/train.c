/* chaoslm — clm_train and clm_train_sized: a session (solvers/session.c)
 * opened, run to its stop and closed.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "session.h"
#include "race.h"

int clm__train_driver(clm_net *net, const clm_trainer_type *t, const double *X,
                      size_t n_inputs, const double *T, size_t n_outputs, size_t Q,
                      const clm_trainparam *p, clm_record *record, const clm__reducer *red) {
  if (p && p->chaos.race) { /* several runs racing (solvers/race.c); not distributed */
    if (red) return CLM_EPARAM;
    return clm__race_train(net, t, X, n_inputs, T, n_outputs, Q, p, record);
  }
  clm__session s;
  int st = clm__session_open(&s, net, t, X, n_inputs, T, n_outputs, Q, p, red);
  for (int done = 0; st == CLM_OK && !done;) st = clm__session_epoch(&s, &done);
  if (st == CLM_OK) st = clm__session_close(&s, net, record);
  clm__session_free(&s);
  if (st != CLM_OK && record) clm_record_free(record);
  return st;
}

int clm_train_sized(clm_net *net, const clm_trainer_type *t, const double *X, size_t n_inputs,
                    const double *T, size_t n_outputs, size_t Q, const clm_trainparam *p,
                    clm_record *record) {
  return clm__train_driver(net, t, X, n_inputs, T, n_outputs, Q, p, record, NULL);
}

int clm_train(clm_net *net, const clm_trainer_type *t, const double *X, const double *T,
              size_t Q, const clm_trainparam *p, clm_record *record) {
  return clm_train_sized(net, t, X, 0, T, 0, Q, p, record);
}
