% traingdx (and traingda), as on MathWorks' traingdx page, on
% house_dataset: adaptive learning rate with momentum; tr records lr.
% requires: traingdx traingda

[x, t] = house_dataset;
net = feedforwardnet(10, 'traingdx');
net.trainParam.epochs = 300;
[net, tr] = train(net, x, t);
y = net(x);

% ---- checks
p = net.trainParam;
clm_check(p.lr == 0.01 && p.lr_inc == 1.05 && p.lr_dec == 0.7 && p.max_perf_inc == 1.04 && p.mc == 0.9, ...
          'traingdx defaults: lr 0.01, lr_inc 1.05, lr_dec 0.7, max_perf_inc 1.04, mc 0.9');
clm_check(any(strcmp(tr.states, 'lr')) && numel(tr.lr) == tr.num_epochs + 1 && tr.lr(1) == 0.01, ...
          'tr.lr is recorded per epoch, starting at trainParam.lr');
r = tr.lr(2:end) ./ tr.lr(1:end-1);
clm_check(all(abs(r - 1.05) < 1e-12 | abs(r - 0.7) < 1e-12 | r == 1), ...
          'lr changes only by lr_inc or lr_dec between epochs');
clm_check(tr.perf(end) < tr.perf(1), sprintf('traingdx lowers the error (%.4g -> %.4g)', tr.perf(1), tr.perf(end)));
net2 = feedforwardnet(10, 'traingda');
net2.trainParam.epochs = 100;
[net2, tr2] = train(net2, x, t);
clm_check(isfield(tr2, 'lr') && ~isfield(net2.trainParam, 'mc') && tr2.perf(end) < tr2.perf(1), ...
          'traingda: adaptive lr without momentum');
