"""Load, merge and validate scenario files.

Owns: finding a scenario (built-in name or path), TOML parsing, `extends` inheritance, dotted
overrides, and turning every validation problem into one readable line naming the file and key
path (with a did-you-mean for unknown keys). Must not import sim/, agents/ or dashboard/.

Input is treated as hostile: only regular files of at most MAX_FILE_BYTES are read (whatever
`st_size` says), nesting deeper than MAX_DEPTH and `extends` chains longer than MAX_EXTENDS are
refused, an empty scenario is refused, integers of hundreds of digits are refused before anything
converts them, a parent file is validated on its own (its problems name it), and a reform must fall inside the
simulated period (`reforms_outside_period`). Validation is linear in the file's size: each reform is
checked once against the validated scenario (a reform cannot hold reforms), and at most MAX_PROBLEMS
problems are spelled out. `extensions` (Python modules to import) are read only from a scenario
file's top level, never from overrides, and imported only once everything else in the file has
passed; the names they register (fraud types, actors, payers, regimes) are then checked in a second
pass. Scenario files are written by scenarios/writer.py (a TOML library, re-validated).
"""

from __future__ import annotations

import copy
import difflib
import math
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from fraudchain.scenarios.codes import currency_rates
from fraudchain.scenarios.files import FileRefused, read_regular
from fraudchain.scenarios.fraud_types import FRAUD_TYPES
from fraudchain.scenarios.packs import (  # noqa: F401 (builtin_country, builtin_descriptions: re-exported)
    builtin_country,
    builtin_descriptions,
    builtin_names,
    country_problem,
    read_builtin,
    with_country,
)
from fraudchain.scenarios.regimes import regime_names, regime_rules_eur
from fraudchain.scenarios.registry import ACTORS, EXTENSIONS, import_extensions, load_entry_points
from fraudchain.scenarios.schema import FraudTypeParams, LiabilityRule, Scenario, Section
from fraudchain.scenarios.strict import huge_integers
from pydantic import BaseModel, ValidationError

MAX_FILE_BYTES = 1_000_000
# a real scenario nests 5 levels (liability.rules[i].waterfall[j].party); deeper is refused before it can
# exhaust Python's recursion in parsing, merging or validation
MAX_DEPTH = 16
MAX_EXTENDS = 8
DAYS_PER_YEAR = 365
# problems spelled out per scenario; a hostile file can hold hundreds of thousands (the rest are counted)
MAX_PROBLEMS = 50
MODULE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


class ScenarioError(Exception):
    """One or more problems in a scenario; `problems` holds one readable line each (at most MAX_PROBLEMS,
    then one line saying how many more); `total` counts them all."""

    def __init__(self, problems: list[str], total: int | None = None):
        total = max(total or 0, len(problems))
        if len(problems) > MAX_PROBLEMS or total > len(problems):
            shown = problems[:MAX_PROBLEMS]
            problems = shown + [f"... and {total - len(shown):,} more problem(s) not listed; fix these first"]
        self.problems = problems
        self.total = total
        super().__init__("\n".join(problems))


def _select_country(raw: dict[str, Any], label: str, country: str | None) -> None:
    """--country: the scenario runs on that pack; one that belongs to another country is refused."""
    problem = country_problem(raw, label, country)
    if problem:
        raise ScenarioError([problem])
    if country is not None:
        raw["country"] = country


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _read(ref: str | Path, base_dir: Path | None = None, via: str = "") -> tuple[dict[str, Any], str]:
    """Raw TOML dict and a label for messages. `ref` is a built-in name or a file path; `via` names the
    file whose `extends` points here (its problems start with it)."""
    ref_s = str(ref)
    if ref_s in builtin_names() and not Path(ref_s).suffix:
        return read_builtin(ref_s), f"{ref_s} (built-in)"
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
    except ValueError:                          # an integer of more than 4,300 digits
        raise ScenarioError([f"{label}: an integer too large to read (thousands of digits); no number in a "
                             "scenario has more than 18 digits"]) from None
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
        # a parent's problems name the parent; its extensions are imported only once the whole file has passed
        validate_raw(copy.deepcopy(base), parent_label, import_now=False)
        raw = deep_merge(base, raw)
    raw["name"] = leaf_name
    return raw, label


