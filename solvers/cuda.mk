# solvers/cuda.mk: the cuBLAS/cuSOLVER linear-solver backend (host C) and
# its device kernels.  Built when configure found the CUDA toolkit
# (HAVE_CUDA); automake distributes the sources either way.  With
# CLM_CUDA_DLOPEN defined the CUDA libraries are opened at run time instead
# of linked (see doc/gpu.md).
#
# The kernels (solvers/cuda_kernels.cu) are compiled by nvcc to PTX and
# embedded in the library as the string clm__cuda_kernels_ptx, which the
# backend loads through the driver; a build without nvcc embeds an empty
# string and the backend computes those pieces on the host instead.
if HAVE_CUDA
libclm_core_la_SOURCES += solvers/linsolver_cuda.c
nodist_libclm_core_la_SOURCES = solvers/cuda_kernels_ptx.c
CLEANFILES += solvers/cuda_kernels_ptx.c solvers/cuda_kernels.ptx
solvers/cuda_kernels_ptx.c: $(srcdir)/solvers/cuda_kernels.cu $(srcdir)/solvers/cuda_kernels.h
	$(AM_V_GEN)$(MKDIR_P) solvers && \
	if test "x$(NVCC)" != xno; then \
	  $(NVCC) -ptx -arch=compute_75 -I$(srcdir)/solvers -o solvers/cuda_kernels.ptx \
	    $(srcdir)/solvers/cuda_kernels.cu || exit 1; \
	  { echo '/* generated from solvers/cuda_kernels.cu by nvcc -ptx */'; \
	    echo 'extern const char clm__cuda_kernels_ptx[];'; \
	    echo 'const char clm__cuda_kernels_ptx[] ='; \
	    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/  "/' -e 's/$$/\\n"/' solvers/cuda_kernels.ptx; \
	    echo '  ;'; } > $@-t && mv $@-t $@; \
	else \
	  { echo '/* built without nvcc: no device kernels */'; \
	    echo 'extern const char clm__cuda_kernels_ptx[];'; \
	    echo 'const char clm__cuda_kernels_ptx[] = "";'; } > $@-t && mv $@-t $@; \
	fi
endif
noinst_HEADERS += solvers/cuda_api.h solvers/cuda_kernels.h
dist_doc_DATA += doc/gpu.md
EXTRA_DIST += solvers/cuda_kernels.cu tools/gpu-check.sh tools/gpu-bundle.sh
