"""The comparison section (also the landing page): pick 2-4 scenarios and the scale, see KPI cards
with differences and 95 % intervals, every chart, the parameters in which the scenarios differ,
and export (KPIs as CSV, the standalone HTML report).

Owns this section's layout and widgets; the figures come from figures.py, the tables from
tables.py, the runs from data.py. Draws only; runs nothing itself.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, figures
from dashboard.i18n import fmt_kpi, fmt_kpi_delta, fmt_number, kpi_help, kpi_name, t
from dashboard.report import build_report
from dashboard.tables import CARD_KPIS, kpi_csv, param_diff
from scenarios.loader import ScenarioError, builtin_descriptions, builtin_names
from sim import CompareResult


def _controls(vs: data.ViewState) -> None:
    lang = vs.lang
    options = builtin_names() + [n for n in vs.custom if n not in builtin_names()]
    descriptions = builtin_descriptions()
    data.seed_widget("w_scenarios", [n for n in vs.scenarios if n in options])
    st.sidebar.multiselect(t("scenarios", lang), options, key="w_scenarios", max_selections=data.MAX_SCENARIOS,
                           help=t("scenarios_help", lang),
                           format_func=lambda n: n if n in descriptions else f"{n} ✎")
    vs.scenarios = list(st.session_state["w_scenarios"])
    default = data.default_scale()
    with st.sidebar.expander(t("scale", lang)):
        data.seed_widget("w_seeds", vs.scale.seeds)
        st.slider(t("seeds", lang), 1, data.MAX_SEEDS, key="w_seeds", help=t("seeds_help", lang))
        data.seed_widget("w_agents", vs.scale.agents)
        st.select_slider(t("agents", lang), data.agent_options(default), key="w_agents",
                         format_func=lambda a: fmt_number(a, lang), help=t("agents_help", lang))
        data.seed_widget("w_years", vs.scale.years)
        st.slider(t("years", lang), 1, data.MAX_YEARS, key="w_years", help=t("years_help", lang))
    vs.scale = data.Scale(st.session_state["w_seeds"], st.session_state["w_agents"], st.session_state["w_years"])


def _cards(cmp: CompareResult, lang: str) -> None:
    ref = cmp.scenarios[0]
    for name in cmp.scenarios[1:]:
        st.subheader(t("versus", lang, b=name, a=ref))
        r = cmp.results[name]
        keys = [(k, up) for k, up in CARD_KPIS if k in r.kpis]
        for start in range(0, len(keys), 4):
            cols = st.columns(4)
            for col, (k, rise_is_good) in zip(cols, keys[start:start + 4], strict=False):
                s = r.kpis[k]
                d = cmp.difference(k, name, ref)
                with col:
                    st.metric(kpi_name(k, lang), fmt_kpi(k, s.mean, lang), delta=fmt_kpi_delta(k, d.mean, lang),
                              delta_color="normal" if rise_is_good else "inverse", border=True,
                              help=f"{kpi_help(k, lang)} ({t('vs_ref', lang, a=ref)})")
                    st.caption(t("interval", lang, lo=fmt_kpi(k, s.ci_low, lang), hi=fmt_kpi(k, s.ci_high, lang))
                               + "  \n" + t("diff_interval", lang, lo=fmt_kpi_delta(k, d.ci_low, lang),
                                            hi=fmt_kpi_delta(k, d.ci_high, lang)))


def _export(cmp: CompareResult, vs: data.ViewState) -> None:
    lang = vs.lang
    st.subheader(t("export", lang))
    st.caption(t("share_link", lang))
    c1, c2 = st.columns(2)
    stem = "fraudchain_" + "_vs_".join(cmp.scenarios)
    c1.download_button(t("download_csv", lang), kpi_csv(cmp, lang), file_name=f"{stem}.csv", mime="text/csv",
                       key="dl_csv", on_click="ignore")
    c2.download_button(t("download_html", lang), lambda: build_report(cmp, lang), file_name=f"{stem}.html",
                       mime="text/html", key="dl_html", on_click="ignore")


# metric values in a size that fits "EUR 123,4 mln" in a quarter of the page
CSS = "<style>[data-testid='stMetricValue'] { font-size: 1.65rem; }</style>"


def render(vs: data.ViewState) -> None:
    lang = vs.lang
    _controls(vs)
    st.html(CSS)
    st.title(t("app_title", lang))
    st.caption(t("app_subtitle", lang))
    if len(vs.scenarios) < 2:
        st.info(t("need_two", lang))
        return
    try:
        scenarios = [data.resolve(n, vs.custom) for n in vs.scenarios]
    except ScenarioError as e:
        for p in e.problems:
            st.error(p)
        return
    cmp = data.run_comparison(scenarios, vs.scale, lang)
    st.caption(t("measured", lang, seeds=vs.scale.seeds, agents=fmt_number(vs.scale.agents, lang),
                 years=vs.scale.years))
    _cards(cmp, lang)
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(figures.losses_total_over_time(cmp, lang), width="stretch", key="fig_losses_total")
        st.plotly_chart(figures.loss_bearers(cmp, lang), width="stretch", key="fig_bearers")
    with right:
        st.subheader(t("params_differ", lang))
        diff = param_diff(scenarios, lang)
        if len(diff):
            short = diff[[t("param", lang)] + [s.name for s in scenarios]]
            st.dataframe(short, hide_index=True, width="stretch", height=min(35 * (len(diff) + 1) + 3, 700))
            with st.expander(t("params_full", lang)):
                st.dataframe(diff, hide_index=True, width="stretch")
        else:
            st.write(t("params_same", lang))
    st.plotly_chart(figures.sector_bill(cmp, lang), width="stretch", key="fig_sector_bill")
    if st.session_state.get("w_sankey") not in cmp.scenarios:
        st.session_state.pop("w_sankey", None)
    data.seed_widget("w_sankey", vs.sankey if vs.sankey in cmp.scenarios else cmp.scenarios[-1])
    st.selectbox(t("sankey_for", lang), cmp.scenarios, key="w_sankey")
    chosen = st.session_state["w_sankey"]
    vs.sankey = chosen if chosen != cmp.scenarios[-1] else None
    st.plotly_chart(figures.sankey(cmp.results[chosen], lang), width="stretch", key="fig_sankey")
    for key, build in (("losses_by_type", figures.losses_by_type_over_time), ("victim_outcomes", figures.victim_outcomes),
                       ("detection", figures.detection_speed), ("profit", figures.profit_and_displacement),
                       ("victims_who", figures.victim_profile)):
        st.plotly_chart(build(cmp, lang), width="stretch", key=f"fig_{key}")
    _export(cmp, vs)
