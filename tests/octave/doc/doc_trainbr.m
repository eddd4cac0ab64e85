% trainbr, as on MathWorks' trainbr page: Bayesian regularization on
% simplefit_dataset; tr records gamk and ssX.
% requires: trainbr

[x, t] = simplefit_dataset;
net = feedforwardnet(10, 'trainbr');
net.trainParam.epochs = 100;
[net, tr] = train(net, x, t);
y = net(x);
perf = perform(net, y, t)

% ---- checks
p = net.trainParam;
clm_check(p.mu == 0.005 && isinf(p.max_fail), 'trainbr defaults: mu 0.005, max_fail Inf');
clm_check(all(isfield(tr, {'gamk', 'ssX'})) && numel(tr.gamk) == tr.num_epochs + 1, 'tr.gamk and tr.ssX per epoch');
P = numel(getwb(net));
clm_check(tr.gamk(end) > 0 && tr.gamk(end) <= P, sprintf('effective parameters 0 < %.3g <= %d', tr.gamk(end), P));
b = tr.best_epoch + 1;
clm_check(abs(tr.ssX(b) - sum(getwb(net) .^ 2)) <= 1e-9 * tr.ssX(b), ...
          'ssX at the returned epoch is the sum of the returned network''s squared weights');
E = @clm_expect_error;
r = feedforwardnet(5, 'trainbr');
r.performParam.regularization = 0.1;
E(@() train(r, x, t), 'chaoslm:CLM_EPERFORM', 'regulariz', ...
  'trainbr with performParam.regularization (it sets its own; MATLAB overrides with a notice)');
clm_check(perf < 1e-2 * var(t, 1), sprintf('trainbr fits simplefit (perf %.3g)', perf));
