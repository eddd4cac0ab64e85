# Test harness: every test program speaks TAP; automake's tap-driver counts
# the cases.  Tests use 2 OpenMP threads and single-threaded OpenBLAS unless a
# test asks otherwise.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
SH_LOG_DRIVER = $(LOG_DRIVER)
TEST_EXTENSIONS = .sh
AM_TESTS_ENVIRONMENT = OMP_NUM_THREADS=2; export OMP_NUM_THREADS; \
	OPENBLAS_NUM_THREADS=1; export OPENBLAS_NUM_THREADS; \
	CLM_SRCDIR='$(abs_top_srcdir)'; export CLM_SRCDIR; \
	CLM_BUILDDIR='$(abs_top_builddir)'; export CLM_BUILDDIR; \
	ASAN_OPTIONS="allocator_may_return_null=1$${ASAN_OPTIONS:+:$$ASAN_OPTIONS}"; export ASAN_OPTIONS;
noinst_HEADERS += tests/tap.h tests/test_rng.h tests/naive_mlp.h tests/ref_problem.h \
	tests/eval_check.h tests/naive_linalg.h
EXTRA_DIST += tests/installcheck.c

# The README's C example, built and run as a test (it must keep compiling).
check_PROGRAMS += examples/sinfit
examples_sinfit_SOURCES = examples/sinfit.c
examples_sinfit_LDADD = libchaoslm.la
TESTS += tests/example_sinfit.sh
EXTRA_DIST += tests/example_sinfit.sh
