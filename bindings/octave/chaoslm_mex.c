/* chaoslm — the Octave/MATLAB MEX binding: one entry point, chaoslm_mex,
 * dispatching on a command string.  The .m functions next to this file
 * (clm_feedforwardnet, clm_train, clm_sim, ...) are the user interface.
 *
 * Design (see doc/octave.md):
 *  - The network travels between Octave and C as a plain struct whose
 *    fields mirror MATLAB's network object (trainFcn, trainParam, divideFcn,
 *    divideParam, layers{i}.transferFcn, IW/LW/b, processing settings).
 *  - Every call rebuilds a clm_net from the struct and frees it before
 *    returning.  The public API has setters for everything a user may edit
 *    (weights, transfer functions, trainFcn, division, performFcn, initFcn,
 *    processFcns) but none for the processing settings (mapminmax offsets
 *    and gains, kept rows) of a configured network.  Those are carried in
 *    the hidden field net.clm_state: the text of clm_net_save_buffer(),
 *    reloaded with clm_net_load_buffer().  The visible fields win for
 *    everything the user may edit; the visible processSettings, sizes and
 *    layer sizes must agree with the hidden state (otherwise the error
 *    chaoslm:netstruct asks for clm_configure, which recomputes them).
 *  - The layer is thin: convert mxArrays, call the public API, free, and
 *    raise "chaoslm:<STATUS>" errors.  mexErrMsgIdAndTxt does not return
 *    (it unwinds into Octave), so every library-allocated object lives in
 *    one context that fail() frees first; scratch memory uses mxMalloc,
 *    which Octave and MATLAB free on error.
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
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mex.h"
#include "chaoslm.h"

#if defined(__unix__) || defined(__APPLE__)
#include <pthread.h>
#define CLM_MEX_HAVE_PTHREAD 1
#endif

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

#define CLM_MEX_STATE_FIELD "clm_state"
#define CLM_MEX_MSG 1024

/* ------------------------------------------------------------------------ */
/* Context: everything not allocated with mx* that must be freed on error.  */

typedef struct mexctx {
  clm_net *net;
  char *text;        /* clm_net_save_buffer output */
  clm_record rec;
  int have_rec;
  /* training-time state for the callbacks */
  int interrupted;
  int show;          /* print progress lines */
#ifdef CLM_MEX_HAVE_PTHREAD
  pthread_t owner;   /* the Octave thread: MEX calls are only made from it */
#endif
} mexctx;

static void ctx_free(mexctx *c) {
  clm_net_free(c->net);
  c->net = NULL;
  free(c->text);
  c->text = NULL;
  if (c->have_rec) clm_record_free(&c->rec);
  c->have_rec = 0;
}

/* Raise an Octave error with identifier "chaoslm:<id>" after freeing the
 * context.  Never returns. */
static void fail(mexctx *c, const char *id, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4), noreturn))
#endif
    ;
static void fail(mexctx *c, const char *id, const char *fmt, ...) {
  char msg[CLM_MEX_MSG], ident[96];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(ident, sizeof ident, "chaoslm:%s", id);
  ctx_free(c);
  mexErrMsgIdAndTxt(ident, "%s", msg);
  abort(); /* not reached: mexErrMsgIdAndTxt unwinds into the interpreter */
}

/* Library status -> error "chaoslm:CLM_xxx" with `what` naming the
 * argument or the operation, and the library's sentence. */
static void fail_status(mexctx *c, int st, const char *what)
#if defined(__GNUC__)
    __attribute__((noreturn))
#endif
    ;
static void fail_status(mexctx *c, int st, const char *what) {
  fail(c, clm_status_name(st), "%s: %s", what, clm_strerror(st));
}

#define CHECK(c, call, what)                         \
  do {                                               \
    int st_ = (call);                                \
    if (st_ != CLM_OK) fail_status((c), st_, (what)); \
  } while (0)

/* ------------------------------------------------------------------------ */
/* mxArray readers.  `path` names the argument in messages ("net.IW{1,1}"). */

static int is_real_double(const mxArray *a) {
  return a && mxIsDouble(a) && !mxIsComplex(a) && !mxIsSparse(a);
}

static const char *class_of(const mxArray *a) {
  if (!a) return "nothing";
  if (mxIsSparse(a)) return "a sparse matrix";
  if (mxIsComplex(a)) return "a complex array";
  return mxGetClassName(a);
}

/* Real double matrix (2-D, not sparse, not complex).  NaN/Inf not checked. */
static void need_double_matrix(mexctx *c, const mxArray *a, const char *path) {
  if (!is_real_double(a))
    fail(c, "type", "%s must be a real double matrix (got %s)", path, class_of(a));
  if (mxGetNumberOfDimensions(a) != 2)
    fail(c, "CLM_ESIZE", "%s must be a 2-D matrix", path);
}

static const mxArray *get_field(mexctx *c, const mxArray *s, const char *name, const char *path) {
  const mxArray *f = mxGetField(s, 0, name);
  if (!f) fail(c, "netstruct", "%s.%s is missing (create networks with clm_feedforwardnet)", path, name);
  return f;
}

/* A char row vector copied into buf (truncation is an error). */
static void get_string(mexctx *c, const mxArray *a, const char *path, char *buf, size_t len,
                       const char *id) {
  if (!a || !mxIsChar(a) || (mxGetM(a) > 1 && mxGetN(a) > 0))
    fail(c, id, "%s must be a character string (got %s)", path, class_of(a));
  if (mxGetNumberOfElements(a) + 1 > len || mxGetString(a, buf, (mwSize)len) != 0)
    fail(c, id, "%s is too long or not a valid name", path);
}

/* A real double scalar (or a logical scalar when allow_logical). */
static double get_scalar(mexctx *c, const mxArray *a, const char *path, const char *id,
                         int allow_logical) {
  if (a && allow_logical && mxIsLogical(a) && mxGetNumberOfElements(a) == 1)
    return mxIsLogicalScalarTrue(a) ? 1.0 : 0.0;
  if (!is_real_double(a))
    fail(c, id, "%s must be a real double scalar (got %s)", path, class_of(a));
  if (mxGetNumberOfElements(a) != 1)
    fail(c, id, "%s must be a scalar (got %zu elements)", path, (size_t)mxGetNumberOfElements(a));
  return mxGetScalar(a);
}

/* A non-negative integer-valued double (or uint64/int scalar when
 * allow_int) no larger than max. */
static uint64_t get_count(mexctx *c, const mxArray *a, const char *path, const char *id,
                          double max) {
  double v;
  if (a && (mxIsUint64(a) || mxIsUint32(a) || mxIsInt32(a) || mxIsInt64(a)) &&
      mxGetNumberOfElements(a) == 1 && !mxIsComplex(a)) {
    if (mxIsUint64(a)) return *(const uint64_t *)mxGetData(a);
    if (mxIsUint32(a)) return *(const uint32_t *)mxGetData(a);
    if (mxIsInt64(a)) {
      int64_t s = *(const int64_t *)mxGetData(a);
      if (s < 0) fail(c, id, "%s must be non-negative (got %lld)", path, (long long)s);
      return (uint64_t)s;
    }
    int32_t s = *(const int32_t *)mxGetData(a);
    if (s < 0) fail(c, id, "%s must be non-negative (got %d)", path, (int)s);
    return (uint64_t)s;
  }
  v = get_scalar(c, a, path, id, 0);
  if (isnan(v)) fail(c, id, "%s is NaN; a non-negative integer is required", path);
  if (!(v >= 0) || v != floor(v) || v > max)
    fail(c, id, "%s must be a non-negative integer no larger than %.17g (got %.17g)", path, max, v);
  return (uint64_t)v;
}

/* Index of an element in a cell (MATLAB {i}), NULL when out of range. */
static const mxArray *cell_at(const mxArray *cell, size_t i) {
  if (!cell || !mxIsCell(cell) || i >= mxGetNumberOfElements(cell)) return NULL;
  return mxGetCell(cell, (mwIndex)i);
}

/* ------------------------------------------------------------------------ */
/* Training parameters: one table maps trainParam field names to the C      */
/* struct.  Defaults always come from clm_trainparam_default().            */

enum tp_kind { TP_SIZE, TP_DOUBLE, TP_BOOL, TP_SHOW, TP_SEED, TP_THREADS, TP_BACKEND,
               TP_STREAM, TP_BOX, TP_ESCMODE, TP_REINIT, TP_IGNORED };

/* Which trainers show a field in the default struct. */
enum { TP_ALL = 7, TP_LM = 1, TP_GD = 2, TP_GDM = 4 };

typedef struct tp_field {
  const char *name;
  enum tp_kind kind;
  size_t offset; /* into clm_trainparam (unused for TP_IGNORED) */
  int shown;     /* TP_* trainers whose default struct lists it */
  int nonneg;    /* TP_DOUBLE: must be >= 0 and not NaN (else only not NaN) */
} tp_field;

