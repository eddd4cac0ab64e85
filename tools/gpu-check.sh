#!/bin/sh
# chaoslm — the GPU device check: one self-contained run for a machine with
# an NVIDIA GPU, under one overall deadline, every step streamed to files
# as it goes (see doc/gpu.md, "Device check").
#
#   sh gpu-bundle/run.sh [OPTIONS]              the bundle of tools/gpu-bundle.sh
#   sh tools/gpu-check.sh --bundle DIR [OPTIONS]
#   sh tools/gpu-check.sh --build [OPTIONS]     configure + make in build-gpucheck/
#                                               (a machine with every dependency)
# Options: --deadline SECONDS (default 480, or $CLM_GPU_DEADLINE): the whole
# run ends by then, each step's time limit cut to what is left; --quick:
# conformance and the two smaller table rows only.
#
# Steps, in order of importance:
#   1. the driver: nvidia-smi (GPU, driver and CUDA versions) and
#      libcuda.so.1; neither found: "no NVIDIA driver", exit 3 at once;
#   2. the CUDA libraries by soname (both families the backend tries), with
#      their paths; their folders are ADDED to LD_LIBRARY_PATH;
#   3. tests/test_linsolver_gpu: the conformance suite on the GPU, GPU vs
#      CPU accumulation and decisions, trainlm records within 1e-9;
#   4. tests/test_linsolver_mock and tests/test_linsolver (CPU-side sanity);
#   5. the CPU-vs-GPU table: bench_train --compare, P = 442, 1218, 5000,
#      10000, CPU at 2 threads against the GPU, same run;
#   6. the auto threshold sweep: bench_train --sweep;
#   7. the GPU backend's own time split: gpu_linsolver --no-cpu.
# Files (under $OUT, else ./gpu-check-out; at most 8): gpu-check.log (all
# output), summary.txt (one line per step and target, the table),
# env.txt, conformance.log, tests.log, table.log, sweep.log, split.log.
# Exit status: 0 all steps passed; 1 a step failed; 3 no usable GPU
# (nothing was checked on a GPU).  GPL-3.0-or-later.
set -u
T0=$(date +%s)
DEADLINE=${CLM_GPU_DEADLINE:-480}
RESERVE=10 # seconds kept for the summary
mode=auto
bdir=
quick=0
while [ $# -gt 0 ]; do
  case $1 in
    --bundle) mode=bundle; bdir=${2:-}; shift ;;
    --build) mode=build ;;
    --deadline) DEADLINE=${2:-480}; shift ;;
    --quick) quick=1 ;;
    *) echo "usage: $0 [--bundle DIR | --build] [--deadline SECONDS] [--quick]" >&2; exit 2 ;;
  esac
  shift
done
here=$(cd "$(dirname "$0")" && pwd)
if [ "$mode" = auto ]; then
  if [ -f "$here/payload.tar.gz" ]; then mode=bundle; bdir=$here
  elif [ -f "$here/../gpu-bundle/payload.tar.gz" ]; then mode=bundle; bdir=$here/../gpu-bundle
  else mode=build; fi
fi

OUT=${OUT:-$(pwd)/gpu-check-out}
mkdir -p "$OUT" || { echo "gpu-check: cannot create $OUT"; exit 2; }
LOG=$OUT/gpu-check.log
SUM=$OUT/summary.txt
: >"$LOG"
: >"$SUM"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/chaoslm-gpu-check.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
rc_all=0
no_driver=0

elapsed() { echo $(($(date +%s) - T0)); }
say() { printf '[%4ss] %s\n' "$(elapsed)" "$*" | tee -a "$LOG"; }
# verdict LINE: one line of the summary (and of the log)
verdict() { echo "$*" >>"$SUM"; say "$*"; }
finish() { # finish STATUS
  say "== summary (${OUT}/summary.txt)"
  cat "$SUM"
  cat "$SUM" >>"$LOG"
  echo "gpu-check: exit $1 after $(elapsed)s (deadline ${DEADLINE}s)" | tee -a "$LOG" "$SUM"
  exit "$1"
}

