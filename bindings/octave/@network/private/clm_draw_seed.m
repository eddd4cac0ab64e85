function seed = clm_draw_seed (tp)
% seed = clm_draw_seed (tp)
% The seed of one random operation (initial weights, data division):
% tp.seed when the user set it, else a number drawn from Octave's global
% generator, which advances it.  Like MATLAB, whose train, configure and
% init draw from the global stream, every call then gives new weights and
% a new division, and rand ('seed', s), rand ('state', s) or rng (s)
% beforehand make a script repeatable.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  if (nargin > 0 && isfield (tp, 'seed') && ~ isempty (tp.seed))
    seed = tp.seed;
  else
    seed = floor (rand () * 2^53);
  end
end
