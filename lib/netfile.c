/* chaoslm — saving and loading networks (text format, version 3; versions
 * 1 and 2 are still read).
 *
 * The format is specified in doc/file-format.md.  In short:
 *
 *   chaoslm-network
 *   version = 3            (version 2 added the keys input_connect and
 *                           layer_connect, version 3 the data ranges and
 *                           performParam)
 *   key = value            (one line per key, each key exactly once)
 *   ...
 *   checksum = <16 lowercase hex digits>
 *
 * Values are integers, names, or space-separated lists of them; doubles are
 * written with "%.17g" (which round-trips every finite double) and read back
 * with strtod_l in the "C" locale, so neither direction depends on the
 * process locale: after snprintf, whatever the locale used as its decimal
 * separator is replaced by '.'.  The checksum is FNV-1a 64 (offset basis
 * 0xcbf29ce484222325, prime 0x100000001b3) over every byte before the
 * checksum line.
 *
 * Loading checks, in this order: the magic line (CLM_EFORMAT), the version
 * line (CLM_EFORMAT if malformed, CLM_EVERSION if not 1, 2 or 3), the final checksum
 * line (CLM_EFORMAT if missing or malformed, which is what truncation gives),
 * the checksum (CLM_ECHECKSUM), then every key (CLM_EFORMAT for an unknown,
 * duplicate, missing or malformed key, a count that disagrees with the
 * sizes, a non-finite number; CLM_ETRANSFER for an unknown transfer
 * function).  Counts are checked against the number of tokens actually
 * present before anything is allocated, so garbage cannot trigger huge
 * allocations.  A key belongs to the versions from the one that added it
 * (key_in_version): a file must hold every key of its version and no other.
 * Files of versions 1 and 2 load with the default performParam and with
 * ranges rebuilt from the processing settings where they tell
 * (older_ranges).
 *
 * Saving writes the text to a temporary file in the destination directory
 * (mkstemp on "<path>.tmp.XXXXXX"), fsyncs it, renames it over <path> and
 * fsyncs the directory; on any failure the temporary file is removed and an
 * existing <path> is left as it was.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#define _GNU_SOURCE /* strtod_l */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "net_internal.h"

#define CLM_FILE_MAGIC "chaoslm-network"
#define CLM_FILE_VERSION 3 /* written; 1, 2 and 3 are read */

/* ------------------------------------------------------------------ */
/* Checksum                                                              */

static uint64_t fnv1a64(const char *p, size_t n) {
  uint64_t h = UINT64_C(0xcbf29ce484222325);
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)p[i];
    h *= UINT64_C(0x100000001b3);
  }
  return h;
}

/* ------------------------------------------------------------------ */
/* Output buffer                                                         */

typedef struct sbuf {
  char *p;
  size_t len, cap;
  int oom;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n) {
  if (b->oom) return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n + 1) {
      if (cap > SIZE_MAX / 2) {
        b->oom = 1;
        return;
      }
      cap *= 2;
    }
    char *q = realloc(b->p, cap);
    if (!q) {
      b->oom = 1;
      return;
    }
    b->p = q;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

static void sb_size(sbuf *b, size_t v) {
  char t[32];
  int k = snprintf(t, sizeof t, "%zu", v);
  sb_put(b, t, (size_t)k);
}

/* A double as %.17g with '.' as the decimal point whatever the locale:
 * every run of bytes that is not a digit, sign or exponent letter is the
 * locale's decimal separator and becomes one '.'.  NaN is written "nan"
 * (only allowed for removed rows' xoffset). */
static void sb_double(sbuf *b, double v) {
  if (isnan(v)) {
    sb_str(b, "nan");
    return;
  }
  char t[64], u[64];
  int k = snprintf(t, sizeof t, "%.17g", v);
  if (k < 0 || (size_t)k >= sizeof t) {
    b->oom = 1; /* cannot happen for a finite double */
    return;
  }
  size_t m = 0;
  int in_sep = 0;
  for (int i = 0; i < k; i++) {
    char c = t[i];
    if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == 'e' || c == 'E') {
      u[m++] = c;
      in_sep = 0;
    } else if (!in_sep) {
      u[m++] = '.';
      in_sep = 1;
    }
  }
  sb_put(b, u, m);
}

static void sb_key(sbuf *b, const char *key) {
  sb_str(b, key);
  sb_str(b, " =");
}

/* ------------------------------------------------------------------ */
/* Writing                                                               */

