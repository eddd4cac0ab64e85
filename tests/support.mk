# tests/support.mk: initialisation, RNG seeding, data division, network files.
check_PROGRAMS += tests/test_init tests/test_divide tests/test_netfile
tests_test_init_SOURCES = tests/test_init.c
tests_test_init_LDADD = $(CLM_TEST_LIBS)
tests_test_divide_SOURCES = tests/test_divide.c
tests_test_divide_LDADD = $(CLM_TEST_LIBS)
tests_test_netfile_SOURCES = tests/test_netfile.c
tests_test_netfile_LDADD = $(CLM_TEST_LIBS)
TESTS += tests/test_init tests/test_divide tests/test_netfile
