function [x, t] = building_dataset ()
% [x, t] = building_dataset ()
% Building energy (PROBEN1 building, scaled to about [0, 1]): 14 time and
% weather inputs and the electricity, cold water and hot water use, as
% MATLAB's building_dataset.
% x is 14x4208 and t is 3x4208 (one column per sample), as MATLAB's
% building_dataset returns them.  Source and licence: data/README.md
% (building_energy.csv).
% See also: fitnet, patternnet.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  [x, t] = clm_read_dataset ('building_energy.csv', 14);
end
