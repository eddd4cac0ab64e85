function perf = mae (varargin)
% perf = mae (net, t, y)
% perf = mae (net, t, y, ew, 'regularization', r, 'normalization', n)
% perf = mae (e)
% The mean absolute error, as MATLAB's mae: NaN targets are left out, ew weights the
% error terms, and net.performParam (or the options) give the
% regularization and normalization (see doc/octave.md for the formulas).
% See also: perform, mse, crossentropy.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  perf = clm_perform ('mae', varargin);
end
