"""Sources live inside the project: every key the schema cites is defined in docs/sources.md, and nothing
points to documents outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

from fraudchain.scenarios.schema import parameter_table

ROOT = Path(__file__).resolve().parent.parent
KEY = re.compile(r"\[([a-z0-9_]+)\]")


def defined_keys() -> set[str]:
    return set(re.findall(r"\*\*\[([a-z0-9_]+)\]\*\*", (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")))


def test_every_key_the_schema_cites_is_in_sources_md():
    cited = {k: row["key"] for row in parameter_table() for k in KEY.findall(row["source"])}
    assert len(cited) >= 15
    missing = {k: where for k, where in cited.items() if k not in defined_keys()}
    assert not missing, f"cited in the schema but not defined in docs/sources.md: {missing}"


def test_every_source_is_evidence_with_a_key_or_a_stated_assumption():
    for row in parameter_table():
        src = row["source"].strip()
        ok = KEY.match(src) or src.startswith(("assumption", "policy lever", "system measure", "label only",
                                               "calibration", "see scenario", "scenarios/", "modules ",
                                               "extension actors", "on/off"))
        assert ok, f"{row['key']}: source must start with a [key] of docs/sources.md or state an assumption: {src!r}"


def test_no_reference_to_documents_outside_the_repository():
    pattern = re.compile(r"DESIGN\.md|DOMAIN\.md|STYLE\.md|\.\./shared")
    for folder in ("sim", "agents", "scenarios", "dashboard", "docs", "tests"):
        for f in (ROOT / folder).rglob("*"):
            if f.suffix in (".py", ".md", ".toml", ".csv") and f.name != "test_sources.py":
                assert not pattern.search(f.read_text(encoding="utf-8")), f
    for f in ("README.md", "pyproject.toml", "Makefile"):
        assert not pattern.search((ROOT / f).read_text(encoding="utf-8")), f
