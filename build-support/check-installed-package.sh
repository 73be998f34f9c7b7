#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Installs the build into a temporary prefix and builds the outside project in
# test/package-consumer against it, once with CMake (find_package(sagin)) and once with
# pkg-config, both linked with -Wl,--as-needed (the trap for programs naming TypeIds only),
# then runs the programs. Usage: check-installed-package.sh <sagin build dir> <consumer source>
set -euo pipefail
build=$1
consumer=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" > "$work/install.log"

echo "== find_package(sagin)"
cmake -S "$consumer" -B "$work/cmake" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_EXE_LINKER_FLAGS=-Wl,--as-needed > "$work/configure.log" ||
    { cat "$work/configure.log"; exit 1; }
cmake --build "$work/cmake" -j "${SAGIN_JOBS:-2}"
"$work/cmake/walker-shell"
"$work/cmake/typeids-by-name"

echo "== pkg-config sagin"
pc=$(find "$prefix" -name sagin.pc)
export PKG_CONFIG_PATH=$(dirname "$pc")
libdir=$(pkg-config --variable=libdir sagin)
for program in walker-shell typeids-by-name; do
    # shellcheck disable=SC2046 # pkg-config's output is a list of words
    g++ -std=c++17 -Wl,--as-needed -o "$work/$program" "$consumer/$program.cc" \
        $(pkg-config --cflags --libs sagin)
    LD_LIBRARY_PATH=$libdir "$work/$program"
done
