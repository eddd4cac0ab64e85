# tests/chaos.mk: tests of chaos/ (streams, search core, clm_initchaos,
# chaotic escape in clm_train) and the --quick benchmark smoke run.
check_PROGRAMS += tests/test_chaos
tests_test_chaos_SOURCES = tests/test_chaos.c
tests_test_chaos_LDADD = $(CLM_TEST_LIBS)
TESTS += tests/test_chaos
