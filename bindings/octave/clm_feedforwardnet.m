function net = clm_feedforwardnet (hiddenSizes, trainFcn)
% net = clm_feedforwardnet ()
% net = clm_feedforwardnet (hiddenSizes)
% net = clm_feedforwardnet (hiddenSizes, trainFcn)
% The struct interface of chaoslm (older than the network object of
% feedforwardnet, which wraps the same struct): create a feed-forward
% network as a plain struct.
%
% hiddenSizes is a row vector of hidden layer sizes (default 10; [] gives
% a one-layer linear network).  trainFcn is 'trainlm' (default) or any
% training function of this build (the error for an unknown name lists
% them).
%
% The struct's fields mirror MATLAB's network object: trainFcn,
% trainParam (MATLAB's names and defaults plus chaoslm's seed, threads,
% backend and chaos_* fields), divideFcn, divideParam, layers (each with
% size, transferFcn and initFcn), IW, LW, b, inputs and outputs (with the
% processing settings).  Edit the fields and pass the struct to clm_train,
% clm_sim, clm_configure, clm_init; a misspelt field is an error.  Input
% and output sizes are set by clm_configure or on the first clm_train, as
% in MATLAB.  Do not edit the field clm_state.  network (s) turns the
% struct into a network object.
% See also: clm_train, clm_sim, clm_configure, clm_init, clm_trainparam, feedforwardnet.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin > 2)
    error ('chaoslm:usage', 'usage: net = clm_feedforwardnet (hiddenSizes, trainFcn)');
  end
  if (nargin < 1)
    hiddenSizes = 10;
  end
  if (nargin < 2)
    trainFcn = 'trainlm';
  end
  net = chaoslm_mex ('new', hiddenSizes, trainFcn);
end
