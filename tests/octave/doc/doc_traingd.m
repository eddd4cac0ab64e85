% traingd, as on MathWorks' traingd page ("Train Neural Network Using
% traingd Train Function"), on house_dataset (the page's bodyfat_dataset
% is not redistributable; both have 13 inputs and one target).  The page's
% lr = 0.01 diverges on house_dataset's scale (targets up to 50, mse in
% target units), so lr is 1e-4 here.
% requires: traingd

[x, t] = house_dataset;
net = feedforwardnet(10, 'traingd');
net.trainParam.lr = 1e-4;
net.trainParam.epochs = 300;
[net, tr] = train(net, x, t);
y = net(x);

% ---- checks
clm_check(strcmp(net.trainFcn, 'traingd') && net.trainParam.lr == 1e-4 && net.trainParam.min_grad == 1e-5, ...
          'traingd: lr set, MATLAB''s min_grad 1e-5');
clm_check(~isfield(net.trainParam, 'mu') && ~isfield(tr, 'mu') && ~any(strcmp(tr.states, 'mu')), ...
          'traingd has no mu (trainParam, tr, states)');
clm_check(tr.num_epochs <= 300 && tr.best_perf < tr.perf(1) / 10, sprintf('training lowers the error (%.4g -> %.4g)', ...
          tr.perf(1), tr.best_perf));
% one traingd epoch is WB := WB - lr * d(mse)/dWB: check the first step
% against a finite-difference gradient of the network's own performance
n0 = feedforwardnet(4, 'traingd');
n0.divideFcn = 'dividetrain';
n0.trainParam.epochs = 1;
n0.trainParam.lr = 1e-4;
n0.trainParam.showWindow = false;
xs = x(1:3, 1:100); ts = t(1:100);        % a small problem: the reference is slow
n0 = configure(n0, xs, ts);
w0 = getwb(n0);
n1 = train(n0, xs, ts);
g = clm_fd_gradient(n0, w0, xs, ts);
step = getwb(n1) - w0;
clm_check(norm(step + 1e-4 * g) <= 1e-5 * norm(step), ...
          sprintf('one epoch = -lr * gradient (finite differences; rel. diff %.2g)', norm(step + 1e-4 * g) / norm(step)));
