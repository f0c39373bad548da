#!/usr/bin/env bash
# README command 1: install the Debian packages, build, and run the default ribbon study
# (prints the P(E_F) table, writes the plots to out/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
mkdir -p out
./build/apps/specsweep ribbon emitter --config data/ribbon-default.toml --plot-dir out
