/* chaoslm command-line tool — entry point, subcommand dispatch, option
 * parsing and the search for the bundled datasets.
 *
 *   chaoslm train DATA.csv --targets K [options]
 *   chaoslm sim MODEL DATA.csv [--targets K]
 *   chaoslm info MODEL [--weights]
 *   chaoslm demo [train options]
 *
 * See doc/chaoslm.1 for the full description.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CLM_PKGDATADIR
#define CLM_PKGDATADIR "/usr/local/share/chaoslm"
#endif

const char *cli_prog = "chaoslm";

void cli_err(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fflush(stdout);
  if (cmd)
    fprintf(stderr, "%s: %s: ", cli_prog, cmd);
  else
    fprintf(stderr, "%s: ", cli_prog);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

int cli_parse(const char *cmd, int argc, char **argv, int first, const cli_optdef *defs,
              size_t n_defs, const char **values, const char **pos, size_t max_pos,
              size_t *n_pos) {
  *n_pos = 0;
  for (size_t i = 0; i < n_defs; i++) values[i] = NULL;
  int only_pos = 0;
  for (int a = first; a < argc; a++) {
    const char *s = argv[a];
    if (!only_pos && strcmp(s, "--") == 0) {
      only_pos = 1;
      continue;
    }
    if (!only_pos && s[0] == '-' && s[1] != '\0') {
      if (s[1] != '-') {
        cli_err(cmd, "unknown option '%s' (options are long: --name; see '%s %s --help')", s,
                cli_prog, cmd);
        return -1;
      }
      const char *name = s + 2;
      const char *eq = strchr(name, '=');
      size_t nl = eq ? (size_t)(eq - name) : strlen(name);
      size_t i;
      for (i = 0; i < n_defs; i++)
        if (strlen(defs[i].name) == nl && strncmp(defs[i].name, name, nl) == 0) break;
      if (i == n_defs) {
        cli_err(cmd, "unknown option '--%.*s' (see '%s %s --help')", (int)nl, name, cli_prog,
                cmd);
        return -1;
      }
      if (defs[i].has_arg) {
        if (eq) {
          values[i] = eq + 1;
        } else if (a + 1 < argc) {
          values[i] = argv[++a];
        } else {
          cli_err(cmd, "option --%s needs a value", defs[i].name);
          return -1;
        }
      } else {
        if (eq) {
          cli_err(cmd, "option --%s takes no value", defs[i].name);
          return -1;
        }
        values[i] = "";
      }
      continue;
    }
    if (*n_pos == max_pos) {
      cli_err(cmd, "unexpected argument '%s' (see '%s %s --help')", s, cli_prog, cmd);
      return -1;
    }
    pos[(*n_pos)++] = s;
  }
  return 0;
}

int cli_size(const char *cmd, const char *opt, const char *s, size_t min, size_t *v) {
  const char *p = s;
  while (*p == ' ') p++;
  if (*p < '0' || *p > '9') goto bad;
  errno = 0;
  char *end;
  unsigned long long x = strtoull(p, &end, 10);
  if (errno || *end != '\0' || x > (unsigned long long)SIZE_MAX / 2) goto bad;
  if (x < min) {
    cli_err(cmd, "--%s: %llu is too small (at least %zu)", opt, x, min);
    return -1;
  }
  *v = (size_t)x;
  return 0;
bad:
  cli_err(cmd, "--%s: '%s' is not a non-negative integer", opt, s);
  return -1;
}

int cli_u64(const char *cmd, const char *opt, const char *s, uint64_t *v) {
  const char *p = s;
  if (*p < '0' || *p > '9') goto bad;
  errno = 0;
  char *end;
  unsigned long long x = strtoull(p, &end, 10);
  if (errno || *end != '\0') goto bad;
  *v = (uint64_t)x;
  return 0;
bad:
  cli_err(cmd, "--%s: '%s' is not a non-negative integer below 2^64", opt, s);
  return -1;
}

int cli_double(const char *cmd, const char *opt, const char *s, double lo, double hi,
               double *v) {
  errno = 0;
  char *end;
  double x = strtod(s, &end);
  if (end == s || *end != '\0' || errno == ERANGE || isnan(x)) {
    cli_err(cmd, "--%s: '%s' is not a number", opt, s);
    return -1;
  }
  if (x < lo || x > hi) {
    cli_err(cmd, "--%s: %s is out of range [%g, %g]", opt, s, lo, hi);
    return -1;
  }
  *v = x;
  return 0;
}

int cli_check_writable(const char *cmd, const char *opt, const char *path) {
  if (!path[0]) {
    cli_err(cmd, "--%s: empty file name", opt);
    return -1;
  }
  char dir[PATH_MAX];
  const char *slash = strrchr(path, '/');
  if (!slash) {
    strcpy(dir, ".");
  } else if (slash == path) {
    strcpy(dir, "/");
  } else {
    size_t n = (size_t)(slash - path);
    if (n >= sizeof dir) n = sizeof dir - 1;
    memcpy(dir, path, n);
    dir[n] = '\0';
  }
  if (slash && slash[1] == '\0') {
    cli_err(cmd, "--%s: '%s' names a directory, not a file", opt, path);
    return -1;
  }
  if (access(dir, W_OK | X_OK) != 0) {
    cli_err(cmd, "--%s: cannot create '%s': directory '%s': %s", opt, path, dir,
            strerror(errno));
    return -1;
  }
  return 0;
}

/* Search order: $CLM_DATADIR, the installed $(pkgdatadir), ./data, data
 * folders relative to the executable (build tree layouts), then the data
 * folder of the source tree the program was built from (VPATH builds
 * anywhere, e.g. make distcheck). */
