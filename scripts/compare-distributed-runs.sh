#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The distributed comparison, in an ns-3 tree built with --enable-mpi and sagin-distributed
# (scripts/build-in-ns3-tree.sh --mpi builds one and runs this). The example (satellites and
# ground stations) runs sequentially, then on 1, 2 and 4 MPI ranks with the granted-time-window
# simulator, and on 2 and 4 with the stations placed round-robin (so that GSL frames cross
# ranks); with study A's LoS/NLoS fading keyed by link and instant, sequentially and on 2 ranks
# round-robin; without stations, sequentially and on 2 ranks with the null-message simulator
# (whose lookahead comes from point-to-point links only). Each run's packet trace (every rank's
# IPv4 events, sorted) must equal its sequential one, and each sequential run with stations must
# deliver packets. Then the bad inputs must be refused with their messages: more ranks than
# planes, a shell whose neighbouring planes' satellites meet (an ISL across ranks with
# lookahead zero), and stations across ranks under the null-message simulator, with OnAir
# interference or with fading drawn in call order. Prints each run's wall time per rank.
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

# run NAME COMMAND...: the run's trace files <out>/NAME-rank<r>.tsv, sorted into NAME.sorted;
# the options given to this script, then those in the array late, follow the command.
late=()
run() {
    local name=$1
    shift
    echo "== $name: $* ${options[*]} ${late[*]}"
    "$@" "${options[@]}" "${late[@]}" --trace="$out/$name"
    sort "$out/$name"-rank*.tsv > "$out/$name.sorted"
}

# delivers NAME: the run's trace must show deliveries, else identical traces prove nothing.
delivers() {
    local delivered
    delivered=$(grep -c LocalDeliver "$out/$1.sorted" || true)
    echo "$1 trace: $(wc -l < "$out/$1.sorted") IPv4 events, $delivered deliveries"
    if [ "$delivered" -eq 0 ]; then
        echo "the $1 run delivered nothing: identical traces would prove nothing"
        status=1
    fi
}

run sequential "$example"
delivers sequential
for ranks in 1 2 4; do
    run "granted-time-window-$ranks" "${mpirun[@]}" -np "$ranks" "$example" --distributed
done
# Station i on rank i mod R: most GSL frames cross ranks from the start.
for ranks in 2 4; do
    run "round-robin-$ranks" "${mpirun[@]}" -np "$ranks" "$example" --distributed \
        --station-placement=round-robin
done
late=(--gsl-fading=keyed)
run sequential-keyed-fading "$example"
delivers sequential-keyed-fading
run keyed-fading-round-robin-2 "${mpirun[@]}" -np 2 "$example" --distributed \
    --station-placement=round-robin
late=(--stations=0)
run sequential-no-stations "$example"
run null-message-2 "${mpirun[@]}" -np 2 "$example" --distributed --null-message
late=()
for pair in sequential:granted-time-window-1 sequential:granted-time-window-2 \
    sequential:granted-time-window-4 sequential:round-robin-2 sequential:round-robin-4 \
    sequential-keyed-fading:keyed-fading-round-robin-2 sequential-no-stations:null-message-2; do
    reference=${pair%%:*} name=${pair#*:}
    if cmp -s "$out/$reference.sorted" "$out/$name.sorted"; then
        echo "$name: identical to the $reference trace"
    else
        echo "$name: DIFFERS from the $reference trace (first differences below)"
        diff "$out/$reference.sorted" "$out/$name.sorted" | head -20 || true
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
refused null-message-stations "needs ns3::DistributedSimulatorImpl" \
    "${mpirun[@]}" -np 2 "$example" --distributed --null-message --stations=8 --trace="$out/bad"
refused on-air-interference "needs the channel's Interference FullBuffer" \
    "${mpirun[@]}" -np 2 "$example" --distributed --gsl-interference=OnAir --trace="$out/bad"
refused fading-in-call-order "whose draws do not depend on the order of the calls" \
    "${mpirun[@]}" -np 2 "$example" --distributed --gsl-fading=stream --trace="$out/bad"
refused unknown-fading "give none, keyed or stream" \
    "$example" --gsl-fading=rayleigh --trace="$out/bad"
exit $status
