% Settings that an earlier binding ignored silently, each now either
% honoured or an error that names the nearest valid name, and the
% messages a MATLAB user meets first.
% requires: trainlm

[x,t] = simplefit_dataset;
net = fitnet(4);
net.trainParam.showWindow = false;
E = @clm_expect_error;

% misspelt properties and parameters
E(@() subsasgn(net, substruct('.', 'trainparam', '.', 'epochs'), 5), 'chaoslm:property', ...
  'trainparam.*did you mean .trainParam.', 'net.trainparam.epochs = 5');
E(@() subsasgn(net, substruct('.', 'divideFnc'), 'divideblock'), 'chaoslm:property', ...
  'divideFnc.*did you mean .divideFcn.', 'net.divideFnc = ...');
E(@() subsasgn(net, substruct('.', 'divideParam', '.', 'trainratio'), 0.8), 'chaoslm:property', ...
  'trainratio.*did you mean .trainRatio.', 'net.divideParam.trainratio = 0.8');
E(@() subsasgn(net, substruct('.', 'trainParam', '.', 'epoch'), 5), 'chaoslm:CLM_EPARAM', ...
  'epoch.*did you mean .epochs.', 'net.trainParam.epoch = 5');
E(@() subsasgn(net, substruct('.', 'layers', '{}', {1}, '.', 'transferFnc'), 'logsig'), 'chaoslm:property', ...
  'transferFnc.*did you mean .transferFcn.', 'net.layers{1}.transferFnc = ...');
E(@() subsref(net, substruct('.', 'trainparam')), 'chaoslm:property', 'did you mean .trainParam.', ...
  'reading net.trainparam');
E(@() subsasgn(net, substruct('.', 'trainParam', '.', 'mu_dec'), 2), 'chaoslm:CLM_EPARAM', ...
  'mu_dec = 2 violates 0 <= mu_dec <= 1', 'net.trainParam.mu_dec = 2 (bounds from the library)');
E(@() subsasgn(net, substruct('.', 'numLayers'), 3), 'chaoslm:property', 'read-only', 'net.numLayers = 3');
% settings the library does not implement are errors, never ignored
E(@() subsasgn(net, substruct('.', 'performParam', '.', 'regularization'), 1.5), 'chaoslm:CLM_EINVAL', ...
  'violates 0 <= regularization <= 1', 'net.performParam.regularization = 1.5');
E(@() subsasgn(net, substruct('.', 'performParam', '.', 'normalization'), 'standrad'), 'chaoslm:CLM_EINVAL', ...
  'unknown', 'net.performParam.normalization = ''standrad''');
E(@() subsasgn(net, substruct('.', 'performFcn'), 'sae'), 'chaoslm:CLM_EINVAL', ...
  'not available in this build', 'net.performFcn = ''sae'' (MATLAB''s, not in the library)');
ce = net;
ce.performFcn = 'crossentropy';
E(@() subsasgn(ce, substruct('.', 'performParam', '.', 'normalization'), 'standard'), 'chaoslm:CLM_EPERFORM', ...
  'crossentropy', 'crossentropy with normalization (MATLAB ignores it; chaoslm refuses)');
E(@() train(ce, x, t), 'chaoslm:CLM_EPERFORM', 'trainlm needs performFcn mse or sse', ...
  'trainlm with crossentropy (MATLAB silently trains on mse)');
E(@() subsasgn(net, substruct('.', 'performParam', '.', 'regularisation'), 0), 'chaoslm:property', ...
  'did you mean .regularization.', 'net.performParam.regularisation (misspelt)');
E(@() subsasgn(net, substruct('.', 'inputs', '{}', {1}, '.', 'processParams', '{}', {2}, '.', 'ymin'), 0), ...
  'chaoslm:CLM_EINVAL', 'only the default -1', 'net.inputs{1}.processParams{2}.ymin = 0');
E(@() subsasgn(net, substruct('.', 'divideMode'), 'time'), 'chaoslm:CLM_EDIVIDE', 'not available', ...
  'net.divideMode = ''time''');
E(@() subsasgn(net, substruct('.', 'performFcn'), 'msee'), 'chaoslm:CLM_EINVAL', 'did you mean .mse.', ...
  'net.performFcn = ''msee''');
E(@() subsasgn(net, substruct('.', 'trainFcn'), 'trainlmm'), 'chaoslm:CLM_ETRAINER', 'did you mean .trainlm.', ...
  'net.trainFcn = ''trainlmm''');
E(@() train(net, x, t, {}, {}, rand(size(t))), 'chaoslm:usage', 'error weights', 'train with error weights EW');
E(@() train(net, x, t, 'useGPU', 'maybe'), 'chaoslm:usage', 'useGPU', 'train(..., ''useGPU'', ''maybe'')');
E(@() train(net, x, t, 'usegpu', 'yes', 'showresources', 'no', 'useParalel', 'yes'), 'chaoslm:usage', ...
  'did you mean .useParallel.', 'train option ''useParalel''');
% honoured: net.userdata, performParam, processParams at their defaults, trainFcn resets trainParam
net.performParam.regularization = 0.05;
net.performParam.normalization = 'percent';
net.userdata.note = 'kept';
net.userdata.run = 3;
net.inputs{1}.processParams{2}.ymin = -1;
net.trainParam.epochs = 7;
[net, tr] = train(net, x, t);
clm_check(strcmp(net.userdata.note, 'kept') && net.userdata.run == 3, 'net.userdata survives train');
clm_check(tr.num_epochs <= 7 && net.trainParam.epochs == 7, 'net.trainParam.epochs is honoured');
y = net(x);
clm_check(strcmp(tr.performParam.normalization, 'percent') && tr.performParam.regularization == 0.05 && ...
          abs(perform(net, t .* tr.trainMask{1}, y) - tr.best_perf) <= 1e-9 * tr.best_perf, ...
          'performParam (regularization 0.05, normalization percent) is honoured: perform gives tr.best_perf');
net.trainFcn = 'traingdm';
clm_check(net.trainParam.epochs == 1000 && net.trainParam.lr == 0.01 && ~isfield(net.trainParam, 'mu'), ...
          'assigning net.trainFcn resets trainParam to the new function''s defaults');
net.divideFcn = 'divideind';
clm_check(isequal(fieldnames(net.divideParam), {'trainInd'; 'valInd'; 'testInd'}), ...
          'assigning net.divideFcn resets divideParam');
net.divideParam.trainInd = 1:60;
net.divideParam.valInd = 61:80;
net.divideParam.testInd = 81:94;
net.trainParam.epochs = 3;
net.trainParam.showWindow = false;
[net, tr] = train(net, x, t);
clm_check(isequal(tr.valInd, 61:80) && strcmp(tr.divideFcn, 'divideind'), 'divideind lists are honoured');
% samples stored as rows: a hint, not "no usable samples"
msg = E(@() train(fitnet(3), x', t'), 'chaoslm:CLM_ENOSAMPLES', 'pass x.''', 'samples as rows (94x1)');
X = rand(50, 3); T = sum(X, 2)';
msg = E(@() train(fitnet(3), X, T), 'chaoslm:CLM_ESIZE', 'x has 3 columns.*t has 50.*pass x.''', ...
        '50x3 inputs against 1x50 targets: transposition hint');
cnet = configure(fitnet(2), rand(3, 40), rand(1, 40));
E(@() cnet(rand(40, 3)), 'chaoslm:CLM_ESIZE', 'rows', 'net(x'') on a configured net: transposition hint');
E(@() network(), 'chaoslm:network', 'feedforwardnet', 'network() (custom networks)');

