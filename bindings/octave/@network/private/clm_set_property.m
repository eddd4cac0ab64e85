function s = clm_set_property (s, name, new)
% s = clm_set_property (s, name, new)
% Set property `name` of network struct s to `new`, with MATLAB's side
% effects, and check the result with the library (chaoslm_mex 'rebuild',
% which rejects misspelt fields with the nearest name and settings the
% library does not implement).

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  L = numel (s.layers);
  switch (name)
    case 'trainFcn'
      tp = chaoslm_mex ('trainParam', new);  % unknown names: the nearest one
      tp.seed = [];
      s.trainFcn = new;
      s.trainParam = tp;
    case 'trainParam'
      s.trainParam = check_trainparam (s.trainFcn, s.trainParam, new);
      return;
    case 'divideFcn'
      s.divideParam = divide_defaults (new);
      s.divideFcn = new;
      if (strcmp (new, 'divideind'))
        return;   % the index lists are checked when they are complete (train)
      end
    case 'divideParam'
      s.divideParam = new;
      if (strcmp (s.divideFcn, 'divideind'))
        check_fields ('net.divideParam', new, {'trainInd', 'valInd', 'testInd'});
        return;   % partial lists are fine until train
      end
    case 'performFcn'
      check_name ('net.performFcn', new, {'mse', 'sse', 'mae', 'sae', 'crossentropy', 'msesparse'});
      s.performFcn = new;
      s.performParam = struct ('regularization', 0, 'normalization', 'none');
    case 'layers'
      s = set_layers (s, new, L);
    case {'inputs', 'outputs'}
      s = set_sides (s, name, new, L);
    case {'IW', 'LW', 'b'}
      if (isempty (s.clm_state))
        error ('chaoslm:CLM_ENOTCONFIGURED', ...
               ['net.%s: the network is not configured, and configure (or train) would replace ' ...
                'these weights: call configure (net, x, t) first'], name);
      end
      s.(name) = new;
    otherwise
      s.(name) = new;
  end
  s = chaoslm_mex ('rebuild', s);
end

% ----------------------------------------------------------------- trainParam
function tp = check_trainparam (trainFcn, old, new)
  if (~ isstruct (new) || ~ isscalar (new))
    error ('chaoslm:CLM_EPARAM', 'net.trainParam must be a scalar struct (got %s)', class (new));
  end
  tp = chaoslm_mex ('trainParam', trainFcn);
  tp.seed = [];
  f = fieldnames (new);
  for k = 1:numel (f)
    v = new.(f{k});
    changed = ~ isfield (old, f{k}) || ~ isequal (old.(f{k}), v);
    if (changed && ~ (strcmp (f{k}, 'seed') && isempty (v)))
      chaoslm_mex ('checkParam', trainFcn, f{k}, v);   % errors name the nearest field
    end
    tp.(f{k}) = v;
  end
end

% ----------------------------------------------------------------- division
function dp = divide_defaults (fcn)
  if (~ ischar (fcn))
    error ('chaoslm:CLM_EDIVIDE', 'net.divideFcn must be a character string (got %s)', class (fcn));
  end
  switch (fcn)
    case {'dividerand', 'divideblock', 'divideint'}
      dp = struct ('trainRatio', 0.7, 'valRatio', 0.15, 'testRatio', 0.15);
    case 'divideind'
      dp = struct ('trainInd', [], 'valInd', [], 'testInd', []);
    case {'dividetrain', ''}
      dp = struct ();
    otherwise
      check_name ('net.divideFcn', fcn, {'dividerand', 'divideblock', 'divideint', 'divideind', 'dividetrain'});
      error ('chaoslm:CLM_EDIVIDE', 'net.divideFcn = ''%s'': not available in this build', fcn);
  end
end

function check_fields (path, st, known)
  if (~ isstruct (st) || ~ isscalar (st))
    error ('chaoslm:CLM_EDIVIDE', '%s must be a scalar struct', path);
  end
  f = fieldnames (st);
  for k = 1:numel (f)
    if (~ any (strcmp (f{k}, known)))
      near = clm_nearest (f{k}, known);
      if (isempty (near))
        error ('chaoslm:property', '%s.%s is not a property of chaoslm''s networks', path, f{k});
      end
      error ('chaoslm:property', '%s.%s is not a property of chaoslm''s networks; did you mean ''%s''?', ...
             path, f{k}, near);
    end
  end
end

function check_name (path, v, known)
  if (~ ischar (v))
    error ('chaoslm:CLM_EINVAL', '%s must be a character string (got %s)', path, class (v));
  end
  if (~ any (strcmp (v, known)))
    near = clm_nearest (v, known);
    if (isempty (near))
      error ('chaoslm:CLM_EINVAL', '%s = ''%s'': unknown (%s)', path, v, strjoin (known, ', '));
    end
    error ('chaoslm:CLM_EINVAL', '%s = ''%s'': unknown; did you mean ''%s''?', path, v, near);
  end
end

% ----------------------------------------------------------------- layers
function s = set_layers (s, new, L)
  if (~ iscell (new) || numel (new) ~= L)
    error ('chaoslm:property', ...
           'net.layers must stay a cell of %d layers (net.numLayers is read-only in chaoslm)', L);
  end
  unconfigure = false;
  for l = 1:L
    if (~ isstruct (new{l}) || ~ isfield (new{l}, 'size'))
      continue;   % the library's check names the problem
    end
    if (~ isequal (new{l}.size, s.layers{l}.size))
      if (l == L)
        error ('chaoslm:property', ...
               'net.layers{%d}.size is the output size: it is set by configure from the targets', L);
      end
      unconfigure = true;
    end
  end
  s.layers = new;
  if (unconfigure)
    s.clm_state = '';   % new sizes: the weights are created again by configure or train
  end
end

% ----------------------------------------------------------------- inputs, outputs
function s = set_sides (s, name, new, L)
  k = 1;
  if (strcmp (name, 'outputs'))
    k = L;
  end
  old = s.(name);
  if (~ iscell (new) || ~ isequal (size (new), size (old)))
    error ('chaoslm:property', 'net.%s must stay a %dx%d cell (one input, one output)', ...
           name, rows (old), columns (old));
  end
  a = old{k};
  b = new{k};
  if (~ isstruct (b))
    error ('chaoslm:property', 'net.%s{%d} must be a struct', name, k);
  end
  for f = {'size', 'range', 'processSettings', 'processedSize'}
    if (isfield (b, f{1}) && ~ isequal (a.(f{1}), b.(f{1})))
      error ('chaoslm:property', ...
             'net.%s{%d}.%s is read-only: it is computed from the data by configure (or train)', ...
             name, k, f{1});
    end
  end
  if (isfield (b, 'processFcns') && ~ isequal (a.processFcns, b.processFcns))
    % MATLAB: new processing functions take their default parameters; the
    % settings are computed from the data again
    b = rmfield (b, 'processParams');
    s.clm_state = '';
  end
  new{k} = b;
  s.(name) = new;
end
