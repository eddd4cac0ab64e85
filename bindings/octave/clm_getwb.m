function wb = clm_getwb (net)
% wb = clm_getwb (net)
% All weights and biases as one column vector in MATLAB's getwb order:
% [b{1}; IW{1,1}(:); b{2}; LW{2,1}(:); ...].
% See also: clm_setwb.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin ~= 1)
    error ('chaoslm:usage', 'usage: wb = clm_getwb (net)');
  end
  wb = chaoslm_mex ('getwb', net);
end
