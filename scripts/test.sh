#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# README command 2: install and build if needed, then run every test (ends with CTest's summary).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
cd build
ctest --output-on-failure -j "${SAGIN_JOBS:-2}" "$@"
