function [net, tr] = clm_train (net, x, t, varargin)
% net = clm_train (net, x, t)
% [net, tr] = clm_train (net, x, t)
% Train the struct net of clm_feedforwardnet with its trainFcn and
% trainParam, like MATLAB's train (for the network object use train).
%
% x is R x Q (one column per sample), t is S x Q; both real double.  NaN
% targets are ignored, NaN inputs give NaN outputs.  An unconfigured
% network is configured and initialised from the data and
% net.trainParam.seed first.  The network returned holds the best weights
% (lowest validation performance when a validation set exists).
%
% tr has MATLAB's fields (trainInd, valInd, testInd 1-based; states and
% per-epoch rows epoch, perf, vperf, tperf, gradient, val_fail, mu for
% trainers that have it and the trainer's own states, epoch 0 first;
% stop, num_epochs, best_epoch, ...), plus chaoslm's backend, counts and
% chaos.
%
% Progress lines are printed every net.trainParam.show epochs when
% net.trainParam.showCommandLine or showWindow (default true: there is
% no training window, so the command line takes its place) is true.
% Ctrl-C stops the training with 'User stop.' and returns the best
% network so far.  Errors have identifiers 'chaoslm:<status>'.
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
