% The performance functions as MATLAB's pages call them -- mse(e),
% mse(net,t,y), mse(net,t,y,ew,'regularization',r,'normalization',n), sse,
% mae, sae, crossentropy -- each checked against the formula written out
% here.
% requires: trainlm

[x,t] = house_dataset;
net = feedforwardnet(4);
net.trainParam.epochs = 5;
net = train(net,x,t);
y = net(x);
e = gsubtract(t,y);
perf = mse(net,t,y)
perfs = [mse(e) sse(e) mae(e) sae(e)]
preg = mse(net,t,y,'regularization',0.01)
pnorm = mse(net,t,y,'normalization','standard')
ew = rand(size(t));
pew = mse(net,t,y,ew)

% ---- checks
near = @(a, b) abs(a - b) <= 1e-12 * max(abs(b), 1e-300);
clm_check(near(perf, mean(e .^ 2)) && near(perform(net, t, y), perf), 'mse(net,t,y) = perform = mean(e.^2)');
clm_check(near(perfs(1), mean(e .^ 2)) && near(perfs(2), sum(e .^ 2)) && near(perfs(3), mean(abs(e))) && ...
          near(perfs(4), sum(abs(e))), 'mse/sse/mae/sae of an error matrix');
wb = getwb(net);
clm_check(near(preg, 0.99 * mean(e .^ 2) + 0.01 * mean(wb .^ 2)), ...
          'regularization r: (1-r) mse + r mean(wb.^2)');
range = max(t) - min(t);
clm_check(near(pnorm, mean((e * 2 / range) .^ 2)), 'normalization ''standard'': errors times 2/range(t)');
clm_check(near(mse(net,t,y,'normalization','percent'), mean((e / range) .^ 2)), ...
          'normalization ''percent'': errors times 1/range(t)');
clm_check(near(pew, mean(ew .* e .^ 2)), 'error weights multiply each squared error');
tn = t; tn(1:10) = NaN;
clm_check(near(mse(net, tn, y), mean(e(11:end) .^ 2)), 'NaN targets are left out of mse and of its count');
% crossentropy of class scores (columns summing to 1) against one-hot targets
T = [1 0 0 1; 0 1 0 0; 0 0 1 0];
Y = [0.7 0.2 0.1 0.4; 0.2 0.5 0.3 0.3; 0.1 0.3 0.6 0.3];
ce = crossentropy(net, T, Y);
clm_check(near(ce, -sum(sum(T .* log(Y))) / numel(T)), 'crossentropy: -sum(t.*log(y)) over the target elements');
t1 = [1 0 1]; y1 = [0.9 0.2 0.6];
clm_check(near(crossentropy(net, t1, y1), -mean(t1 .* log(y1) + (1 - t1) .* log(1 - y1))), ...
          'crossentropy of one output row: the two-class form');
