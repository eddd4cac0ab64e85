function net = cascadeforwardnet (hiddenSizes, trainFcn)
% net = cascadeforwardnet (hiddenSizes, trainFcn)
% MATLAB's cascade-forward network (every layer also sees the input).
% Not available in this build: the library has no cascade connections yet.
% See also: feedforwardnet.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  error ('chaoslm:unavailable', ...
         'cascadeforwardnet: not available in this build (the library has no cascade connections; use feedforwardnet)');
end