# run_step NAME FILE BUDGET MIN CMD...: run CMD under a time limit of
# min(BUDGET, time left before the deadline), its output streamed to
# $OUT/FILE, gpu-check.log and stdout as it comes.  Skipped when less than
# MIN seconds are left.  STEP_RC: the status (124 time limit, 125 skipped).
run_step() {
  name=$1 file=$2 budget=$3 min=$4
  shift 4
  rem=$((DEADLINE - $(elapsed) - RESERVE))
  if [ "$rem" -lt "$min" ]; then
    verdict "SKIPPED $name: ${rem}s left before the deadline, it needs ${min}s"
    STEP_RC=125
    return
  fi
  [ "$budget" -gt "$rem" ] && budget=$rem
  say "== $name (time limit ${budget}s)"
  echo "\$ $*" >>"$OUT/$file"
  echo 255 >"$WORK/rc"
  { timeout -k 5 "$budget" "$@" 2>&1; echo $? >"$WORK/rc"; } | tee -a "$OUT/$file" | tee -a "$LOG"
  STEP_RC=$(cat "$WORK/rc")
  if [ "$STEP_RC" = 124 ] || [ "$STEP_RC" = 137 ]; then
    verdict "TIMEOUT $name: stopped after ${budget}s"
  fi
}

say "gpu-check: mode $mode, host $(uname -n), $(nproc) cores, $(uname -r), deadline ${DEADLINE}s, files in $OUT"

# ------------------------------------------------------------ 1. driver
# Folders where CUDA libraries may be: toolkits, the driver's mount, the
# system, and the nvidia-* Python wheels of any python3 on the machine.
cand_dirs() {
  for d in ${CUDA_HOME:+$CUDA_HOME/lib64} /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib \
           /usr/local/cuda-*/lib64 /usr/local/cuda-*/targets/x86_64-linux/lib /usr/local/nvidia/lib64 \
           /usr/local/nvidia/lib /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/local/lib \
           /opt/*/.venv/lib/python3*/site-packages/nvidia/*/lib \
           /usr/local/lib/python3*/dist-packages/nvidia/*/lib /usr/lib/python3/dist-packages/nvidia/*/lib; do
    [ -d "$d" ] && echo "$d"
  done
  timeout 20 python3 -c 'import glob, sys
for p in sys.path:
    for d in glob.glob(p + "/nvidia/*/lib") + glob.glob(p + "/nvidia/*/lib64"):
        print(d)' 2>/dev/null
}
CAND=$(cand_dirs | awk '!seen[$0]++')
# find_so SONAME: the path the loader would most likely use, else nothing
find_so() {
  p=$(ldconfig -p 2>/dev/null | awk -v s="$1" '$1 == s && /x86-64/ {print $NF; exit}')
  if [ -n "$p" ] && [ -e "$p" ]; then echo "$p"; return 0; fi
  for d in $(echo "${LD_LIBRARY_PATH:-}" | tr ':' ' ') $CAND; do
    if [ -e "$d/$1" ]; then echo "$d/$1"; return 0; fi
  done
  return 1
}

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "host: $(uname -a)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2) x $(nproc)"
  [ -r /etc/os-release ] && (. /etc/os-release && echo "os: ${PRETTY_NAME:-?}")
  echo "glibc: $(getconf GNU_LIBC_VERSION 2>/dev/null)"
  echo "LD_LIBRARY_PATH (before): ${LD_LIBRARY_PATH:-}"
} >"$OUT/env.txt"
smi_ok=0
if command -v nvidia-smi >/dev/null 2>&1; then
  if timeout 30 nvidia-smi >>"$OUT/env.txt" 2>&1; then
    smi_ok=1
    gpu=$(timeout 20 nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader 2>/dev/null | head -n 1)
    cuda_drv=$(sed -n 's/.*CUDA Version: *\([0-9][0-9.]*\).*/\1/p' "$OUT/env.txt" | head -n 1)
    verdict "OK driver: $gpu; driver supports CUDA ${cuda_drv:-?}"
  else
    say "nvidia-smi failed: $(tail -n 2 "$OUT/env.txt" | tr '\n' ' ')"
  fi
else
  say "nvidia-smi: not on PATH"
fi
libcuda=$(find_so libcuda.so.1 || true)
if [ -z "$libcuda" ]; then
  if [ "$smi_ok" = 1 ]; then
    verdict "FAIL driver: nvidia-smi works but libcuda.so.1 was not found (searched ld.so.cache and: $(echo $CAND | tr '\n' ' '))"
  else
    verdict "FAIL driver: no NVIDIA driver (nvidia-smi absent or failing, libcuda.so.1 not found): nothing can run on a GPU here"
  fi
  [ "${CLM_GPU_CHECK_CONTINUE:-0}" = 1 ] || finish 3
  say "CLM_GPU_CHECK_CONTINUE=1: going on without a driver (the GPU steps will report it)"
  no_driver=1
else
  say "libcuda.so.1 => $libcuda"
fi

# ------------------------------------------------------------ 2. libraries
libdirs=${libcuda:+$(dirname "$libcuda")}
fam13=1
fam12=1
for so in libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcusolver.so.12 libcusparse.so.12 \
          libnvJitLink.so.13 libcudart.so.12 libcublas.so.12 libcublasLt.so.12 libcusolver.so.11 \
          libnvJitLink.so.12; do
  p=$(find_so "$so" || true)
  if [ -n "$p" ]; then
    say "  $so => $p"
    echo "$so => $p" >>"$OUT/env.txt"
    libdirs="$libdirs
