/* chaoslm — the race of K LM runs from chaos-screened starts (solvers/race.c;
 * internal to solvers/).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_RACE_H
#define CLM_RACE_H

#include "trainer.h"

/* clm_train_sized with p->chaos.race = K >= 1 (serial only): the race
 * described in race.c.  Statuses as clm_train_sized; CLM_EPARAM also for a
 * checkpoint path. */
int clm__race_train(clm_net *net, const clm_trainer_type *t, const double *X, size_t n_inputs,
                    const double *T, size_t n_outputs, size_t Q, const clm_trainparam *p,
                    clm_record *record);

#endif /* CLM_RACE_H */
