"""Shared helpers of the CI/CD tests: the repository root, the workflows parsed, the tools."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"


def load_workflow(name: str) -> dict:
    with open(WORKFLOWS / name, encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    # YAML 1.1 reads the key `on` as the boolean True.
    if True in document:
        document["on"] = document.pop(True)
    return document


def venv_tool(name: str) -> str:
    """A tool of this venv (next to the running python), else from PATH."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: run ci/test-cicd.sh (it installs ci/requirements-cicd.txt)")
    return found


@pytest.fixture(scope="session")
def ci() -> dict:
    return load_workflow("ci.yaml")


@pytest.fixture(scope="session")
def cd() -> dict:
    return load_workflow("cd.yaml")


@pytest.fixture(scope="session")
def workflows() -> dict[str, dict]:
    return {path.name: load_workflow(path.name) for path in sorted(WORKFLOWS.glob("*.y*ml"))}


def todo_binary() -> Path | None:
    explicit = os.environ.get("TODO_BIN")
    candidates = [Path(explicit)] if explicit else []
    candidates.append(ROOT / ".build" / "debug" / "todo")
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None
