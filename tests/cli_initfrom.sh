#!/bin/sh
# chaoslm command-line tool: --init-from continues training from a saved
# network.  With the same data and seed (hence the same division), epoch 0
# of the continued run evaluates exactly the saved network, so its perf
# equals the first run's best_perf, and training only improves on it.
# GPL-3.0-or-later.
. "${CLM_SRCDIR:-$(dirname "$0")/..}/tests/cli_lib.sh"

MC="$DATA/mcycle.csv"
"$CHAOSLM" train "$MC" --targets 1 --hidden 8 --epochs 4 --seed 3 --quiet --save a.net --record a.json
ok $? "first run: 4 epochs, saved"
"$CHAOSLM" train "$MC" --targets 1 --init-from a.net --epochs 40 --seed 3 --save b.net \
  --record b.json >b.txt 2>&1
ok $? "second run --init-from a.net: exit 0"
grep -q "^Continuing from a.net: 1-8-1 (tansig, purelin), trainlm" b.txt
ok $? "the tool says it continues from a.net"
r=$(json b.json 'abs(d["perf"][0] - '"$(json a.json 'repr(d["best_perf"])')"') <= 1e-12 * d["perf"][0]')
[ "$r" = True ]
ok $? "epoch 0 of the continued run is the saved network (perf[0] = first run's best_perf)"
r=$(json b.json 'd["best_perf"] <= d["perf"][0] and d["best_vperf"] <= d["vperf"][0] and d["num_epochs"] >= 1')
[ "$r" = True ]
ok $? "the continued run does not get worse (best perf and vperf <= epoch 0)"
[ "$(json a.json 'd["trainInd"]')" = "$(json b.json 'd["trainInd"]')" ]
ok $? "same division in both runs"
"$CHAOSLM" info a.net --weights >wa.txt && "$CHAOSLM" info b.net --weights >wb.txt && [ "$(wc -l <wb.txt)" -eq 25 ]
ok $? "both models load (25 weights)"
# the weights moved if the continued run found a better network
if [ "$(json b.json 'd["best_epoch"]')" -gt 0 ]; then
  ! cmp -s wa.txt wb.txt
  ok $? "the weights changed when training improved"
else
  cmp -s wa.txt wb.txt
  ok $? "best epoch 0: the saved weights are the starting weights"
fi
# --hidden/--transfer that agree with the model are accepted
"$CHAOSLM" train "$MC" --targets 1 --init-from a.net --hidden 8 --transfer tansig,purelin --epochs 1 --quiet
ok $? "--init-from with a matching --hidden/--transfer is accepted"
"$CHAOSLM" train "$MC" --targets 1 --init-from a.net --transfer logsig --epochs 1 --quiet 2>err.txt
[ $? -eq 2 ] && grep -q "different architecture" err.txt
ok $? "--init-from with another --transfer: exit 2"
done_testing
