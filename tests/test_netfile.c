/* chaoslm tests — lib/netfile.c: the network file format.
 *
 * Round trips (every field, weights bit-identical, text reproducible),
 * version 3's keys (ranges, performParam) and files of versions 1 and 2,
 * and
 * every kind of damage: truncation at every length, every flipped body byte,
 * wrong magic and version, missing/duplicate/unknown keys, bad numbers and
 * counts (re-signed with an independent FNV-1a 64 so that the parser, not the
 * checksum, must catch them), random garbage, and failing saves that must
 * leave an existing file intact.  GPL-3.0-or-later. */
#include <dirent.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "net_internal.h"
#include "tap.h"

static uint64_t fnv(const char *p, size_t n) {
  uint64_t h = 14695981039346656037ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
  return h;
}

/* body (without checksum line) + a correct checksum line; malloc'ed. */
static char *sign(const char *body, size_t *len) {
  size_t n = strlen(body);
  char *t = malloc(n + 40);
  memcpy(t, body, n);
  n += (size_t)sprintf(t + n, "checksum = %016llx\n", (unsigned long long)fnv(body, n));
  *len = n;
  return t;
}

/* The text without its checksum line (malloc'ed, NUL-terminated). */
static char *unsign(const char *text, size_t len) {
  char *b = malloc(len + 1);
  memcpy(b, text, len);
  b[len] = 0;
  char *c = strstr(b, "checksum = ");
  if (c) *c = 0;
  return b;
}

/* Replace the first line starting with `key =` by `line` ("" deletes it). */
static char *edit_line(const char *body, const char *key, const char *line) {
  size_t kl = strlen(key);
  const char *p = body;
  while (*p) {
    const char *eol = strchr(p, '\n');
    if (!eol) break;
    if (strncmp(p, key, kl) == 0 && p[kl] == ' ') {
      size_t pre = (size_t)(p - body), post = strlen(eol + 1);
      char *r = malloc(pre + strlen(line) + 2 + post + 1);
      memcpy(r, body, pre);
      size_t n = pre;
      if (*line) {
        strcpy(r + n, line);
        n += strlen(line);
        r[n++] = '\n';
      }
      strcpy(r + n, eol + 1);
      return r;
    }
    p = eol + 1;
  }
  return NULL;
}

static int load_edited(const char *body, const char *key, const char *line) {
  char *b = edit_line(body, key, line);
  if (!b) return -1;
  size_t n;
  char *t = sign(b, &n);
  clm_net *net = NULL;
  int st = clm_net_load_buffer(t, n, &net);
  if (st == CLM_OK) clm_net_free(net);
  else if (net) st = -2; /* *out must be NULL on error */
  free(b);
  free(t);
  return st;
}

static clm_net *make_net(void) {
  size_t hs[2] = {4, 3};
  clm_net *net = NULL;
  clm_feedforwardnet(&net, 2, hs);
  clm_net_set_transfer(net, 1, CLM_LOGSIG);
  clm_net_set_transfer(net, 2, CLM_POSLIN);
  clm_net_set_performfcn(net, CLM_SSE);
  clm_net_set_initfcn(net, CLM_RANDS);
  size_t Q = 25, R = 4;
  double X[4 * 25], T[3 * 25];
  for (size_t q = 0; q < Q; q++) {
    X[q * R + 0] = sin(0.3 * (double)q) * 1e-7;
    X[q * R + 1] = 2.5; /* constant: removed */
    X[q * R + 2] = (double)q / 3.0;
    X[q * R + 3] = cos((double)q) * 12345.678;
    T[q * 3 + 0] = X[q * R + 2] * X[q * R + 2];
    T[q * 3 + 1] = -7.25; /* constant output row */
    T[q * 3 + 2] = q % 3 ? NAN : 1.0 / 3.0 + (double)q;
  }
  if (clm_configure(net, X, R, T, 3, Q, 2026) != CLM_OK) {
    clm_net_free(net);
    return NULL;
  }
  size_t tr[4] = {0, 5, 2, 9}, va[1] = {3}, te[2] = {7, 11};
  clm_net_set_divideind(net, tr, 4, va, 1, te, 2);
  clm_net_set_divide(net, CLM_DIVIDEINT, 0.1, 1.0 / 3.0, 0.2);
  clm_net_set_regularization(net, 0.1 + 1.0 / 7.0); /* not a short decimal */
  clm_net_set_normalization(net, CLM_NORMALIZATION_PERCENT);
  return net;
}

