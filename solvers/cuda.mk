# solvers/cuda.mk: contributed sources (see Makefile.am)
