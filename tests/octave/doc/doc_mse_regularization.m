% mse with regularization, as on MathWorks' mse page: train a house-price
% network whose performance includes 1% of the mean squared weight.
% requires: trainlm regularization

[x,t] = house_dataset;
net = feedforwardnet(10);
net.performFcn = 'mse';  % Redundant, MSE is default
net.performParam.regularization = 0.01;
net = train(net,x,t);
y = net(x);
perf = perform(net,t,y);
perf2 = mse(net,t,y,'regularization',0.01);

% ---- checks
wb = getwb(net);
ref = 0.99 * mean((t - y) .^ 2) + 0.01 * mean(wb .^ 2);
clm_check(abs(perf - ref) <= 1e-12 * ref && abs(perf2 - ref) <= 1e-12 * ref, ...
          'perform and mse include 1% of the mean squared weight');
