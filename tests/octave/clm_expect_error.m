function msg = clm_expect_error (f, id, pattern, desc)
% msg = clm_expect_error (f, id, pattern, desc)
% Check (clm_check) that calling f () raises an error with identifier id
% whose message matches the regular expression pattern and does not
% start with the MEX's internal name.  Returns the message.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  msg = '';
  try
    f ();
    clm_check (false, sprintf ('%s: error %s expected, none raised', desc, id));
    return;
  catch err
    msg = err.message;
  end
  good = strcmp (err.identifier, id) && ~ isempty (regexp (msg, pattern, 'once')) && ...
         isempty (strfind (msg, 'chaoslm_mex:'));
  clm_check (good, sprintf ('%s: %s "%s"', desc, err.identifier, msg));
end
