% crossentropy, as on MathWorks' crossentropy page: a classification
% network with cross-entropy and 0.1 regularization, and its performance
% on the whole dataset.
% requires: trainscg crossentropy regularization

[x,t] = iris_dataset;
net = patternnet(10);
net.performParam.regularization = 0.1;
net = train(net,x,t);
y = net(x);
perf = crossentropy(net,t,y,{1},'regularization',0.1)

% ---- checks
wb = getwb(net);
ref = 0.9 * sum(sum(-t .* log(y))) / numel(t) + 0.1 * mean(wb .^ 2);
clm_check(abs(perf - ref) <= 1e-12 * ref && abs(perform(net, t, y) - ref) <= 1e-12 * ref, ...
          'crossentropy with regularization 0.1 (and perform with net.performParam)');