static void put_proc(sbuf *b, const char *side, size_t n_raw, unsigned flags,
                     const clm_proc *p) {
  char key[40];
  snprintf(key, sizeof key, "%ss", side);
  sb_key(b, key);
  sb_str(b, " ");
  sb_size(b, n_raw);
  sb_str(b, "\n");
  snprintf(key, sizeof key, "%s_processing", side);
  sb_key(b, key);
  if (flags & CLM_PROC_REMOVECONSTANTROWS) sb_str(b, " removeconstantrows");
  if (flags & CLM_PROC_MAPMINMAX) sb_str(b, " mapminmax");
  sb_str(b, "\n");
  snprintf(key, sizeof key, "%s_kept", side);
  sb_key(b, key);
  for (size_t i = 0; i < n_raw; i++) sb_str(b, p->kept[i] ? " 1" : " 0");
  sb_str(b, "\n");
  snprintf(key, sizeof key, "%s_xoffset", side);
  sb_key(b, key);
  for (size_t i = 0; i < n_raw; i++) {
    sb_str(b, " ");
    sb_double(b, p->xoffset[i]);
  }
  sb_str(b, "\n");
  snprintf(key, sizeof key, "%s_gain", side);
  sb_key(b, key);
  for (size_t i = 0; i < n_raw; i++) {
    sb_str(b, " ");
    sb_double(b, p->gain[i]);
  }
  sb_str(b, "\n");
  snprintf(key, sizeof key, "%s_min", side);
  sb_key(b, key);
  for (size_t i = 0; i < n_raw; i++) {
    sb_str(b, " ");
    sb_double(b, p->xmin[i]);
  }
  sb_str(b, "\n");
  snprintf(key, sizeof key, "%s_max", side);
  sb_key(b, key);
  for (size_t i = 0; i < n_raw; i++) {
    sb_str(b, " ");
    sb_double(b, p->xmax[i]);
  }
  sb_str(b, "\n");
}

/* Every number that the file will hold must be finite (NaN allowed only as
 * the constant of a removed row and in the ranges of an all-NaN row). */
static int check_finite(const clm_net *net) {
  const clm_proc *ps[2] = {&net->in, &net->out};
  for (int k = 0; k < 2; k++)
    for (size_t i = 0; i < ps[k]->n_raw; i++) {
      if (isinf(ps[k]->xoffset[i]) || !isfinite(ps[k]->gain[i])) return CLM_EINF;
      if (isnan(ps[k]->xoffset[i]) && ps[k]->kept[i]) return CLM_ENAN;
      if (isinf(ps[k]->xmin[i]) || isinf(ps[k]->xmax[i])) return CLM_EINF;
    }
  if (!(net->perf_reg >= 0.0 && net->perf_reg <= 1.0)) return CLM_EINVAL;
  for (int s = 0; s < 3; s++)
    if (!isfinite(net->div_ratio[s])) return clm__check_finite(&net->div_ratio[s], 1);
  return clm__check_finite(net->wb, net->n_wb);
}

/* "key v1 v2 ...\n" helpers of the writer. */
static void put_name(sbuf *b, const char *key, const char *name) {
  sb_key(b, key);
  sb_str(b, " ");
  sb_str(b, name);
  sb_str(b, "\n");
}

/* layers, hidden_sizes, transfer_fcns, input_connect, layer_connect. */
static int put_shape(sbuf *b, const clm_net *net) {
  const size_t L = net->n_layers;
  sb_key(b, "layers");
  sb_str(b, " ");
  sb_size(b, L);
  sb_str(b, "\n");
  sb_key(b, "hidden_sizes");
  for (size_t l = 1; l < L; l++) {
    sb_str(b, " ");
    sb_size(b, net->size[l]);
  }
  sb_str(b, "\n");
  sb_key(b, "transfer_fcns");
  for (size_t l = 1; l <= L; l++) {
    const char *nm = clm_transfer_name(net->transfer[l]);
    if (!nm) return CLM_ETRANSFER;
    sb_str(b, " ");
    sb_str(b, nm);
  }
  sb_str(b, "\n");
  sb_key(b, "input_connect");
  for (size_t l = 1; l <= L; l++) sb_str(b, net->src[l] & 1u ? " 1" : " 0");
  sb_str(b, "\n");
  sb_key(b, "layer_connect"); /* (2,1), (3,1), (3,2), (4,1), ... */
  for (size_t i = 2; i <= L; i++)
    for (size_t j = 1; j < i; j++) sb_str(b, net->src[i] >> j & 1u ? " 1" : " 0");
  sb_str(b, "\n");
  return CLM_OK;
}

