/* chaoslm — the Octave/MATLAB MEX binding: one entry point, chaoslm_mex,
 * dispatching on a command string.  The .m functions next to this file
 * (feedforwardnet, train, sim, ... and the older clm_* names) are the user
 * interface; doc/octave.md describes both.
 *
 * Design:
 *  - The network travels between Octave and C as a plain struct whose
 *    fields mirror MATLAB's network object (mex_netstruct.c); every call
 *    rebuilds a clm_net from it and frees it before returning, so Octave's
 *    copy semantics hold.
 *  - The layer is thin: convert mxArrays, call the public API, free, and
 *    raise "chaoslm:<STATUS>" errors (mex_util.c).  Trainers and their
 *    parameters come from the library's descriptors (mex_trainparam.c).
 *  - Progress lines go through the library's line writer to mexPrintf.
 *    Ctrl-C is polled once per epoch in the epoch callback (Octave:
 *    octave_interrupt_state, set by Octave's SIGINT handler; MATLAB:
 *    utIsInterruptPending), which stops training with "User stop." and
 *    consumes the interrupt so that the best network so far is returned.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mex_struct.h"

/* Interrupt polling.  Octave (mex.h defines HAVE_OCTAVE) exports the flag
 * its SIGINT handler increments (liboctave quit.h, C linkage); the symbol is
 * resolved from the running Octave process when the MEX is loaded.  MATLAB
 * has the undocumented utIsInterruptPending in libut (link with -lut);
 * define CLM_MEX_NO_UT to build for MATLAB without it (no Ctrl-C then). */
#if defined(HAVE_OCTAVE)
extern sig_atomic_t octave_interrupt_state;
static int clm_mex_interrupt_pending(void) { return octave_interrupt_state > 0; }
static void clm_mex_interrupt_consume(void) { octave_interrupt_state = 0; }
/* Calling into the interpreter (the fflush after a progress line) runs
 * octave_quit(), which throws an interrupt exception when
 * octave_interrupt_state > 0; thrown from inside the library's writer
 * callback, it would unwind through clm_train and leak its workspace.  So
 * the state is parked at a large negative value (Octave's "handling an
 * interrupt", never thrown on) while the interpreter runs; Octave's SIGINT
 * handler only increments it, so a Ctrl-C arriving meanwhile shows up as a
 * change and is reported by clm_mex_guard_end. */
#define CLM_MEX_GUARD 1000000
static void clm_mex_guard_begin(void) { octave_interrupt_state = -CLM_MEX_GUARD; }
static int clm_mex_guard_end(void) {
  int hit = octave_interrupt_state != -CLM_MEX_GUARD;
  octave_interrupt_state = 0;
  return hit;
}
#elif defined(MATLAB_MEX_FILE) && !defined(CLM_MEX_NO_UT)
#include <stdbool.h>
extern bool utIsInterruptPending(void);
extern bool utSetInterruptPending(bool);
static int clm_mex_interrupt_pending(void) { return utIsInterruptPending(); }
static void clm_mex_interrupt_consume(void) { utSetInterruptPending(false); }
static void clm_mex_guard_begin(void) {}
static int clm_mex_guard_end(void) { return 0; }
#else
static int clm_mex_interrupt_pending(void) { return 0; }
static void clm_mex_interrupt_consume(void) {}
static void clm_mex_guard_begin(void) {}
static int clm_mex_guard_end(void) { return 0; }
#endif

/* ------------------------------------------------------------------------ */
/* Training callbacks                                                        */

static int on_owner_thread(const mexctx *c) {
#ifdef CLM_MEX_HAVE_PTHREAD
  return pthread_equal(c->owner, pthread_self());
#else
  (void)c;
  return 1;
#endif
}

/* Check for Ctrl-C; consume it so Octave does not abort the call. */
static void poll_interrupt(mexctx *c) {
  if (clm_mex_interrupt_pending()) {
    clm_mex_interrupt_consume();
    c->interrupted = 1;
  }
}

/* Make the progress line visible now: fflush(stdout) in Octave, drawnow in
 * MATLAB.  The "WithTrap" call returns an error as an object instead of
 * unwinding, which must not happen inside the library's callback. */
