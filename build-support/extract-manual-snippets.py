#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Writes every ``.. code-block:: cpp`` snippet of the manual into a C++ file, each as the
body of its own function, so that the build compiles them (target sagin-manual-snippets) and a
snippet that no longer matches the API breaks the build.

Usage: extract-manual-snippets.py doc/sagin.rst <output.cc>
"""
import sys

HEADER = """// Generated from {source} by build-support/extract-manual-snippets.py; do not edit.
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-apps-module.h"
#include "ns3/internet-module.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"
#include "ns3/sagin-module.h"

#include <iostream>

using namespace ns3;
using namespace ns3::sagin;

"""


def snippets(lines):
    """Yields (line number, code) of each cpp code block."""
    i = 0
    while i < len(lines):
        directive = lines[i].strip()
        if directive in (".. code-block:: cpp", ".. code-block:: c++"):
            indent = len(lines[i]) - len(lines[i].lstrip())
            start = i + 1
            j = start
            body = []
            while j < len(lines):
                line = lines[j]
                if line.strip() and len(line) - len(line.lstrip()) <= indent:
                    break
                body.append(line)
                j += 1
            code = [l for l in body if l.strip()]
            if not code:
                raise SystemExit(f"line {i + 1}: an empty cpp code block")
            margin = min(len(l) - len(l.lstrip()) for l in code)
            yield i + 1, "\n".join(l[margin:] if l.strip() else "" for l in body).strip("\n")
            i = j
        else:
            i += 1


def main():
    source, output = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        lines = f.read().split("\n")
    parts = [HEADER.format(source=source)]
    count = 0
    for line, code in snippets(lines):
        count += 1
        body = "\n".join("    " + l if l else "" for l in code.split("\n"))
        parts.append(f"// {source}:{line}\n[[maybe_unused]] static void\nSnippetAtLine{line}()\n"
                     f"{{\n{body}\n}}\n\n")
    if count == 0:
        raise SystemExit(f"{source}: no '.. code-block:: cpp' snippet found")
    with open(output, "w", encoding="utf-8") as f:
        f.write("".join(parts))


if __name__ == "__main__":
    main()
