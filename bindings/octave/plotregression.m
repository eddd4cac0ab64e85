function h = plotregression (varargin)
% h = plotregression (t, y)
% h = plotregression (t, y, 'name')
% h = plotregression (t1, y1, 'name1', t2, y2, 'name2', ...)
% Outputs against targets, as MATLAB's plotregression: the samples, the
% least-squares line y = a*t + b, the line Y = T, and the correlation
% coefficient R in the title, one panel per (t, y, name) group.  NaN pairs
% are left out.  Draws into the current figure and returns its handle; the
% figure's UserData holds a, b and R per panel.
% See also: plotperform, confusion.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  groups = {};
  k = 1;
  while (k <= nargin)
    if (k + 1 > nargin)
      error ('chaoslm:usage', 'usage: plotregression (t, y, name, ...)');
    end
    name = '';
    if (k + 2 <= nargin && ischar (varargin{k+2}))
      name = varargin{k+2};
      step = 3;
    else
      step = 2;
    end
    groups(end+1, :) = {flat(varargin{k}), flat(varargin{k+1}), name};
    k += step;
  end
  n = rows (groups);
  h = gcf ();
  clf (h);
  c = ceil (sqrt (n));
  r = ceil (n / c);
  fit = struct ('a', cell (1, n), 'b', [], 'R', []);
  for g = 1:n
    t = groups{g, 1};
    y = groups{g, 2};
    ok = isfinite (t) & isfinite (y);
    t = t(ok);
    y = y(ok);
    p = polyfit (t, y, 1);
    R = corr_coef (t, y);
    fit(g) = struct ('a', p(1), 'b', p(2), 'R', R);
    if (n > 1)
      subplot (r, c, g);   % (one panel: the default axes, which keep room for the labels)
    end
    plot (t, y, 'ko', 'Tag', 'Data');
    hold on;
    lims = [min([t y]) max([t y])];
    plot (lims, polyval (p, lims), 'b-', 'LineWidth', 2, 'Tag', 'Fit');
    plot (lims, lims, 'k:', 'Tag', 'Y = T');
    hold off;
    xlabel ('Target');
    ylabel (sprintf ('Output ~= %.2g*Target + %.2g', p(1), p(2)), 'Interpreter', 'none');
    if (isempty (groups{g, 3}))
      title (sprintf ('R=%.5g', R));
    else
      title (sprintf ('%s: R=%.5g', groups{g, 3}, R));
    end
    legend ('Data', 'Fit', 'Y = T', 'location', 'northwest');
  end
  set (h, 'UserData', fit);
end

function v = flat (a)
  if (iscell (a)) a = a{1}; end
  v = double (full (a(:)))';
end

function R = corr_coef (t, y)
  dt = t - mean (t);
  dy = y - mean (y);
  R = sum (dt .* dy) / sqrt (sum (dt .^ 2) * sum (dy .^ 2));
end
