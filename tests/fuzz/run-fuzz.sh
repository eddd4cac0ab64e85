#!/bin/sh
# chaoslm — build the libFuzzer harnesses with clang and run them.
#
#   tests/fuzz/run-fuzz.sh [-t SECONDS] [-o DIR] [-b] [HARNESS...]
#
#   -t SECONDS  run each harness for this long (-max_total_time; default 60)
#   -o DIR      build and work directory (default: fuzz-build in the current
#               directory); DIR/corpus/<harness> is the working corpus, seeded
#               from the committed tests/fuzz/corpus/<harness>, so the
#               committed seeds are never modified; crashes go to
#               DIR/artifacts/<harness>/
#   -b          build only
#   -j          run the harnesses in parallel (one process each)
#   HARNESS     fuzz_netfile, fuzz_csv, fuzz_train (default: all three)
#
# The library sources (lib/, solvers/ without CUDA, chaos/) and, for the CSV
# harness, tools/csv.c are compiled directly with
# -fsanitize=fuzzer-no-link,address,undefined (not through libtool), against
# a minimal generated config.h.  Needs clang with the libFuzzer runtime
# (Debian: clang and libclang-rt-14-dev, or the libclang-rt-dev of your
# clang), libomp (libomp-dev), LAPACKE, OpenBLAS and GSL.
# Each run prints a line "FUZZ <harness> seconds=S execs=N result=ok|CRASH".
# Exit status: 0 when every harness ran clean, 1 on a finding, 2 when the
# build failed, 3 when clang or its libFuzzer runtime is missing.  GPL-3.0-or-later.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
secs=60
out=fuzz-build
build_only=0
parallel=0
while getopts t:o:bj opt; do
  case $opt in
    t) secs=$OPTARG ;;
    o) out=$OPTARG ;;
    b) build_only=1 ;;
    j) parallel=1 ;;
    *) echo "usage: $0 [-t SECONDS] [-o DIR] [-b] [-j] [HARNESS...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
harnesses=${*:-fuzz_netfile fuzz_csv fuzz_train}
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null 2>&1 || { echo "run-fuzz: $CC not found" >&2; exit 3; }

mkdir -p "$out/obj" || exit 2
out=$(cd "$out" && pwd)
cat > "$out/config.h" <<'CFG'
/* Minimal config.h for the fuzz build (CPU backend only). */
#define PACKAGE_VERSION "fuzz"
#define HAVE_OPENBLAS_SET_NUM_THREADS 1
#define HAVE_OPENBLAS_GET_NUM_THREADS 1
CFG

gsl_libs=$(pkg-config --libs gsl 2>/dev/null | sed 's/-lgslcblas//') || gsl_libs="-lgsl"
blas_libs=$(pkg-config --libs openblas 2>/dev/null) || blas_libs="-lopenblas"
blas_cflags=$(pkg-config --cflags openblas 2>/dev/null)
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DHAVE_CONFIG_H -O1 -g -fopenmp \
 -fno-omit-frame-pointer -Wno-pass-failed $san -I$out -I$src/include -I$src/lib -I$src/solvers -I$src/chaos \
 -I$src/tools $blas_cflags"
libs="-llapacke $blas_libs $gsl_libs -lm"

# Probe for libFuzzer first so that a missing runtime reads as such.
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
  > "$out/probe.c"
if ! "$CC" -fsanitize=fuzzer "$out/probe.c" -o "$out/probe" >"$out/probe.log" 2>&1; then
  echo "run-fuzz: $CC cannot link -fsanitize=fuzzer (install libclang-rt-dev)" >&2
  exit 3
fi

# Every C file of lib/, solvers/ and chaos/ except the CUDA and MPI layers
# (the fuzz build has neither), so that a new source file needs no edit here.
lib_srcs=$(cd "$src" && ls lib/*.c solvers/*.c chaos/*.c | grep -v -e cuda -e '^solvers/mpi')
lib_srcs="$lib_srcs tools/csv.c"
objs=
for f in $lib_srcs; do
  o="$out/obj/$(echo "$f" | tr / _ | sed 's/\.c$/.o/')"
  if [ ! -f "$o" ] || [ "$src/$f" -nt "$o" ]; then
    # shellcheck disable=SC2086
    "$CC" $cflags -fsanitize=fuzzer-no-link -c "$src/$f" -o "$o" || { echo "run-fuzz: cannot compile $f" >&2; exit 2; }
  fi
  case $f in tools/csv.c) ;; *) objs="$objs $o" ;; esac
done
for h in $harnesses; do
  extra=
  [ "$h" = fuzz_csv ] && extra="$out/obj/tools_csv.o"
  # shellcheck disable=SC2086
  "$CC" $cflags -fsanitize=fuzzer "$here/$h.c" $objs $extra $libs -o "$out/$h" ||
    { echo "run-fuzz: cannot build $h" >&2; exit 2; }
done
[ "$build_only" = 1 ] && exit 0

run_one() {
  h=$1
  mkdir -p "$out/corpus/$h" "$out/artifacts/$h"
  cp "$here/corpus/$h/"* "$out/corpus/$h/" 2>/dev/null
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$out/$h" -max_total_time="$secs" -print_final_stats=1 \
    -timeout=10 -rss_limit_mb=2048 -max_len=4096 -artifact_prefix="$out/artifacts/$h/" \
    "$out/corpus/$h" > "$out/$h.log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$h.log" | tail -n 1)
  if [ $rc -eq 0 ]; then res=ok; else res=CRASH; fi
  echo "FUZZ $h seconds=$secs execs=${execs:-?} result=$res log=$out/$h.log"
  return $rc
}

status=0
if [ "$parallel" = 1 ]; then
  pids=
  for h in $harnesses; do run_one "$h" & pids="$pids $!"; done
  for p in $pids; do wait "$p" || status=1; done
else
  for h in $harnesses; do run_one "$h" || status=1; done
fi
exit $status
