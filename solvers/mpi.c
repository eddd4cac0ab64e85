/* chaoslm — the MPI layer: clm_train_mpi, clm_initchaos_mpi, clm_mpi_share.
 *
 * clm_train_mpi turns the shards of the ranks into the global problem of
 * clm_train on the concatenated data, then runs the ordinary driver
 * (solvers/train.c) with a reducer over MPI (lib/reducer.h):
 *
 *   1. agreement: one MPI_Allreduce (MAX over int64) of each rank's local
 *      status, its "no samples" flag, sizes, and hashes of the network,
 *      trainer and parameters (each also negated, so MAX gives the minimum
 *      too).  Any disagreement is CLM_EMPI on every rank; a local error is
 *      the largest status on every rank.  No other collective runs before
 *      this one, so a bad setup never hangs;
 *   2. global sizes: Q = sum of Q_local (Allreduce), offset = Exscan;
 *   3. configuration (unconfigured network): removeconstantrows and
 *      mapminmax depend on each row's minimum and maximum only (lib/
 *      process.c), and the initialisation on the seed only, so the ranks
 *      reduce the per-row minima and maxima and configure on a two-sample
 *      summary [min, max] of the global data: the result is the network
 *      clm_configure gives on the concatenated data;
 *   4. division: clm_net_divide on the global Q (identical on every rank);
 *      each rank keeps the indices in [offset, offset + Q_local);
 *   5. training: the driver with the reducer (trainlm reduces J'J/J'e in
 *      one Allreduce and takes rank 0's step, see solvers/trainlm.c);
 *   6. the final status is agreed (MAX) so that every rank returns the same.
 *
 * All traffic goes through a duplicate of the caller's communicator with
 * MPI_ERRORS_RETURN, so MPI failures are statuses, not aborts.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <mpi.h>
#include "chaoslm/mpi.h"
#include "trainer.h"
#include "chaos_internal.h"

/* ---------------------------------------------------------------------- */
/* The reducer                                                             */

typedef struct mpi_impl {
  MPI_Comm comm;
} mpi_impl;

#define CHUNK ((size_t)1 << 28) /* elements per MPI call (count is an int) */

static int red_op(const clm__reducer *r, double *buf, size_t n, MPI_Op op) {
  MPI_Comm comm = ((const mpi_impl *)r->impl)->comm;
  for (size_t o = 0; o < n; o += CHUNK) {
    int c = (int)(n - o < CHUNK ? n - o : CHUNK);
    if (MPI_Allreduce(MPI_IN_PLACE, buf + o, c, MPI_DOUBLE, op, comm) != MPI_SUCCESS)
      return CLM_EMPI;
  }
  return CLM_OK;
}
static int red_sum(const clm__reducer *r, double *buf, size_t n) { return red_op(r, buf, n, MPI_SUM); }
static int red_max(const clm__reducer *r, double *buf, size_t n) { return red_op(r, buf, n, MPI_MAX); }
static int red_bcast(const clm__reducer *r, double *buf, size_t n) {
  MPI_Comm comm = ((const mpi_impl *)r->impl)->comm;
  for (size_t o = 0; o < n; o += CHUNK) {
    int c = (int)(n - o < CHUNK ? n - o : CHUNK);
    if (MPI_Bcast(buf + o, c, MPI_DOUBLE, 0, comm) != MPI_SUCCESS) return CLM_EMPI;
  }
  return CLM_OK;
}

static int red_bcast_status(const clm__reducer *r, int *status) {
  MPI_Comm comm = ((const mpi_impl *)r->impl)->comm;
  return MPI_Bcast(status, 1, MPI_INT, 0, comm) == MPI_SUCCESS ? CLM_OK : CLM_EMPI;
}

/* Duplicate comm with MPI_ERRORS_RETURN.  Collective over comm. */
static int impl_open(mpi_impl *m, clm__reducer *r, MPI_Comm comm) {
  int init = 0, fin = 0;
  memset(r, 0, sizeof *r);
  m->comm = MPI_COMM_NULL;
  if (MPI_Initialized(&init) != MPI_SUCCESS || !init) return CLM_EMPI;
  if (MPI_Finalized(&fin) != MPI_SUCCESS || fin) return CLM_EMPI;
  if (comm == MPI_COMM_NULL) return CLM_EMPI;
  if (MPI_Comm_dup(comm, &m->comm) != MPI_SUCCESS) {
    m->comm = MPI_COMM_NULL;
    return CLM_EMPI;
  }
  MPI_Comm_set_errhandler(m->comm, MPI_ERRORS_RETURN);
  if (MPI_Comm_rank(m->comm, &r->rank) != MPI_SUCCESS ||
      MPI_Comm_size(m->comm, &r->size) != MPI_SUCCESS)
    return CLM_EMPI;
  r->impl = m;
  r->sum = red_sum;
  r->max = red_max;
  r->bcast = red_bcast;
  r->bcast_status = red_bcast_status;
  return CLM_OK;
}

