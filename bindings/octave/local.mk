# bindings/octave/local.mk — the Octave/MATLAB MEX binding (doc/octave.md).
#
# The MEX is built by mkoctfile, which is not libtool-aware.  Its objects
# are linked twice, as libtool does for programs: the build-tree copy
# bindings/octave/chaoslm_mex.mex has the build tree's .libs as RUNPATH, so
# it loads before "make install"; the copy that is installed
# (bindings/octave/inst/chaoslm_mex.mex) has $(libdir).  Everything installs
# as data under $(pkglibdir)/octave -- never into Octave's own directories,
# so that distcheck's install stays inside the prefix.
OCTAVE_MEX_SRC = bindings/octave/chaoslm_mex.c bindings/octave/mex_util.c \
	bindings/octave/mex_trainparam.c bindings/octave/mex_process.c \
	bindings/octave/mex_netstruct.c bindings/octave/mex_netbuild.c bindings/octave/mex_weights.c \
	bindings/octave/mex_record.c
OCTAVE_MEX_HDR = bindings/octave/mex_util.h bindings/octave/mex_struct.h
OCTAVE_MEX_OBJ = $(OCTAVE_MEX_SRC:bindings/octave/%.c=bindings/octave/mexobj/%.o)

# The MATLAB-named user interface (functions and the network class) and the
# older clm_* names.
OCTAVE_M_FILES = bindings/octave/clm_feedforwardnet.m bindings/octave/clm_train.m \
	bindings/octave/clm_sim.m bindings/octave/clm_configure.m bindings/octave/clm_init.m \
	bindings/octave/clm_getwb.m bindings/octave/clm_setwb.m bindings/octave/clm_trainparam.m \
	bindings/octave/feedforwardnet.m bindings/octave/fitnet.m bindings/octave/patternnet.m \
	bindings/octave/cascadeforwardnet.m \
	bindings/octave/mse.m bindings/octave/sse.m bindings/octave/mae.m bindings/octave/sae.m \
	bindings/octave/crossentropy.m bindings/octave/gsubtract.m \
	bindings/octave/vec2ind.m bindings/octave/ind2vec.m bindings/octave/confusion.m \
	bindings/octave/plotperform.m bindings/octave/plotregression.m \
	bindings/octave/plotconfusion.m bindings/octave/ploterrhist.m \
	bindings/octave/plottrainstate.m bindings/octave/plotfit.m \
	bindings/octave/simplefit_dataset.m bindings/octave/house_dataset.m \
	bindings/octave/iris_dataset.m bindings/octave/wine_dataset.m \
	bindings/octave/glass_dataset.m bindings/octave/thyroid_dataset.m \
	bindings/octave/building_dataset.m
OCTAVE_PRIVATE_M_FILES = bindings/octave/private/clm_read_dataset.m \
	bindings/octave/private/clm_perform.m
OCTAVE_CLASS_M_FILES = bindings/octave/@network/network.m bindings/octave/@network/subsref.m \
	bindings/octave/@network/subsasgn.m bindings/octave/@network/display.m \
	bindings/octave/@network/disp.m bindings/octave/@network/train.m \
	bindings/octave/@network/sim.m bindings/octave/@network/configure.m \
	bindings/octave/@network/init.m bindings/octave/@network/getwb.m \
	bindings/octave/@network/setwb.m bindings/octave/@network/perform.m \
	bindings/octave/@network/view.m bindings/octave/@network/isconfigured.m \
	bindings/octave/@network/fieldnames.m
OCTAVE_CLASS_PRIVATE_M_FILES = bindings/octave/@network/private/clm_data.m \
	bindings/octave/@network/private/clm_nearest.m \
	bindings/octave/@network/private/clm_draw_seed.m \
	bindings/octave/@network/private/clm_options.m \
	bindings/octave/@network/private/clm_properties.m \
	bindings/octave/@network/private/clm_set_property.m
OCTAVE_PKG_FILES = bindings/octave/pkg/DESCRIPTION.in bindings/octave/pkg/INDEX \
	bindings/octave/pkg/Makefile.pkg bindings/octave/pkg/post_install.m
EXTRA_DIST += $(OCTAVE_MEX_SRC) $(OCTAVE_MEX_HDR) $(OCTAVE_M_FILES) \
	$(OCTAVE_PRIVATE_M_FILES) $(OCTAVE_CLASS_M_FILES) $(OCTAVE_CLASS_PRIVATE_M_FILES) \
	$(OCTAVE_PKG_FILES) bindings/octave/bench_epoch.m
dist_doc_DATA += doc/octave.md

# Compiler flags for the MEX (mkoctfile takes CFLAGS from the environment).
MEX_CFLAGS = -g -O2 -Wall -Wextra

if BUILD_OCTAVE
octavedir = $(pkglibdir)/octave
octave_DATA = bindings/octave/inst/chaoslm_mex.mex $(OCTAVE_M_FILES)
octaveprivatedir = $(octavedir)/private
octaveprivate_DATA = $(OCTAVE_PRIVATE_M_FILES)
octaveclassdir = $(octavedir)/@network
octaveclass_DATA = $(OCTAVE_CLASS_M_FILES)
octaveclassprivatedir = $(octavedir)/@network/private
octaveclassprivate_DATA = $(OCTAVE_CLASS_PRIVATE_M_FILES)
noinst_DATA = bindings/octave/chaoslm_mex.mex
CLEANFILES += bindings/octave/chaoslm_mex.mex bindings/octave/inst/chaoslm_mex.mex \
	$(OCTAVE_MEX_OBJ)

