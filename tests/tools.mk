# tests/tools.mk: tests of the chaoslm command-line tool (TAP shell scripts,
# run with SH_LOG_DRIVER; they use $CLM_BUILDDIR/tools/chaoslm and the
# bundled data in $CLM_SRCDIR/data).  GPL-3.0-or-later.

# The CSV reader, unit-tested directly (value by value, and every error's
# FILE:LINE:COLUMN).
check_PROGRAMS += tests/test_csv
tests_test_csv_SOURCES = tests/test_csv.c tools/csv.c
TESTS += tests/test_csv
