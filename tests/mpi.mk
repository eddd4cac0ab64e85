# tests/mpi.mk: the MPI layer's tests (only when MPI is built).
# tests/mpi_run.sh runs tests/test_mpi under mpirun -np 1, 2 and 3 and
# compares every rank's training record with the plain clm_train.
EXTRA_DIST += tests/mpi_run.sh tests/test_mpi.c bench/bench_mpi.c
if HAVE_MPI
check_PROGRAMS += tests/test_mpi bench/bench_mpi
tests_test_mpi_SOURCES = tests/test_mpi.c
tests_test_mpi_LDADD = $(CLM_TEST_LIBS) $(MPI_LIBS)
bench_bench_mpi_SOURCES = bench/bench_mpi.c
bench_bench_mpi_LDADD = $(CLM_TEST_LIBS) $(MPI_LIBS)
TESTS += tests/mpi_run.sh
endif