#define TPO(f) offsetof(clm_trainparam, f)
#define CPO(f) (offsetof(clm_trainparam, chaos) + offsetof(clm_chaosparam, f))

/* MATLAB order first (showWindow, showCommandLine, show, epochs, time,
 * goal, min_grad, max_fail, then the trainer's own), then the chaoslm
 * extensions. */
static const tp_field tp_fields[] = {
  {"showWindow", TP_IGNORED, 0, TP_ALL, 0},
  {"showCommandLine", TP_BOOL, TPO(show_command_line), TP_ALL, 0},
  {"show", TP_SHOW, TPO(show), TP_ALL, 0},
  {"epochs", TP_SIZE, TPO(epochs), TP_ALL, 0},
  {"time", TP_DOUBLE, TPO(time), TP_ALL, 1},
  {"goal", TP_DOUBLE, TPO(goal), TP_ALL, 1},
  {"min_grad", TP_DOUBLE, TPO(min_grad), TP_ALL, 1},
  {"max_fail", TP_SIZE, TPO(max_fail), TP_ALL, 0},
  {"mu", TP_DOUBLE, TPO(mu), TP_LM, 0},
  {"mu_dec", TP_DOUBLE, TPO(mu_dec), TP_LM, 0},
  {"mu_inc", TP_DOUBLE, TPO(mu_inc), TP_LM, 0},
  {"mu_max", TP_DOUBLE, TPO(mu_max), TP_LM, 0},
  {"lr", TP_DOUBLE, TPO(lr), TP_GD | TP_GDM, 0},
  {"mc", TP_DOUBLE, TPO(mc), TP_GDM, 0},
  {"seed", TP_SEED, TPO(seed), TP_ALL, 0},
  {"threads", TP_THREADS, TPO(threads), TP_ALL, 0},
  {"backend", TP_BACKEND, TPO(backend), TP_LM, 0},
  {"chaos_init", TP_BOOL, CPO(init), TP_ALL, 0},
  {"chaos_escape", TP_BOOL, CPO(escape), TP_LM, 0},
  {"chaos_stream", TP_STREAM, CPO(stream), TP_ALL, 0},
  {"chaos_box", TP_BOX, CPO(box), TP_ALL, 0},
  {"chaos_warmup", TP_SIZE, CPO(warmup), TP_ALL, 0},
  {"chaos_searches", TP_SIZE, CPO(searches), TP_ALL, 0},
  {"chaos_stages", TP_SIZE, CPO(stages), TP_ALL, 0},
  {"chaos_shrink", TP_DOUBLE, CPO(shrink), TP_ALL, 0},
  {"chaos_init_evals", TP_SIZE, CPO(init_evals), TP_ALL, 0},
  {"chaos_window", TP_SIZE, CPO(window), TP_LM, 0},
  {"chaos_tol_rel", TP_DOUBLE, CPO(tol_rel), TP_LM, 0},
  {"chaos_phase_epochs", TP_SIZE, CPO(phase_epochs), TP_LM, 0},
  {"chaos_horizon", TP_DOUBLE, CPO(horizon), TP_LM, 1},
  {"chaos_escape_mode", TP_ESCMODE, CPO(escape_mode), TP_LM, 0},
  {"chaos_escape_stages", TP_SIZE, CPO(escape_stages), TP_LM, 0},
  {"chaos_escape_evals", TP_SIZE, CPO(escape_evals), TP_LM, 0},
  {"chaos_rho0", TP_DOUBLE, CPO(rho0), TP_LM, 0},
  {"chaos_rho_max", TP_DOUBLE, CPO(rho_max), TP_LM, 0},
  {"chaos_w_max", TP_DOUBLE, CPO(w_max), TP_LM, 0},
  {"chaos_tol_acc", TP_DOUBLE, CPO(tol_acc), TP_LM, 0},
  {"chaos_wc_omega", TP_DOUBLE, CPO(wc_omega), TP_LM, 0},
  {"chaos_wc_rho", TP_DOUBLE, CPO(wc_rho), TP_LM, 0},
  {"chaos_wc_spread", TP_DOUBLE, CPO(wc_spread), TP_LM, 0},
  {"chaos_max_escapes", TP_SIZE, CPO(max_escapes), TP_LM, 0},
  {"chaos_max_reinits", TP_SIZE, CPO(max_reinits), TP_LM, 0},
  {"chaos_reinit", TP_REINIT, CPO(reinit), TP_LM, 0},
  {"chaos_race", TP_SIZE, CPO(race), TP_ALL, 0},
  {"chaos_race_epochs", TP_SIZE, CPO(race_epochs), TP_ALL, 0},
  {"chaos_race_keep", TP_DOUBLE, CPO(race_keep), TP_ALL, 0},
};
#define TP_NFIELDS (sizeof tp_fields / sizeof tp_fields[0])

/* Names of clm_chaos_stream values, in enum order (chaos.h). */
static const char *const stream_names[] = {"raw", "uniformised", "prng_uniform", "prng_arcsine"};
#define N_STREAMS ((int)(sizeof stream_names / sizeof stream_names[0]))
static const char *const box_names[] = {"unit", "nw"};
/* Compile-time checks that the name tables follow chaos.h. */
typedef char clm_mex_stream_names_check[N_STREAMS == (int)CLM_CHAOS_STREAM_COUNT_ ? 1 : -1];
typedef char clm_mex_box_names_check[2 == (int)CLM_CHAOS_BOX_COUNT_ ? 1 : -1];
static const char *const escmode_names[] = {"search", "compress", "chaos_compress"};
typedef char clm_mex_escmode_names_check[3 == (int)CLM_ESCAPE_MODE_COUNT_ ? 1 : -1];
static const char *const reinit_names[] = {"as_start", "chaos", "initfcn"};
typedef char clm_mex_reinit_names_check[3 == (int)CLM_REINIT_COUNT_ ? 1 : -1];

static int trainer_mask(const clm_trainer_type *t) {
  const char *n = clm_trainer_name(t);
  if (n && strcmp(n, "traingd") == 0) return TP_GD;
  if (n && strcmp(n, "traingdm") == 0) return TP_GDM;
  return TP_LM;
}

static int name_index(const char *s, const char *const *names, int n) {
  for (int i = 0; i < n; i++)
    if (strcmp(s, names[i]) == 0) return i;
  return -1;
}

/* Default trainParam struct of trainer t, from clm_trainparam_default(). */
static mxArray *tp_to_struct(const clm_trainer_type *t, const clm_trainparam *p) {
  int mask = trainer_mask(t);
  const char *names[TP_NFIELDS];
  int nf = 0;
  for (size_t i = 0; i < TP_NFIELDS; i++)
    if (tp_fields[i].shown & mask) names[nf++] = tp_fields[i].name;
  mxArray *s = mxCreateStructMatrix(1, 1, nf, names);
  for (size_t i = 0; i < TP_NFIELDS; i++) {
    const tp_field *f = &tp_fields[i];
    const char *base = (const char *)p + f->offset;
    mxArray *v = NULL;
    if (!(f->shown & mask)) continue;
    switch (f->kind) {
    case TP_IGNORED: v = mxCreateLogicalScalar(0); break;
    case TP_BOOL: v = mxCreateLogicalScalar(*(const int *)base != 0); break;
    case TP_SIZE: v = mxCreateDoubleScalar((double)*(const size_t *)base); break;
    case TP_SHOW: {
      size_t sh = *(const size_t *)base;
      v = mxCreateDoubleScalar(sh == 0 ? mxGetNaN() : (double)sh);
      break;
    }
    case TP_DOUBLE: v = mxCreateDoubleScalar(*(const double *)base); break;
    case TP_SEED: v = mxCreateDoubleScalar((double)*(const uint64_t *)base); break;
    case TP_THREADS: v = mxCreateDoubleScalar((double)*(const int *)base); break;
    case TP_BACKEND: {
      const char *bn = clm_backend_name(*(const clm_backend *)base);
      v = mxCreateString(bn ? bn : "auto");
      break;
    }
    case TP_STREAM: {
      int k = (int)*(const clm_chaos_stream *)base;
      v = mxCreateString(k >= 0 && k < N_STREAMS ? stream_names[k] : "raw");
      break;
    }
    case TP_BOX: {
      int k = (int)*(const clm_chaos_box *)base;
      v = mxCreateString(k >= 0 && k < 2 ? box_names[k] : "unit");
      break;
    }
    case TP_ESCMODE: {
      int k = (int)*(const clm_escape_mode *)base;
      v = mxCreateString(k >= 0 && k < 3 ? escmode_names[k] : "search");
      break;
    }
    case TP_REINIT: {
      int k = (int)*(const clm_chaos_reinit *)base;
      v = mxCreateString(k >= 0 && k < 3 ? reinit_names[k] : "as_start");
      break;
    }
    }
    mxSetField(s, 0, f->name, v);
  }
  return s;
}

