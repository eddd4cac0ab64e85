% "Retrain several times and keep the best network", MathWorks' advice for
% local minima: every fresh network and every division must differ, and
% rng (or trainParam.seed) must make a run repeatable when asked.
% requires: trainlm

[x,t] = simplefit_dataset;
best = Inf;
perfs = zeros(1, 5);
inds = cell(1, 5);
for i = 1:5
  net = fitnet(6);
  net.trainParam.epochs = 15;
  net.trainParam.showWindow = false;
  [net, tr] = train(net, x, t);
  perfs(i) = tr.best_vperf;
  inds{i} = tr.valInd;
  if (perfs(i) < best)
    best = perfs(i);
    bestNet = net;
  end
end

% ---- checks
clm_check(numel(unique(perfs)) == 5, 'five trainings give five different results');
clm_check(~isequal(inds{1}, inds{2}) && ~isequal(inds{2}, inds{3}), 'dividerand draws a new division every time');
clm_check(isa(bestNet, 'network') && best == min(perfs), 'the best network is kept');
rng(42);
[n1, tr1] = train(fitnet(6), x, t);
rng(42);
[n2, tr2] = train(fitnet(6), x, t);
clm_check(isequal(getwb(n1), getwb(n2)) && isequal(tr1.valInd, tr2.valInd), 'rng(42) before train repeats the run');
clm_check(tr1.trainParam.seed == tr2.trainParam.seed && ~isempty(tr1.trainParam.seed), ...
          'tr.trainParam.seed shows the seed the run used');
n3 = fitnet(6);
n3.trainParam.seed = tr1.trainParam.seed;
[n3, tr3] = train(n3, x, t);
clm_check(isequal(getwb(n3), getwb(n1)), 'net.trainParam.seed = tr.trainParam.seed reproduces the run');
n4 = n3;
[n4a, tra] = train(n4, x, t);
[n4b, trb] = train(n4, x, t);
clm_check(isequal(getwb(n4a), getwb(n4b)), 'with trainParam.seed set, every run is the same');
