/* chaoslm — Levenberg-Marquardt training of feed-forward networks, started
 * from weights picked by parallel chaotic search.  The one public header.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_CHAOSLM_H
#define CLM_CHAOSLM_H

#include "chaoslm/status.h"
#include "chaoslm/net.h"
#include "chaoslm/chaos.h"
#include "chaoslm/train.h"
#include "chaoslm/classify.h"

#ifdef __cplusplus
extern "C" {
#endif

/* clm_version: the library version string ("0.1.0").  Since 0.1. */
const char *clm_version(void);

#ifdef __cplusplus
}
#endif
#endif /* CLM_CHAOSLM_H */
