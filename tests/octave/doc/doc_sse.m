% sse, as on MathWorks' sse page: a fitting network trained on the sum of
% squared errors (the statements without semicolons display the network,
% the outputs and the errors, as in MATLAB).
% requires: trainlm sse

[x,t] = simplefit_dataset;
net = fitnet(10);
net.performFcn = 'sse';
net.trainParam.epochs = 50;
net = train(net,x,t)
y = net(x)
e = t-y
perf = sse(net,t,y)

% ---- checks
clm_check(strcmp(net.performFcn, 'sse') && abs(perf - sum(e .^ 2)) <= 1e-12 * perf, 'sse(net,t,y) = sum(e.^2)');
clm_check(abs(perform(net, t, y) - perf) <= 1e-12 * perf, 'perform uses net.performFcn = ''sse''');
clm_check(perf < 0.01 * sum((t - mean(t)) .^ 2), sprintf('the sse-trained network fits (sse %.3g)', perf));
