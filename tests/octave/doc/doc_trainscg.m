% trainscg, as on MathWorks' trainscg page, on house_dataset.
% requires: trainscg

[x, t] = house_dataset;
net = feedforwardnet(10, 'trainscg');
[net, tr] = train(net, x, t);
y = net(x);
perf = perform(net, t, y)

% ---- checks
p = net.trainParam;
clm_check(p.sigma == 5e-5 && p.lambda == 5e-7 && p.min_grad == 1e-6, 'trainscg defaults: sigma 5e-5, lambda 5e-7, min_grad 1e-6');
clm_check(perf < var(t, 1) / 3, sprintf('trainscg fits house_dataset (mse %.3g)', perf));
clm_check(~isfield(tr, 'mu') && all(diff(tr.perf) <= 0), 'no mu; training perf never increases (SCG accepts only descents)');
