/* chaoslm — the MEX binding: training record -> MATLAB's tr struct.
 *
 * The per-epoch states are MATLAB's common ones, mu for trainers with
 * CLM_TRAINER_MU, and the trainer's extra states (record->state_name),
 * so a new trainer's record needs no edit here.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <stdio.h>
#include <string.h>

#include "mex_struct.h"

static mxArray *row_d(const double *v, size_t n) {
  mxArray *a = mxCreateDoubleMatrix(1, v ? n : 0, mxREAL);
  if (n && v) memcpy(mxGetPr(a), v, n * sizeof(double));
  return a;
}

static mxArray *row_z(const size_t *v, size_t n, double add) {
  mxArray *a = mxCreateDoubleMatrix(1, v ? n : 0, mxREAL);
  for (size_t i = 0; i < n && v; i++) mxGetPr(a)[i] = (double)v[i] + add;
  return a;
}

static mxArray *mask_cell(const size_t *ind, size_t n, size_t rows, size_t Q) {
  mxArray *m = mxCreateDoubleMatrix(rows, Q, mxREAL);
  double *p = mxGetPr(m), nan = mxGetNaN();
  for (size_t i = 0; i < rows * Q; i++) p[i] = nan;
  for (size_t k = 0; k < n && ind; k++)
    for (size_t r = 0; r < rows; r++) p[ind[k] * rows + r] = 1.0;
  mxArray *cell = mxCreateCellMatrix(1, 1);
  mxSetCell(cell, 0, m);
  return cell;
}

static void set(mxArray *s, const char *name, mxArray *v) {
  int k = mxGetFieldNumber(s, name);
  if (k < 0) k = mxAddField(s, name);
  mxSetFieldByNumber(s, 0, k, v);
}

/* Functions, parameters, division and stop. */
static void head_fields(mxArray *s, const clm_record *r, const clm_net *net, const mxArray *tp,
                        const mxArray *net_s, size_t Q) {
  set(s, "trainFcn", mxCreateString(r->train_fcn));
  set(s, "trainParam", mxDuplicateArray(tp));
  const char *pn = clm_performfcn_name(clm_net_performfcn(net));
  set(s, "performFcn", mxCreateString(pn ? pn : "mse"));
  const mxArray *pp = mxGetField(net_s, 0, "performParam");
  set(s, "performParam", pp ? mxDuplicateArray(pp) : mxCreateStructMatrix(1, 1, 0, NULL));
  const char *dn = clm_dividefcn_name(clm_net_dividefcn(net));
  set(s, "divideFcn", mxCreateString(dn ? dn : ""));
  set(s, "divideMode", mxCreateString("sample"));
  set(s, "divideParam", mxDuplicateArray(mxGetField(net_s, 0, "divideParam")));
  set(s, "trainInd", row_z(r->train_ind, r->n_train, 1.0));
  set(s, "valInd", row_z(r->val_ind, r->n_val, 1.0));
  set(s, "testInd", row_z(r->test_ind, r->n_test, 1.0));
  size_t rows = clm_net_num_outputs(net);
  set(s, "trainMask", mask_cell(r->train_ind, r->n_train, rows, Q));
  set(s, "valMask", mask_cell(r->val_ind, r->n_val, rows, Q));
  set(s, "testMask", mask_cell(r->test_ind, r->n_test, rows, Q));
  const char *st = clm_stop_text(r->stop);
  set(s, "stop", mxCreateString(st ? st : ""));
  set(s, "num_epochs", mxCreateDoubleScalar((double)r->num_epochs));
  set(s, "best_epoch", mxCreateDoubleScalar((double)r->best_epoch));
  set(s, "goal", mxCreateDoubleScalar(r->goal));
}

