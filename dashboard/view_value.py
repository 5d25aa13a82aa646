"""The section "Wat levert het op?" / "What does it buy?", decision first: one sentence per measure (loss
avoided per public euro and the net benefit to society, each with its 95 % interval), each measure's
net benefit as a chart, every value-for-money figure in a table; then what each measure contributes to
a package (a waterfall with intervals); then the budget answer (view_budget.py).

Owns this section's layout and widgets. Computation is sim's (fraudchain.sim.studies.value on the
stored replications, paired like `compare`, with uncertainty in assumptions by default); the
contributions run in the background worker (work.contributions) and are precomputed by `make run` for
the full package; nothing here runs a model.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import streamlit as st
from fraudchain.dashboard import data, jobs, specs, state, value_figures, view_budget, waiting, work
from fraudchain.dashboard.i18n import esc, fmt_kpi_delta, fmt_number, kpi_name, t
from fraudchain.dashboard.names import measure_name, scenario_name
from fraudchain.scenarios.loader import ScenarioError, builtin_names
from fraudchain.sim.errors import BadInput
from fraudchain.sim.safe_text import safe_figure
from fraudchain.sim.studies.contributions import measures_of, plan, plan_workload
from fraudchain.sim.studies.value import METRICS, RATIOS, value_metrics

MEASURES, PACKAGE, PACKAGE_KPIS = work.MEASURES, work.PACKAGE, work.PACKAGE_KPIS


def _fmt(k: str, v: float | None, lang: str) -> str:
    if v is None:
        return "–"
    return fmt_number(v, lang, 2) if k in RATIOS else fmt_kpi_delta("x_eur", v, lang)


def _note(k: str, m: Any, metrics: dict[str, Any], lang: str) -> str:
    """Why a ratio has no value, in the visitor's language (sim's note is English)."""
    if k not in RATIOS or m.mean is not None:
        return ""
    cost = metrics["public_cost_eur"] if k == "loss_avoided_per_public_eur" else None
    if cost is not None and cost.mean is not None and cost.mean <= 0:
        return t("ratio_cost_no_rise", lang)
    return t("ratio_cost_unclear", lang)


def _table(per_measure: list[tuple[str, dict[str, Any]]], lang: str) -> pd.DataFrame:
    rows = []
    for name, metrics in per_measure:
        for k in METRICS:
            m = metrics[k]
            rows.append({t("measure", lang): scenario_name(name, lang), t("metric", lang): t(f"metric_{k}", lang),
                         t("mean", lang): _fmt(k, m.mean, lang),
                         t("interval95", lang): "" if m.ci_low is None else
                         f"[{_fmt(k, m.ci_low, lang)}; {_fmt(k, m.ci_high, lang)}]",
                         t("explanation", lang): _note(k, m, metrics, lang)})
    return pd.DataFrame(rows)


def _value_section(vs: state.ViewState) -> None:
    lang = vs.lang
    st.header(t("value_per_measure", lang))
    options = [n for n in builtin_names() + list(vs.custom) if n != specs.REFERENCE]
    key = state.wkey("w_v_scen", lang)
    wanted = [n for n in (vs.extra.get("scen") or "|".join(MEASURES)).split("|") if n in options]   # '|': never in a name
    state.seed_widget(key, wanted)
    st.multiselect(t("value_pick", lang), options, key=key, format_func=lambda n: scenario_name(n, lang))
    chosen = [n for n in st.session_state[key] if n in options]
    vs.extra["scen"] = "|".join(chosen)
    if not chosen:
        return
    try:
        scenarios = [specs.resolve(n, vs.custom) for n in [specs.REFERENCE, *chosen]]
        status = data.ensure(scenarios, vs.scale, lang, vs.uncertainty)
    except ScenarioError as e:
        st.error("\n".join(f"- {esc(p)}" for p in e.problems))
        return
    except data.WorkTooLarge as e:
        st.error(esc(str(e), limit=600))
        return
    if status.state != "done":
        st.info(t("computing_background", lang))
        waiting.wait("replications", data.replications_job(scenarios, vs.scale, vs.uncertainty), lang, "value")
        return
    cmp = data.load(scenarios, vs.scale, vs.uncertainty, tables=False)
    if cmp is None:
        st.rerun()
    names = cmp.scenarios
    per = {n: {k: np.array(s.values, dtype=float) for k, s in r.kpis.items()} for n, r in cmp.results.items()}
    per_measure = [(n, value_metrics(per[names[0]], per[n])[0]) for n in names[1:]]
    seeds = vs.scale.seeds
    st.markdown("\n".join(f"- {esc(value_figures.measure_sentence(n, m, seeds, lang), limit=400)}"
                          for n, m in per_measure))
    st.caption(t("value_how", lang, ref=scenario_name(specs.REFERENCE, lang)))
    st.plotly_chart(safe_figure(value_figures.net_benefit_chart([(n, m["net_benefit_eur"]) for n, m in per_measure],
                                                                seeds, lang)), width="stretch", key="fig_value")
    with st.expander(t("value_all", lang)):
        st.dataframe(_table(per_measure, lang), hide_index=True, width="stretch")


# ---------------------------------------------------------------------------------------------
def _packages(vs: state.ViewState) -> list[str]:
    out = []
    for n in builtin_names() + list(vs.custom):
        try:
            if len(measures_of(specs.resolve(n, vs.custom))) >= 2:
                out.append(n)
        except ScenarioError:
            continue
    return out


def _show_contributions(res: dict[str, Any], kpi: str, lang: str, partial: bool = False) -> None:
    if kpi not in res.get("kpis", {}):
        return
    st.markdown(f"**{esc(value_figures.contribution_sentence(res, kpi, lang), limit=500)}**")
    st.plotly_chart(safe_figure(value_figures.waterfall(res, kpi, lang)), width="stretch",
                    key="fig_waterfall_partial" if partial else "fig_waterfall")
    if partial:
        return
    c = res["kpis"][kpi]
    rows = [{t("measure", lang): measure_name(m, lang), t("contribution", lang): fmt_kpi_delta(kpi, v["mean"], lang),
             t("interval95", lang): f"[{fmt_kpi_delta(kpi, v['ci_low'], lang)}; {fmt_kpi_delta(kpi, v['ci_high'], lang)}]",
             t("alone", lang): fmt_kpi_delta(kpi, c["standalone"].get(m, {}).get("mean"), lang)}
            for m, v in c["contributions"].items()]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(t("interaction", lang, v=fmt_kpi_delta(kpi, c["interaction"]["mean"], lang)))


def _contributions_section(vs: state.ViewState) -> None:
    lang = vs.lang
    st.header(t("contrib", lang))
    packages = _packages(vs)
    if not packages:
        st.info(t("no_package", lang))
        return
    c1, c2 = st.columns(2)
    kp, kk = state.wkey("w_v_pkg", lang), state.wkey("w_v_kpi", lang)
    state.seed_widget(kp, vs.extra.get("pkg") if vs.extra.get("pkg") in packages else
                      (PACKAGE if PACKAGE in packages else packages[0]))
    state.seed_widget(kk, vs.extra.get("kpi") if vs.extra.get("kpi") in PACKAGE_KPIS else PACKAGE_KPIS[0])
    c1.selectbox(t("package", lang), packages, key=kp, format_func=lambda n: scenario_name(n, lang))
    c2.selectbox(t("kpi", lang), PACKAGE_KPIS, key=kk, format_func=lambda k: kpi_name(k, lang))
    pkg = state.chosen(kp, packages, packages[0])
    kpi = state.chosen(kk, list(PACKAGE_KPIS), PACKAGE_KPIS[0])
    vs.extra.update(pkg=pkg, kpi=kpi)
    scenario = specs.resolve(pkg, vs.custom)
    params = work.contributions_params(scenario, PACKAGE_KPIS, vs.scale.seeds, vs.scale.agents, vs.scale.years,
                                       vs.uncertainty)
    try:
        p = plan(scenario)
    except BadInput as e:
        st.error(esc(str(e), limit=600))
        return
    n = len(p.coalitions)
    st.caption(t("contrib_intro", lang, n=n, seeds=vs.scale.seeds))
    status = jobs.status("contributions", params)
    if status.state == "done":                 # stored (precomputed, or asked for before): nothing to price
        _show_contributions(status.result, kpi, lang)
        return
    if status.state in ("none", "failed"):
        try:                   # every coalition on every replication priced before a worker may start them
            data.refuse_work(plan_workload(scenario, p, vs.scale.agents, vs.scale.seeds, vs.scale.years).cpu_seconds,
                             n * vs.scale.seeds, vs.scale, lang, cap=data.STUDY_CAP)
        except data.WorkTooLarge as e:
            st.error(esc(str(e), limit=600))
            return
        estimate = data.estimate_seconds(n * vs.scale.seeds, vs.scale)
        st.caption(t("contrib_cost", lang, runs=fmt_number(n * vs.scale.seeds, lang),
                     time=waiting.time_left_text(estimate, lang)))
        if not st.button(t("compute", lang), key="w_v_compute"):
            return
        jobs.submit("contributions", params, estimate)
    waiting.wait("contributions", params, lang, "contrib",
                 show_partial=lambda doc: _show_contributions(doc, kpi, lang, partial=True))


def render(vs: state.ViewState) -> None:
    lang = vs.lang
    st.title(t("view_value", lang))
    st.write(t("value_intro", lang, ref=scenario_name(specs.REFERENCE, lang)))
    st.caption(t("scale_line", lang, seeds=vs.scale.seeds, agents=fmt_number(vs.scale.agents, lang),
                 years=vs.scale.years) + " " + t(f"uncertainty_{vs.uncertainty}", lang))
    st.caption(t("public_cost_includes", lang))
    if vs.scale.seeds < 4:
        st.warning(t("few_seeds", lang, seeds=vs.scale.seeds))
    _value_section(vs)
    st.divider()
    _contributions_section(vs)
    st.divider()
    view_budget.render(vs)
