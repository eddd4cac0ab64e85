# tests/lib.mk: tests of the numerical core in lib/ (transfer functions,
# processing, evaluation).  GPL-3.0-or-later.
check_PROGRAMS += tests/test_transfer tests/test_eval
tests_test_transfer_SOURCES = tests/test_transfer.c
tests_test_transfer_LDADD = $(CLM_TEST_LIBS)
tests_test_eval_SOURCES = tests/test_eval.c
tests_test_eval_LDADD = $(CLM_TEST_LIBS)
TESTS += tests/test_transfer tests/test_eval
# cascadeforwardnet and other connection patterns: accessors, getwb order,
# finite differences, initnw, files, trainlm against a naive reference.
check_PROGRAMS += tests/test_cascade
tests_test_cascade_SOURCES = tests/test_cascade.c
tests_test_cascade_LDADD = $(CLM_TEST_LIBS)
TESTS += tests/test_cascade
# Performance functions and performParam (finite differences, a naive
# reference), the Jacobian path with normalization, trainlm's regularized
# step, fitnet/patternnet; classification helpers.
check_PROGRAMS += tests/test_perform tests/test_classify
tests_test_perform_SOURCES = tests/test_perform.c
tests_test_perform_LDADD = $(CLM_TEST_LIBS)
tests_test_classify_SOURCES = tests/test_classify.c
tests_test_classify_LDADD = $(CLM_TEST_LIBS)
TESTS += tests/test_perform tests/test_classify