static void flush_output(void) {
  mxArray *ex;
#if defined(HAVE_OCTAVE)
  mxArray *fid = mxCreateDoubleScalar(1);
  ex = mexCallMATLABWithTrap(0, NULL, 1, &fid, "fflush");
  mxDestroyArray(fid);
#else
  ex = mexCallMATLABWithTrap(0, NULL, 0, NULL, "drawnow");
#endif
  if (ex) mxDestroyArray(ex);
}

static void writer_cb(void *user, const char *line) {
  mexctx *c = user;
  if (!on_owner_thread(c)) return; /* MEX calls only from Octave's thread */
  poll_interrupt(c);
  clm_mex_guard_begin();
  mexPrintf("%s\n", line);
  flush_output();
  if (clm_mex_guard_end()) c->interrupted = 1;
}

static int epoch_cb(void *user, size_t epoch, double perf, double vperf, double tperf) {
  mexctx *c = user;
  (void)epoch; (void)perf; (void)vperf; (void)tperf;
  if (on_owner_thread(c)) poll_interrupt(c);
  return c->interrupted;
}

/* What MATLAB's training window lists, printed instead of it (there is no
 * window): the algorithms and the computing resources. */
static void window_header(const clm_net *net, const clm_trainer_type *t, const clm_trainparam *p) {
  static const char *const division[] = {"Random", "Block", "Interleaved", "Index", "Training only"};
  static const char *const perform[] = {"Mean Squared Error", "Sum Squared Error"};
  int df = (int)clm_net_dividefcn(net), pf = (int)clm_net_performfcn(net);
  const char *dn = clm_dividefcn_name((clm_dividefcn)df), *pn = clm_performfcn_name((clm_performfcn)pf);
  mexPrintf("Neural network training (no training window: progress on the command line)\n");
  mexPrintf("  Data division: %s (%s)\n", df >= 0 && df < 5 ? division[df] : "", dn ? dn : "");
  mexPrintf("  Training:      %s (%s)\n", clm_trainer_title(t), clm_trainer_name(t));
  mexPrintf("  Performance:   %s (%s)\n", pf >= 0 && pf < 2 ? perform[pf] : "", pn ? pn : "");
  char threads[48];
  if (p->threads == 0) snprintf(threads, sizeof threads, "OpenMP's default threads");
  else snprintf(threads, sizeof threads, "%d thread%s", p->threads, p->threads == 1 ? "" : "s");
  if (clm_trainer_flags(t) & CLM_TRAINER_LINSOLVER)
    mexPrintf("  Calculations:  chaoslm MEX, %s, linear solver %s\n", threads, clm_backend_name(p->backend));
  else
    mexPrintf("  Calculations:  chaoslm MEX, %s\n", threads);
}

/* ------------------------------------------------------------------------ */
/* Commands                                                                  */

static void nargs(mexctx *c, const char *cmd, int nrhs, int lo, int hi, int nlhs, int lhs_max) {
  if (nrhs < lo || nrhs > hi)
    fail(c, "usage", "chaoslm_mex('%s', ...) takes %d to %d arguments after the command (got %d)", cmd,
         lo, hi, nrhs);
  if (nlhs > lhs_max) fail(c, "usage", "chaoslm_mex('%s') returns at most %d values", cmd, lhs_max);
}

/* Seed argument or net.trainParam.seed. */
static uint64_t seed_of(mexctx *c, const mxArray *net_s, const mxArray *seed_arg) {
  if (seed_arg) return get_count(c, seed_arg, "seed", "CLM_EINVAL", CLM_MEX_COUNT_MAX);
  const mxArray *tp = mxGetField(net_s, 0, "trainParam");
  const mxArray *sd = tp && mxIsStruct(tp) ? mxGetField(tp, 0, "seed") : NULL;
  if (sd) return get_count(c, sd, "net.trainParam.seed", "CLM_EPARAM", CLM_MEX_COUNT_MAX);
  return clm_trainparam_default(NULL).seed;
}

/* x (R x Q) and t (S x Qt) with Q != Qt: an error, with a hint when one
 * of them looks transposed. */
static void columns_differ(mexctx *c, size_t R, size_t Q, size_t S, size_t Qt) {
  char hint[256];
  transpose_hint(hint, sizeof hint, R == Qt ? "x" : "t", R == Qt ? R : S, R == Qt ? Q : Qt);
  fail(c, "CLM_ESIZE", "x has %zu columns (samples) but t has %zu%s", Q, Qt, hint);
}

