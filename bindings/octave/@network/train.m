function [net, tr, y, e] = train (net, x, t, varargin)
% [net, tr] = train (net, x, t)
% [net, tr, y, e] = train (net, x, t, Xi, Ai, EW, 'name', value, ...)
% Train the network with net.trainFcn and net.trainParam, as MATLAB's
% train does: an unconfigured network is configured from the data first,
% the samples are divided with net.divideFcn, and the network returned
% holds the best weights (lowest validation performance when a validation
% set exists).  x is R x Q and t is S x Q (one column per sample; a 1x1
% cell holding the matrix is accepted); NaN targets are ignored.
%
% Random choices (initial weights of an unconfigured network, dividerand)
% draw from Octave's global generator, so every call differs, as in MATLAB;
% rng (s) (or rand ('seed', s)) before the call repeats a run, and so does
% net.trainParam.seed = s (tr.trainParam.seed shows the seed a run used).
%
% Xi and Ai must be empty (static networks) and EW empty or all ones.
% Options: 'useGPU' ('no', 'yes', 'only': the linear solver of trainlm
% runs on the GPU, an error when none is usable), 'useParallel' ('yes':
% every OpenMP thread, 'no': one thread), 'showResources' ('yes' prints
% them), 'reduction' (accepted: chaoslm never forms the whole Jacobian).
%
% With net.trainParam.showWindow true (the default) there is no window to
% show: progress lines appear in the command window instead, every
% net.trainParam.show epochs, as MATLAB does without a display.  Ctrl-C
% stops training with tr.stop = 'User stop.' and returns the best network.
%
% y and e are net(x) and t - y after training.
% See also: sim, configure, plotperform, feedforwardnet.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin < 3)
    error ('chaoslm:usage', 'usage: [net, tr] = train (net, x, t)');
  end
  [pos, opt] = clm_options ('train', varargin, 3);
  check_positional (pos);
  x = clm_data (x, 'x');
  t = clm_data (t, 't');
  s = net.s;
  tp = s.trainParam;
  tp.seed = clm_draw_seed (tp);
  tp = apply_options (tp, opt, s.trainFcn);
  if (strcmp (opt.showResources, 'yes'))
    show_resources (tp, s.trainFcn);
  end
  run = s;
  run.trainParam = tp;
  [run, tr] = chaoslm_mex ('train', run, x, t);
  run.trainParam = s.trainParam;   % the user's settings (seed [] stays [])
  net.s = run;
  if (nargout > 2)
    y = sim (net, x);
    e = t - y;
  end
end

function check_positional (pos)
  names = {'Xi', 'Ai', 'EW'};
  for k = 1:numel (pos)
    v = pos{k};
    if (k < 3 && ~ isempty (v))
      error ('chaoslm:usage', ...
             'train: %s (initial delay states) must be empty: chaoslm''s networks have no delays', names{k});
    end
    if (k == 3 && ~ isempty (v) && ~ (isnumeric (v) && all (v(:) == 1)))
      error ('chaoslm:usage', 'train: error weights EW are not available in this build (give [] or 1)');
    end
  end
end

function tp = apply_options (tp, opt, trainFcn)
  if (~ isempty (opt.useGPU))
    has_solver = isfield (tp, 'backend');
    if (strcmp (opt.useGPU, 'no'))
      if (has_solver)
        tp.backend = 'cpu';
      end
    elseif (has_solver)
      tp.backend = 'gpu';
    else
      error ('chaoslm:CLM_EBACKEND', ...
             'train: ''useGPU'', ''%s'': %s has no GPU path in this build (the trainers that solve linear systems have one)', ...
             opt.useGPU, trainFcn);
    end
  end
  if (strcmp (opt.useParallel, 'yes') && tp.threads == 1)
    tp.threads = 0;
  elseif (strcmp (opt.useParallel, 'no'))
    tp.threads = 1;
  end
end

function show_resources (tp, trainFcn)
  printf ('Computing Resources:\n');
  if (tp.threads == 0)
    th = 'every OpenMP thread';
  else
    th = sprintf ('%d thread(s)', tp.threads);
  end
  if (isfield (tp, 'backend'))
    printf ('chaoslm MEX (%s), %s, linear solver backend ''%s''\n', trainFcn, th, tp.backend);
  else
    printf ('chaoslm MEX (%s), %s\n', trainFcn, th);
  end
end
