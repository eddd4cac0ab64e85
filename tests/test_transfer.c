/* chaoslm tests — transfer functions (values, the backpropagation step that
 * training runs, checked against finite differences, extremes) and
 * input/output processing (removeconstantrows + mapminmax round trips).
 * GPL-3.0-or-later. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "net_internal.h"
#include "tap.h"

static const clm_transfer all_tf[5] = {CLM_TANSIG, CLM_LOGSIG, CLM_PURELIN, CLM_POSLIN, CLM_SOFTMAX};

/* d[i] = da_i/dn_i of an elementwise function, through its backprop step
 * (g = 1 in, g * f'(n) out): the code evaluation runs. */
static void deriv_via_backprop(clm_transfer tf, const double *a, double *d, size_t S) {
  for (size_t i = 0; i < S; i++) d[i] = 1.0;
  clm__transfer_ops_of(tf)->backprop(a, d, S);
}

static void test_values(void) {
  double n[7] = {-1e308, -30.0, -0.5, 0.0, 0.75, 30.0, 1e308}, a[7], d[7];
  /* tansig: MATLAB's formula, saturates without NaN */
  clm__transfer_apply(CLM_TANSIG, n, a, 7);
  int ok = a[0] == -1.0 && a[6] == 1.0 && a[3] == 0.0;
  for (int i = 1; i < 6; i++) ok &= fabs(a[i] - tanh(n[i])) < 1e-15;
  for (int i = 0; i < 7; i++) ok &= isfinite(a[i]);
  ok &= fabs(a[2] - (2.0 / (1.0 + exp(1.0)) - 1.0)) < 4.5e-16; /* the formula, not tanh */
  tap_ok(ok, "tansig: 2/(1+exp(-2n))-1, -1 and 1 at -+1e308, 0 at 0, close to tanh");
  deriv_via_backprop(CLM_TANSIG, a, d, 7);
  tap_ok(d[0] == 0.0 && d[6] == 0.0 && d[3] == 1.0 && d[4] == 1.0 - a[4] * a[4], "tansig derivative 1-a^2");
  clm__transfer_apply(CLM_LOGSIG, n, a, 7);
  ok = a[0] == 0.0 && a[6] == 1.0 && a[3] == 0.5 && fabs(a[4] - 1.0 / (1.0 + exp(-0.75))) < 1e-16;
  for (int i = 0; i < 7; i++) ok &= isfinite(a[i]);
  tap_ok(ok, "logsig: 0 and 1 at -+1e308, 1/2 at 0");
  deriv_via_backprop(CLM_LOGSIG, a, d, 7);
  tap_ok(d[0] == 0.0 && d[6] == 0.0 && d[3] == 0.25, "logsig derivative a(1-a)");
  clm__transfer_apply(CLM_PURELIN, n, a, 7);
  ok = 1;
  for (int i = 0; i < 7; i++) ok &= a[i] == n[i];
  deriv_via_backprop(CLM_PURELIN, a, d, 7);
  for (int i = 0; i < 7; i++) ok &= d[i] == 1.0;
  tap_ok(ok, "purelin: identity, derivative 1");
  clm__transfer_apply(CLM_POSLIN, n, a, 7);
  deriv_via_backprop(CLM_POSLIN, a, d, 7);
  ok = a[0] == 0.0 && a[3] == 0.0 && a[6] == 1e308 && a[4] == 0.75;
  ok &= d[0] == 0.0 && d[3] == 0.0 && d[4] == 1.0 && d[6] == 1.0;
  tap_ok(ok, "poslin: max(0,n), derivative 1 for n > 0 else 0 (0 at n = 0)");
  /* softmax: column sums to one, max subtraction makes huge inputs safe */
  double s1[3] = {1e308, 0.0, -1e308}, s2[3] = {1.0, 2.0, 3.0}, b[3];
  clm__transfer_apply(CLM_SOFTMAX, s1, b, 3);
  ok = b[0] == 1.0 && b[1] == 0.0 && b[2] == 0.0;
  clm__transfer_apply(CLM_SOFTMAX, s2, b, 3);
  double z = exp(-2.0) + exp(-1.0) + 1.0;
  ok &= fabs(b[2] - 1.0 / z) < 1e-15 && fabs(b[0] + b[1] + b[2] - 1.0) < 1e-15;
  double s3[2] = {-INFINITY, -INFINITY};
  clm__transfer_apply(CLM_SOFTMAX, s3, b, 2);
  ok &= b[0] == 0.0 && b[1] == 0.0; /* zero denominator replaced by 1 */
  tap_ok(ok, "softmax: column-wise with max subtraction; 1e308 safe; zero denominator -> 1");
  /* NaN propagates everywhere */
  ok = 1;
  for (int t = 0; t < 5; t++) {
    double x[2] = {NAN, 0.5}, y[2];
    clm__transfer_apply(all_tf[t], x, y, t == 4 ? 2 : 1);
    ok &= isnan(y[0]);
  }
  tap_ok(ok, "NaN input gives NaN output for every transfer function");
  /* derivatives against central differences at a few points */
  double worst = 0.0;
  for (int t = 0; t < 4; t++)
    for (double x = -2.3; x < 2.5; x += 0.7) {
      double h = 1e-6, xp = x + h, xm = x - h, ap, am, a0, d0;
      clm__transfer_apply(all_tf[t], &xp, &ap, 1);
      clm__transfer_apply(all_tf[t], &xm, &am, 1);
      clm__transfer_apply(all_tf[t], &x, &a0, 1);
      deriv_via_backprop(all_tf[t], &a0, &d0, 1);
      worst = fmax(worst, fabs((ap - am) / (2 * h) - d0));
    }
  tap_ok(worst < 1e-8, "elementwise backprop steps match central differences (max abs err %.1e)", worst);
  /* softmax: backprop gives (da/dn)' g for a whole column; compare with
   * central differences of g'a along each n_j */
  {
    enum { S = 5 };
    double nn[S] = {0.3, -1.2, 2.0, 0.0, 0.7}, g[S] = {1.0, -0.5, 0.25, 2.0, -1.5}, a0[S], bp[S];
    const clm__transfer_ops *op = clm__transfer_ops_of(CLM_SOFTMAX);
    op->apply(nn, a0, S);
    memcpy(bp, g, sizeof g);
    op->backprop(a0, bp, S);
    double werr = 0.0;
    for (int j = 0; j < S; j++) {
      double h = 1e-6, np[S], nm[S], ap[S], am[S], fd = 0.0;
      memcpy(np, nn, sizeof nn);
      memcpy(nm, nn, sizeof nn);
      np[j] += h;
      nm[j] -= h;
      op->apply(np, ap, S);
      op->apply(nm, am, S);
      for (int i = 0; i < S; i++) fd += g[i] * (ap[i] - am[i]) / (2 * h);
      werr = fmax(werr, fabs(fd - bp[j]));
    }
    tap_ok(op->columnwise && werr < 1e-8,
           "softmax backprop (diag(a) - aa')g matches central differences (max abs err %.1e)", werr);
  }
  /* an elementwise backprop over many values equals one value at a time
   * (evaluation calls it on whole tiles) */
  {
    int same = 1;
    for (int t = 0; t < 4; t++) {
      double x[9], y[9], g1[9], g2[9];
      for (int i = 0; i < 9; i++) {
        x[i] = -2.0 + 0.5 * i;
        g1[i] = g2[i] = 0.3 * i - 1.0;
      }
      const clm__transfer_ops *op = clm__transfer_ops_of(all_tf[t]);
      op->apply(x, y, 9);
      op->backprop(y, g1, 9);
      for (int i = 0; i < 9; i++) op->backprop(y + i, g2 + i, 1);
      same &= !op->columnwise && memcmp(g1, g2, sizeof g1) == 0;
    }
    tap_ok(same, "elementwise backprop: whole array == value by value (bit-identical)");
  }
  /* tansig/logsig use a vectorised exp: compare with libm's over a sweep */
  {
    enum { NS = 30001 };
    static double x[NS], y[NS];
    double wt = 0.0, wl = 0.0;
    for (int i = 0; i < NS; i++) x[i] = -745.0 + 1490.0 * i / (NS - 1.0) + 1e-3 * sin(i);
    for (int i = 0; i < NS / 2; i++) x[i] = 40.0 * (i / (NS / 2.0)) - 20.0 + 1e-7 * i; /* dense near 0 */
    clm__transfer_apply(CLM_TANSIG, x, y, NS);
    for (int i = 0; i < NS; i++) wt = fmax(wt, fabs(y[i] - (2.0 / (1.0 + exp(-2.0 * x[i])) - 1.0)));
    clm__transfer_apply(CLM_LOGSIG, x, y, NS);
    for (int i = 0; i < NS; i++) {
      double ref = 1.0 / (1.0 + exp(-x[i]));
      if (ref > 1e-300) wl = fmax(wl, fabs(y[i] - ref) / ref);
    }
    tap_ok(wt <= 4.5e-16 && wl <= 4.5e-16, "tansig/logsig match the libm formula: max abs err %.2e, max rel err %.2e", wt, wl);
  }
  double lo, hi, mn, mx;
  ok = clm__transfer_active_range(CLM_TANSIG, &mn, &mx) == 1 && mn == -2 && mx == 2;
  ok &= clm__transfer_active_range(CLM_LOGSIG, &mn, &mx) == 1 && mn == -4 && mx == 4;
  ok &= clm__transfer_active_range(CLM_PURELIN, &mn, &mx) == 0 && isinf(mn) && isinf(mx);
  ok &= clm__transfer_active_range(CLM_POSLIN, &mn, &mx) == 0 && clm__transfer_active_range(CLM_SOFTMAX, &mn, &mx) == 0;
  tap_ok(ok, "active ranges: tansig [-2,2], logsig [-4,4], others not finite");
  clm__transfer_output_range(CLM_TANSIG, &lo, &hi);
  ok = lo == -1 && hi == 1;
  clm__transfer_output_range(CLM_LOGSIG, &lo, &hi);
  ok &= lo == 0 && hi == 1;
  clm__transfer_output_range(CLM_SOFTMAX, &lo, &hi);
  ok &= lo == 0 && hi == 1;
  clm__transfer_output_range(CLM_PURELIN, &lo, &hi);
  ok &= lo == -INFINITY && hi == INFINITY;
  clm__transfer_output_range(CLM_POSLIN, &lo, &hi);
  ok &= lo == 0 && hi == INFINITY;
  tap_ok(ok, "output ranges: tansig [-1,1], logsig/softmax [0,1], purelin [-inf,inf], poslin [0,inf]");
}

