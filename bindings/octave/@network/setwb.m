function net = setwb (net, wb)
% net = setwb (net, wb)
% Set all weights and biases from a vector in getwb's order.  NaN and Inf
% are rejected.
% See also: getwb.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin ~= 2)
    error ('chaoslm:usage', 'usage: net = setwb (net, wb)');
  end
  net.s = chaoslm_mex ('setwb', net.s, wb);
end
