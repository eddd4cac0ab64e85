/* chaoslm tests — classification helpers: clm_vec2ind, clm_ind2vec and
 * clm_confusion against hand-counted examples (MATLAB's definitions:
 * first maximum on ties, NaN passed over, don't-care samples left out, the
 * two-class form of one output row with a tie at 0.5 going to class 1).
 * GPL-3.0-or-later. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "chaoslm.h"
#include "tap.h"

static void test_vec2ind(void) {
  /* columns: clear max, tie (first wins), NaN passed over, all NaN, negatives */
  const double V[5 * 3] = {0.1, 0.7, 0.2,  0.4, 0.1, 0.4,  NAN, 2.0, 2.0,
                           NAN, NAN, NAN,  -1.0, -3.0, -0.5};
  size_t ind[5] = {9, 9, 9, 9, 9};
  int st = clm_vec2ind(V, 3, 5, ind);
  tap_ok(st == CLM_OK && ind[0] == 1 && ind[1] == 0 && ind[2] == 1 && ind[3] == 0 && ind[4] == 2,
         "vec2ind: max row, first on ties, NaN passed over, all-NaN column 0 (%zu %zu %zu %zu %zu)",
         ind[0], ind[1], ind[2], ind[3], ind[4]);
  tap_ok(clm_vec2ind(V, 0, 5, ind) == CLM_ESIZE && clm_vec2ind(NULL, 3, 5, ind) == CLM_ENULL &&
             clm_vec2ind(V, 3, 5, NULL) == CLM_ENULL && clm_vec2ind(NULL, 3, 0, ind) == CLM_OK,
         "vec2ind argument checks (S = 0, NULLs; Q = 0 does nothing)");
  /* round trip with ind2vec over random classes */
  enum { S = 5, Q = 40 };
  size_t in[Q], out[Q];
  double M[S * Q];
  uint64_t x = 12345;
  for (size_t q = 0; q < Q; q++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    in[q] = x % S;
  }
  st = clm_ind2vec(in, Q, S, M);
  int onehot = 1;
  for (size_t q = 0; q < Q; q++) {
    double sum = 0.0;
    for (size_t i = 0; i < S; i++) sum += M[q * S + i];
    onehot &= sum == 1.0 && M[q * S + in[q]] == 1.0;
  }
  tap_ok(st == CLM_OK && onehot && clm_vec2ind(M, S, Q, out) == CLM_OK && memcmp(in, out, sizeof in) == 0,
         "ind2vec gives one-hot columns and vec2ind(ind2vec(ind)) = ind");
  for (size_t k = 0; k < S * Q; k++) M[k] = 7.0;
  in[17] = S;
  tap_ok(clm_ind2vec(in, Q, S, M) == CLM_ESIZE && M[0] == 7.0 && M[S * Q - 1] == 7.0,
         "ind2vec: an index >= S gives CLM_ESIZE and leaves V untouched");
  tap_ok(clm_ind2vec(in, Q, 0, M) == CLM_ESIZE && clm_ind2vec(NULL, Q, S, M) == CLM_ENULL &&
             clm_ind2vec(in, Q, S, NULL) == CLM_ENULL,
         "ind2vec argument checks");
}

