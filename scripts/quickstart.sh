#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# README command 1: install, build, run the main example.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
mkdir -p results
./build/examples/sagin-orbit-trace --planes=6 --sats-per-plane=11 --altitude-km=550 \
    --inclination-deg=53 --phasing=1 --count=3 --step=10 --ground=48.85,2.35,35 \
    --db=results/quickstart.db | tee results/quickstart.csv
echo "Wrote results/quickstart.csv and the run store results/quickstart.db"
