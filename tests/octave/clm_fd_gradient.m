function g = clm_fd_gradient (net, w, x, t)
% g = clm_fd_gradient (net, w, x, t)
% Central finite-difference gradient of mse (net with weights w; x, t)
% with respect to the weights, step 1e-6: an independent reference for
% the trainers' gradient steps in the doc-style tests.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  h = 1e-6;
  g = zeros (size (w));
  for k = 1:numel (w)
    d = zeros (size (w));
    d(k) = h;
    np = setwb (net, w + d);
    nm = setwb (net, w - d);
    g(k) = (mse (np, t, sim (np, x)) - mse (nm, t, sim (nm, x))) / (2 * h);
  end
end
