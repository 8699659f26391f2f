"""docs/deploy.md lists every object the charts render per mode and what each workload needs,
generated from the render (Tests/deploy/inventory.py): a chart change that adds, removes or
renames an object, or changes a workload's resources, ports, Secrets or storage, must
regenerate it (`python Tests/deploy/inventory.py --write`)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from inventory import GENERATORS, documented  # noqa: E402


@pytest.mark.parametrize("section", sorted(GENERATORS))
def test_docs_deploy_carries_the_generated_section(section):
    assert documented(section) == GENERATORS[section](), \
        f"docs/deploy.md's {section} section is stale: run python Tests/deploy/inventory.py --write"
