# tests/tools.mk: tests of the chaoslm command-line tool (TAP shell scripts,
# run with SH_LOG_DRIVER; they use $CLM_BUILDDIR/tools/chaoslm and the
# bundled data in $CLM_SRCDIR/data).  GPL-3.0-or-later.

# The CSV reader, unit-tested directly (value by value, and every error's
# FILE:LINE:COLUMN).
check_PROGRAMS += tests/test_csv
tests_test_csv_SOURCES = tests/test_csv.c tools/csv.c
TESTS += tests/test_csv

# Command-line tests (TAP shell scripts).  cli_recref trains through the
# public API what cli_roundtrip.sh trains through the tool, for comparison.
check_PROGRAMS += tests/cli_recref
tests_cli_recref_SOURCES = tests/cli_recref.c tools/csv.c
TESTS += tests/cli_errors.sh tests/cli_roundtrip.sh tests/cli_initfrom.sh \
	tests/cli_sigint.sh tests/cli_demo.sh
EXTRA_DIST += tests/cli_lib.sh tests/cli_errors.sh tests/cli_roundtrip.sh \
	tests/cli_initfrom.sh tests/cli_sigint.sh tests/cli_demo.sh

# The trainer options, help and record fields against the library's
# registry (cli_registry prints it through the public API).
check_PROGRAMS += tests/cli_registry
TESTS += tests/cli_params.sh
EXTRA_DIST += tests/cli_params.sh

# Classification: --net, --perform and performParam, the accuracy and
# confusion summary checked against a count from sim's outputs.
TESTS += tests/cli_classify.sh
EXTRA_DIST += tests/cli_classify.sh
