/* chaoslm tests — host stand-ins for the CUDA libraries of
 * solvers/cuda_api.h, so that the CUDA backend's own logic runs on a machine
 * without a GPU: library loading (which sonames exist, a missing driver, an
 * old driver), stream ordering, pinned buffers, the DLACN2 loop, the device
 * kernels (their host bodies, solvers/cuda_kernels.h), get/set, cleanup.
 *
 * Libraries.  The backend opens libraries through a loader; the mock's
 * loader "opens" a soname when the test declared it present
 * (mock_lib_present) and its dlsym answers from the table of stand-ins
 * below, except for names declared missing (mock_sym_missing).
 *
 * Streams: the most adversarial schedule CUDA allows.  Work launched on a
 * stream (copies, memsets, cuBLAS/cuSOLVER calls, kernels) is queued and
 * runs only when something forces it: a synchronisation of its stream or of
 * an event recorded after it, a wait of another stream on such an event
 * when that stream runs, or cudaFree/cudaFreeHost/cudaStreamDestroy (which
 * synchronise the device).  So a copy from pinned host memory reads the
 * buffer when it runs, not when it was launched (a host write before the
 * matching wait changes what is sent), a copy to pinned memory lands only
 * at the synchronisation, and work on two streams is ordered only by
 * events.  The legacy default stream (stream 0) is modelled too: the
 * synchronous cudaMemcpy from pageable memory returns once the source is
 * staged and leaves the transfer queued on stream 0, which non-blocking
 * streams do not wait for.  Scalars (alpha, beta) are read at the call, as
 * cuBLAS does in host pointer mode, and kernel arguments at the launch.
 * mock_set_random_schedule(seed) switches to another legal schedule: at
 * every launch and synchronisation the "device" runs, at random, some of
 * the pending work of random streams (each stream in its order, waits
 * honoured), so that work on unordered streams interleaves in many ways.
 *
 * Checks.  "Device" memory is poisoned with NaN when allocated, so reading
 * what nothing wrote shows.  Every copy, memset and BLAS call checks that
 * its device operands lie inside device allocations and its host operands
 * outside them; a violation fails the call and counts in
 * mock_misuse_count().
 *
 * Fault injection: mock_fail_after(k) makes the k-th next allocation (any
 * kind) or cuSOLVER factorisation fail (k = 0: never).
 *
 * Test-only code: the configuration and counters are file-scope statics.
 * GPL-3.0-or-later. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include <lapacke.h>
#include "cuda_api.h"
#include "cuda_kernels.h"

/* ------------------------------------------------------------ test API */

void mock_reset(void);
void mock_fail_after(long k);
long mock_live_allocations(void);
long mock_misuse_count(void);
long mock_open_libs(void);
void mock_lib_present(const char *soname, int present);
void mock_sym_missing(const char *name);
void mock_set_driver(int version); /* 0: libcuda.so.1 absent */
void mock_set_devices(int n);
void mock_set_module_fails(int on);
void mock_set_random_schedule(unsigned seed); /* 0: back to as-late-as-possible */
long mock_kernel_launches(void);
long mock_legacy_copies(void);
long mock_potrs_calls(void);
long mock_trtri_calls(void);
int mock_is_pinned(const void *p, size_t n);
const char *mock_last_misuse(void);
extern const clm_cuda_loader clm__cuda_mock_loader;

static long mock_countdown; /* > 0: fail when it reaches 0 */
static long mock_live;      /* allocations not yet freed */
static long mock_misuse;
static char mock_misuse_text[160];
static long mock_libs_open;
static long mock_launches;
static long mock_legacy;
static long mock_potrs;
static long mock_trtri;
static int mock_driver = 13000;
static int mock_devices = 1;
static int mock_module_fails;
static int mock_rt_major = 13; /* family of the cudart last opened */
static unsigned long long mock_rng; /* random schedule: xorshift state, 0 off */
#define MOCK_MAX_LIBS 16
static char mock_present[MOCK_MAX_LIBS][40];
static char mock_missing_sym[8][48];

static void misuse(const char *what) {
  mock_misuse++;
  snprintf(mock_misuse_text, sizeof mock_misuse_text, "%s", what);
}
long mock_misuse_count(void) { return mock_misuse; }
const char *mock_last_misuse(void) { return mock_misuse_text; }
void mock_fail_after(long k) { mock_countdown = k; }
long mock_live_allocations(void) { return mock_live; }
long mock_open_libs(void) { return mock_libs_open; }
long mock_kernel_launches(void) { return mock_launches; }
long mock_legacy_copies(void) { return mock_legacy; }
long mock_potrs_calls(void) { return mock_potrs; }
long mock_trtri_calls(void) { return mock_trtri; }
void mock_set_driver(int version) { mock_driver = version; }
void mock_set_devices(int n) { mock_devices = n; }
void mock_set_module_fails(int on) { mock_module_fails = on; }
void mock_set_random_schedule(unsigned seed) {
  mock_rng = seed ? 0x9E3779B97F4A7C15ull * seed : 0;
}
static unsigned mock_rand(void) {
  mock_rng ^= mock_rng << 13;
  mock_rng ^= mock_rng >> 7;
  mock_rng ^= mock_rng << 17;
  return (unsigned)(mock_rng >> 32);
}

