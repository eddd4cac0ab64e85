/* chaoslm command-line tool — streaming CSV reader (see csv.h for the
 * accepted dialect).
 *
 * The file is read through a 64 KiB buffer and tokenised character by
 * character; each field is converted to a double as soon as it ends, so
 * memory holds only the table of doubles (plus the first record, kept to
 * choose the separator and decide whether it is a header).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "csv.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RD_BUFSZ 65536

/* Byte source: first the replay buffer (the first record, read ahead to
 * choose the separator), then the file through a block buffer. */
typedef struct reader {
  FILE *fp;
  const char *label;
  unsigned char buf[RD_BUFSZ];
  size_t pos, len;
  int eof;
  char *replay;           /* first record, replayed once */
  size_t replay_pos, replay_len;
  size_t line;            /* physical line of the next byte (1-based) */
  int read_error;
} reader;

static int rd_raw(reader *r) {
  if (r->pos == r->len) {
    if (r->eof) return EOF;
    r->len = fread(r->buf, 1, RD_BUFSZ, r->fp);
    r->pos = 0;
    if (r->len == 0) {
      if (ferror(r->fp)) r->read_error = errno ? errno : EIO;
      r->eof = 1;
      return EOF;
    }
  }
  return r->buf[r->pos++];
}

static int rd_get(reader *r) {
  if (r->replay && r->replay_pos < r->replay_len) return (unsigned char)r->replay[r->replay_pos++];
  return rd_raw(r);
}

/* Peek the next byte (used for CRLF). */
static int rd_peek(reader *r) {
  if (r->replay && r->replay_pos < r->replay_len) return (unsigned char)r->replay[r->replay_pos];
  int c = rd_raw(r);
  if (c != EOF) r->pos--;
  return c;
}

/* Growable byte buffer for the current field. */
typedef struct sbuf {
  char *s;
  size_t n, cap;
} sbuf;

static int sb_put(sbuf *b, char c) {
  if (b->n + 1 >= b->cap) {
    size_t nc = b->cap ? 2 * b->cap : 64;
    char *p = realloc(b->s, nc);
    if (!p) return -1;
    b->s = p;
    b->cap = nc;
  }
  b->s[b->n++] = c;
  b->s[b->n] = '\0';
  return 0;
}

static void errf(char *err, size_t len, const char *fmt, ...) {
  if (!err || !len) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, len, fmt, ap);
  va_end(ap);
}

/* A field quoted in an error message: at most 40 bytes, control characters
 * shown as '?', so that the message stays one printable line. */
