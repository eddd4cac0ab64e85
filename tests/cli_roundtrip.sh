#!/bin/sh
# chaoslm command-line tool: train -> save -> info -> sim round trip on the
# iris data; the --record JSON parses, is self-consistent, and equals the
# record of the same training run through the library (tests/cli_recref);
# sim's outputs reproduce the recorded test/train performance; a semicolon
# and decimal-comma copy of a file trains bit-identically; --plot writes two
# PNG files.  GPL-3.0-or-later.
. "${CLM_SRCDIR:-$(dirname "$0")/..}/tests/cli_lib.sh"

IRIS="$DATA/iris.csv"

"$CHAOSLM" train "$IRIS" --targets 3 --hidden 6 --epochs 20 --seed 5 --save m.net \
  --record r.json >train.txt 2>err.txt
ok $? "train iris 4-6-3, 20 epochs: exit 0"
[ -s m.net ] && [ -s r.json ] && [ ! -s err.txt ]
ok $? "model and record written, nothing on stderr"
grep -q "^Stop: " train.txt && grep -q "accuracy" train.txt && grep -q "confusion matrix" train.txt
ok $? "summary: stop reason, accuracy and confusion matrix (one-hot targets)"
grep -q "^Epoch 0/20, Time " train.txt && grep -q "^Training with TRAINLM" train.txt
ok $? "not a terminal: MATLAB-format progress lines"

# ---- the JSON record
json r.json 'd["trainFcn"]' >/dev/null 2>json_err.txt
ok $? "--record is valid JSON"
json r.json '
len(d["perf"]) == d["num_epochs"] + 1 and
all(len(d[k]) == d["num_epochs"] + 1 for k in ("epoch","time","perf","vperf","tperf","mu","gradient","val_fail")) and
d["epoch"] == list(range(d["num_epochs"] + 1)) and
d["best_perf"] == d["perf"][d["best_epoch"]] and
d["best_vperf"] == d["vperf"][d["best_epoch"]] and
d["stop"] in ("Maximum epoch reached.", "Validation stop.", "Minimum gradient reached.", "Performance goal met.", "Maximum MU reached.") and
d["trainFcn"] == "trainlm" and d["index_base"] == 1 and
sorted(d["trainInd"] + d["valInd"] + d["testInd"]) == list(range(1, 151)) and
(len(d["trainInd"]), len(d["valInd"]), len(d["testInd"])) == (104, 23, 23)
' >check.txt 2>&1
[ "$(cat check.txt)" = True ]
ok $? "record: per-epoch arrays of num_epochs+1, best_* at best_epoch, 1-based 104/23/23 partition of 1..150"

"$CLM_BUILDDIR/tests/cli_recref" "$IRIS" 3 6 20 5 >ref.json 2>ref_err.txt
ok $? "the same training through the library (cli_recref)"
"$PYTHON" - r.json ref.json >cmp.txt 2>&1 <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
def same(x, y):
    if x is None or y is None: return x is y
    return abs(x - y) <= 1e-12 * max(1.0, abs(x), abs(y))
bad = [k for k in ("trainFcn", "stop", "num_epochs", "best_epoch", "testInd") if a[k] != b[k]]
bad += [k for k in ("best_perf", "best_vperf", "best_tperf") if not same(a[k], b[k])]
bad += [k for k in ("perf", "vperf", "tperf", "gradient")
        if len(a[k]) != len(b[k]) or not all(same(x, y) for x, y in zip(a[k], b[k]))]
print("mismatch: " + ", ".join(bad) if bad else "same")
PY
[ "$(cat cmp.txt)" = same ]
ok $? "--record equals the library's record (stop, epochs, perf/vperf/tperf/gradient, testInd): $(cat cmp.txt)"

# ---- info
"$CHAOSLM" info m.net >info.txt 2>&1
ok $? "info: exit 0"
grep -q "^architecture: 4-6-3 " info.txt && grep -q "^weights: 51$" info.txt && grep -q "^trainFcn: trainlm$" info.txt
ok $? "info: architecture 4-6-3, 51 weights, trainlm"
"$CHAOSLM" info m.net --weights >w.txt 2>&1
[ "$(wc -l <w.txt)" -eq 51 ] && "$PYTHON" -c 'import sys; [float(l) for l in open(sys.argv[1])]' w.txt
ok $? "info --weights: 51 numbers, one per line"

