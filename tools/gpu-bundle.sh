#!/bin/sh
# chaoslm — pack what the GPU device check needs into one folder that can be
# carried to a GPU machine which has CUDA 13 but not Debian's OpenBLAS,
# LAPACKE or GSL (see doc/gpu.md).
#
#   sh tools/gpu-bundle.sh [BUILDDIR [OUT]]     (defaults: build-gpu-bundle, gpu-bundle)
#
# Builds (configure if BUILDDIR has no Makefile, then make) the three
# conformance programs and bench/gpu_linsolver, then writes OUT/:
#   payload.tar.gz   bin/ (the programs), lib/ (every non-glibc, non-CUDA
#                    shared library they load: OpenBLAS, LAPACKE, LAPACK,
#                    GSL, libgomp, libgfortran, ...), glibc/ (the loader and
#                    libc family, used only where the system glibc is older
#                    than the one built against), glibc-needed
#   gpu-check.sh     a copy of tools/gpu-check.sh
#   run.sh           sh run.sh == sh gpu-check.sh --bundle <its folder>
# The CUDA libraries are not packed (cuBLAS alone is ~700 MB): the GPU
# machine's own are found at run time.  GPL-3.0-or-later.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bd=${1:-$top/build-gpu-bundle}
out=${2:-$top/gpu-bundle}
progs="tests/test_linsolver tests/test_linsolver_gpu tests/test_linsolver_mock bench/gpu_linsolver"

mkdir -p "$bd"
( cd "$bd" && { [ -f Makefile ] || "$top/configure" -q; } && make -j2 >/dev/null && make -j2 $progs >/dev/null )
grep -q '^#define HAVE_CUDA 1' "$bd/config.h" || { echo "gpu-bundle: $bd was configured without CUDA" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/lib" "$stage/glibc"
for p in $progs; do
  f="$bd/$p"
  # a libtool wrapper script keeps the real program in .libs/
  if ! head -c 4 "$f" | grep -q ELF; then f="$(dirname "$f")/.libs/$(basename "$f")"; fi
  cp "$f" "$stage/bin/"
done

# Every shared library the programs load, by soname, except CUDA's own.
for p in "$stage"/bin/*; do ldd "$p"; done | awk '/=>/ && $3 ~ /^\// {print $1, $3} /^\t\/lib.*ld-linux/ {print "ld-linux-x86-64.so.2", $1}' |
  sort -u | while read -r so path; do
    case $so in
      libcuda.so*|libcudart.so*|libcublas*|libcusolver*|libcusparse*|libnvJitLink*|libcufft*|libcurand*) ;;
      ld-linux*|libc.so.*|libm.so.*|libdl.so.*|librt.so.*|libpthread.so.*|libmvec.so.*|libresolv.so.*)
        cp -L "$path" "$stage/glibc/$so" ;;
      *) cp -L "$path" "$stage/lib/$so" ;;
    esac
  done

# The newest GLIBC_x.y symbol version anything in the bundle needs.
for f in "$stage"/bin/* "$stage"/lib/*; do objdump -T "$f" 2>/dev/null; done |
  grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1 >"$stage/glibc-needed"

rm -rf "$out"
mkdir -p "$out"
tar -czf "$out/payload.tar.gz" -C "$stage" bin lib glibc glibc-needed
cp "$top/tools/gpu-check.sh" "$out/gpu-check.sh"
cat >"$out/run.sh" <<'EOF'
#!/bin/sh
# Run the packed GPU device check (made by tools/gpu-bundle.sh).
here=$(cd "$(dirname "$0")" && pwd)
exec sh "$here/gpu-check.sh" --bundle "$here"
EOF
chmod +x "$out/run.sh" "$out/gpu-check.sh"
echo "gpu-bundle: $out ($(du -sh "$out" | cut -f1); glibc needed $(cat "$stage/glibc-needed"))"
ls -l "$stage/lib" "$stage/glibc" | awk 'NF > 5 {print "  ", $5, $NF}'