/* The same double bit for bit, or both NaN. */
static int same_double(double a, double b) {
  return memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b));
}

static int proc_equal(const clm_proc *a, const clm_proc *b) {
  if (a->n_raw != b->n_raw || a->n_kept != b->n_kept) return 0;
  for (size_t i = 0; i < a->n_raw; i++) {
    if (a->kept[i] != b->kept[i] || memcmp(&a->gain[i], &b->gain[i], sizeof(double)) != 0) return 0;
    if (!same_double(a->xoffset[i], b->xoffset[i])) return 0;
    if (!same_double(a->xmin[i], b->xmin[i]) || !same_double(a->xmax[i], b->xmax[i])) return 0;
  }
  for (size_t j = 0; j < a->n_kept; j++)
    if (a->kept_index[j] != b->kept_index[j]) return 0;
  return 1;
}

static int nets_equal(const clm_net *a, const clm_net *b) {
  if (a->n_layers != b->n_layers || a->configured != b->configured || a->n_inputs != b->n_inputs ||
      a->n_outputs != b->n_outputs || a->in_flags != b->in_flags || a->out_flags != b->out_flags ||
      a->n_wb != b->n_wb || a->initfcn != b->initfcn || a->performfcn != b->performfcn ||
      a->dividefcn != b->dividefcn || strcmp(a->train_fcn, b->train_fcn) != 0 ||
      memcmp(&a->perf_reg, &b->perf_reg, sizeof a->perf_reg) != 0 || a->perf_norm != b->perf_norm)
    return 0;
  for (size_t l = 0; l <= a->n_layers; l++)
    if (a->size[l] != b->size[l] || a->b_off[l] != b->b_off[l] || a->w_off[l] != b->w_off[l] ||
        (l && a->transfer[l] != b->transfer[l]))
      return 0;
  if (memcmp(a->div_ratio, b->div_ratio, sizeof a->div_ratio) != 0) return 0;
  for (int s = 0; s < 3; s++)
    if (a->div_n[s] != b->div_n[s] ||
        (a->div_n[s] && memcmp(a->div_ind[s], b->div_ind[s], a->div_n[s] * sizeof(size_t)) != 0))
      return 0;
  if (!proc_equal(&a->in, &b->in) || !proc_equal(&a->out, &b->out)) return 0;
  double *wa = malloc(a->n_wb * sizeof *wa), *wb = malloc(b->n_wb * sizeof *wb);
  int ok = clm_getwb(a, wa) == CLM_OK && clm_getwb(b, wb) == CLM_OK &&
           memcmp(wa, wb, a->n_wb * sizeof *wa) == 0;
  free(wa);
  free(wb);
  return ok;
}

static char dir[] = "/tmp/clm-netfile-XXXXXX";

static char *path_in(const char *name) {
  char *p = malloc(strlen(dir) + strlen(name) + 2);
  sprintf(p, "%s/%s", dir, name);
  return p;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *b = malloc(1 << 20);
  *len = fread(b, 1, 1 << 20, f);
  fclose(f);
  return b;
}

/* Number of entries in dir whose name contains ".tmp.". */
static int temp_files(void) {
  DIR *d = opendir(dir);
  int n = 0;
  struct dirent *e;
  while (d && (e = readdir(d)))
    if (strstr(e->d_name, ".tmp.")) n++;
  if (d) closedir(d);
  return n;
}

