"""The section "Wat levert het op?" / "What does it buy?": value for money per scenario, each measure's
contribution to a package (a waterfall), and the Pareto front of the public budget, whose points open
in the scenario builder.

Owns this section's layout, widgets and its own texts (Dutch and English). Computation is sim's:
fraudchain.sim.studies.value (paired by seed against the reference), fraudchain.sim.studies.contributions (Shapley values over the
package's measures) and fraudchain.sim.studies.optimise (the public_budget preset). Contributions and the search run
only on a button press, at this page's scale, and are cached.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from fraudchain.dashboard import data, view_budget
from fraudchain.dashboard.i18n import esc, fmt_number
from fraudchain.scenarios.loader import ScenarioError, builtin_names
from fraudchain.scenarios.packs import default_value
from fraudchain.sim.errors import BadInput
from fraudchain.sim.safe_text import chart_text, safe_figure
from fraudchain.sim.studies.contributions import measures_of, plan, plan_workload
from fraudchain.sim.studies.value import METRICS, RATIOS, value_metrics

TEXT: dict[str, dict[str, str]] = {
    "title": {"nl": "Wat levert het op?", "en": "What does it buy?"},
    "intro": {"nl": "Wat een maatregel oplevert tegenover {ref}, gepaard per seed: voorkomen verlies, publieke en "
                    "private kosten, netto maatschappelijk voordeel en de verhoudingen, elk met een 95 %-interval.",
              "en": "What a measure buys against {ref}, paired by seed: loss avoided, public and private cost, net "
                    "social benefit and the ratios, each with a 95 % interval."},
    "value": {"nl": "Waarde per scenario", "en": "Value per scenario"},
    "pick": {"nl": "Scenario's", "en": "Scenarios"},
    "missing": {"nl": "Ontbrekende termen (nog niet berekend door het model): {terms}",
                "en": "Missing terms (not yet computed by the model): {terms}"},
    "contrib": {"nl": "Bijdrage per maatregel", "en": "Contribution of each measure"},
    "contrib_intro": {"nl": "Shapley-waarden: elke maatregel krijgt zijn gemiddelde bijdrage over alle volgordes; "
                            "samen tellen ze op tot het effect van het pakket. Rekent {n} combinaties door.",
                      "en": "Shapley values: each measure gets its average contribution over every order; together "
                            "they add up to the package's effect. Runs {n} combinations."},
    "package": {"nl": "Pakket", "en": "Package"},
    "no_package": {"nl": "Geen scenario met twee of meer benoemde maatregelen.",
                   "en": "No scenario with two or more named measures."},
    "kpi": {"nl": "Indicator", "en": "Indicator"},
    "compute": {"nl": "Bereken bijdragen", "en": "Compute contributions"},
    "effect": {"nl": "pakket", "en": "package"},
    "interaction": {"nl": "Samenspel (pakket min som van de losse effecten): {v}",
                    "en": "Interaction (package minus the sum of the standalone effects): {v}"},
    "front": {"nl": "Beste verdeling van het publieke budget", "en": "Best split of the public budget"},
    "front_intro": {"nl": "Zoekt de verdeling van het budget over hub, Eén Loket, campagnes en slachtofferhulp "
                          "(optuna, meerdere doelen). Elk punt van het front is opnieuw doorgerekend op verse seeds.",
                    "en": "Searches the split of the budget over hub, Eén Loket, campaigns and victim support "
                          "(optuna, several objectives). Every front point is run again on fresh seeds."},
    "budget": {"nl": "Budget (EUR per jaar)", "en": "Budget (EUR a year)"},
    "trials": {"nl": "Pogingen", "en": "Trials"},
    "search": {"nl": "Zoek", "en": "Search"},
    "upload": {"nl": "Of laad de JSON van `fraudchain optimise --format json`",
               "en": "Or load the JSON of `fraudchain optimise --format json`"},
    "bad_upload": {"nl": "Dit is geen uitvoer van fraudchain optimise: {why}",
                   "en": "This is not output of fraudchain optimise: {why}"},
    "open": {"nl": "Open punt {i} in de scenariobouwer", "en": "Open point {i} in the scenario builder"},
    "without": {"nl": "zonder hefbomen", "en": "without levers"},
    "scale": {"nl": "{seeds} seeds x {agents} agenten x {years} jaar; laatste jaar, landelijk.",
              "en": "{seeds} seeds x {agents} agents x {years} years; last year, national."},
}
METRIC_TEXT = {
    "loss_avoided_eur": ("Voorkomen verlies", "Loss avoided"), "harm_avoided_eur": ("Voorkomen schade", "Harm avoided"),
    "public_cost_eur": ("Extra publieke kosten", "Extra public cost"),
    "private_cost_eur": ("Extra private kosten", "Extra private cost"),
    "net_benefit_eur": ("Netto maatschappelijk voordeel", "Net social benefit"),
    "benefit_cost_ratio": ("Baten/kosten", "Benefit-cost ratio"),
    "loss_avoided_per_public_eur": ("Voorkomen verlies per publieke euro", "Loss avoided per public EUR"),
}
PACKAGE_KPIS = ("net_loss_eur", "victims", "loss_borne_victims_eur", "social_cost_eur", "public_cost_eur")
MAX_CONTRIB_SEEDS = 2


def _t(key: str, lang: str, **kw: Any) -> str:
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**kw) if kw else text


def _metric_name(k: str, lang: str) -> str:
    return METRIC_TEXT[k][0 if lang == "nl" else 1]


def _fmt(v: float | None, lang: str, ratio: bool = False) -> str:
    if v is None:
        return "–"
    return f"{v:.2f}" if ratio else fmt_number(v, lang)


# ---------------------------------------------------------------------------------------------
def _value_section(vs: data.ViewState) -> None:
    lang = vs.lang
    st.subheader(_t("value", lang))
    options = [n for n in builtin_names() + list(vs.custom) if n != data.REFERENCE]
    data.seed_widget("w_v_scen", [n for n in ("ecp_full_package",) if n in options])
    st.multiselect(_t("pick", lang), options, key="w_v_scen")
    chosen = list(st.session_state["w_v_scen"])
    if not chosen:
        return
    try:
        scenarios = [data.resolve(n, vs.custom) for n in [data.REFERENCE, *chosen]]
    except ScenarioError as e:
        st.error("\n".join(f"- {p}" for p in e.problems))
        return
    runs = data.run_comparison(scenarios, vs.scale, lang).results
    per = {n: {k: np.array(s.values, dtype=float) for k, s in r.kpis.items()} for n, r in runs.items()}
    rows, missing, bars = [], [], []
    for name in chosen:
        metrics, missing = value_metrics(per[data.REFERENCE], per[name])
        for k in METRICS:
            m = metrics[k]
            rows.append({"scenario": name, "metric": _metric_name(k, lang),
                         "mean": _fmt(m.mean, lang, k in RATIOS),
                         "95 %": "" if m.ci_low is None else
                         f"[{_fmt(m.ci_low, lang, k in RATIOS)}; {_fmt(m.ci_high, lang, k in RATIOS)}]",
                         "note": m.note})
        bars.append((name, metrics))
    fig = go.Figure()
    for k in ("loss_avoided_eur", "public_cost_eur", "private_cost_eur", "net_benefit_eur"):
        ms = [m[k] for _, m in bars]
        fig.add_trace(go.Bar(name=_metric_name(k, lang), x=[chart_text(n) for n, _ in bars], y=[m.mean for m in ms],
                             error_y={"type": "data", "symmetric": False,
                                      "array": [(m.ci_high or 0) - (m.mean or 0) for m in ms],
                                      "arrayminus": [(m.mean or 0) - (m.ci_low or 0) for m in ms]}))
    fig.update_layout(barmode="group", template="plotly_white", height=420, yaxis_title="EUR",
                      title=_t("value", lang) + f" vs {data.REFERENCE}")
    st.plotly_chart(safe_figure(fig), width="stretch", key="fig_value")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    if missing:
        st.caption(_t("missing", lang, terms=", ".join(missing)))


# ---------------------------------------------------------------------------------------------
@st.cache_data(max_entries=8, show_spinner=True)
def cached_contributions(scenario_json: str, seeds: int, agents: int, years: int) -> dict[str, Any]:
    from fraudchain.scenarios.schema import Scenario
    from fraudchain.sim.studies.contributions import contributions

    s = Scenario.model_validate_json(scenario_json)
    return contributions(s, PACKAGE_KPIS, seeds=seeds, agents=agents, years=years).to_dict()


def waterfall(res: dict[str, Any], kpi: str, lang: str) -> go.Figure:
    """Each measure's Shapley contribution, then the package's effect as the total."""
    c = res["kpis"][kpi]
    names = list(c["contributions"])
    values = [c["contributions"][m]["mean"] for m in names]
    fig = go.Figure(go.Waterfall(x=[*(chart_text(n) for n in names), _t("effect", lang)],
                                 y=[*values, c["package_effect"]["mean"]],
                                 measure=["relative"] * len(names) + ["total"],
                                 text=[fmt_number(v, lang) for v in [*values, c["package_effect"]["mean"]]]))
    fig.update_layout(template="plotly_white", height=420, showlegend=False,
                      title=f"{chart_text(res['scenario'])}: {kpi} ({chart_text(res['method'])})")
    return fig


def _contributions_section(vs: data.ViewState) -> None:
    lang = vs.lang
    st.subheader(_t("contrib", lang))
    packages = []
    for n in builtin_names() + list(vs.custom):
        try:
            if len(measures_of(data.resolve(n, vs.custom))) >= 2:
                packages.append(n)
        except ScenarioError:
            continue
    if not packages:
        st.info(_t("no_package", lang))
        return
    c1, c2 = st.columns(2)
    pkg = c1.selectbox(_t("package", lang), packages, key="w_v_pkg")
    kpi = c2.selectbox(_t("kpi", lang), PACKAGE_KPIS, key="w_v_kpi")
    scenario = data.resolve(pkg, vs.custom)
    seeds = min(vs.scale.seeds, MAX_CONTRIB_SEEDS)
    try:                               # every coalition priced before the button can start them
        p = plan(scenario)
        data.refuse_work(plan_workload(scenario, p, vs.scale.agents, seeds, vs.scale.years).cpu_seconds,
                         len(p.coalitions) * seeds, vs.scale, lang)
    except (data.WorkTooLarge, BadInput) as e:
        st.error(esc(str(e), limit=600))
        return
    n = len(p.coalitions)
    st.caption(_t("contrib_intro", lang, n=n) + " " + _t("scale", lang, seeds=seeds, agents=fmt_number(
        vs.scale.agents, lang), years=vs.scale.years))
    key = (scenario.model_dump_json(), seeds, vs.scale.agents, vs.scale.years)
    if st.button(_t("compute", lang), key="w_v_compute"):
        st.session_state["v_contrib_key"] = key
    if st.session_state.get("v_contrib_key") != key:
        return
    res = cached_contributions(*key)
    st.plotly_chart(safe_figure(waterfall(res, kpi, lang)), width="stretch", key="fig_waterfall")
    c = res["kpis"][kpi]
    rows = [{"measure": m, "mean": fmt_number(v["mean"], lang),
             "95 %": f"[{fmt_number(v['ci_low'], lang)}; {fmt_number(v['ci_high'], lang)}]"}
            for m, v in c["contributions"].items()]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(_t("interaction", lang, v=fmt_number(c["interaction"]["mean"], lang)))


# ---------------------------------------------------------------------------------------------
@st.cache_data(max_entries=8, show_spinner=True)
def cached_front(budget: float, trials: int, seeds: int, agents: int, years: int) -> dict[str, Any]:
    from fraudchain.scenarios.loader import load_scenario
    from fraudchain.sim.studies.optimise import Problem, optimise
    from fraudchain.sim.studies.policy_levers import PRESETS

    preset = PRESETS["public_budget"]
    problem = Problem(load_scenario(data.REFERENCE), list(preset["levers"]), list(preset["objectives"]), [],
                      budget, agents, years)
    out = Path(tempfile.mkdtemp(prefix="fraudchain-front-"))
    return optimise(problem, out, trials, min(seeds, 2), seeds, kind="local")


def front_seconds(budget: float, trials: int, seeds: int, agents: int, years: int) -> float:
    """The CPU time cached_front asks for (sim/runs/workload.py): the trials, then every front point and the
    reference on fresh seeds."""
    from fraudchain.scenarios.loader import load_scenario
    from fraudchain.sim.runs.workload import combine, estimate_work

    s = load_scenario(data.REFERENCE)
    return combine([estimate_work(s, agents, min(seeds, 2), years, runs=trials * min(seeds, 2)),
                    estimate_work(s, agents, seeds, years, runs=(trials + 1) * seeds)]).cpu_seconds


MAX_FRONT_POINTS = 1000


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _interval_ok(v: Any) -> bool:
    """{"mean", "ci_low", "ci_high"} as numbers (None allowed where no interval exists)."""
    return isinstance(v, dict) and _number(v.get("mean")) and all(
        v.get(k) is None or _number(v.get(k)) for k in ("ci_low", "ci_high"))


def _check_point(p: Any, allowed: set[str], drawn: list[str]) -> None:
    if not isinstance(p, dict) or not isinstance(p.get("params"), dict) or not isinstance(p.get("objectives"), dict):
        raise ValueError("each front point needs params and objectives")
    if not all(_number(v) for v in p["params"].values()):
        raise ValueError("lever values must be numbers")
    unknown = [k for k in p["params"] if k not in allowed]
    if unknown:
        raise ValueError(f"unknown levers: {', '.join(map(str, unknown[:5]))}")
    if not all(isinstance(k, str) and _interval_ok(v) for k, v in p["objectives"].items()):
        raise ValueError("objectives must map KPI names to {mean, ci_low, ci_high} numbers")
    missing = [k for k in drawn if k not in p["objectives"] and not _interval_ok((p.get("kpis") or {}).get(k))]
    if missing:
        raise ValueError(f"a front point lacks the objective {missing[0]!r}")
    alloc = p.get("allocation")
    if alloc is not None and not (isinstance(alloc, dict) and all(
            isinstance(a, dict) and isinstance(a.get("buys", ""), str) for a in alloc.values())):
        raise ValueError("allocation must map channels to {eur, spent_eur, buys}")
    if "trial" in p and not (isinstance(p["trial"], int) and not isinstance(p["trial"], bool)):
        raise ValueError("trial must be a whole number")


def check_front(doc: Any) -> dict[str, Any]:
    """An uploaded front: the documented shape, a built-in scenario, numbers only; every field the page
    reads has the type it needs (ValueError with a reason otherwise)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("front"), list) or "trials" not in doc:
        raise ValueError("needs {\"front\": [...], \"trials\": N}")
    if len(doc["front"]) > MAX_FRONT_POINTS:
        raise ValueError(f"more than {MAX_FRONT_POINTS} front points")
    if not isinstance(doc.get("trials"), int) or isinstance(doc.get("trials"), bool) or doc["trials"] < 0:
        raise ValueError("trials must be a whole number")
    scenario = doc.get("scenario", data.REFERENCE)
    if not isinstance(scenario, str) or scenario not in builtin_names():
        raise ValueError(f"scenario {str(scenario)[:60]!r} is not built in")
    years = doc.get("years", 3)
    if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= 20:
        raise ValueError("years must be a whole number from 1 to 20")
    from fraudchain.scenarios.loader import load_scenario
    from fraudchain.sim.studies.policy_levers import pseudo_keys
    from fraudchain.sim.studies.sweep_design import numeric_keys

    drawn: list[str] = []
    if {"objectives", "reference", "fresh_seeds"} <= set(doc):       # the chart is drawn: it reads these
        objs, ref = doc["objectives"], doc["reference"]
        if not (isinstance(objs, list) and 1 <= len(objs) <= 10 and all(isinstance(o, str) for o in objs)):
            raise ValueError("objectives must be a list of 1 to 10 KPI names")
        if not (isinstance(ref, dict) and isinstance(ref.get("objectives"), dict)
                and all(_interval_ok(ref["objectives"].get(o)) for o in objs)):
            raise ValueError("reference must give every objective as {mean, ci_low, ci_high}")
        if not isinstance(doc["fresh_seeds"], list):
            raise ValueError("fresh_seeds must be a list")
        drawn = objs
    allowed = set(pseudo_keys()) | set(numeric_keys(load_scenario(scenario)))
    for p in doc["front"]:
        _check_point(p, allowed, drawn)
    budget = doc.get("budget_eur")
    if budget is not None and not (_number(budget) and 0 <= budget <= 1e10):
        raise ValueError("budget_eur must be a number between 0 and 1e10")
    if budget is None and any(str(k).startswith("budget.") for p in doc["front"] for k in p["params"]):
        raise ValueError("budget levers need budget_eur (the money they split)")
    return doc


