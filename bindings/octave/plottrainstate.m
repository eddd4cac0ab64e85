function h = plottrainstate (tr)
% h = plottrainstate (tr)
% The training states per epoch, as MATLAB's plottrainstate: one panel
% each for the gradient, mu (trainers that have it), the validation checks
% and the trainer's extra states (lr, gamk, ssX, ...).  Draws into the
% current figure and returns its handle.
% See also: plotperform, train.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin ~= 1 || ~ isstruct (tr) || ~ isfield (tr, 'states'))
    error ('chaoslm:usage', 'usage: plottrainstate (tr), tr from [net, tr] = train (...)');
  end
  h = gcf ();
  clf (h);
  skip = {'epoch', 'time', 'perf', 'vperf', 'tperf'};
  states = tr.states(~ ismember (tr.states, skip));
  n = numel (states);
  for k = 1:n
    subplot (n, 1, k);
    v = tr.(states{k});
    if (any (strcmp (states{k}, {'gradient', 'mu'})) && all (v(isfinite (v)) > 0))
      semilogy (tr.epoch, v, 'b-', 'Tag', states{k});
    else
      plot (tr.epoch, v, 'b-', 'Tag', states{k});
    end
    ylabel (states{k}, 'Interpreter', 'none');
    title (sprintf ('%s = %.5g, at epoch %d', states{k}, v(end), tr.num_epochs), 'Interpreter', 'none');
  end
  xlabel (sprintf ('%d Epochs', tr.num_epochs));
end
