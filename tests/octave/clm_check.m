function clm_check (cond, desc)
% clm_check (cond, desc)
% One TAP line for the doc-style scripts: "ok - <script>: desc" or
% "not ok - ...", counted in the global CLM_DOC_FAILED (see
% clm_doc_tests).

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  global CLM_DOC_FAILED CLM_DOC_SCRIPT
  if (isempty (CLM_DOC_FAILED))
    CLM_DOC_FAILED = 0;
  end
  desc = strrep (desc, sprintf ('\n'), ' ');
  if (cond)
    printf ('ok - %s: %s\n', CLM_DOC_SCRIPT, desc);
  else
    printf ('not ok - %s: %s\n', CLM_DOC_SCRIPT, desc);
    CLM_DOC_FAILED = CLM_DOC_FAILED + 1;
  end
  fflush (stdout);
end