static const char *shown(const char *s, char out[48]) {
  size_t i = 0;
  for (; s && s[i] && i < 40; i++) {
    unsigned char c = (unsigned char)s[i];
    out[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
  }
  if (s && s[i]) {
    memcpy(out + i, "...", 4);
  } else {
    out[i] = '\0';
  }
  return out;
}

enum { F_SEP, F_ROW, F_EOF, F_ERR };

/* Read one field into b.  *quoted receives 1 if it was quoted; *start_line
 * the line where it began.  Returns how the field ended. */
static int next_field(reader *r, char sep, sbuf *b, int *quoted, size_t *start_line,
                      size_t col, char *err, size_t err_len) {
  b->n = 0;
  if (b->s) b->s[0] = '\0';
  *quoted = 0;
  *start_line = r->line;
  int c;
  /* leading blanks */
  do c = rd_get(r); while (c == ' ' || c == '\t');
  if (c == '"') {
    *quoted = 1;
    for (;;) {
      c = rd_get(r);
      if (c == EOF) {
        errf(err, err_len, "%s:%zu:%zu: unterminated quoted field", r->label, *start_line, col);
        return F_ERR;
      }
      if (c == '\n') r->line++;
      if (c == '"') {
        if (rd_peek(r) == '"') {
          rd_get(r);
        } else {
          break;
        }
      }
      if (sb_put(b, (char)c)) goto nomem;
    }
    /* after the closing quote: blanks, then a separator or the line end */
    do c = rd_get(r); while (c == ' ' || c == '\t');
    if (c != sep && c != '\n' && c != '\r' && c != EOF) {
      if (c > 0x20 && c < 0x7f)
        errf(err, err_len, "%s:%zu:%zu: unexpected character '%c' after a closing quote",
             r->label, r->line, col, c);
      else
        errf(err, err_len, "%s:%zu:%zu: unexpected byte 0x%02x after a closing quote",
             r->label, r->line, col, (unsigned)c);
      return F_ERR;
    }
  } else {
    while (c != sep && c != '\n' && c != '\r' && c != EOF) {
      if (c == '\0') {
        errf(err, err_len, "%s:%zu:%zu: NUL byte in the file (not a text CSV file?)",
             r->label, r->line, col);
        return F_ERR;
      }
      if (sb_put(b, (char)c)) goto nomem;
      c = rd_get(r);
    }
    while (b->n > 0 && (b->s[b->n - 1] == ' ' || b->s[b->n - 1] == '\t')) b->s[--b->n] = '\0';
  }
  if (c == sep) return F_SEP;
  if (c == '\r') {
    if (rd_peek(r) == '\n') rd_get(r);
    r->line++;
    return F_ROW;
  }
  if (c == '\n') {
    r->line++;
    return F_ROW;
  }
  if (r->read_error) {
    errf(err, err_len, "%s: read error: %s", r->label, strerror(r->read_error));
    return F_ERR;
  }
  return F_EOF;
nomem:
  errf(err, err_len, "%s:%zu:%zu: out of memory", r->label, r->line, col);
  return F_ERR;
}

/* Classify and convert a field: 0 = number (*v), 1 = missing (*v = NaN),
 * -1 = not a number, -2 = out of range. */
static int parse_value(const char *s, char sep, double *v) {
  if (s[0] == '\0' || !strcasecmp(s, "nan") || !strcasecmp(s, "na") || !strcasecmp(s, "n/a")) {
    *v = NAN;
    return 1;
  }
  char tmp[128];
  size_t n = strlen(s);
  if (n >= sizeof tmp) return -1;
  int ndig = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      ndig++;
    } else if (!(c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E' || (c == ',' && sep == ';'))) {
      return -1;
    }
  }
  if (!ndig) return -1;
  memcpy(tmp, s, n + 1);
  if (sep == ';' && !strchr(tmp, '.')) {
    char *comma = strchr(tmp, ',');
    if (comma) {
      if (strchr(comma + 1, ',')) return -1;
      *comma = '.';
    }
  }
  char *end;
  errno = 0;
  double d = strtod(tmp, &end);
  if (end == tmp || *end != '\0') return -1;
  if (!isfinite(d)) return -2;
  *v = d;
  return 0;
}

/* Read the first record raw (until a line end outside quotes) into the
 * replay buffer and choose the separator from it. */
static int read_first_record(reader *r, char *sep, char *err, size_t err_len) {
  sbuf b = {0};
  int inq = 0, c;
  size_t commas = 0, semis = 0, line_start = 0;
  int first = 1;
  for (;;) {
    c = rd_raw(r);
    if (first) {
      first = 0;
      /* UTF-8 byte-order mark */
      if (c == 0xEF) {
        int c2 = rd_raw(r), c3 = rd_raw(r);
        if (c2 == 0xBB && c3 == 0xBF) {
          c = rd_raw(r);
        } else {
          errf(err, err_len, "%s:1:1: not a text CSV file", r->label);
          free(b.s);
          return -1;
        }
      }
    }
    if (c == EOF) break;
    if (sb_put(&b, (char)c)) {
      errf(err, err_len, "%s: out of memory", r->label);
      free(b.s);
      return -1;
    }
    if (c == '"') inq = !inq;
    else if (!inq && c == ',') commas++;
    else if (!inq && c == ';') semis++;
    else if (!inq && c == '\n') {
      /* blank lines: keep going so that the separator comes from data */
      size_t content = b.n - 1 - line_start;
      if (content > 0 && b.s[b.n - 2] == '\r') content--;
      if (commas + semis == 0 && content == 0) {
        line_start = b.n;
        continue;
      }
      break;
    }
  }
  if (r->read_error) {
    errf(err, err_len, "%s: read error: %s", r->label, strerror(r->read_error));
    free(b.s);
    return -1;
  }
  *sep = semis > commas ? ';' : ',';
  r->replay = b.s;
  r->replay_len = b.n;
  r->replay_pos = 0;
  return 0;
}

