function h = ploterrhist (varargin)
% h = ploterrhist (e)
% h = ploterrhist (e1, 'name1', e2, 'name2', ..., 'bins', n)
% Histogram of errors (e = t - y), as MATLAB's ploterrhist: n bins
% (default 20) over the range of all errors, one bar series per error set,
% and a line at zero error.  NaN errors are left out.  Draws into the
% current figure and returns its handle.
% See also: gsubtract, plotregression.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  bins = 20;
  sets = {};
  names = {};
  k = 1;
  while (k <= nargin)
    a = varargin{k};
    if (ischar (a) && strcmpi (a, 'bins') && k < nargin)
      bins = varargin{k+1};
      k += 2;
      continue;
    end
    if (iscell (a)) a = a{1}; end
    sets{end+1} = double (a(:))';
    if (k < nargin && ischar (varargin{k+1}) && ~ strcmpi (varargin{k+1}, 'bins'))
      names{end+1} = varargin{k+1};
      k += 2;
    else
      names{end+1} = 'Errors';
      k += 1;
    end
  end
  if (isempty (sets))
    error ('chaoslm:usage', 'usage: ploterrhist (e)');
  end
  all_e = [sets{:}];
  all_e = all_e(isfinite (all_e));
  lo = min ([all_e 0]);
  hi = max ([all_e 0]);
  if (hi == lo) hi = lo + 1; end
  edges = linspace (lo, hi, bins + 1);
  centers = (edges(1:end-1) + edges(2:end)) / 2;
  counts = zeros (numel (sets), bins);
  for s = 1:numel (sets)
    e = sets{s}(isfinite (sets{s}));
    idx = min (bins, 1 + floor ((e - lo) / (hi - lo) * bins));
    counts(s, :) = accumarray (idx(:), 1, [bins 1])';
  end
  h = gcf ();
  clf (h);
  bar (centers, counts', 'stacked');
  hold on;
  plot ([0 0], [0 max(sum (counts, 1)) * 1.05], 'r-', 'LineWidth', 2, 'Tag', 'ZeroError');
  hold off;
  legend ([names, {'Zero Error'}]);
  xlabel ('Errors = Targets - Outputs');
  ylabel ('Instances');
  title (sprintf ('Error Histogram with %d Bins', bins));
  set (h, 'UserData', struct ('centers', centers, 'counts', counts));
end