/* The library's constructors by the kind of network the .m layer asks for. */
typedef int (*constructor)(clm_net **, size_t, const size_t *);
static const struct {
  const char *kind;
  constructor make;
} constructors[] = {{"feedforward", clm_feedforwardnet},
                    {"cascade", clm_cascadeforwardnet},
                    {"pattern", clm_patternnet}};

/* 'new', hiddenSizes, trainFcn [, kind] -> net (kind: 'feedforward',
 * 'cascade' or 'pattern') */
static void cmd_new(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  char kind[16] = "feedforward";
  constructor make = NULL;
  nargs(c, "new", nrhs, 2, 3, nlhs, 1);
  if (nrhs > 2) get_string(c, prhs[2], "network kind", kind, sizeof kind, "usage");
  for (size_t k = 0; k < sizeof constructors / sizeof constructors[0]; k++)
    if (strcmp(kind, constructors[k].kind) == 0) make = constructors[k].make;
  if (!make) fail(c, "usage", "network kind '%s': 'feedforward', 'cascade' or 'pattern'", kind);
  const mxArray *hs = prhs[0];
  if (!is_real_double(hs))
    fail(c, "type", "hiddenSizes must be a real double vector of layer sizes (got %s)", class_of(hs));
  size_t nh = mxGetNumberOfElements(hs);
  if (nh > 0 && mxGetM(hs) != 1 && mxGetN(hs) != 1) fail(c, "CLM_ESIZE", "hiddenSizes must be a row vector");
  if (nh > 64) fail(c, "CLM_ESIZE", "hiddenSizes has %zu layers (at most 64)", nh);
  size_t sizes[64];
  for (size_t i = 0; i < nh; i++) {
    double v = mxGetPr(hs)[i];
    if (!(v >= 1) || v != floor(v) || v > 1e9)
      fail(c, "CLM_ESIZE", "hiddenSizes(%zu) = %.17g: each size must be a positive integer", i + 1, v);
    sizes[i] = (size_t)v;
  }
  const clm_trainer_type *t = trainer_arg(c, prhs[1], "trainFcn");
  CHECK(c, make(&c->net, nh, sizes), "creating the network (hiddenSizes)");
  CHECK(c, clm_net_set_trainfcn(c->net, clm_trainer_name(t)), "trainFcn");
  netinfo info;
  CHECK(c, clm_net_processing_flags(c->net, &info.in_flags, &info.out_flags), "processing functions");
  plhs[0] = net_to_struct(c, &info, NULL);
}

/* 'trainParam', trainFcn -> default trainParam struct */
static void cmd_trainparam(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  nargs(c, "trainParam", nrhs, 1, 1, nlhs, 1);
  const clm_trainer_type *t = trainer_arg(c, prhs[0], "trainFcn");
  clm_trainparam p = clm_trainparam_default(t);
  plhs[0] = tp_to_struct(t, &p);
}

/* 'checkParam', trainFcn, name, value: error unless training would take it */
static void cmd_checkparam(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  char name[64];
  (void)plhs;
  nargs(c, "checkParam", nrhs, 3, 3, nlhs, 0);
  const clm_trainer_type *t = trainer_arg(c, prhs[0], "trainFcn");
  get_string(c, prhs[1], "parameter name", name, sizeof name, "CLM_EPARAM");
  tp_check_one(c, t, name, prhs[2]);
}

/* 'trainers' -> struct array of the library's trainers */
static void cmd_trainers(mexctx *c, int nlhs, mxArray **plhs, int nrhs) {
  nargs(c, "trainers", nrhs, 0, 0, nlhs, 1);
  plhs[0] = trainers_struct();
}

/* A cell row of the names name_of(0), name_of(1), ... up to n. */
static mxArray *name_cell(const char *(*name_of)(int), int n) {
  mxArray *cell = mxCreateCellMatrix(1, (mwSize)n);
  for (int i = 0; i < n; i++) {
    const char *nm = name_of(i);
    mxSetCell(cell, (mwIndex)i, mxCreateString(nm ? nm : ""));
  }
  return cell;
}
static const char *transfer_at(int i) { return clm_transfer_name((clm_transfer)i); }
static const char *perform_at(int i) { return clm_performfcn_name((clm_performfcn)i); }
static const char *divide_at(int i) { return clm_dividefcn_name((clm_dividefcn)i); }
static const char *normalization_at(int i) { return clm_normalization_name((clm_normalization)i); }

