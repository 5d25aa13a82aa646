"""The dashboard's data: which scenarios are shown, at what scale, and their cached runs.

Owns (1) the view state and its mirror in the URL (st.query_params), so that a link reproduces
the view; (2) scenario specs — a built-in name, or {name, base, set} for scenarios made in the
builder or uploaded — and turning them into validated scenarios through fraudchain.scenarios.loader, the
same validator as the CLI; (3) runs: each replication is read from the disk store (store.py) or
computed once (a progress bar with the time left) and kept; finished comparisons stay in memory
(st.cache_resource: no copy per rerun); (4) the safe caps on scale and on work.
Uses only sim's public API and scenarios' loader/schema; must not touch the engine or agents.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st
from fraudchain.dashboard import store
from fraudchain.dashboard.headline import HEADLINE_KPIS
from fraudchain.dashboard.i18n import DEFAULT_LANG, LANGS, fmt_number, t
from fraudchain.scenarios.loader import ScenarioError, builtin_names, load_scenario, load_text, parse_toml
from fraudchain.scenarios.schema import Scenario
from fraudchain.sim import CompareResult, RunResult
from fraudchain.sim.runs.runner import run_many
from fraudchain.sim.runs.workload import estimate_work

REFERENCE = "nl_baseline"
PREFERRED_SECOND = ("ecp_full_package", "uk_psr_2024")
MAX_SCENARIOS = 4
MAX_SEEDS = 8
AGENT_OPTIONS = (10_000, 20_000, 40_000, 80_000, 150_000)
MAX_YEARS = 5
UPLOAD_MAX_BYTES = 200_000
MAX_DESCRIPTION = 400
# the sections a link may name ("value": what does it buy per euro)
VIEWS = ("compare", "value", "builder", "model")
START_DAYS = (0, 365, 730)
SCALE_ENV = "FRAUDCHAIN_DASHBOARD_SCALE"
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,47}$")


# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scale:
    """Seeds, simulated consumers and years of a comparison."""

    seeds: int = 8
    agents: int = 150_000
    years: int = 3


# the largest comparison computed in one go, in simulated agent-years (seeds x agents x years, summed
# over the scenarios still to compute): 4 scenarios at the landing scale. Stored results cost nothing.
WORK_CAP = 4 * 8 * 150_000 * 3


def default_scale(env: Mapping[str, str] | None = None) -> Scale:
    """The landing view's scale: 8 seeds x 150,000 agents x 3 years (where the README's conclusions
    hold), unless FRAUDCHAIN_DASHBOARD_SCALE
    (e.g. "seeds=2,agents=4000,years=2", for tests and slow machines) says otherwise."""
    env = os.environ if env is None else env
    spec = env.get(SCALE_ENV, "").strip()
    values = {"seeds": Scale.seeds, "agents": Scale.agents, "years": Scale.years}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        key, _, value = part.partition("=")
        if key.strip() in values and value.strip().isdigit():
            values[key.strip()] = int(value.strip())
    return clamp_scale(Scale(**values), allow_small=True)


def agent_options(scale: Scale) -> list[int]:
    return sorted(set(AGENT_OPTIONS) | {scale.agents})


def clamp_scale(scale: Scale, allow_small: bool = False) -> Scale:
    """Keep a (possibly URL-given) scale within safe caps."""
    lo_agents = 1_000 if allow_small else min(AGENT_OPTIONS)
    return Scale(seeds=min(max(scale.seeds, 1), MAX_SEEDS),
                 agents=min(max(scale.agents, lo_agents), max(AGENT_OPTIONS)),
                 years=min(max(scale.years, 1), MAX_YEARS))


def landing_scenarios() -> list[str]:
    """The Dutch baseline against the fullest package that exists."""
    names = builtin_names()
    second = next((n for n in PREFERRED_SECOND if n in names), names[0])
    return [REFERENCE, second]


# ---------------------------------------------------------------------------------------------
# Scenario specs: a built-in name, or {"name", "base", "set"} (dotted overrides over a built-in)
def check_name(name: str) -> str:
    name = name.strip()
    if not NAME_RE.match(name):
        raise ScenarioError([f"name '{name}': use 1-48 letters, digits, '_', '-' or '.', starting with a "
                             "letter or digit"])
    return name


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


def spec_to_scenario(spec: Mapping[str, Any]) -> Scenario:
    """A validated scenario from a spec (built-in base + dotted overrides), via fraudchain.scenarios.loader."""
    name = check_name(str(spec.get("name", "")))
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
               description: str = "") -> dict[str, Any]:
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
    spec: dict[str, Any] = {"name": check_name(name), "base": base, "set": overrides}
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
    # a file without a name is named after itself (load_text would give it the name of what it extends)
    raw_name = str(raw["name"]) if raw.get("name") else os.path.splitext(label)[0]
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", raw_name)[:48] or "uploaded"
    return scenario.model_copy(update={"name": name})


# ---------------------------------------------------------------------------------------------
# View state <-> URL
@dataclass
class ViewState:
    """Everything a link must reproduce."""

    lang: str
    view: str
    scenarios: list[str]
    custom: dict[str, dict[str, Any]]
    scale: Scale
    builder_base: str
    builder_day: int
    builder_changes: dict[str, Any]
    builder_name: str
    sankey: str | None = None
    builder_description: str = ""
    kpi: str = "net_loss_eur"


def _int(value: str | None, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def state_from_query(query: Mapping[str, list[str]], lang_default: str = DEFAULT_LANG) -> tuple[ViewState, list[str]]:
    """Read the URL (each parameter a list of values). Bad parts fall back to defaults, with a message."""
    def one(key: str) -> str | None:
        values = query.get(key) or []
        return values[-1] if values else None

    problems: list[str] = []
    lang = one("lang") if one("lang") in LANGS else lang_default
    view = one("view") if one("view") in VIEWS else VIEWS[0]
    custom: dict[str, dict[str, Any]] = {}
    for raw in (query.get("c") or [])[:2 * MAX_SCENARIOS]:
        try:
            if len(raw) > UPLOAD_MAX_BYTES:
                raise ValueError(f"larger than {UPLOAD_MAX_BYTES // 1000} kB")
            spec = json.loads(raw)
            if not isinstance(spec, dict):
                raise ValueError("not an object")
            spec_to_scenario(spec)
            custom[str(spec["name"])] = {"name": str(spec["name"]), "base": spec.get("base", REFERENCE),
                                         "set": spec.get("set") or {}}
            if spec.get("description"):
                custom[str(spec["name"])]["description"] = str(spec["description"])[:MAX_DESCRIPTION]
        except ScenarioError as e:
            label = spec.get("name", "?") if isinstance(spec, dict) else "?"
            problems += [t("bad_scenario_link", lang, problem=f"{label}: {p}") for p in e.problems]
        except (ValueError, KeyError, TypeError, RecursionError) as e:
            problems.append(t("bad_scenario_link", lang, problem=str(e)[:300]))
    known = set(builtin_names()) | set(custom)
    chosen = []
    for name in query.get("s") or []:
        if name in known and name not in chosen:
            chosen.append(name)
        elif name not in known:
            problems.append(t("bad_scenario_link", lang, problem=f"'{name}'"))
    if not query.get("s"):
        chosen = landing_scenarios()
    d = default_scale()
    scale = clamp_scale(Scale(_int(one("seeds"), d.seeds), _int(one("agents"), d.agents),
                              _int(one("years"), d.years)), allow_small=True)
    if scale.agents not in agent_options(d):
        scale = Scale(scale.seeds, min(agent_options(d), key=lambda a: abs(a - scale.agents)), scale.years)
    base = one("b") if one("b") in builtin_names() else REFERENCE
    day = _int(one("d"), 365)
    day = day if day in START_DAYS else 365
    changes, bad = _valid_changes(one("o"), base)
    problems += [t("bad_change_link", lang, problem=p) for p in bad]
    name = (one("n") or "mijn_scenario")[:48]
    description = (one("desc") or "")[:MAX_DESCRIPTION]
    sankey = one("sankey") if one("sankey") in chosen else None
    kpi = one("k") if one("k") in HEADLINE_KPIS else "net_loss_eur"
    return ViewState(lang, view, chosen[:MAX_SCENARIOS], custom, scale, base, day, changes, name, sankey,
                     description, kpi), problems


def _valid_changes(raw: str | None, base: str) -> tuple[dict[str, Any], list[str]]:
    """The builder's changes from a link: each key=value is validated on its own against the base, so a
    bad one is dropped (with its problem) and the rest kept."""
    if not raw:
        return {}, []
    try:
        changes = json.loads(raw)
    except (ValueError, RecursionError):
        return {}, ["o: not valid JSON"]
    if not isinstance(changes, dict):
        return {}, ["o: not a JSON object"]
    scenario = load_scenario(base)
    ok: dict[str, Any] = {}
    problems: list[str] = []
    for k, v in list(changes.items())[:200]:
        if mentions_extensions({k: v}) or k in ("reforms", "name"):
            problems.append(f"{k}: cannot be set from a link")
            continue
        try:
            scenario.with_overrides({k: v})
            ok[k] = v
        except ScenarioError as e:
            problems += e.problems
        except (ValueError, TypeError, RecursionError) as e:
            problems.append(f"{k}: {e}")
    return ok, problems


def state_to_query(s: ViewState) -> dict[str, str | list[str]]:
    """The URL parameters of a view (lists repeat the parameter)."""
    used = [n for n in s.scenarios if n in s.custom]
    q: dict[str, str | list[str]] = {
        "lang": s.lang, "view": s.view, "s": list(s.scenarios),
        "seeds": str(s.scale.seeds), "agents": str(s.scale.agents), "years": str(s.scale.years),
    }
    if used:
        q["c"] = [json.dumps(s.custom[n], separators=(",", ":"), sort_keys=True) for n in used]
    if s.view == "builder":
        q.update({"b": s.builder_base, "d": str(s.builder_day), "n": s.builder_name})
        if s.builder_description:
            q["desc"] = s.builder_description
        if s.builder_changes:
            q["o"] = json.dumps(s.builder_changes, separators=(",", ":"), sort_keys=True)
    if s.sankey:
        q["sankey"] = s.sankey
    if s.kpi != "net_loss_eur":
        q["k"] = s.kpi
    return q


def query_lists(qp: Any) -> dict[str, list[str]]:
    """st.query_params (or AppTest's dict) as {key: [values]}."""
    if hasattr(qp, "get_all"):
        return {k: qp.get_all(k) for k in qp.keys()}
    return {k: (list(v) if isinstance(v, (list, tuple)) else [str(v)]) for k, v in dict(qp).items()}


# ---------------------------------------------------------------------------------------------
# Runs: the disk store first, then compute what is missing (all missing replications at once, in
# parallel); finished comparisons stay in this process's memory.
class WorkTooLarge(Exception):
    """A comparison beyond WORK_CAP; the message says what to reduce."""


MEMORY_ENTRIES = 8      # scenario runs kept in memory (one at 8 x 150,000 takes ~100 MB)
_MEMORY_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False)
def _memory() -> OrderedDict[tuple, RunResult]:
    return OrderedDict()


