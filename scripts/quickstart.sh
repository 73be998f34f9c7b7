#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# README command 1: install, build, run the main example: pings between Paris, New York and
# Tokyo across a Starlink-like shell (72 x 22 at 550 km, 53 degrees) with ISLs, ground-satellite
# links, handovers and routing over the moving topology.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
mkdir -p results
./build/examples/sagin-ping --planes=72 --sats-per-plane=22 --altitude-km=550 \
    --inclination-deg=53 --duration=10 --db=results/quickstart.db \
    --plot-prefix=results/quickstart
echo "Results: the run store results/quickstart.db (tables runs, pings, packets: per-packet"
echo "one-way latency and path) and the RTT plot results/quickstart-rtt.png."
echo "More: ./build/examples/sagin-ping --help, ./build/examples/sagin-orbit-trace --help"
