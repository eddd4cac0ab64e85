function n_failed = clm_octave_tests (refdir)
% n_failed = clm_octave_tests (refdir)
% The Octave binding's tests (run by tests/octave_mex.sh under make check).
% Prints one TAP line per check ("ok - ..." / "not ok - ..."), without
% numbers and without the plan (the shell script adds it), and returns the
% number of failed checks.  refdir holds the C API's reference results
% written by tests/octave_ref.

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  global CLM_T_FAILED
  CLM_T_FAILED = 0;
  sections = {@() t_matlab_script(), @() t_trainparam_effect(), ...
              @() t_bit_identity(refdir), @() t_roundtrip(), ...
              @() t_progress_lines(), @() t_bad_inputs(), @() t_help_texts()};
  names = {'MATLAB-style script', 'trainParam changes', 'bit identity', ...
           'round trips', 'progress lines', 'bad inputs', 'help texts'};
  for k = 1:numel(sections)
    try
      sections{k}();
    catch err
      ok(false, sprintf('%s: unexpected error %s: %s', names{k}, err.identifier, err.message));
    end
  end
  n_failed = CLM_T_FAILED;
end

function ok (cond, desc)
  global CLM_T_FAILED
  if (cond)
    printf('ok - %s\n', desc);
  else
    printf('not ok - %s\n', desc);
    CLM_T_FAILED = CLM_T_FAILED + 1;
  end
  fflush(stdout);
end

% ---------------------------------------------------------------- script
function t_matlab_script ()
  clm_example_script;   % runs in this workspace, as a user would run it
  ok(exist('net', 'var') && isstruct(net), 'script: clm_feedforwardnet + clm_train give a net struct');
  ok(isequal(size(y), size(t)), 'script: clm_sim output is S x Q');
  ok(numel(tr.perf) == tr.num_epochs + 1 && tr.epoch(1) == 0 && ...
     isequal(tr.epoch, 0:tr.num_epochs), 'script: tr.epoch is 0..num_epochs with epoch 0 first');
  ok(tr.num_epochs <= 50, sprintf('script: epochs = 50 honoured (num_epochs %d)', tr.num_epochs));
  ok(ischar(tr.stop) && ~isempty(tr.stop), sprintf('script: tr.stop = "%s"', tr.stop));
  n = numel(tr.trainInd) + numel(tr.valInd) + numel(tr.testInd);
  ok(n == size(x, 2) && min([tr.trainInd tr.valInd tr.testInd]) == 1 && ...
     isequal(sort([tr.trainInd tr.valInd tr.testInd]), 1:size(x, 2)), ...
     'script: trainInd/valInd/testInd are a 1-based partition of the samples');
  ok(numel(tr.trainInd) == 160 && numel(tr.valInd) == 20 && numel(tr.testInd) == 20, ...
     'script: divideParam ratios 0.8/0.1/0.1 honoured');
  ok(tr.perf(end) < tr.perf(1) && perf_all < var(t, 1), ...
     sprintf('script: training lowered the error (perf %.3g -> %.3g)', tr.perf(1), tr.perf(end)));
  ok(abs(tr.best_perf - tr.perf(tr.best_epoch + 1)) == 0, 'script: best_perf = perf(best_epoch+1)');
  ok(all(isfield(tr, {'trainFcn','trainParam','performFcn','divideFcn','trainMask','valMask', ...
     'testMask','goal','states','time','vperf','tperf','mu','gradient','val_fail', ...
     'best_vperf','best_tperf'})), 'script: tr has MATLAB''s fields');
  ok(isequal(size(tr.trainMask{1}), size(t)) && all(tr.trainMask{1}(tr.trainInd) == 1) && ...
     all(isnan(tr.trainMask{1}(tr.valInd))), 'script: trainMask is 1 on trainInd, NaN elsewhere');
end