$(dirname "$p")"
  else
    say "  $so: not found"
    echo "$so: not found" >>"$OUT/env.txt"
    case $so in
      libcudart.so.13|libcublas.so.13|libcublasLt.so.13|libcusolver.so.12|libnvJitLink.so.13) fam13=0 ;;
      libcusparse.so.12) fam13=0; fam12=0 ;;
      *) fam12=0 ;;
    esac
  fi
done
if [ "$fam13" = 1 ]; then verdict "OK libraries: the CUDA 13 family (libcudart.so.13, libcublas.so.13, libcusolver.so.12 and their dependencies)"
elif [ "$fam12" = 1 ]; then verdict "OK libraries: the CUDA 12 family only (libcudart.so.12, libcublas.so.12, libcusolver.so.11)"
else verdict "FAIL libraries: neither the CUDA 13 nor the CUDA 12 family is complete (see env.txt); the GPU steps will say what they miss"; rc_all=1; fi
CUDA_PATH_DIRS=$(echo "$libdirs" | awk 'NF && !seen[$0]++' | tr '\n' ':' | sed 's/:$//')

# ------------------------------------------------------------ programs
if [ "$mode" = bundle ]; then
  B=$(cd "$bdir" 2>/dev/null && pwd) || { verdict "FAIL bundle: no folder $bdir"; finish 1; }
  if ! tar -xzf "$B/payload.tar.gz" -C "$WORK"; then verdict "FAIL bundle: cannot unpack $B/payload.tar.gz"; finish 1; fi
  need=$(cat "$WORK/glibc-needed" 2>/dev/null || echo 0)
  have=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
  verdict "INFO bundle of commit $(cat "$WORK/commit" 2>/dev/null), needs glibc $need, system glibc ${have:-unknown}"
  LIBPATH="$WORK/lib${CUDA_PATH_DIRS:+:$CUDA_PATH_DIRS}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  LOADER=
  if [ -z "$have" ] || [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | tail -n 1)" != "$have" ] ||
     [ "${CLM_BUNDLE_LOADER:-system}" = packed ]; then
    say "using the packed loader and libc"
    LIBPATH="$WORK/glibc:$LIBPATH"
    LOADER="$WORK/glibc/ld-linux-x86-64.so.2 --library-path $LIBPATH"
  fi
  bin() { echo "$WORK/bin/$1"; }
else
  top=$(cd "$here/.." && pwd)
  bd=$top/build-gpucheck
  mkdir -p "$bd" || finish 2
  [ -x "$top/configure" ] || (cd "$top" && ./autogen.sh) >"$bd/autogen.log" 2>&1 ||
    { verdict "FAIL build: ./autogen.sh failed ($bd/autogen.log)"; finish 1; }
  run_step "build (configure + make)" tests.log 300 60 sh -c "cd '$bd' && { [ -f Makefile ] || '$top/configure' -q --without-mpi --disable-octave; } && make -j$(nproc) >make.log 2>&1 && make -j$(nproc) tests/test_linsolver tests/test_linsolver_gpu tests/test_linsolver_mock bench/gpu_linsolver bench/bench_train >>make.log 2>&1 || { tail -n 30 make.log; exit 1; }"
  [ "$STEP_RC" = 0 ] || { verdict "FAIL build: see tests.log"; finish 1; }
  LIBPATH="${CUDA_PATH_DIRS}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  LOADER=
  bin() { case $1 in gpu_linsolver|bench_train) echo "$bd/bench/$1" ;; *) echo "$bd/tests/$1" ;; esac; }
fi
echo "LD_LIBRARY_PATH (programs): $LIBPATH" >>"$OUT/env.txt"
# prog NAME ARGS...: the command line that runs a program
prog() { n=$1; shift; echo env LD_LIBRARY_PATH="$LIBPATH" $LOADER "$(bin "$n")" "$@"; }
# shellcheck disable=SC2046
run_prog() { name=$1 file=$2 budget=$3 min=$4; shift 4; run_step "$name" "$file" "$budget" "$min" $(prog "$@"); }

# ------------------------------------------------------------ 3. conformance
run_prog "conformance (test_linsolver_gpu)" conformance.log 180 30 test_linsolver_gpu
f=$OUT/conformance.log
nok=$(grep -c '^ok ' "$f")
nbad=$(grep -c '^not ok ' "$f")
if grep -q '^1\.\.0 # SKIP' "$f"; then
  verdict "FAIL conformance: the GPU program skipped: $(sed -n 's/^1\.\.0 # SKIP //p' "$f")"
  [ "$rc_all" = 0 ] && rc_all=3
