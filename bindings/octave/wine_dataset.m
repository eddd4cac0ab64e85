function [x, t] = wine_dataset ()
% [x, t] = wine_dataset ()
% Wine recognition: 13 chemical measurements of 178 Italian wines and
% their cultivar as one-hot columns, the data of MATLAB's wine_dataset.
% x is 13x178 and t is 3x178 (one column per sample), as MATLAB's
% wine_dataset returns them.  Source and licence: data/README.md
% (wine.csv).
% See also: fitnet, patternnet.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  [x, t] = clm_read_dataset ('wine.csv', 13);
end
