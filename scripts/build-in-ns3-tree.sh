#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves build mode 1: sagin as contrib/sagin inside Debian's ns-3.37 source tree, built by
# ns-3's own CMake (build_lib) and tested by ns-3's test.py. Slow on 2 cores (~30+ min), so
# it is not part of every CI run. Usage: bash scripts/build-in-ns3-tree.sh [WORKDIR]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-${TMPDIR:-/tmp}/sagin-ns3-tree}
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

bash "$repo/scripts/install-deps.sh"
# ns-3's own build needs these besides what the standalone build uses.
for p in dpkg-dev python3 libxml2-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$p"
done

mkdir -p "$work"
cd "$work"
if [ ! -d ns3/ns-3.37 ]; then
    # Debian source packages need a deb-src entry next to the deb one.
    if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
            $sudo tee /etc/apt/sources.list.d/debian-src.sources >/dev/null
        $sudo apt-get update -qq
    fi
    apt-get source --download-only -qq ns3
    dpkg-source -x ns3_*.dsc ns3 >/dev/null
fi
tree="$work/ns3/ns-3.37"
rm -rf "$tree/contrib/sagin"
mkdir -p "$tree/contrib/sagin"
# The module's tracked files only (no build directories).
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$tree/contrib/sagin")

cd "$tree"
# csma too: ns-3.37's own src/test (ns3tcp suites) needs it once internet is enabled.
./ns3 configure --enable-examples --enable-tests --enable-modules="sagin;csma" -G Ninja
./ns3 build -j "${SAGIN_JOBS:-2}"
suites=$(./ns3 run --no-build "test-runner --print-test-name-list" 2>/dev/null | grep "^sagin" || true)
[ -n "$suites" ] || { echo "no sagin TestSuite found in the ns-3 tree build"; exit 1; }
status=0
for suite in $suites; do
    ./test.py --no-build -s "$suite" || status=1
done
# The examples with --test, as test.py runs them from test/examples-to-run.py.
examples=$(sed -n '/^set(sagin_examples/,/^)/p' "$repo/examples/CMakeLists.txt" | grep -o 'sagin-[a-z-]*')
for example in $examples; do
    ./ns3 run --no-build "$example --test" > /dev/null || { echo "FAIL: $example --test"; status=1; }
done
exit $status
