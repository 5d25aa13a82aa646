"""Load, merge and validate scenario files.

Owns: finding a scenario (built-in name or path), TOML parsing, `extends` inheritance, dotted
overrides, and turning every validation problem into one readable line naming the file and key
path (with a did-you-mean for unknown keys). Must not import sim/, agents/ or dashboard/.

Input is treated as hostile: only regular files of at most MAX_FILE_BYTES are read (whatever
`st_size` says), nesting deeper than MAX_DEPTH and `extends` chains longer than MAX_EXTENDS are
refused, an empty scenario is refused, a parent file is validated on its own (its problems name
it), and a reform must fall inside the simulated period (`reforms_outside_period`).
"""

from __future__ import annotations

import copy
import difflib
import math
import sys
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from fraudchain.scenarios.codes import currency_rates
from fraudchain.scenarios.files import FileRefused, read_regular
from fraudchain.scenarios.fraud_types import FRAUD_TYPES
from fraudchain.scenarios.regimes import regime_names, regime_rules_eur
from fraudchain.scenarios.registry import ACTORS, EXTENSIONS, import_extensions, load_entry_points
from fraudchain.scenarios.schema import MAX_REFORMS, FraudTypeParams, LiabilityRule, Scenario, Section
from pydantic import BaseModel, ValidationError

BUILTIN_DIR = "builtin"
MAX_FILE_BYTES = 1_000_000
# a real scenario nests 5 levels (liability.rules[i].waterfall[j].party); deeper is refused before it can
# exhaust Python's recursion in parsing, merging or validation
MAX_DEPTH = 16
MAX_EXTENDS = 8
DAYS_PER_YEAR = 365


