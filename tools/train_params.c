/* chaoslm command-line tool — the trainer parameters as options of `train`,
 * generated from the library's parameter descriptions, so that a trainer
 * added to the library is usable here with no change to the tool.
 *
 * Values are set with clm_trainparam_parse, whose messages name the
 * parameter and the bound a value broke ("--mu-dec: mu_dec = 2 violates
 * 0 <= mu_dec <= 1").  An option of a parameter that the chosen trainer does
 * not take is an error: MATLAB would reject the field, and silently ignoring
 * it would train with other settings than the user asked for.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "train.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

/* The tool's defaults where they differ from the library's: seed 1 (the
 * library's is 0), and progress lines on (they are MATLAB's command-line
 * lines; --quiet and --show 0 turn them off). */
static const struct {
  const char *param;
  double value;
} tool_defaults[] = {{"seed", 1}, {"showCommandLine", 1}};

/* The option name of a trainParam name: mu_dec -> mu-dec,
 * showCommandLine -> show-command-line. */
static void option_name(const char *param, char *buf, size_t len) {
  size_t o = 0;
  for (const char *c = param; *c && o + 2 < len; c++) {
    if (*c == '_') {
      buf[o++] = '-';
    } else if (isupper((unsigned char)*c)) {
      buf[o++] = '-';
      buf[o++] = (char)tolower((unsigned char)*c);
    } else {
      buf[o++] = *c;
    }
  }
  buf[o] = '\0';
}

/* Parameters with their own option elsewhere in the tool (--backend). */
static int own_option(const clm_param_info *info) { return info->type == CLM_PARAM_BACKEND; }

void train_param_opts_init(train_param_opts *po) {
  po->n = 0;
  for (size_t t = 0; t < clm_trainer_count(); t++) {
    const clm_trainer_type *tr = clm_trainer_at(t);
    for (size_t i = 0; i < clm_trainer_num_params(tr); i++) {
      clm_param_info info;
      if (clm_trainer_param(tr, i, &info) != CLM_OK || own_option(&info)) continue;
      size_t k = 0;
      while (k < po->n && strcmp(po->param[k], info.name) != 0) k++;
      if (k < po->n || po->n == TRAIN_MAX_PARAMS) continue;
      po->param[po->n] = info.name;
      option_name(info.name, po->name[po->n], sizeof po->name[0]);
      po->n++;
    }
  }
}

/* Does every registered trainer take parameter `name` with the same
 * default?  Such parameters are listed once, not per trainer. */
static int common_param(const char *name) {
  double def = NAN;
  for (size_t t = 0; t < clm_trainer_count(); t++) {
    const clm_trainer_type *tr = clm_trainer_at(t);
    size_t i;
    clm_param_info info;
    if (clm_trainer_find_param(tr, name, &i) != CLM_OK) return 0;
    clm_trainer_param(tr, i, &info);
    if (t > 0 && !(info.def == def || (isnan(info.def) && isnan(def)))) return 0;
    def = info.def;
  }
  return 1;
}

/* Does every registered trainer take parameter `name`? */
static int everyone_takes(const char *name) {
  size_t i;
  for (size_t t = 0; t < clm_trainer_count(); t++)
    if (clm_trainer_find_param(clm_trainer_at(t), name, &i) != CLM_OK) return 0;
  return 1;
}

/* "--mu, --mu-dec" for the parameters of t that not every trainer takes. */
static void own_params(const clm_trainer_type *t, char *buf, size_t len) {
  buf[0] = '\0';
  for (size_t i = 0; i < clm_trainer_num_params(t); i++) {
    clm_param_info info;
    char opt[40];
    size_t o = strlen(buf);
    if (clm_trainer_param(t, i, &info) != CLM_OK || own_option(&info) ||
        everyone_takes(info.name))
      continue;
    option_name(info.name, opt, sizeof opt);
    if (o < len) snprintf(buf + o, len - o, "%s--%s", o ? ", " : "", opt);
  }
}

/* "traingdm does" or "traingd and traingdm do": the trainers taking `name`. */
static void takers(const char *name, char *buf, size_t len) {
  size_t n = 0, k = 0, idx;
  for (size_t t = 0; t < clm_trainer_count(); t++)
    n += clm_trainer_find_param(clm_trainer_at(t), name, &idx) == CLM_OK;
  buf[0] = '\0';
  for (size_t t = 0; t < clm_trainer_count(); t++) {
    const clm_trainer_type *tr = clm_trainer_at(t);
    size_t o = strlen(buf);
    if (clm_trainer_find_param(tr, name, &idx) != CLM_OK || o >= len) continue;
    k++;
    snprintf(buf + o, len - o, "%s%s", k == 1 ? "" : k == n ? " and " : ", ",
             clm_trainer_name(tr));
  }
  size_t o = strlen(buf);
  if (o < len) snprintf(buf + o, len - o, " %s", n == 1 ? "does" : "do");
}