static void impl_close(mpi_impl *m) {
  if (m->comm != MPI_COMM_NULL) MPI_Comm_free(&m->comm);
}

/* Allreduce MAX of n int64 values.  CLM_OK or CLM_EMPI. */
static int agree_max(MPI_Comm comm, int64_t *v, int n) {
  return MPI_Allreduce(MPI_IN_PLACE, v, n, MPI_INT64_T, MPI_MAX, comm) == MPI_SUCCESS ? CLM_OK
                                                                                       : CLM_EMPI;
}

/* Every rank returns the largest status of all ranks. */
static int agree_status(MPI_Comm comm, int st) {
  int64_t v = st;
  if (agree_max(comm, &v, 1) != CLM_OK) return CLM_EMPI;
  return (int)v;
}

/* ---------------------------------------------------------------------- */
/* Hashes (FNV-1a, 64 bits) of what must agree across ranks                 */

typedef struct hasher {
  uint64_t h;
} hasher;
static void h_bytes(hasher *s, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) {
    s->h ^= b[i];
    s->h *= 1099511628211ULL;
  }
}
static void h_u64(hasher *s, uint64_t v) { h_bytes(s, &v, sizeof v); }
static void h_dbl(hasher *s, double v) {
  if (v == 0.0) v = 0.0; /* -0 == 0 */
  h_bytes(s, &v, sizeof v);
}
static void h_dbls(hasher *s, const double *v, size_t n) {
  for (size_t i = 0; i < n; i++) h_dbl(s, v[i]);
}

static void h_proc(hasher *s, const clm_proc *p) {
  h_u64(s, p->n_raw);
  h_u64(s, p->n_kept);
  if (p->kept) h_bytes(s, p->kept, p->n_raw);
  if (p->xoffset) h_dbls(s, p->xoffset, p->n_raw);
  if (p->gain) h_dbls(s, p->gain, p->n_raw);
  if (p->xmin) h_dbls(s, p->xmin, p->n_raw);
  if (p->xmax) h_dbls(s, p->xmax, p->n_raw);
}

static uint64_t hash_net(const clm_net *net) {
  hasher s = {14695981039346656037ULL};
  h_u64(&s, net->n_layers);
  for (size_t l = 0; l <= net->n_layers && l <= CLM_MAX_LAYERS; l++) {
    h_u64(&s, net->size[l]);
    h_u64(&s, (uint64_t)net->transfer[l]);
  }
  h_u64(&s, (uint64_t)net->configured);
  h_u64(&s, net->in_flags);
  h_u64(&s, net->out_flags);
  h_u64(&s, (uint64_t)net->initfcn);
  h_u64(&s, (uint64_t)net->performfcn);
  h_dbl(&s, net->perf_reg);
  h_u64(&s, (uint64_t)net->perf_norm);
  h_u64(&s, (uint64_t)net->dividefcn);
  h_dbls(&s, net->div_ratio, 3);
  for (int k = 0; k < 3; k++) {
    h_u64(&s, net->div_n[k]);
    for (size_t i = 0; i < net->div_n[k]; i++) h_u64(&s, net->div_ind[k][i]);
  }
  h_bytes(&s, net->train_fcn, strnlen(net->train_fcn, sizeof net->train_fcn));
  if (net->configured) {
    h_u64(&s, net->n_inputs);
    h_u64(&s, net->n_outputs);
    h_proc(&s, &net->in);
    h_proc(&s, &net->out);
    h_u64(&s, net->n_wb);
    h_dbls(&s, net->wb, net->n_wb);
  }
  return s.h;
}

static void h_chaos(hasher *s, const clm_chaosparam *c) {
  h_u64(s, (uint64_t)c->init);
  h_u64(s, (uint64_t)c->escape);
  h_u64(s, (uint64_t)c->stream);
  h_u64(s, (uint64_t)c->box);
  h_u64(s, c->warmup);
  h_u64(s, c->searches);
  h_u64(s, c->stages);
  h_dbl(s, c->shrink);
  h_u64(s, c->init_evals);
  h_u64(s, c->window);
  h_dbl(s, c->tol_rel);
  h_u64(s, c->phase_epochs);
  h_u64(s, c->escape_stages);
  h_u64(s, c->escape_evals);
  h_dbl(s, c->rho0);
  h_dbl(s, c->rho_max);
  h_dbl(s, c->w_max);
  h_dbl(s, c->tol_acc);
  h_u64(s, c->max_escapes);
  h_u64(s, c->max_reinits);
}

