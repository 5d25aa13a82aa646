"""Scenarios made on the page: a spec is a built-in name, or {"name", "base", "set", "description"}
(dotted overrides over a built-in) for a scenario made in the builder, opened from a link or uploaded.

Owns turning specs into validated scenarios through fraudchain.scenarios.loader (the CLI's validator),
the names people give their scenarios (free text such as "VK plus verificatie platforms", with a file
name derived from it), and reading uploaded files as data. No streamlit, no runs.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from fraudchain.dashboard.i18n import t
from fraudchain.scenarios.loader import ScenarioError, builtin_names, load_scenario, load_text, parse_toml
from fraudchain.scenarios.schema import Scenario

REFERENCE = "nl_baseline"
UPLOAD_MAX_BYTES = 200_000
MAX_DESCRIPTION = 400
MAX_NAME = 60
# a name people write: letters (accents too), digits, spaces and a few marks; never markup characters
NAME_RE = re.compile(r"^[^\W_][\w .,'()+&-]*$")


def check_name(name: str, lang: str = "nl") -> str:
    """A scenario name as people write it (spaces collapsed); ScenarioError with a message in `lang`."""
    name = " ".join(str(name).split())
    if not name or len(name) > MAX_NAME or not NAME_RE.match(name):
        raise ScenarioError([t("bad_name", lang, name=name[:MAX_NAME + 10], n=MAX_NAME)])
    return name


def file_stem(name: str) -> str:
    """A file name for a scenario name: 'VK plus verificatie platforms' -> 'vk_plus_verificatie_platforms'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:60] or "scenario"


def mentions_extensions(obj: Any, depth: int = 0) -> bool:
    """Whether `extensions` (Python modules to import) is set anywhere in a parsed file or spec: at
    the top, as a dotted key, or inside a reform's `set`. Deeper than 32 levels counts as yes."""
    if depth > 32:
        return True
    if isinstance(obj, Mapping):
        for k, v in obj.items():
            if str(k).split(".")[0] == "extensions" and v not in (None, [], ()):
                return True
            if mentions_extensions(v, depth + 1):
                return True
    elif isinstance(obj, (list, tuple)):
        return any(mentions_extensions(v, depth + 1) for v in obj)
    return False


def spec_to_scenario(spec: Mapping[str, Any], lang: str = "nl") -> Scenario:
    """A validated scenario from a spec (built-in base + dotted overrides), via fraudchain.scenarios.loader."""
    name = check_name(str(spec.get("name", "")), lang)
    base = str(spec.get("base", REFERENCE))
    if base not in builtin_names():
        raise ScenarioError([f"{name}: base '{base}' is not a built-in scenario"])
    overrides = spec.get("set") or {}
    if not isinstance(overrides, Mapping):
        raise ScenarioError([f"{name}: 'set' must be a table of dotted keys"])
    if mentions_extensions(overrides):
        raise ScenarioError([f"{name}: extensions cannot be set from the dashboard"])
    scenario = load_scenario(base)
    if overrides:
        scenario = scenario.with_overrides(dict(overrides))
    update: dict[str, Any] = {"name": name}
    if spec.get("description"):
        update["description"] = " ".join(str(spec["description"]).split())[:MAX_DESCRIPTION]
    return scenario.model_copy(update=update)


def spec_from_scenario(scenario: Scenario, base: str = REFERENCE) -> dict[str, Any]:
    """The spec of any scenario: what differs from a built-in base, as dotted overrides."""
    ref = load_scenario(base).flat()
    changed = {k: v for k, v in scenario.flat().items() if k not in ref or ref[k] != v}
    return {"name": scenario.name, "base": base, "set": changed}


def resolve(name: str, custom: Mapping[str, Mapping[str, Any]]) -> Scenario:
    """A scenario by name: a custom spec first, else a built-in."""
    if name in custom:
        return spec_to_scenario(custom[name])
    return load_scenario(name)


def build_spec(base: str, changes: Mapping[str, Any], start_day: int, name: str, label: str,
               description: str = "", lang: str = "nl") -> dict[str, Any]:
    """The builder's result as a spec: `changes` take effect on `start_day`.

    Day 0: direct overrides. Later: a reform on that day. Either way the base's own reforms no
    longer set those keys from that day on, so the user's choice is what holds in the measured year.
    """
    scenario = load_scenario(base)
    reforms = []
    for r in scenario.reforms:
        kept = {k: v for k, v in r.set.items() if not (k in changes and r.day >= start_day)}
        if kept:
            reforms.append({"day": r.day, "label": r.label, "set": kept})
    overrides: dict[str, Any] = {}
    if changes and start_day == 0:
        overrides.update(changes)
    elif changes:
        reforms.append({"day": start_day, "label": label, "set": dict(changes)})
    if reforms != [r.model_dump() for r in scenario.reforms]:
        overrides["reforms"] = reforms
    spec: dict[str, Any] = {"name": check_name(name, lang), "base": base, "set": overrides}
    if description.strip():
        spec["description"] = " ".join(description.split())[:MAX_DESCRIPTION]
    return spec


def parse_override_lines(text: str, lang: str) -> tuple[dict[str, Any], list[str]]:
    """`key=value` lines (values in TOML syntax, else text) -> overrides and problems."""
    from fraudchain.scenarios.loader import parse_value

    out: dict[str, Any] = {}
    problems = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            problems.append(t("bad_line", lang, line=line))
            continue
        out[key.strip()] = parse_value(value.strip())
    return out, problems


def scenario_from_upload(data: bytes, filename: str, lang: str) -> Scenario:
    """An uploaded TOML file, validated as data (never executed or unpickled)."""
    label = os.path.basename(filename) or "uploaded.toml"
    if len(data) > UPLOAD_MAX_BYTES:
        raise ScenarioError([t("upload_too_big", lang, file=label, kb=UPLOAD_MAX_BYTES // 1000)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError([t("upload_not_text", lang, file=label)]) from None
    raw = parse_toml(text, label)   # refuses invalid TOML, deep nesting and empty files before anything walks it
    # an upload may extend a built-in only (no file paths on the server), and may not import modules
    if raw.get("extends") is not None and raw.get("extends") not in builtin_names():
        raise ScenarioError([t("upload_extends", lang, file=label, names=", ".join(builtin_names()))])
    if mentions_extensions(raw):
        raise ScenarioError([t("upload_extensions", lang, file=label)])
    scenario = load_text(text, label=label)
    # a file without a name is named after itself (load_text would give it the name of what it extends);
    # a name with characters a page name may not hold keeps only the allowed ones
    raw_name = str(raw["name"]) if raw.get("name") else os.path.splitext(label)[0]
    name = " ".join(re.sub(r"[^\w .,'()+&-]", " ", raw_name).split())[:MAX_NAME].strip(" _") or "upload"
    return scenario.model_copy(update={"name": name})
