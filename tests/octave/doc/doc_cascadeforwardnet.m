% cascadeforwardnet, as on MathWorks' cascadeforwardnet page, and the
% cascade's getwb order and outputs checked against the formulas evaluated
% in Octave.
% requires: trainlm

[x,t] = simplefit_dataset;
net = cascadeforwardnet(10);
net = train(net,x,t);
view(net)
y = net(x);
perf = perform(net,y,t)

% ---- checks
clm_check(strcmp(net.name, 'Cascade-Forward Neural Network') && all(net.inputConnect) && ...
          isequal(net.layerConnect, [false false; true false]), ...
          'cascadeforwardnet: the input feeds both layers, layer 1 feeds layer 2');
clm_check(perf < 1e-2 * var(t, 1), sprintf('the cascade fits simplefit (perf %.3g)', perf));
clm_check(isequal(size(net.IW{2,1}), [1 1]) && net.numWeightElements == 10 + 10 + 1 + 1 + 10, ...
          'IW{2,1} is the direct input-to-output weight; 32 weights');
x2 = [x; sin(x)];
t2 = [t; cos(x)];
n3 = configure(cascadeforwardnet([3 2]), x2, t2);
n3 = setwb(n3, (1:n3.numWeightElements)' / 40 - 0.4);
wb = getwb(n3);
clm_check(isequal(wb, [n3.b{1}; n3.IW{1,1}(:); n3.b{2}; n3.IW{2,1}(:); n3.LW{2,1}(:); ...
                       n3.b{3}; n3.IW{3,1}(:); n3.LW{3,1}(:); n3.LW{3,2}(:)]), ...
          'getwb order: b{l}, IW{l,1}(:), LW{l,1}(:) ... LW{l,l-1}(:), layer by layer');
pin = n3.inputs{1}.processSettings{2};
pout = n3.outputs{3}.processSettings{2};
xin = (x2 - pin.xoffset) .* pin.gain - 1;
tansig = @(n) 2 ./ (1 + exp(-2 * n)) - 1;
a1 = tansig(n3.IW{1,1} * xin + n3.b{1});
a2 = tansig(n3.IW{2,1} * xin + n3.LW{2,1} * a1 + n3.b{2});
a3 = n3.IW{3,1} * xin + n3.LW{3,1} * a1 + n3.LW{3,2} * a2 + n3.b{3};
yref = (a3 + 1) ./ pout.gain + pout.xoffset;
y3 = n3(x2);
clm_check(max(abs(y3(:) - yref(:))) <= 1e-12 * max(abs(yref(:))), ...
          sprintf('net(x) equals the cascade formulas evaluated in Octave (max diff %.2g)', max(abs(y3(:) - yref(:)))));
try
  n3.IW{2,1} = zeros(2, 3);
  clm_check(false, 'an IW of the wrong size is an error');
catch err
  clm_check(strcmp(err.identifier, 'chaoslm:CLM_ESIZE'), ['IW{2,1} of the wrong size: ' err.message]);
end
f = configure(feedforwardnet(3), x, t);
try
  f.IW{2,1} = 1;
  clm_check(false, 'a weight for a connection feedforwardnet lacks is an error');
catch err
  clm_check(strcmp(err.identifier, 'chaoslm:CLM_EINVAL'), ['IW{2,1} of a feedforwardnet: ' err.message]);
end
try
  u = feedforwardnet(3);
  u.b{1} = ones(3, 1);
  clm_check(false, 'weights assigned to an unconfigured network are an error');
catch err
  clm_check(strcmp(err.identifier, 'chaoslm:CLM_ENOTCONFIGURED'), ['b{1} of an unconfigured network: ' err.message]);
end
