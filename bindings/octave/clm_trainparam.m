function p = clm_trainparam (trainFcn)
% p = clm_trainparam (trainFcn)
% The default trainParam struct of a training function
% ('trainlm', 'traingd', 'traingdm'), from the C
% library.  MATLAB resets net.trainParam when net.trainFcn
% is assigned; with a plain struct do it yourself:
%
% net.trainFcn = 'traingdm';
% net.trainParam = clm_trainparam ('traingdm');
%
% See also: clm_feedforwardnet.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin ~= 1)
    error ('chaoslm:usage', 'usage: p = clm_trainparam (trainFcn)');
  end
  p = chaoslm_mex ('trainParam', trainFcn);
end
