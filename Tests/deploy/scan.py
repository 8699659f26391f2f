"""Security scan of what is deployed: `checkov` and `trivy config` on the rendered manifests of
every values file of charts/ (and charts/infra/manifests) and on the Dockerfile. Every finding
fails the scan unless ci/deploy-scan-skips.yaml accepts it for that render with a reason, and a
skip that matches nothing any more fails too (it would hide the next finding of that check).

    python Tests/deploy/scan.py [--checkov PATH] [--trivy PATH] [--keep DIR]

The manifests are rendered with the Helm engine (render.py) and, as `helm install --namespace
todo` does when it applies them, the namespaced objects get the release namespace. checkov runs
from its own venv (it pins an old `packaging`): ci/test-deploy.sh makes .venv-checkov."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from render import render_manifests, values_from  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SKIPS = ROOT / "ci/deploy-scan-skips.yaml"
NAMESPACE = "todo"
DIGEST = "sha256:" + "0" * 63 + "1"
# What is scanned: a name (used in the skip file), a chart and its values, as ci/deploy.sh and
# docs/deploy.md install them.
RENDERS = {
    "todo": ("charts/todo", [], []),
    "todo-monolithic": ("charts/todo", ["charts/todo/values-monolithic.yaml"], []),
    "todo-oke": ("charts/todo", ["charts/todo/values-oke.yaml"], [f"image.digest={DIGEST}"]),
    "todo-kafka": ("charts/todo-kafka", [], []),
    "todo-redis": ("charts/todo-redis", [], []),
    "todo-postgres": ("charts/todo-postgres", [], []),
}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "GatewayClass",
                  "PriorityClass", "StorageClass", "PersistentVolume", "IngressClass",
                  "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"}


@dataclass(frozen=True)
class Finding:
    tool: str
    check: str
    target: str
    resource: str
    title: str


def write_render(name: str, chart: str, files: list[str], sets: list[str], directory: Path) -> int:
    manifests = render_manifests(ROOT / chart, values_from([ROOT / f for f in files], sets), namespace=NAMESPACE)
    documents = []
    for _, text in sorted(manifests.items()):
        for document in yaml.safe_load_all(text):
            if document:
                if document["kind"] not in CLUSTER_SCOPED:
                    document.setdefault("metadata", {}).setdefault("namespace", NAMESPACE)
                documents.append(document)
    (directory / f"{name}.yaml").write_text(yaml.safe_dump_all(documents, sort_keys=False))
    return len(documents)


def run_checkov(checkov: str, path: Path, framework: str) -> list[dict]:
    result = subprocess.run([checkov, "-f", str(path), "--framework", framework, "--quiet", "--compact",
                             "--skip-download", "-o", "json"], capture_output=True, text=True)
    if result.returncode not in (0, 1):  # 1: failed checks (read from the report)
        raise SystemExit(f"checkov {path}: exit {result.returncode}\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout or "{}")
    reports = report if isinstance(report, list) else [report]
    return [check for r in reports for check in r.get("results", {}).get("failed_checks", [])]


def run_trivy(trivy: str, path: Path) -> list[dict]:
    # The checks bundled with the release (offline: no check bundle is downloaded).
    result = subprocess.run([trivy, "config", "--skip-check-update", "--quiet", "--format", "json", str(path)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"trivy config {path}: exit {result.returncode}\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    return [m for r in report.get("Results", []) for m in (r.get("Misconfigurations") or []) if m.get("Status") == "FAIL"]


def load_skips() -> list[dict]:
    skips = yaml.safe_load(SKIPS.read_text()) or []
    for skip in skips:
        missing = {"tool", "check", "in", "why"} - set(skip)
        if missing or skip["tool"] not in ("checkov", "trivy") or not str(skip["why"]).strip():
            raise SystemExit(f"{SKIPS.relative_to(ROOT)}: every skip needs tool (checkov|trivy), check, in and why: {skip}")
    return skips


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkov", default=os.environ.get("TODO_CHECKOV", str(ROOT / ".venv-checkov/bin/checkov")))
    parser.add_argument("--trivy", default=os.environ.get("TODO_TRIVY", shutil.which("trivy") or "trivy"))
    parser.add_argument("--keep", type=Path, help="write the scanned manifests here")
    arguments = parser.parse_args()
    skips = load_skips()

    directory = arguments.keep or Path(tempfile.mkdtemp(prefix="todo-scan-"))
    directory.mkdir(parents=True, exist_ok=True)
    targets: dict[str, tuple[Path, str, int]] = {}
    for name, (chart, files, sets) in RENDERS.items():
        count = write_render(name, chart, files, sets, directory)
        targets[name] = (directory / f"{name}.yaml", "kubernetes", count)
    for manifest in sorted((ROOT / "charts/infra/manifests").glob("*.yaml")):
        name = f"infra-{manifest.stem}"
        shutil.copy(manifest, directory / f"{name}.yaml")
        targets[name] = (directory / f"{name}.yaml", "kubernetes", sum(1 for d in yaml.safe_load_all(manifest.read_text()) if d))
    dockerfile = directory / "Dockerfile"
    shutil.copy(ROOT / "Dockerfile", dockerfile)
    targets["Dockerfile"] = (dockerfile, "dockerfile", 1)

    findings: list[Finding] = []
    for name, (path, framework, _) in targets.items():
        for check in run_checkov(arguments.checkov, path, framework):
            findings.append(Finding("checkov", check["check_id"], name, check.get("resource", ""), check["check_name"]))
        scan_path = path if framework == "kubernetes" else path.parent / "dockerfile-only"
        if framework == "dockerfile":
            scan_path.mkdir(exist_ok=True)
            shutil.copy(path, scan_path / "Dockerfile")
        for misconfiguration in run_trivy(arguments.trivy, scan_path):
            resource = misconfiguration.get("CauseMetadata", {}).get("Resource", "") or misconfiguration.get("Message", "")
            findings.append(Finding("trivy", misconfiguration["ID"], name, resource, misconfiguration["Title"]))

    used: Counter = Counter()
    failed: list[Finding] = []
    skipped: Counter = Counter()
    for finding in findings:
        match = next((i for i, s in enumerate(skips)
                      if s["tool"] == finding.tool and s["check"] == finding.check and finding.target in s["in"]), None)
        if match is None:
            failed.append(finding)
        else:
            used[(match, finding.target)] += 1
            skipped[(finding.tool, finding.target)] += 1

    print(f"{'target':<22} {'objects':>7}  {'checkov':<22} {'trivy config':<22}")
    for name, (_, _, count) in targets.items():
        cells = []
        for tool in ("checkov", "trivy"):
            bad = sum(1 for f in failed if f.tool == tool and f.target == name)
            cells.append(f"{'FAIL ' + str(bad) if bad else 'pass'} ({skipped[(tool, name)]} skipped)")
        print(f"{name:<22} {count:>7}  {cells[0]:<22} {cells[1]:<22}")
    problems = 0
    for finding in failed:
        problems += 1
        print(f"FINDING {finding.tool} {finding.check} in {finding.target}: {finding.resource}: {finding.title}", file=sys.stderr)
    for index, skip in enumerate(skips):
        for target in skip["in"]:
            if target not in targets:
                problems += 1
                print(f"SKIP {skip['tool']} {skip['check']}: unknown target {target} (targets: {', '.join(targets)})", file=sys.stderr)
            elif not used[(index, target)]:
                problems += 1
                print(f"SKIP {skip['tool']} {skip['check']} in {target} matches nothing any more: remove it from {SKIPS.relative_to(ROOT)}", file=sys.stderr)
    if problems:
        print(f"scan: {problems} problem(s); fix the chart or the Dockerfile, or justify a skip in {SKIPS.relative_to(ROOT)}", file=sys.stderr)
        return 1
    print(f"scan: clean ({len(findings)} accepted findings, every one justified in {SKIPS.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
