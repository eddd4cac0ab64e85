% Saving a trained network and loading it again, as MATLAB users do
% (save; clear; load), in Octave's default format, -binary and -v7.
% requires: trainlm

[x,t] = simplefit_dataset;
net = fitnet(5);
net.trainParam.epochs = 20;
net.userdata.note = 'simplefit, 5 neurons';
[net,tr] = train(net,x,t);
y = net(x);
before = net;
folder = tempname();
mkdir(folder);
file = fullfile(folder, 'net.mat');
save(file, 'net');
clear net
load(file);
y2 = net(x);
save('-binary', fullfile(folder, 'net.bin'), 'net');
save('-v7', fullfile(folder, 'net7.mat'), 'net');
sb = load(fullfile(folder, 'net.bin'));
s7 = load(fullfile(folder, 'net7.mat'));
rmdir(folder, 's');

% ---- checks
clm_check(isa(net, 'network') && isequal(y2, y), 'save/load (default format): same class, same outputs');
clm_check(isequal(sb.net(x), y) && isequal(s7.net(x), y), '-binary and -v7 files give the same outputs');
clm_check(strcmp(net.userdata.note, 'simplefit, 5 neurons') && net.trainParam.epochs == 20 && ...
          isempty(net.trainParam.seed), 'userdata and trainParam survive (the seed is still drawn per run)');
before.trainParam.seed = 7;
net.trainParam.seed = 7;
[a, tra] = train(before, x, t);
[b, trb] = train(net, x, t);
clm_check(isequal(getwb(a), getwb(b)) && isequal(tra.perf, trb.perf), ...
          'training goes on identically from the saved and the loaded network');
clm_check(trb.num_epochs >= 1 && numel(trb.perf) == trb.num_epochs + 1, 'the loaded network trains on');
