#!/usr/bin/env bash
# Builds the tests with AddressSanitizer + UndefinedBehaviorSanitizer (-fno-sanitize-recover)
# into build-asan and runs them. Any finding aborts the test that hit it, so ctest fails.
# SPECSWEEP_SKIP_INSTALL=1 skips the apt step (CI has already run it).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${SPECSWEEP_SKIP_INSTALL:-0}" = 1 ] || bash scripts/install-deps.sh
# -O1 -g1: line tables for the reports at under half the compile time of -O2 -g (measured: one
# CLI file 90 s -> 52 s), which kept CI inside its budget. ccache helps reruns on one machine.
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="$PWD"
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" "${launcher[@]}" \
  -DSPECSWEEP_SANITIZE=ON -DSPECSWEEP_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j"$(nproc)"
# Open MPI keeps some allocations for the life of the process; only its own frames are
# suppressed (tests/lsan.supp), never specsweep's.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
# Tests labelled "heavy" (rebuilds of the tree: the install/consumer, pip and reference-BLAS
# builds, which ASan adds nothing to) run only in scripts/test.sh, as do those labelled
# "physics" (not built here: tests/CMakeLists.txt); every other test runs here, to keep CI under
# 35 minutes on 2 cores. Extra arguments go to ctest (e.g. -L io).
ctest --test-dir build-asan --output-on-failure --timeout 900 -LE heavy "$@"