/* One parameter's stored value, by its type. */
static void h_param_field(hasher *s, const clm_trainparam *p, const clm_param_info *d) {
  const char *field = (const char *)p + d->offset;
  switch (d->type) {
  case CLM_PARAM_REAL: {
    double v;
    memcpy(&v, field, sizeof v);
    h_dbl(s, v);
    break;
  }
  case CLM_PARAM_COUNT: {
    size_t v;
    memcpy(&v, field, sizeof v);
    h_u64(s, v);
    break;
  }
  case CLM_PARAM_SEED: {
    uint64_t v;
    memcpy(&v, field, sizeof v);
    h_u64(s, v);
    break;
  }
  case CLM_PARAM_BACKEND: {
    clm_backend v;
    memcpy(&v, field, sizeof v);
    h_u64(s, (uint64_t)v);
    break;
  }
  default: { /* CLM_PARAM_FLAG, CLM_PARAM_INT: int */
    int v;
    memcpy(&v, field, sizeof v);
    h_u64(s, (uint64_t)(int64_t)v);
    break;
  }
  }
}

/* The parameters that steer decisions: every parameter trainer t takes
 * (its descriptions, clm_trainer_param) except those that may differ per
 * rank, and the chaos settings.  The callbacks, the stop flag and the
 * checkpoint settings are not hashed either. */
static uint64_t hash_param(const clm_trainparam *p, const clm_trainer_type *t) {
  static const size_t per_rank[] = {
    offsetof(clm_trainparam, time), offsetof(clm_trainparam, threads),
    offsetof(clm_trainparam, backend), offsetof(clm_trainparam, show),
    offsetof(clm_trainparam, show_command_line)};
  hasher s = {14695981039346656037ULL};
  h_bytes(&s, t->name, strlen(t->name));
  for (size_t i = 0; i < clm_trainer_num_params(t); i++) {
    clm_param_info d;
    int skip = clm_trainer_param(t, i, &d) != CLM_OK;
    for (size_t k = 0; !skip && k < CLM__COUNT_OF(per_rank); k++) skip = d.offset == per_rank[k];
    if (!skip) h_param_field(&s, p, &d);
  }
  h_chaos(&s, &p->chaos);
  return s.h;
}

#define H62(h) ((int64_t)((h) & (((uint64_t)1 << 62) - 1)))

/* ---------------------------------------------------------------------- */

int clm_mpi_share(size_t Q, int rank, int size, size_t *begin, size_t *end) {
  if (!begin || !end) return CLM_ENULL;
  if (size < 1 || rank < 0 || rank >= size) return CLM_EINVAL;
  const size_t n = (size_t)size, r = (size_t)rank, base = Q / n, extra = Q % n;
  *begin = base * r + (r < extra ? r : extra);
  *end = *begin + base + (r < extra ? 1 : 0);
  return CLM_OK;
}

/* Global per-row minima and maxima (NaN ignored) of a rows x Q block into
 * the two-sample summary S (rows x 2): S[i] = min, S[rows+i] = max, NaN for
 * a row without a number.  mm is scratch of 2*rows doubles. */
static int global_minmax(const clm__reducer *red, const double *A, size_t rows, size_t Q,
                         double *S, double *mm) {
  for (size_t i = 0; i < rows; i++) {
    mm[i] = -INFINITY;       /* -min */
    mm[rows + i] = -INFINITY; /* max */
  }
  for (size_t q = 0; q < Q; q++)
    for (size_t i = 0; i < rows; i++) {
      double v = A[q * rows + i];
      if (isnan(v)) continue;
      if (-v > mm[i]) mm[i] = -v;
      if (v > mm[rows + i]) mm[rows + i] = v;
    }
  int st = red->max(red, mm, 2 * rows);
  if (st != CLM_OK) return st;
  for (size_t i = 0; i < rows; i++) {
    int none = mm[rows + i] == -INFINITY;
    S[i] = none ? NAN : -mm[i];
    S[rows + i] = none ? NAN : mm[rows + i];
  }
  return CLM_OK;
}

