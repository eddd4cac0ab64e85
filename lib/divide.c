/* STUB: to be replaced by its owner. */
#include "net_internal.h"
int clm__divide(clm_dividefcn f, size_t Q, const double ratio[3], uint64_t seed, size_t *ind[3], size_t n[3]) { (void)f; (void)Q; (void)ratio; (void)seed; (void)ind; (void)n; return CLM_EINTERNAL; }
int clm_divide(clm_dividefcn f, size_t Q, double train_ratio, double val_ratio, double test_ratio, uint64_t seed, size_t *train, size_t *n_train, size_t *val, size_t *n_val, size_t *test, size_t *n_test) { (void)f; (void)Q; (void)train_ratio; (void)val_ratio; (void)test_ratio; (void)seed; (void)train; (void)n_train; (void)val; (void)n_val; (void)test; (void)n_test; return CLM_EINTERNAL; }
int clm_net_divide(const clm_net *net, size_t Q, uint64_t seed, size_t *train, size_t *n_train, size_t *val, size_t *n_val, size_t *test, size_t *n_test) { (void)net; (void)Q; (void)seed; (void)train; (void)n_train; (void)val; (void)n_val; (void)test; (void)n_test; return CLM_EINTERNAL; }