class ScenarioError(Exception):
    """One or more problems in a scenario; `problems` holds one readable line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def builtin_names() -> list[str]:
    files = resources.files("fraudchain.scenarios").joinpath(BUILTIN_DIR)
    return sorted(p.name[:-5] for p in files.iterdir() if p.name.endswith(".toml"))


def builtin_descriptions() -> dict[str, str]:
    out = {}
    for name in builtin_names():
        raw = _read_builtin(name)
        text = " ".join(str(raw.get("description", "")).split())
        first = text.split(". ")[0].rstrip(".")
        out[name] = first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "..."
    return out


def _read_builtin(name: str) -> dict[str, Any]:
    text = resources.files("fraudchain.scenarios").joinpath(BUILTIN_DIR, f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _read(ref: str | Path, base_dir: Path | None = None, via: str = "") -> tuple[dict[str, Any], str]:
    """Raw TOML dict and a label for messages. `ref` is a built-in name or a file path; `via` names the
    file whose `extends` points here (its problems start with it)."""
    ref_s = str(ref)
    if ref_s in builtin_names() and not Path(ref_s).suffix:
        return _read_builtin(ref_s), f"{ref_s} (built-in)"
    shown = ref_s if len(ref_s) <= 200 else ref_s[:197] + "..."
    where = f"{via}: extends = {shown!r}" if via else shown
    if len(ref_s) > 4096 or "\0" in ref_s:
        raise ScenarioError([f"{where}: not a usable file name (too long or containing a NUL character)"])
    path = Path(ref_s)
    if not path.is_absolute() and base_dir is not None and _exists(base_dir / path):
        path = base_dir / path
    if not _exists(path):
        raise ScenarioError([f"{where}: no such scenario; built-in scenarios: {', '.join(builtin_names())}"
                             + _suggest(ref_s, builtin_names())])
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except FileRefused as e:
        raise ScenarioError([f"{where}: {e}; a scenario is a TOML file or a built-in name"]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError([f"{path}: not a UTF-8 text file"]) from None
    return parse_toml(text, str(path)), str(path)


def _exists(path: Path) -> bool:
    """Whether a path names anything (a dangling link too); False for names the OS refuses (too long)."""
    try:
        return path.exists() or path.is_symlink()
    except (OSError, ValueError):
        return False


def _depth(obj: Any) -> int:
    """How deeply tables and arrays nest (iteratively: no recursion on hostile input)."""
    deepest, stack = 0, [(obj, 0)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        if d > MAX_DEPTH:
            break
        if isinstance(node, dict):
            stack += [(v, d + 1) for v in node.values()]
        elif isinstance(node, list):
            stack += [(v, d + 1) for v in node]
    return deepest


def parse_toml(text: str, label: str) -> dict[str, Any]:
    """TOML text as a dict; ScenarioError for invalid TOML, nesting deeper than MAX_DEPTH or an empty file."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ScenarioError([f"{label}: not valid TOML: {e}"]) from None
    except RecursionError:
        raw = None
    if raw is None or _depth(raw) > MAX_DEPTH:
        raise ScenarioError([f"{label}: tables or arrays nested more than {MAX_DEPTH} levels deep; a scenario "
                             "nests at most a few levels (e.g. liability.rules[0].waterfall[0])"])
    if not raw:
        raise ScenarioError([f"{label}: empty scenario (no keys); give at least `extends = \"nl_baseline\"` and "
                             "the parameters that differ"])
    return raw


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` wins; tables merge key by key, everything else (lists included) is replaced."""
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict) and k not in ("set",):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def _resolve(ref: str | Path, seen: tuple[str, ...] = (), base_dir: Path | None = None
             ) -> tuple[dict[str, Any], str]:
    raw, label = _read(ref, base_dir, via=seen[-1] if seen else "")
    leaf_name = raw.get("name") or Path(str(ref)).stem
    if label in seen:
        raise ScenarioError([f"{label}: extends loops back on itself ({' -> '.join(seen + (label,))})"])
    parent = raw.get("extends")
    if parent is not None:
        if not isinstance(parent, str) or not parent.strip():
            raise ScenarioError([f"{label}: extends: must be a scenario name or path (a non-empty string)"])
        if len(seen) >= MAX_EXTENDS:
            raise ScenarioError([f"{label}: extends: chain longer than {MAX_EXTENDS} files "
                                 f"({' -> '.join(seen + (label,))})"])
        here = Path(label).parent if _exists(Path(label)) else None
        base, parent_label = _resolve(parent, seen + (label,), here)
        validate_raw(copy.deepcopy(base), parent_label)      # a parent's problems name the parent
        raw = deep_merge(base, raw)
    raw["name"] = leaf_name
    return raw, label


def parse_value(text: str) -> Any:
    """A CLI value: TOML syntax when it parses (numbers, true/false, lists), else a plain string.
    Values nested deeper than MAX_DEPTH stay strings (and fail validation with a message)."""
    try:
        v = tomllib.loads(f"v = {text}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return text
    return v if _depth(v) <= MAX_DEPTH else text


def set_dotted(raw: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node = raw
    for p in parts[:-1]:
        nxt = node.get(p)
        if not isinstance(nxt, dict):
            nxt = {}
            node[p] = nxt
        node = nxt
    node[parts[-1]] = value


def _model_at(loc: tuple[Any, ...]) -> tuple[list[str], bool]:
    """Allowed keys at a location inside the Scenario (for did-you-mean)."""
    model: Any = Scenario
    for part in loc:
        if isinstance(model, type) and issubclass(model, BaseModel):
            f = model.model_fields.get(str(part))
            if f is None:
                return list(model.model_fields), True
            ann = f.annotation
            if part == "fraud_types":
                model = "fraud_types"
            elif part == "rules":
                model = "rules"
            elif isinstance(ann, type) and issubclass(ann, Section):
                model = ann
            else:
                return [], False
        elif model == "fraud_types":
            model = FraudTypeParams
        elif model == "rules":
            if isinstance(part, int):
                model = LiabilityRule
        else:
            return [], False
    if model == "fraud_types":
        return sorted(FRAUD_TYPES), True
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields), True
    return [], False


def _format_errors(err: ValidationError, label: str, prefix: str = "") -> list[str]:
    out = []
    for e in err.errors():
        loc = tuple(e["loc"])
        path = prefix + ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
        if e["type"] == "extra_forbidden":
            allowed, _ = _model_at(loc[:-1])
            msg = f"unknown key{_suggest(str(loc[-1]), allowed)}; allowed: {', '.join(sorted(allowed))}"
        else:
            msg = e["msg"].removeprefix("Value error, ")
            if e["type"] not in ("value_error", "missing") and "input" in e:
                got = repr(e["input"])
                msg += f" (got {got if len(got) <= 80 else got[:77] + '...'})"
        out.append(f"{label}: {msg}" if not path and msg.split(":", 1)[0].count(".") else
                   f"{label}: {path or '(top)'}: {msg}")
    return out


def _fx(raw: dict[str, Any]) -> dict[str, float]:
    """Exchange rates for a regime's caps; a rate that is not a finite number falls back to the default
    (the schema reports it)."""
    return currency_rates(raw.get("liability", {}) if isinstance(raw.get("liability"), dict) else {})


def _extension_problems(raw: dict[str, Any], label: str, allow_imports: bool) -> list[str]:
    """Load installed extensions, then the modules the scenario names (files only, never uploads)."""
    load_entry_points()
    mods = raw.get("extensions") or []
    if not isinstance(mods, list) or not all(isinstance(m, str) for m in mods):
        return [f"{label}: extensions: must be a list of module names (strings)"]
    if not allow_imports:
        missing = [m for m in mods if m not in sys.modules and m not in EXTENSIONS]
        return [f"{label}: extensions: {m!r} is not loaded; uploaded scenarios never import code "
                "(run the file with the CLI or the Python API instead)" for m in missing]
    return [f"{label}: {p}" for p in import_extensions(mods)]


def _nonfinite(obj: Any, path: str) -> list[str]:
    """Key paths of inf/nan numbers anywhere in `obj` (for tables the schema does not type)."""
    out, stack = [], [(obj, path)]
    while stack:
        node, p = stack.pop()
        if isinstance(node, float) and not math.isfinite(node):
            out.append(f"{p}: must be a finite number (got {node})")
        elif isinstance(node, dict):
            stack += [(v, f"{p}.{k}") for k, v in node.items()]
        elif isinstance(node, list):
            stack += [(v, f"{p}[{i}]") for i, v in enumerate(node)]
    return sorted(out)


def _actor_problems(raw: dict[str, Any], label: str) -> list[str]:
    actors = raw.get("actors") or {}
    if not isinstance(actors, dict):
        return []
    out = [f"{label}: {p}" for p in _nonfinite(actors, "actors")]
    if out:
        return out
    for name, params in actors.items():
        spec = ACTORS.get(name)
        if spec is None:
            out.append(f"{label}: actors.{name}: unknown actor{_suggest(name, list(ACTORS))}; registered: "
                       f"{', '.join(sorted(ACTORS)) or 'none (name a module in extensions = [...])'}")
            continue
        try:
            spec.params.model_validate(params or {})
        except ValidationError as e:
            out += _format_errors(e, label, prefix=f"actors.{name}.")
    return out


def validate_raw(raw: dict[str, Any], label: str, allow_imports: bool = True) -> Scenario:
    """Validate a merged raw dict; collect every problem (schema, regime name, reforms, extensions)."""
    problems: list[str] = _extension_problems(raw, label, allow_imports)
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as e:
        problems += _format_errors(e, label)
    lia = raw.get("liability")
    regime = lia.get("regime", "nl_status_quo") if isinstance(lia, dict) else "nl_status_quo"
    has_rules = isinstance(lia, dict) and lia.get("rules")
    if isinstance(regime, str) and regime not in regime_names() and not has_rules:
        problems.append(f"{label}: liability.regime: unknown regime '{regime}'{_suggest(regime, regime_names())}; "
                        f"allowed: {', '.join(regime_names())} (or give [[liability.rules]])")
    elif isinstance(regime, str) and regime in regime_names() and not has_rules:
        try:
            for i, r in enumerate(regime_rules_eur(regime, _fx(raw))):
                try:
                    LiabilityRule.model_validate(r)
                except ValidationError as e:
                    problems += _format_errors(e, label, prefix=f"regime {regime} rules[{i}].")
        except ValueError as e:
            problems.append(f"{label}: liability.regime: {e}")
    problems += _actor_problems(raw, label)
    if scenario is not None:
        problems += [f"{label}: {p}" for p in reforms_outside_period(scenario, scenario.run.years)]
    reforms = raw.get("reforms", []) or []
    if not isinstance(reforms, list) or len(reforms) > MAX_REFORMS:
        reforms = []               # the schema's message says why; no reform is tried on its own
    for i, reform in enumerate(reforms):
        if not isinstance(reform, dict) or not isinstance(reform.get("set"), dict):
            continue
        trial = copy.deepcopy({k: v for k, v in raw.items() if k != "reforms"})
        for key, value in reform["set"].items():
            set_dotted(trial, key, value)
        try:
            validate_raw(trial, label, allow_imports)
        except ScenarioError as e:
            problems += [p.replace(f"{label}: ", f"{label}: reforms[{i}].set: ", 1) for p in e.problems]
    if problems:
        raise ScenarioError(problems)
    assert scenario is not None
    return scenario


def reforms_outside_period(scenario: Scenario, years: int | None = None) -> list[str]:
    """One message per reform that never takes effect in a run of `years` years (default: the scenario's):
    its day is at or after the run's last day. Empty when every reform applies."""
    years = years or scenario.run.years
    days = years * DAYS_PER_YEAR
    return [f"reforms[{i}].day: reform {(r.label or ', '.join(r.set) or str(i))!r} on day {r.day} is outside the "
            f"simulated period of {years} year(s) (days 0-{days - 1}) and never takes effect; it needs a run of at "
            f"least {r.day // DAYS_PER_YEAR + 1} years"
            for i, r in enumerate(scenario.reforms) if r.day >= days]


def load_scenario(ref: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Load a built-in scenario by name or a TOML file, resolve `extends`, apply dotted overrides.

    overrides: {"liability.regime": "uk_psr_2024", ...}; string values are parsed as TOML values.
    Raises ScenarioError listing every problem (file, key path, message, did-you-mean).
    `Scenario.with_overrides(...)` applies further dotted overrides to a loaded scenario.
    """
    raw, label = _resolve(ref)
    for key, value in (overrides or {}).items():
        set_dotted(raw, key, parse_value(value) if isinstance(value, str) else value)
    return validate_raw(raw, label)


def load_text(text: str, label: str = "uploaded.toml") -> Scenario:
    """Validate TOML text (e.g. an upload): parsed as data, never executed."""
    if len(text.encode()) > MAX_FILE_BYTES:
        raise ScenarioError([f"{label}: larger than {MAX_FILE_BYTES} bytes"])
    raw = parse_toml(text, label)
    own_name = raw.get("name") or Path(label).stem
    if raw.get("extends"):
        if raw["extends"] not in builtin_names():
            raise ScenarioError([f"{label}: extends: uploaded scenarios can extend a built-in scenario only "
                                 f"({', '.join(builtin_names())}), not {raw['extends']!r}"])
        base, _ = _resolve(raw["extends"])
        raw = deep_merge(base, raw)
    raw["name"] = own_name
    return validate_raw(raw, label, allow_imports=False)


def apply_overrides(scenario: Scenario, overrides: dict[str, Any]) -> Scenario:
    raw = scenario.model_dump(mode="python")
    for key, value in overrides.items():
        set_dotted(raw, key, parse_value(value) if isinstance(value, str) else value)
    return validate_raw(raw, f"{scenario.name} (overrides)")


def to_toml(scenario: Scenario, base: str | None = "nl_baseline") -> str:
    """A TOML document for the scenario: only what differs from `base` (or everything)."""
    flat = scenario.flat()
    ref = load_scenario(base).flat() if base else {}
    lines = [f'name = "{scenario.name}"']
    if scenario.description:
        lines.append(f"description = {_toml_value(scenario.description)}")
    if base:
        lines.append(f'extends = "{base}"')
    diff = {k: v for k, v in flat.items() if k not in ref or ref[k] != v}
    for k, v in sorted(diff.items()):
        if v is None or k == "reforms":
            continue
        lines.append(f'"{k}" = {_toml_value(v)}' if "." not in k else f"{_dotted_key(k)} = {_toml_value(v)}")
    base_reforms = load_scenario(base).reforms if base else []
    if not scenario.reforms and base_reforms:
        lines.insert(3 if scenario.description else 2, "reforms = []   # none: do not inherit the base's reforms")
    if scenario.reforms and scenario.reforms != base_reforms:
        for r in scenario.reforms:
            lines.append("\n[[reforms]]")
            lines.append(f"day = {r.day}")
            lines.append(f"label = {_toml_value(r.label)}")
            if r.measure:
                lines.append(f"measure = {_toml_value(r.measure)}")
            if r.measures:
                lines.append(f"measures = {_toml_value(r.measures)}")
            lines.append("[reforms.set]")
            for k, v in r.set.items():
                lines.append(f'"{k}" = {_toml_value(v)}')
    return "\n".join(lines) + "\n"


def _dotted_key(k: str) -> str:
    return ".".join(p if p.replace("_", "").isalnum() else f'"{p}"' for p in k.split("."))


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v) if v == v and v not in (float("inf"), float("-inf")) else "inf"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_dotted_key(str(k))} = {_toml_value(x)}" for k, x in v.items()) + "}"
    return _toml_value(str(v))