# ---- sim
"$CHAOSLM" sim m.net "$IRIS" --targets 3 >y.csv 2>sim_err.txt
ok $? "sim --targets 3: exit 0"
[ "$(head -1 y.csv)" = "class_setosa,class_versicolor,class_virginica" ] && [ "$(wc -l <y.csv)" -eq 151 ]
ok $? "sim: header with the target names and 150 rows"
grep -q "accuracy" sim_err.txt && grep -q "^  all " sim_err.txt
ok $? "sim --targets: error summary on stderr"
"$PYTHON" - y.csv "$IRIS" r.json >perf.txt 2>&1 <<'PY'
import csv, json, sys
Y = [list(map(float, r)) for r in list(csv.reader(open(sys.argv[1])))[1:]]
T = [list(map(float, r[4:])) for r in list(csv.reader(open(sys.argv[2])))[1:]]
d = json.load(open(sys.argv[3]))
def mse(ind):
    e = [(Y[i-1][k] - T[i-1][k])**2 for i in ind for k in range(3)]
    return sum(e) / len(e)
ok = all(abs(mse(d[s]) - d[b]) <= 1e-9 * d[b] for s, b in
         (("trainInd", "best_perf"), ("valInd", "best_vperf"), ("testInd", "best_tperf")))
print("same" if ok else "differ: %g %g" % (mse(d["testInd"]), d["best_tperf"]))
PY
[ "$(cat perf.txt)" = same ]
ok $? "sim outputs of the saved model give the recorded best_perf/best_vperf/best_tperf: $(cat perf.txt)"
cut -d, -f1-4 "$IRIS" >inputs.csv
"$CHAOSLM" sim m.net inputs.csv >y2.csv 2>/dev/null && tail -n +2 y.csv >a.txt && tail -n +2 y2.csv >b.txt && cmp -s a.txt b.txt
ok $? "sim on an inputs-only file gives the same outputs"

# ---- the CSV dialect end to end: ';' with decimal commas trains identically
"$PYTHON" -c '
import sys
for i, line in enumerate(open(sys.argv[1])):
    f = line.rstrip("\n").split(",")
    print(";".join('"'"'"%s"'"'"' % x if i == 0 else x.replace(".", ",") for x in f), end="\r\n")
' "$DATA/mcycle.csv" >semi.csv
"$CHAOSLM" train "$DATA/mcycle.csv" --targets 1 --epochs 5 --quiet --record c1.json &&
  "$CHAOSLM" train semi.csv --targets 1 --epochs 5 --quiet --record c2.json
ok $? "train on mcycle.csv and on its ';' / decimal-comma / CRLF / quoted-header copy"
[ "$(json c1.json 'd["perf"]')" = "$(json c2.json 'd["perf"]')" ]
ok $? "both copies give the same perf history"

# ---- options reach the library's parameters (seen in the record)
"$CHAOSLM" train "$DATA/mcycle.csv" --targets 1 --epochs 3 --quiet --backend cpu --threads 1 \
  --train traingdm --lr 0.05 --mc 0.5 --max-fail 9 --divide block --ratios 0.6,0.2,0.2 --record o.json
r=$(json o.json 'd["backend"]["requested"] == "cpu" and d["backend"]["used"] == "cpu" and
  d["trainParam"]["threads"] == 1 and d["trainFcn"] == "traingdm" and d["trainParam"]["lr"] == 0.05 and
  d["trainParam"]["mc"] == 0.5 and d["trainParam"]["max_fail"] == 9 and d["divideFcn"] == "divideblock" and
  d["trainInd"] == list(range(1, len(d["trainInd"]) + 1)) and "mu" not in d and d["num_epochs"] == 3')
[ "$r" = True ]
ok $? "--backend/--threads/--train/--lr/--mc/--max-fail/--divide reach the library (record)"

# ---- plots
if command -v gnuplot >/dev/null 2>&1; then
  "$CHAOSLM" train "$DATA/mcycle.csv" --targets 1 --epochs 5 --quiet --plot p >/dev/null 2>plot_err.txt
  ok $? "--plot: exit 0"
  for f in p-perform.png p-regression.png; do
    [ "$(head -c 4 $f | od -An -c | tr -d ' ')" = '211PNG' ]
    ok $? "--plot wrote $f (a PNG file)"
  done
else
  echo "ok $((tap_n + 1)) # SKIP gnuplot not installed"
  tap_n=$((tap_n + 1))
fi
done_testing
