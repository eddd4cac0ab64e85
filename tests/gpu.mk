# tests/gpu.mk: the linear-solver conformance suite (tests/linsolver_suite.h)
# run against every backend compiled in.  test_linsolver: the CPU backend,
# backend choice and the fallback path (always runs).  test_linsolver_gpu:
# the CUDA backend; prints "1..0 # SKIP ..." when the build has no CUDA or no
# device answers, so it is never counted as a pass on a machine without a GPU.
noinst_HEADERS += tests/linsolver_suite.h
check_PROGRAMS += tests/test_linsolver tests/test_linsolver_gpu
TESTS += tests/test_linsolver tests/test_linsolver_gpu

# bench/gpu_linsolver: CPU vs GPU milliseconds per epoch of the backend work
# (J'J + J'e accumulation, one factor + solve) for P about 450 to 10000; run
# by tools/gpu-check.sh, never by make check.
noinst_PROGRAMS += bench/gpu_linsolver

# test_linsolver_mock: the CUDA backend's own logic (library loading, stream
# ordering, chunks, panels, kernels, the rcond loop, error paths) with host
# stand-ins for CUDA (tests/cuda_mock.c); runs wherever the CUDA headers
# are, GPU or not.  Chunks of 4 KiB so that small problems turn the ring.
if HAVE_CUDA
check_PROGRAMS += tests/test_linsolver_mock
tests_test_linsolver_mock_SOURCES = tests/test_linsolver_mock.c tests/cuda_mock.c \
	solvers/linsolver_cuda.c
tests_test_linsolver_mock_CPPFLAGS = $(AM_CPPFLAGS) -DCLM_CUDA_MOCK -DCLM_CUDA_CHUNK_BYTES=4096 \
	-DCLM_CUDA_CHUNK_MIN_ROWS=1
TESTS += tests/test_linsolver_mock
endif

# What the command-line tool says about the backend (TAP shell script, run
# like tests/cli_*.sh of tests/tools.mk).
TESTS += tests/cli_backend.sh
EXTRA_DIST += tests/cli_backend.sh

# test_cpu_kernels: the CPU backend's own J'J and Cholesky kernels
# (solvers/jtj.c, solvers/chol.c): exact fma chains, the same bits for any
# threads, blocks and kernel, accuracy against LAPACK.
check_PROGRAMS += tests/test_cpu_kernels
TESTS += tests/test_cpu_kernels