bindings/octave/mexobj/%.o: $(srcdir)/bindings/octave/%.c $(OCTAVE_MEX_HDR:%=$(srcdir)/%) \
		$(include_HEADERS) $(chaoslminc_HEADERS)
	$(AM_V_CC)$(MKDIR_P) bindings/octave/mexobj && \
	CFLAGS='$(MEX_CFLAGS)' $(MKOCTFILE) --mex -c -I$(top_srcdir)/include -o $@ $<

bindings/octave/chaoslm_mex.mex: $(OCTAVE_MEX_OBJ) libchaoslm.la
	$(AM_V_GEN)$(MKOCTFILE) --mex -o $@ $(OCTAVE_MEX_OBJ) \
	  -L$(abs_top_builddir)/.libs -lchaoslm -Wl,-rpath,$(abs_top_builddir)/.libs

bindings/octave/inst/chaoslm_mex.mex: $(OCTAVE_MEX_OBJ) libchaoslm.la
	$(AM_V_GEN)$(MKDIR_P) bindings/octave/inst && \
	$(MKOCTFILE) --mex -o $@ $(OCTAVE_MEX_OBJ) \
	  -L$(abs_top_builddir)/.libs -lchaoslm -Wl,-rpath,$(libdir)

# installcheck: the installed MEX, without LD_LIBRARY_PATH (proves the rpath).
INSTALLCHECK_EXTRA += installcheck-octave
installcheck-octave:
	@if test -n "$(SANITIZER_FLAGS)"; then \
	  LD_PRELOAD=`$(CC) -print-file-name=libasan.so`; export LD_PRELOAD; \
	  ASAN_OPTIONS=detect_leaks=0; export ASAN_OPTIONS; fi; \
	env -u LD_LIBRARY_PATH OCTAVE_HISTFILE=/dev/null $(OCTAVE_CLI) --no-gui --no-window-system \
	  --norc --no-history --quiet --eval "addpath('$(DESTDIR)$(octavedir)'); \
	  [x, t] = house_dataset; net = fitnet(4); net.trainParam.epochs = 5; \
	  net.trainParam.showWindow = false; [net, tr] = train(net, x, t); y = net(x); \
	  printf('installed MEX: %d epochs, %s\n', tr.num_epochs, tr.stop); \
	  exit(~(isequal(size(y), size(t)) && tr.num_epochs > 0))"
endif

# make octave-pkg: an archive that Octave's "pkg install" accepts.  Its
# src/Makefile builds the MEX against an installed chaoslm found through
# pkg-config; the datasets the *_dataset loaders read travel in inst/data.
OCTAVE_PKG_NAME = chaoslm-octave-$(PACKAGE_VERSION)
OCTAVE_PKG_CSV = data/boston_housing.csv data/iris.csv data/wine.csv data/glass.csv \
	data/thyroid.csv data/building_energy.csv
octave-pkg: $(OCTAVE_PKG_NAME).tar.gz
$(OCTAVE_PKG_NAME).tar.gz: $(OCTAVE_M_FILES:%=$(srcdir)/%) $(OCTAVE_PKG_FILES:%=$(srcdir)/%) \
		$(OCTAVE_MEX_SRC:%=$(srcdir)/%) $(OCTAVE_MEX_HDR:%=$(srcdir)/%) \
		$(OCTAVE_CLASS_M_FILES:%=$(srcdir)/%) $(OCTAVE_CLASS_PRIVATE_M_FILES:%=$(srcdir)/%) \
		$(OCTAVE_PRIVATE_M_FILES:%=$(srcdir)/%) $(OCTAVE_PKG_CSV:%=$(srcdir)/%) \
		$(srcdir)/COPYING $(srcdir)/doc/octave.md
	$(AM_V_GEN)rm -rf octave-pkg-tmp && d=octave-pkg-tmp/chaoslm && \
	$(MKDIR_P) $$d/inst/private $$d/inst/@network/private $$d/inst/data $$d/src $$d/doc && \
	sed -e 's|%VERSION%|$(PACKAGE_VERSION)|g' -e "s|%DATE%|`date -u +%Y-%m-%d`|g" \
	  $(srcdir)/bindings/octave/pkg/DESCRIPTION.in > $$d/DESCRIPTION && \
	cp $(srcdir)/bindings/octave/pkg/INDEX $(srcdir)/COPYING $$d/ && \
	cp $(srcdir)/bindings/octave/pkg/post_install.m $$d/ && \
	cp $(srcdir)/doc/octave.md $$d/doc/ && \
	for f in $(OCTAVE_M_FILES); do cp $(srcdir)/$$f $$d/inst/ || exit 1; done && \
	for f in $(OCTAVE_PRIVATE_M_FILES); do cp $(srcdir)/$$f $$d/inst/private/ || exit 1; done && \
	for f in $(OCTAVE_CLASS_M_FILES); do cp $(srcdir)/$$f $$d/inst/@network/ || exit 1; done && \
	for f in $(OCTAVE_CLASS_PRIVATE_M_FILES); do cp $(srcdir)/$$f $$d/inst/@network/private/ || exit 1; done && \
	for f in $(OCTAVE_PKG_CSV); do cp $(srcdir)/$$f $$d/inst/data/ || exit 1; done && \
	for f in $(OCTAVE_MEX_SRC) $(OCTAVE_MEX_HDR); do cp $(srcdir)/$$f $$d/src/ || exit 1; done && \
	cp $(srcdir)/bindings/octave/pkg/Makefile.pkg $$d/src/Makefile && \
	chmod -R u+w octave-pkg-tmp && \
	(cd octave-pkg-tmp && tar -cf - chaoslm) | gzip -9 -c > $@ && \
	rm -rf octave-pkg-tmp
CLEANFILES += $(OCTAVE_PKG_NAME).tar.gz
PHONY_TARGETS += octave-pkg installcheck-octave
