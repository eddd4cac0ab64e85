#!/bin/sh
# chaoslm command-line tool: classification.  `train --net pattern` on the
# iris data builds MATLAB's patternnet (softmax outputs that sum to 1,
# crossentropy, trainscg by default); the summary's accuracy and confusion
# matrices per set equal an independent count from `sim`'s outputs, the
# targets and the record's index lists; --perform/--regularization/
# --normalization reach the record; the library's refusals (trainlm with
# crossentropy, crossentropy with a normalization) are usage errors with its
# message; --net cascade builds a cascade-forward network that `info`
# describes; --net and --init-from must agree; --plot draws the confusion
# figure.  GPL-3.0-or-later.
. "${CLM_SRCDIR:-$(dirname "$0")/..}/tests/cli_lib.sh"

IRIS="$DATA/iris.csv"

# classify_check SUMMARY Y.csv DATA.csv K RECORD.json: compare the summary's
# classification part with a count made here from the outputs.  Prints
# "same" or what differs.
classify_check() {
  "$PYTHON" - "$@" <<'PY'
import csv, json, re, sys
summary, ycsv, data, K, rec = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
Y = [list(map(float, r)) for r in list(csv.reader(open(ycsv)))[1:]]
T = [list(map(float, r[-K:])) for r in list(csv.reader(open(data)))[1:]]
sets = {"all": list(range(len(T)))}
if rec != "-":
    d = json.load(open(rec))
    for name, key in (("train", "trainInd"), ("validation", "valInd"), ("test", "testInd")):
        if d[key]:
            sets[name] = [i - 1 for i in d[key]]
def cls(v, target):
    if K == 1:  # one 0/1 row: class 2 when the value is >= 0.5
        return 1 if v[0] >= 0.5 else 0
    return max(range(K), key=lambda k: (v[k], -k))  # first largest
C = 2 if K == 1 else K
text = open(summary).read()
bad = []
for name, idx in sets.items():
    cm = [[0] * C for _ in range(C)]
    for q in idx:
        cm[cls(T[q], True)][cls(Y[q], False)] += 1
    n = len(idx)
    correct = sum(cm[i][i] for i in range(C))
    m = re.search(r"^  %s +(\d+) +([0-9.]+) +(\d+)$" % name, text, re.M)
    if not m:
        bad.append("no accuracy line for " + name); continue
    if int(m.group(1)) != n or int(m.group(3)) != n - correct or \
       abs(float(m.group(2)) - correct / n) > 0.00005:
        bad.append("%s: printed %s, counted %d samples, accuracy %.4f" % (name, m.groups(), n, correct / n))
    m = re.search(r"^confusion matrix, %s .*\n.*\n((?:.*\n){%d})" % (name, C), text, re.M)
    if not m:
        bad.append("no confusion matrix for " + name); continue
    rows = [[int(x) for x in line.split()[2:2 + C]] for line in m.group(1).splitlines()]
    if rows != cm:
        bad.append("%s: matrix %s, counted %s" % (name, rows, cm))
    if sum(map(sum, rows)) != n:
        bad.append("%s: counts sum to %d, not %d" % (name, sum(map(sum, rows)), n))
print("; ".join(bad) if bad else "same")
PY
}

# ---- patternnet on iris: defaults, summary, sim
"$CHAOSLM" train "$IRIS" --targets 3 --net pattern --seed 3 --save p.net --record p.json \
  >train.txt 2>err.txt
