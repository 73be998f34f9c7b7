#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Fails when clang-format (ns-3.37's .clang-format at the root) would change any C++ file.
set -euo pipefail
clang_format=${1:-clang-format}
# The files are formatted with Debian 12's clang-format 14; other majors lay some constructs out
# differently, so the check is skipped there (exit 77: CTest's SKIP_RETURN_CODE).
major=$("$clang_format" --version | grep -o 'version [0-9]*' | grep -o '[0-9]*$' || true)
if [ "$major" != 14 ]; then
    echo "clang-format ${major:-of unknown version}, not 14: format check skipped"
    exit 77
fi
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.h' '*.cc' 2>/dev/null || find . -path ./build -prune -o \( -name '*.h' -o -name '*.cc' \) -print)
status=0
for f in "${files[@]}"; do
    if ! "$clang_format" --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "clang-format would change $f (fix: $clang_format -i $f)"
        status=1
    fi
done
echo "checked ${#files[@]} files"
exit $status
