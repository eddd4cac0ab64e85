function varargout = subsref (net, S)
% Indexing of a network object: net.property (MATLAB's names, nested as
% net.trainParam.epochs or net.layers{1}.transferFcn) and net(x), which is
% sim (net, x).

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  switch (S(1).type)
    case '()'
      v = sim (net, S(1).subs{:});
    case '.'
      v = property (net.s, S(1).subs);
    otherwise
      error ('chaoslm:property', ...
             'a network is indexed with a property name (net.trainParam) or with data (net(x)), not with {}');
  end
  if (numel (S) > 1)
    v = subsref (v, S(2:end));
  end
  varargout = {v};
end

function v = property (s, name)
  L = numel (s.layers);
  switch (name)
    case 'input'
      v = s.inputs{1};
    case 'output'
      v = s.outputs{L};
    case {'numInputDelays', 'numLayerDelays', 'numFeedbackDelays'}
      v = 0;
    case 'sampleTime'
      v = 1;
    case 'biasConnect'
      v = true (L, 1);
    case 'outputConnect'
      v = [false(1, L - 1), true];
    otherwise
      names = clm_properties ();
      if (~ any (strcmp (name, names)))
        near = clm_nearest (name, names);
        if (isempty (near))
          error ('chaoslm:property', 'net.%s is not a property of chaoslm''s networks', name);
        end
        error ('chaoslm:property', 'net.%s is not a property of chaoslm''s networks; did you mean ''%s''?', ...
               name, near);
      end
      v = s.(name);
  end
end
