#!/usr/bin/env bash
# The one list of system packages specsweep needs. README and .ci/run both call this.
# BLAS: the engine links the OpenMP build of OpenBLAS (libopenblas-openmp-dev); NumPy and SciPy
# use the default one (libopenblas-dev); the reference libblas-dev/liblapack-dev build the
# SPECSWEEP_BLAS=generic test. Python: venv, setuptools and wheel for `pip install .` (a venv's
# own pip comes with python3-venv).
set -euo pipefail
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake ninja-build pkg-config git ccache \
  libeigen3-dev libopenblas-openmp-dev libopenblas-dev libblas-dev liblapack-dev liblapacke-dev \
  libfmt-dev libcli11-dev doctest-dev \
  libopenmpi-dev openmpi-bin \
  libfftw3-dev libscalapack-openmpi-dev libslicot-dev libmatio-dev \
  libboost-math-dev nlohmann-json3-dev libtomlplusplus-dev \
  pybind11-dev python3-dev python3-pybind11 python3-numpy python3-scipy python3-matplotlib \
  python3-venv python3-setuptools python3-wheel \
  clang libclang-rt-14-dev >/dev/null