/* Read net.trainParam into *p (starting from t's defaults).  Every field
 * must be known; fields the trainer does not use are accepted and ignored
 * (as the C library does), so changing net.trainFcn keeps working. */
static void tp_from_struct(mexctx *c, const clm_trainer_type *t, const mxArray *s,
                           clm_trainparam *p) {
  char path[160], buf[32];
  *p = clm_trainparam_default(t);
  if (!s || !mxIsStruct(s) || mxGetNumberOfElements(s) != 1)
    fail(c, "CLM_EPARAM", "net.trainParam must be a scalar struct (got %s)", class_of(s));
  int nf = mxGetNumberOfFields(s);
  for (int k = 0; k < nf; k++) {
    const char *name = mxGetFieldNameByNumber(s, k);
    const mxArray *a = mxGetFieldByNumber(s, 0, k);
    const tp_field *f = NULL;
    for (size_t i = 0; i < TP_NFIELDS; i++)
      if (strcmp(tp_fields[i].name, name) == 0) f = &tp_fields[i];
    snprintf(path, sizeof path, "net.trainParam.%s", name);
    if (!f) fail(c, "CLM_EPARAM", "%s is not a training parameter of chaoslm", path);
    char *base = (char *)p + f->offset;
    switch (f->kind) {
    case TP_IGNORED: (void)get_scalar(c, a, path, "CLM_EPARAM", 1); break;
    case TP_BOOL: {
      double v = get_scalar(c, a, path, "CLM_EPARAM", 1);
      if (v != 0 && v != 1) fail(c, "CLM_EPARAM", "%s must be true or false (got %.17g)", path, v);
      *(int *)base = v != 0;
      break;
    }
    case TP_SIZE:
      *(size_t *)base = (size_t)get_count(c, a, path, "CLM_EPARAM", 9007199254740992.0);
      break;
    case TP_SHOW: {
      /* MATLAB: NaN (or Inf) means no command-line lines. */
      double v = get_scalar(c, a, path, "CLM_EPARAM", 0);
      if (isnan(v) || isinf(v)) *(size_t *)base = 0;
      else *(size_t *)base = (size_t)get_count(c, a, path, "CLM_EPARAM", 9007199254740992.0);
      break;
    }
    case TP_DOUBLE: {
      double v = get_scalar(c, a, path, "CLM_EPARAM", 0);
      if (isnan(v)) fail(c, "CLM_EPARAM", "%s is NaN", path);
      if (f->nonneg && v < 0) fail(c, "CLM_EPARAM", "%s must be >= 0 (got %.17g)", path, v);
      *(double *)base = v;
      break;
    }
    case TP_SEED:
      *(uint64_t *)base = get_count(c, a, path, "CLM_EPARAM", 9007199254740992.0);
      break;
    case TP_THREADS:
      *(int *)base = (int)get_count(c, a, path, "CLM_EPARAM", 4096.0);
      break;
    case TP_BACKEND: {
      int found = -1;
      get_string(c, a, path, buf, sizeof buf, "CLM_EPARAM");
      for (int b = 0; b < (int)CLM_BACKEND_COUNT_; b++) {
        const char *bn = clm_backend_name((clm_backend)b);
        if (bn && strcmp(bn, buf) == 0) found = b;
      }
      if (found < 0) fail(c, "CLM_EPARAM", "%s: unknown backend '%s' (auto, cpu or gpu)", path, buf);
      *(clm_backend *)base = (clm_backend)found;
      break;
    }
    case TP_STREAM: {
      get_string(c, a, path, buf, sizeof buf, "CLM_EPARAM");
      int k = name_index(buf, stream_names, N_STREAMS);
      if (k < 0)
        fail(c, "CLM_EPARAM", "%s: unknown stream '%s' (raw, uniformised, prng_uniform or prng_arcsine)",
             path, buf);
      *(clm_chaos_stream *)base = (clm_chaos_stream)k;
      break;
    }
    case TP_BOX: {
      get_string(c, a, path, buf, sizeof buf, "CLM_EPARAM");
      int k = name_index(buf, box_names, 2);
      if (k < 0) fail(c, "CLM_EPARAM", "%s: unknown box '%s' (unit or nw)", path, buf);
      *(clm_chaos_box *)base = (clm_chaos_box)k;
      break;
    }
    case TP_ESCMODE: {
      get_string(c, a, path, buf, sizeof buf, "CLM_EPARAM");
      int k = name_index(buf, escmode_names, 3);
      if (k < 0)
        fail(c, "CLM_EPARAM", "%s: unknown escape mode '%s' (search, compress or chaos_compress)", path,
             buf);
      *(clm_escape_mode *)base = (clm_escape_mode)k;
      break;
    }
    case TP_REINIT: {
      get_string(c, a, path, buf, sizeof buf, "CLM_EPARAM");
      int k = name_index(buf, reinit_names, 3);
      if (k < 0)
        fail(c, "CLM_EPARAM", "%s: unknown reinit '%s' (as_start, chaos or initfcn)", path, buf);
      *(clm_chaos_reinit *)base = (clm_chaos_reinit)k;
      break;
    }
    }
  }
  char msg[512] = "";
  int st = clm_trainparam_check(t, p, msg, sizeof msg);
  if (st != CLM_OK)
    fail(c, clm_status_name(st), "net.trainParam: %s", msg[0] ? msg : clm_strerror(st));
}

/* ------------------------------------------------------------------------ */
/* Processing functions and settings                                        */

static unsigned proc_flags_from(mexctx *c, const mxArray *fcns, const char *path) {
  unsigned flags = 0;
  char buf[32], p2[128];
  if (!fcns || !mxIsCell(fcns))
    fail(c, "CLM_EINVAL", "%s must be a cell array of names (got %s)", path, class_of(fcns));
  size_t n = mxGetNumberOfElements(fcns);
  for (size_t i = 0; i < n; i++) {
    snprintf(p2, sizeof p2, "%s{%zu}", path, i + 1);
    get_string(c, cell_at(fcns, i), p2, buf, sizeof buf, "CLM_EINVAL");
    if (strcmp(buf, "removeconstantrows") == 0 && !(flags & CLM_PROC_REMOVECONSTANTROWS) &&
        !(flags & CLM_PROC_MAPMINMAX))
      flags |= CLM_PROC_REMOVECONSTANTROWS;
    else if (strcmp(buf, "mapminmax") == 0 && !(flags & CLM_PROC_MAPMINMAX))
      flags |= CLM_PROC_MAPMINMAX;
    else
      fail(c, "CLM_EINVAL",
           "%s = '%s': chaoslm supports {'removeconstantrows', 'mapminmax'} (each at most once, in that order)",
           p2, buf);
  }
  return flags;
}

static mxArray *proc_fcns_cell(unsigned flags) {
  mxArray *cell = mxCreateCellMatrix(1, ((flags & 1u) != 0) + ((flags & 2u) != 0));
  mwIndex k = 0;
  if (flags & CLM_PROC_REMOVECONSTANTROWS) mxSetCell(cell, k++, mxCreateString("removeconstantrows"));
  if (flags & CLM_PROC_MAPMINMAX) mxSetCell(cell, k++, mxCreateString("mapminmax"));
  return cell;
}

/* processSettings cell for side `which` (0 inputs, 1 outputs) of a
 * configured network, one struct per processing function:
 *   removeconstantrows: xrows, yrows, keep (1-based kept rows), remove,
 *                       value (constants of the removed rows);
 *   mapminmax:          xrows, yrows, ymin, ymax, xoffset, gain (kept rows,
 *                       y = (x - xoffset) .* gain + ymin). */
