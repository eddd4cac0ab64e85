/* chaoslm fuzz harness — the network-file loader.
 *
 * Feeds arbitrary bytes to clm_net_load_buffer.  Properties checked:
 *   - the status is CLM_OK or one of the loader's documented statuses;
 *   - *out is NULL on error and a usable network on success;
 *   - a loaded network survives save -> load -> save unchanged (the text is
 *     a fixed point) and can be simulated without a crash.
 * Any violation calls __builtin_trap() so that libFuzzer records it.
 *
 * Inputs whose checksum does not match never reach the parser, so the
 * harness also re-seals every input: when the input does not end with a
 * valid checksum line, a second pass appends the correct one, letting the
 * fuzzer explore the body parser.  GPL-3.0-or-later. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "chaoslm.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static uint64_t fnv1a64(const unsigned char *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

static int status_ok(int st) {
  /* The statuses documented for clm_net_load_buffer in net.h. */
  return st == CLM_OK || st == CLM_EFORMAT || st == CLM_EVERSION || st == CLM_ECHECKSUM ||
         st == CLM_ETRANSFER || st == CLM_ENOMEM;
}

static void exercise(const char *text, size_t len) {
  clm_net *net = (clm_net *)0x1;
  int st = clm_net_load_buffer(text, len, &net);
  CHECK(status_ok(st));
  if (st != CLM_OK) {
    CHECK(net == NULL);
    return;
  }
  CHECK(net != NULL);
  CHECK(clm_net_is_configured(net));
  /* Round trip: save, load, save gives the same text. */
  char *t1 = NULL, *t2 = NULL;
  size_t n1 = 0, n2 = 0;
  CHECK(clm_net_save_buffer(net, &t1, &n1) == CLM_OK);
  clm_net *again = NULL;
  CHECK(clm_net_load_buffer(t1, n1, &again) == CLM_OK);
  CHECK(clm_net_save_buffer(again, &t2, &n2) == CLM_OK);
  CHECK(n1 == n2 && memcmp(t1, t2, n1) == 0);
  free(t1);
  free(t2);
  clm_net_free(again);
  /* A forward pass on a few samples (sizes bounded to keep runs fast). */
  size_t R = clm_net_num_inputs(net), O = clm_net_num_outputs(net);
  if (R && O && R <= 4096 && O <= 4096 && clm_net_num_weights(net) <= 1000000) {
    double *X = calloc(R * 2, sizeof *X), *Y = calloc(O * 2, sizeof *Y);
    if (X && Y) {
      for (size_t i = 0; i < R * 2; i++) X[i] = (double)i - 1.5;
      int s2 = clm_sim(net, X, 2, Y, 1);
      CHECK(s2 == CLM_OK || s2 == CLM_ENOMEM);
    }
    free(X);
    free(Y);
  }
  clm_net_free(net);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  exercise((const char *)data, size);
  /* Re-seal: replace a trailing checksum line (if any) by the right one. */
  static const char ck[] = "checksum = ";
  size_t body = size;
  const size_t cl = sizeof ck - 1 + 16 + 1;
  if (size >= cl && memcmp(data + size - cl, ck, sizeof ck - 1) == 0) body = size - cl;
  char *buf = malloc(body + cl + 2);
  if (!buf) return 0;
  memcpy(buf, data, body);
  size_t n = body;
  if (n == 0 || buf[n - 1] != '\n') buf[n++] = '\n';
  char line[40];
  snprintf(line, sizeof line, "checksum = %016llx\n",
           (unsigned long long)fnv1a64((const unsigned char *)buf, n));
  memcpy(buf + n, line, cl);
  exercise(buf, n + cl);
  free(buf);
  return 0;
}
