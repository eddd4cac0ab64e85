function h = plotconfusion (varargin)
% h = plotconfusion (t, y)
% h = plotconfusion (t1, y1, 'name1', t2, y2, 'name2', ...)
% The confusion matrix of a classifier, as MATLAB's plotconfusion: for
% targets t (one-hot columns) and outputs y, cell (i, j) counts the
% samples of output class i and target class j with their share of all
% samples, the last row and column give the per-class accuracy, and the
% corner the overall accuracy.  One panel per (t, y, name) group.  Draws
% into the current figure and returns its handle; the figure's UserData
% holds the count matrices (output class by target class).
% See also: confusion, patternnet.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  groups = {};
  k = 1;
  while (k <= nargin)
    if (k + 1 > nargin)
      error ('chaoslm:usage', 'usage: plotconfusion (t, y, name, ...)');
    end
    name = 'Confusion Matrix';
    step = 2;
    if (k + 2 <= nargin && ischar (varargin{k+2}))
      name = [varargin{k+2} ' Confusion Matrix'];
      step = 3;
    end
    groups(end+1, :) = {varargin{k}, varargin{k+1}, name};
    k += step;
  end
  n = rows (groups);
  h = gcf ();
  clf (h);
  c = ceil (sqrt (n));
  r = ceil (n / c);
  mats = cell (1, n);
  for g = 1:n
    [~, cm] = confusion (groups{g, 1}, groups{g, 2});
    M = cm';   % rows: output class, columns: target class (MATLAB's layout)
    mats{g} = M;
    if (n > 1)
      subplot (r, c, g);   % (one panel: the default axes, which keep room for the labels)
    end
    draw (M);
    title (groups{g, 3});
  end
  set (h, 'UserData', mats);
end

function draw (M)
  S = rows (M);
  Q = sum (M(:));
  rgb = repmat (reshape ([0.85 0.85 0.85], 1, 1, 3), S + 1, S + 1);
  for i = 1:S
    for j = 1:S
      if (i == j) c = [0.75 0.95 0.75]; else c = [0.98 0.75 0.72]; end
      rgb(i, j, :) = reshape (c, 1, 1, 3);
    end
  end
  image ([1 S+1], [1 S+1], rgb);
  hold on;
  for i = 1:S + 1
    for j = 1:S + 1
      if (i <= S && j <= S)
        txt = {sprintf('%d', M(i, j)), sprintf('%.1f%%', 100 * M(i, j) / max (Q, 1))};
      else
        if (i <= S)
          good = M(i, i); all_n = sum (M(i, :));
        elseif (j <= S)
          good = M(j, j); all_n = sum (M(:, j));
        else
          good = trace (M); all_n = Q;
        end
        txt = {sprintf('%.1f%%', 100 * good / max (all_n, 1)), ...
               sprintf('%.1f%%', 100 * (all_n - good) / max (all_n, 1))};
      end
      % two text objects, not one with a line break (gnuplot cannot print those)
      text (j, i - 0.15, txt{1}, 'HorizontalAlignment', 'center', 'Tag', sprintf ('cell %d %d', i, j));
      text (j, i + 0.15, txt{2}, 'HorizontalAlignment', 'center', 'Tag', sprintf ('share %d %d', i, j));
    end
  end
  for k = 0.5:1:S + 1.5
    plot ([0.5 S+1.5], [k k], 'k-');
    plot ([k k], [0.5 S+1.5], 'k-');
  end
  hold off;
  axis ([0.5 S+1.5 0.5 S+1.5]);
  set (gca, 'YDir', 'reverse', 'XTick', 1:S, 'YTick', 1:S);
  xlabel ('Target Class');
  ylabel ('Output Class');
end
