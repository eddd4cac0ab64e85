/* chaoslm — the Octave/MATLAB MEX binding: declarations shared by its
 * source files (chaoslm_mex.c and the mex_*.c helpers).  Nothing here is
 * installed; the files are compiled together into one MEX, chaoslm_mex.
 *
 * Error handling: fail() frees everything in the call's context (mexctx)
 * and raises an Octave error with the identifier "chaoslm:<id>"; it does
 * not return.  Scratch memory uses mxMalloc, which Octave and MATLAB free
 * when an error unwinds the call.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_MEX_UTIL_H
#define CLM_MEX_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "mex.h"
#include "chaoslm.h"

#if defined(__unix__) || defined(__APPLE__)
#include <pthread.h>
#define CLM_MEX_HAVE_PTHREAD 1
#endif

#if defined(__GNUC__)
#define CLM_MEX_NORETURN __attribute__((noreturn))
#define CLM_MEX_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CLM_MEX_NORETURN
#define CLM_MEX_PRINTF(a, b)
#endif

#define CLM_MEX_STATE_FIELD "clm_state"
#define CLM_MEX_MSG 1024
/* The largest whole number a double holds exactly (2^53). */
#define CLM_MEX_COUNT_MAX 9007199254740992.0

/* Everything not allocated with mx* that must be freed on error, and the
 * state of one training call for the callbacks. */
typedef struct mexctx {
  clm_net *net;
  char *text;        /* clm_net_save_buffer output */
  clm_record rec;
  int have_rec;
  int interrupted;   /* Ctrl-C seen during training */
  int show;          /* print progress lines */
  int show_window;   /* trainParam.showWindow (no GUI: command-line fallback) */
#ifdef CLM_MEX_HAVE_PTHREAD
  pthread_t owner;   /* the Octave thread: MEX calls are only made from it */
#endif
} mexctx;

/* ---- mex_util.c: errors ---- */

void ctx_free(mexctx *c);
/* Raise "chaoslm:<id>" with a printf-style message. */
void fail(mexctx *c, const char *id, const char *fmt, ...) CLM_MEX_PRINTF(3, 4) CLM_MEX_NORETURN;
/* Raise "chaoslm:CLM_xxx" for library status st: "<what>: <clm_strerror>". */
void fail_status(mexctx *c, int st, const char *what) CLM_MEX_NORETURN;

#define CHECK(c, call, what)                          \
  do {                                                \
    int st_ = (call);                                 \
    if (st_ != CLM_OK) fail_status((c), st_, (what)); \
  } while (0)

/* ---- mex_util.c: readers; `path` names the argument in messages ---- */

int is_real_double(const mxArray *a);
const char *class_of(const mxArray *a);
/* A real double 2-D matrix (NaN and Inf not checked). */
void need_double_matrix(mexctx *c, const mxArray *a, const char *path);
/* Field `name` of scalar struct s; missing: error chaoslm:netstruct. */
const mxArray *get_field(mexctx *c, const mxArray *s, const char *name, const char *path);
/* A char row vector into buf (len bytes); otherwise error `id`. */
void get_string(mexctx *c, const mxArray *a, const char *path, char *buf, size_t len, const char *id);
/* A real scalar: double, or logical when allow_logical; otherwise error `id`. */
double get_scalar(mexctx *c, const mxArray *a, const char *path, const char *id, int allow_logical);
/* A whole number 0 <= v <= max (double or integer class). */
uint64_t get_count(mexctx *c, const mxArray *a, const char *path, const char *id, double max);
/* Element i of a cell; NULL when out of range or not a cell. */
const mxArray *cell_at(const mxArray *cell, size_t i);
/* Case-insensitive edit distance of two short names (SIZE_MAX when longer
 * than 63 characters). */
size_t name_distance(const char *a, const char *b);

/* x (R x Q) or t (S x Q): real double, non-empty, no Inf; NaN allowed.
 * rows_want (0: any) is the network's row count. */
const double *data_arg(mexctx *c, const mxArray *a, const char *name, size_t rows_want,
                       size_t *rows, size_t *Q);
/* " (x is 94x1: ...)" when a matrix looks like samples stored as rows, else "". */
void transpose_hint(char *buf, size_t len, const char *name, size_t rows, size_t cols);

#endif /* CLM_MEX_UTIL_H */
