# solvers/mpi.mk: the optional MPI data-parallel layer (doc/distributed.md).
# The reducer interface is plain C and always part of the driver; the MPI
# code itself is compiled only when configure found a working MPI.
noinst_HEADERS +=
EXTRA_DIST += include/chaoslm/mpi.h solvers/mpi.c doc/distributed.md
dist_doc_DATA += doc/distributed.md
if HAVE_MPI
libclm_core_la_SOURCES += solvers/mpi.c
chaoslminc_HEADERS += include/chaoslm/mpi.h
endif