static void test_confusion_multiclass(void) {
  /* targets: classes 0 1 2 1 0 (don't care) 2; outputs classify as
   * 0 1 1 0 0(tie) 2 2: two errors in six known samples. */
  const double T[3 * 7] = {1, 0, 0,  0, 1, 0,  0, 0, 1,  0, 1, 0,  1, 0, 0,  NAN, 0, 1,  0, 0, 1};
  const double Y[3 * 7] = {0.7, 0.2, 0.1,  0.1, 0.5, 0.4,  0.3, 0.4, 0.3,  0.6, 0.3, 0.1,
                           0.5, 0.5, 0.0,  0.0, 0.0, 1.0,  0.1, 0.1, 0.8};
  double c = 0, per[12];
  size_t cm[9], kept = 0;
  int st = clm_confusion(T, Y, 3, 7, &c, cm, per, &kept);
  /* cm[i + j*3]: target i, output j */
  const size_t want_cm[9] = {2, 1, 0,  0, 1, 1,  0, 0, 1};
  /* per class: FN rate, FP rate, TP rate, TN rate (MATLAB's definitions) */
  const double want_per[12] = {0.0, 0.25, 0.2,  1.0 / 3, 0.5, 0.0,  2.0 / 3, 0.5, 1.0,
                               1.0, 0.75, 0.8};
  int per_ok = 1;
  for (int k = 0; k < 12; k++) per_ok &= fabs(per[k] - want_per[k]) < 1e-15;
  tap_ok(st == CLM_OK && kept == 6 && fabs(c - 1.0 / 3.0) < 1e-15, "confusion: c = 2/6 misclassified, 6 samples kept");
  tap_ok(st == CLM_OK && memcmp(cm, want_cm, sizeof cm) == 0,
         "confusion matrix (target x output) = hand count [2 0 0; 1 1 0; 0 1 1]");
  tap_ok(st == CLM_OK && per_ok, "per-class rates (FN, FP, TP, TN) = hand count");
  double c2 = -1;
  tap_ok(clm_confusion(T, Y, 3, 7, &c2, NULL, NULL, NULL) == CLM_OK && c2 == c,
         "every output is optional");
}

static void test_confusion_two_class(void) {
  /* one row: t = 1 0 1 0 NaN, y = 0.9 0.5 0.2 0.1 0.7 -> classes (1 if
   * y >= 0.5): 1 1 0 0 - */
  const double T[5] = {1, 0, 1, 0, NAN}, Y[5] = {0.9, 0.5, 0.2, 0.1, 0.7};
  double c = 0, per[8];
  size_t cm[4], kept = 0;
  int st = clm_confusion(T, Y, 1, 5, &c, cm, per, &kept);
  const size_t want_cm[4] = {1, 1, 1, 1}; /* (0,0) (1,0) (0,1) (1,1) */
  tap_ok(clm_confusion_classes(1) == 2 && clm_confusion_classes(4) == 4, "one output row means two classes");
  tap_ok(st == CLM_OK && kept == 4 && c == 0.5 && memcmp(cm, want_cm, sizeof cm) == 0,
         "two classes: y = 0.5 counts as class 1, c = 2/4, cm = [1 1; 1 1]");
  /* class 1: output 1 = {q0, q1}, target 1 = {q0, q2}: FN 1/2, FP 1/2, TP 1/2, TN 1/2 */
  tap_ok(st == CLM_OK && per[1] == 0.5 && per[3] == 0.5 && per[5] == 0.5 && per[7] == 0.5,
         "two classes: class-1 rates 1/2 each");
}

static void test_confusion_errors(void) {
  const double T[4] = {1, 0, 0.5, 1}, Y[4] = {0.2, 0.8, 0.1, 0.9};
  double c = 7;
  size_t cm[4] = {9, 9, 9, 9}, kept = 9;
  tap_ok(clm_confusion(T, Y, 2, 2, &c, cm, NULL, &kept) == CLM_EINVAL && c == 7 && cm[0] == 9 && kept == 9,
         "a target that is not 0, 1 or NaN: CLM_EINVAL, outputs untouched");
  tap_ok(clm_confusion(T, Y, 0, 2, &c, NULL, NULL, NULL) == CLM_ESIZE &&
             clm_confusion(NULL, Y, 2, 2, &c, NULL, NULL, NULL) == CLM_ENULL &&
             clm_confusion(T, NULL, 2, 2, &c, NULL, NULL, NULL) == CLM_ENULL,
         "confusion argument checks");
  const double Tn[2] = {NAN, NAN};
  tap_ok(clm_confusion(Tn, Y, 2, 1, &c, cm, NULL, &kept) == CLM_OK && isnan(c) && kept == 0 &&
             cm[0] == 0 && cm[3] == 0,
         "no known sample: c is NaN, the matrix is zero");
  tap_ok(clm_confusion(NULL, NULL, 3, 0, &c, NULL, NULL, &kept) == CLM_OK && isnan(c) && kept == 0,
         "Q = 0: c is NaN");
}

int main(void) {
  test_vec2ind();
  test_confusion_multiclass();
  test_confusion_two_class();
  test_confusion_errors();
  return tap_done();
}
