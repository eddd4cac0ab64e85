/* STUB: to be replaced by its owner. */
#include "net_internal.h"
int clm_sim(const clm_net *net, const double *X, size_t Q, double *Y, int threads) { (void)net; (void)X; (void)Q; (void)Y; (void)threads; return CLM_EINTERNAL; }
int clm_perform(const clm_net *net, const double *X, const double *T, size_t Q, double *perf, size_t *n_errors) { (void)net; (void)X; (void)T; (void)Q; (void)perf; (void)n_errors; return CLM_EINTERNAL; }
int clm_gradient(const clm_net *net, const double *X, const double *T, size_t Q, double *grad, double *perf) { (void)net; (void)X; (void)T; (void)Q; (void)grad; (void)perf; return CLM_EINTERNAL; }
int clm_jacobian(const clm_net *net, const double *X, const double *T, size_t Q, double *J, double *E) { (void)net; (void)X; (void)T; (void)Q; (void)J; (void)E; return CLM_EINTERNAL; }
int clm_jejj(const clm_net *net, const double *X, const double *T, size_t Q, double *JJ, double *JE, double *sse, size_t *n_errors, int threads) { (void)net; (void)X; (void)T; (void)Q; (void)JJ; (void)JE; (void)sse; (void)n_errors; (void)threads; return CLM_EINTERNAL; }
