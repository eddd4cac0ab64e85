# bindings/octave/local.mk — the Octave/MATLAB MEX binding (doc/octave.md).
#
# The MEX is built by mkoctfile, which is not libtool-aware: it links the
# real shared library in .libs and gets rpath $(libdir), so the installed
# copy finds the installed library (the build-tree tests set
# LD_LIBRARY_PATH).  It installs as data, next to the .m functions, under
# $(pkglibdir)/octave -- never into Octave's own directories, so that
# distcheck's install stays inside the prefix.
OCTAVE_M_FILES = bindings/octave/clm_feedforwardnet.m bindings/octave/clm_train.m \
	bindings/octave/clm_sim.m bindings/octave/clm_configure.m bindings/octave/clm_init.m \
	bindings/octave/clm_getwb.m bindings/octave/clm_setwb.m bindings/octave/clm_trainparam.m
OCTAVE_PKG_FILES = bindings/octave/pkg/DESCRIPTION.in bindings/octave/pkg/INDEX \
	bindings/octave/pkg/Makefile.pkg
EXTRA_DIST += bindings/octave/chaoslm_mex.c $(OCTAVE_M_FILES) $(OCTAVE_PKG_FILES) \
	bindings/octave/bench_epoch.m doc/octave.md

# Compiler flags for the MEX (mkoctfile takes CFLAGS from the environment).
MEX_CFLAGS = -g -O2 -Wall -Wextra

if BUILD_OCTAVE
octavedir = $(pkglibdir)/octave
octave_DATA = bindings/octave/chaoslm_mex.mex $(OCTAVE_M_FILES)
CLEANFILES += bindings/octave/chaoslm_mex.mex

bindings/octave/chaoslm_mex.mex: $(srcdir)/bindings/octave/chaoslm_mex.c \
		$(include_HEADERS) $(chaoslminc_HEADERS) libchaoslm.la
	$(AM_V_GEN)$(MKDIR_P) bindings/octave && \
	CFLAGS='$(MEX_CFLAGS)' $(MKOCTFILE) --mex -I$(top_srcdir)/include \
	  -o $@ $(srcdir)/bindings/octave/chaoslm_mex.c \
	  -L$(abs_top_builddir)/.libs -lchaoslm -Wl,-rpath,$(libdir)

# installcheck: the installed MEX, without LD_LIBRARY_PATH (proves the rpath).
INSTALLCHECK_EXTRA += installcheck-octave
installcheck-octave:
	@if test -n "$(SANITIZER_FLAGS)"; then \
	  LD_PRELOAD=`$(CC) -print-file-name=libasan.so`; export LD_PRELOAD; \
	  ASAN_OPTIONS=detect_leaks=0; export ASAN_OPTIONS; fi; \
	env -u LD_LIBRARY_PATH OCTAVE_HISTFILE=/dev/null $(OCTAVE_CLI) --no-gui --no-window-system \
	  --norc --no-history --quiet --eval "addpath('$(DESTDIR)$(octavedir)'); \
	  x = linspace(-1, 1, 40); t = x .^ 2; net = clm_feedforwardnet(4); \
	  net.trainParam.epochs = 5; [net, tr] = clm_train(net, x, t); y = clm_sim(net, x); \
	  printf('installed MEX: %d epochs, %s\n', tr.num_epochs, tr.stop); \
	  exit(~(isequal(size(y), size(t)) && tr.num_epochs > 0))"
endif

# make octave-pkg: an archive that Octave's "pkg install" accepts.  Its
# src/Makefile builds the MEX against an installed chaoslm found through
# pkg-config.
OCTAVE_PKG_NAME = chaoslm-octave-$(PACKAGE_VERSION)
octave-pkg: $(OCTAVE_PKG_NAME).tar.gz
$(OCTAVE_PKG_NAME).tar.gz: $(OCTAVE_M_FILES:%=$(srcdir)/%) $(OCTAVE_PKG_FILES:%=$(srcdir)/%) \
		$(srcdir)/bindings/octave/chaoslm_mex.c $(srcdir)/COPYING
	$(AM_V_GEN)rm -rf octave-pkg-tmp && d=octave-pkg-tmp/chaoslm && \
	$(MKDIR_P) $$d/inst $$d/src && \
	sed -e 's|%VERSION%|$(PACKAGE_VERSION)|g' -e "s|%DATE%|`date -u +%Y-%m-%d`|g" \
	  $(srcdir)/bindings/octave/pkg/DESCRIPTION.in > $$d/DESCRIPTION && \
	cp $(srcdir)/bindings/octave/pkg/INDEX $(srcdir)/COPYING $$d/ && \
	for f in $(OCTAVE_M_FILES); do cp $(srcdir)/$$f $$d/inst/ || exit 1; done && \
	cp $(srcdir)/bindings/octave/chaoslm_mex.c $$d/src/ && \
	cp $(srcdir)/bindings/octave/pkg/Makefile.pkg $$d/src/Makefile && \
	chmod -R u+w octave-pkg-tmp && \
	(cd octave-pkg-tmp && tar -cf - chaoslm) | gzip -9 -c > $@ && \
	rm -rf octave-pkg-tmp
CLEANFILES += $(OCTAVE_PKG_NAME).tar.gz
PHONY_TARGETS += octave-pkg installcheck-octave
