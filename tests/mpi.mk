# tests/mpi.mk: the MPI layer's tests and benchmark (only when MPI is built).
# tests/mpi_run.sh runs tests/test_mpi under mpirun with 1, 2 and 3 ranks
# and compares every rank's training record with the plain clm_train;
# tests/mpi_cli.sh compares `mpirun -np 2|3 chaoslm train` with the plain run.
# bench/bench_mpi (built by `make`, never run by `make check`) measures the
# epoch time with 1 and N ranks and the MPI share: doc/distributed.md.
EXTRA_DIST += tests/mpi_run.sh tests/mpi_cli.sh tests/mpi_env.sh tests/test_mpi.c bench/bench_mpi.c
if HAVE_MPI
check_PROGRAMS += tests/test_mpi
tests_test_mpi_LDADD = $(LDADD) $(MPI_LIBS)
TESTS += tests/mpi_run.sh tests/mpi_cli.sh
noinst_PROGRAMS += bench/bench_mpi
bench_bench_mpi_LDADD = $(LDADD) $(MPI_LIBS)
endif
