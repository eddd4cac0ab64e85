function net = clm_feedforwardnet (hiddenSizes, trainFcn)
% net = clm_feedforwardnet ()
% net = clm_feedforwardnet (hiddenSizes)
% net = clm_feedforwardnet (hiddenSizes, trainFcn)
% Create a feed-forward network, like MATLAB's feedforwardnet.
%
% hiddenSizes is a row vector of hidden layer sizes (default 10;
% [] gives a one-layer linear network).  trainFcn is
% 'trainlm' (default), 'traingd' or 'traingdm'.
%
% The result is a plain struct whose fields mirror MATLAB's network object:
% trainFcn, trainParam (MATLAB's names and defaults, plus the
% chaoslm fields seed, threads, backend and
% chaos_*), divideFcn, divideParam,
% layers{i@.transferFcn}, IW, LW, b and the
% processing settings.  Edit the fields and pass the struct to
% clm_train, clm_sim, clm_configure, clm_init.
% Input and output sizes are set by clm_configure or on the first
% clm_train, as in MATLAB.  Do not edit the field clm_state.
% See also: clm_train, clm_sim, clm_configure, clm_init, clm_trainparam.

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
