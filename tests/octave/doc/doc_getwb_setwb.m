% getwb / setwb / configure, as on MathWorks' getwb and setwb pages, and
% net(x) checked against an independent evaluation of MATLAB's formulas:
% removeconstantrows, mapminmax y = (x - xoffset) .* gain - 1, tansig
% 2 ./ (1 + exp(-2 n)) - 1, purelin, and the reverse output mapping.
% requires: trainlm

[x,t] = simplefit_dataset;
net = feedforwardnet(3);
net = configure(net,x,t);
wb = getwb(net)
net = setwb(net, rand(10,1));
wb2 = getwb(net)

% ---- checks
clm_check(numel(wb) == 10 && isequal(size(wb), [10 1]), 'feedforwardnet(3) on simplefit has 10 weights (column)');
clm_check(isequal(wb2, [net.b{1}; net.IW{1,1}(:); net.b{2}; net.LW{2,1}(:)]), ...
          'getwb order: [b{1}; IW{1,1}(:); b{2}; LW{2,1}(:)]');
net.IW{1,1} = [0.5; -1; 2];
clm_check(isequal(getwb(net)(4:6), [0.5; -1; 2]), 'assigning net.IW{1,1} changes the weights');
% two inputs, one of them constant: removeconstantrows drops it
x2 = [x; 3 * ones(1, 94); cos(x)];
t2 = [t; sin(x)];
n2 = configure(feedforwardnet([4 2]), x2, t2);
n2 = setwb(n2, (1:numel(getwb(n2)))' / 50 - 0.3);
ps_in = n2.inputs{1}.processSettings;
ps_out = n2.outputs{3}.processSettings;
clm_check(isequal(ps_in{1}.keep, [1 3]) && isequal(ps_in{1}.remove, 2) && ps_in{1}.value == 3, ...
          'removeconstantrows keeps rows 1 and 3 of the inputs');
xin = x2(ps_in{1}.keep, :);
xin = (xin - ps_in{2}.xoffset) .* ps_in{2}.gain - 1;
a1 = 2 ./ (1 + exp(-2 * (n2.IW{1,1} * xin + n2.b{1}))) - 1;
a2 = 2 ./ (1 + exp(-2 * (n2.LW{2,1} * a1 + n2.b{2}))) - 1;
a3 = n2.LW{3,2} * a2 + n2.b{3};
yref = (a3 + 1) ./ ps_out{2}.gain + ps_out{2}.xoffset;
y2 = n2(x2);
clm_check(max(abs(y2(:) - yref(:))) <= 1e-12 * max(abs(yref(:))), ...
          sprintf('net(x) equals the formulas evaluated in Octave (max diff %.2g)', max(abs(y2(:) - yref(:)))));
gain = 2 ./ (max(x2([1 3], :), [], 2) - min(x2([1 3], :), [], 2));
clm_check(max(abs(ps_in{2}.gain - gain)) <= 1e-15 * max(gain) && isequal(ps_in{2}.xoffset, min(x2([1 3], :), [], 2)), ...
          'mapminmax settings: gain 2/(max-min), xoffset min');
try
  setwb(net, ones(9, 1));
  clm_check(false, 'setwb with 9 of 10 weights is an error');
catch err
  clm_check(strcmp(err.identifier, 'chaoslm:CLM_ESIZE'), ['setwb with 9 of 10 weights: ' err.message]);
end