void mock_lib_present(const char *soname, int present) {
  int free_slot = -1;
  for (int i = 0; i < MOCK_MAX_LIBS; i++) {
    if (!strcmp(mock_present[i], soname)) {
      if (!present) mock_present[i][0] = '\0';
      return;
    }
    if (!mock_present[i][0] && free_slot < 0) free_slot = i;
  }
  if (present && free_slot >= 0)
    snprintf(mock_present[free_slot], sizeof mock_present[free_slot], "%s", soname);
}

void mock_sym_missing(const char *name) {
  for (int i = 0; i < 8; i++)
    if (!mock_missing_sym[i][0]) {
      snprintf(mock_missing_sym[i], sizeof mock_missing_sym[i], "%s", name);
      return;
    }
}

void mock_reset(void) {
  memset(mock_present, 0, sizeof mock_present);
  memset(mock_missing_sym, 0, sizeof mock_missing_sym);
  mock_lib_present("libcudart.so.13", 1);
  mock_lib_present("libcublas.so.13", 1);
  mock_lib_present("libcusolver.so.12", 1);
  mock_driver = 13000;
  mock_devices = 1;
  mock_module_fails = 0;
  mock_countdown = 0;
  mock_rng = 0;
}

static int mock_fault(void) { return mock_countdown > 0 && --mock_countdown == 0; }

/* ------------------------------------------------------------ memory */

typedef struct mblock {
  char *p;
  size_t n;
  int kind; /* 1 device, 2 pinned host, 3 other mock object */
} mblock;
static mblock *blocks;
static size_t n_blocks, cap_blocks;

static void *mock_new(size_t n, int kind) {
  if (mock_fault()) return NULL;
  if (n_blocks == cap_blocks) {
    size_t c = cap_blocks ? 2 * cap_blocks : 64;
    mblock *b = realloc(blocks, c * sizeof *b);
    if (!b) return NULL;
    blocks = b;
    cap_blocks = c;
  }
  char *p = malloc(n ? n : 1);
  if (!p) return NULL;
  if (kind == 1) memset(p, 0xff, n); /* NaN: uninitialised device memory */
  blocks[n_blocks++] = (mblock){p, n ? n : 1, kind};
  mock_live++;
  return p;
}

static int mock_del(void *p, int kind) {
  if (!p) return 0;
  for (size_t i = 0; i < n_blocks; i++)
    if (blocks[i].p == p && blocks[i].kind == kind) {
      free(p);
      blocks[i] = blocks[--n_blocks];
      mock_live--;
      return 0;
    }
  misuse("free of a pointer that is not a live allocation of that kind");
  return -1;
}

/* Kind of the allocation holding [p, p+n): 1 device, 2 pinned, 0 none
 * (ordinary host memory), -1 straddles or overruns an allocation. */
static int mem_kind(const void *p, size_t n) {
  const char *c = p;
  for (size_t i = 0; i < n_blocks; i++) {
    const mblock *b = &blocks[i];
    if (b->kind == 3) continue;
    if (c >= b->p && c < b->p + b->n) return c + n <= b->p + b->n ? b->kind : -1;
  }
  return 0;
}

int mock_is_pinned(const void *p, size_t n) { return mem_kind(p, n) == 2; }

static int need_dev(const void *p, size_t n, const char *what) {
  if (n == 0) return 1;
  if (mem_kind(p, n) == 1) return 1;
  misuse(what);
  return 0;
}
static int need_host(const void *p, size_t n, const char *what) {
  if (n == 0) return 1;
  int k = mem_kind(p, n);
  if (k == 0 || k == 2) return 1;
  misuse(what);
  return 0;
}

/* ------------------------------------------------------------ streams */

struct mop;
typedef void (*mop_fn)(struct mop *);
typedef struct mop {
  mop_fn fn;
  void *p[6];
  long long z[10];
  double d[2];
  struct mstream *ws; /* wait: the stream and sequence number to reach */
  long wseq;
  void *own;          /* staging copy owned by the op */
} mop;

typedef struct mstream {
  mop *q;
  size_t n, cap, head;
  long seq_done, seq_next; /* ops numbered from 1 */
  unsigned flags;
  int live;
} mstream;

static mstream legacy_stream = {0};
#define MOCK_MAX_STREAMS 16
static mstream *streams[MOCK_MAX_STREAMS];

static mstream *stream_of(cudaStream_t s) { return s ? (mstream *)s : &legacy_stream; }

static void run_until(mstream *s, long seq);

static void run_one(mstream *s) {
  mop op = s->q[s->head++];
  if (op.ws) run_until(op.ws, op.wseq);
  if (op.fn) op.fn(&op);
  free(op.own);
  s->seq_done++;
  if (s->head == s->n) s->head = s->n = 0;
}

static void run_until(mstream *s, long seq) {
  while (s->seq_done < seq && s->head < s->n) run_one(s);
}
static void run_all(mstream *s) { run_until(s, s->seq_next); }

/* Random schedule: run some pending work of random streams now. */
static void random_progress(void) {
  if (!mock_rng) return;
  while (mock_rand() % 3 != 0) {
    mstream *c[MOCK_MAX_STREAMS + 1];
    int n = 0;
    if (legacy_stream.head < legacy_stream.n) c[n++] = &legacy_stream;
    for (int i = 0; i < MOCK_MAX_STREAMS; i++)
      if (streams[i] && streams[i]->head < streams[i]->n) c[n++] = streams[i];
    if (!n) return;
    run_one(c[mock_rand() % (unsigned)n]);
  }
}