static void test_processing(void) {
  /* 5 rows x 4 samples: row 1 constant, row 3 has a NaN, row 4 tiny range
   * (gain > 1e14 -> pass-through), row 2 all NaN. */
  enum { R = 6, Q = 4 };
  double X[R * Q];
  double rows[R][Q] = {{-3.0, 1.0, 5.0, 2.0},
                       {7.0, 7.0, 7.0, 7.0},
                       {NAN, NAN, NAN, NAN},
                       {0.5, NAN, -1.5, 2.5},
                       {1.0, 1.0 + 1e-15, 1.0, 1.0 + 2e-15},
                       {10.0, NAN, 10.0, 10.0}};
  for (int q = 0; q < Q; q++)
    for (int i = 0; i < R; i++) X[q * R + i] = rows[i][q];
  clm_proc p;
  int st = clm__proc_setup(&p, CLM_PROC_DEFAULT, X, R, Q);
  tap_ok(st == CLM_OK && p.n_kept == 3 && p.kept[0] && !p.kept[1] && !p.kept[2] && p.kept[3] && p.kept[4] && !p.kept[5],
         "removeconstantrows removes constant rows (a NaN ignored) and all-NaN rows");
  tap_ok(p.xoffset[1] == 7.0 && p.gain[1] == 0.0 && p.xoffset[5] == 10.0 && p.xoffset[2] == 0.0,
         "removed rows keep their constant (all-NaN row: 0), gain 0");
  tap_ok(p.gain[0] == 2.0 / 8.0 && p.xoffset[0] == -3.0 && p.gain[3] == 0.5 && p.xoffset[3] == -1.5,
         "mapminmax gain 2/(xmax-xmin), xoffset xmin, NaN ignored");
  tap_ok(p.gain[4] == 1.0 && p.xoffset[4] == -1.0, "gain > 1e14 gives pass-through (gain 1, xoffset -1)");
  double xp[R], back[R];
  int ok = 1;
  double ymin = 1.0, ymax = -1.0;
  for (int q = 0; q < Q; q++) {
    clm__proc_apply(&p, X + q * R, xp);
    for (size_t j = 0; j < p.n_kept; j++)
      if (!isnan(xp[j]) && j < 2) {
        ymin = fmin(ymin, xp[j]);
        ymax = fmax(ymax, xp[j]);
      }
    ok &= xp[2] == X[q * R + 4]; /* pass-through is exact */
    clm__proc_reverse(&p, xp, back);
    for (int i = 0; i < R; i++) {
      double want = p.kept[i] ? X[q * R + i] : p.xoffset[i];
      if (isnan(want)) ok &= isnan(back[i]);
      else ok &= fabs(back[i] - want) <= 1e-15 * fmax(1.0, fabs(want));
    }
  }
  tap_ok(ok, "apply then reverse returns the input; removed rows restored as their constant");
  tap_ok(ymin == -1.0 && ymax == 1.0, "mapped rows span exactly [-1,1]");
  clm__proc_free(&p);
  /* flags: nothing -> every row kept and passed through exactly */
  st = clm__proc_setup(&p, 0, X, R, Q);
  ok = st == CLM_OK && p.n_kept == R;
  for (int q = 0; q < Q; q++) {
    clm__proc_apply(&p, X + q * R, xp);
    for (int i = 0; i < R; i++) ok &= (xp[i] == X[q * R + i]) || (isnan(xp[i]) && isnan(X[q * R + i]));
  }
  clm__proc_free(&p);
  tap_ok(ok, "no processing flags: all rows kept, identity");
  st = clm__proc_setup(&p, CLM_PROC_MAPMINMAX, X, R, Q);
  ok = st == CLM_OK && p.n_kept == R && p.gain[1] == 1.0 && p.xoffset[1] == -1.0;
  clm__proc_free(&p);
  tap_ok(ok, "mapminmax alone keeps constant rows as pass-through");
  st = clm__proc_setup(&p, CLM_PROC_REMOVECONSTANTROWS, X, R, Q);
  ok = st == CLM_OK && p.n_kept == 3 && p.gain[0] == 1.0 && p.xoffset[0] == -1.0;
  clm__proc_free(&p);
  tap_ok(ok, "removeconstantrows alone: kept rows pass through");
  X[7] = INFINITY;
  memset(&p, 0, sizeof p);
  st = clm__proc_setup(&p, CLM_PROC_DEFAULT, X, R, Q);
  tap_ok(st == CLM_EINF && p.kept == NULL, "Inf in the data gives CLM_EINF and nothing allocated");
}

int main(void) {
  test_values();
  test_processing();
  return tap_done();
}
