function [pos, opt] = clm_options (fname, args, npos)
% [pos, opt] = clm_options (fname, args, npos)
% Split the trailing arguments of train or sim into up to npos positional
% ones (MATLAB's Xi, Ai, EW / Xi, Ai, T) and name-value options
% ('useParallel', 'useGPU', 'showResources', 'reduction',
% 'CheckpointFile', 'CheckpointDelay'; names are case-insensitive, as in
% MATLAB).  opt has one field per option, [] when not given; values are
% checked.  An unknown name is an error naming the nearest known one.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  known = {'useParallel', 'useGPU', 'showResources', 'reduction', 'CheckpointFile', 'CheckpointDelay'};
  opt = cell2struct (cell (numel (known), 1), known, 1);
  k = 1;
  pos = {};
  while (k <= numel (args) && ~ (ischar (args{k}) && k + 1 <= numel (args) && ...
                                 any (strcmpi (args{k}, known))))
    if (numel (pos) == npos)
      if (ischar (args{k}))
        near = clm_nearest (args{k}, known);
        if (~ isempty (near))
          error ('chaoslm:usage', '%s: unknown option ''%s''; did you mean ''%s''?', fname, args{k}, near);
        end
        error ('chaoslm:usage', '%s: unknown option ''%s'' (%s)', fname, args{k}, strjoin (known, ', '));
      end
      error ('chaoslm:usage', '%s: too many arguments', fname);
    end
    pos{end+1} = args{k};
    k++;
  end
  if (mod (numel (args) - k + 1, 2) ~= 0)
    error ('chaoslm:usage', '%s: options come in name-value pairs', fname);
  end
  for j = k:2:numel (args)
    name = args{j};
    if (~ ischar (name) || ~ any (strcmpi (name, known)))
      if (ischar (name))
        near = clm_nearest (name, known);
      else
        near = '';
      end
      if (~ isempty (near))
        error ('chaoslm:usage', '%s: unknown option ''%s''; did you mean ''%s''?', fname, name, near);
      end
      error ('chaoslm:usage', '%s: option names are %s', fname, strjoin (known, ', '));
    end
    name = known{strcmpi (name, known)};
    opt.(name) = check_value (fname, name, args{j+1});
  end
end

function v = check_value (fname, name, v)
  switch (name)
    case {'useParallel', 'showResources'}
      v = yes_no (fname, name, v, {'yes', 'no'});
    case 'useGPU'
      v = yes_no (fname, name, v, {'yes', 'no', 'only'});
    case 'reduction'
      if (~ (isnumeric (v) && isscalar (v) && v >= 1 && v == fix (v)))
        error ('chaoslm:usage', '%s: ''reduction'' must be a positive integer', fname);
      end
    case {'CheckpointFile', 'CheckpointDelay'}
      error ('chaoslm:usage', ...
             '%s: ''%s'' is not available in this build (chaoslm''s checkpoints: see doc/octave.md)', ...
             fname, name);
  end
end

function v = yes_no (fname, name, v, allowed)
  if (islogical (v) && isscalar (v))
    if (v) v = 'yes'; else v = 'no'; end
  end
  if (~ ischar (v) || ~ any (strcmpi (v, allowed)))
    error ('chaoslm:usage', '%s: ''%s'' must be %s', fname, name, strjoin (strcat ('''', allowed, ''''), ', '));
  end
  v = lower (v);
end