static void run_device(void) {
  run_all(&legacy_stream);
  for (int i = 0; i < MOCK_MAX_STREAMS; i++)
    if (streams[i]) run_all(streams[i]);
}

static int enqueue(mstream *s, mop op) {
  if (s->n == s->cap) {
    size_t c = s->cap ? 2 * s->cap : 32;
    mop *q = realloc(s->q, c * sizeof *q);
    if (!q) return -1;
    s->q = q;
    s->cap = c;
  }
  s->q[s->n++] = op;
  s->seq_next++;
  return 0;
}

/* Launch op on stream s.  A blocking stream first waits for the legacy
 * stream's work, and legacy work waits for every blocking stream. */
static cudaError_t launch(cudaStream_t st, mop op) {
  mstream *s = stream_of(st);
  if (s != &legacy_stream && !s->live) {
    misuse("launch on a destroyed stream");
    free(op.own);
    return cudaErrorInvalidResourceHandle;
  }
  if (s == &legacy_stream) {
    for (int i = 0; i < MOCK_MAX_STREAMS; i++)
      if (streams[i] && !(streams[i]->flags & cudaStreamNonBlocking)) run_all(streams[i]);
  } else if (!(s->flags & cudaStreamNonBlocking)) {
    mop w = {0};
    w.ws = &legacy_stream;
    w.wseq = legacy_stream.seq_next;
    if (enqueue(s, w)) return cudaErrorMemoryAllocation;
  }
  if (enqueue(s, op)) {
    free(op.own);
    return cudaErrorMemoryAllocation;
  }
  random_progress();
  return cudaSuccess;
}

/* ------------------------------------------------------------ events */

typedef struct mevent {
  mstream *s; /* stream of the last record, NULL: never recorded */
  long seq;
} mevent;

/* ------------------------------------------------------------ cudart */

static cudaError_t m_cudaGetDeviceCount(int *n) {
  if (mock_driver == 0 || mock_driver < mock_rt_major * 1000) return cudaErrorInsufficientDriver;
  if (mock_devices < 1) return cudaErrorNoDevice;
  *n = mock_devices;
  return cudaSuccess;
}
static const char *m_cudaGetErrorString(cudaError_t e) {
  switch (e) {
  case cudaErrorInsufficientDriver: return "CUDA driver version is insufficient for CUDA runtime version";
  case cudaErrorNoDevice: return "no CUDA-capable device is detected";
  case cudaErrorMemoryAllocation: return "out of memory";
  default: return "mock error";
  }
}
static cudaError_t m_cudaRuntimeGetVersion(int *v) {
  *v = mock_rt_major * 1000;
  return cudaSuccess;
}
static cudaError_t m_cudaMalloc(void **p, size_t n) {
  *p = mock_new(n, 1);
  return *p ? cudaSuccess : cudaErrorMemoryAllocation;
}
static cudaError_t m_cudaFree(void *p) {
  run_device(); /* cudaFree synchronises the device */
  return mock_del(p, 1) ? cudaErrorInvalidValue : cudaSuccess;
}
static cudaError_t m_cudaHostAlloc(void **p, size_t n, unsigned int f) {
  (void)f;
  *p = mock_new(n, 2);
  return *p ? cudaSuccess : cudaErrorMemoryAllocation;
}
static cudaError_t m_cudaFreeHost(void *p) {
  run_device();
  return mock_del(p, 2) ? cudaErrorInvalidValue : cudaSuccess;
}

static void op_copy(mop *o) { memmove(o->p[0], o->p[1], (size_t)o->z[0]); }
static void op_copy2d(mop *o) {
  for (long long r = 0; r < o->z[3]; r++)
    memmove((char *)o->p[0] + r * o->z[0], (const char *)o->p[1] + r * o->z[1], (size_t)o->z[2]);
}
static void op_memset(mop *o) { memset(o->p[0], (int)o->z[0], (size_t)o->z[1]); }

static int check_copy(void *d, const void *s, size_t n, enum cudaMemcpyKind k) {
  switch (k) {
  case cudaMemcpyHostToDevice:
    return need_dev(d, n, "H2D copy: destination is not device memory") &&
           need_host(s, n, "H2D copy: source is device memory");
  case cudaMemcpyDeviceToHost:
    return need_host(d, n, "D2H copy: destination is device memory") &&
           need_dev(s, n, "D2H copy: source is not device memory");
  case cudaMemcpyDeviceToDevice:
    return need_dev(d, n, "D2D copy: destination") && need_dev(s, n, "D2D copy: source");
  default:
    misuse("copy kind other than H2D, D2H, D2D");
    return 0;
  }
}

static cudaError_t m_cudaMemcpyAsync(void *d, const void *s, size_t n, enum cudaMemcpyKind k,
                                     cudaStream_t st) {
  if (!check_copy(d, s, n, k)) return cudaErrorInvalidValue;
  mop o = {.fn = op_copy, .p = {d, (void *)s}, .z = {(long long)n}};
  /* An async copy from pageable memory is staged at the call. */
  if (k == cudaMemcpyHostToDevice && mem_kind(s, n) == 0) {
    o.own = malloc(n ? n : 1);
    if (!o.own) return cudaErrorMemoryAllocation;
    memcpy(o.own, s, n);
    o.p[1] = o.own;
  }
  return launch(st, o);
}

