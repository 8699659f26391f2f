"""Invariants of .github/workflows that a reviewer would otherwise check by eye: least
privilege, pinned actions, both architectures, deploy by digest, rollback, one deploy at a
time, no secrets for pull requests, no expression expansion inside shell scripts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, WORKFLOWS

PINNED_USES = re.compile(
    r"^\s*(?:-\s*)?uses:\s*(?P<action>[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+)@(?P<sha>[0-9a-f]{40})\s+#\s*(?P<version>v\d+\.\d+\.\d+)\s*$"
)
ANY_USES = re.compile(r"^\s*(?:-\s*)?uses:\s*(?P<value>\S+)")

# The only write scopes any job may hold, and which job holds them.
ALLOWED_WRITES = {
    ("ci.yaml", "image"): {"packages"},
    ("ci.yaml", "manifest"): {"packages", "id-token", "attestations"},
}


def all_jobs(workflows):
    for name, workflow in workflows.items():
        for job_id, job in workflow["jobs"].items():
            yield name, job_id, job


def all_steps(workflows):
    for name, job_id, job in all_jobs(workflows):
        for index, step in enumerate(job.get("steps", [])):
            yield name, job_id, index, step


def test_both_workflows_exist(workflows):
    assert {"ci.yaml", "cd.yaml"} <= set(workflows)


def test_workflow_default_permissions_are_none(workflows):
    for name, workflow in workflows.items():
        assert workflow.get("permissions") == {}, f"{name}: top-level permissions must be {{}}"


def test_every_job_declares_least_privilege_permissions(workflows):
    for name, job_id, job in all_jobs(workflows):
        assert "permissions" in job, f"{name}/{job_id} has no permissions block"
        permissions = job["permissions"]
        assert isinstance(permissions, dict), f"{name}/{job_id}: permissions must be a map, not {permissions!r}"
        writes = {scope for scope, level in permissions.items() if level == "write"}
        allowed = ALLOWED_WRITES.get((name, job_id), set())
        assert writes <= allowed, f"{name}/{job_id} writes {sorted(writes - allowed)} it does not need"
        for scope, level in permissions.items():
            assert level in {"read", "write", "none"}, f"{name}/{job_id}: {scope}: {level}"


def test_every_uses_is_pinned_to_a_full_sha_with_a_version_comment():
    pinned: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(WORKFLOWS.glob("*.y*ml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not ANY_USES.match(line):
                continue
            match = PINNED_USES.match(line)
            assert match, f"{path.name}:{number}: not pinned to a 40-hex SHA with '# vX.Y.Z': {line.strip()}"
            repository = "/".join(match["action"].split("/")[:2])
            pinned.setdefault(repository, set()).add((match["sha"], match["version"]))
    assert pinned, "no uses: found at all"
    for repository, pins in pinned.items():
        assert len(pins) == 1, f"{repository} is pinned to different commits: {sorted(pins)}"


MIRRORS = Path("/work/.mirror")


@pytest.mark.skipif(not MIRRORS.is_dir(), reason="no fetched action mirrors on this machine (only where the pins were taken)")
def test_pinned_shas_are_the_commits_of_their_version_tags():
    checked = 0
    for path in sorted(WORKFLOWS.glob("*.y*ml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = PINNED_USES.match(line)
            if not match:
                continue
            owner, name = match["action"].split("/")[:2]
            git_dir = MIRRORS / f"{owner}+{name}" / "repo"
            if not git_dir.is_dir():
                continue
            commit = subprocess.run(
                ["git", "--git-dir", str(git_dir), "rev-parse", f"{match['version']}^{{commit}}"],
                capture_output=True, text=True, check=True,
            ).stdout.strip()
            assert commit == match["sha"], f"{owner}/{name}: {match['version']} is {commit}, pinned {match['sha']}"
            checked += 1
    if checked == 0:
        # /work/.mirror can hold other fetched repositories (chart sources) but no action's.
        pytest.skip("none of the pinned actions has a fetched mirror on this machine")


def test_no_expression_is_expanded_inside_a_run_script(workflows):
    # ${{ … }} in `run:` is pasted into the script before bash sees it: script injection.
    # Every value reaches scripts through env instead.
    for name, job_id, index, step in all_steps(workflows):
        script = step.get("run")
        if script is None:
            continue
        assert "${{" not in script, f"{name}/{job_id} step {index} ({step.get('name')}) expands an expression in run"


def test_event_fields_reach_scripts_only_through_env(workflows):
    for name, job_id, index, step in all_steps(workflows):
        for key, value in step.items():
            if key in {"env", "with", "if", "name", "id", "uses"}:
                continue
            text = yaml.safe_dump(value)
            assert "github.event." not in text, f"{name}/{job_id} step {index}: github.event.* in {key}"


def test_no_privileged_triggers(workflows):
    for name, workflow in workflows.items():
        triggers = workflow["on"]
        keys = set(triggers) if isinstance(triggers, dict) else set(triggers if isinstance(triggers, list) else [triggers])
        assert not keys & {"pull_request_target", "workflow_run"}, f"{name} uses a privileged trigger: {keys}"


def test_pull_requests_never_reach_secrets_or_write_scopes(ci):
    assert "pull_request" in ci["on"]
    for job_id, job in ci["jobs"].items():
        uses_secrets = "secrets." in yaml.safe_dump(job)
        writes = any(level == "write" for level in job["permissions"].values())
        if uses_secrets or writes:
            assert job.get("if") == "github.event_name == 'push'", f"ci.yaml/{job_id} would run for pull requests"
    assert ci["jobs"]["manifest"]["needs"] == ["image"]
    assert set(ci["jobs"]["image"]["needs"]) == {"test", "chart"}, "no image without passing tests"


def test_checkout_never_persists_credentials(workflows):
    for name, job_id, index, step in all_steps(workflows):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, f"{name}/{job_id} step {index}"


def test_every_job_has_a_timeout(workflows):
    for name, job_id, job in all_jobs(workflows):
        assert isinstance(job.get("timeout-minutes"), int), f"{name}/{job_id} has no timeout-minutes"


def test_ci_runs_the_test_script_on_ubuntu_2404_with_the_swiftpm_cache(ci):
    test = ci["jobs"]["test"]
    assert test["runs-on"] == "ubuntu-24.04"
    runs = [step.get("run", "") for step in test["steps"]]
    assert "bash ci/test.sh" in runs
    cache_steps = [step for step in test["steps"] if step.get("uses", "").startswith("actions/cache/")]
    assert {step["uses"].split("@")[0] for step in cache_steps} == {"actions/cache/restore", "actions/cache/save"}
    for step in cache_steps:
        assert step["with"]["path"] == ".build"
        assert "hashFiles('Package.swift')" in step["with"]["key"]
    save = next(step for step in cache_steps if step["uses"].startswith("actions/cache/save"))
    assert "refs/heads/main" in save["if"], "only main may write the cache"


def test_ci_validates_the_chart_with_the_deploy_test_script(ci):
    chart = ci["jobs"]["chart"]
    assert any(step.get("run") == "bash ci/test-deploy.sh" for step in chart["steps"])


def test_image_is_built_natively_for_both_architectures_and_pushed_by_digest(ci):
    image = ci["jobs"]["image"]
    include = image["strategy"]["matrix"]["include"]
    runners = {entry["platform"]: entry["runner"] for entry in include}
    assert runners["linux/amd64"] == "ubuntu-24.04"
    assert "'ubuntu-24.04-arm'" in runners["linux/arm64"]
    assert image["runs-on"] == "${{ matrix.runner }}"
    build = next(step for step in image["steps"] if step.get("uses", "").startswith("docker/build-push-action@"))
    assert build["with"]["platforms"] == "${{ matrix.platform }}"
    assert "push-by-digest=true" in build["with"]["outputs"]
    assert build["with"]["sbom"] is True
    assert build["with"]["provenance"] == "mode=max"
    qemu = next(step for step in image["steps"] if step.get("uses", "").startswith("docker/setup-qemu-action@"))
    assert "runner.arch != 'ARM64'" in qemu["if"], "QEMU only as a fallback"


def test_manifest_list_is_tagged_attested_and_signed_by_digest(ci):
    manifest = ci["jobs"]["manifest"]
    steps = manifest["steps"]
    meta = next(step for step in steps if step.get("uses", "").startswith("docker/metadata-action@"))
    tags = meta["with"]["tags"]
    for rule in ("type=sha,prefix=sha-", "type=ref,event=branch", "type=semver,pattern={{version}}"):
        assert rule in tags
    merge = next(step for step in steps if step.get("id") == "merge")
    assert "docker buildx imagetools create" in merge["run"]
    attest = next(step for step in steps if step.get("uses", "").startswith("actions/attest-build-provenance@"))
    assert attest["with"]["subject-digest"] == "${{ steps.merge.outputs.digest }}"
    sign = next(step for step in steps if "cosign sign" in step.get("run", ""))
    assert '"$IMAGE@$DIGEST"' in sign["run"], "sign the digest, never a tag"
    assert manifest["permissions"]["id-token"] == "write"


def test_cd_runs_on_release_tags_and_dispatch_in_the_production_environment(cd):
    assert set(cd["on"]) == {"push", "workflow_dispatch"}
    assert cd["on"]["push"]["tags"] == ["v[0-9]+.[0-9]+.[0-9]+"]
    deploy = cd["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "production"
    secret_names = {value for value in deploy["env"].values() if "secrets." in str(value)}
    assert len(secret_names) == 6


def test_cd_allows_one_deploy_at_a_time(cd):
    for holder in (cd, cd["jobs"]["deploy"]):
        assert holder["concurrency"]["group"]
        assert holder["concurrency"]["cancel-in-progress"] is False


def test_cd_deploys_the_verified_digest(cd):
    resolve = cd["jobs"]["resolve"]
    step = next(step for step in resolve["steps"] if step.get("id") == "resolve")
    assert ".github/scripts/resolve-image.sh" in step["run"]
    deploy = cd["jobs"]["deploy"]
    assert deploy["env"]["IMAGE_REF"] == "${{ needs.resolve.outputs.image-ref }}"
    deploy_step = next(step for step in deploy["steps"] if step.get("id") == "deploy")
    assert "ci/deploy.sh" in deploy_step["run"] and '--image "$IMAGE_REF"' in deploy_step["run"]
    script = (ROOT / ".github/scripts/resolve-image.sh").read_text(encoding="utf-8")
    assert 'reference="$image@$digest"' in script and "cosign verify" in script


def test_cd_waits_for_rollouts_smoke_tests_and_rolls_back_on_failure(cd):
    steps = cd["jobs"]["deploy"]["steps"]
    names = [step.get("name", "") for step in steps]
    order = [
        next(i for i, step in enumerate(steps) if step.get("id") == "deploy"),
        next(i for i, step in enumerate(steps) if "rollout status" in step.get("run", "")),
        next(i for i, step in enumerate(steps) if "ci/smoke.sh" in step.get("run", "")),
        next(i for i, step in enumerate(steps) if step.get("id") == "rollback"),
    ]
    assert order == sorted(order), names
    rollback = steps[order[3]]
    assert rollback["if"].startswith("failure()")
    assert "ci/rollback.sh" in rollback["run"] and '--revision "$REVISION"' in rollback["run"]
    summary = steps[-1]
    assert summary["if"] == "always()" and "GITHUB_STEP_SUMMARY" in summary["run"]


def test_dependabot_watches_actions_and_base_images():
    config = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {update["package-ecosystem"]: update for update in config["updates"]}
    assert {"github-actions", "docker", "pip"} <= set(ecosystems)
    for update in ecosystems.values():
        assert update["directory"] in {"/", "/.github"}
        assert update["cooldown"]["default-days"] >= 1


def test_oci_cli_is_installed_from_a_hash_locked_file():
    lock = (ROOT / ".github/requirements-oci-cli.txt").read_text(encoding="utf-8")
    requirements = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", lock, flags=re.MULTILINE)
    assert ("oci-cli", "3.95.1") in requirements
    blocks = re.split(r"^(?=[A-Za-z0-9_.-]+==)", lock, flags=re.MULTILINE)[1:]
    assert len(blocks) == len(requirements) > 10
    for block in blocks:
        assert "--hash=sha256:" in block, f"no hash for {block.splitlines()[0]}"
    script = (ROOT / ".github/scripts/install-deploy-tools.sh").read_text(encoding="utf-8")
    assert "--require-hashes --no-deps" in script and "requirements-oci-cli.txt" in script
