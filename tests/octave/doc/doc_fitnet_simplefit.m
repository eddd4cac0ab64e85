% fitnet, as on MathWorks' fitnet page: fit simplefit_dataset with a
% 10-neuron network trained by trainlm, then evaluate it.
% requires: trainlm

[x,t] = simplefit_dataset;
net = fitnet(10);
net = train(net,x,t);
view(net)
y = net(x);
perf = perform(net,y,t)

% ---- checks
clm_check(isa(net, 'network') && strcmp(net.name, 'Function Fitting Neural Network'), ...
          'fitnet returns a network object named as MATLAB names it');
clm_check(isequal(size(x), [1 94]) && isequal(size(y), [1 94]), 'simplefit_dataset is 1x94; net(x) is 1x94');
clm_check(perf < 1e-2 * var(t, 1), sprintf('trained fit: perf %.3g < 1%% of var(t) %.3g', perf, var(t, 1)));
clm_check(abs(perf - mean((t - y) .^ 2)) <= 1e-12 * perf, 'perform(net,y,t) is the mean squared error');
clm_check(isequal(sim(net, x), y), 'sim(net,x) equals net(x)');
clm_check(net.numLayers == 2 && net.layers{1}.size == 10 && strcmp(net.layers{1}.transferFcn, 'tansig') ...
          && strcmp(net.layers{2}.transferFcn, 'purelin') && net.inputs{1}.size == 1 && net.outputs{2}.size == 1, ...
          'fitnet(10): 10 tansig neurons, purelin output, sizes set by train');
clm_check(net.numWeightElements == 10 + 10 + 1 + 10 && numel(getwb(net)) == 31, 'numWeightElements = 31 = numel(getwb(net))');
