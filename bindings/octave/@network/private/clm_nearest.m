function best = clm_nearest (name, names)
% best = clm_nearest (name, names)
% The entry of the cell array names closest to name (case-insensitive edit
% distance), or '' when none is close (more than half of its letters
% differ).  Used for "did you mean" messages.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  best = '';
  best_d = Inf;
  a = lower (name);
  for k = 1:numel (names)
    b = lower (names{k});
    d = edit_distance (a, b);
    if (d < best_d && d <= floor (numel (b) / 2))
      best_d = d;
      best = names{k};
    end
  end
end

function d = edit_distance (a, b)
  row = 0:numel (b);
  for i = 1:numel (a)
    prev = row;
    row(1) = i;
    for j = 1:numel (b)
      row(j+1) = min ([prev(j+1) + 1, row(j) + 1, prev(j) + (a(i) ~= b(j))]);
    end
  end
  d = row(end);
end
