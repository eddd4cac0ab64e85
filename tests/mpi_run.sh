#!/bin/sh
# chaoslm tests — run tests/test_mpi under mpirun with 1, 2 and 3 ranks and
# merge the three TAP streams into one (renumbered, "np=N:" in each line).
# A failing mpirun (crash, timeout, non-zero exit) is a failed case, never
# a skip.  GPL-3.0-or-later.
B=${CLM_BUILDDIR:-.}
. "${CLM_SRCDIR:-$(dirname "$0")/..}/tests/mpi_env.sh"
n=0
fails=0
tmp=${TMPDIR:-/tmp}/clm-mpi-run.$$
trap 'rm -f "$tmp"' EXIT
for np in 1 2 3; do
  if command -v timeout >/dev/null 2>&1; then TO="timeout 300"; else TO=; fi
  $TO "$MPIRUN" --oversubscribe -np "$np" "$B/tests/test_mpi" >"$tmp" 2>&1
  rc=$?
  # renumber the ok / not ok lines, pass diagnostics through
  while IFS= read -r line; do
    case $line in
      "ok "*) n=$((n + 1)); echo "ok $n ${line#ok [0-9]* }" ;;
      "not ok "*) n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n ${line#not ok [0-9]* }" ;;
      "1.."*) ;;
      *) echo "# $line" ;;
    esac
  done <"$tmp"
  n=$((n + 1))
  if [ "$rc" -eq 0 ]; then
    echo "ok $n - mpirun -np $np exited with 0"
  else
    fails=$((fails + 1))
    echo "not ok $n - mpirun -np $np exited with $rc"
  fi
done
echo "1..$n"
[ "$fails" -eq 0 ]
