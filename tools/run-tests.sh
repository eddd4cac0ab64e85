#!/bin/sh
# Build chaoslm in ./build (if needed) and run the whole test suite; the last
# line is "N passed, N failed, N skipped".  This is the README's test command
# and what CI runs.  Extra arguments go to configure (first run only).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${CLM_BUILD_DIR:-$top/build}
jobs=$(nproc 2>/dev/null || echo 2)
log=$build/run-tests.log
mkdir -p "$build"
cd "$top" || exit 1
if [ ! -x "$top/configure" ]; then
  ./autogen.sh > "$build/autogen.log" 2>&1 || { tail -n 30 "$build/autogen.log"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
fi
cd "$build" || exit 1
if [ ! -f Makefile ]; then
  "$top/configure" "$@" > configure.log 2>&1 || { tail -n 30 configure.log; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
fi
make -j"$jobs" > make.log 2>&1 || { tail -n 40 make.log; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
find . -name '*.trs' -delete 2>/dev/null
make -j"$jobs" -k check > "$log" 2>&1
status=$?
grep -E '^(PASS|FAIL|XPASS|ERROR|SKIP):' "$log" | grep -vE '^PASS:' | head -n 200
# Show the logs of failed programs.
for t in $(grep -lE '^:test-result: (FAIL|XPASS|ERROR)' $(find . -name '*.trs') 2>/dev/null); do
  echo "---- ${t%.trs}.log"
  tail -n 40 "${t%.trs}.log"
done
sed -n '/^# TOTAL/,/^# ERROR/p' "$log"
"$top/tools/ci-summary.sh" .
sum=$?
[ $status -eq 0 ] && [ $sum -eq 0 ]