/* init_fcn, perform_*, divide_*, train_fcn. */
static int put_functions(sbuf *b, const clm_net *net) {
  static const char *const ind_keys[3] = {"divide_train_ind", "divide_val_ind", "divide_test_ind"};
  const char *initn = clm_initfcn_name(net->initfcn);
  const char *perfn = clm_performfcn_name(net->performfcn);
  const char *normn = clm_normalization_name(net->perf_norm);
  const char *divn = clm_dividefcn_name(net->dividefcn);
  if (!initn || !perfn || !normn || !divn) return CLM_EINVAL;
  put_name(b, "init_fcn", initn);
  put_name(b, "perform_fcn", perfn);
  sb_key(b, "perform_regularization");
  sb_str(b, " ");
  sb_double(b, net->perf_reg);
  sb_str(b, "\n");
  put_name(b, "perform_normalization", normn);
  put_name(b, "divide_fcn", divn);
  sb_key(b, "divide_ratios");
  for (int s = 0; s < 3; s++) {
    sb_str(b, " ");
    sb_double(b, net->div_ratio[s]);
  }
  sb_str(b, "\n");
  for (int s = 0; s < 3; s++) {
    sb_key(b, ind_keys[s]);
    for (size_t k = 0; k < net->div_n[s]; k++) {
      sb_str(b, " ");
      sb_size(b, net->div_ind[s][k]);
    }
    sb_str(b, "\n");
  }
  put_name(b, "train_fcn", net->train_fcn);
  return CLM_OK;
}

int clm_net_save_buffer(const clm_net *net, char **text, size_t *len) {
  if (!text || !len) return CLM_ENULL;
  *text = NULL;
  *len = 0;
  if (!net) return CLM_ENULL;
  if (!net->configured) return CLM_ENOTCONFIGURED;
  int st = check_finite(net);
  if (st != CLM_OK) return st;
  sbuf b = {NULL, 0, 0, 0};
  char line[64];
  /* Every configured network has data ranges (and performParam), which
   * only version 3 holds: every file is version 3, with the connections
   * of version 2 even for a chain. */
  snprintf(line, sizeof line, "%s\nversion = %d\n", CLM_FILE_MAGIC, CLM_FILE_VERSION);
  sb_str(&b, line);
  st = put_shape(&b, net);
  if (st == CLM_OK) {
    put_proc(&b, "input", net->n_inputs, net->in_flags, &net->in);
    put_proc(&b, "output", net->n_outputs, net->out_flags, &net->out);
    st = put_functions(&b, net);
  }
  if (st != CLM_OK) {
    free(b.p);
    return st;
  }
  sb_key(&b, "num_weights");
  sb_str(&b, " ");
  sb_size(&b, net->n_wb);
  sb_str(&b, "\n");
  sb_key(&b, "weights");
  for (size_t i = 0; i < net->n_wb; i++) {
    sb_str(&b, " ");
    sb_double(&b, net->wb[i]);
  }
  sb_str(&b, "\n");
  if (!b.oom) {
    snprintf(line, sizeof line, "checksum = %016llx\n", (unsigned long long)fnv1a64(b.p, b.len));
    sb_str(&b, line);
  }
  if (b.oom) {
    free(b.p);
    return CLM_ENOMEM;
  }
  *text = b.p;
  *len = b.len;
  return CLM_OK;
}

/* Write all n bytes to fd. */
static int write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t k = write(fd, p, n);
    if (k < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += k;
    n -= (size_t)k;
  }
  return 0;
}

int clm_net_save(const clm_net *net, const char *path) {
  if (!net || !path) return CLM_ENULL;
  if (!path[0]) return CLM_EIO;
  char *text;
  size_t len;
  int st = clm_net_save_buffer(net, &text, &len);
  if (st != CLM_OK) return st;
  size_t pl = strlen(path);
  char *tmp = malloc(pl + 16);
  if (!tmp) {
    free(text);
    return CLM_ENOMEM;
  }
  memcpy(tmp, path, pl);
  memcpy(tmp + pl, ".tmp.XXXXXX", 12);
  /* Keep the permissions of a file being replaced; 0644 for a new one. */
  mode_t mode = 0644;
  struct stat sbf;
  if (stat(path, &sbf) == 0 && S_ISREG(sbf.st_mode)) mode = sbf.st_mode & 07777;
  st = CLM_EIO;
  int fd = mkstemp(tmp);
  if (fd >= 0) {
    int ok = fchmod(fd, mode) == 0 && write_all(fd, text, len) == 0 && fsync(fd) == 0;
    if (close(fd) != 0) ok = 0;
    if (ok && rename(tmp, path) == 0) {
      st = CLM_OK;
      /* Make the rename itself durable (best effort). */
      char *dir = malloc(pl + 2);
      if (dir) {
        memcpy(dir, path, pl + 1);
        char *slash = strrchr(dir, '/');
        if (!slash) strcpy(dir, ".");
        else if (slash == dir) dir[1] = '\0';
        else *slash = '\0';
        int dfd = open(dir, O_RDONLY);
        if (dfd >= 0) {
          (void)fsync(dfd);
          close(dfd);
        }
        free(dir);
      }
    } else {
      unlink(tmp);
    }
  }
  free(tmp);
  free(text);
  return st;
}

/* ------------------------------------------------------------------ */
/* Reading                                                               */

