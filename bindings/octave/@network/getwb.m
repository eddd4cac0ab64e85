function wb = getwb (net)
% wb = getwb (net)
% All weights and biases as one column vector in MATLAB's order:
% [b{1}; IW{1,1}(:); b{2}; LW{2,1}(:); ...].
% See also: setwb.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  wb = chaoslm_mex ('getwb', net.s);
end