% ---------------------------------------------------------------- trainParam
function t_trainparam_effect ()
  [x, t] = toy_data(120);
  net = clm_feedforwardnet(6);
  ok(strcmp(net.trainFcn, 'trainlm') && net.trainParam.epochs == 1000 && ...
     net.trainParam.mu == 1e-3 && net.trainParam.min_grad == 1e-7 && ...
     net.trainParam.max_fail == 6 && strcmp(net.divideFcn, 'dividerand') && ...
     net.divideParam.trainRatio == 0.7 && strcmp(net.layers{1}.transferFcn, 'tansig') && ...
     strcmp(net.layers{2}.transferFcn, 'purelin'), 'defaults: MATLAB feedforwardnet/trainlm defaults');
  net.divideFcn = 'dividetrain';
  net.trainParam.goal = 0; net.trainParam.min_grad = 0;
  net.trainParam.epochs = 3;
  [n3, tr3] = clm_train(net, x, t);
  net.trainParam.epochs = 7;
  [n7, tr7] = clm_train(net, x, t);
  ok(tr3.num_epochs == 3 && tr7.num_epochs == 7 && strcmp(tr7.stop, 'Maximum epoch reached.'), ...
     sprintf('epochs: 3 -> %d epochs, 7 -> %d epochs', tr3.num_epochs, tr7.num_epochs));
  ok(isequal(tr3.perf, tr7.perf(1:4)), 'epochs: the first 3 epochs are identical (same seed)');
  net.trainParam.mu = 1;
  [~, trm] = clm_train(net, x, t);
  ok(trm.mu(1) == 1 && ~isequal(trm.perf, tr7.perf), 'mu: trainParam.mu = 1 is the first mu and changes the path');
  net.trainParam.seed = 99;
  [~, trs] = clm_train(net, x, t);
  ok(~isequal(trs.perf(1), trm.perf(1)), 'seed: another seed gives other initial weights');
  g = clm_feedforwardnet(6, 'traingdm');
  ok(strcmp(g.trainFcn, 'traingdm') && g.trainParam.lr == 0.01 && g.trainParam.mc == 0.9 && ...
     g.trainParam.min_grad == 1e-5 && ~isfield(g.trainParam, 'mu'), 'traingdm: its own trainParam defaults');
  g.divideFcn = 'dividetrain'; g.trainParam.epochs = 5;
  [~, trg] = clm_train(g, x, t);
  ok(trg.num_epochs == 5 && strcmp(trg.trainFcn, 'traingdm') && ~isfield(trg, 'mu') && ...
     ~any(strcmp(trg.states, 'mu')), 'traingdm: trains, no mu state');
  d = net; d.divideFcn = 'divideind';
  d.divideParam = struct('trainInd', 1:80, 'valInd', 81:100, 'testInd', 101:120);
  d.trainParam.epochs = 2;
  [dn, trd] = clm_train(d, x, t);
  ok(isequal(trd.trainInd, 1:80) && isequal(trd.valInd, 81:100) && isequal(trd.testInd, 101:120) ...
     && strcmp(dn.divideFcn, 'divideind') && isequal(dn.divideParam.valInd, 81:100), ...
     'divideind: 1-based index lists used and kept');
  p = clm_trainparam('traingd');
  ok(isfield(p, 'lr') && ~isfield(p, 'mc') && isfield(p, 'chaos_init'), 'clm_trainparam(traingd) has lr, no mc');
  b = clm_feedforwardnet(6, 'trainbr');
  ok(b.trainParam.mu == 0.005 && isinf(b.trainParam.max_fail) && b.trainParam.min_grad == 1e-7, ...
     'trainbr: its own trainParam defaults (mu 0.005, max_fail Inf)');
  b.trainParam.epochs = 6;
  [bn, trb] = clm_train(b, x, t);
  ok(trb.num_epochs == 6 && strcmp(trb.trainFcn, 'trainbr') && numel(trb.mu) == 7 && ...
     numel(trb.gamk) == 7 && numel(trb.ssX) == 7 && trb.gamk(1) == numel(clm_getwb(bn)) && ...
     all(ismember({'mu', 'gamk', 'ssX'}, trb.states)) && isinf(trb.trainParam.max_fail), ...
     'trainbr: trains; tr has mu, gamk (P at epoch 0) and ssX');
end

