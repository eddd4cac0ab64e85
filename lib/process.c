/* STUB: to be replaced by its owner. */
#include "net_internal.h"
int clm__proc_setup(clm_proc *p, unsigned flags, const double *X, size_t rows, size_t Q) { (void)p; (void)flags; (void)X; (void)rows; (void)Q; return CLM_EINTERNAL; }
void clm__proc_apply(const clm_proc *p, const double *x, double *xp) { (void)p; (void)x; (void)xp; }
void clm__proc_reverse(const clm_proc *p, const double *yp, double *y) { (void)p; (void)yp; (void)y; }
