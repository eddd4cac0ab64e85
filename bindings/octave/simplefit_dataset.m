function [x, t] = simplefit_dataset ()
% [x, t] = simplefit_dataset ()
% A smooth one-input curve fitting problem in the shape of MATLAB's
% simplefit_dataset: x is 1x94, evenly spaced on [0, 9.976], and t is 1x94
% in [0, 10].  The values are chaoslm's own (MathWorks' data are not
% redistributable): t is the curve
%     f(x) = sin (1.3 x) + 0.6 cos (0.45 x + 1) + 0.08 x
% scaled linearly onto [0, 10].
% See also: fitnet, house_dataset.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  x = linspace (0, 9.976, 94);
  f = sin (1.3 * x) + 0.6 * cos (0.45 * x + 1) + 0.08 * x;
  t = 10 * (f - min (f)) / (max (f) - min (f));
end
