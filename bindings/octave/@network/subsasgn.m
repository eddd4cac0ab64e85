function net = subsasgn (net, S, val)
% Assignment to a network property: net.trainParam.epochs = 50,
% net.layers{1}.transferFcn = 'logsig', net.divideParam.trainRatio = 0.8,
% ...  Every assignment is checked at once: an unknown property or
% parameter is an error naming the nearest valid one, a value the library
% does not implement is an error, and the side effects are MATLAB's
% (net.trainFcn resets net.trainParam, net.divideFcn resets
% net.divideParam, net.performFcn resets net.performParam).

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (~ strcmp (S(1).type, '.'))
    error ('chaoslm:property', ...
           'assign network properties by name, as in net.trainParam.epochs = 50');
  end
  name = S(1).subs;
  s = net.s;
  L = numel (s.layers);
  % net.input and net.output are net.inputs{1} and net.outputs{L}
  if (strcmp (name, 'input') || strcmp (name, 'output'))
    idx = struct ('type', '{}', 'subs', {{1}});
    if (strcmp (name, 'output'))
      idx.subs = {L};
    end
    name = [name 's'];
    S = [struct('type', '.', 'subs', name), idx, S(2:end)];
  end
  [names, readonly] = clm_properties ();
  if (any (strcmp (name, readonly)))
    error ('chaoslm:property', ...
           'net.%s is read-only in chaoslm (it follows from the layers and the data)', name);
  end
  if (~ any (strcmp (name, names)))
    subsref (net, S(1));   % raises the "did you mean" error
  end
  if (numel (S) == 1)
    new = val;
  else
    new = subsasgn (s.(name), S(2:end), val);
  end
  net.s = clm_set_property (s, name, new);
end
