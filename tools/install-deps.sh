#!/bin/sh
# Install the Debian 12 packages needed to build, test and use chaoslm
# (run as root, or it uses sudo).  The CUDA toolkit is optional and not
# installed here; configure uses /usr/local/cuda when present.
set -e
pkgs="build-essential autoconf automake libtool pkg-config libopenblas-dev liblapacke-dev libgsl-dev
  gnuplot-nox octave octave-dev fonts-freefont-otf python3 valgrind clang libclang-rt-14-dev libomp-dev
  libopenmpi-dev openmpi-bin"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $pkgs
