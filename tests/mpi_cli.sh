#!/bin/sh
# chaoslm tests — `mpirun -np N chaoslm train` against the plain run: the
# same progress lines (time field removed), stop, best epoch and summary
# table; a rank without rows fails cleanly on every rank.  GPL-3.0-or-later.
B=${CLM_BUILDDIR:-.}
S=${CLM_SRCDIR:-.}
. "${CLM_SRCDIR:-$(dirname "$0")/..}/tests/mpi_env.sh"
if command -v timeout >/dev/null 2>&1; then TO="timeout 120"; else TO=; fi
tool=$B/tools/chaoslm
data=$S/data/boston_housing.csv
tmp=${TMPDIR:-/tmp}/clm-mpi-cli.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else fails=$((fails + 1)); echo "not ok $n - $2"; fi; }
# the comparable part of the output: progress lines without their time
# and gradient (a norm of a sum near a minimum, where the reordered sums of
# the ranks show in the 5th digit; tests/test_mpi.c bounds it),
# the stop line and the summary table
# (under mpirun stdout may be a pty: drop the live "\r ESC[K" progress)
filt() { tr -d '\r' <"$1" | sed -e 's/.*\x1b\[K//' -e 's/Time [^,]*, //' \
  -e 's/Gradient [^,]*, //' -e '/^Training time/d' \
  -e '/^Saved/d' -e '/^Wrote/d' ; }

"$tool" train "$data" --targets 1 --epochs 12 --seed 3 --show 1 --save "$tmp/n1.clm" >"$tmp/o1" 2>&1
ok $? "plain chaoslm train runs"
for np in 2 3; do
  $TO "$MPIRUN" --oversubscribe -np $np "$tool" train "$data" --targets 1 --epochs 12 --seed 3 \
    --show 1 --save "$tmp/n$np.clm" >"$tmp/o$np" 2>&1
  ok $? "mpirun -np $np chaoslm train runs"
  filt "$tmp/o1" >"$tmp/f1"; filt "$tmp/o$np" >"$tmp/f$np"
  if cmp -s "$tmp/f1" "$tmp/f$np"; then r=0; else r=1; diff "$tmp/f1" "$tmp/f$np" | sed 's/^/# /' | head -20; fi
  ok $r "np=$np: same progress lines, stop, best epoch and summary table as the plain run"
  c=$(grep -c '^Epoch ' "$tmp/f$np"); [ "$c" -eq "$(grep -c '^Epoch ' "$tmp/f1")" ]
  ok $? "np=$np: rank 0 alone prints ($c progress lines)"
  [ -s "$tmp/n$np.clm" ]
  ok $? "np=$np: rank 0 saved the network"
done
# 2 data rows over 3 ranks: one rank has none
printf 'x,y\n1,2\n3,4\n' >"$tmp/tiny.csv"
$TO "$MPIRUN" --oversubscribe -np 3 "$tool" train "$tmp/tiny.csv" --targets 1 --epochs 2 >"$tmp/ot" 2>&1
rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && grep -q 'MPI' "$tmp/ot"
ok $? "a rank without rows: a clear MPI error, no hang (exit $rc)"
echo "1..$n"
[ "$fails" -eq 0 ]
