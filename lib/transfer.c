/* STUB: to be replaced by its owner. */
#include "net_internal.h"
void clm__transfer_apply(clm_transfer tf, const double *n, double *a, size_t S) { (void)tf; (void)n; (void)a; (void)S; }
void clm__transfer_deriv(clm_transfer tf, const double *n, const double *a, double *d, size_t S) { (void)tf; (void)n; (void)a; (void)d; (void)S; }
int clm__transfer_active_range(clm_transfer tf, double *nmin, double *nmax) { (void)tf; *nmin = -2; *nmax = 2; return 1; }
void clm__transfer_output_range(clm_transfer tf, double *lo, double *hi) { (void)tf; *lo = -1; *hi = 1; }
