#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# README command 1: install, build, run the main example.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
mkdir -p results
./build/examples/sagin-orbit-trace --planes=6 --sats-per-plane=11 --altitude-km=550 \
    --inclination-deg=53 --phasing=1 --count=3 --step=10 --ground=48.85,2.35,35 \
    --db=results/quickstart.db > results/quickstart.csv
head -n 4 results/quickstart.csv
echo "... $(($(wc -l < results/quickstart.csv) - 1)) rows: positions of a 6x11 Walker shell at 550 km"
echo "    with look angles from Paris. Wrote results/quickstart.csv and the run store"
echo "    results/quickstart.db (tables runs, orbit_trace; see doc/sagin.rst, Output)."
