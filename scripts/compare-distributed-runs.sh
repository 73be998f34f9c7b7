#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The distributed comparison, in an ns-3 tree built with --enable-mpi and sagin-distributed
# (scripts/build-in-ns3-tree.sh --mpi builds one and runs this): the example sequentially, then
# on 1, 2 and 4 MPI ranks with the granted-time-window simulator and on 2 with the null-message
# one; each run's packet trace (every rank's IPv4 events, sorted) must equal the sequential
# one. Then the bad inputs: more ranks than planes, and a shell whose neighbouring planes'
# satellites meet (an ISL across ranks with lookahead zero), must be refused with their
# messages. Prints each run's wall time per rank.
# Usage: bash scripts/compare-distributed-runs.sh NS3_TREE [EXAMPLE OPTIONS...]
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: compare-distributed-runs.sh NS3_TREE [EXAMPLE OPTIONS...]" >&2; exit 2; }
tree=$1
shift
options=("$@")
examples=("$tree"/build/contrib/sagin/examples/ns3*-sagin-distributed*)
example=${examples[0]}
[ -x "$example" ] || { echo "no sagin-distributed in $tree: build it with build-in-ns3-tree.sh --mpi" >&2; exit 1; }
# Four ranks on a two-core machine need --oversubscribe; root needs --allow-run-as-root.
mpirun=(mpirun --oversubscribe)
[ "$(id -u)" -ne 0 ] || mpirun+=(--allow-run-as-root)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0

# run NAME COMMAND...: the run's trace files <out>/NAME-rank<r>.tsv, sorted into NAME.sorted.
run() {
    local name=$1
    shift
    echo "== $name: $*"
    "$@" "${options[@]}" --trace="$out/$name"
    sort "$out/$name"-rank*.tsv > "$out/$name.sorted"
}

run sequential "$example"
echo "sequential trace: $(wc -l < "$out/sequential.sorted") IPv4 events"
for ranks in 1 2 4; do
    run "granted-time-window-$ranks" "${mpirun[@]}" -np "$ranks" "$example" --distributed
done
run null-message-2 "${mpirun[@]}" -np 2 "$example" --distributed --null-message
for name in granted-time-window-1 granted-time-window-2 granted-time-window-4 null-message-2; do
    if cmp -s "$out/sequential.sorted" "$out/$name.sorted"; then
        echo "$name: identical to the sequential trace"
    else
        echo "$name: DIFFERS from the sequential trace (first differences below)"
        diff "$out/sequential.sorted" "$out/$name.sorted" | head -20 || true
        status=1
    fi
done

# refused NAME MESSAGE COMMAND...: the run must fail and say MESSAGE.
refused() {
    local name=$1 message=$2
    shift 2
    if "$@" > "$out/$name.log" 2>&1; then
        echo "$name: NOT refused"
        status=1
    elif grep -q -- "$message" "$out/$name.log"; then
        echo "$name: refused: $(grep -m1 -- "$message" "$out/$name.log")"
    else
        echo "$name: failed without '$message':"
        cat "$out/$name.log"
        status=1
    fi
}
refused more-ranks-than-planes "4 ranks (SetRanks) but 3 orbital planes" \
    "${mpirun[@]}" -np 4 "$example" --distributed --planes=3 --sats-per-plane=4 --trace="$out/bad"
# Polar planes with phasing 0: the satellites of one slot reach the pole together.
refused lookahead-zero "lookahead zero" \
    "${mpirun[@]}" -np 2 "$example" --distributed --inclination-deg=90 --phasing=0 --trace="$out/bad"
exit $status