/* 'capabilities' -> what this build of the library implements: version,
 * trainers (as 'trainers'), transferFcns, performFcns, divideFcns and the
 * performParam values (regularization: whether any r in [0,1] is taken;
 * normalization: the names). */
static void cmd_capabilities(mexctx *c, int nlhs, mxArray **plhs, int nrhs) {
  static const char *fn[] = {"version", "trainers", "transferFcns", "performFcns", "divideFcns",
                             "regularization", "normalization"};
  nargs(c, "capabilities", nrhs, 0, 0, nlhs, 1);
  mxArray *s = mxCreateStructMatrix(1, 1, 7, fn);
  mxSetField(s, 0, "version", mxCreateString(clm_version()));
  mxSetField(s, 0, "trainers", trainers_struct());
  mxSetField(s, 0, "transferFcns", name_cell(transfer_at, (int)CLM_TRANSFER_COUNT_));
  mxSetField(s, 0, "performFcns", name_cell(perform_at, (int)CLM_PERFORMFCN_COUNT_));
  mxSetField(s, 0, "divideFcns", name_cell(divide_at, (int)CLM_DIVIDEFCN_COUNT_));
  mxSetField(s, 0, "regularization", mxCreateLogicalScalar(1));
  mxSetField(s, 0, "normalization", name_cell(normalization_at, (int)CLM_NORMALIZATION_COUNT_));
  plhs[0] = s;
}

/* 'rebuild', net -> net: the struct checked by the library and rebuilt
 * (derived fields such as sizes and numWeightElements brought up to
 * date); the network object calls it after every assignment. */
static void cmd_rebuild(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  netinfo info;
  nargs(c, "rebuild", nrhs, 1, 1, nlhs, 1);
  net_from_struct(c, prhs[0], &info, 1, 1);
  plhs[0] = net_to_struct(c, &info, prhs[0]);
}

/* 'configure', net, x, t [, seed] -> net */
static void cmd_configure(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  netinfo info;
  size_t R, S, Q, Qt;
  nargs(c, "configure", nrhs, 3, 4, nlhs, 1);
  net_from_struct(c, prhs[0], &info, 0, 0);
  uint64_t seed = seed_of(c, prhs[0], nrhs > 3 ? prhs[3] : NULL);
  const double *X = data_arg(c, prhs[1], "x", 0, &R, &Q);
  const double *T = data_arg(c, prhs[2], "t", 0, &S, &Qt);
  if (Qt != Q) columns_differ(c, R, Q, S, Qt);
  int st = clm_configure(c->net, X, R, T, S, Q, seed);
  if (st != CLM_OK) {
    char hint[256];
    transpose_hint(hint, sizeof hint, "x", R, Q);
    fail(c, clm_status_name(st), "configure(net, x, t): %s%s", clm_strerror(st), hint);
  }
  plhs[0] = net_to_struct(c, &info, prhs[0]);
}

/* 'init', net [, seed] -> net */
static void cmd_init(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  netinfo info;
  nargs(c, "init", nrhs, 1, 2, nlhs, 1);
  net_from_struct(c, prhs[0], &info, 0, 1);
  uint64_t seed = seed_of(c, prhs[0], nrhs > 1 ? prhs[1] : NULL);
  CHECK(c, clm_init(c->net, seed), "init(net)");
  plhs[0] = net_to_struct(c, &info, prhs[0]);
}

/* 'getwb', net -> wb (P x 1) */
static void cmd_getwb(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  netinfo info;
  nargs(c, "getwb", nrhs, 1, 1, nlhs, 1);
  net_from_struct(c, prhs[0], &info, 1, 1);
  if (!clm_net_is_configured(c->net)) fail_status(c, CLM_ENOTCONFIGURED, "getwb(net)");
  size_t P = clm_net_num_weights(c->net);
  mxArray *wb = mxCreateDoubleMatrix(P, 1, mxREAL);
  CHECK(c, clm_getwb(c->net, mxGetPr(wb)), "getwb(net)");
  plhs[0] = wb;
}

