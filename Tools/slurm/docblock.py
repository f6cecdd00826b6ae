#!/usr/bin/env python3
"""Prints one fenced block of a Markdown document, found by the marker before its fence.

    python3 Tools/slurm/docblock.py Documentation/ScaleOut.md slurm:submit

prints the block that follows the line `<!-- slurm: submit -->` (blank lines between the
marker and the fence are allowed), so that a test runs what the document prints instead
of a copy. Fails (exit 1, saying why) when the marker is missing, given twice, or not
followed by a fence.

    python3 Tools/slurm/docblock.py --files Documentation/ScaleOut.md

checks that every block marked with a repository path (`<!-- slurm: Deploy/slurm/x -->`)
holds exactly that file's text, so that the document and the files cannot drift apart.
"""
import os
import re
import sys

MARKER = re.compile(r"^<!--\s*([a-z]+):\s*(\S+)\s*-->\s*$")


def blocks(path):
    """Every marked block of the document: {(kind, name): (line, text)}, or exits on a fault."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    found = {}
    i = 0
    while i < len(lines):
        m = MARKER.match(lines[i])
        if not m:
            i += 1
            continue
        key, at = (m.group(1), m.group(2)), i + 1
        j = i + 1
        while j < len(lines) and lines[j].strip() == "":
            j += 1
        fence = re.match(r"^(```+|~~~+)", lines[j]) if j < len(lines) else None
        if not fence:
            fail(f"{path}:{at}: the marker '{key[0]}: {key[1]}' is not followed by a fenced block")
        end = j + 1
        while end < len(lines) and not lines[end].startswith(fence.group(1)):
            end += 1
        if end == len(lines):
            fail(f"{path}:{j + 1}: the block after '{key[0]}: {key[1]}' is never closed")
        if key in found:
            fail(f"{path}:{at}: the marker '{key[0]}: {key[1]}' is given twice (first on line {found[key][0]})")
        found[key] = (at, "\n".join(lines[j + 1:end]) + "\n")
        i = end + 1
    return found


def fail(message):
    print(f"docblock: {message}", file=sys.stderr)
    sys.exit(1)


def main(argv):
    if len(argv) == 3 and argv[1] == "--files":
        doc = argv[2]
        root = os.path.dirname(os.path.dirname(os.path.abspath(doc)))
        checked = 0
        for (kind, name), (line, text) in sorted(blocks(doc).items()):
            if "/" not in name:
                continue
            file = os.path.join(root, name)
            if not os.path.isfile(file):
                fail(f"{doc}:{line}: the block marked '{kind}: {name}' names a file that does not exist")
            with open(file, encoding="utf-8") as f:
                if f.read() != text:
                    fail(f"{doc}:{line}: the block marked '{kind}: {name}' differs from the file {name}")
            checked += 1
        if checked == 0:
            fail(f"{doc}: no block is marked with a file's path")
        print(f"{doc}: {checked} blocks equal their files")
        return
    if len(argv) != 3 or ":" not in argv[2]:
        print("usage: docblock.py DOCUMENT KIND:NAME | docblock.py --files DOCUMENT", file=sys.stderr)
        sys.exit(64)
    kind, name = argv[2].split(":", 1)
    found = blocks(argv[1])
    if (kind, name) not in found:
        names = ", ".join(f"{k}:{n}" for k, n in sorted(found)) or "none"
        fail(f"{argv[1]}: no block is marked '<!-- {kind}: {name} -->' (marked: {names})")
    sys.stdout.write(found[(kind, name)][1])


if __name__ == "__main__":
    main(sys.argv)
