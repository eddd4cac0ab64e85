#!/bin/sh
# chaoslm — fuzz smoke test for `make check` (TAP): builds the three
# libFuzzer harnesses with tests/fuzz/run-fuzz.sh in a temporary folder and
# runs each for CLM_FUZZ_SMOKE_SECONDS (default 10) from the committed seed
# corpus.  One case per harness: ok when the run ends with no finding.
# Without clang and its libFuzzer runtime the whole script is a SKIP (never
# a pass).  GPL-3.0-or-later.
srcdir=${CLM_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
secs=${CLM_FUZZ_SMOKE_SECONDS:-10}
work=$(mktemp -d "${TMPDIR:-/tmp}/clm-fuzz-smoke.XXXXXX") || { echo "1..0 # SKIP no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT INT TERM
harnesses="fuzz_netfile fuzz_csv fuzz_train"

sh "$srcdir/tests/fuzz/run-fuzz.sh" -b -o "$work" $harnesses > "$work/build.log" 2>&1
rc=$?
if [ $rc -eq 3 ]; then
  echo "1..0 # SKIP $(tail -n 1 "$work/build.log")"
  exit 0
fi
echo "1..4"
if [ $rc -ne 0 ]; then
  echo "not ok 1 - fuzz harnesses build"
  sed 's/^/# /' "$work/build.log" | tail -n 30
  for i in 2 3 4; do echo "not ok $i - fuzz run (not built)"; done
  exit 1
fi
echo "ok 1 - fuzz harnesses build with -fsanitize=fuzzer,address,undefined"
n=1
fail=0
for h in $harnesses; do
  n=$((n + 1))
  line=$(sh "$srcdir/tests/fuzz/run-fuzz.sh" -t "$secs" -o "$work" "$h" 2>&1 | grep '^FUZZ ')
  if [ -n "$line" ] && echo "$line" | grep -q 'result=ok'; then
    echo "ok $n - $h: ${secs} s, no finding (${line#FUZZ })"
  else
    echo "not ok $n - $h: ${line:-no result}"
    sed -n '/ERROR\|runtime error\|SUMMARY\|Test unit written/p' "$work/$h.log" | head -n 20 | sed 's/^/# /'
    fail=1
  fi
done
exit $fail
