#!/usr/bin/env python3
"""Checks the layering rule of docs/architecture.md against Package.swift.

Every non-test target must have a row in the module table, each target may depend only on
targets whose rows come before its own, and the dependency graph printed in the same page must
list exactly the dependencies Package.swift declares. Exit status 1 names every difference.
"""
import json
import re
import subprocess
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
page = (root / "docs" / "architecture.md").read_text()
description = json.loads(
    subprocess.run(
        ["swift", "package", "describe", "--type", "json"],
        cwd=root, check=True, capture_output=True, text=True,
    ).stdout
)
declared = {
    target["name"]: set(target.get("target_dependencies", []))
    for target in description["targets"]
    if target["type"] != "test"
}

order = []
for line in page.splitlines():
    if line.startswith("| `"):
        order += re.findall(r"`([^`]+)`", line.split("|")[1])
position = {name: index for index, name in enumerate(order)}

graph = {}
block = page.split("### Dependency graph", 1)[1].split("```")[1]
current = None
for line in block.splitlines():
    if "->" in line:
        current, _, rest = line.partition("->")
        current = current.strip()
        graph[current] = set()
    elif current is None or not line.startswith(" "):
        current = None
        continue
    else:
        rest = line
    rest = re.sub(r"\[[^\]]*\]|\([^)]*\)", "", rest)
    graph[current] |= {name.strip() for name in rest.split(",") if name.strip()}

problems = []
for target, dependencies in sorted(declared.items()):
    if target not in position:
        problems.append(f"{target}: no row in the module table")
        continue
    for dependency in sorted(dependencies):
        if dependency in position and position[dependency] > position[target]:
            problems.append(f"{target} depends on {dependency}, whose row comes after its own")
    if graph.get(target, set()) != dependencies:
        problems.append(
            f"{target}: the graph lists {sorted(graph.get(target, set()))},"
            f" Package.swift declares {sorted(dependencies)}"
        )
for problem in problems:
    print(f"layering: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
