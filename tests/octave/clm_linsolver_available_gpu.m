function ok = clm_linsolver_available_gpu ()
% ok = clm_linsolver_available_gpu ()
% True when trainlm can use the GPU here: a one-epoch training with
% backend 'gpu' succeeds.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  net = clm_feedforwardnet (2);
  net.trainParam.epochs = 1;
  net.trainParam.showWindow = false;
  net.trainParam.backend = 'gpu';
  try
    clm_train (net, 1:10, (1:10) .^ 2);
    ok = true;
  catch
    ok = false;
  end
end
