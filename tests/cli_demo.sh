#!/bin/sh
# chaoslm command-line tool: `chaoslm demo` finds the bundled Boston housing
# data from any directory and beats the linear baseline (test RMSE 4.84).
# GPL-3.0-or-later.
. "${CLM_SRCDIR:-$(dirname "$0")/..}/tests/cli_lib.sh"

# run from the scratch directory: no ./data here, the tool must find it
# (installed datadir, or next to the program in a build tree)
CLM_DATADIR= "$CHAOSLM" demo --record d.json --save d.net >demo.txt 2>&1
ok $? "chaoslm demo: exit 0"
grep -q "boston_housing.csv: 506 samples, 13 inputs, 1 target" demo.txt
ok $? "demo found and read boston_housing.csv"
grep -q "^Network 13-10-1, trainlm, chaos init, dividerand 0.7/0.15/0.15, seed 1" demo.txt
ok $? "demo defaults: 13-10-1 trainlm, chaos init, dividerand, seed 1"
rmse=$(json d.json 'd["best_tperf"] ** 0.5')
r=$(json d.json 'd["best_tperf"] ** 0.5 < 4.84')
[ "$r" = True ]
ok $? "demo test RMSE $rmse < 4.84 (linear baseline)"
grep -q "the network is better" demo.txt
ok $? "demo prints the comparison with the baseline"
r=$(json d.json 'd["trainParam"]["chaos_init"] == 1 and d["chaos"]["n_chaos_evals"] > 0')
[ "$r" = True ]
ok $? "demo started from a chaotic initialisation (chaos evaluations recorded)"
done_testing
