# tests/support.mk: initialisation, RNG seeding, data division, network files.
check_PROGRAMS += tests/test_init tests/test_divide tests/test_netfile
TESTS += tests/test_init tests/test_divide tests/test_netfile
