function perf = clm_perform (fname, args)
% perf = clm_perform (fname, args)
% The performance functions mse, sse, mae, sae and crossentropy, called as
% MATLAB calls them:
%   fname (net, t, y)            fname (net, t, y, ew, 'name', value, ...)
%   fname (e)                    (errors e = t - y; mse, sse, mae, sae)
% NaN targets (or NaN errors) are left out, and N counts the others.
% Error weights ew multiply each error's term (they broadcast over rows or
% columns).  Options (defaults from net.performParam when a network is
% given, else 0 and 'none'):
%   'regularization', r   perf = (1 - r) * perf + r * sum (wb .^ 2) / numel (wb)
%   'normalization', 'none' | 'standard' | 'percent'
%                         errors of output row i are multiplied by
%                         2 / range_i or 1 / range_i, range_i from
%                         net.outputs{L}.range (the targets that
%                         configured the network; of t when it is not
%                         configured); a non-finite factor is 1.
% crossentropy: -t .* log (y) summed over the rows (for a single output
% row the two-class form -t log y - (1 - t) log (1 - y)), with y limited
% to [eps, 1 - eps] and t to [0, 1] as MATLAB does.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (isempty (args))
    error ('chaoslm:usage', 'usage: perf = %s (net, t, y) or %s (e)', fname, fname);
  end
  net = [];
  reg = 0;
  norm = 'none';
  if (isa (args{1}, 'network'))
    if (numel (args) < 3)
      error ('chaoslm:usage', 'usage: perf = %s (net, t, y, ew)', fname);
    end
    net = args{1};
    pp = net.performParam;
    reg = pp.regularization;
    norm = pp.normalization;
    t = cell_data (args{2});
    y = cell_data (args{3});
    if (~ isequal (size (t), size (y)))
      error ('chaoslm:CLM_ESIZE', '%s: t is %dx%d but y is %dx%d', fname, rows (t), columns (t), rows (y), columns (y));
    end
    e = t - y;
    rest = args(4:end);
  else
    if (strcmp (fname, 'crossentropy'))
      error ('chaoslm:usage', 'usage: perf = crossentropy (net, t, y): it needs targets and outputs');
    end
    e = cell_data (args{1});
    t = [];
    y = [];
    rest = args(2:end);
  end
  ew = 1;
  if (~ isempty (rest) && ~ ischar (rest{1}))
    ew = cell_data (rest{1});
    rest = rest(2:end);
  end
  if (mod (numel (rest), 2) ~= 0)
    error ('chaoslm:usage', '%s: options come in name-value pairs', fname);
  end
  for k = 1:2:numel (rest)
    switch (lower (rest{k}))
      case 'regularization'
        reg = rest{k+1};
        if (~ (isnumeric (reg) && isscalar (reg) && reg >= 0 && reg <= 1))
          error ('chaoslm:CLM_EINVAL', '%s: regularization must be in [0, 1]', fname);
        end
      case 'normalization'
        norm = rest{k+1};
        if (~ ischar (norm) || ~ any (strcmp (norm, {'none', 'standard', 'percent'})))
          error ('chaoslm:CLM_EINVAL', '%s: normalization is ''none'', ''standard'' or ''percent''', fname);
        end
      otherwise
        error ('chaoslm:usage', '%s: unknown option ''%s'' (regularization, normalization)', fname, rest{k});
    end
  end
  if (~ strcmp (norm, 'none'))
    if (strcmp (fname, 'crossentropy'))
      error ('chaoslm:CLM_EINVAL', 'crossentropy: normalization ''%s'' is not available (''none'' only)', norm);
    end
    e = e .* row_factors (net, t, e, norm);
  end
  ok = ~ isnan (e);
  N = nnz (ok);
  switch (fname)
    case 'mse'
      terms = e .^ 2;
    case 'sse'
      terms = e .^ 2;
    case {'mae', 'sae'}
      terms = abs (e);
    case 'crossentropy'
      terms = cross_terms (t, y);
  end
  terms = terms .* ew;
  total = sum (terms(ok));
  if (any (strcmp (fname, {'mse', 'mae', 'crossentropy'})))
    perf = total / N;   % NaN when every target is NaN, as 0/0 in MATLAB
  else
    perf = total;
  end
  if (reg > 0)
    if (isempty (net))
      error ('chaoslm:usage', '%s: regularization needs the network: %s (net, t, y, ...)', fname, fname);
    end
    wb = getwb (net);
    perf = (1 - reg) * perf + reg * sum (wb .^ 2) / numel (wb);
  end
end

function x = cell_data (x)
  if (iscell (x))
    if (numel (x) ~= 1)
      error ('chaoslm:type', 'a cell of %d matrices is time-series data, which chaoslm does not take', numel (x));
    end
    x = x{1};
  end
  x = double (full (x));
end

function f = row_factors (net, t, e, norm)
  if (~ isempty (net) && isconfigured (net))
    r = net.outputs{net.numLayers}.range;   % the targets that configured it
    range = r(:, 2) - r(:, 1);
  else
    range = max (t, [], 2) - min (t, [], 2);
  end
  if (strcmp (norm, 'standard'))
    f = 2 ./ range;
  else
    f = 1 ./ range;
  end
  f(~ isfinite (f)) = 1;
end

% MATLAB's crossentropy: y limited to [eps, 1 - eps] and t to [0, 1], so
% that no term is infinite.
function c = cross_terms (t, y)
  y = min (max (y, eps), 1 - eps);
  t = min (max (t, 0), 1);
  if (rows (t) == 1)
    c = -t .* log (y) - (1 - t) .* log (1 - y);
  else
    c = -t .* log (y);
  end
end