def _reference_seconds(agents: int, years: int) -> float:
    return estimate_work(load_scenario(REFERENCE), agents, 1, years).cpu_seconds


def refuse_work(cpu_seconds: float, runs: int, scale: Scale, lang: str) -> None:
    """WorkTooLarge beyond WORK_CAP (the dashboard has no --yes); CPU time is counted in simulated
    person-years of the reference scenario at this scale, WORK_CAP's unit."""
    work = cpu_seconds / _reference_seconds(scale.agents, scale.years) * scale.agents * scale.years
    if work > WORK_CAP * (1 + 1e-9):
        raise WorkTooLarge(t("work_too_large", lang, runs=runs, agents=fmt_number(scale.agents, lang),
                             years=scale.years, work=fmt_number(work / 1e6, lang, 1),
                             cap=fmt_number(WORK_CAP / 1e6, lang, 1)))


def check_work(scenarios: list[Scenario], scale: Scale, lang: str) -> list[tuple[Scenario, int]]:
    """The replications still to compute; raises WorkTooLarge beyond WORK_CAP."""
    missing = [(s, seed) for s in scenarios for seed in range(scale.seeds)
               if _key(s, scale) not in _memory().keys()
               and not store.has_seed(s.model_dump_json(), seed, scale.agents, scale.years)]
    refuse_work(sum(estimate_work(s, scale.agents, 1, scale.years).cpu_seconds for s, _ in missing), len(missing),
                scale, lang)
    return missing


