function net = clm_init (net, seed)
% net = clm_init (net)
% net = clm_init (net, seed)
% Re-initialise the weights of a configured network with its init
% function (net.layers{i}.initFcn: initnw or rands), like MATLAB's
% init.  The stream is seeded with seed (default
% net.trainParam.seed), so call it with a new seed for new weights.
% See also: clm_configure.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin == 1)
    net = chaoslm_mex ('init', net);
  elseif (nargin == 2)
    net = chaoslm_mex ('init', net, seed);
  else
    error ('chaoslm:usage', 'usage: net = clm_init (net, seed)');
  end
end
