# tests/chaos.mk: tests of chaos/ (streams, search core, clm_initchaos,
# chaotic escape in clm_train) and the --quick benchmark smoke run.
check_PROGRAMS += tests/test_chaos
TESTS += tests/test_chaos
# the benchmark smoke run (bench/bench_chaos is built by `make`)
TESTS += tests/bench_chaos_quick.sh
EXTRA_DIST += tests/bench_chaos_quick.sh
check_PROGRAMS += tests/test_escape
TESTS += tests/test_escape
# the command-line flags --escape, --restart-from, --restarts, --race
TESTS += tests/cli_escape.sh
EXTRA_DIST += tests/cli_escape.sh
