#!/bin/sh
# chaoslm command-line tool: the trainer options, help and record follow the
# library's registry (printed by tests/cli_registry through the public
# API), so a trainer added to the library is checked here with no edit:
#   - --help lists every trainer (name and title) and every parameter;
#   - an unknown --train NAME lists exactly the registered trainers;
#   - every parameter of every trainer is an option (--mu-dec for mu_dec)
#     whose value reaches the record's trainParam;
#   - an option of a parameter the trainer does not take, and a value out
#     of bounds, are usage errors with a message naming them;
#   - the record's "states" are MATLAB's common ones, mu for a trainer with
#     mu and the trainer's own states, each with one value per epoch.
# GPL-3.0-or-later.
. "${CLM_SRCDIR:-$(dirname "$0")/..}/tests/cli_lib.sh"

MC="$DATA/mcycle.csv"
"$CLM_BUILDDIR/tests/cli_registry" >reg.txt 2>reg_err.txt
ok $? "cli_registry lists the library's trainers"
grep -q '^trainer ' reg.txt
ok $? "at least one trainer"

# option NAME: the tool's option for a trainParam name (mu_dec -> mu-dec,
# showCommandLine -> show-command-line)
option() { echo "$1" | sed -e 's/_/-/g' -e 's/\([A-Z]\)/-\1/g' | tr 'A-Z' 'a-z'; }

# ---- --help
"$CHAOSLM" train --help >help.txt 2>&1
ok $? "train --help: exit 0"
bad=
while read -r kind name flags states title; do
  [ "$kind" = trainer ] || continue
  grep -q "^  $name  *$title" help.txt || bad="$bad $name"
done <reg.txt
[ -z "$bad" ]
ok $? "--help lists every registered trainer with its title${bad:+ (missing:$bad)}"
bad=
while read -r kind tr name type value; do
  [ "$kind" = param ] && [ "$type" != backend ] || continue
  grep -q -e "--$(option "$name") " help.txt || bad="$bad $name"
done <reg.txt
[ -z "$bad" ]
ok $? "--help lists every parameter of every trainer as an option${bad:+ (missing:$bad)}"
grep -q -e '--mu-dec X  *mu decrease factor \[0.1\]' help.txt && grep -q -e '--backend auto|cpu|gpu' help.txt
ok $? "--help: a parameter's line has its help and default (--mu-dec ... [0.1]); --backend lists the backends"

# ---- --train: unknown names list the registered trainers, in order
names=$(awk '$1 == "trainer" { printf "%s%s", sep, $2; sep = ", " }' reg.txt)
expect_usage "--train unknown lists the trainers" "unknown training function 'trainxyz' ($names)\$" \
  train "$MC" --targets 1 --train trainxyz --record rec.json

# ---- every parameter of every trainer reaches the record
bad=
while read -r kind tr name type value; do
  [ "$kind" = param ] && [ "$type" != backend ] && [ "$value" != - ] || continue
  # a flag is given as 0: the tool's default progress lines are on
  if [ "$type" = flag ]; then value=0; want=False; else want=$value; fi
  rm -f r.json
  "$CHAOSLM" train "$MC" --targets 1 --train "$tr" --epochs 2 --hidden 3 \
    "--$(option "$name")" "$value" --record r.json >out.txt 2>err.txt
  r=$(json r.json "d['trainParam']['$name'] == $want" 2>/dev/null)
  [ "$r" = True ] || { bad="$bad $tr:$name=$value"; diag err.txt; }
done <reg.txt
[ -z "$bad" ]
ok $? "every parameter of every trainer is an option whose value is in trainParam${bad:+ (not:$bad)}"

