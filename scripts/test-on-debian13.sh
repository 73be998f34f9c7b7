#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Proves the standalone build on ns-3.43: a Debian 13 (trixie) system made with debootstrap in
# WORKDIR, Debian 13's packages installed there by scripts/install-deps.sh (libns3-dev 3.43,
# GCC 14, LibTorch 2.6, ...), then the README's test command without its sanitizer part, in
# that system. Needs root (debootstrap, chroot, mounts) and about 3 GB; the first run takes
# about 25 minutes on 2 cores, later runs are incremental. Not part of every CI run.
# Usage: bash scripts/test-on-debian13.sh [WORKDIR]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-${TMPDIR:-/tmp}/sagin-debian13}
root="$work/root"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

command -v debootstrap >/dev/null ||
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends debootstrap
if [ ! -x "$root/usr/bin/apt-get" ]; then
    $sudo debootstrap --variant=minbase trixie "$root" http://deb.debian.org/debian
fi
$sudo mountpoint -q "$root/proc" || $sudo mount -t proc proc "$root/proc"
$sudo mountpoint -q "$root/dev" || $sudo mount --bind /dev "$root/dev"
trap '$sudo umount "$root/dev" "$root/proc"' EXIT
$sudo cp /etc/resolv.conf "$root/etc/resolv.conf"

# The module's files over the previous copy, with their times (its build directory stays and
# rebuilds only what changed).
$sudo mkdir -p "$root/src/sagin"
bash "$repo/scripts/list-module-files.sh" | (cd "$repo" && $sudo xargs -0 cp -p --parents -t "$root/src/sagin")
$sudo chroot "$root" bash -c 'apt-get update -qq && cd /src/sagin &&
    SAGIN_SKIP_SANITIZED=1 bash scripts/test.sh'