enum {
  K_LAYERS, K_HIDDEN, K_TRANSFER,
  K_INPUTS, K_IN_PROC, K_IN_KEPT, K_IN_XOFF, K_IN_GAIN,
  K_OUTPUTS, K_OUT_PROC, K_OUT_KEPT, K_OUT_XOFF, K_OUT_GAIN,
  K_INIT, K_PERFORM, K_DIVIDE, K_RATIOS, K_TRAIN_IND, K_VAL_IND, K_TEST_IND,
  K_TRAINFCN, K_NUM_WEIGHTS, K_WEIGHTS,
  K_IN_CONNECT, K_LAYER_CONNECT,                   /* from version 2 */
  K_IN_MIN, K_IN_MAX, K_OUT_MIN, K_OUT_MAX, K_PERF_REG, K_PERF_NORM, /* from version 3 */
  K_COUNT
};

static const char *const key_names[K_COUNT] = {
  "layers", "hidden_sizes", "transfer_fcns",
  "inputs", "input_processing", "input_kept", "input_xoffset", "input_gain",
  "outputs", "output_processing", "output_kept", "output_xoffset", "output_gain",
  "init_fcn", "perform_fcn", "divide_fcn", "divide_ratios",
  "divide_train_ind", "divide_val_ind", "divide_test_ind",
  "train_fcn", "num_weights", "weights",
  "input_connect", "layer_connect",
  "input_min", "input_max", "output_min", "output_max",
  "perform_regularization", "perform_normalization"};

/* Whether key `id` belongs to files of `version`: the keys from
 * K_IN_CONNECT were added by version 2, those from K_IN_MIN by version 3. */
static int key_in_version(int id, size_t version) {
  if (id >= K_IN_MIN) return version >= 3;
  if (id >= K_IN_CONNECT) return version >= 2;
  return 1;
}

/* A value: the bytes after "key = " up to the end of its line. */
typedef struct span {
  const char *p, *end;
} span;

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* Next token of a span; returns 0 at the end. */
static int next_tok(span *s, const char **t, size_t *n) {
  while (s->p < s->end && is_blank(*s->p)) s->p++;
  if (s->p >= s->end) return 0;
  *t = s->p;
  while (s->p < s->end && !is_blank(*s->p)) s->p++;
  *n = (size_t)(s->p - *t);
  return 1;
}

static size_t count_toks(span s) {
  const char *t;
  size_t n, c = 0;
  while (next_tok(&s, &t, &n)) c++;
  return c;
}

/* Unsigned decimal integer <= max. */
static int parse_size(const char *t, size_t n, size_t max, size_t *out) {
  if (n == 0 || n > 20) return CLM_EFORMAT;
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (t[i] < '0' || t[i] > '9') return CLM_EFORMAT;
    unsigned d = (unsigned)(t[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return CLM_EFORMAT;
    v = v * 10 + d;
  }
  if (v > (uint64_t)max) return CLM_EFORMAT;
  *out = (size_t)v;
  return CLM_OK;
}

/* A decimal floating-point number: [+-]digits[.digits][(e|E)[+-]digits]
 * (at least one digit in the mantissa), finite after conversion; "nan" when
 * allow_nan.  Converted with strtod_l in the C locale. */
static int parse_double(const char *t, size_t n, int allow_nan, locale_t cloc, double *out) {
  if (allow_nan && n == 3 && memcmp(t, "nan", 3) == 0) {
    *out = NAN;
    return CLM_OK;
  }
  char buf[80];
  if (n == 0 || n >= sizeof buf) return CLM_EFORMAT;
  size_t i = 0, digits = 0;
  if (t[i] == '+' || t[i] == '-') i++;
  while (i < n && t[i] >= '0' && t[i] <= '9') i++, digits++;
  if (i < n && t[i] == '.') {
    i++;
    while (i < n && t[i] >= '0' && t[i] <= '9') i++, digits++;
  }
  if (digits == 0) return CLM_EFORMAT;
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    i++;
    if (i < n && (t[i] == '+' || t[i] == '-')) i++;
    size_t ed = 0;
    while (i < n && t[i] >= '0' && t[i] <= '9') i++, ed++;
    if (ed == 0) return CLM_EFORMAT;
  }
  if (i != n) return CLM_EFORMAT;
  memcpy(buf, t, n);
  buf[n] = '\0';
  char *endp = NULL;
  double v = strtod_l(buf, &endp, cloc);
  if (endp != buf + n || !isfinite(v)) return CLM_EFORMAT;
  *out = v;
  return CLM_OK;
}

/* The single token of a span. */
static int one_tok(span s, const char **t, size_t *n) {
  if (!next_tok(&s, t, n)) return CLM_EFORMAT;
  const char *t2;
  size_t n2;
  if (next_tok(&s, &t2, &n2)) return CLM_EFORMAT;
  return CLM_OK;
}

static int one_size(span s, size_t max, size_t *out) {
  const char *t;
  size_t n;
  int st = one_tok(s, &t, &n);
  return st != CLM_OK ? st : parse_size(t, n, max, out);
}

