% train and sim name-value options as MATLAB's parallel and GPU examples
% use them ("Parallel and GPU Computing"): 'useParallel', 'useGPU',
% 'showResources'; plus the command-line progress that replaces the
% training window, and Ctrl-C-free stops (time, goal).
% requires: trainlm

[x,t] = house_dataset;
net = fitnet(10);
net.trainParam.epochs = 10;
out = evalc('net2 = train(net,x,t,''useParallel'',''yes'',''showResources'',''yes'');');
y = net2(x,'useParallel','no');
[net3, tr3] = train(net, x, t, 'useGPU', 'no', 'showResources', 'no');
gpu_ok = clm_linsolver_available_gpu();
try
  [net4, tr4] = train(net, x, t, 'useGPU', 'yes');
  gpu_err = '';
catch err
  gpu_err = err.identifier;
end

% ---- checks
clm_check(~isempty(strfind(out, 'Computing Resources')) && ~isempty(strfind(out, 'every OpenMP thread')), ...
          '''showResources'',''yes'' prints the resources (useParallel: every thread)');
clm_check(~isempty(strfind(out, 'no training window')) && ~isempty(strfind(out, 'Training with TRAINLM.')) && ...
          ~isempty(regexp(out, 'Epoch 10/10, Time [0-9.e-]+, Performance', 'once')), ...
          'showWindow (default true) prints the training panel and MATLAB''s progress lines');
clm_check(isequal(size(y), size(t)) && isequal(y, net2(x)), 'sim(...,''useParallel'',''no'') gives the same outputs');
clm_check(strcmp(tr3.backend, 'cpu') && strcmp(tr3.backendRequested, 'cpu'), '''useGPU'',''no'': the CPU solver');
if (gpu_ok)
  clm_check(isempty(gpu_err) && strcmp(tr4.backend, 'gpu'), '''useGPU'',''yes'': trainlm''s solver on the GPU');
else
  clm_check(strcmp(gpu_err, 'chaoslm:CLM_EBACKEND'), ...
            sprintf('''useGPU'',''yes'' without a usable GPU is an error (%s), not a silent CPU run', gpu_err));
end
net.trainParam.showWindow = false;
net.trainParam.showCommandLine = true;
net.trainParam.show = 5;
out = evalc('train(net, x, t);');
clm_check(isempty(strfind(out, 'no training window')) && numel(strfind(out, 'Epoch ')) == 3, ...
          'showCommandLine with show = 5: epochs 0, 5, 10 printed, no panel');
net.trainParam.showCommandLine = false;
out = evalc('train(net, x, t);');
clm_check(isempty(out), 'showWindow and showCommandLine false: silent');
net.trainParam.epochs = 1000;
net.trainParam.goal = 1e9;
[~, trg] = train(net, x, t);
clm_check(strcmp(trg.stop, 'Performance goal met.') && trg.num_epochs == 0, 'goal = 1e9 stops at epoch 0');