ok $? "train --net pattern on iris: exit 0"
[ ! -s err.txt ] && grep -q "^Network 4-10-3 patternnet, trainscg, crossentropy, " train.txt
ok $? "header: patternnet, trainscg (its default), crossentropy"
r=$(json p.json 'd["trainFcn"] == "trainscg" and d["performFcn"] == "crossentropy" and
  d["performParam"] == {"regularization": 0, "normalization": "none"} and "mu" not in d')
[ "$r" = True ]
ok $? "record: trainscg, crossentropy, performParam {regularization 0, normalization none}"
grep -q "^classification (3 classes" train.txt && ! grep -q "RMSE" train.txt
ok $? "summary: the classification part only (no regression table for crossentropy)"
"$CHAOSLM" sim p.net "$IRIS" --targets 3 >y.csv 2>sim.txt
ok $? "sim --targets 3 on the pattern model: exit 0"
"$PYTHON" - y.csv >prob.txt 2>&1 <<'PY'
import csv, sys
Y = [list(map(float, r)) for r in list(csv.reader(open(sys.argv[1])))[1:]]
ok = len(Y) == 150 and all(abs(sum(y) - 1) < 1e-12 and min(y) >= 0 for y in Y)
print("probabilities" if ok else "not softmax outputs")
PY
[ "$(cat prob.txt)" = probabilities ]
ok $? "the outputs are softmax probabilities (each row >= 0, sums to 1)"
c=$(classify_check train.txt y.csv "$IRIS" 3 p.json)
[ "$c" = same ]
ok $? "train summary: accuracy, errors and confusion counts of train/validation/test/all equal a count from sim's outputs: $c"
c=$(classify_check sim.txt y.csv "$IRIS" 3 -)
[ "$c" = same ] && grep -q "^confusion matrix, all " sim.txt && ! grep -q "RMSE" sim.txt
ok $? "sim --targets summary: the same check over all samples: $c"
acc=$(sed -n 's/^  test  *[0-9]*  *\([0-9.]*\) .*/\1/p' train.txt)
awk -v a="$acc" 'BEGIN { exit !(a >= 0.9) }'
ok $? "patternnet's test accuracy on iris is at least 0.9 ($acc)"

# ---- a mse network on one-hot targets keeps its regression table too
"$CHAOSLM" train "$IRIS" --targets 3 --hidden 5 --epochs 15 --seed 2 --save f.net --record f.json \
  >fit.txt 2>&1 && "$CHAOSLM" sim f.net "$IRIS" --targets 3 >yf.csv 2>/dev/null
ok $? "feedforward (mse) on iris: train and sim"
c=$(classify_check fit.txt yf.csv "$IRIS" 3 f.json)
[ "$c" = same ] && grep -q "RMSE" fit.txt
ok $? "mse on one-hot targets: regression table and the same classification check: $c"

# ---- two classes in one 0/1 column: crossentropy network
cut -d, -f1-5 "$IRIS" >setosa.csv
"$CHAOSLM" train setosa.csv --targets 1 --perform crossentropy --train trainscg \
  --transfer tansig,tansig --epochs 30 --seed 1 --save b.net --record b.json >bin.txt 2>&1 &&
  "$CHAOSLM" sim b.net setosa.csv --targets 1 >yb.csv 2>/dev/null
ok $? "one 0/1 target, crossentropy: train and sim"
c=$(classify_check bin.txt yb.csv setosa.csv 1 b.json)
[ "$c" = same ] && grep -q "^   2 class_setosa=1 " bin.txt
ok $? "one 0/1 target: two classes (output >= 0.5 is class 2), counts as counted here: $c"

# ---- performance settings reach the record and the model
"$CHAOSLM" train "$IRIS" --targets 3 --train traingdx --perform mae --regularization 0.25 \
  --normalization standard --epochs 5 --quiet --record m.json --save m.net
ok $? "--perform mae --regularization 0.25 --normalization standard with traingdx: exit 0"
r=$(json m.json 'd["performFcn"] == "mae" and d["performParam"] == {"regularization": 0.25, "normalization": "standard"}')
[ "$r" = True ] && "$CHAOSLM" info m.net | grep -q "^performFcn: mae (regularization 0.25, normalization standard)$"
ok $? "record and info: performFcn mae, performParam {0.25, standard}"
"$CHAOSLM" train "$IRIS" --targets 3 --perform sse --epochs 3 --quiet --record s.json
[ "$(json s.json 'd["performFcn"]')" = sse ]
ok $? "--perform sse with trainlm: accepted, recorded"

# ---- refusals (exit 2, one line, nothing written)
T="--save out.net --record rec.json --epochs 2 --quiet"
expect_usage "--perform crossentropy with trainlm" "trainlm needs performFcn mse or sse" \
  train "$IRIS" --targets 3 --perform crossentropy $T
expect_usage "--net pattern --train trainlm" "trainlm needs performFcn mse or sse" \
  train "$IRIS" --targets 3 --net pattern --train trainlm $T
expect_usage "--perform mae with trainlm" "trainlm needs performFcn mse or sse" \
  train "$IRIS" --targets 3 --perform mae $T
expect_usage "crossentropy with a normalization" "crossentropy takes no normalization" \
  train "$IRIS" --targets 3 --net pattern --normalization percent $T
expect_usage "--regularization out of range" "--regularization: 1.5 is out of range" \
  train "$IRIS" --targets 3 --regularization 1.5 $T
expect_usage "--perform unknown" "unknown performance function 'msereg'" \
  train "$IRIS" --targets 3 --perform msereg $T
expect_usage "--normalization unknown" "unknown normalization 'minmax'" \
  train "$IRIS" --targets 3 --normalization minmax $T
expect_usage "--net unknown" "unknown network 'elman'" train "$IRIS" --targets 3 --net elman $T
expect_usage "--net pattern with one target column" "needs a target column per class" \
  train "$DATA/mcycle.csv" --targets 1 --net pattern $T
expect_usage "--init-from a patternnet with --net cascade" "p.net is a patternnet; --net cascade" \
  train "$IRIS" --targets 3 --init-from "$WORK/p.net" --net cascade $T
expect_usage "--init-from a feedforward model with --net pattern" "is a feedforwardnet; --net pattern" \
  train "$IRIS" --targets 3 --init-from "$WORK/f.net" --net pattern $T

# ---- --init-from keeps the model's kind and trainFcn
"$CHAOSLM" train "$IRIS" --targets 3 --init-from p.net --net patternnet --epochs 3 --seed 3 \
  --record p2.json >p2.txt 2>&1
ok $? "--init-from a pattern model with --net patternnet (MATLAB's name): exit 0"
grep -q "^Continuing from p.net: 4-10-3 (tansig, softmax) patternnet, trainscg, crossentropy$" p2.txt &&
  [ "$(json p2.json 'd["trainFcn"]')" = trainscg ]
ok $? "continued with the model's own trainFcn (trainscg) and crossentropy"

# ---- cascadeforwardnet
"$CHAOSLM" train "$IRIS" --targets 3 --net cascade --hidden 5,4 --epochs 10 --quiet --save c.net
ok $? "train --net cascade --hidden 5,4: exit 0"
"$CHAOSLM" info c.net >cinfo.txt 2>&1
# every layer gets the input (4 rows) and every earlier layer:
# layer 1: 5*(1+4), layer 2: 4*(1+4+5), layer 3: 3*(1+4+5+4)
grep -q "^architecture: 4-5-4-3 " cinfo.txt &&
  grep -q "^connections (cascadeforwardnet): input -> 1, 2, 3; layer 1 -> 2, 3; layer 2 -> 3$" cinfo.txt &&
  grep -q "^weights: $((5 * 5 + 4 * 10 + 3 * 14))$" cinfo.txt && grep -q "^trainFcn: trainlm$" cinfo.txt
ok $? "info: cascade connections and $((5 * 5 + 4 * 10 + 3 * 14)) weights"
"$CHAOSLM" info f.net | grep -q "^connections" 
[ $? -ne 0 ]
ok $? "info: no connections line for a feed-forward network"

# ---- the confusion figure
if command -v gnuplot >/dev/null 2>&1; then
  "$CHAOSLM" train "$IRIS" --targets 3 --net pattern --epochs 10 --plot g >g.txt 2>g_err.txt
  ok $? "--plot with --net pattern: exit 0"
  [ "$(head -c 4 g-confusion.png | od -An -c | tr -d ' ')" = '211PNG' ] && [ -s g-perform.png ] &&
    [ ! -e g-regression.png ] && grep -q "^Plots: g-perform.png g-confusion.png$" g.txt
  ok $? "--plot wrote g-perform.png and the PNG g-confusion.png (no regression figure for crossentropy)"
else
  echo "ok $((tap_n + 1)) # SKIP gnuplot not installed: confusion figure not checked"
  tap_n=$((tap_n + 1))
  echo "ok $((tap_n + 1)) # SKIP gnuplot not installed"
  tap_n=$((tap_n + 1))
fi
done_testing
