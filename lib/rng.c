/* STUB: to be replaced by its owner. */
#include "net_internal.h"
unsigned long clm__rng_seed32(uint64_t seed) { return (unsigned long)(seed ^ (seed >> 32)); }
