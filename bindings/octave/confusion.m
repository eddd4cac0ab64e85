function [c, cm, ind, per] = confusion (targets, outputs)
% [c, cm, ind, per] = confusion (targets, outputs)
% Classification confusion, as MATLAB's confusion.  targets are one-hot
% columns (S x Q), outputs scores in [0, 1]; the class of a column is the
% row of its largest entry.  A single row is a two-class problem: class 1
% where the value is at least 0.5, class 2 elsewhere.
%   c    fraction of samples misclassified;
%   cm   S x S counts: cm(i, j) samples of target class i classified j;
%   ind  S x S cell of the sample indices behind each count;
%   per  S x 4 rates per class: false negative, false positive, true
%        positive, true negative (0 where a class has no samples).
% See also: plotconfusion, vec2ind.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin ~= 2)
    error ('chaoslm:usage', 'usage: [c, cm, ind, per] = confusion (targets, outputs)');
  end
  if (iscell (targets)) targets = targets{1}; end
  if (iscell (outputs)) outputs = outputs{1}; end
  targets = full (double (targets));
  outputs = full (double (outputs));
  if (~ isequal (size (targets), size (outputs)))
    error ('chaoslm:CLM_ESIZE', 'confusion: targets and outputs must have the same size');
  end
  if (rows (targets) == 1)
    ti = 2 - (targets >= 0.5);
    yi = 2 - (outputs >= 0.5);
    S = 2;
  else
    [~, ti] = max (targets, [], 1);
    [~, yi] = max (outputs, [], 1);
    S = rows (targets);
  end
  Q = columns (targets);
  cm = zeros (S, S);
  ind = cell (S, S);
  for i = 1:S
    for j = 1:S
      ind{i, j} = find (ti == i & yi == j);
      cm(i, j) = numel (ind{i, j});
    end
  end
  c = (Q - trace (cm)) / max (Q, 1);
  per = zeros (S, 4);
  for i = 1:S
    tp = cm(i, i);
    fn = sum (cm(i, :)) - tp;
    fp = sum (cm(:, i)) - tp;
    tn = Q - tp - fn - fp;
    per(i, :) = [ratio(fn, fn + tp), ratio(fp, fp + tn), ratio(tp, tp + fn), ratio(tn, tn + fp)];
  end
end

function r = ratio (a, b)
  if (b == 0)
    r = 0;
  else
    r = a / b;
  end
end
