#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Installs the Debian 12 packages sagin builds and tests with; does nothing when all are there.
set -euo pipefail
packages=(
    g++ cmake ninja-build git pkg-config   # toolchain (pkg-config: the installed-package test)
    libns3-dev ns3 libgsl-dev              # ns-3.37 (its CMake config needs ns3 and GSL,
    libxml2-dev libpython3-dev             #  and names libxml2's and Python's include dirs)
    libtorch-dev                           # in-simulation learning (model/learning)
    libopenblas0-serial                    #  LibTorch's BLAS: single-threaded OpenBLAS (the
                                           #  reference BLAS makes batched inference ~8x slower)
    libboost-dev                           # CRC-32, circular buffer (model/learning)
    libsqlite3-dev sqlite3                 # run store (model/stats)
    libsodium-dev                          # SHA-256 and Ed25519 (model/blockchain)
    coinor-libcbc-dev                      # MILP solver: study C's exact optimum (model/caching)
    gnuplot-nox                            # figures
    clang-format                           # format check in the test suite
    python3-sphinx                         # the manual's build check (warnings are errors)
    qemu-user                              # test: the inference path's bits on other CPUs
    libbenchmark-dev python3-sgp4          # benchmarks/ (python3-sgp4: the comparison point)
    libzmq3-dev python3-zmq python3-torch  # benchmarks/learning-benchmark: the ZeroMQ bridge
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
