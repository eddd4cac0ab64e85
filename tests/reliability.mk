# tests/reliability.mk: reliability tests (issue 8) — the bad-input matrix,
# concurrency, atomic saves, the fuzz smoke run and `make check-valgrind`.
# GPL-3.0-or-later.

check_PROGRAMS += tests/test_badinput
tests_test_badinput_SOURCES = tests/test_badinput.c
tests_test_badinput_LDADD = $(CLM_TEST_LIBS)
TESTS += tests/test_badinput

EXTRA_DIST += tests/valgrind.supp doc/reliability.md

check_PROGRAMS += tests/test_concurrency
tests_test_concurrency_SOURCES = tests/test_concurrency.c
tests_test_concurrency_LDADD = $(CLM_TEST_LIBS) -lpthread
TESTS += tests/test_concurrency

check_PROGRAMS += tests/test_atomic_save
tests_test_atomic_save_SOURCES = tests/test_atomic_save.c
tests_test_atomic_save_LDADD = $(CLM_TEST_LIBS)
TESTS += tests/test_atomic_save