% ---------------------------------------------------------------- bit identity
function t_bit_identity (refdir)
  cases = {'lm', 'gdm', 'chaos', 'compress', 'race'};
  for k = 1:numel(cases)
    name = cases{k};
    ref = read_ref(fullfile(refdir, [name '.txt']));
    X = reshape(str2double(ref.X), 3, []);
    T = reshape(str2double(ref.T), 2, []);
    ok(isequal(fmt(X), ref.X) && isequal(fmt(T), ref.T), [name ': data read back exactly']);
    net = clm_feedforwardnet(str2double(ref.hidden), ref.trainFcn{1});
    net.divideFcn = ref.divideFcn{1};
    net.trainParam.epochs = str2double(ref.epochs{1});
    net.trainParam.seed = str2double(ref.seed{1});
    mode = str2double(ref.chaos{1});
    if (mode)
      net.trainParam.chaos_init = mode == 1;
      net.trainParam.chaos_escape = strcmp(ref.trainFcn{1}, 'trainlm');
    end
    if (mode == 2)
      net.trainParam.chaos_escape_mode = 'compress';
      net.trainParam.chaos_max_escapes = 1;
      net.trainParam.chaos_max_reinits = 3;
    elseif (mode == 3)
      net.trainParam.chaos_race = 3;
      net.trainParam.chaos_race_epochs = 4;
    end
    if (str2double(ref.configure{1}))
      net = clm_configure(net, X, T, str2double(ref.seed{1}));
      ok(isequal(fmt(clm_getwb(net)), ref.wb0), [name ': clm_configure weights equal the C API''s']);
    end
    if (~strcmp(ref.status{1}, 'CLM_OK'))
      try
        clm_train(net, X, T);
        ok(false, sprintf('%s: C failed with %s but Octave trained', name, ref.status{1}));
      catch err
        ok(strcmp(err.identifier, ['chaoslm:' ref.status{1}]), ...
           sprintf('%s: same status as the C API (%s; got %s)', name, ref.status{1}, err.identifier));
      end
      continue;
    end
    [net, tr] = clm_train(net, X, T);
    y = clm_sim(net, X);
    same = @(v, f) isequal(fmt(v), ref.(f));
    ok(same(clm_getwb(net), 'wb'), [name ': trained weights bit-identical to the C API']);
    ok(same(y, 'Y'), [name ': clm_sim outputs bit-identical']);
    fields = {'perf', 'vperf', 'tperf', 'gradient', 'val_fail', 'trainInd', 'valInd', ...
              'testInd', 'num_epochs', 'best_epoch', 'best_perf', 'best_vperf', 'best_tperf'};
    if (isfield(ref, 'mu')) fields{end+1} = 'mu'; end
    bad = {};
    for f = fields
      if (~same(tr.(f{1}), f{1})) bad{end+1} = f{1}; end
    end
    if (isempty(bad)) differ = ''; else differ = [' (differ: ' strjoin(bad, ', ') ')']; end
    ok(isempty(bad), sprintf('%s: %d tr fields bit-identical to the C record%s', name, ...
       numel(fields), differ));
    ok(strcmp(tr.stop, strjoin(ref.stop, ' ')), sprintf('%s: tr.stop = "%s"', name, tr.stop));
  end
end

function ref = read_ref (file)
  fid = fopen(file, 'r');
  if (fid < 0) error('test:ref', 'cannot open %s', file); end
  ref = struct();
  while true
    line = fgetl(fid);
    if (~ischar(line)) break; end
    tok = strsplit(strtrim(line), ' ');
    if (numel(tok) == 1) ref.(tok{1}) = {}; else ref.(tok{1}) = tok(2:end); end
  end
  fclose(fid);
end

