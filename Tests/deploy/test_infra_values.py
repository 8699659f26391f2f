"""charts/infra's Loki and Alloy values, checked offline (no Helm repository is reachable):
every key path we set exists in the pinned chart's values.yaml (key lists in
Tests/deploy/upstream/, extracted from the upstream chart source with upstream_keys.py; the
chart versions are versions.env's), and Alloy's configuration (Alloy syntax) is well formed:
balanced blocks outside strings and comments, the components the pipeline needs, and every
component reference resolves to a component the file defines."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from upstream_keys import load_keys, unknown_paths  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "charts/infra"
UPSTREAM = Path(__file__).parent / "upstream"


def pinned_versions() -> dict[str, str]:
    versions = {}
    for line in (INFRA / "versions.env").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            name, _, value = line.partition("=")
            versions[name.strip()] = value.strip()
    return versions


CHARTS = {
    # values file: (chart, versions.env variable)
    "loki-values.yaml": ("loki", "LOKI_VERSION"),
    "alloy-values.yaml": ("alloy", "ALLOY_VERSION"),
}


@pytest.mark.parametrize("values_file", CHARTS)
def test_every_key_we_set_exists_in_the_pinned_chart(values_file):
    chart, variable = CHARTS[values_file]
    version = pinned_versions()[variable]
    key_file = UPSTREAM / f"{chart}-{version}.keys"
    assert key_file.is_file(), f"no key list for {chart} {version} (versions.env {variable}): extract it with Tests/deploy/upstream_keys.py"
    header, keys = load_keys(key_file)
    assert header["chart"] == chart and header["version"] == version, header
    assert len(keys) > 100, len(keys)
    ours = yaml.safe_load((INFRA / values_file).read_text())
    assert unknown_paths(ours, keys) == [], f"{values_file}: keys the {chart} chart {version} does not have"


def test_the_key_check_refuses_what_the_chart_would_ignore():
    _, keys = load_keys(UPSTREAM / f"loki-{pinned_versions()['LOKI_VERSION']}.keys")
    # Loki 18's monolithic pod is still configured under singleBinary; `monolithic:` is ignored.
    assert unknown_paths({"monolithic": {"replicas": 1}}, keys) == ["monolithic"]
    assert unknown_paths({"singleBinary": {"persistence": {"sizee": "1Gi"}}}, keys) == ["singleBinary.persistence.sizee"]
    # Loki's own config sections pass through whole: their keys are Loki's, not the chart's.
    assert unknown_paths({"loki": {"limits_config": {"retention_period": "1h"}}}, keys) == []


def test_loki_runs_monolithic_on_a_filesystem_with_one_replica():
    values = yaml.safe_load((INFRA / "loki-values.yaml").read_text())
    assert values["deploymentMode"] == "Monolithic"
    assert values["singleBinary"]["replicas"] == 1 and values["singleBinary"]["persistence"]["enabled"] is True
    # Filesystem storage allows one replica and no scalable targets (the chart's validate.yaml).
    assert values["loki"]["storage"]["type"] == "filesystem"
    assert all(values[target]["replicas"] == 0 for target in ("read", "write", "backend"))


# -- Alloy's configuration -----------------------------------------------------------------

def alloy_config() -> str:
    return yaml.safe_load((INFRA / "alloy-values.yaml").read_text())["alloy"]["configMap"]["content"]


def code_only(text: str, keep_strings: bool = False) -> str:
    """The text with comments removed and string contents blanked (quotes kept, or the whole
    string with `keep_strings`), so braces in strings or comments do not count; raises on an
    unterminated string or comment."""
    out = []
    i = 0
    while i < len(text):
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            assert end >= 0, "unterminated block comment"
            i = end + 2
        elif text[i] in "\"`":
            quote = text[i]
            j = i + 1
            while j < len(text) and text[j] != quote:
                if quote == '"' and text[j] == "\\":
                    j += 1
                assert quote == "`" or text[j] != "\n", f"unterminated string at {i}"
                j += 1
            assert j < len(text), f"unterminated string at {i}"
            out.append(text[i:j + 1] if keep_strings else quote + quote)
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def test_alloy_config_has_balanced_blocks():
    code = code_only(alloy_config())
    stack = []
    pairs = {"}": "{", "]": "[", ")": "("}
    for position, char in enumerate(code):
        if char in "{[(":
            stack.append((char, position))
        elif char in pairs:
            assert stack and stack[-1][0] == pairs[char], f"unbalanced {char!r} at {position}: {code[max(0, position - 80):position + 1]}"
            stack.pop()
    assert not stack, f"unclosed {stack}"
    assert code_only('a = "{" // }\n') == 'a = "" \n'


BLOCK = re.compile(r'([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*(?:"([^"]*)")?\s*\{')
REFERENCE = re.compile(r"\b((?:discovery|loki|otelcol|prometheus|local|remote)\.[a-z0-9_.]+)\.(receiver|input|output|targets|exports)\b")


def components(config: str) -> set[str]:
    """`<name>.<label>` of every top-level (labelled) block."""
    code = comments_removed(config)
    found = set()
    depth = 0
    position = 0
    while position < len(code):
        at_token = position == 0 or not (code[position - 1].isalnum() or code[position - 1] in "_.")
        if depth == 0 and at_token:
            match = BLOCK.match(code, position)
            if match and match.group(2) is not None:
                found.add(f"{match.group(1)}.{match.group(2)}")
        if code[position] == "{":
            depth += 1
        elif code[position] == "}":
            depth -= 1
        position += 1
    return found


def comments_removed(text: str) -> str:
    return code_only(text, keep_strings=True)


def test_alloy_config_has_the_pipeline_and_every_reference_resolves():
    config = alloy_config()
    defined = components(config)
    for needed in ["discovery.kubernetes.pods", "loki.source.kubernetes.pods", "loki.write.default",
                   "otelcol.receiver.otlp.default", "otelcol.exporter.otlp.traces"]:
        assert needed in defined, (needed, sorted(defined))
    references = {name for name, _ in REFERENCE.findall(comments_removed(config))}
    assert references, "no component references"
    assert references <= defined, f"references to components the config does not define: {sorted(references - defined)}"
    # Every component but the sources (which push to others) is read by another: no component
    # whose output goes nowhere, no sink nothing writes to.
    sources = {name for name in defined if name.startswith(("loki.source.", "otelcol.receiver."))}
    assert defined - sources <= references, sorted(defined - sources - references)
    # The checks see a dangling reference.
    broken = 'loki.source.kubernetes "a" {\n  forward_to = [loki.write.missing.receiver] // "}"\n}\n'
    assert components(broken) == {"loki.source.kubernetes.a"}
    assert {name for name, _ in REFERENCE.findall(comments_removed(broken))} == {"loki.write.missing"}


def test_alloy_receives_otlp_on_the_ports_the_apps_and_sidecars_use_and_ships_to_loki():
    values = yaml.safe_load((INFRA / "alloy-values.yaml").read_text())
    ports = {port["port"] for port in values["alloy"]["extraPorts"]}
    config = comments_removed(alloy_config())
    assert {4317, 4318} <= ports
    assert '"0.0.0.0:4317"' in config and '"0.0.0.0:4318"' in config
    # The todo chart's default endpoint (docs/operations.md) is Alloy's OTLP/HTTP port.
    todo_values = (ROOT / "charts/todo/values.yaml").read_text()
    assert ":4318" in todo_values
    # The Loki chart's Service for release "loki" in "monitoring" listens on 3100.
    assert re.search(r'url\s*=\s*"http://loki\.monitoring\.svc:3100/loki/api/v1/push"', config)
