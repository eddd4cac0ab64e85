#!/bin/sh
# chaoslm tests — run tests/test_mpi under mpirun with 1, 2 and 3 ranks and
# merge the three TAP streams into one (renumbered, "np=N:" in each line).
# A failing mpirun (crash, timeout, non-zero exit) is a failed case, never
# a skip.  GPL-3.0-or-later.
B=${CLM_BUILDDIR:-.}
MPIRUN=${MPIRUN:-mpirun}
# Open MPI refuses root without these; on a 2-core machine 3 ranks need
# --oversubscribe.  One OpenMP thread per rank keeps the run cheap.
OMPI_ALLOW_RUN_AS_ROOT=1; OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_ALLOW_RUN_AS_ROOT OMPI_ALLOW_RUN_AS_ROOT_CONFIRM OMPI_MCA_rmaps_base_oversubscribe
OMP_NUM_THREADS=1; export OMP_NUM_THREADS
# Open MPI's run time keeps allocations until exit by design, and
# LeakSanitizer reports them from components already unloaded (no module to
# suppress by name).  Our own code's leaks are covered by the other tests
# under ASan and by make check-valgrind.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"; export ASAN_OPTIONS
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
