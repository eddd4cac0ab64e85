function [x, t] = thyroid_dataset ()
% [x, t] = thyroid_dataset ()
% Thyroid disease (PROBEN1 encoding): 21 attributes of 7200 patients and
% one-hot classes (hyperfunction, subnormal, normal), the data of MATLAB's
% thyroid_dataset.
% x is 21x7200 and t is 3x7200 (one column per sample), as MATLAB's
% thyroid_dataset returns them.  Source and licence: data/README.md
% (thyroid.csv).
% See also: fitnet, patternnet.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  [x, t] = clm_read_dataset ('thyroid.csv', 21);
end