int cli_find_data(const char *name, char *buf, size_t len) {
  const char *env = getenv("CLM_DATADIR");
  if (env && env[0]) {
    snprintf(buf, len, "%s/%s", env, name);
    if (access(buf, R_OK) == 0) return 0;
  }
  snprintf(buf, len, "%s/%s", CLM_PKGDATADIR, name);
  if (access(buf, R_OK) == 0) return 0;
  snprintf(buf, len, "data/%s", name);
  if (access(buf, R_OK) == 0) return 0;
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) *slash = '\0';
    static const char *const rel[] = {"../data", "../../data", "../../../data",
                                      "../share/chaoslm"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
      snprintf(buf, len, "%s/%s/%s", exe, rel[i], name);
      if (access(buf, R_OK) == 0) {
        char real[PATH_MAX];
        if (realpath(buf, real) && strlen(real) < len) strcpy(buf, real);
        return 0;
      }
    }
  }
#ifdef CLM_SRCDATADIR
  snprintf(buf, len, "%s/%s", CLM_SRCDATADIR, name);
  if (access(buf, R_OK) == 0) return 0;
#endif
  snprintf(buf, len, "%s/%s", CLM_PKGDATADIR, name);
  return -1;
}

static void usage(FILE *f) {
  fprintf(f,
          "Usage: %s COMMAND [ARGS]\n"
          "Train MATLAB-style feed-forward networks (Levenberg-Marquardt) from CSV files.\n"
          "\n"
          "Commands:\n"
          "  train DATA.csv --targets K [options]   train; the last K columns are targets\n"
          "  sim MODEL DATA.csv [--targets K]       network outputs as CSV on stdout\n"
          "  info MODEL [--weights]                 describe a saved network\n"
          "  demo [train options]                   train 13-10-1 on the bundled Boston housing data\n"
          "  help [COMMAND], --version\n"
          "\n"
          "'%s COMMAND --help' lists the options of a command; 'man chaoslm' has the details.\n",
          cli_prog, cli_prog);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    cli_err(NULL, "missing command (train, sim, info, demo; try '%s --help')", cli_prog);
    return CLI_EUSAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
    usage(stdout);
    return CLI_OK;
  }
  if (!strcmp(cmd, "help")) {
    if (argc > 2) {
      char *sub[] = {argv[0], argv[2], "--help", NULL};
      if (!strcmp(argv[2], "train")) return cmd_train(3, sub, 0);
      if (!strcmp(argv[2], "demo")) return cmd_train(3, sub, 1);
      if (!strcmp(argv[2], "sim")) return cmd_sim(3, sub);
      if (!strcmp(argv[2], "info")) return cmd_info(3, sub);
      cli_err(NULL, "help: unknown command '%s'", argv[2]);
      return CLI_EUSAGE;
    }
    usage(stdout);
    return CLI_OK;
  }
  if (!strcmp(cmd, "--version")) {
    printf("chaoslm %s\n", clm_version());
    return CLI_OK;
  }
  if (!strcmp(cmd, "train")) return cmd_train(argc, argv, 0);
  if (!strcmp(cmd, "demo")) return cmd_train(argc, argv, 1);
  if (!strcmp(cmd, "sim")) return cmd_sim(argc, argv);
  if (!strcmp(cmd, "info")) return cmd_info(argc, argv);
  cli_err(NULL, "unknown command '%s' (commands: train, sim, info, demo, help)", cmd);
  return CLI_EUSAGE;
}
