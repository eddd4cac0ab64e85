/* chaoslm fuzz harness — the command-line tool's CSV reader (tools/csv.c).
 *
 * The first byte chooses n_targets (0..3); the rest is written to a private
 * temporary file and read with clm_csv_read.  Properties checked:
 *   - the result is 0 or -1;
 *   - on error the table is zeroed and the message is a non-empty,
 *     NUL-terminated line (no newline) of at most err_len-1 bytes;
 *   - on success the sizes are consistent (n_inputs + n_targets = n_cols,
 *     n_inputs >= 1) and every stored value is readable.
 * GPL-3.0-or-later. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "csv.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  size_t n_targets = data[0] & 3u;
  if (!path[0]) {
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/clm-fuzz-csv-%ld.csv",
             dir && strlen(dir) < 32 ? dir : "/tmp", (long)getpid());
  }
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  if (size > 1) fwrite(data + 1, 1, size - 1, f);
  fclose(f);

  clm_csv t;
  char err[256];
  memset(err, 'x', sizeof err);
  int rc = clm_csv_read(path, n_targets, &t, err, sizeof err);
  CHECK(rc == 0 || rc == -1);
  if (rc != 0) {
    size_t n = strnlen(err, sizeof err);
    CHECK(n > 0 && n < sizeof err);
    CHECK(strchr(err, '\n') == NULL);
    CHECK(t.X == NULL && t.T == NULL && t.names == NULL && t.n_rows == 0);
  } else {
    CHECK(t.n_targets == n_targets);
    CHECK(t.n_inputs >= 1 && t.n_inputs + t.n_targets == t.n_cols);
    CHECK(t.names != NULL);
    volatile double s = 0;
    for (size_t i = 0; i < t.n_inputs * t.n_rows; i++) s += t.X[i];
    for (size_t i = 0; i < t.n_targets * t.n_rows; i++) s += t.T[i];
    for (size_t i = 0; i < t.n_cols; i++) CHECK(t.names[i] != NULL);
    (void)s;
  }
  clm_csv_free(&t);
  return 0;
}