static mxArray *proc_settings_cell(mexctx *c, const clm_net *net, int which, unsigned flags) {
  size_t n = which ? clm_net_num_outputs(net) : clm_net_num_inputs(net), nk = 0;
  int kept;
  double xo, g;
  for (size_t i = 0; i < n; i++) {
    CHECK(c, clm_net_processing(net, which, i, &kept, &xo, &g), "processing settings");
    nk += kept != 0;
  }
  mxArray *cell = mxCreateCellMatrix(1, ((flags & 1u) != 0) + ((flags & 2u) != 0));
  mwIndex k = 0;
  if (flags & CLM_PROC_REMOVECONSTANTROWS) {
    static const char *fn[] = {"xrows", "yrows", "keep", "remove", "value"};
    mxArray *s = mxCreateStructMatrix(1, 1, 5, fn);
    mxArray *keep = mxCreateDoubleMatrix(1, nk, mxREAL);
    mxArray *rem = mxCreateDoubleMatrix(1, n - nk, mxREAL);
    mxArray *val = mxCreateDoubleMatrix(n - nk, 1, mxREAL);
    size_t a = 0, b = 0;
    for (size_t i = 0; i < n; i++) {
      (void)clm_net_processing(net, which, i, &kept, &xo, &g);
      if (kept) mxGetPr(keep)[a++] = (double)(i + 1);
      else { mxGetPr(rem)[b] = (double)(i + 1); mxGetPr(val)[b++] = xo; }
    }
    mxSetField(s, 0, "xrows", mxCreateDoubleScalar((double)n));
    mxSetField(s, 0, "yrows", mxCreateDoubleScalar((double)nk));
    mxSetField(s, 0, "keep", keep);
    mxSetField(s, 0, "remove", rem);
    mxSetField(s, 0, "value", val);
    mxSetCell(cell, k++, s);
  }
  if (flags & CLM_PROC_MAPMINMAX) {
    static const char *fn[] = {"xrows", "yrows", "ymin", "ymax", "xoffset", "gain"};
    mxArray *s = mxCreateStructMatrix(1, 1, 6, fn);
    mxArray *xoff = mxCreateDoubleMatrix(nk, 1, mxREAL), *gain = mxCreateDoubleMatrix(nk, 1, mxREAL);
    size_t a = 0;
    for (size_t i = 0; i < n; i++) {
      (void)clm_net_processing(net, which, i, &kept, &xo, &g);
      if (kept) { mxGetPr(xoff)[a] = xo; mxGetPr(gain)[a++] = g; }
    }
    mxSetField(s, 0, "xrows", mxCreateDoubleScalar((double)nk));
    mxSetField(s, 0, "yrows", mxCreateDoubleScalar((double)nk));
    mxSetField(s, 0, "ymin", mxCreateDoubleScalar(-1.0));
    mxSetField(s, 0, "ymax", mxCreateDoubleScalar(1.0));
    mxSetField(s, 0, "xoffset", xoff);
    mxSetField(s, 0, "gain", gain);
    mxSetCell(cell, k++, s);
  }
  return cell;
}

/* Deep equality of two mxArrays as built above (double, char, logical,
 * cell, struct with fields matched by name); bitwise for doubles. */
static int mx_equal(const mxArray *a, const mxArray *b) {
  if (!a || !b) return a == b;
  if (mxGetClassID(a) != mxGetClassID(b) || mxGetM(a) != mxGetM(b) || mxGetN(a) != mxGetN(b) ||
      mxGetNumberOfDimensions(a) != mxGetNumberOfDimensions(b))
    return 0;
  size_t n = mxGetNumberOfElements(a);
  if (mxIsCell(a)) {
    for (size_t i = 0; i < n; i++)
      if (!mx_equal(mxGetCell(a, (mwIndex)i), mxGetCell(b, (mwIndex)i))) return 0;
    return 1;
  }
  if (mxIsStruct(a)) {
    int nf = mxGetNumberOfFields(a);
    if (nf != mxGetNumberOfFields(b)) return 0;
    for (size_t i = 0; i < n; i++)
      for (int f = 0; f < nf; f++) {
        const char *name = mxGetFieldNameByNumber(a, f);
        if (!mx_equal(mxGetFieldByNumber(a, (mwIndex)i, f), mxGetField(b, (mwIndex)i, name))) return 0;
      }
    return 1;
  }
  if (mxIsComplex(a) != mxIsComplex(b) || mxIsSparse(a) || mxIsSparse(b)) return 0;
  if (mxIsDouble(a)) return n == 0 || memcmp(mxGetPr(a), mxGetPr(b), n * sizeof(double)) == 0;
  if (mxIsChar(a) || mxIsLogical(a))
    return n == 0 || memcmp(mxGetData(a), mxGetData(b), n * mxGetElementSize(a)) == 0;
  return 0;
}

/* ------------------------------------------------------------------------ */
/* struct -> clm_net                                                         */

typedef struct netinfo {
  unsigned in_flags, out_flags;
} netinfo;

/* Rebuild the network described by struct s into c->net.  With
 * take_weights the visible IW/LW/b replace the stored weights, with
 * check_proc the visible processing settings must equal the stored ones
 * (both off for clm_configure, which recomputes everything). */
