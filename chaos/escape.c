/* STUB: to be replaced by the chaos helper. */
#include "chaos_internal.h"
int clm__escape_alloc(clm_escape **es, const clm_net *net, const clm_chaosparam *cp, uint64_t seed, int threads, size_t Q_max) { (void)net; (void)cp; (void)seed; (void)threads; (void)Q_max; if (es) *es = NULL; return CLM_EINTERNAL; }
void clm__escape_free(clm_escape *es) { (void)es; }
int clm__escape_after_epoch(clm_escape *es, const clm_net *net, const clm_data *d, const size_t *train_idx, size_t n_train, double *wb, double perf, double mu, double gradient, const clm_trainparam *p, clm_record *rec, size_t epoch, int *jumped) { (void)es; (void)net; (void)d; (void)train_idx; (void)n_train; (void)wb; (void)perf; (void)mu; (void)gradient; (void)p; (void)rec; (void)epoch; if (jumped) *jumped = 0; return CLM_EINTERNAL; }
int clm__escape_pending(const clm_escape *es) { (void)es; return 0; }
