"""The CD workflow's own deploy and rollback steps, run here as written in cd.yaml, with the
real ci/deploy.sh and ci/rollback.sh in --dry-run mode (no cluster): the image goes in by
digest, every command is printed, the chart renders with the production values, and the
step turns the script's PUBLIC_URL line into the environment URL."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

DEPLOY = ROOT / "ci" / "deploy.sh"
DIGEST = "sha256:" + "c0" * 32
IMAGE_REF = f"ghcr.io/acme/todo@{DIGEST}"


def step(cd: dict, step_id: str) -> dict:
    return next(s for s in cd["jobs"]["deploy"]["steps"] if s.get("id") == step_id)


def python_with_helm_engine() -> str | None:
    for candidate in (os.environ.get("TODO_DEPLOY_PYTHON"), str(ROOT / ".venv-deploy" / "bin" / "python")):
        if candidate and Path(candidate).exists():
            probe = subprocess.run([candidate, "-c", "import helm_python"], capture_output=True)
            if probe.returncode == 0:
                return candidate
    return None


def run_step(script: str, tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess, str]:
    output = tmp_path / "github-output"
    output.write_text("")
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(output), **env},
    )
    return result, output.read_text()


def deploy_env(cd: dict) -> dict[str, str]:
    values = cd["jobs"]["deploy"]["env"]["VALUES_FILE"].split("'")[1]  # the default of the expression
    return {"IMAGE_REF": IMAGE_REF, "VALUES_FILE": values, "NAMESPACE": "todo", "RELEASE": "todo",
            "SKIP_INFRA": "false", "WITH_MONITORING": "false"}


@pytest.fixture
def deploy_script():
    if not DEPLOY.exists():
        pytest.skip("ci/deploy.sh is not in this tree yet (deploy branch): runs once both branches are merged")
    python = python_with_helm_engine()
    if python is None:
        pytest.skip("no venv with helm-python-sdk: ci/test-deploy.sh makes .venv-deploy (run it first)")
    return python


def test_the_workflow_deploy_step_runs_against_the_dry_run(cd, deploy_script, tmp_path):
    script = step(cd, "deploy")["run"]
    assert script.count('ci/deploy.sh "${args[@]}"') == 1
    dry_script = script.replace('ci/deploy.sh "${args[@]}"', 'ci/deploy.sh --dry-run "${args[@]}"')
    env = deploy_env(cd)
    assert (ROOT / env["VALUES_FILE"]).exists(), f"cd.yaml deploys with {env['VALUES_FILE']}, which is not in the tree"
    result, github_output = run_step(dry_script, tmp_path, TODO_DEPLOY_PYTHON=deploy_script, **env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert github_output == "url=http://dry-run.invalid\n"
    log = (tmp_path / "deploy.log").read_text()
    commands = [line for line in log.splitlines() if line.startswith("+ ")]
    app = [line for line in commands if line.startswith("+ helm upgrade --install todo charts/todo ")]
    assert len(app) == 1, commands
    assert f"image.digest={DIGEST}" in app[0] and "image.repository=ghcr.io/acme/todo" in app[0]
    assert f"-f {env['VALUES_FILE']}" in app[0]
    # Operators and infrastructure first, the app after them.
    assert commands.index(app[0]) > 0
    assert all("helm upgrade --install todo charts/todo" not in line for line in commands[: commands.index(app[0])])


def test_skip_infra_leaves_only_the_app(cd, deploy_script, tmp_path):
    dry_script = step(cd, "deploy")["run"].replace('ci/deploy.sh "${args[@]}"', 'ci/deploy.sh --dry-run "${args[@]}"')
    env = {**deploy_env(cd), "SKIP_INFRA": "true"}
    result, _ = run_step(dry_script, tmp_path, TODO_DEPLOY_PYTHON=deploy_script, **env)
    assert result.returncode == 0, result.stderr[-3000:]
    helm = [line for line in (tmp_path / "deploy.log").read_text().splitlines() if line.startswith("+ helm ")]
    assert helm and all(" todo charts/todo " in line for line in helm), helm


def test_deploy_refuses_an_image_without_digest(cd, deploy_script, tmp_path):
    dry_script = step(cd, "deploy")["run"].replace('ci/deploy.sh "${args[@]}"', 'ci/deploy.sh --dry-run "${args[@]}"')
    env = {**deploy_env(cd), "IMAGE_REF": "ghcr.io/acme/todo:1.4.0"}
    result, github_output = run_step(dry_script, tmp_path, TODO_DEPLOY_PYTHON=deploy_script, **env)
    assert result.returncode != 0
    assert github_output == ""


def test_the_workflow_rollback_step_runs_against_the_dry_run(cd, tmp_path):
    script = step(cd, "rollback")["run"]
    assert script.count("ci/rollback.sh ") == 1
    dry_script = script.replace("ci/rollback.sh ", "ci/rollback.sh --dry-run ")
    result, _ = run_step(dry_script, tmp_path, RELEASE="todo", NAMESPACE="todo", REVISION="12", PUBLIC_URL="")
    assert result.returncode == 0, result.stderr
    assert "+ helm rollback todo 12 --namespace todo --wait --timeout 10m --cleanup-on-fail" in result.stdout
