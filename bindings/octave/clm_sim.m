function y = clm_sim (net, x)
% y = clm_sim (net, x)
% Network outputs for inputs x (R x Q, one column per sample), like
% MATLAB's sim(net, x) or net(x).  y is S x Q in the
% targets' units.  Samples with NaN inputs give NaN outputs.
% See also: clm_train, clm_feedforwardnet.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin ~= 2)
    error ('chaoslm:usage', 'usage: y = clm_sim (net, x)');
  end
  y = chaoslm_mex ('sim', net, x);
end
