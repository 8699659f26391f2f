"""ci/check-walls.py: passes on the tree, and fails on each kind of wall crossing and on an
undeclared import, each crafted in a temporary copy of the package's sources."""

import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "ci" / "check-walls.py"


def run(root):
    result = subprocess.run([sys.executable, str(SCRIPT), "--root", str(root)], capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def tree(tmp_path):
    """What the check reads: Package.swift, the allow-list and every target's sources."""
    copy = tmp_path / "package"
    copy.mkdir()
    shutil.copy(ROOT / "Package.swift", copy / "Package.swift")
    (copy / "ci").mkdir()
    shutil.copy(ROOT / "ci" / "walls-allowed.txt", copy / "ci" / "walls-allowed.txt")
    for folder in ["Sources", "actors", "Tests", "web/server"]:
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("*.py", "node_modules", "__pycache__", "*.json*", "*.yaml", "*.md"))
    return copy


def prepend_import(path, module):
    text = path.read_text()
    path.write_text(f"import {module}\n" + text)


def test_the_tree_passes():
    code, output = run(ROOT)
    print(output)
    assert code == 0, output
    assert "no import across a wall" in output


def test_a_service_importing_the_gateway_fails(tree):
    prepend_import(tree / "Sources/TodoAudit/AuditRoutes.swift", "TodoGateway")
    code, output = run(tree)
    assert code == 1
    assert "Sources/TodoAudit/AuditRoutes.swift:1: TodoAudit -> TodoGateway crosses the wall 'services -> gateway'" in output
    # Not declared either: both are reported.
    assert "TodoAudit imports TodoGateway, which Package.swift does not declare" in output


def test_a_declared_dependency_across_a_wall_fails(tree):
    package = tree / "Package.swift"
    text = package.read_text()
    changed = text.replace('"ActorRuntime", "TodoEvents", "TodoHTTP",\n', '"ActorRuntime", "TodoEvents", "TodoGateway", "TodoHTTP",\n', 1)
    assert changed != text, "TodoLive's dependency line moved; update the test"
    package.write_text(changed)
    code, output = run(tree)
    assert code == 1
    assert re.search(r"Package\.swift:\d+: TodoLive -> TodoGateway crosses the wall 'services -> gateway'", output), output


# (file, module imported at its top, a line the check must print)
CROSSINGS = [
    ("Sources/ActorRuntime/GroupCommit.swift", "TodoModel", "ActorRuntime -> TodoModel crosses the wall 'runtime -> product'"),
    ("actors/TaskActor.swift", "Hummingbird", "actors/TaskActor.swift:1: TodoActors -> Hummingbird crosses the wall 'actors -> HTTP/Dapr'"),
    ("Sources/TodoNotify/NotificationRoutes.swift", "TodoActors", "TodoNotify -> TodoActors crosses the wall 'callers -> actors (use TodoContracts)'"),
    ("Sources/TodoEvents/EventSchema.swift", "TodoLanguage", "TodoEvents -> TodoLanguage crosses the wall 'events -> ours'"),
    ("Sources/todo/Bench/RuntimeBench.swift", "ActorRuntimeTesting", "todo -> ActorRuntimeTesting crosses the wall 'shipping binary -> test actors'"),
    # PostgresNIO is in the graph (TodoAudit) but not a dependency of TodoLive.
    ("Sources/TodoLive/LiveHub.swift", "PostgresNIO", "Sources/TodoLive/LiveHub.swift:1: TodoLive imports PostgresNIO, which Package.swift does not declare as its dependency"),
]


@pytest.mark.parametrize("file,module,expected", CROSSINGS, ids=[f"{m}-in-{f.split('/')[-1]}" for f, m, _ in CROSSINGS])
def test_an_import_across_a_wall_or_undeclared_fails(tree, file, module, expected):
    prepend_import(tree / file, module)
    code, output = run(tree)
    assert code == 1
    assert expected in output, output


def test_a_stale_allowance_fails(tree):
    allowed = tree / "ci" / "walls-allowed.txt"
    allowed.write_text(allowed.read_text() + "TodoLive -> TodoGateway\n")
    code, output = run(tree)
    assert code == 1
    assert "TodoLive -> TodoGateway is allowed but no longer used" in output
