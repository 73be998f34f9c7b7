#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# How wall time and memory grow with the constellation (1,584 / 4,408 / 12,000 satellites) and
# with the traffic (10 / 100 / 1,000 pinging pairs at 10 Hz): constellation-ping-benchmark's
# BM_ScalePing, one configuration per process (peak memory is a process's), as a table.
# Columns: satellites, pairs, attachment model, wall seconds of the whole process (building
# the network included), simulated seconds per wall second of Simulator::Run, pings answered
# of those sent (90 per pair), packets forwarded by satellites, peak resident memory (MiB).
# Usage: bash benchmarks/scale-table.sh [build-dir] [filter, e.g. '/0$' for one model]
set -euo pipefail
build=${1:-build}
filter=${2:-}
for policy in 0 1; do
  for pairs in 10 100 1000; do
    for constellation in 0 1 2; do
      name="BM_ScalePing/$constellation/$pairs/$policy"
      [[ -n "$filter" && ! "$name" =~ $filter ]] && continue
      start=$(date +%s.%N)
      json=$("$build/benchmarks/constellation-ping-benchmark" \
        --benchmark_filter="^$name/" --benchmark_format=json 2>/dev/null)
      end=$(date +%s.%N)
      /usr/bin/python3 -c '
import json, sys
b = json.loads(sys.argv[1])["benchmarks"][0]
model = "highest" if sys.argv[2] == "0" else "all-in-view"
wall = float(sys.argv[4]) - float(sys.argv[3])
pairs = int(sys.argv[5])
print("%6d %5d %-11s %7.1f s %6.2f sim s/wall s %6d/%d %9d fwd %5.0f MiB" % (
    b["satellites"], pairs, model, wall, b["sim_s_per_wall_s"], b["replies"], 90 * pairs,
    b["satellite_forwards"], b["peak_MiB"]))' \
        "$json" "$policy" "$start" "$end" "$pairs"
    done
  done
done
