"""Writing a scenario as a TOML file: by a TOML library (tomli-w) from validated data, never by string
formatting, and re-validated before the text is handed out.

Owns `to_toml` (what the dashboard's "save as scenario file" downloads and what `Scenario` users save):
only what differs from a built-in base, with `extends` naming it. Keys and strings are quoted and
escaped by the library, so a key or description holding quotes, newlines or control characters stays
one value and cannot add lines (such as `extensions = [...]`) to the file. The text is then read back
through the loader, as an upload would be (nothing imported), and must give the same scenario;
otherwise ScenarioError says which key would change. Must not import sim/, agents/ or dashboard/.
"""

from __future__ import annotations

from typing import Any

import tomli_w
from fraudchain.scenarios.loader import (
    ScenarioError,
    _resolve,
    builtin_names,
    deep_merge,
    load_scenario,
    parse_toml,
    validate_raw,
)
from fraudchain.scenarios.schema import Scenario
from fraudchain.scenarios.strict import is_table

HEADER = "# a fraudchain scenario file (fraudchain validate FILE checks it)\n"
TOP_LABELS = ("name", "description", "extends", "reforms")


def _drop_none(v: Any) -> Any:
    """TOML has no null: a None (an optional field at its default) is left out."""
    if isinstance(v, dict):
        return {k: _drop_none(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [_drop_none(x) for x in v if x is not None]
    return v


def _diff(cur: dict[str, Any], ref: dict[str, Any], path: str = "") -> dict[str, Any]:
    """The parts of `cur` that differ from `ref`: tables of the schema key by key, other values whole."""
    out: dict[str, Any] = {}
    for k, v in cur.items():
        p = f"{path}.{k}" if path else k
        if not path and k in TOP_LABELS:
            continue
        if isinstance(v, dict) and isinstance(ref.get(k), dict) and is_table(p):
            sub = _diff(v, ref[k], p)
            if sub:
                out[k] = sub
        elif v is not None and (k not in ref or ref[k] != v):
            out[k] = _drop_none(v)
    return out


def toml_value(v: Any) -> str:
    """One value (a number, string, list or table) as TOML text, written by the library."""
    return tomli_w.dumps({"v": _drop_none(v)})[4:].rstrip("\n")


def document(scenario: Scenario, base: str | None = "nl_baseline") -> dict[str, Any]:
    """The scenario as a TOML document (a dict): name, description, extends, what differs, reforms."""
    cur = scenario.model_dump(mode="python")
    ref_scenario = load_scenario(base) if base else None
    ref = ref_scenario.model_dump(mode="python") if ref_scenario else {}
    doc: dict[str, Any] = {"name": scenario.name}
    if scenario.description:
        doc["description"] = scenario.description
    if base:
        doc["extends"] = base
    doc.update(_diff(cur, ref))
    base_reforms = ref_scenario.reforms if ref_scenario else []
    if scenario.reforms != base_reforms:
        doc["reforms"] = [{k: v for k, v in _drop_none(r.model_dump(mode="python")).items() if v != {}}
                          for r in scenario.reforms]
    return doc


def to_toml(scenario: Scenario, base: str | None = "nl_baseline") -> str:
    """The scenario as TOML text that reads back as the same scenario (ScenarioError if it cannot)."""
    if base is not None and base not in builtin_names():
        raise ScenarioError([f"{scenario.name}: base {base!r} is not a built-in scenario"])
    text = HEADER + tomli_w.dumps(document(scenario, base))
    label = f"{scenario.name} (as written)"
    raw = parse_toml(text, label)
    if base:
        raw = deep_merge(_resolve(base)[0], raw)
    raw["name"] = scenario.name
    back = validate_raw(raw, label, allow_imports=False)
    got, want = back.flat(), scenario.flat()
    changed = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
    if changed or back.description != scenario.description:
        raise ScenarioError([f"{scenario.name}: cannot be written as a file that reads back the same: "
                             f"{', '.join(changed[:10]) or 'description'} would change (a value a file that "
                             f"extends {base} cannot express)"])
    return text
