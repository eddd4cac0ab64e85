#!/bin/sh
# chaoslm command-line tool: every bad argument and every malformed CSV
# file gives exit status 2, exactly one line on stderr naming the problem
# (FILE:LINE:COLUMN for CSV errors), and writes nothing (no model, record
# or plot file appears).  GPL-3.0-or-later.
. "${CLM_SRCDIR:-$(dirname "$0")/..}/tests/cli_lib.sh"

IRIS="$DATA/iris.csv"
# csv NAME CONTENT: write an input file into the next case directory.
csv() { mkdir -p "$WORK/case$((n + 1))" && printf "$2" >"$WORK/case$((n + 1))/$1"; }

T="--save out.net --record rec.json --epochs 2 --quiet"

# ---- arguments
expect_usage "no command" "missing command"
expect_usage "unknown command" "unknown command 'trian'" trian
expect_usage "train without a data file" "missing the data file" train --targets 1 $T
expect_usage "train without --targets" "targets K is required" train "$IRIS" $T
expect_usage "--targets 0" "too small" train "$IRIS" --targets 0 $T
expect_usage "--targets abc" "'abc' is not a non-negative integer" train "$IRIS" --targets abc $T
expect_usage "--targets -1" "'-1' is not a non-negative integer" train "$IRIS" --targets -1 $T
expect_usage "--epochs 2.5" "--epochs: epochs = 2.5 violates" train "$IRIS" --targets 3 $T --epochs 2.5
expect_usage "--epochs without a value" "needs a value" train "$IRIS" --targets 3 --save out.net --epochs
expect_usage "--hidden 10,,5" "--hidden" train "$IRIS" --targets 3 --hidden 10,,5 $T
expect_usage "--hidden abc" "--hidden" train "$IRIS" --targets 3 --hidden abc $T
expect_usage "--transfer unknown" "unknown transfer function 'tanh'" train "$IRIS" --targets 3 --transfer tanh,purelin $T
expect_usage "--transfer count" "3 functions given for 2 layers" train "$IRIS" --targets 3 --transfer tansig,tansig,purelin $T
expect_usage "--train unknown" "unknown training function 'trainxyz'" train "$IRIS" --targets 3 --train trainxyz $T
expect_usage "--init unknown" "unknown initialisation 'zeros'" train "$IRIS" --targets 3 --init zeros $T
expect_usage "--divide unknown" "unknown division 'half'" train "$IRIS" --targets 3 --divide half $T
expect_usage "--ratios two numbers" "--ratios" train "$IRIS" --targets 3 --ratios 0.5,0.5 $T
expect_usage "--escape unknown" "unknown mode 'jump'" train "$IRIS" --targets 3 --escape jump $T
expect_usage "--restarts -2" "--restarts" train "$IRIS" --targets 3 --restarts -2 $T
expect_usage "--race 0" "--race" train "$IRIS" --targets 3 --race 0 $T
expect_usage "--escape with traingd" "cannot use the chaotic escape" train "$IRIS" --targets 3 --train traingd --escape restart $T
expect_usage "--backend unknown" "unknown backend 'tpu'" train "$IRIS" --targets 3 --backend tpu $T
expect_usage "--seed -1" "--seed" train "$IRIS" --targets 3 --seed -1 $T
expect_usage "--goal -1" "--goal" train "$IRIS" --targets 3 --goal -1 $T
expect_usage "--mc 2" "--mc" train "$IRIS" --targets 3 --train traingdm --mc 2 $T
expect_usage "--threads x" "--threads" train "$IRIS" --targets 3 --threads x $T
expect_usage "unknown option" "unknown option '--bogus'" train "$IRIS" --targets 3 --bogus $T
expect_usage "short option" "unknown option '-t'" train "$IRIS" -t 3 $T
expect_usage "two data files" "too many arguments" train "$IRIS" "$IRIS" --targets 3 $T
expect_usage "--save into a missing directory" "cannot create" train "$IRIS" --targets 3 --save "$WORK/nodir/out.net"
expect_usage "--record into a missing directory" "cannot create" train "$IRIS" --targets 3 --record "$WORK/nodir/r.json" --save out.net
expect_usage "--init-from a missing model" "--init-from: nomodel.net" train "$IRIS" --targets 3 --init-from nomodel.net $T
expect_usage "--init with --init-from" "cannot be combined" train "$IRIS" --targets 3 --init rands --init-from x.net $T
# A PATH without gnuplot but with what the libtool wrapper script needs.
mkdir "$WORK/nobin"
for c in ls sed cat expr printf pwd echo test uname dirname basename; do
  p=$(command -v $c) && case $p in /*) ln -s "$p" "$WORK/nobin/$c" ;; esac
done
expect_usage "--plot without gnuplot" "gnuplot is not on PATH" --path "$WORK/nobin" train "$IRIS" --targets 3 --plot p $T
expect_usage "demo with a file" "unexpected argument" demo "$IRIS" $T
expect_usage "sim without a data file" "needs a model and a data file" sim model.net
expect_usage "sim with a missing model" "nomodel.net" sim nomodel.net "$IRIS"
expect_usage "info without a model" "needs a model file" info
expect_usage "info of a non-model file" "$IRIS" info "$IRIS"

# a small 1-input model for the sim and --init-from checks
"$CHAOSLM" train "$DATA/mcycle.csv" --targets 1 --epochs 2 --quiet --save "$WORK/model.net" >/dev/null 2>&1
ok $? "a 1-input model for the sim checks"

# ---- malformed CSV files (the error names FILE:LINE:COLUMN)
csv in.csv 'a,b,t\n1,2,3\n4,x5,6\n'
expect_usage "CSV: bad number" "in.csv:3:2: 'x5' is not a number" train in.csv --targets 1 $T
csv in.csv 'a,b,t\n1,2,3\n4,5\n7,8,9\n'
expect_usage "CSV: ragged row" "in.csv:3:3: row has 2 fields, expected 3" train in.csv --targets 1 $T
csv in.csv 'a,b,t\n1,2,3,4\n'
expect_usage "CSV: row too long" "in.csv:2:4:" train in.csv --targets 1 $T
csv in.csv 'a,b,t\n1,"2,3\n4,5,6\n'
expect_usage "CSV: unterminated quote" "in.csv:2:2: unterminated quoted field" train in.csv --targets 1 $T
csv in.csv ''
expect_usage "CSV: empty file" "in.csv: empty file" train in.csv --targets 1 $T
csv in.csv 'a,b,t\n'
expect_usage "CSV: header only" "in.csv: no data rows" train in.csv --targets 1 $T
expect_usage "CSV: missing file" "missing.csv: cannot open" train missing.csv --targets 1 $T
csv in.csv 'a,b,t\n1,2,3\n'
expect_usage "CSV: --targets > columns" "in.csv:1:3: --targets 4 needs at least 5 columns" train in.csv --targets 4 $T
csv in.csv 'a,b,t\n1,2,3\n4,1e999,6\n'
expect_usage "CSV: out of range" "in.csv:3:2:" train in.csv --targets 1 $T
csv in.csv 'a,b,t\n1,2,NaN\n3,4,\n5,6,NaN\n'
expect_usage "CSV: every target missing" "training failed" train in.csv --targets 1 $T
csv in.csv 'a,b,t\n1,2,3\n4,5,x\n'
expect_usage "sim: malformed CSV" "in.csv:3:3:" sim "$WORK/model.net" in.csv --targets 1

expect_usage "sim: wrong number of input columns" "expects 1" sim "$WORK/model.net" "$IRIS" --targets 3
expect_usage "--init-from: model does not fit the data" "has 1 inputs and 1 outputs" train "$IRIS" --targets 3 --init-from "$WORK/model.net" $T
expect_usage "--init-from: different --hidden" "different architecture" train "$DATA/mcycle.csv" --targets 1 --hidden 5 --init-from "$WORK/model.net" $T

done_testing