/* Match a token against a name table; -1 if none. */
static int tok_lookup(const char *t, size_t n, const char *(*name)(int), int count) {
  for (int i = 0; i < count; i++) {
    const char *nm = name(i);
    if (nm && strlen(nm) == n && memcmp(nm, t, n) == 0) return i;
  }
  return -1;
}

static const char *tf_name(int i) { return clm_transfer_name((clm_transfer)i); }
static const char *init_name(int i) { return clm_initfcn_name((clm_initfcn)i); }
static const char *perf_name(int i) { return clm_performfcn_name((clm_performfcn)i); }
static const char *div_name(int i) { return clm_dividefcn_name((clm_dividefcn)i); }
static const char *norm_name(int i) { return clm_normalization_name((clm_normalization)i); }

static int one_name(span s, const char *(*name)(int), int count, int *out) {
  const char *t;
  size_t n;
  int st = one_tok(s, &t, &n);
  if (st != CLM_OK) return st;
  int k = tok_lookup(t, n, name, count);
  if (k < 0) return CLM_EFORMAT;
  *out = k;
  return CLM_OK;
}

#define CLM_MAX_RAW ((size_t)1 << 28)

/* The ranges of a version-1 or version-2 file, which did not store them,
 * from the processing settings where they tell: a removed row's constant c
 * gives [c, c]; a kept row mapped by mapminmax gives [xoffset, xoffset +
 * 2/gain] (the range the gain was made from, up to rounding); a
 * pass-through row's range is unknown (NaN), which normalization treats as
 * MATLAB treats a range that is not finite (factor 1). */
static void older_ranges(clm_proc *c) {
  for (size_t i = 0; i < c->n_raw; i++) {
    const double g = c->gain[i], o = c->xoffset[i];
    if (!c->kept[i]) {
      c->xmin[i] = c->xmax[i] = o;
    } else if (g == 1.0 && o == -1.0) {
      c->xmin[i] = c->xmax[i] = NAN;
    } else {
      c->xmin[i] = o;
      c->xmax[i] = o + 2.0 / g;
    }
  }
}

/* The ranges of version 3 (keys k_min, k_max): n doubles each, both NaN
 * (unknown) or min <= max. */
static int read_ranges(const span *kv, int k_min, int k_max, locale_t cloc, clm_proc *c) {
  const size_t n = c->n_raw;
  if (count_toks(kv[k_min]) != n || count_toks(kv[k_max]) != n) return CLM_EFORMAT;
  span smin = kv[k_min], smax = kv[k_max];
  const char *t;
  size_t tn;
  for (size_t i = 0; i < n; i++) {
    next_tok(&smin, &t, &tn);
    int st = parse_double(t, tn, 1, cloc, &c->xmin[i]);
    if (st != CLM_OK) return st;
    next_tok(&smax, &t, &tn);
    st = parse_double(t, tn, 1, cloc, &c->xmax[i]);
    if (st != CLM_OK) return st;
    if (isnan(c->xmin[i]) != isnan(c->xmax[i]) || c->xmin[i] > c->xmax[i]) return CLM_EFORMAT;
  }
  return CLM_OK;
}

/* Processing settings of one side.  keys: count, processing, kept, xoffset,
 * gain from k0 on, and from version 3 the ranges k_min, k_max. */
static int read_proc(const span *kv, int k0, int k_min, int k_max, size_t version,
                     locale_t cloc, size_t *n_raw, unsigned *flags, clm_proc *p) {
  size_t n;
  int st = one_size(kv[k0], CLM_MAX_RAW, &n);
  if (st != CLM_OK) return st;
  if (n == 0) return CLM_EFORMAT;
  /* processing flags: each name at most once, in any order */
  unsigned f = 0;
  span s = kv[k0 + 1];
  const char *t;
  size_t tn;
  while (next_tok(&s, &t, &tn)) {
    unsigned bit;
    if (tn == 18 && memcmp(t, "removeconstantrows", 18) == 0) bit = CLM_PROC_REMOVECONSTANTROWS;
    else if (tn == 9 && memcmp(t, "mapminmax", 9) == 0) bit = CLM_PROC_MAPMINMAX;
    else return CLM_EFORMAT;
    if (f & bit) return CLM_EFORMAT;
    f |= bit;
  }
  for (int k = 2; k < 5; k++)
    if (count_toks(kv[k0 + k]) != n) return CLM_EFORMAT;
  clm_proc c;
  if (clm__proc_alloc(&c, n) != CLM_OK) return CLM_ENOMEM;
  span sk = kv[k0 + 2], sx = kv[k0 + 3], sg = kv[k0 + 4];
  for (size_t i = 0; i < n && st == CLM_OK; i++) {
    next_tok(&sk, &t, &tn);
    if (tn != 1 || (t[0] != '0' && t[0] != '1')) st = CLM_EFORMAT;
    else {
      c.kept[i] = (unsigned char)(t[0] - '0');
      if (c.kept[i]) c.kept_index[c.n_kept++] = i;
      else if (!(f & CLM_PROC_REMOVECONSTANTROWS)) st = CLM_EFORMAT;
    }
    if (st != CLM_OK) break;
    next_tok(&sx, &t, &tn);
    st = parse_double(t, tn, !c.kept[i], cloc, &c.xoffset[i]);
    if (st != CLM_OK) break;
    next_tok(&sg, &t, &tn);
    st = parse_double(t, tn, 0, cloc, &c.gain[i]);
    if (st != CLM_OK) break;
    if (c.kept[i] ? !(c.gain[i] > 0) : c.gain[i] != 0) st = CLM_EFORMAT;
  }
  if (st == CLM_OK) {
    if (version >= 3) st = read_ranges(kv, k_min, k_max, cloc, &c);
    else older_ranges(&c);
  }
  if (st != CLM_OK) {
    clm__proc_free(&c);
    return st;
  }
  *n_raw = n;
  *flags = f;
  *p = c;
  return CLM_OK;
}