def _key(s: Scenario, scale: Scale) -> tuple:
    return (s.model_dump_json(), scale.seeds, scale.agents, scale.years)


def _time_left(seconds: float, lang: str) -> str:
    if seconds < 60:
        return t("secs_left", lang, n=max(1, round(seconds)))
    return t("mins_left", lang, n=fmt_number(seconds / 60, lang, 0 if seconds >= 600 else 1))


def run_comparison(scenarios: list[Scenario], scale: Scale, lang: str) -> CompareResult:
    """All scenarios on the same seeds 0..seeds-1 (common random numbers: paired by seed, like
    fraudchain.sim.compare). Stored replications are read, the rest computed with a progress bar and kept."""
    memory = _memory()
    missing = check_work(scenarios, scale, lang)
    computed: dict[tuple[str, int], Any] = {}
    if missing:
        rate = store.seconds_per_agent_year()
        workers = max(1, min(len(missing), os.cpu_count() or 1))
        estimate = (rate * scale.agents * scale.years * len(missing) / workers) if rate else None
        first = t("computing", lang, done=0, total=len(missing))
        bar = st.progress(0.0, text=first + (" · " + _time_left(estimate, lang) if estimate else ""))
        t0 = time.monotonic()

        def progress(done: int, total: int) -> None:
            left = (time.monotonic() - t0) / done * (total - done)
            bar.progress(done / total, text=t("computing", lang, done=done, total=total)
                         + ("" if done == total else " · " + _time_left(left, lang)))

        results = run_many(missing, scale.agents, scale.years, progress=progress)
        for (s, seed), r in zip(missing, results, strict=True):
            store.save_seed(s.model_dump_json(), scale.agents, scale.years, r)
            computed[(s.model_dump_json(), seed)] = r
        bar.empty()
    out: dict[str, RunResult] = {}
    for s in scenarios:
        key = _key(s, scale)
        with _MEMORY_LOCK:                    # sessions run in threads of one process
            found = memory.get(key)
            if found is not None:
                memory.move_to_end(key)
        if found is None:
            js = s.model_dump_json()
            per = [computed.get((js, seed)) or store.load_seed(js, seed, scale.agents, scale.years)
                   for seed in range(scale.seeds)]
            unreadable = [seed for seed, r in enumerate(per) if r is None]     # a damaged store entry
            if unreadable:
                for seed, r in zip(unreadable, run_many([(s, x) for x in unreadable], scale.agents, scale.years),
                                   strict=True):
                    per[seed] = r
            found = RunResult(s, list(range(scale.seeds)), scale.agents, scale.years, per)
            with _MEMORY_LOCK:
                memory[key] = found
                while len(memory) > MEMORY_ENTRIES:
                    memory.popitem(last=False)
        out[s.name] = found
    return CompareResult(out)


