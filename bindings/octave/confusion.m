function [c, cm, ind, per] = confusion (targets, outputs)
% [c, cm, ind, per] = confusion (targets, outputs)
% Classification confusion, as MATLAB's confusion.  targets are 0/1 class
% indicator columns (S x Q; a sample with a NaN target is left out),
% outputs the network's scores; the class of a column is the row of its
% largest entry.  A single row is a two-class problem: the rows become
% [1-t; t] and [1-y; y], so class 1 is "t = 0" and class 2 "t = 1" (an
% output of exactly 0.5 counts as class 2, as in MATLAB).
%   c    entries where the targets and the 0/1 matrix of output classes
%        differ, over twice the samples kept: the fraction misclassified
%        for one-hot targets;
%   cm   C x C counts: cm(i, j) samples of target class i classified j;
%   ind  C x C cell of the sample indices behind each count;
%   per  C x 4 rates per class i, "positive" meaning output class i:
%        false negative rate #(output not i, target i) / #(output not i),
%        false positive rate #(output i, target not i) / #(output i),
%        true positive rate #(output i, target i) / #(output i),
%        true negative rate #(output not i, target not i) / #(output not i)
%        (MATLAB's definitions; 0 where the count below is 0).
% Targets other than 0, 1 or NaN are an error (MATLAB rounds them).  c,
% cm and per come from the library (clm_confusion).
% See also: plotconfusion, vec2ind.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin ~= 2)
    error ('chaoslm:usage', 'usage: [c, cm, ind, per] = confusion (targets, outputs)');
  end
  if (iscell (targets)) targets = targets{1}; end
  if (iscell (outputs)) outputs = outputs{1}; end
  T = full (double (targets));
  Y = full (double (outputs));
  if (~ isequal (size (T), size (Y)) || isempty (T))
    error ('chaoslm:CLM_ESIZE', 'confusion: targets and outputs must have the same non-empty size');
  end
  if (any (T(:) ~= 0 & T(:) ~= 1 & ~ isnan (T(:))))
    error ('chaoslm:CLM_EINVAL', 'confusion: targets must be 0, 1 or NaN');
  end
  [c, cm, per] = chaoslm_mex ('confusion', T, Y);   % the library's clm_confusion
  if (rows (T) == 1)
    T = [1 - T; T];
    Y = [1 - Y - eps * (Y == 0.5); Y];
  end
  C = rows (T);
  kept = find (all (~ isnan (T), 1));
  [~, ti] = max (T(:, kept), [], 1);
  [~, yi] = max (Y(:, kept), [], 1);
  ind = cell (C, C);
  for i = 1:C
    for j = 1:C
      ind{i, j} = kept(ti == i & yi == j);
    end
  end
end
