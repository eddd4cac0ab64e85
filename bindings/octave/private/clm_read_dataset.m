function [x, t] = clm_read_dataset (file, n_inputs)
% [x, t] = clm_read_dataset (file, n_inputs)
% One of chaoslm's bundled CSV files (data/README.md: a header row, one
% sample per line, inputs first) as MATLAB's dataset loaders return data:
% x is n_inputs x Q, t the remaining columns transposed.  The file is
% looked for in $CHAOSLM_DATADIR, in data/ next to the loaders (an Octave
% package), in the source tree, and in the data folder of an installed
% chaoslm ($(datadir)/chaoslm).

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  here = fileparts (fileparts (mfilename ('fullpath')));
  dirs = {getenv('CHAOSLM_DATADIR'), fullfile(here, 'data'), fullfile(here, '..', '..', 'data'), ...
          fullfile(here, '..', '..', '..', 'share', 'chaoslm'), ...
          fullfile(here, '..', '..', '..', '..', 'share', 'chaoslm')};
  path = '';
  for k = 1:numel (dirs)
    if (~ isempty (dirs{k}) && exist (fullfile (dirs{k}, file), 'file'))
      path = fullfile (dirs{k}, file);
      break;
    end
  end
  if (isempty (path))
    error ('chaoslm:dataset', ...
           '%s not found: set CHAOSLM_DATADIR to the folder of chaoslm''s data files (data/ in the sources)', file);
  end
  M = dlmread (path, ',', 1, 0);
  x = M(:, 1:n_inputs)';
  t = M(:, n_inputs+1:end)';
end
