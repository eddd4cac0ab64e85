function perf = sse (varargin)
% perf = sse (net, t, y)
% perf = sse (net, t, y, ew, 'regularization', r, 'normalization', n)
% perf = sse (e)
% The sum of squared errors, as MATLAB's sse: NaN targets are left out, ew weights the
% error terms, and net.performParam (or the options) give the
% regularization and normalization (see doc/octave.md for the formulas).
% See also: perform, mse, crossentropy.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  perf = clm_perform ('sse', varargin);
end
