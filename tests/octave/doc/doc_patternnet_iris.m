% patternnet, as on MathWorks' patternnet page: classify iris flowers.
% requires: trainscg crossentropy

[x,t] = iris_dataset;
net = patternnet(10);
net = train(net,x,t);
view(net)
y = net(x);
perf = perform(net,t,y)
classes = vec2ind(y);

% ---- checks
clm_check(strcmp(net.trainFcn, 'trainscg') && strcmp(net.performFcn, 'crossentropy') && ...
          strcmp(net.layers{2}.transferFcn, 'softmax') && isequal(net.outputs{2}.processFcns, {'removeconstantrows'}), ...
          'patternnet: trainscg, crossentropy, softmax output, no mapminmax on the targets');
clm_check(all(abs(sum(y, 1) - 1) < 1e-12), 'softmax outputs sum to 1 per sample');
clm_check(mean(classes == vec2ind(t)) > 0.9, sprintf('accuracy %.3f > 0.9', mean(classes == vec2ind(t))));
clm_check(abs(perf - crossentropy(net, t, y)) < 1e-15 && perf < 0.3, sprintf('perform = crossentropy = %.4g', perf));
[n2, tr2] = train(patternnet(5), x, t);
y2 = n2(x);
clm_check(abs(perform(n2, t .* tr2.trainMask{1}, y2) - tr2.best_perf) <= 1e-9 * tr2.best_perf, ...
          'perform on the training targets gives tr.best_perf (the library''s crossentropy equals this one)');
[c, cm] = confusion(t, y2);
clm_check(abs(c - mean(vec2ind(y2) ~= vec2ind(t))) < 1e-15 && sum(cm(:)) == 150, 'confusion of the patternnet''s outputs');