static void test_roundtrip(clm_net *net, char **text_out, size_t *len_out) {
  char *text = NULL;
  size_t len = 0;
  int st = clm_net_save_buffer(net, &text, &len);
  tap_ok(st == CLM_OK && text && len == strlen(text), "save_buffer: %zu bytes (%s)", len, clm_strerror(st));
  if (st != CLM_OK) return;
  tap_ok(strncmp(text, "chaoslm-network\nversion = 3\n", 28) == 0, "starts with the magic and version lines");
  clm_net *back = NULL;
  st = clm_net_load_buffer(text, len, &back);
  tap_ok(st == CLM_OK && back && nets_equal(net, back), "load_buffer gives back every field, weights bit-identical (%s)",
         clm_strerror(st));
  char *text2 = NULL;
  size_t len2 = 0;
  if (back) clm_net_save_buffer(back, &text2, &len2);
  tap_ok(text2 && len2 == len && memcmp(text, text2, len) == 0, "saving the loaded network reproduces the text byte for byte");
  free(text2);
  clm_net_free(back);

  char *path = path_in("net.txt");
  st = clm_net_save(net, path);
  size_t flen = 0;
  char *f = slurp(path, &flen);
  tap_ok(st == CLM_OK && f && flen == len && memcmp(f, text, len) == 0, "clm_net_save writes the same text to a file");
  free(f);
  back = NULL;
  st = clm_net_load(path, &back);
  tap_ok(st == CLM_OK && back && nets_equal(net, back), "clm_net_load reads it back");
  clm_net_free(back);
  tap_ok(temp_files() == 0, "no temporary file left behind");
  free(path);
  *text_out = text;
  *len_out = len;
}

