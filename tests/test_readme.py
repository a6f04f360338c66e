"""README.md stays true: its field table and the CI script's test command."""

import re
from pathlib import Path

from catalogue.items import FIELDS

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _block_after(heading):
    section = README.split(f"## {heading}\n", 1)[1]
    return re.search(r"```sh\n(.*?)\n```", section, re.S).group(1)


def test_readme_field_table_lists_every_item_field_in_order():
    rows = re.findall(r"^\| `(\w+)` \| (\S+) \| (\S+) \|", README.split("## Items\n", 1)[1], re.M)
    assert rows == [(f.name, f.label, f.label_hant) for f in FIELDS]


def test_ci_runs_exactly_the_readme_test_command():
    command = _block_after("Run the tests")
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert command in script.splitlines()


def test_readme_run_command_installs_and_serves_the_demo():
    assert _block_after("Run it on the demo data").endswith("&& .venv/bin/catalogue serve --demo")
