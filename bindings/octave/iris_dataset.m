function [x, t] = iris_dataset ()
% [x, t] = iris_dataset ()
% Fisher's iris flowers: 4 measurements (cm) of 150 flowers and their
% species as one-hot columns (setosa, versicolor, virginica), the data of
% MATLAB's iris_dataset.
% x is 4x150 and t is 3x150 (one column per sample), as MATLAB's
% iris_dataset returns them.  Source and licence: data/README.md
% (iris.csv).
% See also: fitnet, patternnet.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  [x, t] = clm_read_dataset ('iris.csv', 4);
end
