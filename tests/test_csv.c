/* chaoslm tests — the command-line tool's CSV reader (tools/csv.c).
 *
 * Each case writes a small file and checks the parsed table value by value
 * (dialect: header detection, ',' and ';', decimal comma, quotes, CRLF,
 * BOM, missing values, blank lines), or checks that a malformed file gives
 * an error naming FILE:LINE:COLUMN.  The bundled boston_housing.csv is read
 * and checked against known values.  GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tools/csv.h"
#include "tap.h"

static char path[256];

static void put(const char *text, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    perror(path);
    exit(99);
  }
  fwrite(text, 1, len, f);
  fclose(f);
}

/* Parse `text` with k targets; expect success and the given values (row by
 * row, inputs then targets; NaN for missing). */
static void expect_ok(const char *name, const char *text, size_t k, size_t rows, size_t cols,
                      int header, char sep, const double *vals) {
  put(text, strlen(text));
  clm_csv t;
  char err[512];
  int rc = clm_csv_read(path, k, &t, err, sizeof err);
  if (!tap_ok(rc == 0, "%s: parses", name)) {
    tap_diag("error: %s", err);
    return;
  }
  tap_ok(t.n_rows == rows && t.n_cols == cols && t.n_targets == k &&
             t.n_inputs == cols - k && t.has_header == header && t.sep == sep,
         "%s: shape %zux%zu header %d sep '%c' (got %zux%zu header %d sep '%c')", name, rows,
         cols, header, sep, t.n_rows, t.n_cols, t.has_header, t.sep);
  int same = t.n_rows == rows && t.n_cols == cols;
  for (size_t q = 0; same && q < rows; q++)
    for (size_t j = 0; j < cols; j++) {
      double v = j < t.n_inputs ? t.X[q * t.n_inputs + j] : t.T[q * k + (j - t.n_inputs)];
      double w = vals[q * cols + j];
      if (!((isnan(v) && isnan(w)) || v == w)) {
        tap_diag("%s: row %zu col %zu: got %.17g want %.17g", name, q + 1, j + 1, v, w);
        same = 0;
        break;
      }
    }
  tap_ok(same, "%s: values (missing cells are NaN)", name);
  clm_csv_free(&t);
}

/* Expect an error whose message starts with "path:LINE:COL:" (or "path:"
 * when line is 0) and contains `word`. */
static void expect_err(const char *name, const char *text, size_t len, size_t k, size_t line,
                       size_t col, const char *word) {
  put(text, len);
  clm_csv t;
  char err[512], want[300];
  int rc = clm_csv_read(path, k, &t, err, sizeof err);
  if (line)
    snprintf(want, sizeof want, "%s:%zu:%zu: ", path, line, col);
  else
    snprintf(want, sizeof want, "%s: ", path);
  int ok = rc == -1 && strncmp(err, want, strlen(want)) == 0 && strstr(err, word) &&
           !strchr(err, '\n') && t.X == NULL && t.T == NULL && t.n_rows == 0;
  if (!tap_ok(ok, "%s: error at %s", name, want)) tap_diag("rc %d, message: %s", rc, err);
}

