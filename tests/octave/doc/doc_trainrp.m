% trainrp, as on MathWorks' trainrp page, on house_dataset.
% requires: trainrp

[x, t] = house_dataset;
net = feedforwardnet(10, 'trainrp');
net.trainParam.epochs = 200;
[net, tr] = train(net, x, t);
y = net(x);

% ---- checks
p = net.trainParam;
clm_check(p.delt_inc == 1.2 && p.delt_dec == 0.5 && p.delta0 == 0.07 && p.deltamax == 50 && p.min_grad == 1e-5, ...
          'trainrp defaults: delt_inc 1.2, delt_dec 0.5, delta0 0.07, deltamax 50');
clm_check(tr.perf(end) < 0.5 * tr.perf(1), sprintf('trainrp lowers the error (%.4g -> %.4g)', tr.perf(1), tr.perf(end)));
% the first Rprop step: the previous gradient is the first one, so every
% step size grows once, to delta0 * delt_inc, against the gradient's sign
n0 = feedforwardnet(3, 'trainrp');
n0.divideFcn = 'dividetrain';
n0.trainParam.showWindow = false;
n0.trainParam.epochs = 1;
n0.trainParam.delta0 = 1e-3;    % a small step, so that the epoch lowers the error
xs = x(1:3, 1:100); ts = t(1:100);        % a small problem: the reference is slow
n0 = configure(n0, xs, ts);
w0 = getwb(n0);
g = clm_fd_gradient(n0, w0, xs, ts);
n1 = train(n0, xs, ts);
clm_check(max(abs((getwb(n1) - w0) + 1e-3 * 1.2 * sign(g))) < 1e-12, ...
          'first epoch: WB - delta0 * delt_inc * sign(gradient)');
