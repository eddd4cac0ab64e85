/* chaoslm — classification helpers: class indices and indicator vectors
 * (MATLAB's vec2ind / ind2vec) and the confusion matrix (MATLAB's
 * confusion), for the outputs of a pattern-recognition network
 * (clm_patternnet).
 *
 * Layout as everywhere in chaoslm: an S x Q matrix is column-major, sample
 * q in column q (V[q*S .. q*S+S-1]).  Class indices are 0-based (MATLAB's
 * are 1-based: add 1 when showing them to a MATLAB user).
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_CLASSIFY_H
#define CLM_CLASSIFY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* clm_vec2ind: the class of each sample, as MATLAB's vec2ind: ind[q] is the
 * 0-based row of the largest value of column q of the S x Q matrix V (the
 * first one on ties; NaN values are passed over, and a column of NaN only
 * gives 0, as MATLAB's max).
 * Status: CLM_OK, CLM_ENULL, CLM_ESIZE (S = 0).  Q = 0 does nothing.
 * Thread safety: safe.  Since 0.2. */
int clm_vec2ind(const double *V, size_t S, size_t Q, size_t *ind);

/* clm_ind2vec: the indicator matrix of classes, as MATLAB's
 * full(ind2vec(ind, S)): V (S x Q, written whole) is 1 at (ind[q], q) and 0
 * elsewhere.  Every ind[q] must be < S (CLM_ESIZE otherwise; V untouched).
 * Status: CLM_OK, CLM_ENULL, CLM_ESIZE (S = 0 or an index >= S).
 * Thread safety: safe.  Since 0.2. */
int clm_ind2vec(const size_t *ind, size_t Q, size_t S, double *V);

/* clm_confusion_classes: the number of classes C that clm_confusion uses
 * for S output rows: S, or 2 when S = 1.  Since 0.2. */
size_t clm_confusion_classes(size_t S);

/* clm_confusion: classification quality, as MATLAB's
 * [c, cm, ~, per] = confusion(targets, outputs).
 *   T (in): S x Q targets, each 0, 1 or NaN; a sample with a NaN target is
 *      left out (MATLAB's "don't care").
 *   Y (in): S x Q network outputs; each column's class is its largest row
 *      (MATLAB's compet; NaN as in clm_vec2ind).
 *   With S = 1 (one 0/1 row for two classes) the rows become [1-t; t] and
 *   [1-y; y], so class 0 is "t = 0" and class 1 is "t = 1", and an output
 *   of exactly 0.5 counts as class 1 (MATLAB subtracts eps from 1-y there).
 *   C = clm_confusion_classes(S) classes.
 *   c (out, may be NULL): the fraction of misclassified samples, computed
 *      as MATLAB does: the number of entries where the target matrix and
 *      the 0/1 matrix of output classes differ, over 2 x (samples kept),
 *      which is the misclassified fraction for one-hot targets; NaN when no
 *      sample is kept.  1 - c is the accuracy.
 *   cm (out, may be NULL): C x C counts, column-major: cm[i + j*C] is the
 *      number of kept samples whose target class (clm_vec2ind of the target
 *      column) is i and whose output class is j.
 *   per (out, may be NULL): C x 4 rates per class i, column-major
 *      (per[i + k*C]), MATLAB's definitions with "positive" = output class
 *      i: k = 0 false negative rate, #(output not i, target i) / #(output
 *      not i); k = 1 false positive rate, #(output i, target not i) /
 *      #(output i); k = 2 true positive rate, #(output i, target i) /
 *      #(output i); k = 3 true negative rate, #(output not i, target not i)
 *      / #(output not i); a rate over 0 samples is 0.
 *   n_kept (out, may be NULL): the number of samples used.
 * Status: CLM_OK, CLM_ENULL (T or Y NULL), CLM_ESIZE (S = 0, or sizes
 * whose product overflows), CLM_EINVAL (a target other than 0, 1 or NaN:
 * MATLAB rounds such targets with a warning; chaoslm refuses them), CLM_ENOMEM.
 * Outputs are written only on success.  Thread safety: safe.  Since 0.2. */
int clm_confusion(const double *T, const double *Y, size_t S, size_t Q, double *c,
                  size_t *cm, double *per, size_t *n_kept);

#ifdef __cplusplus
}
#endif
#endif /* CLM_CLASSIFY_H */
