function net = network (s)
% net = network (s)
% The network object of chaoslm's MATLAB-compatible interface.  Create
% networks with feedforwardnet, fitnet or patternnet; network (s) wraps a
% network struct made by clm_feedforwardnet (the older struct interface;
% its trainParam.seed is kept: set it to [] to draw seeds from Octave's
% generator), and network (net) returns net unchanged.
%
% The object has MATLAB's properties (net.trainFcn, net.trainParam.epochs,
% net.divideParam.trainRatio, net.layers{1}.transferFcn, net.IW{1,1}, ...)
% and methods (train, sim, net(x), configure, init, getwb, setwb, perform,
% view).  Assigning an unknown property, a misspelt parameter or a setting
% the library does not implement is an error that names the nearest valid
% name; assigning net.trainFcn resets net.trainParam to the new training
% function's defaults, as in MATLAB.  Octave's value semantics hold:
% net2 = net is a copy.  save and load keep the whole network.
% See also: feedforwardnet, fitnet, patternnet, train, sim.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin == 0)
    error ('chaoslm:network', ...
           ['network (): custom networks are not available in chaoslm; create one with ' ...
            'feedforwardnet, fitnet or patternnet']);
  end
  if (nargin > 1)
    error ('chaoslm:network', ...
           ['network (numInputs, numLayers, ...): custom networks are not available in ' ...
            'chaoslm; create one with feedforwardnet, fitnet or patternnet']);
  end
  if (isa (s, 'network'))
    net = s;
    return;
  end
  if (~ isstruct (s) || ~ isscalar (s) || ~ isfield (s, 'clm_state'))
    error ('chaoslm:network', 'network (s): s must be a network struct made by clm_feedforwardnet');
  end
  s = chaoslm_mex ('rebuild', s);   % checks the struct and adds missing fields
  net = class (struct ('s', s), 'network');
end