void clm_csv_free(clm_csv *t) {
  if (!t) return;
  free(t->X);
  free(t->T);
  if (t->names)
    for (size_t j = 0; j < t->n_cols; j++) free(t->names[j]);
  free(t->names);
  memset(t, 0, sizeof *t);
}

static char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p) memcpy(p, s, n);
  return p;
}

/* One read in progress: the reader, the table being filled and the first
 * record's fields (kept as text until it is known whether they are a
 * header). */
typedef struct csv_parse {
  reader *r;
  char sep;
  sbuf fb;                      /* the current field */
  char **first;                 /* the first record's fields */
  size_t n_first, cap_first, first_line;
  clm_csv t;
  double *row;                  /* the current row's values (n_cols) */
  size_t capQ;                  /* rows allocated in t.X and t.T */
  size_t keep_first, keep_end;  /* data rows stored: [keep_first, keep_end) */
  char *err;
  size_t err_len;
} csv_parse;

static int out_of_memory(csv_parse *ps) {
  errf(ps->err, ps->err_len, "%s: out of memory", ps->r->label);
  return -1;
}

/* Append the current field to the first record's fields. */
static int keep_first_field(csv_parse *ps) {
  if (ps->n_first == ps->cap_first) {
    size_t nc = ps->cap_first ? 2 * ps->cap_first : 16;
    char **p = realloc(ps->first, nc * sizeof *p);
    if (!p) return -1;
    ps->first = p;
    ps->cap_first = nc;
  }
  ps->first[ps->n_first] = xstrdup(ps->fb.s ? ps->fb.s : "");
  if (!ps->first[ps->n_first]) return -1;
  ps->n_first++;
  return 0;
}

/* The first non-blank record, field by field, into ps->first. */
static int read_first_fields(csv_parse *ps) {
  reader *r = ps->r;
  for (;;) {
    int quoted, end;
    size_t sl;
    ps->n_first = 0;
    ps->first_line = r->line;
    do {
      end = next_field(r, ps->sep, &ps->fb, &quoted, &sl, ps->n_first + 1, ps->err, ps->err_len);
      if (end == F_ERR) return -1;
      if (keep_first_field(ps)) return out_of_memory(ps);
      if (ps->n_first == 1 && !quoted && ps->fb.n == 0 && end != F_SEP) break; /* blank line? */
    } while (end == F_SEP);
    int blank = ps->n_first == 1 && ps->first[0][0] == '\0' && !quoted;
    if (!blank) return 0;
    free(ps->first[0]);
    ps->n_first = 0;
    if (end == F_EOF) {
      errf(ps->err, ps->err_len, "%s: empty file (no header and no data)", r->label);
      return -1;
    }
  }
}

/* Columns from the first record: counts, the header question (any field
 * that is neither a number nor missing), the names. */
static int setup_columns(csv_parse *ps, size_t n_targets) {
  clm_csv *t = &ps->t;
  t->n_cols = ps->n_first;
  if (n_targets >= t->n_cols) {
    errf(ps->err, ps->err_len, "%s:%zu:%zu: --targets %zu needs at least %zu columns, the file has %zu",
         ps->r->label, ps->first_line, t->n_cols, n_targets, n_targets + 1, t->n_cols);
    return -1;
  }
  t->n_targets = n_targets;
  t->n_inputs = t->n_cols - n_targets;
  ps->row = malloc(t->n_cols * sizeof *ps->row);
  t->names = calloc(t->n_cols, sizeof *t->names);
  if (!ps->row || !t->names) return out_of_memory(ps);
  for (size_t j = 0; j < ps->n_first && !t->has_header; j++) {
    double v;
    if (parse_value(ps->first[j], ps->sep, &v) == -1) t->has_header = 1;
  }
  for (size_t j = 0; j < t->n_cols; j++) {
    if (t->has_header) {
      t->names[j] = ps->first[j];
      ps->first[j] = NULL;
    } else {
      char nm[32];
      snprintf(nm, sizeof nm, "c%zu", j + 1);
      t->names[j] = xstrdup(nm);
      if (!t->names[j]) return out_of_memory(ps);
    }
  }
  return 0;
}

