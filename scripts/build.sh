#!/usr/bin/env bash
# Configure and build specsweep (Release) into ./build.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache (installed by install-deps.sh) lets the test suite's own rebuilds of the tree (the pip
# install, the install-tree consumer) reuse these objects: paths are hashed relative to the tree.
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="$PWD"
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
cmake --build build -j"$(nproc)"
