function r = bench_epoch (epochs, threads)
% r = bench_epoch (epochs, threads)
% Per-epoch time of trainlm through the MEX on an 8-40-2 network with 2000
% samples (the "wide" problem of shared/reference/octave-nnet.md, where
% Octave-Forge nnet's trainlm takes 90-105 ms per epoch on the 2-core
% reference machine).  Not run by make check.
%   epochs:  epochs to time (default 50); threads: OpenMP threads (0).
% Returns a struct with the epochs run, the wall time per epoch (ms) and
% the time per epoch from tr.time (ms).

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin < 1) epochs = 50; end
  if (nargin < 2) threads = 0; end
  Q = 2000;
  q = 0:Q-1;
  x = zeros(8, Q);
  for i = 1:8
    x(i, :) = sin(0.0137 * i * q + i) .* cos(0.0071 * (9 - i) * q);
  end
  t = [tanh(x(1, :) + 0.5 * x(2, :) .* x(3, :) - x(4, :)); ...
       sin(x(5, :)) .* x(6, :) + 0.3 * x(7, :) - 0.2 * x(8, :) .^ 2];
  net = clm_feedforwardnet(40);
  net.divideFcn = 'dividetrain';
  net.trainParam.epochs = epochs;
  net.trainParam.min_grad = 0;
  net.trainParam.goal = 0;
  net.trainParam.threads = threads;
  net.trainParam.showWindow = false;
  net.trainParam.seed = 1;
  net = clm_configure(net, x, t, 1);
  tic;
  [~, tr] = clm_train(net, x, t);
  wall = toc;
  n = max(tr.num_epochs, 1);
  r = struct('epochs', tr.num_epochs, 'stop', tr.stop, 'ms_per_epoch_wall', 1000 * wall / n, ...
             'ms_per_epoch_tr', 1000 * tr.time(end) / n, 'P', numel(clm_getwb(net)));
  printf(['8-40-2, Q=2000, P=%d, threads %d: %d epochs (%s), %.2f ms/epoch (wall, incl. MEX call), ' ...
          '%.2f ms/epoch (tr.time); %d forward passes, %d rejected steps\n'], ...
         r.P, threads, r.epochs, r.stop, r.ms_per_epoch_wall, r.ms_per_epoch_tr, ...
         tr.counts.forward, tr.counts.rejected);
end