static void test_damage(const char *text, size_t len) {
  clm_net *net = (clm_net *)1;
  /* Truncation at every length. */
  size_t bad = 0;
  for (size_t n = 0; n < len; n++) {
    net = (clm_net *)1;
    int st = clm_net_load_buffer(text, n, &net);
    if (st != CLM_EFORMAT || net != NULL) bad++;
  }
  tap_ok(bad == 0, "every truncation (%zu lengths) gives CLM_EFORMAT and *out = NULL (%zu wrong)", len, bad);

  /* Every body byte flipped. */
  char *copy = malloc(len);
  const char *body = strchr(strchr(text, '\n') + 1, '\n') + 1;
  const char *ck = strstr(text, "checksum = ");
  bad = 0;
  size_t tried = 0;
  for (size_t i = (size_t)(body - text); i < (size_t)(ck - text); i++) {
    memcpy(copy, text, len);
    copy[i] ^= 0x01;
    net = NULL;
    int st = clm_net_load_buffer(copy, len, &net);
    if (st != CLM_ECHECKSUM || net) bad++;
    tried++;
  }
  tap_ok(bad == 0, "every flipped body byte (%zu) gives CLM_ECHECKSUM (%zu wrong)", tried, bad);
  memcpy(copy, text, len);
  copy[len - 3] = copy[len - 3] == '0' ? '1' : '0';
  tap_ok(clm_net_load_buffer(copy, len, &net) == CLM_ECHECKSUM, "a changed checksum digit gives CLM_ECHECKSUM");
  copy[len - 3] = 'G';
  tap_ok(clm_net_load_buffer(copy, len, &net) == CLM_EFORMAT, "a non-hex checksum gives CLM_EFORMAT");
  memcpy(copy, text, len);
  copy[0] = 'C';
  tap_ok(clm_net_load_buffer(copy, len, &net) == CLM_EFORMAT, "wrong magic: CLM_EFORMAT");
  free(copy);

  char *b = unsign(text, len);
  /* Version 99 (and the checksum does not even matter then). */
  char *v = malloc(len + 10);
  size_t vl = (size_t)sprintf(v, "chaoslm-network\nversion = 99\n%s", strchr(strchr(text, '\n') + 1, '\n') + 1);
  tap_ok(clm_net_load_buffer(v, vl, &net) == CLM_EVERSION, "version 99: CLM_EVERSION");
  vl = (size_t)sprintf(v, "chaoslm-network\nversion = one\n");
  tap_ok(clm_net_load_buffer(v, vl, &net) == CLM_EFORMAT, "non-numeric version: CLM_EFORMAT");
  vl = (size_t)sprintf(v, "chaoslm-network\nversion = 99999999999999999999999\n");
  tap_ok(clm_net_load_buffer(v, vl, &net) == CLM_EFORMAT, "overflowing version: CLM_EFORMAT");
  free(v);

  /* Re-signed edits: the parser must catch them. */
  size_t n;
  char *t = sign(b, &n);
  tap_ok(n == len && memcmp(t, text, len) == 0, "the checksum is FNV-1a 64 over every byte before the checksum line");
  free(t);
  tap_ok(load_edited(b, "layers", "") == CLM_EFORMAT, "missing key (layers): CLM_EFORMAT");
  tap_ok(load_edited(b, "weights", "") == CLM_EFORMAT, "missing key (weights): CLM_EFORMAT");
  tap_ok(load_edited(b, "init_fcn", "init_fcn = rands\ninit_fcn = rands") == CLM_EFORMAT, "duplicate key: CLM_EFORMAT");
  tap_ok(load_edited(b, "init_fcn", "init_fcn = rands\ncolour = blue") == CLM_EFORMAT, "unknown key: CLM_EFORMAT");
  tap_ok(load_edited(b, "init_fcn", "init_fcn = initzero") == CLM_EFORMAT, "unknown init function: CLM_EFORMAT");
  tap_ok(load_edited(b, "divide_fcn", "divide_fcn = dividefoo") == CLM_EFORMAT, "unknown division function: CLM_EFORMAT");
  tap_ok(load_edited(b, "transfer_fcns", "transfer_fcns = logsig radbas purelin") == CLM_ETRANSFER,
         "unknown transfer function: CLM_ETRANSFER");
  tap_ok(load_edited(b, "transfer_fcns", "transfer_fcns = logsig purelin") == CLM_EFORMAT,
         "too few transfer functions: CLM_EFORMAT");
  tap_ok(load_edited(b, "hidden_sizes", "hidden_sizes = 4 4") == CLM_EFORMAT, "sizes that disagree with num_weights: CLM_EFORMAT");
  tap_ok(load_edited(b, "hidden_sizes", "hidden_sizes = 99999999999999999999999 3") == CLM_EFORMAT, "huge size: CLM_EFORMAT");
  tap_ok(load_edited(b, "num_weights", "num_weights = 18446744073709551615") == CLM_EFORMAT, "huge num_weights: CLM_EFORMAT");
  tap_ok(load_edited(b, "layers", "layers = 65") == CLM_EFORMAT, "65 layers: CLM_EFORMAT");
  tap_ok(load_edited(b, "inputs", "inputs = 5") == CLM_EFORMAT, "input count != kept/xoffset/gain counts: CLM_EFORMAT");
  tap_ok(load_edited(b, "input_kept", "input_kept = 1 0 1 2") == CLM_EFORMAT, "kept flag 2: CLM_EFORMAT");
  tap_ok(load_edited(b, "input_processing", "input_processing = mapminmax") == CLM_EFORMAT,
         "a removed row without removeconstantrows: CLM_EFORMAT");
  tap_ok(load_edited(b, "input_processing", "input_processing = mapminmax mapminmax") == CLM_EFORMAT,
         "a processing function twice: CLM_EFORMAT");

  /* Numbers in the weights line. */
  const char *wl = strstr(b, "\nweights = ") + 1;
  const char *we = strchr(wl, '\n');
  char *w = malloc((size_t)(we - wl) + 64);
  memcpy(w, wl, (size_t)(we - wl));
  w[we - wl] = 0;
  char *last = strrchr(w, ' ') + 1;
  static const char *const badnums[] = {"nan", "NaN", "inf", "-inf", "1e999", "-1e400", "0x1p3", "1,5",
                                        "1.5.2", "--1", "1e", "e5", ".", "+", "12a", "1e+"};
  bad = 0;
  for (size_t k = 0; k < sizeof badnums / sizeof *badnums; k++) {
    strcpy(last, badnums[k]);
    int st = load_edited(b, "weights", w);
    if (st != CLM_EFORMAT) {
      tap_diag("weight token '%s' gave %d", badnums[k], st);
      bad++;
    }
  }
  tap_ok(bad == 0, "NaN, Inf, overflowing, hex, comma and malformed weights: CLM_EFORMAT each");
  strcpy(last, "-.5e-3");
  tap_ok(load_edited(b, "weights", w) == CLM_OK, "a well-formed number in another spelling is accepted");
  *last = 0;
  tap_ok(load_edited(b, "weights", w) == CLM_EFORMAT, "one weight missing: CLM_EFORMAT");
  strcpy(last, "0.25 0.5");
  tap_ok(load_edited(b, "weights", w) == CLM_EFORMAT, "one weight too many: CLM_EFORMAT");
  free(w);

  /* Random garbage after a valid header, correctly signed: never crashes. */
  uint64_t x = 88172645463325252ull;
  bad = 0;
  char *g = malloc(4096);
  for (int trial = 0; trial < 300; trial++) {
    size_t gl = (size_t)sprintf(g, "chaoslm-network\nversion = 1\n");
    size_t m = 1 + trial % 700;
    for (size_t i = 0; i < m; i++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      g[gl++] = trial % 2 ? (char)(x & 0xff) : "abcdefghijklmnopqrstuvwxyz_= 0123456789.\n"[x % 42];
    }
    g[gl] = 0;
    size_t sl;
    char *s = sign(g, &sl);
    net = NULL;
    int st = clm_net_load_buffer(s, sl, &net);
    if (st == CLM_OK || net) bad++;
    free(s);
  }
  free(g);
  tap_ok(bad == 0, "300 signed random bodies: all rejected, none crashes");

  /* Line-level mutations of a valid body: delete a token or duplicate one. */
  bad = 0;
  size_t bl = strlen(b);
  char *m = malloc(bl + 64);
  for (size_t i = 0; i < bl; i++) {
    if (b[i] != ' ') continue;
    /* delete the token after position i */
    size_t j = i + 1;
    while (j < bl && b[j] != ' ' && b[j] != '\n') j++;
    memcpy(m, b, i);
    memcpy(m + i, b + j, bl - j + 1);
    size_t sl;
    char *s = sign(m, &sl);
    net = NULL;
    int st = clm_net_load_buffer(s, sl, &net);
    if (st == CLM_OK) clm_net_free(net);
    else if (net) bad++;
    free(s);
  }
  free(m);
  tap_ok(bad == 0, "deleting any single token: no crash, *out NULL on error");
  free(b);
}

