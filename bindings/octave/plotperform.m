function h = plotperform (tr)
% h = plotperform (tr)
% The training record's performance per epoch, as MATLAB's plotperform:
% training (blue), validation (green) and test (red) performance on a
% logarithmic axis, a circle at the best epoch (the returned network), and
% the goal when it is positive.  Draws into the current figure and
% returns its handle.
% See also: train, plottrainstate.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin ~= 1 || ~ isstruct (tr) || ~ isfield (tr, 'perf'))
    error ('chaoslm:usage', 'usage: plotperform (tr), tr from [net, tr] = train (...)');
  end
  h = gcf ();
  clf (h);
  ep = tr.epoch;
  series = {tr.perf, 'b', 'Train'; tr.vperf, 'g', 'Validation'; tr.tperf, 'r', 'Test'};
  names = {};
  for k = 1:rows (series)
    if (any (isfinite (series{k, 1})))
      semilogy (ep, series{k, 1}, [series{k, 2} '-'], 'LineWidth', 2, 'Tag', series{k, 3});
      hold on;
      names{end+1} = series{k, 3};
    end
  end
  b = tr.best_epoch;
  if (isfinite (tr.best_vperf))
    best = tr.best_vperf;
    what = 'Validation';
  else
    best = tr.best_perf;
    what = 'Training';
  end
  semilogy (b, best, 'go', 'MarkerSize', 12, 'Tag', 'Best');
  names{end+1} = 'Best';
  if (tr.goal > 0)
    semilogy ([ep(1) ep(end)], [tr.goal tr.goal], 'k:', 'Tag', 'Goal');
    names{end+1} = 'Goal';
  end
  hold off;
  legend (names);
  xlabel (sprintf ('%d Epochs', tr.num_epochs));
  ylabel (sprintf ('%s  (%s)', perf_title (tr.performFcn), tr.performFcn));
  title (sprintf ('Best %s Performance is %.5g at epoch %d', what, best, b));
  grid on;
end

function s = perf_title (f)
  switch (f)
    case 'mse', s = 'Mean Squared Error';
    case 'sse', s = 'Sum Squared Error';
    case 'mae', s = 'Mean Absolute Error';
    case 'sae', s = 'Sum Absolute Error';
    case 'crossentropy', s = 'Cross-Entropy';
    otherwise, s = 'Performance';
  end
end