/* The first record as a data row (no header): its values into ps->row. */
static int first_row_values(csv_parse *ps) {
  char sh[48];
  for (size_t j = 0; j < ps->n_first; j++) {
    int k = parse_value(ps->first[j], ps->sep, &ps->row[j]);
    if (k == -2) {
      errf(ps->err, ps->err_len, "%s:%zu:%zu: '%s' is out of range", ps->r->label,
           ps->first_line, j + 1, shown(ps->first[j], sh));
      return -1;
    }
    if (k < 0) { /* cannot happen: the record had no text field */
      errf(ps->err, ps->err_len, "%s:%zu:%zu: '%s' is not a number", ps->r->label,
           ps->first_line, j + 1, shown(ps->first[j], sh));
      return -1;
    }
  }
  return 0;
}

/* The next record into ps->row; *end says how its last field ended.
 * Returns 1 for a row, 0 for a blank line, -1 on error. */
static int read_data_row(csv_parse *ps, int *end) {
  reader *r = ps->r;
  const size_t line = r->line, n_cols = ps->t.n_cols;
  size_t nf = 0;
  int quoted = 0;
  char sh[48];
  do {
    size_t sl;
    double v;
    *end = next_field(r, ps->sep, &ps->fb, &quoted, &sl, nf + 1, ps->err, ps->err_len);
    if (*end == F_ERR) return -1;
    if (nf == 0 && *end != F_SEP && !quoted && ps->fb.n == 0) return 0; /* blank line */
    if (nf >= n_cols) {
      errf(ps->err, ps->err_len, "%s:%zu:%zu: row has more than %zu fields (the first row has %zu)",
           r->label, line, nf + 1, n_cols, n_cols);
      return -1;
    }
    int k = parse_value(ps->fb.s ? ps->fb.s : "", ps->sep, &v);
    if (k < 0) {
      errf(ps->err, ps->err_len, "%s:%zu:%zu: '%s' is %s", r->label, sl, nf + 1,
           shown(ps->fb.s, sh), k == -1 ? "not a number" : "out of range");
      return -1;
    }
    ps->row[nf++] = v;
  } while (*end == F_SEP);
  if (nf < n_cols) {
    errf(ps->err, ps->err_len, "%s:%zu:%zu: row has %zu fields, expected %zu (missing values need an empty field)",
         r->label, line, nf + 1, nf, n_cols);
    return -1;
  }
  return 1;
}

/* Append ps->row as stored row S (growing X and T by doubling). */
static int store_row(csv_parse *ps, size_t S) {
  clm_csv *t = &ps->t;
  if (S == ps->capQ) {
    size_t nc = ps->capQ ? 2 * ps->capQ : 256;
    if (t->n_inputs) {
      double *p = realloc(t->X, nc * t->n_inputs * sizeof *p);
      if (!p) return -1;
      t->X = p;
    }
    if (t->n_targets) {
      double *p = realloc(t->T, nc * t->n_targets * sizeof *p);
      if (!p) return -1;
      t->T = p;
    }
    ps->capQ = nc;
  }
  memcpy(t->X + S * t->n_inputs, ps->row, t->n_inputs * sizeof *ps->row);
  if (t->n_targets)
    memcpy(t->T + S * t->n_targets, ps->row + t->n_inputs, t->n_targets * sizeof *ps->row);
  return 0;
}

