/* chaoslm — the registry of trainers: the one list to extend when a trainer
 * is added (one line below), and lookups over it.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include <stdio.h>
#include <string.h>
#include "trainer.h"

/* X(table): one line per trainer, in the order bindings list them. */
#define CLM__TRAINER_LIST(X) \
  X(clm__trainlm_type)       \
  X(clm__trainbr_type)       \
  X(clm__traingd_type)       \
  X(clm__traingdm_type)      \
  X(clm__traingda_type)      \
  X(clm__traingdx_type)      \
  X(clm__trainrp_type)       \
  X(clm__trainscg_type)

#define CLM__DECLARE(tbl) extern const clm_trainer_type tbl;
CLM__TRAINER_LIST(CLM__DECLARE)
#undef CLM__DECLARE

#define CLM__ENTRY(tbl) &tbl,
const clm_trainer_type *const clm__trainers[] = {CLM__TRAINER_LIST(CLM__ENTRY)};
#undef CLM__ENTRY
const size_t clm__n_trainers = CLM__COUNT_OF(clm__trainers);

size_t clm_trainer_count(void) { return clm__n_trainers; }

const clm_trainer_type *clm_trainer_at(size_t i) {
  return i < clm__n_trainers ? clm__trainers[i] : NULL;
}

const clm_trainer_type *clm_trainer_from_name(const char *name) {
  if (!name) return NULL;
  for (size_t i = 0; i < clm__n_trainers; i++)
    if (strcmp(clm__trainers[i]->name, name) == 0) return clm__trainers[i];
  return NULL;
}

const char *clm_trainer_name(const clm_trainer_type *t) { return t ? t->name : NULL; }
const char *clm_trainer_title(const clm_trainer_type *t) { return t ? t->title : NULL; }
unsigned clm_trainer_flags(const clm_trainer_type *t) { return t ? t->flags : 0u; }
size_t clm_trainer_num_states(const clm_trainer_type *t) { return t ? t->n_states : 0; }

const char *clm_trainer_state_name(const clm_trainer_type *t, size_t i) {
  return t && i < t->n_states ? t->states[i] : NULL;
}

int clm_net_set_trainfcn(clm_net *net, const char *name) {
  if (!net || !name) return CLM_ENULL;
  const clm_trainer_type *t = clm_trainer_from_name(name);
  if (!t) return CLM_ETRAINER;
  snprintf(net->train_fcn, sizeof net->train_fcn, "%s", t->name);
  return CLM_OK;
}

/* What a trainer accepts of the network's performance settings: the rules
 * are lib/perform.c's, which knows trainers only by their flags. */
int clm_perform_check(const clm_net *net, const clm_trainer_type *t, char *msg,
                      size_t msg_len) {
  return clm__perform_check(net, clm_trainer_flags(t), clm_trainer_name(t), msg, msg_len);
}
