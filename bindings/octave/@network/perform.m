function perf = perform (net, t, y, ew)
% perf = perform (net, t, y)
% perf = perform (net, t, y, ew)
% The network's performance for targets t and outputs y with its
% performFcn and performParam (mse by default); NaN targets are ignored,
% so perform (net, t .* tr.valMask{1}, y) is the validation performance.
% See also: mse, crossentropy, train.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin < 3)
    error ('chaoslm:usage', 'usage: perf = perform (net, t, y)');
  end
  if (nargin < 4)
    ew = {1};
  end
  s = net.s;
  pp = s.performParam;
  perf = feval (s.performFcn, net, t, y, ew, 'regularization', pp.regularization, ...
                'normalization', pp.normalization);
end
