function [flag, inputflags, outputflags] = isconfigured (net)
% [flag, inputflags, outputflags] = isconfigured (net)
% True when the network's input and output sizes are set (by configure or
% train).
% See also: configure.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  flag = ~ isempty (net.s.clm_state);
  inputflags = flag;
  outputflags = flag;
end