def comparison_key(scenarios: list[Scenario], scale: Scale) -> str:
    """A short stable id of a comparison (for caching its figures and tables)."""
    import hashlib

    h = hashlib.sha256("|".join(s.model_dump_json() for s in scenarios).encode())
    h.update(f"{scale.seeds},{scale.agents},{scale.years}".encode())
    return h.hexdigest()[:20]


def reforms_outside(scenarios: list[Scenario], years: int) -> list[tuple[str, int]]:
    """(scenario, day) of reforms that fall after the simulated period: such a scenario equals its
    starting point in that run."""
    days = years * 365
    return [(s.name, r.day) for s in scenarios for r in s.reforms if r.day >= days]


# ---------------------------------------------------------------------------------------------
# Session plumbing: the canonical state lives in st.session_state["view_state"]; widgets have their
# own keys (Streamlit drops a widget's state when it is not drawn) and are seeded from it.
def session_view_state() -> ViewState:
    """This session's view state, read from the URL on the session's first run."""
    if "view_state" not in st.session_state:
        vs, problems = state_from_query(query_lists(st.query_params))
        st.session_state["view_state"] = vs
        st.session_state["link_problems"] = problems
    return st.session_state["view_state"]


def seed_widget(key: str, value: Any) -> None:
    """Give a widget its value from the view state unless it already has one."""
    if key not in st.session_state:
        st.session_state[key] = value


def sync_url(vs: ViewState) -> None:
    """Mirror the view state in the URL, so the link in the address bar reproduces the view."""
    wanted = state_to_query(vs)
    if query_lists(st.query_params) != {k: (v if isinstance(v, list) else [v]) for k, v in wanted.items()}:
        st.query_params.from_dict(wanted)
