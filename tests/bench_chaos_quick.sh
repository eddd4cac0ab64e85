#!/bin/sh
# chaoslm tests — smoke run of the chaos benchmark (bench_chaos --quick):
# it must finish, print a table row for each of the 13 arms on every quick
# problem, and find successes.  TAP output.  GPL-3.0-or-later.
b="${CLM_BUILDDIR:-.}/bench/bench_chaos"
if [ ! -x "$b" ]; then
  echo "1..1"
  echo "not ok 1 - $b not built"
  exit 1
fi
out=$("$b" --quick --threads 2 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
n=0
fail=0
check() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
check "$rc" "bench_chaos --quick exits 0"
probs=$(echo "$out" | grep -c '^## ')
[ "$probs" -ge 3 ]; check $? "at least 3 problems reported ($probs)"
for arm in nw1 u1 c1 msnw msu rs ci ce wc wcc cin wcn race; do
  rows=$(echo "$out" | grep -cE "^\| $arm \| [0-9]+/[0-9]+ \|")
  [ "$rows" -eq "$probs" ]; check $? "arm $arm has a row for each problem ($rows)"
done
succ=$(echo "$out" | grep '^| ce |' | awk -F'|' '{split($3,a,"/"); s+=a[1]} END {print s+0}')
[ "$succ" -gt 0 ]; check $? "the chaos arm reaches the goal on some runs ($succ)"
echo "1..$n"
exit $fail
