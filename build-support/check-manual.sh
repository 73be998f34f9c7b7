#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Builds the manual (doc/) with Sphinx as HTML, every file read anew (-E: an incremental
# build would not repeat the warnings of files it skips); a warning is an error.
# Usage: check-manual.sh <doc directory> <output directory>
set -euo pipefail
if ! command -v sphinx-build > /dev/null; then
    echo "sphinx-build not found: install python3-sphinx (bash scripts/install-deps.sh)" >&2
    exit 1
fi
exec sphinx-build -E -W --keep-going -q -b html -d "$2/doctrees" "$1" "$2/html"