/* states and one row per state (epoch 0 first). */
static void state_fields(mxArray *s, const clm_record *r) {
  const clm_trainer_type *t = clm_trainer_from_name(r->train_fcn);
  int has_mu = (clm_trainer_flags(t) & CLM_TRAINER_MU) != 0;
  int have = r->epoch != NULL && r->perf != NULL;
  size_t n = have ? r->num_epochs + 1 : 0;
  const char *names[8 + CLM_MAX_STATES];
  size_t ns = 0;
  names[ns++] = "epoch"; names[ns++] = "time"; names[ns++] = "perf";
  names[ns++] = "vperf"; names[ns++] = "tperf";
  if (has_mu) names[ns++] = "mu";
  names[ns++] = "gradient"; names[ns++] = "val_fail";
  for (size_t k = 0; k < r->n_states && k < CLM_MAX_STATES; k++) names[ns++] = r->state_name[k];
  mxArray *states = mxCreateCellMatrix(1, ns);
  for (size_t i = 0; i < ns; i++) mxSetCell(states, (mwIndex)i, mxCreateString(names[i]));
  set(s, "states", states);
  set(s, "epoch", row_z(have ? r->epoch : NULL, n, 0.0));
  set(s, "time", row_d(have ? r->time : NULL, n));
  set(s, "perf", row_d(have ? r->perf : NULL, n));
  set(s, "vperf", row_d(have ? r->vperf : NULL, n));
  set(s, "tperf", row_d(have ? r->tperf : NULL, n));
  if (has_mu) set(s, "mu", row_d(have ? r->mu : NULL, n));
  set(s, "gradient", row_d(have ? r->gradient : NULL, n));
  set(s, "val_fail", row_z(have ? r->val_fail : NULL, n, 0.0));
  for (size_t k = 0; k < r->n_states && k < CLM_MAX_STATES; k++)
    set(s, r->state_name[k], row_d(have ? r->state[k] : NULL, n));
  set(s, "best_perf", mxCreateDoubleScalar(r->best_perf));
  set(s, "best_vperf", mxCreateDoubleScalar(r->best_vperf));
  set(s, "best_tperf", mxCreateDoubleScalar(r->best_tperf));
}

/* chaoslm's additions: backend, counters, chaotic events. */
static void extension_fields(mxArray *s, const clm_record *r) {
  const char *bu = clm_backend_name(r->backend_used), *bq = clm_backend_name(r->backend_requested);
  set(s, "backend", mxCreateString(bu ? bu : ""));
  set(s, "backendRequested", mxCreateString(bq ? bq : ""));
  char note[sizeof r->backend_note + 1];
  memcpy(note, r->backend_note, sizeof r->backend_note);
  note[sizeof r->backend_note] = '\0';
  set(s, "backendNote", mxCreateString(note));
  static const char *cfn[] = {"forward", "jacobian", "factor", "rejected", "chaos_evals"};
  mxArray *cs = mxCreateStructMatrix(1, 1, 5, cfn);
  mxSetField(cs, 0, "forward", mxCreateDoubleScalar((double)r->n_forward));
  mxSetField(cs, 0, "jacobian", mxCreateDoubleScalar((double)r->n_jacobian));
  mxSetField(cs, 0, "factor", mxCreateDoubleScalar((double)r->n_factor));
  mxSetField(cs, 0, "rejected", mxCreateDoubleScalar((double)r->n_rejected));
  mxSetField(cs, 0, "chaos_evals", mxCreateDoubleScalar((double)r->n_chaos_evals));
  set(s, "counts", cs);
  static const char *chfn[] = {"escapes", "escapes_accepted", "reinits", "events"};
  static const char *efn[] = {"epoch", "kind", "accepted", "perf_before", "perf_after", "evals"};
  static const char *kinds[] = {"init", "escape", "reinit"};
  mxArray *ch = mxCreateStructMatrix(1, 1, 4, chfn);
  mxSetField(ch, 0, "escapes", mxCreateDoubleScalar((double)r->n_escapes));
  mxSetField(ch, 0, "escapes_accepted", mxCreateDoubleScalar((double)r->n_escapes_accepted));
  mxSetField(ch, 0, "reinits", mxCreateDoubleScalar((double)r->n_reinits));
  size_t ne = r->chaos_events ? r->n_chaos_events : 0;
  mxArray *ev = mxCreateStructMatrix(1, ne, 6, efn);
  for (size_t i = 0; i < ne; i++) {
    const struct clm_chaos_event *e = &r->chaos_events[i];
    mxSetField(ev, (mwIndex)i, "epoch", mxCreateDoubleScalar((double)e->epoch));
    mxSetField(ev, (mwIndex)i, "kind", mxCreateString(e->kind >= 0 && e->kind < 3 ? kinds[e->kind] : "?"));
    mxSetField(ev, (mwIndex)i, "accepted", mxCreateLogicalScalar(e->accepted != 0));
    mxSetField(ev, (mwIndex)i, "perf_before", mxCreateDoubleScalar(e->perf_before));
    mxSetField(ev, (mwIndex)i, "perf_after", mxCreateDoubleScalar(e->perf_after));
    mxSetField(ev, (mwIndex)i, "evals", mxCreateDoubleScalar((double)e->evals));
  }
  mxSetField(ch, 0, "events", ev);
  set(s, "chaos", ch);
}

mxArray *record_to_struct(const clm_record *r, const clm_net *net, const mxArray *tp,
                          const mxArray *net_s, size_t Q) {
  mxArray *s = mxCreateStructMatrix(1, 1, 0, NULL);
  head_fields(s, r, net, tp, net_s, Q);
  state_fields(s, r);
  extension_fields(s, r);
  return s;
}