/* Connections (version 2): input_connect has L tokens 0/1, layer_connect
 * L(L-1)/2 tokens 0/1 for (i,j) = (2,1), (3,1), (3,2), (4,1), ...  Any
 * pattern is accepted. */
static int read_connect(const span *kv, size_t L, uint64_t *src) {
  if (count_toks(kv[K_IN_CONNECT]) != L || count_toks(kv[K_LAYER_CONNECT]) != L * (L - 1) / 2)
    return CLM_EFORMAT;
  span si = kv[K_IN_CONNECT], sl = kv[K_LAYER_CONNECT];
  const char *t;
  size_t tn;
  for (size_t i = 1; i <= L; i++) {
    uint64_t m = 0;
    for (size_t j = 0; j < i; j++) {
      next_tok(j == 0 ? &si : &sl, &t, &tn);
      if (tn != 1 || (t[0] != '0' && t[0] != '1')) return CLM_EFORMAT;
      if (t[0] == '1') m |= UINT64_C(1) << j;
    }
    src[i] = m;
  }
  return CLM_OK;
}

/* Split the body [p, end) into its key = value lines: kv[id] is the value
 * of key id; every key of the version must appear exactly once. */
static int split_keys(const char *p, const char *end, size_t version, span kv[K_COUNT]) {
  int seen[K_COUNT] = {0};
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol) return CLM_EFORMAT;
    const char *k = p;
    while (p < eol && ((*p >= 'a' && *p <= 'z') || *p == '_')) p++;
    size_t kn = (size_t)(p - k);
    while (p < eol && is_blank(*p)) p++;
    if (kn == 0 || p >= eol || *p != '=') return CLM_EFORMAT;
    p++;
    int id = -1;
    for (int i = 0; i < K_COUNT; i++)
      if (strlen(key_names[i]) == kn && memcmp(key_names[i], k, kn) == 0) id = i;
    if (id < 0 || seen[id] || !key_in_version(id, version)) return CLM_EFORMAT;
    seen[id] = 1;
    /* A value may hold only printable ASCII and blanks. */
    for (const char *q = p; q < eol; q++)
      if (!is_blank(*q) && (*q < 0x21 || *q > 0x7e)) return CLM_EFORMAT;
    kv[id].p = p;
    kv[id].end = eol;
    p = eol + 1;
  }
  for (int i = 0; i < K_COUNT; i++)
    if (!seen[i] && key_in_version(i, version)) return CLM_EFORMAT;
  return CLM_OK;
}

/* Layers, hidden sizes, transfer functions and connections: a new network
 * in *out (freed by the caller whatever the status). */
static int read_shape(const span *kv, size_t version, size_t *L_out, clm_net **out) {
  const char *t;
  size_t tn, L;
  int st = one_size(kv[K_LAYERS], CLM_MAX_LAYERS, &L);
  if (st == CLM_OK && L == 0) st = CLM_EFORMAT;
  if (st == CLM_OK && (count_toks(kv[K_HIDDEN]) != L - 1 || count_toks(kv[K_TRANSFER]) != L))
    st = CLM_EFORMAT;
  size_t hidden[CLM_MAX_LAYERS];
  span s = kv[K_HIDDEN];
  for (size_t l = 0; st == CLM_OK && l + 1 < L; l++) {
    next_tok(&s, &t, &tn);
    st = parse_size(t, tn, (size_t)1 << 24, &hidden[l]);
    if (st == CLM_OK && hidden[l] == 0) st = CLM_EFORMAT;
  }
  if (st == CLM_OK) st = clm_feedforwardnet(out, L - 1, hidden);
  s = kv[K_TRANSFER];
  for (size_t l = 1; st == CLM_OK && l <= L; l++) {
    next_tok(&s, &t, &tn);
    int k = tok_lookup(t, tn, tf_name, CLM_TRANSFER_COUNT_);
    if (k < 0) st = CLM_ETRANSFER;
    else (*out)->transfer[l] = (clm_transfer)k;
  }
  if (st == CLM_OK && version >= 2) st = read_connect(kv, L, (*out)->src);
  *L_out = L;
  return st;
}

