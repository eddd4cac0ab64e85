function d = gsubtract (a, b)
% d = gsubtract (a, b)
% a - b, as MATLAB's gsubtract (which also subtracts cell arrays element
% by element; here a 1x1 cell gives a 1x1 cell).

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (iscell (a) && iscell (b))
    d = cellfun (@minus, a, b, 'UniformOutput', false);
  else
    d = a - b;
  end
end
