/* STUB: to be replaced by its owner. */
#include "net_internal.h"
int clm__evalws_alloc(clm_evalws **ws, const clm_net *net, size_t Q_max, int threads) { (void)ws; (void)net; (void)Q_max; (void)threads; return CLM_EINTERNAL; }
void clm__evalws_free(clm_evalws *ws) { (void)ws; }
size_t clm__evalws_block_rows(const clm_evalws *ws) { (void)ws; return 0; }
int clm__data_prepare(const clm_net *net, const double *X, size_t Q, double *Xp, unsigned char *skip) { (void)net; (void)X; (void)Q; (void)Xp; (void)skip; return CLM_EINTERNAL; }
int clm__eval_sse(clm_evalws *ws, const clm_net *net, const double *wb, const clm_data *d, const size_t *idx, size_t n, double *sse, size_t *count) { (void)ws; (void)net; (void)wb; (void)d; (void)idx; (void)n; (void)sse; (void)count; return CLM_EINTERNAL; }
int clm__eval_outputs(clm_evalws *ws, const clm_net *net, const double *wb, const clm_data *d, const size_t *idx, size_t n, double *Y) { (void)ws; (void)net; (void)wb; (void)d; (void)idx; (void)n; (void)Y; return CLM_EINTERNAL; }
int clm__eval_je(clm_evalws *ws, const clm_net *net, const double *wb, const clm_data *d, const size_t *idx, size_t n, double *JE, double *sse, size_t *count) { (void)ws; (void)net; (void)wb; (void)d; (void)idx; (void)n; (void)JE; (void)sse; (void)count; return CLM_EINTERNAL; }
int clm__eval_jacobian(clm_evalws *ws, const clm_net *net, const double *wb, const clm_data *d, const size_t *idx, size_t n, clm_jblock_fn sink, void *sink_state, double *sse, size_t *count) { (void)ws; (void)net; (void)wb; (void)d; (void)idx; (void)n; (void)sink; (void)sink_state; (void)sse; (void)count; return CLM_EINTERNAL; }
void clm__jejj_accumulate(double *JJ, double *JE, const double *J, const double *e, size_t m, size_t P) { (void)JJ; (void)JE; (void)J; (void)e; (void)m; (void)P; }
