function vec = ind2vec (ind, N)
% vec = ind2vec (ind)
% vec = ind2vec (ind, N)
% One-hot columns of class indices, as MATLAB's ind2vec: a sparse N x Q
% matrix with vec(ind(q), q) = 1 (N defaults to max (ind)).  train, sim
% and configure take sparse targets as they are.
% See also: vec2ind.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin < 1 || nargin > 2)
    error ('chaoslm:usage', 'usage: vec = ind2vec (ind, N)');
  end
  ind = ind(:)';
  if (any (ind < 1 | ind ~= fix (ind)))
    error ('chaoslm:CLM_EINVAL', 'ind2vec: indices must be positive integers');
  end
  if (nargin < 2)
    N = max ([ind 0]);
  end
  vec = sparse (ind, 1:numel (ind), 1, N, numel (ind));
end
