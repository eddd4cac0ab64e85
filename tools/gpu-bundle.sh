#!/bin/sh
# chaoslm — pack what the GPU device check needs into one folder that can be
# carried to a GPU machine which has a driver (and perhaps CUDA) but not
# Debian's OpenBLAS, LAPACKE or GSL, nor autotools (see doc/gpu.md).
#
#   sh tools/gpu-bundle.sh [BUILDDIR [OUTDIR]]   (defaults: build-gpu-bundle, gpu-bundle)
#
# Works from a clean checkout: runs ./autogen.sh when there is no configure,
# configures BUILDDIR (without MPI and Octave: fewer libraries to pack)
# unless it has a Makefile, builds the programs below, and writes OUTDIR/:
#   payload.tar.gz   bin/ (the programs), lib/ (every shared library they
#                    load except glibc's and CUDA's: OpenBLAS, LAPACKE,
#                    LAPACK, GSL, libgomp, libgfortran, ...), glibc/ (the
#                    loader and the libc family, used only where the system
#                    glibc is older than the one built against),
#                    glibc-needed, manifest (what was packed, from where)
#   gpu-check.sh     a copy of tools/gpu-check.sh
#   run.sh           sh run.sh == sh gpu-check.sh --bundle <its folder>
# The CUDA libraries are not packed (cuBLAS alone is ~700 MB): the GPU
# machine's own are found by soname at run time.  The programs open them
# with dlopen (the default build), so none is needed to start them.
# Exit status 0, or 1 with a line saying what failed.  GPL-3.0-or-later.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bd=${1:-$top/build-gpu-bundle}
out=${2:-$top/gpu-bundle}
progs="tests/test_linsolver tests/test_linsolver_gpu tests/test_linsolver_mock bench/gpu_linsolver bench/bench_train"
jobs=$(nproc 2>/dev/null || echo 2)
fail() { echo "gpu-bundle: $*" >&2; exit 1; }

if [ ! -x "$top/configure" ]; then
  echo "gpu-bundle: no configure script: running ./autogen.sh"
  (cd "$top" && ./autogen.sh) >/dev/null 2>&1 || fail "./autogen.sh failed (autoconf, automake, libtool installed?)"
fi
mkdir -p "$bd"
if [ ! -f "$bd/Makefile" ]; then
  echo "gpu-bundle: configuring $bd"
  (cd "$bd" && "$top/configure" --without-mpi --disable-octave >configure.log 2>&1) ||
    fail "configure failed, see $bd/configure.log"
fi
grep -q '^#define HAVE_CUDA 1' "$bd/config.h" ||
  fail "$bd was configured without CUDA (the CUDA toolkit is needed at build time: CUDA_HOME or /usr/local/cuda)"
grep -q '^#define CLM_CUDA_DLOPEN 1' "$bd/config.h" ||
  echo "gpu-bundle: warning: $bd links the CUDA libraries (--disable-cuda-dlopen): the GPU machine needs the same sonames"
echo "gpu-bundle: building $progs in $bd"
(cd "$bd" && make -j"$jobs" >make.log 2>&1 && make -j"$jobs" $progs >>make.log 2>&1) ||
  fail "make failed, see $bd/make.log"
grep -q 'const char clm__cuda_kernels_ptx\[\] = "";' "$bd/solvers/cuda_kernels_ptx.c" 2>/dev/null &&
  echo "gpu-bundle: warning: built without nvcc: the device norm kernels are not in the bundle"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/lib" "$stage/glibc"
for p in $progs; do
  f="$bd/$p"
  # a libtool wrapper script keeps the real program in .libs/
  if ! head -c 4 "$f" | grep -q ELF; then f="$(dirname "$f")/.libs/$(basename "$f")"; fi
  [ -f "$f" ] || fail "$p was not built"
  cp "$f" "$stage/bin/"
done

# Every shared library the programs load, by soname, except CUDA's own.
for p in "$stage"/bin/*; do
  if ldd "$p" | grep -q 'not found'; then
    fail "$(basename "$p") has unresolved libraries here: $(ldd "$p" | grep 'not found' | tr -s ' \t' ' ')"
  fi
done
for p in "$stage"/bin/*; do ldd "$p"; done | awk '/=>/ && $3 ~ /^\// {print $1, $3} /^\t\/.*ld-linux/ {print "ld-linux-x86-64.so.2", $1}' |
  sort -u | while read -r so path; do
    case $so in
      libcuda.so*|libcudart.so*|libcublas*|libcusolver*|libcusparse*|libnvJitLink*) ;;
      ld-linux*|libc.so.*|libm.so.*|libdl.so.*|librt.so.*|libpthread.so.*|libmvec.so.*|libresolv.so.*)
        cp -L "$path" "$stage/glibc/$so" ;;
      *) cp -L "$path" "$stage/lib/$so" ;;
    esac
    echo "$so $path" >>"$stage/manifest"
  done

# The newest GLIBC_x.y symbol version anything in the bundle needs.
for f in "$stage"/bin/* "$stage"/lib/*; do objdump -T "$f" 2>/dev/null; done |
  grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1 >"$stage/glibc-needed"
(cd "$top" && git rev-parse --short HEAD 2>/dev/null || echo unknown) >"$stage/commit"

rm -rf "$out"
mkdir -p "$out"
tar -czf "$out/payload.tar.gz" -C "$stage" bin lib glibc glibc-needed manifest commit
cp "$top/tools/gpu-check.sh" "$out/gpu-check.sh"
cat >"$out/run.sh" <<'EOF'
#!/bin/sh
# Run the packed GPU device check (made by tools/gpu-bundle.sh).
here=$(cd "$(dirname "$0")" && pwd)
exec sh "$here/gpu-check.sh" --bundle "$here" "$@"
EOF
chmod +x "$out/run.sh" "$out/gpu-check.sh"
echo "gpu-bundle: $out ($(du -sh "$out" | cut -f1); commit $(cat "$stage/commit"); glibc needed $(cat "$stage/glibc-needed"))"
ls -l "$stage/lib" "$stage/glibc" | awk 'NF > 5 {print "  ", $5, $NF}'
