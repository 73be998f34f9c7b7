#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# README command 1: install, build, run the main example, the SAGIN quick start: a
# Starlink-like shell (72 x 22 at 550 km, 53 degrees) with ISLs, ground stations in Paris,
# New York and Tokyo, and 3 UAVs serving 9 UEs south of Lyon; UDP echoes from every UE to a
# server in Paris, pings between the stations, a TCP transfer to a UE; routing follows the
# moving topology.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
mkdir -p results
./build/examples/sagin-quickstart --duration=10 --db=results/quickstart.db \
    --plot-prefix=results/quickstart --netanim=results/quickstart-anim.xml
echo "Results: the run store results/quickstart.db (tables runs, rtts, and packets with every"
echo "packet's one-way latency and path), the RTT plot results/quickstart-rtt.png, and the"
echo "NetAnim trace results/quickstart-anim.xml (nodes on a world map, degrees)."
echo "More: ./build/examples/sagin-quickstart --help, ./build/examples/sagin-ping --help"
