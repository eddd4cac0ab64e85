function names = fieldnames (net)
% names = fieldnames (net)
% The properties of a network object, as a cell column.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  names = clm_properties ()';
end
