/* chaoslm — linear-solver backends for trainlm (internal).
 *
 * trainlm needs, once per epoch, JJ = J'J and JE = J'e accumulated from the
 * row blocks of the Jacobian, and then, for each mu trial, the solution of
 *     (scale*JJ + mu*I) dx = b        (scale = 1/N for mse, 1 for sse)
 * by Cholesky.  A backend owns JJ (on the host or on a device) so that a GPU
 * backend can accumulate it where it factors it.  Factor and solve are
 * separate (SUNDIALS Setup/Solve): one J'J per epoch serves every mu trial.
 *
 * trainbr needs in addition, once per epoch, the trace of the inverse of
 * scale*JJ + alpha*I (trace_inv: its Cholesky factor U gives trace(A^-1) =
 * ||U^-T||_F^2, with no inverse formed).
 *
 * Statuses: CLM_ENOTPD from factor means "not positive definite": trainlm
 * treats it as a rejected step (mu grows), never as an error.  Any other
 * non-OK status is fatal and is returned by clm_train.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_LINSOLVER_H
#define CLM_LINSOLVER_H

#include <stddef.h>
#include "chaoslm.h"

typedef struct clm_linsolver_type {
  const char *name;      /* "cpu", "cuda" */
  clm_backend kind;      /* CLM_BACKEND_CPU or CLM_BACKEND_GPU */
  /* How many host threads the backend's own parallel regions keep busy
   * right after each Jacobian block and between evaluations.  More than 1:
   * the evaluator produces the blocks on one thread
   * (clm__evalws_set_follow_threads), so that an epoch has few
   * synchronisations and never two pools of threads in turn; 0 or 1: the
   * host threads are free for the evaluator (the work goes to a device, or
   * runs on the calling thread). */
  int (*host_threads)(const void *state);
  /* 1 if usable now; else 0 and a reason in why (may be NULL). */
  int (*available)(char *why, size_t why_len);
  /* Allocate everything for P unknowns and Jacobian blocks of up to
   * max_rows rows (host pinned buffers, device memory, handles, streams).
   * *state is NULL on failure; statuses CLM_ENOMEM, CLM_EDEVICE. */
  int (*alloc)(void **state, size_t P, size_t max_rows, int threads);
  /* JJ := 0, JE := 0 (start of an epoch's accumulation). */
  int (*begin)(void *state);
  /* JJ += J'J, JE += J'e for m rows (J row-major, m x P, e length m); blocks
   * arrive in a fixed order.  The signature matches clm_jblock_fn so a
   * backend can be passed straight to clm__eval_jacobian as its sink. */
  int (*accumulate)(void *state, const double *J, const double *e, size_t m, size_t P);
  /* Finish the accumulation; copy JE (P) to the host array JE and the
   * diagonal of JJ to diag (P, may be NULL). */
  int (*end)(void *state, double *JE, double *diag);
  /* Cholesky factor of A = scale*JJ + mu*I; CLM_ENOTPD if not PD. */
  int (*factor)(void *state, double scale, double mu);
  /* Solve A x = b with the last factor (b and x host arrays of P; may alias). */
  int (*solve)(void *state, const double *b, double *x);
  /* *trace = trace(A^-1) for A = scale*JJ + mu*I (JJ kept intact), from A's
   * Cholesky factor A = U'U as the sum of the squares of U^-1's entries.
   * Unlike factor() there is no conditioning test: the trace of a badly
   * conditioned positive definite matrix is still its trace (MATLAB's
   * trainbr takes inv() with warnings off); CLM_ENOTPD only when the
   * Cholesky fails (a pivot not > 0, or JJ not finite).  It uses the
   * factor's storage: solve() needs a new factor() afterwards.  The backend
   * keeps the trace: until JJ changes, factor(scale, mu') with the same
   * scale and mu' >= mu may skip its rcond estimate when the trace proves it
   * would pass (clm__rcond_trace_ok), so trainbr asks for the trace before
   * its trials.  May be NULL for a backend that cannot (trainbr then
   * refuses it, CLM_EBACKEND). */
  int (*trace_inv)(void *state, double scale, double mu, double *trace);
  /* Copy the upper triangle of the accumulated JJ (P x P column-major) to
   * the host (tests, MPI reduction); may be NULL for a backend that cannot. */
  int (*get_jj)(void *state, double *JJ);
  /* Replace the accumulated JJ/JE (upper triangle used), for reductions
   * done outside (MPI); may be NULL. */
  int (*set_jj)(void *state, const double *JJ, const double *JE);
  void (*free)(void *state);
  /* Optional (may be NULL).  Where the caller may write the next block of
   * m rows (J: m x P row-major, e: m) so that accumulate() on exactly these
   * pointers and m needs no copy (pinned host memory of a device backend).
   * Sets *J = *e = NULL when the caller should use its own buffer.  The
   * pointers stay valid until that accumulate() or the next call into the
   * backend.  The signature matches clm_jbuffer_fn (lib/net_internal.h). */
  int (*block_buffer)(void *state, size_t m, double **J, double **e);
  /* Optional (may be NULL): a short description of the state (device,
   * libraries, which paths are in use), for benchmarks and device checks. */
  const char *(*describe)(const void *state);
} clm_linsolver_type;

