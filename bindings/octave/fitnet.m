function net = fitnet (hiddenSizes, trainFcn)
% net = fitnet ()
% net = fitnet (hiddenSizes)
% net = fitnet (hiddenSizes, trainFcn)
% A function-fitting network, as MATLAB's fitnet: feedforwardnet with the
% name 'Function Fitting Neural Network' and the fitting plots in
% net.plotFcns.  hiddenSizes defaults to 10, trainFcn to 'trainlm'.
%
%   [x, t] = simplefit_dataset;
%   net = fitnet (10);
%   net = train (net, x, t);
%   y = net (x);
%   perf = perform (net, t, y)
%
% See also: feedforwardnet, patternnet, train.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin > 2)
    error ('chaoslm:usage', 'usage: net = fitnet (hiddenSizes, trainFcn)');
  end
  if (nargin < 1)
    hiddenSizes = 10;
  end
  if (nargin < 2)
    trainFcn = 'trainlm';
  end
  net = feedforwardnet (hiddenSizes, trainFcn);
  net.name = 'Function Fitting Neural Network';
  net.plotFcns = {'plotperform', 'plottrainstate', 'ploterrhist', 'plotregression', 'plotfit'};
end