/* The synchronous copy (not in the backend's table; kept for tests of code
 * that uses it): H2D from pageable memory is staged and left queued on the
 * legacy stream; other copies complete, after the legacy stream's work
 * only. */
cudaError_t mock_cudaMemcpy(void *d, const void *s, size_t n, enum cudaMemcpyKind k);
cudaError_t mock_cudaMemcpy(void *d, const void *s, size_t n, enum cudaMemcpyKind k) {
  mock_legacy++;
  if (!check_copy(d, s, n, k)) return cudaErrorInvalidValue;
  run_all(&legacy_stream);
  if (k == cudaMemcpyHostToDevice && mem_kind(s, n) == 0) {
    mop o = {.fn = op_copy, .own = malloc(n ? n : 1), .z = {(long long)n}};
    if (!o.own) return cudaErrorMemoryAllocation;
    memcpy(o.own, s, n);
    o.p[0] = d;
    o.p[1] = o.own;
    return launch(NULL, o);
  }
  memmove(d, s, n);
  return cudaSuccess;
}

static cudaError_t m_cudaMemcpy2DAsync(void *d, size_t dp, const void *s, size_t sp, size_t w,
                                       size_t h, enum cudaMemcpyKind k, cudaStream_t st) {
  if (w > dp || w > sp) return cudaErrorInvalidPitchValue;
  if (k != cudaMemcpyDeviceToHost) {
    misuse("2-D copy other than D2H (not modelled)");
    return cudaErrorInvalidValue;
  }
  if (h && (!need_host(d, (h - 1) * dp + w, "2-D D2H copy: destination is device memory") ||
            !need_dev(s, (h - 1) * sp + w, "2-D D2H copy: source is not device memory")))
    return cudaErrorInvalidValue;
  mop o = {.fn = op_copy2d,
           .p = {d, (void *)s},
           .z = {(long long)dp, (long long)sp, (long long)w, (long long)h}};
  return launch(st, o);
}
static cudaError_t m_cudaMemsetAsync(void *d, int v, size_t n, cudaStream_t st) {
  if (!need_dev(d, n, "memset of non-device memory")) return cudaErrorInvalidValue;
  mop o = {.fn = op_memset, .p = {d}, .z = {v, (long long)n}};
  return launch(st, o);
}
static cudaError_t m_cudaStreamCreateWithFlags(cudaStream_t *s, unsigned int f) {
  int slot = -1;
  for (int i = 0; i < MOCK_MAX_STREAMS; i++)
    if (!streams[i]) {
      slot = i;
      break;
    }
  mstream *m = slot >= 0 ? mock_new(sizeof *m, 3) : NULL;
  if (!m) return cudaErrorMemoryAllocation;
  memset(m, 0, sizeof *m);
  m->flags = f;
  m->live = 1;
  streams[slot] = m;
  *s = (cudaStream_t)m;
  return cudaSuccess;
}
static cudaError_t m_cudaStreamDestroy(cudaStream_t s) {
  mstream *m = stream_of(s);
  if (m == &legacy_stream) return cudaErrorInvalidResourceHandle;
  run_all(m); /* pending work completes first */
  for (int i = 0; i < MOCK_MAX_STREAMS; i++)
    if (streams[i] == m) streams[i] = NULL;
  free(m->q);
  m->live = 0;
  return mock_del(m, 3) ? cudaErrorInvalidResourceHandle : cudaSuccess;
}
static cudaError_t m_cudaStreamSynchronize(cudaStream_t s) {
  random_progress();
  run_all(stream_of(s));
  return cudaSuccess;
}
static cudaError_t m_cudaStreamWaitEvent(cudaStream_t s, cudaEvent_t e, unsigned int f) {
  (void)f;
  mevent *ev = (mevent *)e;
  mop o = {0};
  if (ev->s) { /* the record as of now; a later re-record does not count */
    o.ws = ev->s;
    o.wseq = ev->seq;
  }
  return launch(s, o);
}
static cudaError_t m_cudaEventCreateWithFlags(cudaEvent_t *e, unsigned int f) {
  (void)f;
  mevent *m = mock_new(sizeof *m, 3);
  if (!m) return cudaErrorMemoryAllocation;
  m->s = NULL;
  m->seq = 0;
  *e = (cudaEvent_t)m;
  return cudaSuccess;
}
static cudaError_t m_cudaEventDestroy(cudaEvent_t e) {
  return mock_del(e, 3) ? cudaErrorInvalidResourceHandle : cudaSuccess;
}
static cudaError_t m_cudaEventRecord(cudaEvent_t e, cudaStream_t st) {
  mevent *ev = (mevent *)e;
  mstream *s = stream_of(st);
  mop o = {0};
  cudaError_t r = launch(st, o); /* a marker */
  if (r != cudaSuccess) return r;
  ev->s = s;
  ev->seq = s->seq_next;
  return cudaSuccess;
}
static cudaError_t m_cudaEventSynchronize(cudaEvent_t e) {
  mevent *ev = (mevent *)e;
  random_progress();
  if (ev->s) run_until(ev->s, ev->seq);
  return cudaSuccess;
}

/* ------------------------------------------------------------ cuBLAS */

typedef struct mhandle {
  cudaStream_t stream;
} mhandle;

