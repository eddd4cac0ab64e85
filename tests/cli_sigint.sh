#!/bin/sh
# chaoslm command-line tool: Ctrl-C (SIGINT) during a long training stops
# it with MATLAB's "User stop.", still saves the best network and writes the
# record; exit status 130.  GPL-3.0-or-later.
. "${CLM_SRCDIR:-$(dirname "$0")/..}/tests/cli_lib.sh"

# traingd with no early stop: 10^7 epochs would take hours.
"$CHAOSLM" train "$DATA/wine.csv" --targets 3 --train traingd --epochs 10000000 \
  --max-fail 10000000 --min-grad 0 --show 200 --save s.net --record s.json >log.txt 2>&1 &
pid=$!
i=0
until grep -q "^Epoch 0/" log.txt 2>/dev/null || [ $i -ge 200 ]; do sleep 0.1; i=$((i + 1)); done
grep -q "^Epoch 0/" log.txt
ok $? "training started (progress line seen)"
sleep 0.5
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ]
ok $? "exit status 130 after SIGINT (got $rc)"
[ -s s.net ] && [ ! -e s.net.tmp ]
ok $? "the model was saved"
"$CHAOSLM" info s.net >info.txt 2>&1 && grep -q "^architecture: 13-10-3 " info.txt
ok $? "the saved model loads: 13-10-3"
[ "$(json s.json 'd["stop"]')" = "User stop." ]
ok $? "record: stop = \"User stop.\""
r=$(json s.json '0 < d["num_epochs"] < 10000000 and d["best_vperf"] == min(v for v in d["vperf"] if v is not None)')
[ "$r" = True ]
ok $? "stopped early; the saved network is the best one by validation"
grep -q "Interrupted (Ctrl-C)" log.txt && grep -q "Training with TRAINGD completed: User stop." log.txt
ok $? "the tool reports the interruption"
done_testing
