#!/bin/sh
# chaoslm command-line tool: what it says about the linear-solver backend.
# Where no GPU is usable, --backend gpu fails with exit 2 and one line that
# gives the reason (no driver, a missing library, no device), and --backend
# auto on a problem big enough for the GPU trains on the CPU and says, on
# stderr, why not on the GPU; on a small problem auto says nothing.  Where a
# GPU is usable the first two are skipped (the training then runs on it).
# GPL-3.0-or-later.
. "${CLM_SRCDIR:-$(dirname "$0")/..}/tests/cli_lib.sh"

BOSTON="$DATA/boston_housing.csv"
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1 # SKIP $2"; }

# ---- --backend gpu
mkdir -p "$WORK/gpu" && cd "$WORK/gpu" || exit 99
"$CHAOSLM" train "$BOSTON" --targets 1 --backend gpu --epochs 1 --quiet >stdout.txt 2>stderr.txt
rc=$?
if [ "$rc" -eq 0 ]; then
  skip "--backend gpu without a usable GPU" "a GPU is usable here"
else
  [ "$rc" -eq 2 ] && [ "$(wc -l <stderr.txt)" -eq 1 ] &&
    grep -q 'backend is not available (..*)$' stderr.txt
  ok $? "--backend gpu without a usable GPU: exit $rc, the reason: $(cat stderr.txt)"
fi

# ---- --backend auto, P = 13*130 + 2*130 + 1 = 1951 and 354 training
# rows: P^2 rows = 1.3e9, big enough for the GPU
mkdir -p "$WORK/auto" && cd "$WORK/auto" || exit 99
"$CHAOSLM" train "$BOSTON" --targets 1 --hidden 130 --backend auto --epochs 1 \
  --record rec.json >stdout.txt 2>stderr.txt
rc=$?
used=$(json rec.json 'd["backend"]["used"]' 2>/dev/null)
if [ "$rc" -eq 0 ] && [ "$used" = gpu ]; then
  skip "--backend auto without a usable GPU" "a GPU is usable here (auto used it)"
else
  [ "$rc" -eq 0 ] && [ "$used" = cpu ] && [ "$(wc -l <stderr.txt)" -eq 1 ] &&
    grep -q 'note: auto: cpu, gpu unavailable (..*)' stderr.txt
  ok $? "--backend auto, P = 1951: trains on the cpu (exit $rc, used $used), says why: $(cat stderr.txt)"
fi

# ---- --backend auto, small problem: nothing on stderr
mkdir -p "$WORK/small" && cd "$WORK/small" || exit 99
"$CHAOSLM" train "$BOSTON" --targets 1 --hidden 5 --backend auto --epochs 1 >stdout.txt 2>stderr.txt
rc=$?
[ "$rc" -eq 0 ] && [ ! -s stderr.txt ]
ok $? "--backend auto, P = 81: exit $rc, nothing on stderr"
diag stderr.txt

done_testing
