function p = clm_trainparam (trainFcn)
% p = clm_trainparam (trainFcn)
% The default trainParam struct of a training function ('trainlm' or any
% other of this build), from the C library's descriptions.  MATLAB resets
% net.trainParam when net.trainFcn is assigned, and so does the network
% object; with the plain struct of clm_feedforwardnet do it yourself:
%
%   net.trainFcn = 'traingdm';
%   net.trainParam = clm_trainparam ('traingdm');
%
% See also: clm_feedforwardnet, feedforwardnet.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin ~= 1)
    error ('chaoslm:usage', 'usage: p = clm_trainparam (trainFcn)');
  end
  p = chaoslm_mex ('trainParam', trainFcn);
end
