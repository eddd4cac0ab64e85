# bench/lib.mk: benchmark of the evaluation core (built by `make`, never run
# by `make check`).  Run: ./bench/bench_jacobian [repeats].  GPL-3.0-or-later.
noinst_PROGRAMS += bench/bench_jacobian
bench_bench_jacobian_SOURCES = bench/bench_jacobian.c
bench_bench_jacobian_LDADD = libclm_core.la $(OPENMP_CFLAGS)
