function [x, t] = glass_dataset ()
% [x, t] = glass_dataset ()
% Glass identification (B. German, via UCI): the refractive index and 8
% oxide contents of 214 glass fragments, and whether each comes from a
% window (types 1-3: building float, building non-float, vehicle float)
% or not, as two one-hot rows [window; non-window] -- the two-class
% problem of MATLAB's glass_dataset.  x is 9x214 and t is 2x214.  The six
% types are the last six columns of data/glass.csv (data/README.md).
% See also: patternnet.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  [x, types] = clm_read_dataset ('glass.csv', 9);
  window = sum (types(1:3, :), 1);
  t = [window; 1 - window];
end
