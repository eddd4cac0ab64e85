% feedforwardnet, as on MathWorks' feedforwardnet page, and with the
% "[10,8,5]" hidden sizes the page gives as an example of its argument.
% requires: trainlm

[x,t] = simplefit_dataset;
net = feedforwardnet(10);
net = train(net,x,t);
view(net)
y = net(x);
perf = perform(net,y,t)

net3 = feedforwardnet([10,8,5]);
net3.trainParam.epochs = 20;
[net3,tr3] = train(net3,x,t);

% ---- checks
clm_check(perf < 1e-2 * var(t, 1), sprintf('feedforwardnet(10) fits simplefit (perf %.3g)', perf));
clm_check(strcmp(net.name, 'Feed-Forward Neural Network') && strcmp(net.trainFcn, 'trainlm') && ...
          strcmp(net.performFcn, 'mse') && strcmp(net.divideFcn, 'dividerand'), ...
          'feedforwardnet defaults: trainlm, mse, dividerand');
clm_check(net3.numLayers == 4 && isequal(cellfun(@(l) l.size, net3.layers)', [10 8 5 1]) && ...
          isequal(size(net3.LW{3,2}), [5 8]) && isequal(size(net3.LW{4,3}), [1 5]), ...
          'feedforwardnet([10,8,5]): four layers, LW{3,2} is 5x8');
clm_check(tr3.num_epochs <= 20 && isequal(size(net3(x)), size(t)), 'the three-hidden-layer net trains and simulates');
clm_check(isequal(net3.layerConnect, [0 0 0 0; 1 0 0 0; 0 1 0 0; 0 0 1 0] == 1) && ...
          isequal(net3.outputConnect, [false false false true]) && all(net3.biasConnect), ...
          'connections: layer l feeds l+1, the last layer is the output');