/* initFcn, performFcn and performParam, divideFcn and its ratios. */
static int read_functions(const span *kv, size_t version, locale_t cloc, clm_net *net) {
  const char *t;
  size_t tn;
  int v, st = one_name(kv[K_INIT], init_name, CLM_INITFCN_COUNT_, &v);
  if (st == CLM_OK) net->initfcn = (clm_initfcn)v;
  if (st == CLM_OK && (st = one_name(kv[K_PERFORM], perf_name, CLM_PERFORMFCN_COUNT_, &v)) == CLM_OK)
    net->performfcn = (clm_performfcn)v;
  if (st == CLM_OK && version >= 3) {
    st = one_tok(kv[K_PERF_REG], &t, &tn);
    if (st == CLM_OK) st = parse_double(t, tn, 0, cloc, &net->perf_reg);
    if (st == CLM_OK && !(net->perf_reg >= 0.0 && net->perf_reg <= 1.0)) st = CLM_EFORMAT;
    if (st == CLM_OK &&
        (st = one_name(kv[K_PERF_NORM], norm_name, CLM_NORMALIZATION_COUNT_, &v)) == CLM_OK)
      net->perf_norm = (clm_normalization)v;
  }
  if (st == CLM_OK && (st = one_name(kv[K_DIVIDE], div_name, CLM_DIVIDEFCN_COUNT_, &v)) == CLM_OK)
    net->dividefcn = (clm_dividefcn)v;
  span s = kv[K_RATIOS];
  if (st == CLM_OK && count_toks(s) != 3) st = CLM_EFORMAT;
  for (int k = 0; k < 3 && st == CLM_OK; k++) {
    next_tok(&s, &t, &tn);
    st = parse_double(t, tn, 0, cloc, &net->div_ratio[k]);
    if (st == CLM_OK && net->div_ratio[k] < 0) st = CLM_EFORMAT;
  }
  return st;
}

/* divideind's index lists and trainFcn. */
static int read_division_and_trainer(const span *kv, clm_net *net) {
  const char *t;
  size_t tn;
  int st = CLM_OK;
  for (int k = 0; k < 3 && st == CLM_OK; k++) {
    span s = kv[K_TRAIN_IND + k];
    size_t n = count_toks(s);
    if (n == 0) continue;
    net->div_ind[k] = malloc(n * sizeof(size_t)); /* owned by net */
    if (!net->div_ind[k]) return CLM_ENOMEM;
    net->div_n[k] = n;
    for (size_t i = 0; i < n && st == CLM_OK; i++) {
      next_tok(&s, &t, &tn);
      st = parse_size(t, tn, SIZE_MAX, &net->div_ind[k][i]);
    }
  }
  if (st == CLM_OK && net->dividefcn == CLM_DIVIDEIND && net->div_n[0] == 0) st = CLM_EFORMAT;
  if (st == CLM_OK) st = one_tok(kv[K_TRAINFCN], &t, &tn);
  if (st == CLM_OK && (tn >= CLM_TRAINFCN_LEN)) st = CLM_EFORMAT;
  for (size_t i = 0; st == CLM_OK && i < tn; i++)
    if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= '0' && t[i] <= '9') || t[i] == '_'))
      st = CLM_EFORMAT;
  if (st == CLM_OK) {
    memcpy(net->train_fcn, t, tn);
    net->train_fcn[tn] = '\0';
  }
  return st;
}

/* The weights: P from the sizes (overflow-checked in double), then the list. */
static int read_weights(const span *kv, size_t L, locale_t cloc, clm_net *net) {
  const char *t;
  size_t tn, P;
  net->size[0] = net->in.n_kept;
  net->size[L] = net->out.n_kept;
  double Pd = 0;
  for (size_t l = 1; l <= L; l++) {
    double R = 0;
    for (size_t j = 0; j < l; j++)
      if (net->src[l] >> j & 1u) R += (double)net->size[j];
    Pd += (double)net->size[l] * (1.0 + R);
  }
  int st = one_size(kv[K_NUM_WEIGHTS], SIZE_MAX, &P);
  if (st == CLM_OK && (Pd > 9007199254740992.0 || (double)P != Pd)) st = CLM_EFORMAT;
  if (st == CLM_OK) {
    clm__net_layout(net);
    if (net->n_wb != P || count_toks(kv[K_WEIGHTS]) != P) st = CLM_EFORMAT;
  }
  if (st == CLM_OK) {
    net->wb = malloc((P ? P : 1) * sizeof *net->wb);
    if (!net->wb) st = CLM_ENOMEM;
  }
  span s = kv[K_WEIGHTS];
  for (size_t i = 0; st == CLM_OK && i < P; i++) {
    next_tok(&s, &t, &tn);
    st = parse_double(t, tn, 0, cloc, &net->wb[i]);
  }
  return st;
}

