# solvers/mpi.mk: contributed sources (see Makefile.am)
