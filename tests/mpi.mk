# tests/mpi.mk: contributed sources (see Makefile.am)
