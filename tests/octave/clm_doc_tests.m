function n_failed = clm_doc_tests (docdir)
% n_failed = clm_doc_tests (docdir)
% Runs every MATLAB documentation-style script docdir/doc_*.m (run by
% tests/octave_doc.sh after "pkg load chaoslm").  Each script runs in a
% workspace of its own after rng (1), so its random draws are repeatable,
% and ends with clm_check lines (TAP, without numbers).  A script whose
% "% requires:" line names a training or performance function (or the
% performParam settings 'regularization', 'standard', 'percent') the
% library lacks is reported as skipped, naming the missing ones; any
% error in a script that runs is a failure.  Returns the failures.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  global CLM_DOC_FAILED CLM_DOC_SCRIPT
  CLM_DOC_FAILED = 0;
  caps = chaoslm_mex ('capabilities');
  have = [{caps.trainers.name}, caps.performFcns, caps.normalization];
  if (caps.regularization)
    have{end+1} = 'regularization';
  end
  set (0, 'defaultfigurevisible', 'off');
  files = dir (fullfile (docdir, 'doc_*.m'));
  for k = 1:numel (files)
    file = fullfile (docdir, files(k).name);
    name = files(k).name(1:end-2);
    CLM_DOC_SCRIPT = name;
    missing = setdiff (requirements (file), have);
    if (~ isempty (missing))
      printf ('ok - %s # SKIP not available in this build: %s\n', name, strjoin (missing, ', '));
      continue;
    end
    rng (1);
    t0 = tic ();
    try
      run_script (file);
      printf ('ok - %s: ran to the end (%.1f s)\n', name, toc (t0));
    catch err
      where = '';
      if (~ isempty (err.stack))
        where = sprintf (' (%s line %d)', err.stack(1).name, err.stack(1).line);
      end
      printf ('not ok - %s: error %s: %s%s\n', name, err.identifier, ...
              strrep (err.message, sprintf ('\n'), ' '), where);
      CLM_DOC_FAILED = CLM_DOC_FAILED + 1;
    end
    close all;
    fflush (stdout);
  end
  n_failed = CLM_DOC_FAILED;
end

function run_script (file)
  run (file);
end

function req = requirements (file)
  txt = fileread (file);
  tok = regexp (txt, '% requires:([^\n]*)', 'tokens', 'once');
  if (isempty (tok))
    error ('test:doc', '%s has no "%% requires:" line', file);
  end
  req = strsplit (strtrim (tok{1}), ' ');
end
