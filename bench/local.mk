# bench/local.mk: trainlm speed against a roofline measured in the same run
# (built by `make`, never run by `make check`).  Run:
#   ./bench/bench_train [--quick] [--case sinfit|wide|large|huge|all]
# Results and the Octave nnet comparison: bench/README.md.  GPL-3.0-or-later.
noinst_PROGRAMS += bench/bench_train
EXTRA_DIST += bench/README.md bench/ab-train.sh
noinst_HEADERS += bench/bench_util.h bench/bench_eval.h
# Record fingerprints before/after a refactoring: ./bench/fingerprint [threads]
noinst_PROGRAMS += bench/fingerprint
# The gradient trainers' time per epoch against a same-run roofline:
#   ./bench/bench_trainers [--quick] [--case sinfit|wide|large|all] [--threads N] [--blas N]
# Results: doc/trainers.md.
noinst_PROGRAMS += bench/bench_trainers
# trainbr's epoch against trainlm's in the same run, and Boston housing:
#   ./bench/bench_trainbr [--quick] [--case sinfit|wide|large|all] [--boston]
# Results: doc/trainers.md.
noinst_PROGRAMS += bench/bench_trainbr
bench_bench_trainbr_SOURCES = bench/bench_trainbr.c tools/csv.c
# Classification time-to-goal (iris, patternnet + trainscg):
#   ./bench/bench_classify [--seeds N] [--target ACC]; results in doc/performance.md.
noinst_PROGRAMS += bench/bench_classify
bench_bench_classify_SOURCES = bench/bench_classify.c tools/csv.c
