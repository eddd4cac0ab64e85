# tests/octave.mk — the Octave binding's tests (bindings/octave, doc/octave.md).
# Two TAP shell scripts run real headless Octave: octave_mex.sh (the clm_*
# struct interface, bit identity with tests/octave_ref's C API results,
# Ctrl-C) and octave_doc.sh (MATLAB documentation-style scripts after
# "pkg install" + "pkg load chaoslm").
OCTAVE_TEST_M = tests/octave/clm_octave_tests.m tests/octave/clm_example_script.m \
	tests/octave/clm_interrupt_test.m tests/octave/clm_doc_tests.m tests/octave/clm_check.m \
	tests/octave/clm_expect_error.m tests/octave/clm_fd_gradient.m \
	tests/octave/clm_linsolver_available_gpu.m \
	tests/octave/doc/doc_configure_init.m tests/octave/doc/doc_errors.m \
	tests/octave/doc/doc_feedforwardnet.m tests/octave/doc/doc_fitnet_simplefit.m \
	tests/octave/doc/doc_getwb_setwb.m tests/octave/doc/doc_iris_classify.m \
	tests/octave/doc/doc_nftool_house.m tests/octave/doc/doc_options.m \
	tests/octave/doc/doc_patternnet_iris.m tests/octave/doc/doc_plots.m \
	tests/octave/doc/doc_retrain_rng.m tests/octave/doc/doc_save_load.m \
	tests/octave/doc/doc_trainbr.m tests/octave/doc/doc_traingd.m \
	tests/octave/doc/doc_traingdm.m tests/octave/doc/doc_traingdx.m \
	tests/octave/doc/doc_trainrp.m tests/octave/doc/doc_trainscg.m \
	tests/octave/doc/doc_mse_regularization.m tests/octave/doc/doc_perform_functions.m \
	tests/octave/doc/doc_sse.m tests/octave/doc/doc_crossentropy.m \
	tests/octave/doc/doc_cascadeforwardnet.m
EXTRA_DIST += tests/octave_mex.sh.in tests/octave_doc.sh.in tests/octave_ref.c $(OCTAVE_TEST_M)

if BUILD_OCTAVE
check_PROGRAMS += tests/octave_ref
tests_octave_ref_LDADD = libchaoslm.la

# Generated so that they know octave-cli, the compiler, the version and the
# sanitizer setting (LD_PRELOAD of libasan for an ASan build).
OCTAVE_TEST_SED = sed -e 's|%OCTAVE_CLI%|$(OCTAVE_CLI)|g' -e 's|%SANITIZER_FLAGS%|$(SANITIZER_FLAGS)|g' \
	  -e 's|%CC%|$(CC)|g' -e 's|%abs_top_srcdir%|$(abs_top_srcdir)|g' \
	  -e 's|%abs_top_builddir%|$(abs_top_builddir)|g' -e 's|%VERSION%|$(PACKAGE_VERSION)|g'
tests/octave_mex.sh: $(srcdir)/tests/octave_mex.sh.in Makefile
	$(AM_V_GEN)$(MKDIR_P) tests && $(OCTAVE_TEST_SED) $(srcdir)/tests/octave_mex.sh.in > $@.tmp && \
	chmod +x $@.tmp && mv $@.tmp $@
tests/octave_doc.sh: $(srcdir)/tests/octave_doc.sh.in Makefile
	$(AM_V_GEN)$(MKDIR_P) tests && $(OCTAVE_TEST_SED) $(srcdir)/tests/octave_doc.sh.in > $@.tmp && \
	chmod +x $@.tmp && mv $@.tmp $@
TESTS += tests/octave_mex.sh tests/octave_doc.sh
CLEANFILES += tests/octave_mex.sh tests/octave_doc.sh
# the tests need the MEX (built by "all"), the reference program and the
# package archive
tests/octave_mex.log: bindings/octave/chaoslm_mex.mex tests/octave_ref$(EXEEXT)
tests/octave_doc.log: $(OCTAVE_PKG_NAME).tar.gz libchaoslm.la

clean-local: clean-octave-plots
clean-octave-plots:
	rm -rf tests/octave-plots
PHONY_TARGETS += clean-octave-plots
endif
