% Classify iris flowers the way MATLAB's pattern-recognition examples do,
% with a feedforwardnet (trainlm, mse) so that it runs on every build:
% one-hot targets, vec2ind of the outputs, confusion, plotconfusion's
% matrix.  Also the nprtool script's percentErrors line.
% requires: trainlm

[x,t] = iris_dataset;
net = feedforwardnet(5);
net.divideParam.trainRatio = 70/100;
net.divideParam.valRatio = 15/100;
net.divideParam.testRatio = 15/100;
[net,tr] = train(net,x,t);
y = net(x);
tind = vec2ind(t);
yind = vec2ind(y);
percentErrors = sum(tind ~= yind)/numel(tind);
[c,cm,ind,per] = confusion(t,y);

% ---- checks
clm_check(isequal(size(x), [4 150]) && isequal(size(t), [3 150]) && all(sum(t, 1) == 1), ...
          'iris_dataset: 4x150 inputs, 3x150 one-hot targets');
clm_check(isequal(tind, [ones(1, 50), 2 * ones(1, 50), 3 * ones(1, 50)]), 'vec2ind of the targets: 50 per species');
clm_check(percentErrors < 0.1, sprintf('%.1f%% misclassified', 100 * percentErrors));
clm_check(abs(c - percentErrors) < 1e-15, 'confusion''s c is the misclassified fraction');
ref = zeros(3);
for q = 1:150
  ref(tind(q), yind(q)) += 1;
end
clm_check(isequal(cm, ref) && sum(cm(:)) == 150, 'confusion matrix counts (target class by output class)');
clm_check(isequal(ind{1, 1}, find(tind == 1 & yind == 1)), 'confusion''s ind lists the samples of a cell');
tp = diag(cm)';
clm_check(max(abs(per(:, 3)' - tp ./ sum(cm, 1))) < 1e-15 && ...
          max(abs(per(:, 2)' - (sum(cm, 1) - tp) ./ sum(cm, 1))) < 1e-15, ...
          'per(:,3) and per(:,2): true and false positive rates among the samples output as the class');
[c2, cm2] = confusion([1 0 1 1 0], [0.9 0.2 0.4 0.5 0.6]);
clm_check(isequal(cm2, [1 1; 1 2]) && c2 == 2 / 5, ...
          'one output row: classes t = 0 and t = 1; an output of 0.5 counts as t = 1');
v = ind2vec(tind);
clm_check(issparse(v) && isequal(full(v), t), 'ind2vec(vec2ind(t)) gives t back (sparse)');
[net2, tr2] = train(feedforwardnet(3), x, ind2vec(tind));
clm_check(isequal(size(net2(x)), [3 150]), 'train accepts the sparse targets of ind2vec');
