% The training plots of MathWorks' fitting and pattern-recognition
% examples: plotperform, plottrainstate, ploterrhist, plotregression,
% plotfit, plotconfusion.  The data each figure draws is checked; a PNG of each is
% written when the graphics toolkit can print (gnuplot here).
% requires: trainlm

[x,t] = simplefit_dataset;
net = fitnet(8);
[net,tr] = train(net,x,t);
y = net(x);
e = gsubtract(t,y);
h1 = figure; plotperform(tr)
h2 = figure; plottrainstate(tr)
h3 = figure; ploterrhist(e)
h4 = figure; plotregression(t,y)
h6 = figure; plotfit(net,x,t)
[xi,ti] = iris_dataset;
ni = feedforwardnet(5);
ni.trainParam.showWindow = false;
ni = train(ni,xi,ti);
yi = ni(xi);
h5 = figure; plotconfusion(ti,yi)

% ---- checks
line_of = @(h, tag) findobj(h, 'Tag', tag);
lt = line_of(h1, 'Train'); lv = line_of(h1, 'Validation'); lb = line_of(h1, 'Best');
clm_check(numel(lt) == 1 && isequal(get(lt, 'ydata'), tr.perf) && isequal(get(lt, 'xdata'), tr.epoch) && ...
          isequal(get(lv, 'ydata'), tr.vperf), 'plotperform draws tr.perf and tr.vperf against tr.epoch');
clm_check(get(lb, 'xdata') == tr.best_epoch && get(lb, 'ydata') == tr.best_vperf, ...
          'plotperform marks the best epoch at best_vperf');
clm_check(strcmp(get(get(get(h1, 'CurrentAxes'), 'title'), 'string'), ...
                 sprintf('Best Validation Performance is %.5g at epoch %d', tr.best_vperf, tr.best_epoch)), ...
          'plotperform''s title as MATLAB''s');
lg = line_of(h2, 'gradient'); lm = line_of(h2, 'mu');
clm_check(isequal(get(lg, 'ydata'), tr.gradient) && isequal(get(lm, 'ydata'), tr.mu), ...
          'plottrainstate draws tr.gradient and tr.mu');
hd = get(h3, 'UserData');
clm_check(sum(hd.counts) == numel(e) && numel(hd.centers) == 20, 'ploterrhist: 20 bins holding every error');
edges = linspace(min([e 0]), max([e 0]), 21);
ref = histc(e, edges); ref(end-1) += ref(end); ref = ref(1:20);
clm_check(isequal(hd.counts, ref), 'ploterrhist''s counts equal histc''s');
fit = get(h4, 'UserData');
R = corr(t', y');
p = polyfit(t, y, 1);
clm_check(abs(fit.R - R) < 1e-12 && max(abs([fit.a fit.b] - p)) < 1e-9 && fit.R > 0.99, ...
          sprintf('plotregression: R = %.5f and the fitted line match corr and polyfit', fit.R));
ld = line_of(h4, 'Data');
clm_check(isequal(get(ld, 'xdata'), t) && isequal(get(ld, 'ydata'), y), 'plotregression plots y against t');
M = get(h5, 'UserData'){1};
[~, cm] = confusion(ti, yi);
clm_check(isequal(M, cm') && sum(M(:)) == 150, 'plotconfusion shows confusion''s counts (output class by target class)');
cell11 = findobj(h5, 'Tag', 'cell 1 1');
clm_check(~isempty(strfind(get(cell11, 'string'), sprintf('%d', M(1, 1)))), 'plotconfusion writes the counts');
lf = line_of(h6, 'Fit');
xf = get(lf, 'xdata');
clm_check(isequal(get(line_of(h6, 'Targets'), 'ydata'), t) && isequal(get(line_of(h6, 'Outputs'), 'ydata'), y) ...
          && isequal(get(lf, 'ydata'), net(xf)) && xf(1) == min(x) && xf(end) == max(x), ...
          'plotfit draws the targets, the outputs and the network''s curve over the inputs');
pngdir = getenv('CLM_PNG_DIR');
if (isempty(pngdir) || isempty(available_graphics_toolkits()))
  clm_check(true, 'PNG files # SKIP no graphics toolkit or no CLM_PNG_DIR');
else
  names = {'plotperform', 'plottrainstate', 'ploterrhist', 'plotregression', 'plotconfusion', 'plotfit'};
  hs = [h1 h2 h3 h4 h5 h6];
  good = true;
  for k = 1:numel(hs)
    f = fullfile(pngdir, [names{k} '.png']);
    try
      print(hs(k), '-dpngcairo', f);
    catch err
      good = false;
      printf('# print %s: %s\n', names{k}, err.message);
    end
    d = dir(f);
    good = good && numel(d) == 1 && d.bytes > 1000;
  end
  clm_check(good, sprintf('six PNG files written to %s', pngdir));
end
close all