static void net_from_struct(mexctx *c, const mxArray *s, netinfo *info, int take_weights,
                            int check_proc) {
  char buf[64], path[128];
  if (!s || !mxIsStruct(s) || mxGetNumberOfElements(s) != 1)
    fail(c, "type", "net must be a scalar struct made by clm_feedforwardnet (got %s)", class_of(s));

  /* layers: number, hidden sizes, transfer and init functions */
  const mxArray *layers = get_field(c, s, "layers", "net");
  if (!mxIsCell(layers) || mxGetNumberOfElements(layers) < 1 ||
      mxGetNumberOfElements(layers) > 65)
    fail(c, "netstruct", "net.layers must be a cell array of 1 to 65 layer structs");
  size_t L = mxGetNumberOfElements(layers);
  size_t hidden[64];
  clm_transfer tf[65];
  clm_initfcn initf = CLM_INITNW;
  for (size_t l = 0; l < L; l++) {
    const mxArray *ly = cell_at(layers, l);
    snprintf(path, sizeof path, "net.layers{%zu}", l + 1);
    if (!ly || !mxIsStruct(ly) || mxGetNumberOfElements(ly) != 1)
      fail(c, "netstruct", "%s must be a layer struct", path);
    if (l + 1 < L) {
      snprintf(path, sizeof path, "net.layers{%zu}.size", l + 1);
      uint64_t sz = get_count(c, get_field(c, ly, "size", "net.layers{i}"), path, "CLM_ESIZE", 1e9);
      if (sz == 0) fail(c, "CLM_ESIZE", "%s must be at least 1", path);
      hidden[l] = (size_t)sz;
    }
    snprintf(path, sizeof path, "net.layers{%zu}.transferFcn", l + 1);
    get_string(c, get_field(c, ly, "transferFcn", "net.layers{i}"), path, buf, sizeof buf,
               "CLM_ETRANSFER");
    int st = clm_transfer_from_name(buf, &tf[l]);
    if (st != CLM_OK) fail(c, clm_status_name(st), "%s = '%s': unknown transfer function", path, buf);
    snprintf(path, sizeof path, "net.layers{%zu}.initFcn", l + 1);
    get_string(c, get_field(c, ly, "initFcn", "net.layers{i}"), path, buf, sizeof buf, "CLM_EINVAL");
    clm_initfcn fi;
    st = clm_initfcn_from_name(buf, &fi);
    if (st != CLM_OK) fail(c, clm_status_name(st), "%s = '%s': unknown (initnw or rands)", path, buf);
    if (l > 0 && fi != initf)
      fail(c, "CLM_EINVAL", "%s = '%s': chaoslm uses one init function for all layers", path, buf);
    initf = fi;
  }

  /* The network: from the hidden state when configured, else new. */
  const mxArray *state = get_field(c, s, CLM_MEX_STATE_FIELD, "net");
  if (!mxIsChar(state)) fail(c, "netstruct", "net.%s must be a character string", CLM_MEX_STATE_FIELD);
  size_t tlen = mxGetNumberOfElements(state);
  if (tlen > 0) {
    char *text = mxMalloc(tlen + 1);
    if (mxGetString(state, text, (mwSize)(tlen + 1)) != 0)
      fail(c, "netstruct", "net.%s is not a valid network text", CLM_MEX_STATE_FIELD);
    CHECK(c, clm_net_load_buffer(text, tlen, &c->net), "net." CLM_MEX_STATE_FIELD " (the stored network)");
    mxFree(text);
    if (clm_net_num_layers(c->net) != L)
      fail(c, "netstruct", "net.layers has %zu layers but the configured network has %zu: create a new network with clm_feedforwardnet",
           L, clm_net_num_layers(c->net));
    for (size_t l = 0; l + 1 < L; l++)
      if (clm_net_layer_size(c->net, l + 1) != hidden[l])
        fail(c, "CLM_ESIZE", "net.layers{%zu}.size = %zu but the configured network has %zu: create a new network with clm_feedforwardnet",
             l + 1, hidden[l], clm_net_layer_size(c->net, l + 1));
  } else {
    CHECK(c, clm_feedforwardnet(&c->net, L - 1, hidden), "net.layers (creating the network)");
  }
  clm_net *net = c->net;

  for (size_t l = 0; l < L; l++) {
    snprintf(path, sizeof path, "net.layers{%zu}.transferFcn", l + 1);
    CHECK(c, clm_net_set_transfer(net, l + 1, tf[l]), path);
  }
  CHECK(c, clm_net_set_initfcn(net, initf), "net.layers{i}.initFcn");

  get_string(c, get_field(c, s, "trainFcn", "net"), "net.trainFcn", buf, sizeof buf, "CLM_ETRAINER");
  if (clm_net_set_trainfcn(net, buf) != CLM_OK)
    fail(c, "CLM_ETRAINER", "net.trainFcn = '%s': unknown training function (trainlm, traingd or traingdm)", buf);

  get_string(c, get_field(c, s, "performFcn", "net"), "net.performFcn", buf, sizeof buf, "CLM_EINVAL");
  clm_performfcn pf;
  if (clm_performfcn_from_name(buf, &pf) != CLM_OK)
    fail(c, "CLM_EINVAL", "net.performFcn = '%s': unknown performance function (mse or sse)", buf);
  CHECK(c, clm_net_set_performfcn(net, pf), "net.performFcn");

  /* division */
  get_string(c, get_field(c, s, "divideFcn", "net"), "net.divideFcn", buf, sizeof buf, "CLM_EDIVIDE");
  clm_dividefcn df;
  if (buf[0] == '\0') df = CLM_DIVIDETRAIN; /* MATLAB: empty divideFcn = everything trains */
  else if (clm_dividefcn_from_name(buf, &df) != CLM_OK)
    fail(c, "CLM_EDIVIDE", "net.divideFcn = '%s': unknown division function", buf);
  const mxArray *dp = get_field(c, s, "divideParam", "net");
  if (!mxIsStruct(dp) || mxGetNumberOfElements(dp) != 1)
    fail(c, "CLM_EDIVIDE", "net.divideParam must be a scalar struct");
  if (df == CLM_DIVIDEIND) {
    static const char *nm[3] = {"trainInd", "valInd", "testInd"};
    size_t *ind[3], n[3];
    for (int k = 0; k < 3; k++) {
      const mxArray *a = mxGetField(dp, 0, nm[k]);
      snprintf(path, sizeof path, "net.divideParam.%s", nm[k]);
      if (!a) fail(c, "CLM_EDIVIDE", "%s is missing (divideind needs trainInd, valInd, testInd)", path);
      if (!is_real_double(a)) fail(c, "CLM_EDIVIDE", "%s must be a double vector of 1-based indices", path);
      n[k] = mxGetNumberOfElements(a);
      ind[k] = mxMalloc((n[k] ? n[k] : 1) * sizeof(size_t));
      for (size_t i = 0; i < n[k]; i++) {
        double v = mxGetPr(a)[i];
        if (!(v >= 1) || v != floor(v) || v > 9007199254740992.0)
          fail(c, "CLM_EDIVIDE", "%s(%zu) = %.17g is not a positive integer index", path, i + 1, v);
        ind[k][i] = (size_t)v - 1;
      }
    }
    CHECK(c, clm_net_set_divideind(net, ind[0], n[0], ind[1], n[1], ind[2], n[2]), "net.divideParam");
    CHECK(c, clm_net_set_divide(net, CLM_DIVIDEIND, 1, 0, 0), "net.divideFcn");
    for (int k = 0; k < 3; k++) mxFree(ind[k]);
  } else {
    double r[3];
    static const char *nm[3] = {"trainRatio", "valRatio", "testRatio"};
    clm_net_divide_ratios(net, &r[0], &r[1], &r[2]);
    for (int k = 0; k < 3; k++) {
      const mxArray *a = mxGetField(dp, 0, nm[k]);
      snprintf(path, sizeof path, "net.divideParam.%s", nm[k]);
      if (a) r[k] = get_scalar(c, a, path, "CLM_EDIVIDE", 0);
      else if (df == CLM_DIVIDERAND || df == CLM_DIVIDEBLOCK || df == CLM_DIVIDEINT)
        fail(c, "CLM_EDIVIDE", "%s is missing", path);
      if (!(r[k] >= 0) || isinf(r[k]))
        fail(c, "CLM_EDIVIDE", "%s must be a finite ratio >= 0 (got %.17g)", path, r[k]);
    }
    int st = clm_net_set_divide(net, df, r[0], r[1], r[2]);
    if (st != CLM_OK)
      fail(c, clm_status_name(st), "net.divideParam (%.17g, %.17g, %.17g): %s", r[0], r[1], r[2],
           clm_strerror(st));
  }

  /* processing functions */
  const mxArray *inputs = get_field(c, s, "inputs", "net");
  const mxArray *outputs = get_field(c, s, "outputs", "net");
  const mxArray *in1 = cell_at(inputs, 0), *outL = cell_at(outputs, L - 1);
  if (!in1 || !mxIsStruct(in1)) fail(c, "netstruct", "net.inputs{1} must be a struct");
  if (!outL || !mxIsStruct(outL)) fail(c, "netstruct", "net.outputs{%zu} must be a struct", L);
  info->in_flags = proc_flags_from(c, get_field(c, in1, "processFcns", "net.inputs{1}"),
                                   "net.inputs{1}.processFcns");
  snprintf(path, sizeof path, "net.outputs{%zu}.processFcns", L);
  info->out_flags = proc_flags_from(c, get_field(c, outL, "processFcns", "net.outputs{L}"), path);
  CHECK(c, clm_net_set_processing(net, info->in_flags, info->out_flags), "processFcns");

  if (!clm_net_is_configured(net)) return;

  /* sizes and processing settings must agree with the stored network */
  for (int which = 0; which < 2; which++) {
    const mxArray *side = which ? outL : in1;
    size_t want = which ? clm_net_num_outputs(net) : clm_net_num_inputs(net);
    if (which) snprintf(path, sizeof path, "net.outputs{%zu}", L);
    else snprintf(path, sizeof path, "net.inputs{1}");
    const mxArray *sz = mxGetField(side, 0, "size");
    if (!sz || !is_real_double(sz) || mxGetNumberOfElements(sz) != 1 || mxGetScalar(sz) != (double)want)
      fail(c, "CLM_ESIZE", "%s.size must stay %zu, the configured size (call clm_configure to change it)", path, want);
    if (check_proc) {
      mxArray *expect = proc_settings_cell(c, net, which, which ? info->out_flags : info->in_flags);
      int same = mx_equal(expect, mxGetField(side, 0, "processSettings"));
      mxDestroyArray(expect);
      if (!same)
        fail(c, "netstruct",
             "%s.processSettings (or processFcns) differ from the configured network's: they are computed from data by clm_configure(net, x, t)",
             path);
    }
  }

  if (!take_weights) return;
  /* weights: IW{1,1}, LW{l,l-1}, b{l} -> getwb order */
  size_t P = clm_net_num_weights(net), S[66];
  S[0] = 0;
  for (size_t i = 0; i < clm_net_num_inputs(net); i++) {
    int kept; double xo, g;
    CHECK(c, clm_net_processing(net, 0, i, &kept, &xo, &g), "input processing");
    S[0] += kept != 0;
  }
  for (size_t l = 1; l <= L; l++) S[l] = clm_net_layer_size(net, l);
  const mxArray *IW = get_field(c, s, "IW", "net"), *LW = get_field(c, s, "LW", "net"),
                *B = get_field(c, s, "b", "net");
  if (!mxIsCell(IW) || !mxIsCell(LW) || !mxIsCell(B) || mxGetNumberOfElements(B) != L ||
      mxGetM(LW) != L || mxGetN(LW) != L || mxGetNumberOfElements(IW) != L)
    fail(c, "CLM_ESIZE", "net.IW, net.LW and net.b must be cells of sizes %zux1, %zux%zu and %zux1", L, L, L, L);
  double *wb = mxMalloc((P ? P : 1) * sizeof(double));
  size_t off = 0;
  for (size_t l = 1; l <= L; l++) {
    const mxArray *bl = cell_at(B, l - 1);
    const mxArray *wl = l == 1 ? cell_at(IW, 0) : mxGetCell(LW, (mwIndex)((l - 2) * L + (l - 1)));
    char bpath[64], wpath[64];
    snprintf(bpath, sizeof bpath, "net.b{%zu}", l);
    if (l == 1) snprintf(wpath, sizeof wpath, "net.IW{1,1}");
    else snprintf(wpath, sizeof wpath, "net.LW{%zu,%zu}", l, l - 1);
    need_double_matrix(c, bl, bpath);
    need_double_matrix(c, wl, wpath);
    if (mxGetM(bl) != S[l] || mxGetN(bl) != 1)
      fail(c, "CLM_ESIZE", "%s must be %zux1 (got %zux%zu)", bpath, S[l], (size_t)mxGetM(bl), (size_t)mxGetN(bl));
    if (mxGetM(wl) != S[l] || mxGetN(wl) != S[l - 1])
      fail(c, "CLM_ESIZE", "%s must be %zux%zu (got %zux%zu)", wpath, S[l], S[l - 1], (size_t)mxGetM(wl),
           (size_t)mxGetN(wl));
    const double *pb = mxGetPr(bl), *pw = mxGetPr(wl);
    for (size_t i = 0; i < S[l]; i++) {
      if (isnan(pb[i])) fail(c, "CLM_ENAN", "%s(%zu) is NaN", bpath, i + 1);
      if (isinf(pb[i])) fail(c, "CLM_EINF", "%s(%zu) is Inf", bpath, i + 1);
      wb[off++] = pb[i];
    }
    for (size_t i = 0; i < S[l] * S[l - 1]; i++) {
      if (isnan(pw[i])) fail(c, "CLM_ENAN", "%s(%zu) is NaN", wpath, i + 1);
      if (isinf(pw[i])) fail(c, "CLM_EINF", "%s(%zu) is Inf", wpath, i + 1);
      wb[off++] = pw[i];
    }
  }
  if (off != P) fail(c, "CLM_EINTERNAL", "weight count %zu differs from the network's %zu", off, P);
  CHECK(c, clm_setwb(net, wb), "net.IW/LW/b");
  mxFree(wb);
}

