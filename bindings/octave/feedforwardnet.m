function net = feedforwardnet (hiddenSizes, trainFcn)
% net = feedforwardnet ()
% net = feedforwardnet (hiddenSizes)
% net = feedforwardnet (hiddenSizes, trainFcn)
% A feed-forward network, as MATLAB's feedforwardnet: tansig hidden
% layers of the given sizes (default 10; [] gives a linear network), a
% purelin output layer, initnw, removeconstantrows and mapminmax on inputs
% and outputs, dividerand 0.70/0.15/0.15, mse, and trainFcn (default
% 'trainlm'; any training function of this build, see doc/octave.md).
%
% The input and output sizes are set from data by configure or on the
% first train.  The result is a network object with MATLAB's properties:
%
%   net = feedforwardnet (10);
%   net.trainParam.epochs = 50;
%   [net, tr] = train (net, x, t);
%   y = net (x);
%
% See also: fitnet, patternnet, train, network.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin > 2)
    error ('chaoslm:usage', 'usage: net = feedforwardnet (hiddenSizes, trainFcn)');
  end
  if (nargin < 1)
    hiddenSizes = 10;
  end
  if (nargin < 2)
    trainFcn = 'trainlm';
  end
  s = chaoslm_mex ('new', hiddenSizes, trainFcn);
  s.trainParam.seed = [];   % random choices draw from Octave's generator
  net = network (s);
end