/* Steps 2-5 after the agreement. */
static int train_distributed(clm_net *net, const clm_trainer_type *t, const double *X,
                             size_t n_in, const double *T, size_t n_out, size_t Q,
                             const clm_trainparam *p, clm_record *record,
                             clm__reducer *red, clm_net **work_out, size_t **ind_out) {
  MPI_Comm comm = ((mpi_impl *)red->impl)->comm;
  uint64_t q = Q, qg = 0, off = 0;
  if (MPI_Allreduce(&q, &qg, 1, MPI_UINT64_T, MPI_SUM, comm) != MPI_SUCCESS) return CLM_EMPI;
  if (MPI_Exscan(&q, &off, 1, MPI_UINT64_T, MPI_SUM, comm) != MPI_SUCCESS) return CLM_EMPI;
  if (red->rank == 0) off = 0; /* Exscan leaves rank 0's result undefined */
  const size_t Qg = (size_t)qg, offset = (size_t)off;
  int st = CLM_OK;

  /* configuration from the global minima and maxima */
  const clm_net *cnet = net;
  if (!net->configured) {
    size_t rmax = n_in > n_out ? n_in : n_out;
    double *S = malloc(2 * (n_in + n_out) * sizeof *S), *mm = malloc(2 * rmax * sizeof *mm);
    if (!S || !mm) st = CLM_ENOMEM;
    st = agree_status(comm, st); /* the reductions below are collective */
    if (st == CLM_OK) st = global_minmax(red, X, n_in, Q, S, mm);
    if (st == CLM_OK) st = global_minmax(red, T, n_out, Q, S + 2 * n_in, mm);
    if (st == CLM_OK) st = clm_net_copy(net, work_out);
    if (st == CLM_OK) st = clm_configure(*work_out, S, n_in, S + 2 * n_in, n_out, 2, p->seed);
    free(S);
    free(mm);
    st = agree_status(comm, st);
    if (st != CLM_OK) return st;
    cnet = *work_out;
  }

  /* the global division, and this rank's part of it */
  size_t *ind = malloc((3 * Qg + 3 * Q) * sizeof *ind);
  *ind_out = ind;
  size_t ng[3] = {0, 0, 0};
  if (!ind) st = CLM_ENOMEM;
  if (st == CLM_OK)
    st = clm_net_divide(cnet, Qg, p->seed, ind, &ng[0], ind + Qg, &ng[1], ind + 2 * Qg, &ng[2]);
  st = agree_status(comm, st);
  if (st != CLM_OK) return st;
  size_t *loc = ind + 3 * Qg;
  for (int k = 0; k < 3; k++) {
    const size_t *g = ind + (size_t)k * Qg;
    size_t *l = loc + (size_t)k * Q, n = 0;
    for (size_t i = 0; i < ng[k]; i++)
      if (g[i] >= offset && g[i] - offset < Q) l[n++] = g[i] - offset;
    red->global_ind[k] = g;
    red->global_n[k] = ng[k];
    red->local_ind[k] = l;
    red->local_n[k] = n;
  }
  if (ng[0] == 0) return CLM_ENOSAMPLES; /* the same on every rank */

  /* a fresh copy the driver may write: the caller's net is changed only on
   * an agreed success */
  clm_net *run = NULL;
  if (!*work_out) {
    st = clm_net_copy(net, &run);
    st = agree_status(comm, st);
    if (st != CLM_OK) {
      clm_net_free(run);
      return st;
    }
  }
  clm_net *target = *work_out ? *work_out : run;
  clm_record rec;
  clm_record_init(&rec);
  st = clm__train_driver(target, t, X, n_in, T, n_out, Q, p, record ? &rec : NULL, red);
  st = agree_status(comm, st);
  if (st == CLM_OK) {
    clm_net tmp = *net;
    *net = *target;
    *target = tmp; /* freed below (run) or by the caller (work) */
    if (record) {
      clm_record_free(record);
      *record = rec;
      clm_record_init(&rec);
    }
  }
  clm_record_free(&rec);
  clm_net_free(run);
  return st;
}