"$CHAOSLM" train "$MC" --targets 1 --epochs 3 --mu-dec 0.2 --quiet --record r.json
# From one epoch to the next mu is multiplied by mu_inc = 10 per rejected
# trial and by mu_dec once for the accepted step: each ratio is 0.2 * 10^k
# (with the default 0.1 every ratio would be a power of 10).
r=$(json r.json 'd["trainParam"]["mu_dec"] == 0.2 and d["mu"][0] == 0.001 and len(d["mu"]) > 1 and
  all(abs(__import__("math").log10(m / d["mu"][i] / 0.2) - round(__import__("math").log10(m / d["mu"][i] / 0.2))) < 1e-9
      for i, m in enumerate(d["mu"][1:]))')
[ "$r" = True ]
ok $? "--mu-dec 0.2: trainParam.mu_dec 0.2, and mu changes by 0.2 * 10^k per epoch"
"$CHAOSLM" train "$MC" --targets 1 --epochs 3e0 --seed 18446744073709551615 --quiet --record r.json
r=$(json r.json 'd["trainParam"]["epochs"] == 3 and d["num_epochs"] <= 3 and d["trainParam"]["seed"] == 18446744073709551615')
[ "$r" = True ]
ok $? "--epochs 3e0 is 3 epochs (MATLAB's numbers); a 64-bit seed is kept exactly"

# ---- parameters the trainer does not take, values out of bounds
expect_usage "--mc to trainlm" "^chaoslm: train: --mc: trainlm does not take mc (traingdm and traingdx do); trainlm's own parameters are --mu, --mu-dec, --mu-inc, --mu-max\$" \
  train "$MC" --targets 1 --mc 0.5 --record rec.json
expect_usage "--mu to traingd" "--mu: traingd does not take mu (trainlm and trainbr do); traingd's own parameters are --lr\$" \
  train "$MC" --targets 1 --train traingd --mu 1 --record rec.json
# every (trainer, parameter of another trainer it does not take) pair
bad=
for tr in $(awk '$1 == "trainer" { print $2 }' reg.txt); do
  for name in $(awk '$1 == "param" && $4 != "backend" { print $3 }' reg.txt | sort -u); do
    grep -q "^param $tr $name " reg.txt && continue
    "$CHAOSLM" train "$MC" --targets 1 --train "$tr" "--$(option "$name")" 1 >out.txt 2>err.txt
    rc=$?
    [ $rc -eq 2 ] && grep -q "$tr does not take $name" err.txt || bad="$bad $tr:$name"
  done
done
[ -z "$bad" ]
ok $? "a parameter of another trainer is refused with its name and the trainer's${bad:+ (not:$bad)}"
expect_usage "--mu-dec 2: the library's bound" "^chaoslm: train: --mu-dec: mu_dec = 2 violates 0 <= mu_dec <= 1\$" \
  train "$MC" --targets 1 --mu-dec 2 --record rec.json
expect_usage "--lr 0: the library's bound" "^chaoslm: train: --lr: lr = 0 violates 0 < lr < Inf\$" \
  train "$MC" --targets 1 --train traingd --lr 0 --record rec.json
expect_usage "--max-fail 1.5: a whole number" "--max-fail: max_fail = 1.5 violates" \
  train "$MC" --targets 1 --max-fail 1.5 --record rec.json
expect_usage "--mu abc" "--mu: mu = 'abc' is not a number" train "$MC" --targets 1 --mu abc --record rec.json

# ---- the record's states follow the trainer's flags and states
bad=
while read -r kind tr flags states title; do
  [ "$kind" = trainer ] || continue
  rm -f r.json
  "$CHAOSLM" train "$MC" --targets 1 --train "$tr" --epochs 2 --hidden 3 --quiet --record r.json 2>err.txt
  want='["epoch", "time", "perf", "vperf", "tperf"]'
  [ $((flags & 1)) -ne 0 ] && want="$want + [\"mu\"]" # CLM_TRAINER_MU
  want="$want + [\"gradient\", \"val_fail\"]"
  [ "$states" != - ] && want="$want + \"$states\".split(\",\")"
  r=$(json r.json "d['states'] == $want and all(len(d[s]) == d['num_epochs'] + 1 for s in d['states'])" 2>/dev/null)
  [ "$r" = True ] || { bad="$bad $tr"; diag err.txt; }
done <reg.txt
[ -z "$bad" ]
ok $? "record states: common + mu (CLM_TRAINER_MU) + the trainer's own, each num_epochs+1 long${bad:+ (not:$bad)}"
"$CHAOSLM" train "$MC" --targets 1 --train traingd --epochs 1 --quiet --record g.json
[ "$(json g.json '"mu" not in d["states"] and "mu" not in d')" = True ]
ok $? "traingd's record has no mu (MATLAB's tr for traingd has none)"
done_testing
