function view (net)
% view (net)
% The network's structure, drawn as text (MATLAB opens a diagram window):
% input size, each layer with its size and transfer function, output size,
% and the extra connections of a cascade-forward network.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  s = net.s;
  L = numel (s.layers);
  parts = {sprintf('Input (%d)', s.inputs{1}.size)};
  for l = 1:L
    if (l < L)
      label = sprintf ('Hidden Layer %d', l);
    else
      label = 'Output Layer';
    end
    parts{end+1} = sprintf ('[%s: %d %s]', label, s.layers{l}.size, s.layers{l}.transferFcn);
  end
  parts{end+1} = sprintf ('Output (%d)', s.outputs{L}.size);
  printf ('%s\n  %s\n', s.name, strjoin (parts, ' -> '));
  if (all (s.inputConnect) && L > 1)
    printf ('  (cascade: the input and every layer also feed all later layers)\n');
  end
end