% %.17g text of every element (the exact bits), as the C reference prints.
function c = fmt (v)
  v = double(v(:)');
  if (isempty(v)) c = {}; return; end
  c = strsplit(strtrim(sprintf('%.17g ', v)), ' ');
end

function [x, t] = toy_data (Q)
  q = 0:Q-1;
  x = [sin(0.05 * q); cos(0.031 * q) .* 2];
  t = 0.5 * x(1,:) .* x(2,:) + 0.2 * x(1,:);
end

% ---------------------------------------------------------------- round trips
function t_roundtrip ()
  [x, t] = toy_data(80);
  net = clm_configure(clm_feedforwardnet([4 3]), x, t, 3);
  net2 = clm_configure(clm_feedforwardnet([4 3]), x, t, 3);
  ok(isequal(clm_getwb(net), clm_getwb(net2)), 'configure: same seed, same weights');
  ok(numel(clm_getwb(net)) == 4 + 4*2 + 3 + 3*4 + 1 + 3, 'getwb: P = 4+8+3+12+1+3');
  wb = clm_getwb(net);
  ok(isequal(wb, [net.b{1}; net.IW{1,1}(:); net.b{2}; net.LW{2,1}(:); net.b{3}; net.LW{3,2}(:)]), ...
     'getwb: MATLAB order [b1; IW(:); b2; LW21(:); ...]');
  w2 = (1:numel(wb))' / 100;
  n2 = clm_setwb(net, w2);
  ok(isequal(clm_getwb(n2), w2) && isequal(n2.IW{1,1}(:), w2(5:12)), 'setwb: weights land in IW/LW/b');
  n3 = net; n3.IW{1,1}(2,1) = 0.5;
  ok(clm_getwb(n3)(4 + 2) == 0.5, 'visible IW edits are used');
  y1 = clm_sim(net, x);
  n4 = clm_init(net, 4);
  ok(~isequal(clm_getwb(n4), wb) && isequal(clm_getwb(clm_init(net, 3)), wb), ...
     'init: seed 3 gives configure''s weights again, seed 4 others');
  ok(isequal(clm_sim(net, x), y1), 'sim: repeatable');
  xn = x; xn(1, 5) = NaN;
  yn = clm_sim(net, xn);
  ok(all(isnan(yn(:, 5))) && isequal(yn(:, [1:4 6:end]), y1(:, [1:4 6:end])), 'sim: NaN input gives NaN output for that sample only');
  s = net.inputs{1}.processSettings;
  ok(numel(s) == 2 && isequal(s{2}.gain, 2 ./ (max(x, [], 2) - min(x, [], 2))) ...
     || max(abs(s{2}.gain - 2 ./ (max(x, [], 2) - min(x, [], 2)))) < 1e-12, ...
     'processSettings: mapminmax gain = 2/(max-min)');
  xc = [x; 7 * ones(1, size(x, 2))];
  nc = clm_configure(clm_feedforwardnet(3), xc, t, 1);
  rc = nc.inputs{1}.processSettings{1};
  ok(isequal(rc.keep, [1 2]) && isequal(rc.remove, 3) && rc.value == 7 && nc.inputs{1}.processedSize == 2 ...
     && isequal(size(nc.IW{1,1}), [3 2]), 'removeconstantrows: constant row 3 removed');
  nt = net; nt.layers{1}.transferFcn = 'logsig';
  ok(~isequal(clm_sim(nt, x), y1), 'transferFcn edits are used');
end

% ---------------------------------------------------------------- progress
function t_progress_lines ()
  [x, t] = toy_data(50);
  net = clm_feedforwardnet(3);
  net.divideFcn = 'dividetrain';
  net.trainParam.epochs = 4; net.trainParam.show = 2;
  net.trainParam.showCommandLine = true;
  out = evalc('clm_train(net, x, t);');
  ok(~isempty(strfind(out, 'Epoch')), sprintf('showCommandLine: progress lines printed (%d chars)', numel(out)));
  net.trainParam.showCommandLine = false;
  out = evalc('clm_train(net, x, t);');
  ok(~isempty(strfind(out, 'Epoch')) && ~isempty(strfind(out, 'no training window')), ...
     'showWindow true (MATLAB''s default): progress lines on the command line instead of a window');
  net.trainParam.showWindow = false;
  out = evalc('clm_train(net, x, t);');
  ok(isempty(strfind(out, 'Epoch')), 'showCommandLine and showWindow false: silent');
end

% ---------------------------------------------------------------- bad inputs
function expect_error (id, f, desc)
  try
    f();
    ok(false, sprintf('%s raises %s (no error)', desc, id));
  catch err
    ok(strcmp(err.identifier, id), sprintf('%s raises %s (got %s: %s)', desc, id, err.identifier, err.message));
  end
end

function t_bad_inputs ()
  [x, t] = toy_data(40);
  net = clm_feedforwardnet(3);
  net.divideFcn = 'dividetrain'; net.trainParam.epochs = 2;
  cnet = clm_configure(net, x, t, 1);
  E = @expect_error;
  E('chaoslm:type', @() clm_train(net, single(x), t), 'single x');
  E('chaoslm:type', @() clm_train(net, x, int32(t)), 'int32 t');
  E('chaoslm:type', @() clm_train(net, x + 1i, t), 'complex x');
  E('chaoslm:type', @() clm_train(net, sparse(x), t), 'sparse x');
  E('chaoslm:type', @() clm_train(net, {x}, t), 'cell x');
  E('chaoslm:type', @() clm_train(5, x, t), 'net not a struct');
  E('chaoslm:property', @() clm_train(struct('a', 1), x, t), 'struct that is not a network');
  E('chaoslm:CLM_ESIZE', @() clm_train(net, x, t(:, 1:end-1)), 'x/t column mismatch');
  E('chaoslm:CLM_ESIZE', @() clm_train(net, [], []), 'empty x and t');
  E('chaoslm:CLM_ESIZE', @() clm_train(net, zeros(2, 0), zeros(1, 0)), '2x0 data');
  E('chaoslm:CLM_ESIZE', @() clm_train(cnet, [x; x], t), 'configured net, wrong input rows');
  E('chaoslm:CLM_ESIZE', @() clm_sim(cnet, x(1, :)), 'sim with wrong input rows');
  xi = x; xi(2, 3) = Inf;
  E('chaoslm:CLM_EINF', @() clm_train(net, xi, t), 'Inf in x');
  ti = t; ti(4) = -Inf;
  E('chaoslm:CLM_EINF', @() clm_train(net, x, ti), 'Inf in t');
  E('chaoslm:CLM_ENOSAMPLES', @() clm_train(net, x, NaN(size(t))), 'all-NaN targets');
  E('chaoslm:CLM_ENOTCONFIGURED', @() clm_sim(net, x), 'sim on an unconfigured net');
  E('chaoslm:CLM_ENOTCONFIGURED', @() clm_getwb(net), 'getwb on an unconfigured net');
  b = net; b.trainParam.epochs = -1;
  E('chaoslm:CLM_EPARAM', @() clm_train(b, x, t), 'epochs = -1');
  b = net; b.trainParam.epochs = 2.5;
  E('chaoslm:CLM_EPARAM', @() clm_train(b, x, t), 'epochs = 2.5');
  b = net; b.trainParam.epochs = NaN;
  E('chaoslm:CLM_EPARAM', @() clm_train(b, x, t), 'epochs = NaN');
  b = net; b.trainParam.epochs = 'ten';
  E('chaoslm:CLM_EPARAM', @() clm_train(b, x, t), 'epochs = ''ten''');
  b = net; b.trainParam.epochs = [1 2];
  E('chaoslm:CLM_EPARAM', @() clm_train(b, x, t), 'epochs = [1 2]');
  b = net; b.trainParam.mu_dec = 2;
  E('chaoslm:CLM_EPARAM', @() clm_train(b, x, t), 'mu_dec = 2 (library check)');
  b = net; b.trainParam.mu = NaN;
  E('chaoslm:CLM_EPARAM', @() clm_train(b, x, t), 'mu = NaN');
  b = net; b.trainParam.goal = -1;
  E('chaoslm:CLM_EPARAM', @() clm_train(b, x, t), 'goal = -1');
  b = net; b.trainParam.bogus = 1;
  E('chaoslm:CLM_EPARAM', @() clm_train(b, x, t), 'unknown trainParam field');
  b = net; b.trainParam.backend = 'tpu';
  E('chaoslm:CLM_EPARAM', @() clm_train(b, x, t), 'backend = ''tpu''');
  b = net; b.trainParam.chaos_stream = 'pink';
  E('chaoslm:CLM_EPARAM', @() clm_train(b, x, t), 'chaos_stream = ''pink''');
  b = net; b.trainParam.chaos_escape_mode = 'squeeze';
  E('chaoslm:CLM_EPARAM', @() clm_train(b, x, t), 'chaos_escape_mode = ''squeeze''');
  b = net; b.trainParam.chaos_race = 2; b.trainParam.chaos_race_keep = 1;
  E('chaoslm:CLM_EPARAM', @() clm_train(b, x, t), 'chaos_race_keep = 1 (library check)');
  b = net; b.trainParam = 3;
  E('chaoslm:CLM_EPARAM', @() clm_train(b, x, t), 'trainParam not a struct');
  b = net; b.trainFcn = 'trainbogus';
  E('chaoslm:CLM_ETRAINER', @() clm_train(b, x, t), 'unknown trainFcn');
  b = net; b.trainFcn = 42;
  E('chaoslm:CLM_ETRAINER', @() clm_train(b, x, t), 'numeric trainFcn');
  b = net; b.layers{1}.transferFcn = 'sigmoidal';
  E('chaoslm:CLM_ETRANSFER', @() clm_train(b, x, t), 'unknown transferFcn');
  b = net; b.divideFcn = 'dividefoo';
  E('chaoslm:CLM_EDIVIDE', @() clm_train(b, x, t), 'unknown divideFcn');
  b = net; b.divideFcn = 'dividerand'; b.divideParam.trainRatio = -1;
  E('chaoslm:CLM_EDIVIDE', @() clm_train(b, x, t), 'negative trainRatio');
  b = net; b.divideFcn = 'divideind'; b.divideParam = struct('trainInd', [1 2 0], 'valInd', [], 'testInd', []);
  E('chaoslm:CLM_EDIVIDE', @() clm_train(b, x, t), 'divideind index 0');
  b = net; b.performFcn = 'msesparse';
  E('chaoslm:CLM_EINVAL', @() clm_train(b, x, t), 'unknown performFcn');
  b = net; b.performFcn = 'crossentropy';
  E('chaoslm:CLM_EPERFORM', @() clm_train(b, x, t), 'crossentropy with trainlm');
  b = net; b.inputs{1}.processFcns = {'mapstd'};
  E('chaoslm:CLM_EINVAL', @() clm_train(b, x, t), 'unsupported processFcn');
  b = net; b.layers{1}.size = 0;
  E('chaoslm:CLM_ESIZE', @() clm_train(b, x, t), 'hidden size 0');
  b = cnet; b.IW{1,1}(1) = NaN;
  E('chaoslm:CLM_ENAN', @() clm_sim(b, x), 'NaN weight in IW');
  b = cnet; b.b{2} = Inf;
  E('chaoslm:CLM_EINF', @() clm_sim(b, x), 'Inf bias');
  b = cnet; b.IW{1,1} = zeros(3, 5);
  E('chaoslm:CLM_ESIZE', @() clm_sim(b, x), 'IW of the wrong size');
  b = cnet; b.LW{2,1} = single(b.LW{2,1});
  E('chaoslm:type', @() clm_sim(b, x), 'single LW');
  b = cnet; b.layers{1}.size = 5;
  E('chaoslm:CLM_ESIZE', @() clm_sim(b, x), 'hidden size changed on a configured net');
  b = cnet; b.inputs{1}.processSettings{2}.gain(1) = 5;
  E('chaoslm:netstruct', @() clm_sim(b, x), 'edited processSettings');
  b = cnet; b.clm_state = 'garbage';
  E('chaoslm:CLM_EFORMAT', @() clm_sim(b, x), 'corrupted clm_state');
  b = cnet; b = rmfield(b, 'clm_state');
  E('chaoslm:netstruct', @() clm_sim(b, x), 'missing clm_state');
  b = cnet; b.trainParam.epochs = -1;
  ok(isequal(clm_sim(b, x), clm_sim(cnet, x)), 'sim ignores training parameters (epochs = -1)');
  E('chaoslm:CLM_ESIZE', @() clm_setwb(cnet, [1 2 3]), 'setwb with the wrong length');
  E('chaoslm:CLM_ENAN', @() clm_setwb(cnet, NaN(size(clm_getwb(cnet)))), 'setwb with NaN');
  E('chaoslm:CLM_ESIZE', @() clm_feedforwardnet([10 0]), 'feedforwardnet([10 0])');
  E('chaoslm:CLM_ESIZE', @() clm_feedforwardnet(2.5), 'feedforwardnet(2.5)');
  E('chaoslm:type', @() clm_feedforwardnet('ten'), 'feedforwardnet(''ten'')');
  E('chaoslm:CLM_ETRAINER', @() clm_feedforwardnet(10, 'trainbfg'), 'feedforwardnet(10, ''trainbfg'')');
  E('chaoslm:CLM_EINVAL', @() clm_configure(net, x, t, -3), 'configure seed -3');
  E('chaoslm:usage', @() chaoslm_mex('frobnicate'), 'unknown MEX command');
  E('chaoslm:usage', @() clm_train(net, x), 'clm_train with 2 arguments');
  % the network itself is never changed by a failed call
  b = net; b.trainParam.epochs = -1;
  try clm_train(b, x, t); catch end
  ok(isequal(b.trainParam.epochs, -1) && isequal(clm_sim(cnet, x), clm_sim(cnet, x)), ...
     'after errors: state intact, MEX still usable');
end

% ---------------------------------------------------------------- help texts
% Every function of the package index has a help text that starts with
% its usage and holds no texinfo debris ("@" outside "@network").
function t_help_texts ()
  index = fullfile(fileparts(which('fitnet')), 'pkg', 'INDEX');
  lines = strsplit(fileread(index), "\n");
  names = strtrim(lines(strncmp(lines, ' ', 1)));
  bad = {};
  for k = 1:numel(names)
    txt = get_help_text(['@network/' names{k}]);   % a method of the network class
    if (isempty(strtrim(txt)))
      txt = get_help_text(names{k});
    end
    clean = strrep(txt, '@network', '');
    if (isempty(strtrim(txt)) || any(clean == '@') || isempty(strfind(txt, names{k})))
      bad{end+1} = names{k};
    end
  end
  ok(numel(names) > 40 && isempty(bad), sprintf('help texts of the %d indexed functions are clean %s', ...
     numel(names), strjoin(bad, ', ')));
end
