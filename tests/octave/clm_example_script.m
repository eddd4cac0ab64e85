% A MATLAB-style training script, written as a MATLAB user would with
% feedforwardnet/train/sim, with the clm_ names.  Run by clm_octave_tests
% (and usable as a README example).

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
x = linspace(-2, 2, 200);
t = sin(2 * x) + 0.5 * x .^ 2;

net = clm_feedforwardnet(10);          % tansig hidden layer, trainlm
net.trainParam.epochs = 50;
net.trainParam.showCommandLine = false;
net.trainParam.seed = 42;
net.divideParam.trainRatio = 0.8;
net.divideParam.valRatio = 0.1;
net.divideParam.testRatio = 0.1;

[net, tr] = clm_train(net, x, t);
y = clm_sim(net, x);
perf_all = mean((t - y) .^ 2);

fprintf('# stopped after %d epochs: %s (best epoch %d, test mse %.3g)\n', ...
        tr.num_epochs, tr.stop, tr.best_epoch, tr.best_tperf);