int clm_train_mpi(clm_net *net, const clm_trainer_type *t, const double *X, size_t n_inputs,
                  const double *T, size_t n_outputs, size_t Q, const clm_trainparam *pin,
                  clm_record *record, MPI_Comm comm) {
  mpi_impl m;
  clm__reducer red;
  int st = impl_open(&m, &red, comm);
  /* impl_open fails the same way on every rank except for a failing
   * MPI_Comm_dup, which MPI reports everywhere */
  if (st != CLM_OK) {
    impl_close(&m);
    if (record) clm_record_free(record);
    return st;
  }

  /* 1. local checks, then the agreement */
  int lst = CLM_OK;
  clm_trainparam p;
  memset(&p, 0, sizeof p);
  size_t n_in = n_inputs, n_out = n_outputs;
  if (!net) {
    lst = CLM_ENULL;
  } else {
    if (!t) t = clm_trainer_from_name(net->train_fcn);
    if (!t) lst = CLM_ETRAINER;
  }
  if (lst == CLM_OK) {
    p = pin ? *pin : clm_trainparam_default(t);
    lst = clm_trainparam_check(t, &p, NULL, 0);
    if (lst == CLM_OK && ((p.chaos.escape && (t->flags & CLM_TRAINER_ESCAPE)) || p.chaos.race)) lst = CLM_EPARAM; /* not distributed */
  }
  if (lst == CLM_OK) {
    if (net->configured) {
      if ((n_in && n_in != net->n_inputs) || (n_out && n_out != net->n_outputs)) lst = CLM_ESIZE;
      n_in = net->n_inputs;
      n_out = net->n_outputs;
    } else if (n_in == 0 || n_out == 0) {
      lst = CLM_ENOTCONFIGURED;
    }
  }
  if (lst == CLM_OK && Q > 0) {
    if (!X || !T)
      lst = CLM_ENULL;
    else if (Q > SIZE_MAX / 3 / sizeof(double) / (n_in + n_out))
      lst = CLM_ESIZE;
    else if (clm__check_no_inf(X, n_in * Q) != CLM_OK || clm__check_no_inf(T, n_out * Q) != CLM_OK)
      lst = CLM_EINF;
  }
  int64_t v[12] = {lst, Q == 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  if (lst == CLM_OK) {
    int64_t hn = H62(hash_net(net)), hp = H62(hash_param(&p, t));
    v[2] = (int64_t)n_in;
    v[3] = -(int64_t)n_in;
    v[4] = (int64_t)n_out;
    v[5] = -(int64_t)n_out;
    v[6] = hn;
    v[7] = -hn;
    v[8] = hp;
    v[9] = -hp;
  } else {
    /* this rank's status decides; make the comparison below pass */
    v[3] = v[5] = v[7] = v[9] = INT64_MIN + 1;
  }
  st = agree_max(m.comm, v, 12);
  if (st == CLM_OK) {
    if (v[0] != CLM_OK)
      st = (int)v[0];
    else if (v[1] || v[2] != -v[3] || v[4] != -v[5] || v[6] != -v[7] || v[8] != -v[9])
      st = CLM_EMPI;
  }
  if (st != CLM_OK) {
    impl_close(&m);
    if (record) clm_record_free(record);
    return st;
  }

  clm_net *work = NULL;
  size_t *ind = NULL;
  st = train_distributed(net, t, X, n_in, T, n_out, Q, &p, record, &red, &work, &ind);
  free(ind);
  clm_net_free(work);
  impl_close(&m);
  if (st != CLM_OK && record) clm_record_free(record);
  return st;
}

/* ---------------------------------------------------------------------- */

int clm_initchaos_mpi(clm_net *net, const double *X, const double *T, size_t Q,
                      const clm_chaosparam *cp, uint64_t seed, int threads, uint64_t *evals,
                      double *perf, MPI_Comm comm) {
  mpi_impl m;
  clm__reducer red;
  int st = impl_open(&m, &red, comm);
  if (st != CLM_OK) {
    impl_close(&m);
    return st;
  }
  red.chaos_split = 1;
  clm_chaosparam def = clm_chaosparam_default();
  if (!cp) cp = &def;
  int lst = CLM_OK;
  if (!net || !X || !T) lst = CLM_ENULL;
  else if (!net->configured || !net->n_wb) lst = CLM_ENOTCONFIGURED;
  else if (!Q) lst = CLM_ESIZE;
  else lst = clm_chaosparam_check(cp, NULL, 0);
  int64_t v[5] = {lst, 0, 0, 0, 0};
  if (lst == CLM_OK) {
    hasher s = {hash_net(net)};
    h_chaos(&s, cp);
    h_u64(&s, seed);
    h_u64(&s, Q);
    h_dbls(&s, X, net->n_inputs * Q);
    h_dbls(&s, T, net->n_outputs * Q);
    int64_t h = H62(s.h);
    v[1] = h;
    v[2] = -h;
  } else {
    v[2] = INT64_MIN + 1;
  }
  st = agree_max(m.comm, v, 3);
  if (st == CLM_OK) st = v[0] != CLM_OK ? (int)v[0] : (v[1] != -v[2] ? CLM_EMPI : CLM_OK);
  if (st == CLM_OK) {
    /* the search is collective stage by stage; a local failure before it
     * (memory) is caught by the status exchange inside the search only if
     * it happens there, so check the allocation-free prefix here */
    st = clm__initchaos_red(net, X, T, Q, cp, seed, threads, evals, perf, &red);
    st = agree_status(m.comm, st);
  }
  impl_close(&m);
  return st;
}