int main(void) {
  snprintf(path, sizeof path, "test_csv_%ld.csv", (long)getpid());
  const double N = NAN;

  expect_ok("header, comma, LF", "a,b,t\n1,2,3\n4.5,-6e2,7\n", 1, 2, 3, 1, ',',
            (double[]){1, 2, 3, 4.5, -600, 7});
  expect_ok("no header, 2 targets", "1,2,3\n4,5,6\n", 2, 2, 3, 0, ',',
            (double[]){1, 2, 3, 4, 5, 6});
  expect_ok("CRLF and no final newline", "x,y\r\n1,2\r\n3,4", 1, 2, 2, 1, ',',
            (double[]){1, 2, 3, 4});
  expect_ok("semicolon with decimal comma", "x;y;t\n1,5;2;3,25\n-0,5;1e1;0\n", 1, 2, 3, 1, ';',
            (double[]){1.5, 2, 3.25, -0.5, 10, 0});
  expect_ok("quoted fields and header", "\"in 1\",\"say \"\"hi\"\"\",t\n\"1\", 2 ,\"3\"\n", 1,
            1, 3, 1, ',', (double[]){1, 2, 3});
  expect_ok("missing: empty, NaN, NA", "a,b,t\n,NaN,1\n2,NA,\n3,4,nan\n", 1, 3, 3, 1, ',',
            (double[]){N, N, 1, 2, N, N, 3, 4, N});
  expect_ok("blank lines skipped", "\n1,2\n\n3,4\n\n", 1, 2, 2, 0, ',',
            (double[]){1, 2, 3, 4});
  expect_ok("UTF-8 BOM", "\xEF\xBB\xBFx,y\n1,2\n", 1, 1, 2, 1, ',', (double[]){1, 2});
  expect_ok("quoted newline in header", "\"x\nx\",y\n1,2\n", 1, 1, 2, 1, ',',
            (double[]){1, 2});

  expect_err("bad number", "a,b,t\n1,2,3\n4,x5,6\n", 19, 1, 3, 2, "not a number");
  expect_err("ragged row (too few)", "a,b,t\n1,2,3\n4,5\n", 16, 1, 3, 3, "2 fields, expected 3");
  expect_err("ragged row (too many)", "a,b,t\n1,2,3,4\n", 14, 1, 2, 4, "more than 3 fields");
  expect_err("unterminated quote", "a,b\n1,\"2\n3,4\n", 13, 1, 2, 2, "unterminated");
  expect_err("junk after quote", "a,b\n1,\"2\"x\n", 11, 1, 2, 2, "after a closing quote");
  expect_err("empty file", "", 0, 1, 0, 0, "empty file");
  expect_err("only blank lines", "\n\r\n\n", 4, 1, 0, 0, "empty file");
  expect_err("header only", "a,b\n", 4, 1, 0, 0, "no data rows");
  expect_err("targets >= columns", "a,b\n1,2\n", 8, 2, 1, 2, "--targets 2");
  expect_err("out of range", "a,b\n1,1e999\n", 12, 1, 2, 2, "out of range");
  expect_err("infinity rejected", "a,b\n1,2\n3,inf\n", 14, 1, 3, 2, "not a number");
  expect_err("hex rejected", "1,2\n0x10,3\n", 11, 1, 2, 1, "not a number");
  expect_err("quoted newline in a bad field", "a,b\n1,\"x\ny\"\n", 11, 1, 2, 2, "'x?y' is not");
  expect_err("out of range in the first row", "1,1e999\n", 8, 1, 1, 2, "out of range");
  expect_err("control byte after a quote", "a,b\n1,\"2\"\x01\n", 11, 1, 2, 2, "byte 0x01");
  expect_err("NUL byte", "1,2\n3,\0\n", 7, 1, 2, 2, "NUL");

  /* missing file */
  remove(path);
  {
    clm_csv t;
    char err[512], want[300];
    snprintf(want, sizeof want, "%s: cannot open", path);
    int rc = clm_csv_read(path, 1, &t, err, sizeof err);
    tap_ok(rc == -1 && strncmp(err, want, strlen(want)) == 0, "missing file: %s", err);
  }

  /* the bundled Boston housing data */
  const char *src = getenv("CLM_SRCDIR");
  char bpath[1024];
  snprintf(bpath, sizeof bpath, "%s/data/boston_housing.csv", src ? src : "..");
  clm_csv b;
  char err[512];
  int rc = clm_csv_read(bpath, 1, &b, err, sizeof err);
  if (tap_ok(rc == 0 && b.n_rows == 506 && b.n_inputs == 13 && b.has_header &&
                 !strcmp(b.names[13], "medv") && !strcmp(b.names[0], "crim"),
             "boston_housing.csv: 506 x (13 + 1), header crim..medv")) {
    double tmin = INFINITY, tmax = -INFINITY;
    for (size_t q = 0; q < b.n_rows; q++) {
      if (b.T[q] < tmin) tmin = b.T[q];
      if (b.T[q] > tmax) tmax = b.T[q];
    }
    /* first row: crim 0.00632 ... medv 24; medv ranges over [5, 50] */
    tap_ok(b.X[0] == 0.00632 && b.T[0] == 24 && tmin == 5 && tmax == 50,
           "boston_housing.csv: first row and medv range [5, 50]");
  } else {
    tap_diag("%s", err);
  }
  clm_csv_free(&b);
  remove(path);
  return tap_done();
}
