"""The key paths of an upstream Helm chart's values.yaml, for checking our values files offline
(no Helm repository is reachable from CI). One line per path: `<dotted.path> <kind>`, kind
`map` (keys known), `open` (its keys are free: an empty map, or a map the chart's templates
pass through whole with `toYaml`, e.g. Loki's `limits_config`), `list` or `value`. Lists and
open maps end the check: what is inside them is the chart's user data.

    python Tests/deploy/upstream_keys.py extract <chart dir> --chart loki --version 18.0.0 \\
        --source "grafana-community/helm-charts tag loki-18.0.0, charts/loki" > Tests/deploy/upstream/loki-18.0.0.keys
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml


def key_paths(values, prefix: str = "") -> dict[str, str]:
    paths: dict[str, str] = {}
    if not isinstance(values, dict):
        return paths
    for key, value in values.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            paths[path] = "map" if value else "open"
            paths.update(key_paths(value, path + "."))
        elif isinstance(value, list):
            paths[path] = "list"
        else:
            paths[path] = "value"
    return paths


# `toYaml .Values.a.b`, or `with .Values.a.b }}` whose body renders `toYaml` of it.
PASS_THROUGH = [
    re.compile(r"toYaml \(?\$?\.Values\.([A-Za-z0-9_.]+)"),
    re.compile(r"with \$?\.Values\.([A-Za-z0-9_.]+) *-?}}[^{]*\{\{-? *(?:tpl \(\. \| toYaml\)|toYaml \.)"),
]


def passed_through(chart: Path) -> set[str]:
    """Value paths the chart renders whole (values.yaml's own templated strings included)."""
    paths: set[str] = set()
    for path in [chart / "values.yaml", *sorted((chart / "templates").rglob("*"))]:
        if path.is_file():
            text = path.read_text(errors="replace")
            for pattern in PASS_THROUGH:
                paths.update(pattern.findall(text))
    return paths


def load_keys(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(header fields from the `# key: value` comments, path → kind)."""
    header: dict[str, str] = {}
    keys: dict[str, str] = {}
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            name, _, value = line[1:].strip().partition(":")
            header[name.strip()] = value.strip()
        elif line.strip():
            key, kind = line.rsplit(" ", 1)
            keys[key] = kind
    return header, keys


def unknown_paths(ours, keys: dict[str, str], prefix: str = "") -> list[str]:
    """Paths in our values that the chart's values.yaml does not have."""
    problems = []
    if not isinstance(ours, dict):
        return problems
    for key, value in ours.items():
        path = f"{prefix}{key}"
        kind = keys.get(path)
        if kind is None:
            problems.append(path)
        elif kind == "map" and isinstance(value, dict):
            problems.extend(unknown_paths(value, keys, path + "."))
        elif kind == "map" and value is not None:
            problems.append(f"{path} (a map in the chart, {type(value).__name__} here)")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract")
    extract.add_argument("chart_dir", type=Path)
    extract.add_argument("--chart", required=True)
    extract.add_argument("--version", required=True)
    extract.add_argument("--source", required=True)
    args = parser.parse_args()
    values = yaml.safe_load((args.chart_dir / "values.yaml").read_text())
    whole = passed_through(args.chart_dir)
    print(f"# chart: {args.chart}")
    print(f"# version: {args.version}")
    print(f"# source: {args.source}")
    print("# extracted: python Tests/deploy/upstream_keys.py extract <chart dir> (every key path of its values.yaml, with its kind; maps its templates render whole with toYaml are open)")
    for path, kind in key_paths(values).items():
        print(f"{path} {'open' if kind == 'map' and path in whole else kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
