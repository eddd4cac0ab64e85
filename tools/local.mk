# tools/local.mk: the chaoslm command-line tool, its man page and the bundled
# datasets (see Makefile.am).  GPL-3.0-or-later.

# Datasets: installed under $(pkgdatadir) so that `chaoslm demo` finds
# boston_housing.csv after `make install`; dist_ puts them in the tarball.
dist_pkgdata_DATA = data/boston_housing.csv data/auto_mpg.csv \
	data/building_energy.csv data/mcycle.csv data/iris.csv data/wine.csv \
	data/thyroid.csv data/glass.csv data/sunspots_yearly.csv \
	data/README.md data/SHA256SUMS