static cublasStatus_t m_cublasCreate_v2(cublasHandle_t *h) {
  mhandle *m = mock_new(sizeof *m, 3);
  if (!m) return CUBLAS_STATUS_ALLOC_FAILED;
  m->stream = NULL;
  *h = (cublasHandle_t)m;
  return CUBLAS_STATUS_SUCCESS;
}
static cublasStatus_t m_cublasDestroy_v2(cublasHandle_t h) {
  return mock_del(h, 3) ? CUBLAS_STATUS_NOT_INITIALIZED : CUBLAS_STATUS_SUCCESS;
}
static cublasStatus_t m_cublasSetStream_v2(cublasHandle_t h, cudaStream_t s) {
  ((mhandle *)h)->stream = s;
  return CUBLAS_STATUS_SUCCESS;
}
static cudaStream_t hstream(const void *h) { return ((const mhandle *)h)->stream; }

/* Bytes spanned by a column-major m x n matrix with leading dimension ld. */
static size_t span(long long m, long long n, long long ld) {
  return m > 0 && n > 0 ? (size_t)((n - 1) * ld + m) * sizeof(double) : 0;
}
/* Queue a cuBLAS or cuSOLVER call on its handle's stream. */
static cublasStatus_t blas_launch(cublasHandle_t h, mop o) {
  return launch(hstream(h), o) == cudaSuccess ? CUBLAS_STATUS_SUCCESS
                                              : CUBLAS_STATUS_EXECUTION_FAILED;
}
static cusolverStatus_t solver_launch(cusolverDnHandle_t h, mop o) {
  return launch(hstream(h), o) == cudaSuccess ? CUSOLVER_STATUS_SUCCESS
                                              : CUSOLVER_STATUS_EXECUTION_FAILED;
}

static void op_syrk(mop *o) {
  cblas_dsyrk(CblasColMajor, o->z[0] ? CblasUpper : CblasLower,
              o->z[1] ? CblasNoTrans : CblasTrans, (int)o->z[2], (int)o->z[3], o->d[0], o->p[0],
              (int)o->z[4], o->d[1], o->p[1], (int)o->z[5]);
}
static cublasStatus_t m_cublasDsyrk_v2_64(cublasHandle_t h, cublasFillMode_t uplo,
                                          cublasOperation_t tr, int64_t n, int64_t k,
                                          const double *alpha, const double *A, int64_t lda,
                                          const double *beta, double *C, int64_t ldc) {
  int nt = tr == CUBLAS_OP_N;
  if (!need_dev(A, nt ? span(n, k, lda) : span(k, n, lda), "syrk: A not on the device") ||
      !need_dev(C, span(n, n, ldc), "syrk: C not on the device"))
    return CUBLAS_STATUS_INVALID_VALUE;
  mop o = {.fn = op_syrk,
           .z = {uplo == CUBLAS_FILL_MODE_UPPER, nt, n, k, lda, ldc},
           .d = {*alpha, *beta},
           .p = {(void *)A, C}};
  return blas_launch(h, o);
}
static void op_gemv(mop *o) {
  cblas_dgemv(CblasColMajor, o->z[0] ? CblasNoTrans : CblasTrans, (int)o->z[1], (int)o->z[2],
              o->d[0], o->p[0], (int)o->z[3], o->p[1], (int)o->z[4], o->d[1], o->p[2],
              (int)o->z[5]);
}
static cublasStatus_t m_cublasDgemv_v2_64(cublasHandle_t h, cublasOperation_t tr, int64_t m,
                                          int64_t n, const double *alpha, const double *A,
                                          int64_t lda, const double *x, int64_t incx,
                                          const double *beta, double *y, int64_t incy) {
  int nt = tr == CUBLAS_OP_N;
  long long lx = nt ? n : m, ly = nt ? m : n;
  if (!need_dev(A, span(m, n, lda), "gemv: A") || !need_dev(x, span(1, lx, incx), "gemv: x") ||
      !need_dev(y, span(1, ly, incy), "gemv: y"))
    return CUBLAS_STATUS_INVALID_VALUE;
  mop o = {.fn = op_gemv,
           .z = {nt, m, n, lda, incx, incy},
           .d = {*alpha, *beta},
           .p = {(void *)A, (void *)x, y}};
  return blas_launch(h, o);
}
static void op_geam(mop *o) {
  const double *A = o->p[0], *B = o->p[1];
  double *C = o->p[2];
  for (long long j = 0; j < o->z[1]; j++)
    for (long long i = 0; i < o->z[0]; i++)
      C[i + j * o->z[4]] = o->d[0] * A[i + j * o->z[2]] + o->d[1] * B[i + j * o->z[3]];
}
static cublasStatus_t m_cublasDgeam_64(cublasHandle_t h, cublasOperation_t ta,
                                       cublasOperation_t tb, int64_t m, int64_t n,
                                       const double *alpha, const double *A, int64_t lda,
                                       const double *beta, const double *B, int64_t ldb,
                                       double *C, int64_t ldc) {
  if (ta != CUBLAS_OP_N || tb != CUBLAS_OP_N) return CUBLAS_STATUS_NOT_SUPPORTED;
  if (!need_dev(A, span(m, n, lda), "geam: A") || !need_dev(B, span(m, n, ldb), "geam: B") ||
      !need_dev(C, span(m, n, ldc), "geam: C"))
    return CUBLAS_STATUS_INVALID_VALUE;
  mop o = {.fn = op_geam,
           .z = {m, n, lda, ldb, ldc},
           .d = {*alpha, *beta},
           .p = {(void *)A, (void *)B, C}};
  return blas_launch(h, o);
}
static void op_axpy(mop *o) {
  const double *x = o->p[0];
  double *y = o->p[1];
  for (long long i = 0; i < o->z[0]; i++) y[i * o->z[2]] += o->d[0] * x[i * o->z[1]];
}
static cublasStatus_t m_cublasDaxpy_v2_64(cublasHandle_t h, int64_t n, const double *alpha,
                                          const double *x, int64_t incx, double *y,
                                          int64_t incy) {
  if (!need_dev(x, span(1, n, incx), "axpy: x") || !need_dev(y, span(1, n, incy), "axpy: y"))
    return CUBLAS_STATUS_INVALID_VALUE;
  mop o = {.fn = op_axpy, .z = {n, incx, incy}, .d = {*alpha}, .p = {(void *)x, y}};
  return blas_launch(h, o);
}

