#!/bin/sh
# Print "N passed, N failed, N skipped" from the automake .trs files under
# one or more build trees (one :test-result: line per TAP case) and exit
# non-zero when anything failed.  A program that failed without reporting a
# failing case (a crash before its plan, a sanitizer abort) counts as one
# failure.  Usage: tools/ci-summary.sh [BUILDDIR...]
[ $# -gt 0 ] || set -- .
trs=
for dir in "$@"; do
  trs="$trs $(find "$dir" -name '*.trs' 2>/dev/null | sort)"
done
if [ -z "$(echo $trs)" ]; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
# shellcheck disable=SC2086
awk 'function flush() { if (nfiles++) { P += r["PASS"] + r["XFAIL"]; S += r["SKIP"]
       f = r["FAIL"] + r["XPASS"]; if (f == 0) f = r["ERROR"]; F += f } split("", r) }
     FNR == 1 { flush() }  /^:test-result:/ { r[$2]++ }
     END { flush(); printf "%d passed, %d failed, %d skipped\n", P, F, S; exit (F > 0) }' $trs
