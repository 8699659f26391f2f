#!/usr/bin/env python3
"""The walls between the package's targets (docs/architecture.md, "Targets").

Reads Package.swift (each target's declared dependencies) and the `import` lines of every
Swift source file of every target, and fails when
  - a file imports a module its target does not declare in Package.swift (it would compile
    only by accident, through another target's dependency), or
  - a target reaches across a wall, by a declared dependency or by an import:
      runtime  (ActorRuntime, its stores, DaprHost)  -> anything of the product
      actors   (TodoActors)                          -> HTTP or Dapr (Hummingbird*, DaprHost,
                                                        TodoHTTP, TodoGateway, the services)
      callers  (TodoHTTP, TodoGateway, the services) -> TodoActors (they use TodoContracts)
      services (audit, notify, live, frontend)       -> TodoGateway
      events   (TodoEvents)                          -> any target of this package
      binary   (todo)                                -> ActorRuntimeTesting (test actors)
Edges listed in ci/walls-allowed.txt pass (each with the reason it is still there); an entry
no edge needs any more fails too, so the list only shrinks.

Usage: ci/check-walls.py [--root DIR]   (exit 0: no violation; 1: violations, listed)
"""

import argparse
import os
import re
import sys

# Modules of the toolchain and the OS: importable without a Package.swift dependency.
SYSTEM_MODULES = {
    "Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationXML", "Dispatch",
    "Synchronization", "Testing", "XCTest", "Glibc", "Musl", "Darwin", "os", "_Concurrency",
    "Observation", "RegexBuilder", "Distributed", "CoreFoundation", "PackageDescription",
}

RUNTIME = {"ActorRuntime", "ActorStoreSQLite", "ActorStoreRedis", "DaprHost", "ActorRuntimeTesting"}
ACTORS = {"TodoActors"}
SERVICES = {"TodoAudit", "TodoNotify", "TodoLive", "TodoFrontend"}
ACTOR_CALLERS = {"TodoHTTP", "TodoGateway"} | SERVICES
HTTP_OR_DAPR = {"DaprHost", "TodoHTTP", "TodoGateway"} | SERVICES


def walls(ours):
    """(name, applies to source target, forbidden target or module) for every wall."""
    product = {name for name in ours if name not in RUNTIME and not name.startswith("C")}
    return [
        ("runtime -> product", lambda s: s in RUNTIME, lambda t: t in product),
        ("actors -> HTTP/Dapr", lambda s: s in ACTORS, lambda t: t in HTTP_OR_DAPR or t.startswith("Hummingbird")),
        ("callers -> actors (use TodoContracts)", lambda s: s in ACTOR_CALLERS, lambda t: t in ACTORS),
        ("services -> gateway", lambda s: s in SERVICES, lambda t: t == "TodoGateway"),
        ("events -> ours", lambda s: s == "TodoEvents", lambda t: t in ours and t != "TodoEvents"),
        ("shipping binary -> test actors", lambda s: s == "todo", lambda t: t == "ActorRuntimeTesting"),
    ]


def balanced(text, start):
    """The index just past the bracket that closes the one at `start`."""
    pairs = {"(": ")", "[": "]"}
    stack = []
    i = start
    in_string = False
    while i < len(text):
        c = text[i]
        if in_string:
            if c == "\\":
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in pairs:
            stack.append(pairs[c])
        elif stack and c == stack[-1]:
            stack.pop()
            if not stack:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced bracket at {start}")


def strip_comments(text):
    return re.sub(r"//[^\n]*", "", text)


