function net = cascadeforwardnet (hiddenSizes, trainFcn)
% net = cascadeforwardnet ()
% net = cascadeforwardnet (hiddenSizes)
% net = cascadeforwardnet (hiddenSizes, trainFcn)
% A cascade-forward network, as MATLAB's cascadeforwardnet: feedforwardnet's
% layers and defaults (tansig hidden layers of the given sizes, default 10,
% a purelin output layer, trainlm, mse, dividerand), but the input feeds
% every layer and every layer feeds all later ones:
% net.inputConnect is all true and net.layerConnect(i, j) is true for
% j < i, so layer l has IW{l,1} and LW{l,1} ... LW{l,l-1}.  getwb lists,
% layer by layer, b{l}, IW{l,1}(:), then LW{l,j}(:) for j = 1, ..., l-1.
%
%   [x, t] = simplefit_dataset;
%   net = cascadeforwardnet (10);
%   net = train (net, x, t);
%   y = net (x);
%
% See also: feedforwardnet, fitnet, train.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin > 2)
    error ('chaoslm:usage', 'usage: net = cascadeforwardnet (hiddenSizes, trainFcn)');
  end
  if (nargin < 1)
    hiddenSizes = 10;
  end
  if (nargin < 2)
    trainFcn = 'trainlm';
  end
  s = chaoslm_mex ('new', hiddenSizes, trainFcn, 'cascade');
  s.trainParam.seed = [];   % random choices draw from Octave's generator
  net = network (s);
  net.name = 'Cascade-Forward Neural Network';
end
