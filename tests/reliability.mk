# tests/reliability.mk: reliability tests (issue 8) — the bad-input matrix,
# concurrency, atomic saves, the fuzz smoke run and `make check-valgrind`.
# GPL-3.0-or-later.

check_PROGRAMS += tests/test_badinput
TESTS += tests/test_badinput

EXTRA_DIST += tests/valgrind.supp doc/reliability.md tests/test_checkpoint.c

check_PROGRAMS += tests/test_concurrency
tests_test_concurrency_LDADD = $(LDADD) -lpthread
TESTS += tests/test_concurrency

check_PROGRAMS += tests/test_atomic_save
TESTS += tests/test_atomic_save

# Fuzz smoke run (~10 s per harness) when clang with libFuzzer is present,
# else SKIP.  The harnesses, seeds and the full run script are distributed.
TESTS += tests/fuzz_smoke.sh
EXTRA_DIST += tests/fuzz_smoke.sh tests/fuzz/run-fuzz.sh tests/fuzz/fuzz_netfile.c \
	tests/fuzz/fuzz_csv.c tests/fuzz/fuzz_train.c tests/fuzz/corpus

# make check-valgrind: rerun every C test program of the suite (the
# check_PROGRAMS listed in TESTS; shell scripts are skipped) under valgrind
# memcheck.  Any memcheck error or definite leak fails the test; libgomp's
# thread stacks are only "possibly lost" and are not counted.  The results
# go to test-suite-valgrind.log (the per-test .log/.trs files are rewritten).
VALGRIND_TESTS = $(filter $(check_PROGRAMS),$(TESTS))
VALGRIND_FLAGS = --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite --suppressions=$(abs_top_srcdir)/tests/valgrind.supp \
	--num-callers=30
if SANITIZERS
check-valgrind: all $(check_PROGRAMS)
	@echo "check-valgrind: valgrind cannot run a --enable-sanitizers build; configure without it" >&2
	@exit 1
else
check-valgrind: all $(check_PROGRAMS)
	$(MAKE) $(AM_MAKEFLAGS) check-TESTS TESTS='$(VALGRIND_TESTS)' \
	  TEST_SUITE_LOG=test-suite-valgrind.log \
	  LOG_COMPILER='$(LIBTOOL) --mode=execute valgrind $(VALGRIND_FLAGS)'
endif
PHONY_TARGETS += check-valgrind

# Checkpoints during long training (solvers/train.c, clm_trainparam.checkpoint_*).
check_PROGRAMS += tests/test_checkpoint
TESTS += tests/test_checkpoint
