#!/bin/sh
# TAP: the README's C example runs and fits sin(2*pi*x) + 0.5*x^2.
echo "1..2"
out=$("$CLM_BUILDDIR/examples/sinfit" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
if [ $rc -eq 0 ]; then echo "ok 1 - examples/sinfit exits 0"; else echo "not ok 1 - examples/sinfit exits 0 (status $rc)"; fi
# The fit must be close: |y(0.25) - t(0.25)| < 0.05.
echo "$out" | awk '/^y\(0.25\)/ { gsub(/[()]/, " "); y = $4; t = $6; d = y - t; if (d < 0) d = -d;
  if (d < 0.05) print "ok 2 - fitted value within 0.05 of the target"; else print "not ok 2 - fitted value " y " vs " t; f = 1 }
  END { if (!f) print "not ok 2 - no y(0.25) line" }'
