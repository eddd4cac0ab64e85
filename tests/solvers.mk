# tests/solvers.mk: the trainers and clm_train against a naive reference,
# stop reasons, records, parameters, progress lines.  GPL-3.0-or-later.
check_PROGRAMS += tests/test_train
tests_test_train_SOURCES = tests/test_train.c
tests_test_train_LDADD = $(CLM_TEST_LIBS)
TESTS += tests/test_train
check_PROGRAMS += tests/test_trainparam
tests_test_trainparam_SOURCES = tests/test_trainparam.c
tests_test_trainparam_LDADD = $(CLM_TEST_LIBS)
TESTS += tests/test_trainparam
# patternnet + trainscg on iris: test accuracy (a SKIP while the library has
# no trainscg).
check_PROGRAMS += tests/test_patternnet
tests_test_patternnet_SOURCES = tests/test_patternnet.c
tests_test_patternnet_LDADD = $(CLM_TEST_LIBS)
TESTS += tests/test_patternnet
