function [x, t] = house_dataset ()
% [x, t] = house_dataset ()
% Boston housing: 13 attributes of 506 Boston suburbs (Harrison and
% Rubinfeld 1978) and the median home value in k$, the data of MATLAB's
% house_dataset.
% x is 13x506 and t is 1x506 (one column per sample), as MATLAB's
% house_dataset returns them.  Source and licence: data/README.md
% (boston_housing.csv).
% See also: fitnet, patternnet.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  [x, t] = clm_read_dataset ('boston_housing.csv', 13);
end
