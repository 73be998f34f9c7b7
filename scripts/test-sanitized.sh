#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The test suite under AddressSanitizer and UndefinedBehaviorSanitizer: installs what is
# missing, configures ./build-asan once (-DSAGIN_SANITIZE=ON), builds it (-j2) and runs CTest
# there; arguments go to CTest (e.g. -R '^sagin-' for the TestSuites only). No suppression
# file: a leak, an invalid access or undefined behaviour fails its test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
[ -f build-asan/build.ninja ] || cmake -S . -B build-asan -G Ninja -DSAGIN_SANITIZE=ON
cmake --build build-asan -j "${SAGIN_JOBS:-2}"
cd build-asan
# Leaks are errors (LeakSanitizer is on by default with AddressSanitizer on x86-64 Linux);
# UBSan stops at the first report (-fno-sanitize-recover=undefined) and prints the stack.
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
ctest --output-on-failure -j "${SAGIN_JOBS:-2}" "$@"