/* ------------------------------------------------------------------------ */
/* clm_net -> struct                                                         */

static mxArray *divide_param(const clm_net *net, const mxArray *old_dp, clm_dividefcn df) {
  if (df == CLM_DIVIDEIND && old_dp) return mxDuplicateArray(old_dp);
  static const char *fn[] = {"trainRatio", "valRatio", "testRatio"};
  double r[3];
  clm_net_divide_ratios(net, &r[0], &r[1], &r[2]);
  mxArray *s = mxCreateStructMatrix(1, 1, 3, fn);
  for (int k = 0; k < 3; k++) mxSetField(s, 0, fn[k], mxCreateDoubleScalar(r[k]));
  return s;
}

/* Build the Octave struct of c->net.  old (may be NULL) is the struct the
 * call started from: its trainParam and divideParam are kept. */
static mxArray *net_to_struct(mexctx *c, const netinfo *info, const mxArray *old) {
  const clm_net *net = c->net;
  size_t L = clm_net_num_layers(net);
  int conf = clm_net_is_configured(net);
  static const char *fn[] = {"name", "numInputs", "numLayers", "numOutputs", "inputs", "layers",
                             "outputs", "IW", "LW", "b", "initFcn", "performFcn", "performParam",
                             "trainFcn", "trainParam", "divideFcn", "divideMode", "divideParam",
                             CLM_MEX_STATE_FIELD};
  mxArray *s = mxCreateStructMatrix(1, 1, sizeof fn / sizeof fn[0], fn);
  mxSetField(s, 0, "name", mxCreateString("Feed-Forward Neural Network"));
  mxSetField(s, 0, "numInputs", mxCreateDoubleScalar(1));
  mxSetField(s, 0, "numLayers", mxCreateDoubleScalar((double)L));
  mxSetField(s, 0, "numOutputs", mxCreateDoubleScalar(1));

  size_t S[66];
  S[0] = 0;
  for (size_t i = 0; conf && i < clm_net_num_inputs(net); i++) {
    int kept; double xo, g;
    CHECK(c, clm_net_processing(net, 0, i, &kept, &xo, &g), "input processing");
    S[0] += kept != 0;
  }
  for (size_t l = 1; l <= L; l++) S[l] = clm_net_layer_size(net, l);

  { /* inputs{1} */
    static const char *ifn[] = {"name", "size", "processFcns", "processSettings", "processedSize"};
    mxArray *in = mxCreateStructMatrix(1, 1, 5, ifn);
    mxSetField(in, 0, "name", mxCreateString("Input"));
    mxSetField(in, 0, "size", mxCreateDoubleScalar((double)clm_net_num_inputs(net)));
    mxSetField(in, 0, "processFcns", proc_fcns_cell(info->in_flags));
    mxSetField(in, 0, "processSettings",
               conf ? proc_settings_cell(c, net, 0, info->in_flags) : mxCreateCellMatrix(1, 0));
    mxSetField(in, 0, "processedSize", mxCreateDoubleScalar((double)S[0]));
    mxArray *cell = mxCreateCellMatrix(1, 1);
    mxSetCell(cell, 0, in);
    mxSetField(s, 0, "inputs", cell);
  }
  { /* layers{l} */
    static const char *lfn[] = {"name", "size", "transferFcn", "initFcn"};
    mxArray *cell = mxCreateCellMatrix(L, 1);
    for (size_t l = 1; l <= L; l++) {
      char name[48];
      mxArray *ly = mxCreateStructMatrix(1, 1, 4, lfn);
      if (l < L) snprintf(name, sizeof name, "Hidden Layer %zu", l);
      else snprintf(name, sizeof name, "Output Layer");
      mxSetField(ly, 0, "name", mxCreateString(name));
      mxSetField(ly, 0, "size", mxCreateDoubleScalar((double)S[l]));
      const char *tn = clm_transfer_name(clm_net_transfer(net, l));
      mxSetField(ly, 0, "transferFcn", mxCreateString(tn ? tn : ""));
      const char *in = clm_initfcn_name(clm_net_initfcn(net));
      mxSetField(ly, 0, "initFcn", mxCreateString(in ? in : "initnw"));
      mxSetCell(cell, (mwIndex)(l - 1), ly);
    }
    mxSetField(s, 0, "layers", cell);
  }
  { /* outputs{L} */
    static const char *ofn[] = {"name", "size", "processFcns", "processSettings", "processedSize"};
    mxArray *cell = mxCreateCellMatrix(1, L);
    mxArray *o = mxCreateStructMatrix(1, 1, 5, ofn);
    mxSetField(o, 0, "name", mxCreateString("Output"));
    mxSetField(o, 0, "size", mxCreateDoubleScalar((double)clm_net_num_outputs(net)));
    mxSetField(o, 0, "processFcns", proc_fcns_cell(info->out_flags));
    mxSetField(o, 0, "processSettings",
               conf ? proc_settings_cell(c, net, 1, info->out_flags) : mxCreateCellMatrix(1, 0));
    mxSetField(o, 0, "processedSize", mxCreateDoubleScalar((double)S[L]));
    mxSetCell(cell, (mwIndex)(L - 1), o);
    mxSetField(s, 0, "outputs", cell);
  }
  { /* weights */
    mxArray *IW = mxCreateCellMatrix(L, 1), *LW = mxCreateCellMatrix(L, L), *B = mxCreateCellMatrix(L, 1);
    if (conf) {
      size_t P = clm_net_num_weights(net), off = 0;
      double *wb = mxMalloc((P ? P : 1) * sizeof(double));
      CHECK(c, clm_getwb(net, wb), "clm_getwb");
      for (size_t l = 1; l <= L; l++) {
        mxArray *bl = mxCreateDoubleMatrix(S[l], 1, mxREAL);
        mxArray *wl = mxCreateDoubleMatrix(S[l], S[l - 1], mxREAL);
        if (S[l]) memcpy(mxGetPr(bl), wb + off, S[l] * sizeof(double));
        off += S[l];
        if (S[l] > 0 && S[l - 1] > 0) memcpy(mxGetPr(wl), wb + off, S[l] * S[l - 1] * sizeof(double));
        off += S[l] * S[l - 1];
        mxSetCell(B, (mwIndex)(l - 1), bl);
        if (l == 1) mxSetCell(IW, 0, wl);
        else mxSetCell(LW, (mwIndex)((l - 2) * L + (l - 1)), wl);
      }
      mxFree(wb);
    } else {
      mxSetCell(IW, 0, mxCreateDoubleMatrix(S[1], 0, mxREAL));
      for (size_t l = 1; l <= L; l++) {
        mxSetCell(B, (mwIndex)(l - 1), mxCreateDoubleMatrix(S[l], 1, mxREAL));
        if (l > 1) mxSetCell(LW, (mwIndex)((l - 2) * L + (l - 1)), mxCreateDoubleMatrix(S[l], S[l - 1], mxREAL));
      }
    }
    mxSetField(s, 0, "IW", IW);
    mxSetField(s, 0, "LW", LW);
    mxSetField(s, 0, "b", B);
  }
  mxSetField(s, 0, "initFcn", mxCreateString("initlay"));
  const char *pn = clm_performfcn_name(clm_net_performfcn(net));
  mxSetField(s, 0, "performFcn", mxCreateString(pn ? pn : "mse"));
  {
    static const char *pfn[] = {"regularization", "normalization"};
    mxArray *pp = mxCreateStructMatrix(1, 1, 2, pfn);
    mxSetField(pp, 0, "regularization", mxCreateDoubleScalar(0));
    mxSetField(pp, 0, "normalization", mxCreateString("none"));
    mxSetField(s, 0, "performParam", pp);
  }
  const char *tn = clm_net_trainfcn(net);
  mxSetField(s, 0, "trainFcn", mxCreateString(tn ? tn : "trainlm"));
  const mxArray *old_tp = old ? mxGetField(old, 0, "trainParam") : NULL;
  if (old_tp) mxSetField(s, 0, "trainParam", mxDuplicateArray(old_tp));
  else {
    const clm_trainer_type *t = clm_trainer_from_name(tn ? tn : "trainlm");
    clm_trainparam p = clm_trainparam_default(t);
    mxSetField(s, 0, "trainParam", tp_to_struct(t, &p));
  }
  clm_dividefcn df = clm_net_dividefcn(net);
  const char *dn = clm_dividefcn_name(df);
  mxSetField(s, 0, "divideFcn", mxCreateString(dn ? dn : "dividerand"));
  mxSetField(s, 0, "divideMode", mxCreateString("sample"));
  mxSetField(s, 0, "divideParam", divide_param(net, old ? mxGetField(old, 0, "divideParam") : NULL, df));

  if (conf) {
    size_t len = 0;
    CHECK(c, clm_net_save_buffer(net, &c->text, &len), "storing the network (clm_net_save_buffer)");
    mxSetField(s, 0, CLM_MEX_STATE_FIELD, mxCreateString(c->text));
    free(c->text);
    c->text = NULL;
  } else {
    mxSetField(s, 0, CLM_MEX_STATE_FIELD, mxCreateString(""));
  }
  return s;
}

