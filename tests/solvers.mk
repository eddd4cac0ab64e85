# tests/solvers.mk: the trainers and clm_train against naive references,
# stop reasons, records, parameters, progress lines.  GPL-3.0-or-later.
check_PROGRAMS += tests/test_train
tests_test_train_SOURCES = tests/test_train.c tools/csv.c
TESTS += tests/test_train
check_PROGRAMS += tests/test_trainparam
TESTS += tests/test_trainparam
# traingda, traingdx, trainrp, trainscg against a naive reference of their rules
check_PROGRAMS += tests/test_trainers_gd
TESTS += tests/test_trainers_gd
# trainbr against a naive reference of its rule (explicit inverse for gamma)
check_PROGRAMS += tests/test_trainbr
TESTS += tests/test_trainbr
# patternnet + trainscg on iris: test accuracy (a SKIP while the library has
# no trainscg).
check_PROGRAMS += tests/test_patternnet
tests_test_patternnet_SOURCES = tests/test_patternnet.c tools/csv.c
TESTS += tests/test_patternnet
