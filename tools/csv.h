/* chaoslm command-line tool — CSV reader.
 *
 * Reads a numeric table in one streaming pass (the text is never held in
 * memory; only the parsed doubles are) and splits each row into inputs and
 * targets: the last n_targets columns are targets.  The result is stored in
 * the library's layout, X n_inputs x Q and T n_targets x Q column-major,
 * which is one sample per row as in the file.
 *
 * Accepted dialect (documented in doc/chaoslm.1):
 *   - an optional header row: the first row is a header when any of its
 *     fields is neither a number nor a missing-value marker;
 *   - separator ',' or ';', chosen from the first line (the one that occurs
 *     there more often outside quotes); with ';' a decimal comma ("1,5") is
 *     accepted too;
 *   - fields may be quoted with '"' ("" is a literal quote; quoted fields
 *     may span lines); blanks around fields are ignored;
 *   - an empty field, NaN, nan, NA or N/A is a missing value (NaN); a NaN
 *     target means "don't care" for the library;
 *   - LF or CRLF line ends, an optional UTF-8 byte-order mark, blank lines
 *     skipped;
 *   - numbers are decimal (C locale strtod syntax without hex, inf or nan).
 *
 * Every error message starts with "FILE:LINE:COLUMN: " where LINE is the
 * 1-based physical line and COLUMN the 1-based field (CSV column) number, or
 * with "FILE: " when no position applies (missing or empty file).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_TOOLS_CSV_H
#define CLM_TOOLS_CSV_H

#include <stddef.h>

typedef struct clm_csv {
  size_t n_cols;      /* columns per row */
  size_t n_inputs;    /* n_cols - n_targets */
  size_t n_targets;
  size_t n_rows;      /* Q, data rows */
  double *X;          /* n_inputs x Q (malloc'ed; NULL when n_inputs is 0) */
  double *T;          /* n_targets x Q (malloc'ed; NULL when n_targets is 0) */
  int has_header;
  char **names;       /* n_cols column names (header or "c1".."cN") */
  char sep;           /* the separator used */
} clm_csv;

/* clm_csv_read: read `path` ("-" reads standard input).
 *   n_targets (in): how many trailing columns are targets (0 for none); a
 *     value >= the number of columns is an error (at least one input is
 *     needed).
 *   out (out): filled on success; zeroed on error (nothing to free).
 *   err (out): on error, one line (no newline) naming file:line:column.
 * Returns 0 on success, -1 on error. */
int clm_csv_read(const char *path, size_t n_targets, clm_csv *out, char *err,
                 size_t err_len);

/* clm_csv_read_rows: clm_csv_read that parses (and checks) every row but
 * stores only data rows [first, end) (0-based, header excluded); n_rows is
 * the number stored (possibly 0, X and T then NULL) and *total (may be
 * NULL) the number of data rows in the file.  Used by `mpirun ... chaoslm
 * train` so that each rank keeps only its share.  "-" is read once only. */
int clm_csv_read_rows(const char *path, size_t n_targets, size_t first, size_t end,
                      size_t *total, clm_csv *out, char *err, size_t err_len);

/* clm_csv_free: release a table filled by clm_csv_read (zeroed or NULL ok). */
void clm_csv_free(clm_csv *t);

#endif /* CLM_TOOLS_CSV_H */
