function disp (net)
% disp (net)
% The properties of a network, grouped as MATLAB shows them.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  s = net.s;
  L = numel (s.layers);
  f = @(label, value) printf ('%20s: %s\n', label, value);
  printf ('    Neural Network (chaoslm)\n\n');
  f ('name', ['''' s.name '''']);
  f ('userdata', '(your custom info)');
  printf ('\n    dimensions:\n\n');
  f ('numInputs', '1');
  f ('numLayers', sprintf ('%d', L));
  f ('numOutputs', '1');
  f ('numWeightElements', sprintf ('%d', s.numWeightElements));
  if (all (s.inputConnect))
    printf ('\n    connections: cascade-forward: the input and every layer feed all later layers\n');
  else
    printf ('\n    connections: feed-forward: the input feeds layer 1, layer l feeds layer l+1\n');
  end
  printf ('\n    subobjects:\n\n');
  f ('input', 'Equivalent to inputs{1}');
  f ('output', sprintf ('Equivalent to outputs{%d}', L));
  f ('inputs', sprintf ('{1x1 cell array of 1 input, size %d}', s.inputs{1}.size));
  sizes = cellfun (@(ly) ly.size, s.layers);
  tfs = cellfun (@(ly) ly.transferFcn, s.layers, 'UniformOutput', false);
  f ('layers', sprintf ('{%dx1 cell array of %d layers: %s}', L, L, ...
                        strjoin (arrayfun (@(k) sprintf ('%d %s', sizes(k), tfs{k}), 1:L, ...
                                           'UniformOutput', false), ', ')));
  f ('outputs', sprintf ('{1x%d cell array of 1 output, size %d}', L, s.outputs{L}.size));
  printf ('\n    functions:\n\n');
  f ('divideFcn', ['''' s.divideFcn '''']);
  f ('divideParam', fields_of (s.divideParam));
  f ('divideMode', ['''' s.divideMode '''']);
  f ('initFcn', ['''' s.initFcn '''']);
  f ('performFcn', ['''' s.performFcn '''']);
  f ('performParam', fields_of (s.performParam));
  f ('plotFcns', strjoin (s.plotFcns, ', '));
  f ('trainFcn', ['''' s.trainFcn '''']);
  f ('trainParam', fields_of (s.trainParam));
  printf ('\n    weight and bias values:\n\n');
  f ('IW', sprintf ('{%dx1 cell} containing %d input weight matrices', L, nnz (s.inputConnect)));
  f ('LW', sprintf ('{%dx%d cell} containing %d layer weight matrices', L, L, nnz (s.layerConnect)));
  f ('b', sprintf ('{%dx1 cell} containing %d bias vectors', L, L));
  if (isempty (s.clm_state))
    printf ('\n    not configured: train or configure sets the sizes from data\n\n');
  else
    printf ('\n    methods: train, sim, net(x), configure, init, getwb, setwb, perform, view\n\n');
  end
end

function txt = fields_of (st)
  names = fieldnames (st);
  if (isempty (names))
    txt = '(none)';
    return;
  end
  if (numel (names) > 8)
    names = [names(1:8); {'...'}];
  end
  txt = ['.' strjoin(names', ', .')];
  txt = strrep (txt, '.,', ',');
end
