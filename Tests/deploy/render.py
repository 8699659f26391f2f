"""Renders a chart of charts/ with the Helm v4 engine (helm-python-sdk), the way `helm
template` would: values files merged in order, then `--set`-style overrides. Used by the tests
and by `ci/deploy.sh --dry-run`:

    python Tests/deploy/render.py charts/todo -f charts/values-oke.yaml --set image.digest=sha256:… [-o out.yaml]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import helm_python as helm
import yaml


def deep_merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def values_from(files: list[Path], sets: list[str]) -> dict:
    values: dict = {}
    for path in files:
        values = deep_merge(values, yaml.safe_load(Path(path).read_text()) or {})
    for assignment in sets:
        values = deep_merge(values, helm.parse_set_string(assignment))
    return values


def render_manifests(chart: Path, values: dict, release: str = "todo", namespace: str = "todo") -> dict[str, str]:
    """Template path → rendered text (NOTES.txt and empty templates left out)."""
    loaded = helm.Chart.load(str(chart))
    rendered = loaded.render(values, name=release, namespace=namespace, is_install=True)
    return {path: text for path, text in rendered.items() if not path.endswith("NOTES.txt") and text.strip()}


def render_objects(chart: Path, values: dict, release: str = "todo", namespace: str = "todo") -> list[dict]:
    objects = []
    for path, text in sorted(render_manifests(chart, values, release, namespace).items()):
        for document in yaml.safe_load_all(text):
            if document:
                document.setdefault("metadata", {}).setdefault("annotations", {})
                objects.append(document)
    return objects


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chart", type=Path)
    parser.add_argument("-f", "--values", action="append", default=[], type=Path)
    parser.add_argument("--set", action="append", default=[], dest="sets")
    parser.add_argument("--release", default="todo")
    parser.add_argument("--namespace", default="todo")
    parser.add_argument("-o", "--output", type=Path)
    arguments = parser.parse_args()
    try:
        manifests = render_manifests(arguments.chart, values_from(arguments.values, arguments.sets), arguments.release, arguments.namespace)
    except helm.HelmError as error:  # the engine's message names the template and the value
        print(f"render {arguments.chart}: {error}", file=sys.stderr)
        return 1
    text = "".join(f"---\n# Source: {path}\n{body.strip()}\n" for path, body in sorted(manifests.items()))
    if arguments.output:
        arguments.output.write_text(text)
        count = sum(1 for document in yaml.safe_load_all(text) if document)
        print(f"rendered {arguments.chart}: {count} objects into {arguments.output}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
