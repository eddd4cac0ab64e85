function n_failed = clm_interrupt_test ()
% n_failed = clm_interrupt_test ()
% Ctrl-C test, driven by tests/octave_mex.sh: trains a long traingd run with
% progress lines; the shell script sends SIGINT once lines appear.  The
% training must stop with 'User stop.', return a usable network, and leave
% Octave running (the interrupt is consumed).  Prints TAP lines.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  n_failed = 0;
  q = 0:1999;
  x = [sin(q * 0.01); cos(q * 0.013)];
  t = x(1, :) .* x(2, :);
  net = clm_feedforwardnet(20, 'traingd');
  net.divideFcn = 'dividetrain';
  net.trainParam.epochs = 1e7;
  net.trainParam.time = 60;
  net.trainParam.min_grad = 0;
  net.trainParam.showCommandLine = true;
  net.trainParam.show = 100;
  printf('# training; waiting for SIGINT\n'); fflush(stdout);
  tic;
  [net2, tr] = clm_train(net, x, t);
  el = toc;
  checks = {strcmp(tr.stop, 'User stop.'), sprintf('Ctrl-C: tr.stop = "%s"', tr.stop); ...
            el < 55, sprintf('Ctrl-C: training stopped early (%.1f s)', el); ...
            tr.num_epochs > 0 && tr.perf(tr.best_epoch + 1) == min(tr.perf), ...
            sprintf('Ctrl-C: best network of %d epochs returned', tr.num_epochs)};
  y = clm_sim(net2, x);
  checks(end+1, :) = {all(isfinite(y(:))) && isequal(clm_getwb(net2) == clm_getwb(net2), true(size(clm_getwb(net2)))), ...
                      'Ctrl-C: Octave keeps running and the returned net simulates'};
  for k = 1:rows(checks)
    if (checks{k, 1}) printf('ok - %s\n', checks{k, 2});
    else printf('not ok - %s\n', checks{k, 2}); n_failed++; end
  end
  fflush(stdout);
end