/* Every data row: *Q counted, *S stored (those in [keep_first, keep_end)). */
static int read_rows(csv_parse *ps, size_t *Q, size_t *S) {
  int pending_first = !ps->t.has_header; /* the first record is data */
  int at_eof = 0;
  *Q = *S = 0;
  for (;;) {
    if (pending_first) {
      if (first_row_values(ps)) return -1;
      pending_first = 0;
    } else {
      int end;
      if (at_eof) break;
      int k = read_data_row(ps, &end);
      if (k < 0) return -1;
      if (end == F_EOF) at_eof = 1;
      if (k == 0) { /* blank line */
        if (at_eof) break;
        continue;
      }
    }
    if (*Q >= ps->keep_first && *Q < ps->keep_end) {
      if (store_row(ps, *S)) return out_of_memory(ps);
      (*S)++;
    }
    (*Q)++;
  }
  return 0;
}

/* After the rows: at least one, and X and T shrunk to the S stored. */
static int finish_table(csv_parse *ps, size_t Q, size_t S) {
  clm_csv *t = &ps->t;
  if (Q == 0) {
    errf(ps->err, ps->err_len, "%s: no data rows%s", ps->r->label,
         t->has_header ? " (only a header)" : "");
    return -1;
  }
  t->n_rows = S;
  if (t->n_inputs && S && ps->capQ > S) {
    double *p = realloc(t->X, S * t->n_inputs * sizeof *p);
    if (p) t->X = p;
  }
  if (t->n_targets && S && ps->capQ > S) {
    double *p = realloc(t->T, S * t->n_targets * sizeof *p);
    if (p) t->T = p;
  }
  return 0;
}

/* The reader: every row is parsed and counted (*total), rows
 * [keep_first, keep_end) are stored. */
static int csv_read(const char *path, size_t n_targets, size_t keep_first, size_t keep_end,
                    size_t *total, clm_csv *out, char *err, size_t err_len) {
  if (err && err_len) err[0] = '\0';
  if (!path || !out) {
    errf(err, err_len, "internal error: NULL argument to the CSV reader");
    return -1;
  }
  memset(out, 0, sizeof *out);
  reader *r = calloc(1, sizeof *r);
  if (!r) {
    errf(err, err_len, "%s: out of memory", path);
    return -1;
  }
  int from_stdin = strcmp(path, "-") == 0;
  r->label = from_stdin ? "<stdin>" : path;
  r->line = 1;
  r->fp = from_stdin ? stdin : fopen(path, "rb");
  if (!r->fp) {
    errf(err, err_len, "%s: cannot open: %s", path, strerror(errno));
    free(r);
    return -1;
  }
  csv_parse ps = {.r = r, .keep_first = keep_first, .keep_end = keep_end, .err = err,
                  .err_len = err_len};
  size_t Q = 0, S = 0;
  int rc = read_first_record(r, &ps.sep, err, err_len);
  if (rc == 0) ps.t.sep = ps.sep;
  if (rc == 0) rc = read_first_fields(&ps);
  if (rc == 0) rc = setup_columns(&ps, n_targets);
  if (rc == 0) rc = read_rows(&ps, &Q, &S);
  if (rc == 0) rc = finish_table(&ps, Q, S);
  if (ps.first) {
    for (size_t j = 0; j < ps.n_first; j++) free(ps.first[j]);
    free(ps.first);
  }
  free(ps.row);
  free(ps.fb.s);
  free(r->replay);
  if (!from_stdin) fclose(r->fp);
  free(r);
  if (rc == 0) {
    *total = Q;
    *out = ps.t;
  } else {
    clm_csv_free(&ps.t);
  }
  return rc;
}

int clm_csv_read(const char *path, size_t n_targets, clm_csv *out, char *err,
                 size_t err_len) {
  size_t total = 0;
  return csv_read(path, n_targets, 0, SIZE_MAX, &total, out, err, err_len);
}

int clm_csv_read_rows(const char *path, size_t n_targets, size_t first, size_t end,
                      size_t *total, clm_csv *out, char *err, size_t err_len) {
  size_t tot = 0;
  int rc = csv_read(path, n_targets, first, end, &tot, out, err, err_len);
  if (total) *total = rc == 0 ? tot : 0;
  return rc;
}
