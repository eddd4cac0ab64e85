# bench/chaos.mk: the chaos benchmark (doc/chaos.md, "Benchmark").  Built by `make`;
# `make check` runs only its --quick smoke mode (tests/bench_chaos_quick.sh).
# Full run: ./bench/bench_chaos [--seeds 100] [--threads 2] [--csv out.csv]
noinst_PROGRAMS += bench/bench_chaos
