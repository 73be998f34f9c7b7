#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Builds the manual (doc/) with Sphinx as HTML; a warning is an error.
# Usage: check-manual.sh <doc directory> <output directory>
set -euo pipefail
if ! command -v sphinx-build > /dev/null; then
    echo "sphinx-build not found: install python3-sphinx (bash scripts/install-deps.sh)" >&2
    exit 1
fi
exec sphinx-build -W --keep-going -q -b html -d "$2/doctrees" "$1" "$2/html"
