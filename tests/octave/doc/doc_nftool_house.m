% The advanced script the Neural Fitting app (nftool) generates, run on
% house_dataset as written (only the data loading differs: the app reads
% variables from the workspace).
% requires: trainlm

[x,t] = house_dataset;
inputs = x;
targets = t;

% Choose a Training Function
trainFcn = 'trainlm';  % Levenberg-Marquardt backpropagation.

% Create a Fitting Network
hiddenLayerSize = 10;
net = fitnet(hiddenLayerSize,trainFcn);

% Choose Input and Output Pre/Post-Processing Functions
net.input.processFcns = {'removeconstantrows','mapminmax'};
net.output.processFcns = {'removeconstantrows','mapminmax'};

% Setup Division of Data for Training, Validation, Testing
net.divideFcn = 'dividerand';  % Divide data randomly
net.divideMode = 'sample';  % Divide up every sample
net.divideParam.trainRatio = 70/100;
net.divideParam.valRatio = 15/100;
net.divideParam.testRatio = 15/100;

% Choose a Performance Function
net.performFcn = 'mse';  % Mean Squared Error

% Choose Plot Functions
net.plotFcns = {'plotperform','plottrainstate','ploterrhist', ...
    'plotregression', 'plotfit'};

% Train the Network
[net,tr] = train(net,inputs,targets);

% Test the Network
outputs = net(inputs);
errors = gsubtract(targets,outputs);
performance = perform(net,targets,outputs)

% Recalculate Training, Validation and Test Performance
trainTargets = targets .* tr.trainMask{1};
valTargets = targets  .* tr.valMask{1};
testTargets = targets  .* tr.testMask{1};
trainPerformance = perform(net,trainTargets,outputs)
valPerformance = perform(net,valTargets,outputs)
testPerformance = perform(net,testTargets,outputs)

% ---- checks
clm_check(isequal(size(x), [13 506]) && isequal(size(t), [1 506]), 'house_dataset is 13x506 / 1x506');
n = [numel(tr.trainInd) numel(tr.valInd) numel(tr.testInd)];
clm_check(isequal(n, [354 76 76]), sprintf('dividerand 70/15/15 of 506: %d/%d/%d (MATLAB: 354/76/76)', n));
rel = @(a, b) abs(a - b) / abs(b);
clm_check(rel(trainPerformance, tr.best_perf) < 1e-9 && rel(valPerformance, tr.best_vperf) < 1e-9 && ...
          rel(testPerformance, tr.best_tperf) < 1e-9, ...
          'perform on the masked targets gives tr.best_perf/best_vperf/best_tperf (the returned net is the best)');
clm_check(performance < var(t, 1) / 3, sprintf('the network explains most of the variance (mse %.3g, var %.3g)', ...
          performance, var(t, 1)));
clm_check(isequal(errors, t - outputs) && strcmp(tr.trainFcn, 'trainlm') && strcmp(tr.divideMode, 'sample'), ...
          'gsubtract, tr.trainFcn and tr.divideMode');
clm_check(numel(net.plotFcns) == 5 && strcmp(net.plotFcns{5}, 'plotfit'), 'net.plotFcns kept');
vf = tr.val_fail;
clm_check(~strcmp(tr.stop, 'Validation stop.') || vf(end) == 6, 'a validation stop comes after 6 validation checks');
