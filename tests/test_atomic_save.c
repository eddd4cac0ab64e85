/* chaoslm tests — models are never lost: atomic saves and damaged files.
 *
 * clm_net_save writes a temporary file in the target's folder, fsyncs it
 * and renames it over the target.  With an injected write failure
 * (RLIMIT_FSIZE below the file's size, SIGXFSZ ignored, so write() fails
 * with EFBIG as on a full disk) the save must return CLM_EIO, the previous
 * file must be byte-identical and still load, and no temporary file may be
 * left.  A writer killed mid-write (SIGXFSZ at its default action, which
 * ends the process like a crash) must also leave the previous file intact.
 * Loading detects truncation and corruption through the checksum, and a
 * successful save keeps the permissions of the file it replaces.
 * GPL-3.0-or-later. */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"
#include "chaoslm.h"

static char dir[64], path[128];

static clm_net *make_net(size_t hidden, uint64_t seed) {
  double X[2 * 10], T[10];
  for (int q = 0; q < 10; q++) {
    X[2 * q] = q;
    X[2 * q + 1] = (q * 3) % 7;
    T[q] = q * 0.5 - X[2 * q + 1];
  }
  clm_net *net = NULL;
  clm_feedforwardnet(&net, 1, &hidden);
  clm_configure(net, X, 2, T, 1, 10, seed);
  return net;
}

static char *read_file(const char *p, size_t *n) {
  FILE *f = fopen(p, "rb");
  if (!f) return NULL;
  char *b = malloc(1 << 20);
  *n = fread(b, 1, (1 << 20) - 1, f);
  b[*n] = '\0';
  fclose(f);
  return b;
}

/* Entries in dir other than "net.clm" (temporary files left behind). */
static int stray_files(int remove) {
  DIR *d = opendir(dir);
  int n = 0;
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, "net.clm")) continue;
    n++;
    if (remove) {
      char p[sizeof dir + 260];
      snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
      unlink(p);
    }
  }
  if (d) closedir(d);
  return n;
}

/* Save `net` with the file-size limit set to `limit` bytes; returns the
 * status (SIGXFSZ ignored, so write() fails with EFBIG). */
static int save_limited(const clm_net *net, rlim_t limit) {
  struct rlimit old, lim;
  getrlimit(RLIMIT_FSIZE, &old);
  lim = old;
  lim.rlim_cur = limit;
  void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
  int st = -1;
  if (setrlimit(RLIMIT_FSIZE, &lim) == 0) {
    st = clm_net_save(net, path);
    setrlimit(RLIMIT_FSIZE, &old);
  }
  signal(SIGXFSZ, prev);
  return st;
}

int main(void) {
  snprintf(dir, sizeof dir, "/tmp/clm-atomic-XXXXXX");
  if (!mkdtemp(dir)) return tap_skip_all("cannot create a temporary folder");
  snprintf(path, sizeof path, "%s/net.clm", dir);

  clm_net *a = make_net(3, 1), *b = make_net(9, 2);
  char *ta = NULL, *tb = NULL;
  size_t la, lb;
  clm_net_save_buffer(a, &ta, &la);
  clm_net_save_buffer(b, &tb, &lb);
  tap_ok(lb > la, "the new network's file is larger (%zu > %zu bytes)", lb, la);

  tap_ok(clm_net_save(a, path) == CLM_OK, "first save");
  size_t n;
  char *disk = read_file(path, &n);
  tap_ok(disk && n == la && memcmp(disk, ta, la) == 0, "file equals clm_net_save_buffer text");
  free(disk);
  chmod(path, 0640);

  /* Injected write failures at several points of the file. */
  rlim_t limits[] = {0, 1, 100, (rlim_t)la, (rlim_t)lb - 1};
  for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
    int st = save_limited(b, limits[k]);
    tap_ok(st == CLM_EIO, "write failure after %lu bytes: %s", (unsigned long)limits[k], clm_status_name(st));
    disk = read_file(path, &n);
    tap_ok(disk && n == la && memcmp(disk, ta, la) == 0, "... previous file byte-identical");
    clm_net *back = NULL;
    tap_ok(clm_net_load(path, &back) == CLM_OK, "... previous file still loads");
    clm_net_free(back);
    free(disk);
    tap_ok(stray_files(1) == 0, "... no temporary file left");
  }
  struct stat sb;
  tap_ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0640, "permissions untouched by failed saves");

  /* A writer killed mid-write (crash): the previous file survives. */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    struct rlimit lim;
    getrlimit(RLIMIT_FSIZE, &lim);
    lim.rlim_cur = 200;
    signal(SIGXFSZ, SIG_DFL);
    setrlimit(RLIMIT_FSIZE, &lim);
    clm_net_save(b, path);
    _exit(0); /* not reached: SIGXFSZ ends the process */
  }
  int ws = 0;
  waitpid(pid, &ws, 0);
  tap_ok(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGXFSZ, "writer killed by SIGXFSZ mid-write");
  disk = read_file(path, &n);
  tap_ok(disk && n == la && memcmp(disk, ta, la) == 0, "after the crash the previous file is byte-identical");
  free(disk);
  int stray = stray_files(1);
  tap_ok(stray <= 1, "after the crash at most one temporary file (%d) is left, and not under the target name",
         stray);

  /* A successful replacement keeps the permissions and leaves no temp file. */
  tap_ok(clm_net_save(b, path) == CLM_OK, "save of the new network succeeds");
  disk = read_file(path, &n);
  tap_ok(disk && n == lb && memcmp(disk, tb, lb) == 0, "file now holds the new network");
  free(disk);
  tap_ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0640, "replacement kept mode 0640");
  tap_ok(stray_files(0) == 0, "no temporary file after a successful save");

  /* Damaged files: truncation and corruption are detected on load. */
  int bad = 0, tried = 0;
  for (size_t cut = 0; cut < lb; cut += 1 + cut / 16) {
    FILE *f = fopen(path, "wb");
    fwrite(tb, 1, cut, f);
    fclose(f);
    clm_net *o = NULL;
    int st = clm_net_load(path, &o);
    tried++;
    if (!(st == CLM_EFORMAT || st == CLM_ECHECKSUM) || o) bad++;
    clm_net_free(o);
  }
  tap_ok(bad == 0, "%d truncated files: every load fails with EFORMAT or ECHECKSUM", tried);
  bad = tried = 0;
  for (size_t i = 0; i < lb; i += 1 + i / 32) {
    char *c = malloc(lb);
    memcpy(c, tb, lb);
    c[i] = (char)(c[i] == '7' ? '8' : '7'); /* a plausible digit change */
    FILE *f = fopen(path, "wb");
    fwrite(c, 1, lb, f);
    fclose(f);
    free(c);
    clm_net *o = NULL;
    int st = clm_net_load(path, &o);
    tried++;
    if (st == CLM_OK || o) bad++;
    clm_net_free(o);
  }
  tap_ok(bad == 0, "%d corrupted files (one byte changed): none loads", tried);
  /* Appended garbage after the checksum line. */
  FILE *f = fopen(path, "wb");
  fwrite(tb, 1, lb, f);
  fputs("extra = 1\n", f);
  fclose(f);
  clm_net *o = NULL;
  int st = clm_net_load(path, &o);
  tap_ok(st != CLM_OK && o == NULL, "data after the checksum line rejected (%s)", clm_status_name(st));

  unlink(path);
  stray_files(1);
  rmdir(dir);
  free(ta);
  free(tb);
  clm_net_free(a);
  clm_net_free(b);
  return tap_done();
}
