/* STUB: to be replaced by its owner. */
#include "net_internal.h"
int clm_net_save(const clm_net *net, const char *path) { (void)net; (void)path; return CLM_EINTERNAL; }
int clm_net_load(const char *path, clm_net **out) { (void)path; (void)out; return CLM_EINTERNAL; }
int clm_net_save_buffer(const clm_net *net, char **text, size_t *len) { (void)net; (void)text; (void)len; return CLM_EINTERNAL; }
int clm_net_load_buffer(const char *text, size_t len, clm_net **out) { (void)text; (void)len; (void)out; return CLM_EINTERNAL; }
