function y = sim (net, x, varargin)
% y = sim (net, x)
% y = sim (net, x, Xi, Ai, 'name', value, ...)
% Outputs of the network for inputs x (R x Q, one column per sample), in
% the targets' units; net(x) is the same.  A 1x1 cell holding x gives a
% 1x1 cell.  Samples with NaN inputs give NaN outputs.  Xi and Ai must be
% empty; options 'useParallel' ('yes': every OpenMP thread, 'no': one),
% 'useGPU' and 'showResources' as for train (sim always runs on the CPU).
% See also: train, perform.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin < 2)
    error ('chaoslm:usage', 'usage: y = sim (net, x)');
  end
  [pos, opt] = clm_options ('sim', varargin, 3);
  for k = 1:min (2, numel (pos))
    if (~ isempty (pos{k}))
      error ('chaoslm:usage', 'sim: Xi and Ai must be empty: chaoslm''s networks have no delays');
    end
  end
  if (any (strcmp (opt.useGPU, {'yes', 'only'})))
    error ('chaoslm:CLM_EBACKEND', 'sim: ''useGPU'': simulation has no GPU path in this build');
  end
  [x, wrapped] = clm_data (x, 'x');
  s = net.s;
  if (strcmp (opt.useParallel, 'no'))
    s.trainParam.threads = 1;
  elseif (strcmp (opt.useParallel, 'yes'))
    s.trainParam.threads = 0;
  end
  if (strcmp (opt.showResources, 'yes'))
    printf ('Computing Resources:\nchaoslm MEX, %d thread(s) (0: every OpenMP thread)\n', s.trainParam.threads);
  end
  y = chaoslm_mex ('sim', s, x);
  if (wrapped)
    y = {y};
  end
end
