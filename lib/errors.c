/* chaoslm — status messages (generated from CLM_STATUS_LIST).
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later. */
#include "config.h"
#include "chaoslm.h"

#define CLM_STATUS_TEXT_(name, msg) msg,
#define CLM_STATUS_NAME_(name, msg) #name,
static const char *const status_text[] = {CLM_STATUS_LIST(CLM_STATUS_TEXT_)};
static const char *const status_name[] = {CLM_STATUS_LIST(CLM_STATUS_NAME_)};

const char *clm_strerror(int status) {
  if (status < 0 || status >= (int)CLM_STATUS_COUNT_) return "unknown status";
  return status_text[status];
}

const char *clm_status_name(int status) {
  if (status < 0 || status >= (int)CLM_STATUS_COUNT_) return "CLM_UNKNOWN";
  return status_name[status];
}

const char *clm_version(void) { return PACKAGE_VERSION; }