/* 'setwb', net, wb -> net */
static void cmd_setwb(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  netinfo info;
  nargs(c, "setwb", nrhs, 2, 2, nlhs, 1);
  net_from_struct(c, prhs[0], &info, 0, 1);
  if (!clm_net_is_configured(c->net)) fail_status(c, CLM_ENOTCONFIGURED, "setwb(net, wb)");
  size_t P = clm_net_num_weights(c->net);
  need_double_matrix(c, prhs[1], "wb");
  if (mxGetNumberOfElements(prhs[1]) != P || (mxGetM(prhs[1]) != 1 && mxGetN(prhs[1]) != 1))
    fail(c, "CLM_ESIZE", "wb must be a vector of %zu weights (got %zux%zu)", P, (size_t)mxGetM(prhs[1]),
         (size_t)mxGetN(prhs[1]));
  const double *w = mxGetPr(prhs[1]);
  for (size_t i = 0; i < P; i++) {
    if (isnan(w[i])) fail(c, "CLM_ENAN", "wb(%zu) is NaN", i + 1);
    if (isinf(w[i])) fail(c, "CLM_EINF", "wb(%zu) is Inf", i + 1);
  }
  CHECK(c, clm_setwb(c->net, w), "setwb(net, wb)");
  plhs[0] = net_to_struct(c, &info, prhs[0]);
}

/* 'sim', net, x -> y */
static void cmd_sim(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  netinfo info;
  size_t R, Q;
  nargs(c, "sim", nrhs, 2, 2, nlhs, 1);
  net_from_struct(c, prhs[0], &info, 1, 1);
  if (!clm_net_is_configured(c->net))
    fail_status(c, CLM_ENOTCONFIGURED, "sim(net, x): train or configure the network first");
  const double *X = data_arg(c, prhs[1], "x", clm_net_num_inputs(c->net), &R, &Q);
  /* only trainParam.threads matters here (as in MATLAB, sim ignores the
   * training parameters) */
  int threads = 0;
  const mxArray *tp = mxGetField(prhs[0], 0, "trainParam");
  const mxArray *th = tp && mxIsStruct(tp) ? mxGetField(tp, 0, "threads") : NULL;
  if (th) threads = (int)get_count(c, th, "net.trainParam.threads", "CLM_EPARAM", 4096.0);
  mxArray *Y = mxCreateDoubleMatrix(clm_net_num_outputs(c->net), Q, mxREAL);
  CHECK(c, clm_sim(c->net, X, Q, mxGetPr(Y), threads), "sim(net, x)");
  plhs[0] = Y;
}

/* The library's training call with the binding's callbacks. */
static void run_training(mexctx *c, const clm_trainer_type *t, clm_trainparam *p, const double *X,
                         size_t R, const double *T, size_t S, size_t Q) {
  c->show = (p->show_command_line || c->show_window) && p->show > 0;
  p->show_command_line = c->show;
  p->writer = c->show ? writer_cb : NULL;
  p->writer_user = c;
  p->callback = epoch_cb;
  p->callback_user = c;
  p->stop_flag = NULL;
#ifdef CLM_MEX_HAVE_PTHREAD
  c->owner = pthread_self();
#endif
  if (c->show && c->show_window) window_header(c->net, t, p);
  clm_record_init(&c->rec);
  c->have_rec = 1;
  poll_interrupt(c); /* a Ctrl-C before training starts stops at epoch 0 */
  int st = clm_train_sized(c->net, t, X, R, T, S, Q, p, &c->rec);
  if (st != CLM_OK) {
    char hint[256] = "";
    if (st == CLM_ENOSAMPLES || st == CLM_ESIZE) transpose_hint(hint, sizeof hint, "x", R, Q);
    fail(c, clm_status_name(st), "train(net, x, t): %s%s", clm_strerror(st), hint);
  }
  if (c->show) {
    clm_mex_guard_begin();
    flush_output();
    (void)clm_mex_guard_end(); /* training is over: a late Ctrl-C is dropped */
  }
}

