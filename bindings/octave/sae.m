function perf = sae (varargin)
% perf = sae (net, t, y)
% perf = sae (net, t, y, ew, 'regularization', r, 'normalization', n)
% perf = sae (e)
% The sum of absolute errors, as MATLAB's sae: NaN targets are left out, ew weights the
% error terms, and net.performParam (or the options) give the
% regularization and normalization (see doc/octave.md for the formulas).
% See also: perform, mse, crossentropy.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  perf = clm_perform ('sae', varargin);
end