/* The error for option i given to a trainer that does not take it. */
static void not_taken(const train_opts *o, const train_param_opts *po, size_t i) {
  char own[512], who[256];
  const char *tn = clm_trainer_name(o->trainer);
  own_params(o->trainer, own, sizeof own);
  takers(po->param[i], who, sizeof who);
  if (own[0])
    cli_err(o->cmd, "--%s: %s does not take %s (%s); %s's own parameters are %s",
            po->name[i], tn, po->param[i], who, tn, own);
  else
    cli_err(o->cmd, "--%s: %s does not take %s (%s); %s has no parameters of its own",
            po->name[i], tn, po->param[i], who, tn);
}

/* Set option i from text.  0 or -1 (message printed). */
static int set_param(train_opts *o, const train_param_opts *po, size_t i, const char *text) {
  char msg[256];
  if (clm_trainparam_parse(&o->p, o->trainer, po->param[i], text, msg, sizeof msg)) {
    cli_err(o->cmd, "--%s: %s", po->name[i], msg);
    return -1;
  }
  return 0;
}

int train_params_apply(train_opts *o, const train_param_opts *po, const char *const *values) {
  size_t idx;
  o->p = clm_trainparam_default(o->trainer);
  for (size_t k = 0; k < sizeof tool_defaults / sizeof tool_defaults[0]; k++)
    clm_trainparam_set(&o->p, o->trainer, tool_defaults[k].param, tool_defaults[k].value,
                       NULL, 0);
  for (size_t i = 0; i < po->n; i++)
    if (values[i] && clm_trainer_find_param(o->trainer, po->param[i], &idx) != CLM_OK) {
      not_taken(o, po, i);
      return CLI_EUSAGE;
    }
  for (size_t i = 0; i < po->n; i++)
    if (values[i] && set_param(o, po, i, values[i])) return CLI_EUSAGE;
  return CLI_OK;
}

/* ---- usage */

/* The tool's default of a parameter: its own, else t's. */
static double tool_default(const clm_param_info *info) {
  for (size_t k = 0; k < sizeof tool_defaults / sizeof tool_defaults[0]; k++)
    if (strcmp(tool_defaults[k].param, info->name) == 0) return tool_defaults[k].value;
  return info->def;
}

static const char *value_word(clm_param_type type) {
  switch (type) {
  case CLM_PARAM_COUNT: case CLM_PARAM_INT: return "N";
  case CLM_PARAM_FLAG: return "0|1";
  case CLM_PARAM_SEED: return "S";
  default: return "X";
  }
}

static void usage_line(FILE *f, const clm_param_info *info) {
  char opt[40], left[64];
  option_name(info->name, opt, sizeof opt);
  snprintf(left, sizeof left, "--%s %s", opt, value_word(info->type));
  char def[32];
  double v = tool_default(info);
  if (isinf(v)) snprintf(def, sizeof def, "%sInf", v < 0 ? "-" : "");
  else snprintf(def, sizeof def, "%g", v);
  if (strlen(left) <= 21)
    fprintf(f, "    %-21s %s [%s]\n", left, info->help, def);
  else
    fprintf(f, "    %s\n    %-21s %s [%s]\n", left, "", info->help, def);
}

/* The parameters of t (common: those every trainer takes with one default;
 * else t's others), without the tool's own options. */
static void usage_params(FILE *f, const clm_trainer_type *t, int common) {
  for (size_t i = 0; i < clm_trainer_num_params(t); i++) {
    clm_param_info info;
    if (clm_trainer_param(t, i, &info) != CLM_OK || own_option(&info) ||
        common_param(info.name) != common)
      continue;
    usage_line(f, &info);
  }
}

void train_params_usage(FILE *f) {
  fprintf(f, "\nTrainers (--train NAME) and their own parameters (MATLAB's trainParam names\n"
             "with '_' written '-'; [default]):\n");
  for (size_t t = 0; t < clm_trainer_count(); t++) {
    const clm_trainer_type *tr = clm_trainer_at(t);
    const int solver = (clm_trainer_flags(tr) & CLM_TRAINER_LINSOLVER) != 0;
    const char *note = t == 0 ? (solver ? " (the default; uses --backend)" : " (the default)")
                              : (solver ? " (uses --backend)" : "");
    fprintf(f, "  %-10s %s%s\n", clm_trainer_name(tr), clm_trainer_title(tr), note);
    usage_params(f, tr, 0);
  }
  fprintf(f, "\nParameters of every trainer ([default]):\n");
  if (clm_trainer_count()) usage_params(f, clm_trainer_at(0), 1);
}