/* Parse the checked body [p, end) of a file of the given version into net. */
static int parse_body(const char *p, const char *end, size_t version, clm_net **out) {
  span kv[K_COUNT];
  int st = split_keys(p, end, version, kv);
  if (st != CLM_OK) return st;
  locale_t cloc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
  if (cloc == (locale_t)0) return CLM_ENOMEM;
  clm_net *net = NULL;
  size_t L = 0;
  st = read_shape(kv, version, &L, &net);
  if (st == CLM_OK)
    st = read_proc(kv, K_INPUTS, K_IN_MIN, K_IN_MAX, version, cloc, &net->n_inputs,
                   &net->in_flags, &net->in);
  if (st == CLM_OK)
    st = read_proc(kv, K_OUTPUTS, K_OUT_MIN, K_OUT_MAX, version, cloc, &net->n_outputs,
                   &net->out_flags, &net->out);
  if (st == CLM_OK && net->out.n_kept == 0) st = CLM_EFORMAT;
  if (st == CLM_OK) st = read_functions(kv, version, cloc, net);
  if (st == CLM_OK) st = read_division_and_trainer(kv, net);
  if (st == CLM_OK) st = read_weights(kv, L, cloc, net);
  freelocale(cloc);
  if (st != CLM_OK) {
    clm_net_free(net);
    return st;
  }
  net->configured = 1;
  *out = net;
  return CLM_OK;
}

int clm_net_load_buffer(const char *text, size_t len, clm_net **out) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  if (!text) return CLM_ENULL;
  const char *end = text + len;
  /* Magic line. */
  const size_t ml = sizeof CLM_FILE_MAGIC - 1;
  if (len < ml + 1 || memcmp(text, CLM_FILE_MAGIC, ml) != 0 || text[ml] != '\n') return CLM_EFORMAT;
  /* Version line: "version = <digits>". */
  const char *p = text + ml + 1;
  const char *eol = memchr(p, '\n', (size_t)(end - p));
  if (!eol || (size_t)(eol - p) < 8 || memcmp(p, "version", 7) != 0) return CLM_EFORMAT;
  const char *q = p + 7;
  while (q < eol && is_blank(*q)) q++;
  if (q >= eol || *q != '=') return CLM_EFORMAT;
  q++;
  while (q < eol && is_blank(*q)) q++;
  const char *vt = q;
  while (q < eol && !is_blank(*q)) q++;
  size_t vn = (size_t)(q - vt);
  while (q < eol && is_blank(*q)) q++;
  size_t version;
  if (q != eol || parse_size(vt, vn, SIZE_MAX, &version) != CLM_OK) return CLM_EFORMAT;
  if (version < 1 || version > CLM_FILE_VERSION) return CLM_EVERSION;
  const char *body = eol + 1;
  /* Checksum line: the last line, exactly "checksum = " + 16 hex + "\n". */
  static const char ck[] = "checksum = ";
  const size_t cl = sizeof ck - 1 + 16 + 1;
  if ((size_t)(end - body) < cl || end[-1] != '\n') return CLM_EFORMAT;
  const char *cs = end - cl;
  if (memcmp(cs, ck, sizeof ck - 1) != 0) return CLM_EFORMAT;
  uint64_t want = 0;
  for (int i = 0; i < 16; i++) {
    char c = cs[sizeof ck - 1 + (size_t)i];
    unsigned d;
    if (c >= '0' && c <= '9') d = (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') d = (unsigned)(c - 'a' + 10);
    else return CLM_EFORMAT;
    want = (want << 4) | d;
  }
  if (fnv1a64(text, (size_t)(cs - text)) != want) return CLM_ECHECKSUM;
  /* Checked after the checksum, so that damage to the newline before the
   * checksum line reads as corruption like any other flipped byte. */
  if (cs > body && cs[-1] != '\n') return CLM_EFORMAT;
  return parse_body(body, cs, version, out);
}

int clm_net_load(const char *path, clm_net **out) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  if (!path) return CLM_ENULL;
  FILE *f = fopen(path, "rb");
  if (!f) return CLM_EIO;
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  int st = buf ? CLM_OK : CLM_ENOMEM;
  while (st == CLM_OK) {
    if (len == cap) {
      char *nb = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
      if (!nb) {
        st = CLM_ENOMEM;
        break;
      }
      buf = nb;
      cap *= 2;
    }
    size_t k = fread(buf + len, 1, cap - len, f);
    len += k;
    if (k == 0) {
      if (ferror(f)) st = CLM_EIO;
      break;
    }
  }
  fclose(f);
  if (st == CLM_OK) st = clm_net_load_buffer(buf, len, out);
  free(buf);
  return st;
}
