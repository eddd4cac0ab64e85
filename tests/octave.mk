# tests/octave.mk — the Octave binding's tests (bindings/octave, doc/octave.md).
# One TAP shell script runs real headless Octave; tests/octave_ref writes the
# C API's reference results that the Octave side must match bit for bit.
OCTAVE_TEST_M = tests/octave/clm_octave_tests.m tests/octave/clm_example_script.m \
	tests/octave/clm_interrupt_test.m
EXTRA_DIST += tests/octave_mex.sh.in tests/octave_ref.c $(OCTAVE_TEST_M)

if BUILD_OCTAVE
check_PROGRAMS += tests/octave_ref
tests_octave_ref_LDADD = libchaoslm.la

# Generated so that it knows octave-cli, the compiler and the sanitizer
# setting (LD_PRELOAD of libasan for an ASan build).
tests/octave_mex.sh: $(srcdir)/tests/octave_mex.sh.in Makefile
	$(AM_V_GEN)$(MKDIR_P) tests && \
	sed -e 's|%OCTAVE_CLI%|$(OCTAVE_CLI)|g' -e 's|%SANITIZER_FLAGS%|$(SANITIZER_FLAGS)|g' \
	  -e 's|%CC%|$(CC)|g' -e 's|%abs_top_srcdir%|$(abs_top_srcdir)|g' \
	  -e 's|%abs_top_builddir%|$(abs_top_builddir)|g' \
	  $(srcdir)/tests/octave_mex.sh.in > $@.tmp && chmod +x $@.tmp && mv $@.tmp $@
TESTS += tests/octave_mex.sh
CLEANFILES += tests/octave_mex.sh
# the test needs the MEX (built by "all") and the reference program
tests/octave_mex.log: bindings/octave/chaoslm_mex.mex tests/octave_ref$(EXEEXT)
endif