/* ------------------------------------------------------------ cuSOLVER */

static cusolverStatus_t m_cusolverDnCreate(cusolverDnHandle_t *h) {
  mhandle *m = mock_new(sizeof *m, 3);
  if (!m) return CUSOLVER_STATUS_ALLOC_FAILED;
  m->stream = NULL;
  *h = (cusolverDnHandle_t)m;
  return CUSOLVER_STATUS_SUCCESS;
}
static cusolverStatus_t m_cusolverDnDestroy(cusolverDnHandle_t h) {
  return mock_del(h, 3) ? CUSOLVER_STATUS_NOT_INITIALIZED : CUSOLVER_STATUS_SUCCESS;
}
static cusolverStatus_t m_cusolverDnSetStream(cusolverDnHandle_t h, cudaStream_t s) {
  ((mhandle *)h)->stream = s;
  return CUSOLVER_STATUS_SUCCESS;
}
static cusolverStatus_t m_cusolverDnCreateParams(cusolverDnParams_t *p) {
  void *m = mock_new(1, 3);
  if (!m) return CUSOLVER_STATUS_ALLOC_FAILED;
  *p = (cusolverDnParams_t)m;
  return CUSOLVER_STATUS_SUCCESS;
}
static cusolverStatus_t m_cusolverDnDestroyParams(cusolverDnParams_t p) {
  return mock_del(p, 3) ? CUSOLVER_STATUS_INVALID_VALUE : CUSOLVER_STATUS_SUCCESS;
}
static cusolverStatus_t m_cusolverDnXpotrf_bufferSize(cusolverDnHandle_t h, cusolverDnParams_t p,
                                                      cublasFillMode_t u, int64_t n,
                                                      cudaDataType ta, const void *A, int64_t lda,
                                                      cudaDataType tc, size_t *dev, size_t *host) {
  (void)h;
  (void)p;
  (void)u;
  (void)A;
  (void)lda;
  if (ta != CUDA_R_64F || tc != CUDA_R_64F) return CUSOLVER_STATUS_NOT_SUPPORTED;
  *dev = (size_t)n * sizeof(double);
  *host = 0;
  return CUSOLVER_STATUS_SUCCESS;
}
static void op_potrf(mop *o) {
  int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, o->z[0] ? 'U' : 'L', (lapack_int)o->z[1],
                                 o->p[0], (lapack_int)o->z[2]);
  *(int *)o->p[1] = info;
}
static cusolverStatus_t m_cusolverDnXpotrf(cusolverDnHandle_t h, cusolverDnParams_t p,
                                           cublasFillMode_t u, int64_t n, cudaDataType ta,
                                           void *A, int64_t lda, cudaDataType tc, void *wd,
                                           size_t lwd, void *wh, size_t lwh, int *info) {
  (void)p;
  (void)wh;
  (void)lwh;
  if (ta != CUDA_R_64F || tc != CUDA_R_64F) return CUSOLVER_STATUS_NOT_SUPPORTED;
  if (mock_fault()) return CUSOLVER_STATUS_EXECUTION_FAILED;
  if (!need_dev(A, span(n, n, lda), "potrf: A") ||
      !need_dev(wd, lwd, "potrf: device workspace") ||
      !need_dev(info, sizeof *info, "potrf: info"))
    return CUSOLVER_STATUS_INVALID_VALUE;
  if (lwd < (size_t)n * sizeof(double)) {
    misuse("potrf: workspace smaller than bufferSize said");
    return CUSOLVER_STATUS_INVALID_VALUE;
  }
  mop o = {.fn = op_potrf, .z = {u == CUBLAS_FILL_MODE_UPPER, n, lda}, .p = {A, info}};
  return solver_launch(h, o);
}
static void op_potrs(mop *o) {
  int info = LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, o->z[0] ? 'U' : 'L', (lapack_int)o->z[1],
                                 (lapack_int)o->z[2], o->p[0], (lapack_int)o->z[3], o->p[1],
                                 (lapack_int)o->z[4]);
  *(int *)o->p[2] = info;
}
static cusolverStatus_t m_cusolverDnXpotrs(cusolverDnHandle_t h, cusolverDnParams_t p,
                                           cublasFillMode_t u, int64_t n, int64_t nrhs,
                                           cudaDataType ta, const void *A, int64_t lda,
                                           cudaDataType tb, void *B, int64_t ldb, int *info) {
  (void)p;
  if (ta != CUDA_R_64F || tb != CUDA_R_64F) return CUSOLVER_STATUS_NOT_SUPPORTED;
  if (!need_dev(A, span(n, n, lda), "potrs: A") || !need_dev(B, span(n, nrhs, ldb), "potrs: B") ||
      !need_dev(info, sizeof *info, "potrs: info"))
    return CUSOLVER_STATUS_INVALID_VALUE;
  mock_potrs++;
  mop o = {.fn = op_potrs,
           .z = {u == CUBLAS_FILL_MODE_UPPER, n, nrhs, lda, ldb},
           .p = {(void *)A, B, info}};
  return solver_launch(h, o);
}