def _open_in_builder(changes: dict[str, Any], base: str, name: str, day: int) -> None:
    """Button callback: the builder shows this point's changes on the scenario the search started from."""
    vs: data.ViewState = st.session_state["view_state"]
    vs.builder_base, vs.builder_changes, vs.builder_name = base, changes, name
    vs.builder_day = day if day in data.START_DAYS else 365
    for k in [k for k in st.session_state if str(k).startswith(("lv_", "w_b_"))]:
        del st.session_state[k]
    st.session_state["w_view"] = "builder"


def _front_section(vs: data.ViewState) -> None:
    from fraudchain.scenarios.loader import load_scenario
    from fraudchain.sim.studies.optimise_report import front_figure
    from fraudchain.sim.studies.policy_levers import lever_changes, start_day

    lang = vs.lang
    st.subheader(_t("front", lang))
    st.caption(_t("front_intro", lang))
    c1, c2, c3 = st.columns([2, 2, 1])
    start = float(default_value("hub.funding_eur_per_year"))     # the Dutch pack's structural hub funding
    budget = c1.select_slider(_t("budget", lang), sorted({start, 2e6, 5e6, 10e6}), value=start,
                              key="w_v_budget", format_func=lambda v: fmt_number(v, lang))
    trials = c2.slider(_t("trials", lang), 2, 40, 12, key="w_v_trials")
    key = (float(budget), int(trials), vs.scale.seeds, vs.scale.agents, vs.scale.years)
    if c3.button(_t("search", lang), key="w_v_search"):
        try:
            data.refuse_work(front_seconds(*key), int(trials) * min(vs.scale.seeds, 2), vs.scale, lang)
            st.session_state["v_front"] = ("run", key)
        except data.WorkTooLarge as e:
            st.error(esc(str(e), limit=600))
    up = st.file_uploader(_t("upload", lang), type=["json"], key="w_v_upload", max_upload_size=1)
    res = None
    if up is not None:
        try:
            res = check_front(json.loads(up.getvalue().decode("utf-8")))
        except (ValueError, UnicodeDecodeError, RecursionError) as e:
            st.error(_t("bad_upload", lang, why=esc(e)))
    elif st.session_state.get("v_front") == ("run", key):
        res = cached_front(*key)
    if not res or not res["front"]:
        return
    if {"objectives", "reference", "fresh_seeds"} <= set(res):
        st.plotly_chart(safe_figure(front_figure(res)), width="stretch", key="fig_front")
    base = res.get("scenario", data.REFERENCE)
    scenario = load_scenario(base)
    for i, p in enumerate(res["front"]):
        objs = ", ".join(f"{k} {fmt_number(v.get('mean') if isinstance(v, dict) else None, lang)}"
                         for k, v in p["objectives"].items())
        alloc = "; ".join(f"{ch}: {a.get('buys', '') if isinstance(a, dict) else ''}"
                          for ch, a in (p.get("allocation") or {}).items())
        st.markdown(f"**{i + 1}.** {esc(objs)}  \n{esc(alloc)}")
        changes, _ = lever_changes(scenario, p["params"], res.get("budget_eur"))
        st.button(_t("open", lang, i=i + 1), key=f"w_v_open_{i}", on_click=_open_in_builder,
                  args=(changes, base, f"budget_point_{i + 1}", start_day(res.get("years", 3))))


def render(vs: data.ViewState) -> None:
    lang = vs.lang
    st.title(_t("title", lang))
    st.write(_t("intro", lang, ref=data.REFERENCE))
    st.caption(_t("scale", lang, seeds=vs.scale.seeds, agents=fmt_number(vs.scale.agents, lang),
                  years=vs.scale.years))
    _value_section(vs)
    st.divider()
    _contributions_section(vs)
    st.divider()
    _front_section(vs)
    view_budget.render(vs)
