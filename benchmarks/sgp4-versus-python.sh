#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# SGP4 propagations per second: sagin's C++ propagator next to Debian's python3-sgp4 (what a
# Python-driven simulator such as Hypatia calls), same element set, same machine, one run.
# Usage: bash benchmarks/sgp4-versus-python.sh [build-dir]
set -euo pipefail
build=${1:-build}
line1="1 06251U 62025E   06176.82412014  .00008885  00000-0  12808-3 0  3985"
line2="2 06251  58.0579  54.0425 0030035 139.1568 221.1854 15.56387291  6774"
cpp=$("$build/benchmarks/orbit-benchmark" --benchmark_filter='BM_Sgp4NearEarth$' \
      --benchmark_format=json | /usr/bin/python3 -c \
      'import json,sys; print(json.load(sys.stdin)["benchmarks"][0]["items_per_second"])')
python=$(/usr/bin/python3 - "$line1" "$line2" <<'PY'
import sys, time
from sgp4.api import Satrec, WGS72
sat = Satrec.twoline2rv(sys.argv[1], sys.argv[2], WGS72)
n = 200000
start = time.process_time()
for k in range(n):
    sat.sgp4_tsince((k % 86400) / 60.0)
print(n / (time.process_time() - start))
PY
)
/usr/bin/python3 -c "
cpp, py = $cpp, $python
print(f'sagin C++ SGP4     {cpp/1e6:8.3f} M propagations/s')
print(f'python3-sgp4       {py/1e6:8.3f} M propagations/s')
print(f'ratio              {cpp/py:8.1f} x')"