static cusolverStatus_t m_cusolverDnXtrtri_bufferSize(cusolverDnHandle_t h, cublasFillMode_t u,
                                                      cublasDiagType_t d, int64_t n,
                                                      cudaDataType ta, void *A, int64_t lda,
                                                      size_t *dev, size_t *host) {
  (void)h;
  (void)u;
  (void)d;
  (void)A;
  (void)lda;
  if (ta != CUDA_R_64F) return CUSOLVER_STATUS_NOT_SUPPORTED;
  *dev = 2 * (size_t)n * sizeof(double); /* more than POTRF's: the backend must take the larger */
  *host = 0;
  return CUSOLVER_STATUS_SUCCESS;
}
static void op_trtri(mop *o) {
  int info = LAPACKE_dtrtri_work(LAPACK_COL_MAJOR, o->z[0] ? 'U' : 'L', o->z[3] ? 'U' : 'N',
                                 (lapack_int)o->z[1], o->p[0], (lapack_int)o->z[2]);
  *(int *)o->p[1] = info;
}
static cusolverStatus_t m_cusolverDnXtrtri(cusolverDnHandle_t h, cublasFillMode_t u,
                                           cublasDiagType_t d, int64_t n, cudaDataType ta,
                                           void *A, int64_t lda, void *wd, size_t lwd, void *wh,
                                           size_t lwh, int *info) {
  (void)wh;
  (void)lwh;
  if (ta != CUDA_R_64F) return CUSOLVER_STATUS_NOT_SUPPORTED;
  if (!need_dev(A, span(n, n, lda), "trtri: A") ||
      !need_dev(wd, lwd, "trtri: device workspace") ||
      !need_dev(info, sizeof *info, "trtri: info"))
    return CUSOLVER_STATUS_INVALID_VALUE;
  if (lwd < 2 * (size_t)n * sizeof(double)) {
    misuse("trtri: workspace smaller than bufferSize said");
    return CUSOLVER_STATUS_INVALID_VALUE;
  }
  mock_trtri++;
  mop o = {.fn = op_trtri,
           .z = {u == CUBLAS_FILL_MODE_UPPER, n, lda, d == CUBLAS_DIAG_UNIT},
           .p = {A, info}};
  return solver_launch(h, o);
}

/* ------------------------------------------------------------ driver */

/* The backend's kernels: name, argument layout, host body. */
typedef struct mkernel {
  const char *name;
  int nargs;
} mkernel;
static const mkernel mock_kernels[] = {
    {"clm_abs_partials", 3}, {"clm_abs_finish", 4}, {"clm_sq_partials", 3}};

static CUresult m_cuDriverGetVersion(int *v) {
  *v = mock_driver;
  return CUDA_SUCCESS;
}
static CUresult m_cuInit(unsigned int f) {
  (void)f;
  return mock_devices > 0 ? CUDA_SUCCESS : CUDA_ERROR_NO_DEVICE;
}
static CUresult m_cuDeviceGet(CUdevice *d, int i) {
  if (i < 0 || i >= mock_devices) return CUDA_ERROR_INVALID_DEVICE;
  *d = i;
  return CUDA_SUCCESS;
}
static CUresult m_cuDeviceGetName(char *name, int len, CUdevice d) {
  (void)d;
  snprintf(name, (size_t)len, "Mock GPU");
  return CUDA_SUCCESS;
}
static CUresult m_cuModuleLoadData(CUmodule *m, const void *image) {
  const char *ptx = image;
  if (mock_module_fails) return CUDA_ERROR_UNSUPPORTED_PTX_VERSION;
  /* The embedded PTX must define every kernel the backend looks up. */
  for (size_t i = 0; i < sizeof mock_kernels / sizeof mock_kernels[0]; i++) {
    char entry[64];
    snprintf(entry, sizeof entry, ".entry %s(", mock_kernels[i].name);
    if (!ptx || !strstr(ptx, entry)) return CUDA_ERROR_INVALID_IMAGE;
  }
  void *h = mock_new(1, 3);
  if (!h) return CUDA_ERROR_OUT_OF_MEMORY;
  *m = (CUmodule)h;
  return CUDA_SUCCESS;
}
static CUresult m_cuModuleUnload(CUmodule m) {
  run_device();
  return mock_del(m, 3) ? CUDA_ERROR_INVALID_HANDLE : CUDA_SUCCESS;
}
static CUresult m_cuModuleGetFunction(CUfunction *f, CUmodule m, const char *name) {
  (void)m;
  for (size_t i = 0; i < sizeof mock_kernels / sizeof mock_kernels[0]; i++)
    if (!strcmp(name, mock_kernels[i].name)) {
      *f = (CUfunction)&mock_kernels[i];
      return CUDA_SUCCESS;
    }
  return CUDA_ERROR_NOT_FOUND;
}

/* Kernel launch: arguments copied now (p[] pointers, z[0] the long long),
 * the body run for every thread of the grid when the stream gets there. */