static void test_save_failures(clm_net *net, const char *text, size_t len) {
  char *path = path_in("keep.txt");
  FILE *f = fopen(path, "wb");
  fputs("old contents\n", f);
  fclose(f);
  /* Path is a directory. */
  char *sub = path_in("subdir");
  mkdir(sub, 0755);
  tap_ok(clm_net_save(net, sub) == CLM_EIO && temp_files() == 0, "saving onto a directory: CLM_EIO, no temp file left");
  char *nodir = path_in("no/such/dir/net.txt");
  tap_ok(clm_net_save(net, nodir) == CLM_EIO, "saving into a missing directory: CLM_EIO");
  char *notdir = path_in("keep.txt/child");
  tap_ok(clm_net_save(net, notdir) == CLM_EIO, "saving below a regular file: CLM_EIO");
  /* A write that fails half-way (file size limit): the old file survives. */
  struct rlimit old, lim;
  getrlimit(RLIMIT_FSIZE, &old);
  lim = old;
  lim.rlim_cur = len / 2;
  signal(SIGXFSZ, SIG_IGN);
  int set = setrlimit(RLIMIT_FSIZE, &lim) == 0;
  int st = clm_net_save(net, path);
  if (set) setrlimit(RLIMIT_FSIZE, &old);
  size_t kl = 0;
  char *k = slurp(path, &kl);
  tap_ok(set && st == CLM_EIO && k && kl == 13 && memcmp(k, "old contents\n", 13) == 0 && temp_files() == 0,
         "a write that fails (file size limit %zu < %zu): CLM_EIO, the old file intact, no temp file", len / 2, len);
  free(k);
  /* A directory we cannot write to (only meaningful when not root). */
  if (geteuid() != 0) {
    chmod(dir, 0555);
    st = clm_net_save(net, path);
    chmod(dir, 0755);
    k = slurp(path, &kl);
    tap_ok(st == CLM_EIO && k && kl == 13 && memcmp(k, "old contents\n", 13) == 0,
           "read-only directory: CLM_EIO, the old file intact");
    free(k);
  } else {
    tap_diag("running as root: the read-only-directory case is not meaningful; the file size limit covers it");
  }
  /* A successful save replaces it and keeps its mode. */
  chmod(path, 0600);
  st = clm_net_save(net, path);
  struct stat sb;
  stat(path, &sb);
  k = slurp(path, &kl);
  tap_ok(st == CLM_OK && kl == len && memcmp(k, text, len) == 0 && (sb.st_mode & 0777) == 0600,
         "a successful save replaces the old file and keeps its permissions");
  free(k);
  unlink(path);
  /* Loading failures. */
  clm_net *back = (clm_net *)1;
  tap_ok(clm_net_load(nodir, &back) == CLM_EIO && back == NULL, "loading a missing file: CLM_EIO");
  tap_ok(clm_net_load(sub, &back) == CLM_EIO, "loading a directory: CLM_EIO");
  rmdir(sub);
  free(sub);
  free(nodir);
  free(notdir);
  free(path);
}