def parse_value(text: str) -> Any:
    """A CLI value: TOML syntax when it parses (numbers, true/false, lists), else a plain string.
    Values nested deeper than MAX_DEPTH stay strings (and fail validation with a message)."""
    if "\n" in text or "\r" in text:        # one value, never further lines of TOML
        return text
    try:
        parsed = tomllib.loads(f"v = {text}")
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return text
    v = parsed["v"]
    return v if len(parsed) == 1 and _depth(v) <= MAX_DEPTH else text


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
    """One line per pydantic error (at most MAX_PROBLEMS spelled out, then a count: a did-you-mean per
    unknown key costs time, and a hostile file can hold a great many)."""
    out = []
    errors = err.errors(include_url=False)
    for e in errors[:MAX_PROBLEMS]:
        loc = tuple(e["loc"])
        path = prefix + ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
        if e["type"] == "extra_forbidden":
            allowed, _ = _model_at(loc[:-1])
            msg = f"unknown key{_suggest(str(loc[-1]), allowed)}; allowed: {', '.join(sorted(allowed))}"
        else:
            msg = e["msg"].removeprefix("Value error, ")
            if e["type"] not in ("value_error", "missing") and "input" in e:
                got = _shown(e["input"])
                msg += f" (got {got if len(got) <= 80 else got[:77] + '...'})"
        out.append(f"{label}: {msg}" if not path and msg.split(":", 1)[0].count(".") else
                   f"{label}: {path or '(top)'}: {msg}")
    if len(errors) > MAX_PROBLEMS:
        out.append(f"{label}: ... and {len(errors) - MAX_PROBLEMS:,} more problem(s) of this kind")
    return out


def _shown(value: Any) -> str:
    """A value for a message, never more than a few hundred characters of work (a large container is
    summarised, not printed whole)."""
    if isinstance(value, (dict, list, tuple)) and len(value) > 20:
        return f"a {type(value).__name__} of {len(value):,} entries"
    try:
        text = repr(value)
    except ValueError:                        # an integer too long to print
        return "a very large number"
    return text


def _fx(raw: dict[str, Any]) -> dict[str, float]:
    """Exchange rates for a regime's caps; a rate that is not a finite number falls back to the default
    (the schema reports it)."""
    return currency_rates(raw.get("liability", {}) if isinstance(raw.get("liability"), dict) else {})


def extension_modules(raw: dict[str, Any], label: str) -> tuple[list[str], list[str]]:
    """The modules a scenario file names at its top level (`extensions = [...]`), and problems with the
    list itself (not a list, not module names). Nothing is imported here."""
    mods = raw.get("extensions") or []
    if not isinstance(mods, list) or not all(isinstance(m, str) for m in mods):
        return [], [f"{label}: extensions: must be a list of module names (strings)"]
    bad = [m for m in mods if not MODULE_NAME.match(m) or len(m) > 200]
    if bad:
        return [], [f"{label}: extensions: {_shown(m)} is not a Python module name (dotted identifiers, e.g. "
                    "'my_package.fraud_extensions'); a file path is never imported" for m in bad[:5]]
    return mods, []


def _import_problems(mods: list[str], label: str, allow_imports: bool) -> list[str]:
    """Import the modules a validated scenario file names (files only, never uploads)."""
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


def _actor_problems(raw: dict[str, Any], label: str, deferred: bool = False) -> list[str]:
    actors = raw.get("actors") or {}
    if not isinstance(actors, dict):
        return []
    out = [f"{label}: {p}" for p in _nonfinite(actors, "actors")]
    if out:
        return out
    for name, params in list(actors.items())[:MAX_PROBLEMS]:
        spec = ACTORS.get(name)
        if spec is None:
            if not deferred:
                out.append(f"{label}: actors.{name}: unknown actor{_suggest(name, list(ACTORS))}; registered: "
                           f"{', '.join(sorted(ACTORS)) or 'none (name a module in extensions = [...])'}")
            continue
        try:
            spec.params.model_validate(params or {})
        except ValidationError as e:
            out += _format_errors(e, label, prefix=f"actors.{name}.")
    return out


def _regime_problems(raw: dict[str, Any], label: str, deferred: bool) -> list[str]:
    lia = raw.get("liability")
    regime = lia.get("regime", "nl_status_quo") if isinstance(lia, dict) else "nl_status_quo"
    has_rules = isinstance(lia, dict) and lia.get("rules")
    problems: list[str] = []
    if isinstance(regime, str) and regime not in regime_names() and not has_rules:
        if not deferred:
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
    return problems


def _check(raw: dict[str, Any], label: str, deferred: bool) -> tuple[Scenario | None, list[str]]:
    """Schema, regime and actors of one merged dict (no reform trials, nothing imported)."""
    scenario: Scenario | None = None
    problems: list[str] = []
    try:
        scenario = Scenario.model_validate(raw, context={"deferred_names": deferred})
    except ValidationError as e:
        problems += _format_errors(e, label)
    problems += _regime_problems(raw, label, deferred)
    problems += _actor_problems(raw, label, deferred)
    return scenario, problems


