#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# README command 2: install and build if needed, then run every test, then the TestSuites
# again under AddressSanitizer and UBSan (./build-asan; scripts/test-sanitized.sh says which).
# Each part ends with CTest's summary. With arguments (CTest's, e.g. -R sagin-gsl) only the
# first part runs, with them; SAGIN_SKIP_SANITIZED=1 skips the second part too.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
(cd build && ctest --output-on-failure -j "${SAGIN_JOBS:-2}" "$@")
if [ $# -eq 0 ] && [ "${SAGIN_SKIP_SANITIZED:-0}" != 1 ]; then
    bash scripts/test-sanitized.sh --suites-only
fi
