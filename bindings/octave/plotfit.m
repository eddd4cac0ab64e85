function h = plotfit (net, varargin)
% h = plotfit (net, x, t)
% h = plotfit (net, x1, t1, 'name1', x2, t2, 'name2', ...)
% The function a network with one input and one output has learnt, as
% MATLAB's plotfit: the targets as circles, the network's outputs as
% crosses, the error of each sample as a vertical line, and the network's
% curve over the range of x.  Draws into the current figure and returns
% its handle.
% See also: fitnet, plotregression.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin < 3 || ~ isa (net, 'network'))
    error ('chaoslm:usage', 'usage: plotfit (net, x, t)');
  end
  if (net.inputs{1}.size ~= 1 || net.outputs{net.numLayers}.size ~= 1)
    error ('chaoslm:usage', 'plotfit: the network must have one input and one output (it has %d and %d)', ...
           net.inputs{1}.size, net.outputs{net.numLayers}.size);
  end
  groups = {};
  k = 1;
  while (k <= numel (varargin))
    if (k + 1 > numel (varargin))
      error ('chaoslm:usage', 'usage: plotfit (net, x, t, name, ...)');
    end
    name = 'Targets';
    step = 2;
    if (k + 2 <= numel (varargin) && ischar (varargin{k+2}))
      name = [varargin{k+2} ' Targets'];
      step = 3;
    end
    groups(end+1, :) = {row(varargin{k}), row(varargin{k+1}), name};
    k += step;
  end
  h = gcf ();
  clf (h);
  colors = {'b', 'g', 'r', 'm'};
  hold on;
  xs = [];
  for g = 1:rows (groups)
    x = groups{g, 1};
    t = groups{g, 2};
    y = net (x);
    c = colors{1 + mod (g - 1, numel (colors))};
    plot (x, t, [c 'o'], 'Tag', groups{g, 3});
    plot (x, y, [c '+'], 'Tag', strrep (groups{g, 3}, 'Targets', 'Outputs'));
    plot ([x; x], [t; y], 'Color', [0.9 0.6 0], 'Tag', 'Errors');
    xs = [xs x];
  end
  xf = linspace (min (xs), max (xs), 200);
  plot (xf, net (xf), 'k-', 'LineWidth', 1.5, 'Tag', 'Fit');
  hold off;
  xlabel ('Input');
  ylabel ('Output and Target');
  title ('Function Fit for Output Element 1');
end

function v = row (a)
  if (iscell (a)) a = a{1}; end
  v = double (full (a(:)))';
end
