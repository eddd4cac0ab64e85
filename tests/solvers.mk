# tests/solvers.mk: contributed sources (see Makefile.am)