static void op_kernel(mop *o) {
  const mkernel *k = o->p[5];
  long long nthreads = o->z[8];
  if (k == &mock_kernels[0]) {
    long long P = o->z[0];
    if (!need_dev(o->p[0], span(P, P, P), "abs_partials: A") ||
        !need_dev(o->p[2], (size_t)P * CLM_NORM_LANES * sizeof(double), "abs_partials: part"))
      return;
    for (long long t = 0; t < nthreads; t++)
      clm_kbody_abs_partials(t, o->p[0], P, o->p[2]);
  } else if (k == &mock_kernels[2]) {
    long long P = o->z[0];
    if (!need_dev(o->p[0], span(P, P, P), "sq_partials: A") ||
        !need_dev(o->p[2], (size_t)P * CLM_NORM_LANES * sizeof(double), "sq_partials: part"))
      return;
    for (long long t = 0; t < nthreads; t++)
      clm_kbody_sq_partials(t, o->p[0], P, o->p[2]);
  } else {
    long long P = o->z[0];
    if (!need_dev(o->p[0], span(P, P, P), "abs_finish: A") ||
        !need_dev(o->p[2], (size_t)P * CLM_NORM_LANES * sizeof(double), "abs_finish: part") ||
        !need_dev(o->p[3], 2 * (size_t)P * sizeof(double), "abs_finish: out"))
      return;
    for (long long t = 0; t < nthreads; t++)
      clm_kbody_abs_finish(t, o->p[0], P, o->p[2], o->p[3]);
  }
}
static CUresult m_cuLaunchKernel(CUfunction f, unsigned gx, unsigned gy, unsigned gz,
                                 unsigned bx, unsigned by, unsigned bz, unsigned shm,
                                 CUstream st, void **params, void **extra) {
  const mkernel *k = (const mkernel *)f;
  if (gy != 1 || gz != 1 || by != 1 || bz != 1 || shm != 0 || extra || !params || bx == 0 ||
      bx > 1024 || gx == 0) {
    misuse("kernel launch shape");
    return CUDA_ERROR_INVALID_VALUE;
  }
  mop o = {0};
  o.fn = op_kernel;
  o.p[5] = (void *)k;
  o.z[8] = (long long)gx * bx;
  /* (const double *A, long long P, double *part[, double *out]) */
  o.p[0] = *(void **)params[0];
  o.z[0] = *(long long *)params[1];
  o.p[2] = *(void **)params[2];
  if (k->nargs > 3) o.p[3] = *(void **)params[3];
  mock_launches++;
  return launch((cudaStream_t)st, o) == cudaSuccess ? CUDA_SUCCESS : CUDA_ERROR_LAUNCH_FAILED;
}

/* ------------------------------------------------------------ loader */

typedef struct msym {
  int lib;
  const char *name;
  void *fn;
} msym;
static const msym mock_syms[] = {
#define MOCK_SYM_(L, f) {L, #f, (void *)m_##f},
  CLM_CUDA_ALL_SYMS(MOCK_SYM_)
#undef MOCK_SYM_
};

typedef struct mlib {
  int lib;   /* CLM_CUDA_LIB_* */
  int major; /* soname version */
} mlib;
static char mock_dlerror_text[160];

static int lib_kind(const char *so) {
  if (!strncmp(so, "libcudart.so.", 13)) return CLM_CUDA_LIB_RT;
  if (!strncmp(so, "libcublas.so.", 13)) return CLM_CUDA_LIB_BLAS;
  if (!strncmp(so, "libcusolver.so.", 15)) return CLM_CUDA_LIB_SOLVER;
  if (!strcmp(so, "libcuda.so.1")) return CLM_CUDA_LIB_DRIVER;
  return -1;
}

static void *mock_open(const char *so) {
  int present = !strcmp(so, "libcuda.so.1") ? mock_driver != 0 : 0;
  for (int i = 0; i < MOCK_MAX_LIBS && !present; i++) present = !strcmp(mock_present[i], so);
  int kind = lib_kind(so);
  if (!present || kind < 0) {
    snprintf(mock_dlerror_text, sizeof mock_dlerror_text,
             "%s: cannot open shared object file: No such file or directory", so);
    return NULL;
  }
  mlib *l = malloc(sizeof *l);
  if (!l) return NULL;
  l->lib = kind;
  const char *dot = strrchr(so, '.');
  l->major = dot ? atoi(dot + 1) : 0;
  if (kind == CLM_CUDA_LIB_RT) mock_rt_major = l->major;
  mock_libs_open++;
  return l;
}
static void *mock_sym(void *h, const char *name) {
  const mlib *l = h;
  for (int i = 0; i < 8; i++)
    if (mock_missing_sym[i][0] && !strcmp(mock_missing_sym[i], name)) return NULL;
  for (size_t i = 0; i < sizeof mock_syms / sizeof mock_syms[0]; i++)
    if (mock_syms[i].lib == l->lib && !strcmp(mock_syms[i].name, name)) return mock_syms[i].fn;
  return NULL;
}
static void mock_close(void *h) {
  if (!h) return;
  mock_libs_open--;
  free(h);
}
static const char *mock_error(void) { return mock_dlerror_text; }

const clm_cuda_loader clm__cuda_mock_loader = {mock_open, mock_sym, mock_close, mock_error};

/* Until a test calls mock_reset(), the default configuration. */
__attribute__((constructor)) static void mock_init(void) { mock_reset(); }
