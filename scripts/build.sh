#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Installs what is missing, configures once, then builds incrementally in ./build (-j2).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
[ -f build/build.ninja ] || cmake -S . -B build -G Ninja "$@"
cmake --build build -j "${SAGIN_JOBS:-2}"
