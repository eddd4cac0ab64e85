function net = patternnet (hiddenSizes, trainFcn, performFcn)
% net = patternnet ()
% net = patternnet (hiddenSizes, trainFcn, performFcn)
% A pattern-recognition network, as MATLAB's patternnet: tansig hidden
% layers (default 10), a softmax output layer, removeconstantrows on the
% targets (no mapminmax), trainFcn 'trainscg' and performFcn
% 'crossentropy' by default.  Targets are one-hot columns (ind2vec makes
% them from class indices); vec2ind (net (x)) gives the predicted classes.
%
% It needs the training and performance functions in this build of the
% library: patternnet names the missing ones in its error.
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
  missing = {};
  if (ischar (trainFcn) && ~ any (strcmp (trainFcn, {caps.trainers.name})))
    missing{end+1} = sprintf ('training function %s', trainFcn);
  end
  if (ischar (performFcn) && ~ any (strcmp (performFcn, caps.performFcns)))
    missing{end+1} = sprintf ('performance function %s', performFcn);
  end
  if (~ isempty (missing))
    error ('chaoslm:unavailable', ...
           'patternnet: not available in this build (the library lacks the %s)', strjoin (missing, ' and the '));
  end
  net = feedforwardnet (hiddenSizes, trainFcn);
  net.name = 'Pattern Recognition Neural Network';
  L = net.numLayers;
  net.layers{L}.transferFcn = 'softmax';
  net.outputs{L}.processFcns = {'removeconstantrows'};
  net.performFcn = performFcn;
  net.plotFcns = {'plotperform', 'plottrainstate', 'ploterrhist', 'plotconfusion', 'plotroc'};
end