/* Under a locale whose decimal separator is a comma, the text must be the
 * same bytes and must load back.  Runs only where such a locale is
 * installed (e.g. LOCPATH pointing at `localedef -i de_DE -f UTF-8` output);
 * otherwise it says so and counts nothing. */
static void test_locale(clm_net *net, const char *text, size_t len) {
  static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "de_DE", "fr_FR"};
  const char *got = NULL;
  for (size_t i = 0; i < sizeof names / sizeof *names && !got; i++)
    if (setlocale(LC_ALL, names[i]) && strcmp(localeconv()->decimal_point, ",") == 0) got = names[i];
  if (!got) {
    setlocale(LC_ALL, "C");
    tap_diag("no locale with a decimal comma is installed: locale independence not exercised here");
    return;
  }
  char probe[32];
  snprintf(probe, sizeof probe, "%.1f", 0.5);
  char *t = NULL;
  size_t n = 0;
  int st = clm_net_save_buffer(net, &t, &n);
  tap_ok(st == CLM_OK && n == len && memcmp(t, text, len) == 0,
         "under %s (printf gives '%s') the saved text is byte-identical", got, probe);
  clm_net *back = NULL;
  st = clm_net_load_buffer(text, len, &back);
  tap_ok(st == CLM_OK && nets_equal(net, back), "under %s the file loads back identically", got);
  clm_net_free(back);
  free(t);
  setlocale(LC_ALL, "C");
}

static void test_api_errors(clm_net *net) {
  char *t;
  size_t n;
  clm_net *o;
  tap_ok(clm_net_save_buffer(NULL, &t, &n) == CLM_ENULL && clm_net_save_buffer(net, NULL, &n) == CLM_ENULL,
         "save_buffer NULL arguments: CLM_ENULL");
  tap_ok(clm_net_save(NULL, "x") == CLM_ENULL && clm_net_save(net, NULL) == CLM_ENULL, "save NULL arguments: CLM_ENULL");
  tap_ok(clm_net_load(NULL, &o) == CLM_ENULL && clm_net_load("x", NULL) == CLM_ENULL &&
             clm_net_load_buffer(NULL, 3, &o) == CLM_ENULL,
         "load NULL arguments: CLM_ENULL");
  size_t hs[1] = {2};
  clm_net *u = NULL;
  clm_feedforwardnet(&u, 1, hs);
  char *p = path_in("u.txt");
  tap_ok(clm_net_save_buffer(u, &t, &n) == CLM_ENOTCONFIGURED && clm_net_save(u, p) == CLM_ENOTCONFIGURED &&
             access(p, F_OK) != 0,
         "an unconfigured network is not saved: CLM_ENOTCONFIGURED");
  free(p);
  clm_net_free(u);
  /* A single-layer network with no hidden layer round-trips too. */
  clm_net *lin = NULL;
  clm_feedforwardnet(&lin, 0, NULL);
  double X[6] = {1, 2, 3, 4, 5, 6}, T[3] = {1, 0, 1};
  clm_configure(lin, X, 2, T, 1, 3, 1);
  clm_net *back = NULL;
  int st = clm_net_save_buffer(lin, &t, &n);
  if (st == CLM_OK) st = clm_net_load_buffer(t, n, &back);
  tap_ok(st == CLM_OK && nets_equal(lin, back), "a network without hidden layers round-trips (empty hidden_sizes)");
  if (st == CLM_OK) free(t);
  clm_net_free(back);
  clm_net_free(lin);
}

