function net = clm_configure (net, x, t, seed)
% net = clm_configure (net, x, t)
% net = clm_configure (net, x, t, seed)
% Set the input and output sizes and the processing settings
% (removeconstantrows, mapminmax) from data, then initialise the weights,
% like MATLAB's configure.  The initialisation draws from a
% Mersenne-Twister stream seeded with seed (default
% net.trainParam.seed): the same seed gives the same weights as the
% C library's clm_configure.
% See also: clm_init, clm_feedforwardnet.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin == 3)
    net = chaoslm_mex ('configure', net, x, t);
  elseif (nargin == 4)
    net = chaoslm_mex ('configure', net, x, t, seed);
  else
    error ('chaoslm:usage', 'usage: net = clm_configure (net, x, t, seed)');
  end
end
