"""actionlint (with shellcheck on every run script) and zizmor, offline, clean on every
workflow; shellcheck clean on the scripts the workflows call. Each linter is also shown a
workflow with known faults, so a clean result means the linter looked."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, venv_tool

SCRIPTS = ["ci/smoke.sh", "ci/rollback.sh", ".github/scripts/install-deploy-tools.sh", ".github/scripts/resolve-image.sh"]

FAULTY_WORKFLOW = textwrap.dedent(
    """\
    name: faulty
    on:
      pull_request_target:
    jobs:
      build:
        runs-on: ubuntu-24.04
        steps:
          - uses: actions/checkout@v5
            with:
              ref: ${{ github.event.pull_request.head.sha }}
          - run: echo "${{ github.event.pull_request.title }}"
          - run: echo ${{ steps.nothing.outputs.x }}
    """
)


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def require_shellcheck() -> None:
    if shutil.which("shellcheck") is None:
        pytest.fail("shellcheck is not installed (ci/test-cicd.sh installs Debian's shellcheck)")


def test_actionlint_is_clean_on_every_workflow():
    require_shellcheck()
    # Named explicitly: without arguments actionlint needs a .git directory to find them.
    workflows = sorted(str(path) for path in (ROOT / ".github" / "workflows").glob("*.y*ml"))
    assert len(workflows) == 2
    result = run([venv_tool("actionlint"), "-color=false", *workflows], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_zizmor_offline_is_clean_on_workflows_and_dependabot():
    result = run([venv_tool("zizmor"), "--offline", "--no-progress", "--color=never", "--collect=all", ".github"], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_shellcheck_is_clean_on_the_scripts_the_workflows_call():
    require_shellcheck()
    result = run(["shellcheck", "--severity=style", *SCRIPTS], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def faulty_repository(tmp_path: Path) -> Path:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "faulty.yaml").write_text(FAULTY_WORKFLOW, encoding="utf-8")
    return tmp_path


def test_actionlint_reports_a_faulty_workflow(faulty_repository: Path):
    workflow = faulty_repository / ".github" / "workflows" / "faulty.yaml"
    result = run([venv_tool("actionlint"), "-color=false", str(workflow)], faulty_repository)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "steps.nothing" in result.stdout  # an undefined step output
    assert "github.event.pull_request.title" in result.stdout  # untrusted input in a script


def test_zizmor_reports_a_faulty_workflow(faulty_repository: Path):
    result = run([venv_tool("zizmor"), "--offline", "--no-progress", "--color=never", ".github"], faulty_repository)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    for audit in ("template-injection", "unpinned-uses", "dangerous-triggers", "excessive-permissions"):
        assert audit in output, f"zizmor did not report {audit}:\n{output}"
