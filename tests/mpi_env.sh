# tests/mpi_env.sh: the environment of the mpirun tests (sourced by
# tests/mpi_run.sh and tests/mpi_cli.sh).  GPL-3.0-or-later.
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
