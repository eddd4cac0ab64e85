# bench/lib.mk: benchmark of the evaluation core (built by `make`, never run
# by `make check`).  Run: ./bench/bench_jacobian [repeats].  GPL-3.0-or-later.
noinst_PROGRAMS += bench/bench_jacobian
