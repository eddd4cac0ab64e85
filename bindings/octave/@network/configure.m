function net = configure (net, x, t)
% net = configure (net, x, t)
% Set the input and output sizes and the processing settings
% (removeconstantrows, mapminmax) from the data, then initialise the
% weights with the layers' init functions, as MATLAB's configure does.  The
% weights draw from Octave's global generator (rng (s) repeats them) unless
% net.trainParam.seed is set.
% See also: init, train.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin ~= 3)
    error ('chaoslm:usage', ...
           'usage: net = configure (net, x, t) (configuring inputs or outputs alone is not available in this build)');
  end
  x = clm_data (x, 'x');
  t = clm_data (t, 't');
  net.s = chaoslm_mex ('configure', net.s, x, t, clm_draw_seed (net.s.trainParam));
end
