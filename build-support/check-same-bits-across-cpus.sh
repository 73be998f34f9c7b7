#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The decisions of given weights (mlp-evaluator.h) and the robust aggregators' results
# (federated-aggregation.h) are the same bits on every x86-64 CPU: runs a fingerprint program
# natively and under qemu-x86_64 (Debian's qemu-user) emulating a Haswell (AVX2, no AVX-512)
# and a baseline x86-64 CPU (qemu64: no AVX), checks that each ran the kernels its CPU
# selects and that all hashes are equal.
# Usage: check-same-bits-across-cpus.sh PATH/TO/mlp-evaluator-fingerprint (or
#        aggregation-fingerprint)
set -euo pipefail
program=$1
qemu=$(command -v qemu-x86_64 || true)
if [ -z "$qemu" ]; then
    echo "qemu-x86_64 not found: install Debian's qemu-user (scripts/install-deps.sh does)" >&2
    exit 1
fi
native=$("$program")
haswell=$("$qemu" -cpu Haswell "$program")
baseline=$("$qemu" -cpu qemu64 "$program")
printf 'native:\n%s\nqemu -cpu Haswell:\n%s\nqemu -cpu qemu64:\n%s\n' "$native" "$haswell" "$baseline"
grep -q '^clone: avx2$' <<<"$haswell" || { echo "FAIL: Haswell did not run the AVX2 clone" >&2; exit 1; }
grep -q '^clone: default$' <<<"$baseline" || { echo "FAIL: qemu64 did not run the baseline clone" >&2; exit 1; }
fingerprint() { grep '^fingerprint:' <<<"$1"; }
if [ "$(fingerprint "$native")" != "$(fingerprint "$haswell")" ] ||
    [ "$(fingerprint "$native")" != "$(fingerprint "$baseline")" ]; then
    echo "FAIL: the outputs of $program differ between CPUs" >&2
    exit 1
fi
echo "PASS: the same bits on every CPU tried"