/* ------------------------------------------------------------------------ */
/* Data arguments                                                            */

/* x (R x Q) or t (S x Q): real double, non-empty, no Inf; NaN allowed
 * (NaN inputs give NaN outputs, NaN targets are "don't care"). */
static const double *data_arg(mexctx *c, const mxArray *a, const char *name, size_t rows_want,
                              size_t *rows, size_t *Q) {
  need_double_matrix(c, a, name);
  *rows = mxGetM(a);
  *Q = mxGetN(a);
  if (*rows == 0 || *Q == 0)
    fail(c, "CLM_ESIZE", "%s is empty (%zux%zu); give one column per sample", name, *rows, *Q);
  if (rows_want && *rows != rows_want)
    fail(c, "CLM_ESIZE", "%s has %zu rows but the network has %zu (one row per variable, one column per sample)",
         name, *rows, rows_want);
  const double *p = mxGetPr(a);
  for (size_t i = 0; i < *rows * *Q; i++)
    if (isinf(p[i]))
      fail(c, "CLM_EINF", "%s(%zu,%zu) is Inf", name, i % *rows + 1, i / *rows + 1);
  return p;
}

/* Seed argument or net.trainParam.seed. */
static uint64_t seed_of(mexctx *c, const mxArray *net_s, const mxArray *seed_arg) {
  if (seed_arg) return get_count(c, seed_arg, "seed", "CLM_EINVAL", 9007199254740992.0);
  const mxArray *tp = mxGetField(net_s, 0, "trainParam");
  const mxArray *sd = tp && mxIsStruct(tp) ? mxGetField(tp, 0, "seed") : NULL;
  if (sd) return get_count(c, sd, "net.trainParam.seed", "CLM_EPARAM", 9007199254740992.0);
  return clm_trainparam_default(NULL).seed;
}

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

/* ------------------------------------------------------------------------ */
/* Training record -> tr                                                     */

static mxArray *row_d(const double *v, size_t n) {
  mxArray *a = mxCreateDoubleMatrix(1, n, mxREAL);
  if (n && v) memcpy(mxGetPr(a), v, n * sizeof(double));
  return a;
}

