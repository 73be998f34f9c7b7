#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The test suite under AddressSanitizer and UndefinedBehaviorSanitizer: installs what is
# missing, configures ./build-asan once (-DSAGIN_SANITIZE=ON), builds it (-j2) and runs CTest
# there; arguments go to CTest (e.g. -R '^sagin-' for the TestSuites only). No suppression
# file: a leak, an invalid access or undefined behaviour fails its test.
#
# --suites-only (what scripts/test.sh, and so CI, runs): builds the test runner alone and runs
# every TestSuite except the two long randomized safety suites, which the normal build runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
[ -f build-asan/build.ninja ] ||
    cmake -S . -B build-asan -G Ninja -DSAGIN_SANITIZE=ON -DSAGIN_BUILD_BENCHMARKS=OFF
# Leaks are errors (LeakSanitizer is on by default with AddressSanitizer on x86-64 Linux);
# UBSan stops at the first report (-fno-sanitize-recover=undefined) and prints the stack.
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
if [ "${1:-}" = "--suites-only" ]; then
    shift
    cmake --build build-asan -j "${SAGIN_JOBS:-2}" --target sagin-test-runner
    cd build-asan
    # Not TestSuites: the format check, the across-CPU checks (their tools are not built
    # here), the installed-package check (its outside programs are not sanitized) and the
    # manual's.
    not_suites='sagin-clang-format|sagin-mlp-evaluator-across-cpus|sagin-aggregation-across-cpus|sagin-installed-package|sagin-manual-reference|sagin-manual-html'
    long_suites='sagin-consensus-pbft-safety|sagin-routing-link-safety'
    exec ctest --output-on-failure -j "${SAGIN_JOBS:-2}" -R '^sagin-' \
        -E "^($not_suites|$long_suites)\$" "$@"
fi
cmake --build build-asan -j "${SAGIN_JOBS:-2}"
cd build-asan
ctest --output-on-failure -j "${SAGIN_JOBS:-2}" "$@"
