function net = init (net)
% net = init (net)
% New initial weights and biases for a configured network, from the
% layers' init functions (initnw, rands), as MATLAB's init does.  They draw
% from Octave's global generator (rng (s) repeats them) unless
% net.trainParam.seed is set.
% See also: configure, getwb.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin ~= 1)
    error ('chaoslm:usage', 'usage: net = init (net)');
  end
  net.s = chaoslm_mex ('init', net.s, clm_draw_seed (net.s.trainParam));
end
