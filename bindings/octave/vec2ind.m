function [ind, n] = vec2ind (vec)
% [ind, n] = vec2ind (vec)
% Class indices of one-hot (or score) columns, as MATLAB's vec2ind: ind(q)
% is the row of the largest entry of column q (the first one on ties), n
% the number of rows.
% See also: ind2vec, patternnet.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin ~= 1)
    error ('chaoslm:usage', 'usage: ind = vec2ind (vec)');
  end
  if (iscell (vec))
    vec = vec{1};
  end
  [~, ind] = max (full (vec), [], 1);
  n = rows (vec);
end