def parse_package(text):
    """{target name: {"kind", "path", "sources", "deps": {name: line}}} from Package.swift."""
    text = strip_comments(text)
    targets = {}
    for match in re.finditer(r"\.(target|executableTarget|testTarget|systemLibrary)\(", text):
        end = balanced(text, match.end() - 1)
        body = text[match.end():end - 1]
        name = re.search(r'name:\s*"([^"]+)"', body).group(1)
        kind = match.group(1)
        path = re.search(r'\bpath:\s*"([^"]+)"', body)
        sources = re.search(r"\bsources:\s*\[([^\]]*)\]", body)
        deps = {}
        line = text.count("\n", 0, match.start()) + 1
        dep_match = re.search(r"\bdependencies:\s*\[", body)
        if dep_match:
            list_start = dep_match.end() - 1
            list_end = balanced(body, list_start)
            items = body[list_start + 1:list_end - 1]
            for call in re.finditer(r"\.(product|target|byName)\(", items):
                call_end = balanced(items, call.end() - 1)
                deps[re.search(r'name:\s*"([^"]+)"', items[call.end():call_end]).group(1)] = line
                items = items[:call.start()] + " " * (call_end - call.start()) + items[call_end:]
            for plain in re.finditer(r'"([^"]+)"', items):
                deps[plain.group(1)] = line
        default_root = "Tests" if kind == "testTarget" else "Sources"
        targets[name] = {
            "kind": kind,
            "path": path.group(1) if path else f"{default_root}/{name}",
            "sources": re.findall(r'"([^"]+)"', sources.group(1)) if sources else None,
            "deps": deps,
            "line": line,
        }
    return targets


IMPORT = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?([A-Za-z_][A-Za-z0-9_]*)")


def imports(root, target):
    """[(module, file, line)] of the target's Swift files."""
    base = os.path.join(root, target["path"])
    folders = [os.path.join(base, s) for s in target["sources"]] if target["sources"] else [base]
    found = []
    for folder in folders:
        for directory, _, files in os.walk(folder):
            for file in sorted(files):
                if not file.endswith(".swift"):
                    continue
                path = os.path.join(directory, file)
                with open(path, encoding="utf-8") as handle:
                    in_block_comment = False
                    for number, text in enumerate(handle, 1):
                        if "/*" in text and "*/" not in text:
                            in_block_comment = True
                        if in_block_comment:
                            in_block_comment = "*/" not in text
                            continue
                        match = IMPORT.match(text)
                        if match:
                            found.append((match.group(1), os.path.relpath(path, root), number))
    return found


def read_allowed(path):
    allowed = {}
    if not os.path.exists(path):
        return allowed
    with open(path, encoding="utf-8") as handle:
        for number, text in enumerate(handle, 1):
            text = text.split("#", 1)[0].strip()
            if not text:
                continue
            match = re.fullmatch(r"(\w+)\s*->\s*(\w+)", text)
            if not match:
                raise SystemExit(f"{path}:{number}: expected 'Source -> Target', got '{text}'")
            allowed[(match.group(1), match.group(2))] = number
    return allowed


def check(root):
    """The violations, one line each."""
    with open(os.path.join(root, "Package.swift"), encoding="utf-8") as handle:
        targets = parse_package(handle.read())
    ours = set(targets)
    rules = walls(ours)
    allowed_path = os.path.join(root, "ci", "walls-allowed.txt")
    allowed = read_allowed(allowed_path)
    used_allowances = set()
    problems = []

    def cross(source, module, where):
        for name, applies, forbidden in rules:
            if applies(source) and forbidden(module):
                if (source, module) in allowed:
                    used_allowances.add((source, module))
                else:
                    problems.append(f"{where}: {source} -> {module} crosses the wall '{name}'")

    for source, target in sorted(targets.items()):
        for dependency, line in sorted(target["deps"].items()):
            cross(source, dependency, f"Package.swift:{line}")
        if target["kind"] == "systemLibrary":
            continue
        declared = set(target["deps"])
        for module, file, line in imports(root, target):
            if module == source or module in SYSTEM_MODULES:
                continue
            if module not in declared:
                problems.append(f"{file}:{line}: {source} imports {module}, which Package.swift does not declare as its dependency")
            cross(source, module, f"{file}:{line}")
    for edge, line in sorted(allowed.items(), key=lambda item: item[1]):
        if edge not in used_allowances:
            problems.append(f"ci/walls-allowed.txt:{line}: {edge[0]} -> {edge[1]} is allowed but no longer used; remove the line")
    return problems, targets


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    arguments = parser.parse_args()
    problems, targets = check(os.path.abspath(arguments.root))
    for problem in problems:
        print(problem)
    if problems:
        print(f"check-walls: {len(problems)} violation(s) in {len(targets)} targets", file=sys.stderr)
        return 1
    print(f"check-walls: {len(targets)} targets, no import across a wall, every import declared")
    return 0


if __name__ == "__main__":
    sys.exit(main())
