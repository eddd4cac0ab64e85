function [net, tr] = clm_train (net, x, t, varargin)
% net = clm_train (net, x, t)
% [net, tr] = clm_train (net, x, t)
% Train net with its trainFcn and trainParam, like
% MATLAB's train.
%
% x is R x Q (one column per sample), t is S x Q; both real
% double.  NaN targets are ignored, NaN inputs give NaN outputs.  An
% unconfigured network is configured and initialised from the data and
% net.trainParam.seed first.  The network returned holds the best
% weights (lowest validation performance when a validation set exists).
%
% tr has MATLAB's fields (trainInd, valInd,
% testInd 1-based; epoch, perf, vperf,
% tperf, mu, gradient, val_fail with epoch 0
% first; stop, num_epochs, best_epoch, ...), plus
% chaoslm's backend, counts and chaos.
%
% Progress lines are printed when net.trainParam.showCommandLine
% is true, every net.trainParam.show epochs.  Ctrl-C stops the
% training with 'User stop.' and returns the best network so far.
% Errors have identifiers 'chaoslm:<status>'.
% See also: clm_feedforwardnet, clm_sim.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin ~= 3)
    error ('chaoslm:usage', ...
           'usage: [net, tr] = clm_train (net, x, t) (Xi, Ai and error weights are not supported)');
  end
  if (nargout > 1)
    [net, tr] = chaoslm_mex ('train', net, x, t);
  else
    net = chaoslm_mex ('train', net, x, t);
  end
end