/* The backends compiled into this build (NULL when absent). */
extern const clm_linsolver_type clm__linsolver_cpu;
#ifdef HAVE_CUDA
extern const clm_linsolver_type clm__linsolver_cuda;
#endif

/* Pick the backend for a request (auto/cpu/gpu) and a problem of P unknowns
 * and `rows` Jacobian rows per epoch: auto takes the GPU when the problem is
 * big enough (clm__linsolver_gpu_pays) and the GPU is available, else the
 * CPU; gpu without a usable device is CLM_EBACKEND.  `note` receives why
 * (for the training record), the GPU's reason included when it is not
 * usable. */
int clm__linsolver_choose(clm_backend request, size_t P, size_t rows,
                          const clm_linsolver_type **out, char *note, size_t note_len);

/* clm__linsolver_choose with `gpu` as the GPU table (NULL: none compiled
 * in); for tests, which pass a table whose CUDA is simulated. */
int clm__linsolver_choose_with(const clm_linsolver_type *gpu, clm_backend request, size_t P,
                               size_t rows, const clm_linsolver_type **out, char *note,
                               size_t note_len);

/* 1 when auto should try the GPU for P unknowns and `rows` rows per epoch:
 * the work of an epoch's J'J, P^2 * rows, is at least CLM__GPU_AUTO_WORK
 * and P >= CLM__GPU_AUTO_MIN_P (see solvers/linsolver.c). */
int clm__linsolver_gpu_pays(size_t P, size_t rows);

/* The rigorous bound that lets a backend skip DPOCON's rcond estimate
 * (solvers/linsolver.c): 1 when the estimate for A = scale*JJ + mu*I
 * is certain to be >= DBL_EPSILON, from the rows accumulated into JJ
 * (rows_known 0: JJ came from elsewhere, never certain), P, mu, the trace
 * tr of scale*JJ and anorm = ||A||_1. */
int clm__rcond_surely_ok(int rows_known, size_t rows, size_t P, double mu, double tr,
                         double anorm);

/* The second skip test (solvers/linsolver.c, "the trace bound"): 1 when
 * DPOCON's estimate for A = scale*JJ + mu*I (anorm = ||A||_1) is certain
 * to be >= DBL_EPSILON because trace_inv gave trace = trace((scale*JJ +
 * mu0*I)^-1) for the same JJ and scale and mu0 <= mu. */
int clm__rcond_trace_ok(size_t P, double anorm, double mu, double mu0, double trace);

/* trace_inv's last result, which a backend keeps until JJ changes (begin,
 * accumulate, set_jj clear `valid`): trace = trace((scale*JJ + mu*I)^-1). */
typedef struct clm__traced {
  int valid;
  double scale, mu, trace;
} clm__traced;

/* 1 when t vouches for the factor of scale*JJ + mu*I (anorm = ||A||_1):
 * t is valid, of the same scale, and clm__rcond_trace_ok holds. */
int clm__traced_vouches(const clm__traced *t, size_t P, double scale, double mu, double anorm);

#endif /* CLM_LINSOLVER_H */
