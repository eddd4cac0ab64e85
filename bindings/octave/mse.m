function perf = mse (varargin)
% perf = mse (net, t, y)
% perf = mse (net, t, y, ew, 'regularization', r, 'normalization', n)
% perf = mse (e)
% The mean squared error, as MATLAB's mse: NaN targets are left out, ew weights the
% error terms, and net.performParam (or the options) give the
% regularization and normalization (see doc/octave.md for the formulas).
% See also: perform, mse, crossentropy.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  perf = clm_perform ('mse', varargin);
end
