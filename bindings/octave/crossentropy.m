function perf = crossentropy (varargin)
% perf = crossentropy (net, t, y)
% perf = crossentropy (net, t, y, ew, 'regularization', r, 'normalization', n)
% The cross-entropy, as MATLAB's crossentropy: NaN targets are left out, ew weights the
% error terms, and net.performParam (or the options) give the
% regularization and normalization (see doc/octave.md for the formulas).
% See also: perform, mse, crossentropy.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  perf = clm_perform ('crossentropy', varargin);
end
