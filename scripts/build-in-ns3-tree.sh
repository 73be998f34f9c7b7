#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves build mode 1: sagin as contrib/sagin inside Debian's ns-3 source tree of a supported
# release, built by ns-3's own CMake (build_lib) and tested by ns-3's test.py. Slow on 2 cores
# (~30+ min), so it is not part of every CI run.
#
# With --mpi (ns-3.37 only): Debian's openmpi, the tree configured with --enable-mpi as well,
# and before the test suites the distributed comparison (scripts/compare-distributed-runs.sh):
# sagin-distributed run sequentially and on 1, 2 and 4 ranks (granted-time-window and
# null-message simulators) must give the same packet trace (every rank's IPv4 events,
# sorted), then the bad-input runs (more ranks than planes, a link with lookahead zero) must
# be refused with their messages. The example's options after -- are passed to every run
# (e.g. -- --planes=24 --flows=100).
# Usage: bash scripts/build-in-ns3-tree.sh [--release=3.37|3.43] [--mpi] [WORKDIR] [-- OPTIONS]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

# The supported releases and the Debian suite whose source package has each.
declare -A debian_suites=([3.37]=bookworm [3.43]=trixie)
release=3.37
work=""
mpi=false
example_options=()
while [ $# -gt 0 ]; do
    case "$1" in
    --release=*) release=${1#--release=} ;;
    --mpi) mpi=true ;;
    --) shift; example_options=("$@"); break ;;
    -*) echo "build-in-ns3-tree.sh: unknown option $1 (usage: [--release=3.37|3.43] [--mpi]" \
            "[WORKDIR] [-- OPTIONS])" >&2
        exit 2 ;;
    *) work=$1 ;;
    esac
    shift
done
if [ -z "$release" ] || [ -z "${debian_suites[$release]+set}" ]; then
    echo "build-in-ns3-tree.sh: ns-3 release '$release' is not supported; supported:" \
        "$(printf '%s\n' "${!debian_suites[@]}" | sort | tr '\n' ' ')(--release=3.43, say)" >&2
    exit 2
fi
if $mpi && [ "$release" != 3.37 ]; then
    echo "build-in-ns3-tree.sh: --mpi is checked with ns-3.37 only; drop --release=$release" >&2
    exit 2
fi
debian_suite=${debian_suites[$release]}
if ! $mpi && [ ${#example_options[@]} -gt 0 ]; then
    echo "build-in-ns3-tree.sh: options after -- are for --mpi's example runs; add --mpi" >&2
    exit 2
fi
suffix=""
if $mpi; then suffix=-mpi; fi
work=${work:-${TMPDIR:-/tmp}/sagin-ns3-tree-$release$suffix}
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

bash "$repo/scripts/install-deps.sh"
# ns-3's own build needs these besides what the standalone build uses.
extra_packages=(dpkg-dev python3 libxml2-dev)
$mpi && extra_packages+=(openmpi-bin libopenmpi-dev)
for p in "${extra_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$p"
done

mkdir -p "$work"
cd "$work"
tree="$work/ns3/ns-$release"
if [ ! -d "$tree" ]; then
    # The release's source package from its Debian suite, through a private source list and
    # package index (the system's apt configuration is left alone).
    mkdir -p apt/lists/partial source
    echo "deb-src http://deb.debian.org/debian $debian_suite main" > apt/sources.list
    apt_private=(-o Dir::Etc::sourcelist="$work/apt/sources.list" -o Dir::Etc::sourceparts=/dev/null
                 -o Dir::State::Lists="$work/apt/lists")
    apt-get "${apt_private[@]}" update -qq
    # The list holds one suite, so its ns3 is the release's.
    (cd source && apt-get "${apt_private[@]}" source --download-only -qq ns3) || {
        echo "build-in-ns3-tree.sh: could not download Debian $debian_suite's ns3 source package" \
            "(ns-$release) from deb.debian.org; see apt's message above" >&2
        exit 1
    }
    rm -rf ns3
    dpkg-source -x source/ns3_"$release"*.dsc ns3 >/dev/null
    [ -d "$tree" ] || { echo "build-in-ns3-tree.sh: the source package has no ns-$release/" >&2; exit 1; }
fi
rm -rf "$tree/contrib/sagin"
mkdir -p "$tree/contrib/sagin"
# The module's tracked files only (no build directories).
bash "$repo/scripts/list-module-files.sh" | (cd "$repo" && xargs -0 cp --parents -t "$tree/contrib/sagin")

cd "$tree"
# ns-3.37's ns3 script caps its -j at the CPU count minus one (one job on 2 cores): build
# through CMake instead.
jobs=${SAGIN_JOBS:-2}
# csma too: ns-3.37's own src/test (ns3tcp suites) needs it once internet is enabled.
if $mpi; then
    ./ns3 configure --enable-examples --enable-tests --enable-mpi --enable-modules="sagin;csma;mpi" -G Ninja
else
    ./ns3 configure --enable-examples --enable-tests --enable-modules="sagin;csma" -G Ninja
fi
cmake --build cmake-cache -j "$jobs"
status=0
if $mpi; then
    bash "$repo/scripts/compare-distributed-runs.sh" "$tree" "${example_options[@]}" || status=1
fi
suites=$(./ns3 run --no-build "test-runner --print-test-name-list" 2>/dev/null | grep "^sagin" || true)
[ -n "$suites" ] || { echo "no sagin TestSuite found in the ns-3 tree build"; exit 1; }
for suite in $suites; do
    ./test.py --no-build -s "$suite" || status=1
done
# The examples with --test, as test.py runs them from test/examples-to-run.py.
examples=$(sed -n '/^set(sagin_examples/,/^)/p' "$repo/examples/CMakeLists.txt" | grep -o 'sagin-[a-z-]*')
for example in $examples; do
    [ "$example" = sagin-distributed ] && continue # compare-distributed-runs.sh runs it
    ./ns3 run --no-build "$example --test" > /dev/null || { echo "FAIL: $example --test"; status=1; }
done
exit $status
