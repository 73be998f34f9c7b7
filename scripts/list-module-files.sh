#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The module's files (tracked or new, not ignored, and present), NUL-separated, relative to the
# repository root: what the scripts copy into an ns-3 tree or a Debian 13 system.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    if [ -e "$f" ]; then printf '%s\0' "$f"; fi
done