static mxArray *row_z(const size_t *v, size_t n, double add) {
  mxArray *a = mxCreateDoubleMatrix(1, n, mxREAL);
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

static mxArray *record_to_struct(const clm_record *r, const clm_net *net, const mxArray *tp,
                                 const mxArray *net_s, size_t Q) {
  int lm = strcmp(r->train_fcn, "trainlm") == 0;
  size_t n = r->num_epochs + 1;
  static const char *fn[] = {
      "trainFcn", "trainParam", "performFcn", "performParam", "divideFcn", "divideMode",
      "divideParam", "trainInd", "valInd", "testInd", "trainMask", "valMask", "testMask",
      "stop", "num_epochs", "best_epoch", "goal", "states", "epoch", "time", "perf", "vperf",
      "tperf", "mu", "gradient", "val_fail", "best_perf", "best_vperf", "best_tperf",
      "backend", "backendRequested", "backendNote", "counts", "chaos"};
  mxArray *s = mxCreateStructMatrix(1, 1, sizeof fn / sizeof fn[0], fn);
  mxSetField(s, 0, "trainFcn", mxCreateString(r->train_fcn));
  mxSetField(s, 0, "trainParam", mxDuplicateArray(tp));
  const char *pn = clm_performfcn_name(clm_net_performfcn(net));
  mxSetField(s, 0, "performFcn", mxCreateString(pn ? pn : "mse"));
  mxSetField(s, 0, "performParam", mxDuplicateArray(mxGetField(net_s, 0, "performParam")));
  const char *dn = clm_dividefcn_name(clm_net_dividefcn(net));
  mxSetField(s, 0, "divideFcn", mxCreateString(dn ? dn : ""));
  mxSetField(s, 0, "divideMode", mxCreateString("sample"));
  mxSetField(s, 0, "divideParam", mxDuplicateArray(mxGetField(net_s, 0, "divideParam")));
  mxSetField(s, 0, "trainInd", row_z(r->train_ind, r->n_train, 1.0));
  mxSetField(s, 0, "valInd", row_z(r->val_ind, r->n_val, 1.0));
  mxSetField(s, 0, "testInd", row_z(r->test_ind, r->n_test, 1.0));
  size_t rows = clm_net_num_outputs(net);
  mxSetField(s, 0, "trainMask", mask_cell(r->train_ind, r->n_train, rows, Q));
  mxSetField(s, 0, "valMask", mask_cell(r->val_ind, r->n_val, rows, Q));
  mxSetField(s, 0, "testMask", mask_cell(r->test_ind, r->n_test, rows, Q));
  const char *st = clm_stop_text(r->stop);
  mxSetField(s, 0, "stop", mxCreateString(st ? st : ""));
  mxSetField(s, 0, "num_epochs", mxCreateDoubleScalar((double)r->num_epochs));
  mxSetField(s, 0, "best_epoch", mxCreateDoubleScalar((double)r->best_epoch));
  mxSetField(s, 0, "goal", mxCreateDoubleScalar(r->goal));
  {
    static const char *lm_states[] = {"epoch", "time", "perf", "vperf", "tperf", "mu", "gradient", "val_fail"};
    static const char *gd_states[] = {"epoch", "time", "perf", "vperf", "tperf", "gradient", "val_fail"};
    int ns = lm ? 8 : 7;
    mxArray *states = mxCreateCellMatrix(1, ns);
    for (int i = 0; i < ns; i++) mxSetCell(states, i, mxCreateString(lm ? lm_states[i] : gd_states[i]));
    mxSetField(s, 0, "states", states);
  }
  int have = r->epoch != NULL && r->perf != NULL;
  mxSetField(s, 0, "epoch", row_z(have ? r->epoch : NULL, have ? n : 0, 0.0));
  mxSetField(s, 0, "time", row_d(r->time, have ? n : 0));
  mxSetField(s, 0, "perf", row_d(r->perf, have ? n : 0));
  mxSetField(s, 0, "vperf", row_d(r->vperf, have ? n : 0));
  mxSetField(s, 0, "tperf", row_d(r->tperf, have ? n : 0));
  mxSetField(s, 0, "mu", row_d(lm ? r->mu : NULL, lm && have ? n : 0));
  mxSetField(s, 0, "gradient", row_d(r->gradient, have ? n : 0));
  mxSetField(s, 0, "val_fail", row_z(r->val_fail, have ? n : 0, 0.0));
  mxSetField(s, 0, "best_perf", mxCreateDoubleScalar(r->best_perf));
  mxSetField(s, 0, "best_vperf", mxCreateDoubleScalar(r->best_vperf));
  mxSetField(s, 0, "best_tperf", mxCreateDoubleScalar(r->best_tperf));
  const char *bu = clm_backend_name(r->backend_used), *bq = clm_backend_name(r->backend_requested);
  mxSetField(s, 0, "backend", mxCreateString(bu ? bu : ""));
  mxSetField(s, 0, "backendRequested", mxCreateString(bq ? bq : ""));
  char note[sizeof r->backend_note + 1];
  memcpy(note, r->backend_note, sizeof r->backend_note);
  note[sizeof r->backend_note] = '\0';
  mxSetField(s, 0, "backendNote", mxCreateString(note));
  {
    static const char *cfn[] = {"forward", "jacobian", "factor", "rejected", "chaos_evals"};
    mxArray *cs = mxCreateStructMatrix(1, 1, 5, cfn);
    mxSetField(cs, 0, "forward", mxCreateDoubleScalar((double)r->n_forward));
    mxSetField(cs, 0, "jacobian", mxCreateDoubleScalar((double)r->n_jacobian));
    mxSetField(cs, 0, "factor", mxCreateDoubleScalar((double)r->n_factor));
    mxSetField(cs, 0, "rejected", mxCreateDoubleScalar((double)r->n_rejected));
    mxSetField(cs, 0, "chaos_evals", mxCreateDoubleScalar((double)r->n_chaos_evals));
    mxSetField(s, 0, "counts", cs);
  }
  {
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
    mxSetField(s, 0, "chaos", ch);
  }
  return s;
}

/* ------------------------------------------------------------------------ */
/* Commands                                                                  */

static void nargs(mexctx *c, const char *cmd, int nrhs, int lo, int hi, int nlhs, int lhs_max) {
  if (nrhs < lo || nrhs > hi)
    fail(c, "usage", "chaoslm_mex('%s', ...) takes %d to %d arguments after the command (got %d)", cmd,
         lo, hi, nrhs);
  if (nlhs > lhs_max) fail(c, "usage", "chaoslm_mex('%s') returns at most %d values", cmd, lhs_max);
}

/* 'new', hiddenSizes, trainFcn -> net */
static void cmd_new(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  char tfn[32];
  nargs(c, "new", nrhs, 2, 2, nlhs, 1);
  const mxArray *hs = prhs[0];
  if (!is_real_double(hs))
    fail(c, "type", "hiddenSizes must be a real double vector of layer sizes (got %s)", class_of(hs));
  size_t nh = mxGetNumberOfElements(hs);
  if (nh > 0 && mxGetM(hs) != 1 && mxGetN(hs) != 1)
    fail(c, "CLM_ESIZE", "hiddenSizes must be a row vector");
  if (nh > 64) fail(c, "CLM_ESIZE", "hiddenSizes has %zu layers (at most 64)", nh);
  size_t sizes[64];
  for (size_t i = 0; i < nh; i++) {
    double v = mxGetPr(hs)[i];
    if (!(v >= 1) || v != floor(v) || v > 1e9)
      fail(c, "CLM_ESIZE", "hiddenSizes(%zu) = %.17g: each size must be a positive integer", i + 1, v);
    sizes[i] = (size_t)v;
  }
  get_string(c, prhs[1], "trainFcn", tfn, sizeof tfn, "CLM_ETRAINER");
  const clm_trainer_type *t = clm_trainer_from_name(tfn);
  if (!t) fail(c, "CLM_ETRAINER", "trainFcn = '%s': unknown training function (trainlm, traingd or traingdm)", tfn);
  CHECK(c, clm_feedforwardnet(&c->net, nh, sizes), "clm_feedforwardnet(hiddenSizes)");
  CHECK(c, clm_net_set_trainfcn(c->net, tfn), "trainFcn");
  netinfo info = {CLM_PROC_DEFAULT, CLM_PROC_DEFAULT};
  plhs[0] = net_to_struct(c, &info, NULL);
}

/* 'trainParam', trainFcn -> default trainParam struct */
static void cmd_trainparam(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  char tfn[32];
  nargs(c, "trainParam", nrhs, 1, 1, nlhs, 1);
  get_string(c, prhs[0], "trainFcn", tfn, sizeof tfn, "CLM_ETRAINER");
  const clm_trainer_type *t = clm_trainer_from_name(tfn);
  if (!t) fail(c, "CLM_ETRAINER", "trainFcn = '%s': unknown training function (trainlm, traingd or traingdm)", tfn);
  clm_trainparam p = clm_trainparam_default(t);
  plhs[0] = tp_to_struct(t, &p);
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
  if (Qt != Q) fail(c, "CLM_ESIZE", "x has %zu columns (samples) but t has %zu", Q, Qt);
  CHECK(c, clm_configure(c->net, X, R, T, S, Q, seed), "clm_configure(net, x, t)");
  plhs[0] = net_to_struct(c, &info, prhs[0]);
}

/* 'init', net [, seed] -> net */
static void cmd_init(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  netinfo info;
  nargs(c, "init", nrhs, 1, 2, nlhs, 1);
  net_from_struct(c, prhs[0], &info, 0, 1);
  uint64_t seed = seed_of(c, prhs[0], nrhs > 1 ? prhs[1] : NULL);
  CHECK(c, clm_init(c->net, seed), "clm_init(net)");
  plhs[0] = net_to_struct(c, &info, prhs[0]);
}

/* 'getwb', net -> wb (P x 1) */
static void cmd_getwb(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  netinfo info;
  nargs(c, "getwb", nrhs, 1, 1, nlhs, 1);
  net_from_struct(c, prhs[0], &info, 1, 1);
  if (!clm_net_is_configured(c->net)) fail_status(c, CLM_ENOTCONFIGURED, "clm_getwb(net)");
  size_t P = clm_net_num_weights(c->net);
  mxArray *wb = mxCreateDoubleMatrix(P, 1, mxREAL);
  int st = clm_getwb(c->net, mxGetPr(wb));
  if (st != CLM_OK) { mxDestroyArray(wb); fail_status(c, st, "clm_getwb(net)"); }
  plhs[0] = wb;
}

/* 'setwb', net, wb -> net */
static void cmd_setwb(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  netinfo info;
  nargs(c, "setwb", nrhs, 2, 2, nlhs, 1);
  net_from_struct(c, prhs[0], &info, 0, 1);
  if (!clm_net_is_configured(c->net)) fail_status(c, CLM_ENOTCONFIGURED, "clm_setwb(net, wb)");
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
  CHECK(c, clm_setwb(c->net, w), "clm_setwb(net, wb)");
  plhs[0] = net_to_struct(c, &info, prhs[0]);
}

/* 'sim', net, x -> y */
static void cmd_sim(mexctx *c, int nlhs, mxArray **plhs, int nrhs, const mxArray **prhs) {
  netinfo info;
  size_t R, Q;
  nargs(c, "sim", nrhs, 2, 2, nlhs, 1);
  net_from_struct(c, prhs[0], &info, 1, 1);
  if (!clm_net_is_configured(c->net))
    fail_status(c, CLM_ENOTCONFIGURED, "clm_sim(net, x): train or configure the network first");
  const double *X = data_arg(c, prhs[1], "x", clm_net_num_inputs(c->net), &R, &Q);
  /* only trainParam.threads matters here (as in MATLAB, sim ignores the
   * training parameters) */
  int threads = 0;
  const mxArray *tp = mxGetField(prhs[0], 0, "trainParam");
  const mxArray *th = tp && mxIsStruct(tp) ? mxGetField(tp, 0, "threads") : NULL;
  if (th) threads = (int)get_count(c, th, "net.trainParam.threads", "CLM_EPARAM", 4096.0);
  mxArray *Y = mxCreateDoubleMatrix(clm_net_num_outputs(c->net), Q, mxREAL);
  int st = clm_sim(c->net, X, Q, mxGetPr(Y), threads);
  if (st != CLM_OK) { mxDestroyArray(Y); fail_status(c, st, "clm_sim(net, x)"); }
  plhs[0] = Y;
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
  if (Qt != Q) fail(c, "CLM_ESIZE", "x has %zu columns (samples) but t has %zu", Q, Qt);

  c->show = p.show_command_line && p.show > 0;
  p.writer = c->show ? writer_cb : NULL;
  p.writer_user = c;
  p.callback = epoch_cb;
  p.callback_user = c;
  p.stop_flag = NULL;
#ifdef CLM_MEX_HAVE_PTHREAD
  c->owner = pthread_self();
#endif
  clm_record_init(&c->rec);
  c->have_rec = 1;
  poll_interrupt(c); /* a Ctrl-C before training starts stops at epoch 0 */
  int st = clm_train_sized(c->net, t, X, R, T, S, Q, &p, &c->rec);
  if (st != CLM_OK) fail_status(c, st, "clm_train(net, x, t)");
  if (c->show) {
    clm_mex_guard_begin();
    flush_output();
    (void)clm_mex_guard_end(); /* training is over: a late Ctrl-C is dropped */
  }
  plhs[0] = net_to_struct(c, &info, prhs[0]);
  if (nlhs > 1) plhs[1] = record_to_struct(&c->rec, c->net, tp, prhs[0], Q);
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
  if (nrhs < 1) fail(&c, "usage", "chaoslm_mex needs a command string (use the clm_* functions)");
  get_string(&c, prhs[0], "command", cmd, sizeof cmd, "usage");
  nrhs--;
  prhs++;
  if (strcmp(cmd, "new") == 0) cmd_new(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "trainParam") == 0) cmd_trainparam(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "configure") == 0) cmd_configure(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "init") == 0) cmd_init(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "getwb") == 0) cmd_getwb(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "setwb") == 0) cmd_setwb(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "sim") == 0) cmd_sim(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "train") == 0) cmd_train(&c, nlhs, plhs, nrhs, prhs);
  else if (strcmp(cmd, "version") == 0) cmd_version(&c, nlhs, plhs, nrhs);
  else fail(&c, "usage", "chaoslm_mex: unknown command '%s'", cmd);
  ctx_free(&c);
}
