# tests/reliability.mk: reliability tests (issue 8) — the bad-input matrix,
# concurrency, atomic saves, the fuzz smoke run and `make check-valgrind`.
# GPL-3.0-or-later.

check_PROGRAMS += tests/test_badinput
tests_test_badinput_SOURCES = tests/test_badinput.c
tests_test_badinput_LDADD = $(CLM_TEST_LIBS)
TESTS += tests/test_badinput

EXTRA_DIST += tests/valgrind.supp doc/reliability.md