/* 'train', net, x, t -> [net, tr] */
static void cmd_train(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  netinfo info;
  size_t R, S, Q, Qt;
  clm_trainparam p;
  nargs(c, "train", nrhs, 3, 3, nlhs, 2);
  net_from_struct(c, prhs[0], &info, 1, 1);
  const clm_trainer_type *t = clm_trainer_from_name(clm_net_trainfcn(c->net));
  if (!t) fail(c, "CLM_ETRAINER", "net.trainFcn: unknown training function");
  const mxArray *tp = get_field(c, prhs[0], "trainParam", "net");
  tp_from_struct(c, t, tp, &p);
  int conf = clm_net_is_configured(c->net);
  const double *X = data_arg(c, prhs[1], "x", conf ? clm_net_num_inputs(c->net) : 0, &R, &Q);
  const double *T = data_arg(c, prhs[2], "t", conf ? clm_net_num_outputs(c->net) : 0, &S, &Qt);
  if (Qt != Q) columns_differ(c, R, Q, S, Qt);
  check_perform(c, t);
  run_training(c, t, &p, X, R, T, S, Q);
  plhs[0] = net_to_struct(c, &info, prhs[0]);
  if (nlhs > 1) plhs[1] = record_to_struct(&c->rec, c->net, tp, prhs[0], Q);
}

/* 'confusion', T, Y -> [c, cm, per, n_kept] of clm_confusion (cm and per
 * as C x C and C x 4 matrices, MATLAB's layout). */
static void cmd_confusion(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  size_t S, Q, S2, Q2, n_kept = 0;
  nargs(c, "confusion", nrhs, 2, 2, nlhs, 4);
  need_double_matrix(c, prhs[0], "targets");
  need_double_matrix(c, prhs[1], "outputs");
  S = mxGetM(prhs[0]); Q = mxGetN(prhs[0]); S2 = mxGetM(prhs[1]); Q2 = mxGetN(prhs[1]);
  if (S != S2 || Q != Q2 || S == 0)
    fail(c, "CLM_ESIZE", "targets (%zux%zu) and outputs (%zux%zu) must have the same non-empty size", S, Q, S2, Q2);
  size_t C = clm_confusion_classes(S);
  size_t *cm = mxMalloc(C * C * sizeof *cm);
  mxArray *cc = mxCreateDoubleScalar(0), *cmm = mxCreateDoubleMatrix(C, C, mxREAL);
  mxArray *per = mxCreateDoubleMatrix(C, 4, mxREAL);
  int st = clm_confusion(mxGetPr(prhs[0]), mxGetPr(prhs[1]), S, Q, mxGetPr(cc), cm, mxGetPr(per), &n_kept);
  if (st == CLM_EINVAL) fail(c, "CLM_EINVAL", "confusion: targets must be 0, 1 or NaN");
  CHECK(c, st, "confusion(targets, outputs)");
  for (size_t i = 0; i < C * C; i++) mxGetPr(cmm)[i] = (double)cm[i];
  mxFree(cm);
  plhs[0] = cc;
  if (nlhs > 1) plhs[1] = cmm;
  if (nlhs > 2) plhs[2] = per;
  if (nlhs > 3) plhs[3] = mxCreateDoubleScalar((double)n_kept);
}

/* 'version' -> the library's version string */
static void cmd_version(mexctx *c, int nlhs, mxArray **plhs, int nrhs) {
  nargs(c, "version", nrhs, 0, 0, nlhs, 1);
  plhs[0] = mxCreateString(clm_version());
}

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[]) {
  mexctx c;
  char cmd[32];
  memset(&c, 0, sizeof c);
  if (nrhs < 1) fail(&c, "usage", "chaoslm_mex needs a command string (use feedforwardnet, train, ...)");
  get_string(&c, prhs[0], "command", cmd, sizeof cmd, "usage");
  nrhs--;
  prhs++;
  if (strcmp(cmd, "new") == 0) cmd_new(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "trainParam") == 0) cmd_trainparam(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "checkParam") == 0) cmd_checkparam(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "trainers") == 0) cmd_trainers(&c, nlhs, plhs, nrhs);
  else if (strcmp(cmd, "capabilities") == 0) cmd_capabilities(&c, nlhs, plhs, nrhs);
  else if (strcmp(cmd, "rebuild") == 0) cmd_rebuild(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "configure") == 0) cmd_configure(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "init") == 0) cmd_init(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "getwb") == 0) cmd_getwb(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "setwb") == 0) cmd_setwb(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "sim") == 0) cmd_sim(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "train") == 0) cmd_train(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "confusion") == 0) cmd_confusion(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "version") == 0) cmd_version(&c, nlhs, plhs, nrhs);
  else fail(&c, "usage", "chaoslm_mex: unknown command '%s'", cmd);
  ctx_free(&c);
}
