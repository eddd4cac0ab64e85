/* STUB: to be replaced by the chaos helper. */
#include "chaos_internal.h"
int clm__chaos_init_search(const clm_net *net, const clm_data *d, const size_t *idx, size_t n, const clm_chaosparam *cp, uint64_t seed, int threads, double *wb_out, double *sse_out, uint64_t *evals_out) { (void)net; (void)d; (void)idx; (void)n; (void)cp; (void)seed; (void)threads; (void)wb_out; (void)sse_out; (void)evals_out; return CLM_EINTERNAL; }
