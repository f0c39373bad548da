#!/usr/bin/env bash
# README command 2: install what is missing, build, and run every test through ctest
# (doctest units, MPI runs, CLI bad-input table, Python module, installed-package consumer).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${SPECSWEEP_SKIP_INSTALL:-0}" = 1 ] || bash scripts/install-deps.sh
bash scripts/build.sh
# Two cores: one test at a time keeps MPI ranks and BLAS threads from oversubscribing.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
export CCACHE_BASEDIR="$PWD"  # the pip and consumer tests rebuild the tree through ccache
ctest --test-dir build --output-on-failure --timeout 600
