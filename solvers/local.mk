# solvers/local.mk: contributed sources (see Makefile.am)
