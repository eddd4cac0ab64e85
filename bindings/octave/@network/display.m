function display (net)
% display (net)
% Show a network the way MATLAB does when a statement is not terminated
% by a semicolon.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  name = inputname (1);
  if (isempty (name))
    name = 'ans';
  end
  printf ('%s =\n\n', name);
  disp (net);
end
