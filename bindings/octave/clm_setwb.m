function net = clm_setwb (net, wb)
% net = clm_setwb (net, wb)
% Set all weights and biases from a vector in MATLAB's getwb order (see
% clm_getwb).  Non-finite values are rejected.
% See also: clm_getwb.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin ~= 2)
    error ('chaoslm:usage', 'usage: net = clm_setwb (net, wb)');
  end
  net = chaoslm_mex ('setwb', net, wb);
end
