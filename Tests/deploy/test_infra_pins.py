"""charts/infra/versions.env is the one place the infrastructure versions are pinned: the values
files and charts that repeat a version agree with it, and every file ci/deploy.sh passes to
helm or kubectl exists (the upstream charts themselves cannot be fetched offline)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from test_chart import RENDERED, ROOT  # noqa: E402

INFRA = ROOT / "charts/infra"
DEPLOY = (ROOT / "ci/deploy.sh").read_text()


def pins() -> dict[str, str]:
    pinned = {}
    for line in (INFRA / "versions.env").read_text().splitlines():
        match = re.fullmatch(r"([A-Z_]+)=(\S+)", line.strip())
        if match:
            pinned[match[1]] = match[2]
    return pinned


PINS = pins()


def test_versions_env_pins_exact_versions():
    for name, value in PINS.items():
        if name.endswith("_VERSION"):
            assert re.fullmatch(r"v?\d+\.\d+\.\d+", value), f"{name}={value} is not an exact version"


def test_values_files_and_charts_repeat_the_pinned_versions():
    dapr = yaml.safe_load((INFRA / "dapr-values.yaml").read_text())
    assert dapr["global"]["tag"] == PINS["DAPR_VERSION"]
    dashboard = yaml.safe_load((INFRA / "dapr-dashboard-values.yaml").read_text())
    assert dashboard["image"]["tag"] == PINS["DAPR_DASHBOARD_VERSION"]
    kafka = next(o for o in RENDERED["todo-kafka"] if o["kind"] == "Kafka")
    assert kafka["spec"]["kafka"]["version"] == PINS["KAFKA_VERSION"]


def test_every_file_ci_deploy_passes_exists_and_every_infra_values_file_is_used():
    referenced = set(re.findall(r'"\$INFRA/([^"]+)"', DEPLOY))
    assert referenced, "ci/deploy.sh names no file of charts/infra"
    for name in referenced:
        assert (INFRA / name).is_file(), f"ci/deploy.sh passes charts/infra/{name}, which does not exist"
    unused = {p.name for p in INFRA.glob("*-values.yaml")} - referenced
    assert not unused, f"charts/infra values files ci/deploy.sh never installs: {sorted(unused)}"
    for chart in re.findall(r"\bcharts/(todo[a-z-]*)\b", DEPLOY):
        assert (ROOT / "charts" / chart / "Chart.yaml").is_file(), f"ci/deploy.sh installs charts/{chart}, which has no Chart.yaml"
