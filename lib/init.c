/* STUB: to be replaced by its owner. */
#include "net_internal.h"
int clm__init_weights(clm_net *net, uint64_t seed) { (void)net; (void)seed; return CLM_EINTERNAL; }
