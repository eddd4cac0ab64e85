function [x, wrapped] = clm_data (x, name)
% [x, wrapped] = clm_data (x, name)
% Data as the MEX takes it: a real double matrix, one column per sample.
% As MATLAB does, a 1x1 cell holding the matrix is accepted (wrapped is
% then true), and logical, single and sparse data are converted (exactly)
% to full doubles; other classes are left for the MEX to reject.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  wrapped = false;
  if (iscell (x))
    if (numel (x) ~= 1)
      error ('chaoslm:type', ...
             '%s: a cell array of %d matrices is time-series data, which chaoslm''s static networks do not take (give one matrix, one column per sample)', ...
             name, numel (x));
    end
    x = x{1};
    wrapped = true;
  end
  if (islogical (x) || isa (x, 'single') || (issparse (x) && isreal (x)))
    x = full (double (x));
  end
end
