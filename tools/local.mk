# tools/local.mk: the chaoslm command-line tool, its man page and the bundled
# datasets (see Makefile.am).  GPL-3.0-or-later.

# The tool uses only the public API: its include path is include/ (plus
# config.h), not lib/, and it links the installed library libchaoslm.la.
bin_PROGRAMS += tools/chaoslm
tools_chaoslm_SOURCES = tools/chaoslm.c tools/cli.h tools/csv.c tools/csv.h \
	tools/cmd_train.c tools/train.h tools/train_opts.c tools/train_params.c \
	tools/train_names.c tools/train_data.c tools/train_net.c tools/train_run.c \
	tools/train_report.c tools/cmd_sim.c tools/cmd_info.c tools/report.c \
	tools/report_class.c tools/json_record.c tools/plot.c tools/plot_confusion.c \
	tools/netkind.c
# The MPI parts of `train` (mpirun -np N chaoslm train), only with MPI.
EXTRA_DIST += tools/train_mpi.c
if HAVE_MPI
tools_chaoslm_SOURCES += tools/train_mpi.c
endif
tools_chaoslm_CPPFLAGS = -I$(top_srcdir)/include -I$(top_builddir) \
	-DCLM_PKGDATADIR=\"$(pkgdatadir)\" -DCLM_SRCDATADIR=\"$(abs_top_srcdir)/data\" $(MPI_CFLAGS)
tools_chaoslm_LDADD = libchaoslm.la $(MPI_LIBS) -lm

man_MANS += doc/chaoslm.1
EXTRA_DIST += doc/chaoslm.1 doc/cli.md doc/demo-perform.png doc/demo-regression.png \
	doc/iris-confusion.png

# Datasets: installed under $(pkgdatadir) so that `chaoslm demo` finds
# boston_housing.csv after `make install`; dist_ puts them in the tarball.
dist_pkgdata_DATA = data/boston_housing.csv data/auto_mpg.csv \
	data/building_energy.csv data/mcycle.csv data/iris.csv data/wine.csv \
	data/thyroid.csv data/glass.csv data/sunspots_yearly.csv \
	data/README.md data/SHA256SUMS

# After `make install`: the installed tool finds its installed data (run
# from / so that no ./data folder helps) and trains a few epochs.
INSTALLCHECK_EXTRA += installcheck-chaoslm
PHONY_TARGETS += installcheck-chaoslm
installcheck-chaoslm:
	cd / && CLM_DATADIR= LD_LIBRARY_PATH="$(DESTDIR)$(libdir):$$LD_LIBRARY_PATH" \
	  "$(DESTDIR)$(bindir)/chaoslm" demo --quiet --epochs 5
	test -f "$(DESTDIR)$(mandir)/man1/chaoslm.1"
