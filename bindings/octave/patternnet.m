function net = patternnet (hiddenSizes, trainFcn, performFcn)
% net = patternnet ()
% net = patternnet (hiddenSizes, trainFcn, performFcn)
% A pattern-recognition network, as MATLAB's patternnet: tansig hidden
% layers (default 10), a softmax output layer, removeconstantrows on the
% targets (no mapminmax), trainFcn 'trainscg' and performFcn
% 'crossentropy' by default.  Targets are one-hot columns (ind2vec makes
% them from class indices); vec2ind (net (x)) gives the predicted classes.
%
% The network is the library's clm_patternnet (initnw; rands for the
% softmax layer).  Training with trainlm needs performFcn 'mse' or 'sse'
% (MATLAB would silently train on mse; chaoslm says so instead).
% See also: feedforwardnet, confusion, plotconfusion, vec2ind.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin > 3)
    error ('chaoslm:usage', 'usage: net = patternnet (hiddenSizes, trainFcn, performFcn)');
  end
  if (nargin < 1)
    hiddenSizes = 10;
  end
  if (nargin < 2)
    trainFcn = 'trainscg';
  end
  if (nargin < 3)
    performFcn = 'crossentropy';
  end
  caps = chaoslm_mex ('capabilities');
  if (~ any (strcmp ('trainscg', {caps.trainers.name})))
    error ('chaoslm:unavailable', 'patternnet: not available in this build (the library lacks trainscg)');
  end
  s = chaoslm_mex ('new', hiddenSizes, trainFcn, 'pattern');
  s.trainParam.seed = [];   % random choices draw from Octave's generator
  net = network (s);
  net.name = 'Pattern Recognition Neural Network';
  if (~ strcmp (performFcn, 'crossentropy'))
    net.performFcn = performFcn;
  end
  net.plotFcns = {'plotperform', 'plottrainstate', 'ploterrhist', 'plotconfusion', 'plotroc'};
end
