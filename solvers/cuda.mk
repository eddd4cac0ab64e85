# solvers/cuda.mk: the cuBLAS/cuSOLVER linear-solver backend (host-only C, no
# nvcc).  Built when configure found the CUDA toolkit (HAVE_CUDA); automake
# distributes the source either way.  With CLM_CUDA_DLOPEN defined the CUDA
# libraries are opened at run time instead of linked (see doc/gpu.md).
if HAVE_CUDA
libclm_core_la_SOURCES += solvers/linsolver_cuda.c
endif
noinst_HEADERS += solvers/cuda_api.h
dist_doc_DATA += doc/gpu.md
EXTRA_DIST += tools/gpu-check.sh tools/gpu-bundle.sh
