"""What a visitor is looking at, and its mirror in the URL: the view state.

Owns (1) the view state (language, section, scenarios, scale, uncertainty, the builder's choices) and its
link form: query parameters carry identifiers only (scenario ids, KPI keys, numbers), never a label in
some language, so a link works in either language; (2) the URL as a history: every change of view writes
the URL once (Streamlit pushes a browser history entry for it), and a URL the app did not write itself
(Back, Forward, a pasted link) becomes the view; (3) widget keys: a widget whose options are shown in the
visitor's language carries the language in its key, so switching languages never feeds one language's
label back as a value; (4) the scale of a comparison and its caps, and the built-in comparisons.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from fraudchain.dashboard.headline import HEADLINE_KPIS
from fraudchain.dashboard.i18n import DEFAULT_LANG, LANGS, t
from fraudchain.dashboard.specs import (
    MAX_DESCRIPTION,
    REFERENCE,
    UPLOAD_MAX_BYTES,
    mentions_extensions,
    spec_to_scenario,
)
from fraudchain.scenarios.loader import ScenarioError, builtin_names, load_scenario

PREFERRED_SECOND = ("ecp_full_package", "uk_psr_2024")
MAX_SCENARIOS = 4
MAX_SEEDS = 8
AGENT_OPTIONS = (10_000, 20_000, 40_000, 80_000, 150_000)
MAX_YEARS = 5
# the sections a link may name ("value": what does it buy per euro)
VIEWS = ("compare", "value", "builder", "model")
START_DAYS = (0, 365, 730)
SCALE_ENV = "FRAUDCHAIN_DASHBOARD_SCALE"
# how replications differ: "assumptions" (the default: each also draws every uncertain parameter, as
# `--uncertainty assumptions`) or "seeds" (only the random seed)
UNCERTAINTY = ("assumptions", "seeds")
DEFAULT_NAME = {"nl": "Mijn scenario", "en": "My scenario"}
# the comparisons offered ready-made (each precomputed by `make run`): id -> scenarios, reference first
COMPARISONS: dict[str, tuple[str, ...]] = {
    "package": ("nl_baseline", "ecp_full_package"),
    "reimbursement": ("nl_baseline", "uk_psr_2024", "eu_psr_2025", "sg_srf_2024"),
    "duties": ("nl_baseline", "au_spf_2025", "chain_liability"),
    "extremes": ("nl_baseline", "bank_strict", "consumer_bears_all"),
    "measures": ("nl_baseline", "fraud_hub", "een_loket", "awareness_campaign"),
    "system": ("nl_baseline", "system_measures", "broad_participation", "ecp_full_package"),
}


# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scale:
    """Seeds, simulated consumers and years of a comparison."""

    seeds: int = 8
    agents: int = 150_000
    years: int = 3


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


def builtin_comparisons() -> dict[str, list[str]]:
    """The ready-made comparisons whose scenarios all exist."""
    names = set(builtin_names())
    return {k: list(v) for k, v in COMPARISONS.items() if set(v) <= names}


# ---------------------------------------------------------------------------------------------
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
    uncertainty: str = UNCERTAINTY[0]
    extra: dict[str, str] = field(default_factory=dict)      # the value page's choices (ids only)


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
        spec: Any = None
        try:
            if len(raw) > UPLOAD_MAX_BYTES:
                raise ValueError(f"larger than {UPLOAD_MAX_BYTES // 1000} kB")
            spec = json.loads(raw)
            if not isinstance(spec, dict):
                raise ValueError("not an object")
            scenario = spec_to_scenario(spec, lang)
            custom[scenario.name] = {"name": scenario.name, "base": spec.get("base", REFERENCE),
                                     "set": spec.get("set") or {}}
            if spec.get("description"):
                custom[scenario.name]["description"] = str(spec["description"])[:MAX_DESCRIPTION]
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
    name = " ".join((one("n") or DEFAULT_NAME[lang]).split())[:80]
    description = (one("desc") or "")[:MAX_DESCRIPTION]
    sankey = one("sankey") if one("sankey") in chosen else None
    kpi = one("k") if one("k") in HEADLINE_KPIS else "net_loss_eur"
    uncertainty = one("u") if one("u") in UNCERTAINTY else UNCERTAINTY[0]
    extra = {k[2:]: str(v)[:400] for k in query if k.startswith("v_") and (v := one(k))}
    return ViewState(lang, view, chosen[:MAX_SCENARIOS], custom, scale, base, day, changes, name, sankey,
                     description, kpi, uncertainty, extra), problems


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
    """The URL parameters of a view (lists repeat the parameter): identifiers and numbers only."""
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
    if s.uncertainty != UNCERTAINTY[0]:
        q["u"] = s.uncertainty
    if s.view == "value":
        q.update({f"v_{k}": v for k, v in sorted(s.extra.items())})
    return q


def query_lists(qp: Any) -> dict[str, list[str]]:
    """st.query_params (or AppTest's dict) as {key: [values]}."""
    if hasattr(qp, "get_all"):
        return {k: qp.get_all(k) for k in qp.keys()}
    return {k: (list(v) if isinstance(v, (list, tuple)) else [str(v)]) for k, v in dict(qp).items()}


def _as_lists(q: Mapping[str, str | list[str]]) -> dict[str, list[str]]:
    return {k: (list(v) if isinstance(v, list) else [v]) for k, v in q.items()}


# ---------------------------------------------------------------------------------------------
# Session plumbing: the canonical state lives in st.session_state["view_state"]; widgets have their
# own keys (Streamlit drops a widget's state when it is not drawn) and are seeded from it.
WIDGET_PREFIXES = ("w_", "lv_")


def _forget_widgets() -> None:
    for k in [k for k in st.session_state if str(k).startswith(WIDGET_PREFIXES)]:
        del st.session_state[k]


def _widget_values() -> dict[str, Any]:
    return {str(k): copy.deepcopy(v) for k, v in st.session_state.items() if str(k).startswith(WIDGET_PREFIXES)}


def session_view_state() -> ViewState:
    """This session's view state: read from the URL on the session's first run, and again whenever the
    URL is not the one the app wrote last (the browser went Back or Forward, or a link was opened in
    this tab); then every widget is seeded again from it. A run that a widget started (a widget's value
    differs from the end of the last run) is the visitor's choice, never a navigation: under load its
    request can still carry the address from before the app's last write, and reading that back would
    undo the click."""
    current = query_lists(st.query_params)
    written = st.session_state.get("url_written")
    before = st.session_state.get("widgets_written", {})
    # only widgets shown in the last run count (Streamlit drops the state of widgets a run did not show)
    clicked = any(k in before and before[k] != v for k, v in _widget_values().items())
    if "view_state" not in st.session_state or (written is not None and current != written and not clicked):
        vs, problems = state_from_query(current)
        if "view_state" in st.session_state:
            _forget_widgets()
        st.session_state["view_state"] = vs
        st.session_state["link_problems"] = problems
    return st.session_state["view_state"]


def seed_widget(key: str, value: Any) -> None:
    """Give a widget its value from the view state unless it already has one."""
    if key not in st.session_state:
        st.session_state[key] = value


def wkey(name: str, lang: str) -> str:
    """The key of a widget whose options are shown in the visitor's language (see the module's note)."""
    return f"{name}_{lang}"


def chosen(key: str, options: list[Any], fallback: Any) -> Any:
    """A single-choice widget's value, or `fallback` when it is not one of the options (never a label)."""
    value = st.session_state.get(key)
    return value if value in options else fallback


def sync_url(vs: ViewState) -> None:
    """Mirror the view state in the URL (once per change: each write is a browser history entry), so the
    link in the address bar reproduces the view and Back returns to the previous one."""
    wanted = _as_lists(state_to_query(vs))
    if query_lists(st.query_params) != wanted:
        st.query_params.from_dict(state_to_query(vs))
    st.session_state["url_written"] = wanted
    st.session_state["widgets_written"] = _widget_values()
