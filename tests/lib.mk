# tests/lib.mk: tests of the numerical core in lib/ (transfer functions,
# processing, evaluation).  GPL-3.0-or-later.
check_PROGRAMS += tests/test_transfer tests/test_eval
TESTS += tests/test_transfer tests/test_eval
# cascadeforwardnet and other connection patterns: accessors, getwb order,
# finite differences, initnw, files, trainlm against a naive reference.
check_PROGRAMS += tests/test_cascade
TESTS += tests/test_cascade
# Performance functions and performParam (finite differences, a naive
# reference), the Jacobian path with normalization, trainlm's regularized
# step, fitnet/patternnet; classification helpers.
check_PROGRAMS += tests/test_perform tests/test_classify
TESTS += tests/test_perform tests/test_classify