def _reform_problems(scenario: Scenario, label: str, deferred: bool) -> list[str]:
    """Each reform's changes applied to the validated scenario, checked once: linear in the file (a
    reform cannot hold reforms; its keys are refused before this)."""
    problems: list[str] = []
    if not scenario.reforms:
        return problems
    base = scenario.model_dump(mode="python", exclude={"reforms"})
    for i, reform in enumerate(scenario.reforms):
        trial = copy.deepcopy(base)
        for key, value in reform.set.items():
            set_dotted(trial, key, copy.deepcopy(value))
        _, found = _check(trial, label, deferred)
        problems += [p.replace(f"{label}: ", f"{label}: reforms[{i}].set: ", 1) for p in found]
        if len(problems) > MAX_PROBLEMS:
            break
    return problems


def _pass(raw: dict[str, Any], label: str, deferred: bool) -> tuple[Scenario | None, list[str]]:
    scenario, problems = _check(raw, label, deferred)
    if scenario is not None:
        problems += [f"{label}: {p}" for p in reforms_outside_period(scenario, scenario.run.years)]
        problems += _reform_problems(scenario, label, deferred)
    return scenario, problems


def validate_raw(raw: dict[str, Any], label: str, allow_imports: bool = True, import_now: bool = True) -> Scenario:
    """Validate a merged raw dict; collect every problem (schema, regime name, reforms, extensions).

    The whole file is checked before any extension it names is imported; names an extension may register
    are checked after the import, in a second pass. import_now=False stops after the first pass (a
    parent file, checked on its own before the file that extends it)."""
    huge = huge_integers(raw)
    if huge:                                   # before pydantic or a message tries to print them
        raise ScenarioError([f"{label}: {p}" for p in huge])
    raw = with_country(raw)
    load_entry_points()
    mods, problems = extension_modules(raw, label)
    scenario, found = _pass(raw, label, deferred=bool(mods))
    problems += found
    if problems:
        raise ScenarioError(problems)
    if mods and import_now:
        problems = _import_problems(mods, label, allow_imports)
        if not problems:
            scenario, problems = _pass(raw, label, deferred=False)
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


def refuse_extension_overrides(overrides: dict[str, Any] | None, label: str) -> None:
    """`extensions` comes only from a scenario file's top level: never from --set, a link or the API's
    overrides (SECURITY.md)."""
    bad = [k for k in overrides or {} if str(k).split(".")[0].strip() == "extensions"]
    if bad:
        raise ScenarioError([f"{label}: --set {bad[0]}: extensions (Python modules to import) can only be named "
                             "at the top level of a scenario file, never in an override"])


def load_scenario(ref: str | Path, overrides: dict[str, Any] | None = None, country: str | None = None) -> Scenario:
    """Load a built-in scenario by name or a TOML file, resolve `extends`, apply dotted overrides.

    overrides: {"liability.regime": "uk_psr_2024", ...}; string values are parsed as TOML values.
    country: run it on this country pack (the CLI's --country); a scenario of another country is refused.
    Raises ScenarioError listing every problem (file, key path, message, did-you-mean).
    `Scenario.with_overrides(...)` applies further dotted overrides to a loaded scenario.
    """
    raw, label = _resolve(ref)
    _select_country(raw, label, country)
    refuse_extension_overrides(overrides, label)
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
                                 f"({', '.join(builtin_names())}), not {_shown(raw['extends'])}"])
        base, _ = _resolve(raw["extends"])
        raw = deep_merge(base, raw)
    raw["name"] = own_name
    return validate_raw(raw, label, allow_imports=False)


def apply_overrides(scenario: Scenario, overrides: dict[str, Any]) -> Scenario:
    """The scenario with dotted overrides applied and validated (the modules its own file named are the
    only ones it may import; overrides never name any)."""
    label = f"{scenario.name} (overrides)"
    refuse_extension_overrides(overrides, label)
    raw = scenario.model_dump(mode="python")
    for key, value in overrides.items():
        set_dotted(raw, key, parse_value(value) if isinstance(value, str) else value)
    return validate_raw(raw, label)


def to_toml(scenario: Scenario, base: str | None = "nl_baseline") -> str:
    """A TOML document for the scenario (only what differs from `base`), written by a TOML library and
    checked to read back as the same scenario: see scenarios/writer.py."""
    from fraudchain.scenarios.writer import to_toml as write

    return write(scenario, base)