/* The text with the first line starting with each of the n keys deleted. */
static char *drop_keys(const char *text, const char *const *keys, size_t n) {
  char *cur = malloc(strlen(text) + 1);
  strcpy(cur, text);
  for (size_t k = 0; cur && k < n; k++) {
    char *next = edit_line(cur, keys[k], "");
    free(cur);
    cur = next;
  }
  return cur;
}

/* A file of an older version: the version-3 body b without the keys that
 * later versions added, with version line v, signed. */
static char *older_text(const char *b, int v, size_t *n) {
  static const char *const v3keys[] = {"input_min", "input_max", "output_min", "output_max",
                                       "perform_regularization", "perform_normalization",
                                       "input_connect", "layer_connect"};
  char *cur = drop_keys(b, v3keys, v == 1 ? 8 : 6);
  char *ver = cur ? strstr(cur, "version = 3\n") : NULL;
  if (!ver) {
    free(cur);
    return NULL;
  }
  ver[10] = (char)('0' + v);
  char *t = sign(cur, n);
  free(cur);
  return t;
}

/* Version 3's keys (data ranges, performParam), and files of versions 1
 * and 2, which do not have them. */
static void test_versions(clm_net *net, const char *text, size_t len) {
  char *b = unsign(text, len);
  static const char *const v3keys[] = {"input_min", "input_max", "output_min", "output_max",
                                       "perform_regularization", "perform_normalization"};
  tap_ok(strstr(b, "\nperform_normalization = percent\n") && strstr(b, "\nperform_regularization = ") &&
             strstr(b, "\noutput_min = ") && strstr(b, "\ninput_max = "),
         "version 3 writes the ranges and performParam");
  /* the ranges read back are the configuring data's */
  double mn, mx;
  tap_ok(clm_net_range(net, 0, 3, &mn, &mx) == CLM_OK && mn < -12000 && mx > 12000 &&
             clm_net_range(net, 1, 1, &mn, &mx) == CLM_OK && mn == -7.25 && mx == -7.25,
         "clm_net_range: input row 3 spans +-12345, output row 1 is the constant -7.25");
  tap_ok(clm_net_range(net, 1, 3, &mn, &mx) == CLM_ESIZE && clm_net_range(net, 2, 0, &mn, &mx) == CLM_ESIZE &&
             clm_net_range(NULL, 0, 0, &mn, &mx) == CLM_ENULL && clm_net_range(net, 0, 0, NULL, &mx) == CLM_ENULL,
         "clm_net_range argument checks");
  /* each version-3 key is required in a version-3 file */
  int bad = 0;
  for (size_t k = 0; k < 6; k++)
    if (load_edited(b, v3keys[k], "") != CLM_EFORMAT) bad++;
  tap_ok(bad == 0, "a version-3 file without any one of the six keys it added: CLM_EFORMAT");
  tap_ok(load_edited(b, "perform_regularization", "perform_regularization = 1.5") == CLM_EFORMAT &&
             load_edited(b, "perform_regularization", "perform_regularization = -0.1") == CLM_EFORMAT &&
             load_edited(b, "perform_regularization", "perform_regularization = nan") == CLM_EFORMAT &&
             load_edited(b, "perform_regularization", "perform_regularization = 0.5 0.5") == CLM_EFORMAT,
         "regularization outside [0,1], NaN or two values: CLM_EFORMAT");
  tap_ok(load_edited(b, "perform_regularization", "perform_regularization = 1") == CLM_OK &&
             load_edited(b, "perform_regularization", "perform_regularization = 0") == CLM_OK,
         "regularization 0 and 1 are accepted");
  tap_ok(load_edited(b, "perform_normalization", "perform_normalization = Standard") == CLM_EFORMAT &&
             load_edited(b, "perform_normalization", "perform_normalization =") == CLM_EFORMAT &&
             load_edited(b, "perform_normalization", "perform_normalization = standard") == CLM_OK,
         "normalization names are checked (case sensitive)");
  tap_ok(load_edited(b, "perform_fcn", "perform_fcn = crossentropy") == CLM_OK &&
             load_edited(b, "perform_fcn", "perform_fcn = mae") == CLM_OK &&
             load_edited(b, "perform_fcn", "perform_fcn = sae") == CLM_EFORMAT,
         "perform_fcn: mae and crossentropy are known, sae is not");
  tap_ok(load_edited(b, "output_min", "output_min = 0 0 nan") == CLM_EFORMAT &&
             load_edited(b, "output_min", "output_min = 1e300 -7.25 0.3333") == CLM_EFORMAT &&
             load_edited(b, "output_min", "output_min = 0 -7.25") == CLM_EFORMAT &&
             load_edited(b, "output_max", "output_max = inf -7.25 22.333") == CLM_EFORMAT,
         "ranges: one end NaN, min > max, a missing value, Inf: CLM_EFORMAT");
  /* versions 1 and 2: the same text without the keys added later */
  for (int v = 1; v <= 2; v++) {
    size_t n1;
    char *t1 = older_text(b, v, &n1);
    clm_net *old = NULL;
    int st = t1 ? clm_net_load_buffer(t1, n1, &old) : -1;
    tap_ok(st == CLM_OK && old, "a version-%d file loads (%s)", v, st >= 0 ? clm_strerror(st) : "no text");
    if (old) {
      tap_ok(clm_net_regularization(old) == 0.0 && clm_net_normalization(old) == CLM_NORMALIZATION_NONE &&
                 clm_net_performfcn(old) == CLM_SSE,
             "version %d: default performParam (regularization 0, normalization none)", v);
      /* ranges rebuilt from the processing: removed rows [c, c], mapped rows
       * [xoffset, xoffset + 2/gain] (close to the real range), NaN otherwise */
      int ok = 1;
      for (int side = 0; side < 2; side++) {
        const clm_proc *a = side ? &net->out : &net->in, *o = side ? &old->out : &old->in;
        for (size_t i = 0; i < a->n_raw; i++) {
          if (!a->kept[i]) {
            ok &= same_double(o->xmin[i], a->xoffset[i]) && same_double(o->xmax[i], a->xoffset[i]);
          } else if (a->gain[i] == 1.0 && a->xoffset[i] == -1.0) {
            ok &= isnan(o->xmin[i]) && isnan(o->xmax[i]);
          } else {
            ok &= o->xmin[i] == a->xmin[i] &&
                  tap_reldiff(o->xmax[i] - o->xmin[i], a->xmax[i] - a->xmin[i], 0) < 1e-14;
          }
        }
      }
      tap_ok(ok, "version %d: ranges rebuilt from removeconstantrows/mapminmax settings", v);
      char *t2 = NULL;
      size_t n2 = 0;
      clm_net_save_buffer(old, &t2, &n2);
      tap_ok(t2 && strncmp(t2, "chaoslm-network\nversion = 3\n", 28) == 0,
             "a loaded version-%d network is saved as version 3", v);
      free(t2);
      clm_net_free(old);
    }
    /* an older file must not hold a key of a later version */
    char *u = unsign(t1 ? t1 : "", t1 ? n1 : 0);
    char *w = edit_line(u, "perform_fcn", "perform_fcn = sse\nperform_regularization = 0");
    size_t nw;
    char *tw = w ? sign(w, &nw) : NULL;
    clm_net *o2 = NULL;
    tap_ok(tw && clm_net_load_buffer(tw, nw, &o2) == CLM_EFORMAT && o2 == NULL,
           "a version-%d file with a version-3 key: CLM_EFORMAT", v);
    free(u);
    free(w);
    free(tw);
    free(t1);
  }
  free(b);
}

int main(void) {
  if (!mkdtemp(dir)) return tap_skip_all("mkdtemp failed");
  clm_net *net = make_net();
  if (!tap_ok(net != NULL, "configure a 4-4-3-3 test network")) return tap_done();
  char *text = NULL;
  size_t len = 0;
  test_roundtrip(net, &text, &len);
  if (text) {
    test_damage(text, len);
    test_versions(net, text, len);
    test_save_failures(net, text, len);
    test_locale(net, text, len);
  }
  test_api_errors(net);
  free(text);
  clm_net_free(net);
  rmdir(dir);
  return tap_done();
}