elif [ "$STEP_RC" = 0 ] && [ "$nbad" = 0 ] && [ "$nok" -gt 0 ]; then
  verdict "OK conformance: $nok checks passed ($(grep -m1 '^# ' "$f" | sed 's/^# //'))"
else
  verdict "FAIL conformance: $nbad failed, $nok passed, exit $STEP_RC; failures:"
  grep '^not ok ' "$f" | head -n 10 | sed 's/^/    /' | tee -a "$SUM"
  rc_all=1
fi

# ------------------------------------------------------------ 4. CPU-side tests
for t in test_linsolver_mock test_linsolver; do
  run_prog "$t" tests.log 90 20 "$t"
  if [ "$STEP_RC" = 0 ]; then verdict "OK $t"
  elif [ "$STEP_RC" != 125 ]; then verdict "FAIL $t: exit $STEP_RC (tests.log)"; rc_all=1; fi
done

# ------------------------------------------------------------ 5. the table
GT=$(nproc)
cases=wide,large,p5000,p10000
[ "$quick" = 1 ] && cases=wide,large
run_prog "CPU (2 threads) vs GPU table (bench_train --compare)" table.log 240 40 \
  bench_train --compare --case "$cases" --cpu-threads 2 --gpu-threads "$GT"
if [ "$STEP_RC" = 0 ] || [ "$STEP_RC" = 124 ]; then
  {
    echo "CPU vs GPU, ms per trainlm epoch (bench_train --compare, cpu 2 threads, gpu $GT host threads):"
    grep -E '^(case|wide|large|p5000|p10000) ' "$OUT/table.log" | sed 's/^/    /'
  } >>"$SUM"
  # targets: >= 20x at P = 1218 (large), >= 100x at P = 5000; records within 1e-9
  awk '$1 == "large" || $1 == "p5000" || $1 == "wide" || $1 == "p10000" {
         sp = $14; sub(/x$/, "", sp); rd = $16
         want = $1 == "large" ? 20 : $1 == "p5000" ? 100 : 0
         num = sp ~ /^[0-9]+(\.[0-9]*)?$/
         s = (want && (!num || sp + 0 < want)) ? "MISSED" : "OK"
         if (want) printf "%s target: %s (P = %s) speed-up %sx, wanted >= %dx\n", s, $1, $2, sp, want
         printf "%s records: %s cpu vs gpu max rel diff %s (<= 1e-9 wanted)\n",
                (rd ~ /^[0-9.]+e[-+][0-9]+$/ && rd + 0 <= 1e-9) ? "OK" : "FAIL", $1, rd }' \
    "$OUT/table.log" >"$WORK/targets"
  cat "$WORK/targets" >>"$SUM"
  cat "$WORK/targets" >>"$LOG"
  grep -q '^FAIL records' "$WORK/targets" && rc_all=1
  [ "$STEP_RC" = 0 ] || rc_all=1
elif [ "$STEP_RC" != 125 ]; then
  verdict "FAIL table: exit $STEP_RC (table.log)"
  rc_all=1
fi

# ------------------------------------------------------------ 6. the sweep
if [ "$quick" = 0 ]; then
  run_prog "auto threshold sweep (bench_train --sweep)" sweep.log 120 30 \
    bench_train --sweep --cpu-threads 2 --gpu-threads "$GT" --epochs 3
  if [ "$STEP_RC" = 0 ]; then verdict "OK sweep: $(grep '^sweep:' "$OUT/sweep.log")"
  elif [ "$STEP_RC" != 125 ]; then verdict "FAIL sweep: exit $STEP_RC (sweep.log)"; rc_all=1; fi
fi

# ------------------------------------------------------------ 7. GPU split
if [ "$quick" = 0 ]; then
  run_prog "GPU backend split (gpu_linsolver --no-cpu)" split.log 60 15 \
    gpu_linsolver --no-cpu --budget 2 442:40000 1218:40000 5000:20000 10000:10000
  if [ "$STEP_RC" = 0 ]; then
    verdict "OK split: backend ms per epoch (accumulate / factor+solve):"
    grep -E '^ +[0-9]+ ' "$OUT/split.log" | sed 's/^/    /' >>"$SUM"
  elif [ "$STEP_RC" != 125 ]; then verdict "FAIL split: exit $STEP_RC (split.log)"; rc_all=1; fi
fi

[ "$no_driver" = 1 ] && rc_all=3 # nothing ran on a GPU, whatever else passed
finish "$rc_all"
