% configure and init, as in MathWorks' "Configure Shallow Neural Network
% Inputs and Outputs" and "Initialize weights (init)" topics: configure
% sets the sizes from data and initialises; init draws new weights.
% requires: trainlm

[x,t] = house_dataset;
net = feedforwardnet;
net = configure(net,x,t);
net.inputs{1}
wb1 = getwb(net);
net = init(net);
wb2 = getwb(net);

% ---- checks
clm_check(net.inputs{1}.size == 13 && net.outputs{2}.size == 1 && isequal(size(net.IW{1,1}), [10 13]) && ...
          isconfigured(net), 'configure sets the sizes from the data (13 inputs, 1 output)');
clm_check(~isequal(wb1, wb2) && numel(wb1) == numel(wb2), 'init draws new weights');
rng(5); a = getwb(init(net));
rng(5); b = getwb(init(net));
clm_check(isequal(a, b) && ~isequal(a, wb2), 'rng(5) before init repeats the weights');
net.trainParam.seed = 11;
clm_check(isequal(getwb(init(net)), getwb(init(net))), 'trainParam.seed pins the weights of init');
u = feedforwardnet;
clm_check(~isconfigured(u) && u.inputs{1}.size == 0, 'a new network is not configured (sizes 0)');
try
  getwb(u);
  clm_check(false, 'getwb of an unconfigured network is an error');
catch err
  clm_check(strcmp(err.identifier, 'chaoslm:CLM_ENOTCONFIGURED'), ['unconfigured getwb: ' err.message]);
end
% a hidden size changed on a configured network: configured again by train
net.layers{1}.size = 4;
clm_check(~isconfigured(net) && net.numWeightElements == 4, 'changing a hidden size unconfigures the network');
[net, tr] = train(net, x, t);
clm_check(isequal(size(net.IW{1,1}), [4 13]), 'train configures it again with the new size');
% initnw: tansig layer weights are scaled by 0.7 S^(1/R) (Nguyen-Widrow)
n1 = configure(feedforwardnet(8), x, t);
mag = sqrt(sum(n1.IW{1,1} .^ 2, 2));   % IW acts on the mapminmax'ed inputs
clm_check(max(abs(mag - 0.7 * 8 ^ (1 / 13) * 2)) < 1e-9, ...
          'initnw: every tansig row of IW has norm 1.4 S^(1/R)');
