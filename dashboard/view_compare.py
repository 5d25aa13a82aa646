"""The comparison section (also the landing page): headline first (one sentence, the ranked paired
differences on the chosen key figure, who pays more or less, the cost to government), then key
figures per scenario, every chart, the parameters in which the scenarios differ, and export.

Owns this section's layout and widgets. Figures and tables are built once per comparison and
language and kept (st.cache_resource), and the headline and the money-flow choice are fragments,
so a click that computes nothing re-renders in well under a second. Figures come from figures.py
and headline.py, tables from tables.py, runs from data.py (missing ones in the background). Draws only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from fraudchain.dashboard import data, figures, headline, specs, state, waiting
from fraudchain.dashboard.catalog import has
from fraudchain.dashboard.i18n import esc, fmt_number, kpi_help, kpi_name, t
from fraudchain.dashboard.names import file_label, reform_label, scenario_description, scenario_name
from fraudchain.dashboard.report import build_report, package_version
from fraudchain.dashboard.tables import CARD_KPIS, csv_metadata, kpi_csv, param_diff
from fraudchain.scenarios.loader import ScenarioError, builtin_names, load_scenario
from fraudchain.scenarios.packs import DEFAULT_COUNTRY, builtin_country, country_codes, pack
from fraudchain.sim import CompareResult
from fraudchain.sim.safe_text import safe_figure


def scenario_label(name: str, vs: state.ViewState) -> str:
    """A scenario's name in the pickers: built-ins by name, one's own marked as such."""
    if name in builtin_names() and name not in vs.custom:
        return scenario_name(name, vs.lang)
    return f"{name} ✎ ({t('custom_mark', vs.lang)})"


def md_name(name: str, lang: str) -> str:
    """A scenario's name for a place that renders Markdown (labels, tabs): a user's own name escaped."""
    return scenario_name(name, lang) if name in builtin_names() else esc(name, 80)


def _on_comparison(vs: state.ViewState, key: str) -> None:
    """A ready-made comparison was chosen: it replaces the scenarios."""
    chosen = st.session_state.get(key)
    comparisons = state.builtin_comparisons()
    if chosen in comparisons:
        vs.scenarios = list(comparisons[chosen])
        st.session_state.pop(state.wkey("w_scenarios", vs.lang), None)


def country_label(code: str, lang: str) -> str:
    """A country pack's name in the picker (the pack's own English name where the catalogue has none); text
    that names no pack is shown as it is."""
    if code not in country_codes():
        return str(code)
    return t(f"country_{code}", lang) if has(f"ui.country_{code}") else pack(code).name


def _country(vs: state.ViewState) -> str:
    """The country picker: the pack whose built-in scenarios are offered (issue 22: a country's baseline and
    its reforms); it starts at the country of the first scenario shown. Switching country shows that pack's
    baseline beside its first reform when none of the scenarios shown belongs to it."""
    lang = vs.lang
    codes = list(country_codes())
    first = next((n for n in vs.scenarios if n in builtin_names()), state.REFERENCE)
    start = builtin_country(first) if builtin_country(first) in codes else DEFAULT_COUNTRY
    key = state.wkey("w_country", lang)     # its labels are in the visitor's language (see state's note)
    state.seed_widget(key, start)
    st.sidebar.selectbox(t("country", lang), codes, key=key, help=t("country_help", lang),
                         format_func=lambda c: country_label(c, lang))
    code = state.chosen(key, codes, start)
    mine = [n for n in vs.scenarios if n not in builtin_names() or builtin_country(n) == code]
    if not any(n in builtin_names() for n in mine):
        base = pack(code).baseline
        others = [n for n in builtin_names() if builtin_country(n) == code and n != base]
        mine = state.landing_scenarios() if code == DEFAULT_COUNTRY else [base, *others[:1]]
        st.session_state.pop(state.wkey("w_scenarios", lang), None)
        # enough years for the reforms to act (the UK's rules start in year 4)
        years = max(load_scenario(n).run.years for n in mine)
        st.session_state["w_years"] = min(max(vs.scale.years, years), state.MAX_YEARS)
    vs.scenarios = mine
    return code


def _controls(vs: state.ViewState) -> None:
    lang = vs.lang
    code = _country(vs)
    comparisons = state.builtin_comparisons()
    current = next((k for k, v in comparisons.items() if v == vs.scenarios), None)
    key = state.wkey("w_preset", lang)
    st.session_state[key] = current
    st.sidebar.selectbox(t("preset", lang), list(comparisons), key=key, index=None, placeholder=t("preset_own", lang),
                         format_func=lambda k: t(f"preset_{k}", lang), on_change=_on_comparison, args=(vs, key))
    own = [n for n in builtin_names() if builtin_country(n) == code]
    options = own + [n for n in vs.custom if n not in builtin_names()]
    key = state.wkey("w_scenarios", lang)
    if key in st.session_state:         # after a switch of country: only the scenarios it offers
        st.session_state[key] = [n for n in st.session_state[key] if n in options]
    state.seed_widget(key, [n for n in vs.scenarios if n in options])
    st.sidebar.multiselect(t("scenarios", lang), options, key=key, max_selections=state.MAX_SCENARIOS,
                           help=t("scenarios_help", lang), format_func=lambda n: scenario_label(n, vs))
    vs.scenarios = [n for n in st.session_state[key] if n in options]
    state.seed_widget("w_unc", vs.uncertainty == "assumptions")
    st.sidebar.toggle(t("uncertainty_toggle", lang), key="w_unc", help=t("uncertainty_help", lang))
    vs.uncertainty = "assumptions" if st.session_state["w_unc"] else "seeds"
    default = state.default_scale()
    with st.sidebar.expander(t("scale", lang)):
        state.seed_widget("w_seeds", vs.scale.seeds)
        st.slider(t("seeds", lang), 1, state.MAX_SEEDS, key="w_seeds", help=t("seeds_help", lang))
        options_a = state.agent_options(default)
        key = state.wkey("w_agents", lang)
        state.seed_widget(key, vs.scale.agents)
        st.select_slider(t("agents", lang), options_a, key=key,
                         format_func=lambda a: fmt_number(a, lang), help=t("agents_help", lang))
        state.seed_widget("w_years", vs.scale.years)
        st.slider(t("years", lang), 1, state.MAX_YEARS, key="w_years", help=t("years_help", lang))
    vs.scale = state.Scale(st.session_state["w_seeds"], state.chosen(key, options_a, vs.scale.agents),
                           st.session_state["w_years"])


# ---------------------------------------------------------------------------------------------
# Figures and tables are kept per comparison, language and choice: building them again costs more
# than drawing them.
@st.cache_resource(max_entries=96, show_spinner=False)
def _cached(key: str, lang: str, what: str, extra: str, _build: Callable[[], Any]) -> Any:
    return _build()


def _fig(key: str, lang: str, what: str, build: Callable[[], Any], extra: str = "") -> Any:
    return _cached(key, lang, what, extra, lambda: _guard(build()))


def _guard(x: Any) -> Any:
    """A figure leaves for the page only through safe_figure: no tag but plain formatting in any text."""
    return safe_figure(x) if hasattr(x, "to_plotly_json") else x


@st.fragment
def _headline(cmp: CompareResult, key: str, vs: state.ViewState) -> None:
    lang = vs.lang
    st.header(t("headline", lang))
    kpis = [k for k in headline.HEADLINE_KPIS if k in cmp.results[cmp.scenarios[0]].kpis]
    wk = state.wkey("w_kpi", lang)
    state.seed_widget(wk, vs.kpi if vs.kpi in kpis else kpis[0])
    st.selectbox(t("headline_kpi", lang), kpis, key=wk, format_func=lambda k: kpi_name(k, lang),
                 help=kpi_help(state.chosen(wk, kpis, kpis[0]), lang))
    kpi = state.chosen(wk, kpis, vs.kpi if vs.kpi in kpis else kpis[0])
    if kpi != vs.kpi:
        vs.kpi = kpi
        state.sync_url(vs)
    st.markdown(f"**{esc(headline.sentence(cmp, kpi, lang), limit=600)}**")
    left, right = st.columns([3, 1])
    with left:
        st.plotly_chart(_fig(key, lang, "ranked", lambda: headline.ranked_chart(cmp, kpi, lang), kpi),
                        width="stretch", key="fig_ranked")
    with right:
        st.markdown(f"**{t('public_cost_card', lang)}**", help=kpi_help("public_cost_eur", lang))
        for name in cmp.scenarios[1:]:
            value, delta, caption, color = headline.kpi_card_text(cmp, "public_cost_eur", name, lang)
            st.metric(md_name(name, lang), value, delta=delta, delta_color=color, border=True,
                      help=kpi_help("public_cost_eur", lang))
            st.caption(caption)
        st.caption(t("public_cost_includes", lang))
    st.plotly_chart(_fig(key, lang, "who_pays", lambda: headline.who_pays_chart(cmp, lang)), width="stretch",
                    key="fig_who_pays")


def _cards(cmp: CompareResult, lang: str) -> None:
    st.header(t("all_kpis", lang))
    ref = cmp.scenarios[0]
    tabs = st.tabs([t("versus", lang, b=md_name(n, lang), a=md_name(ref, lang))
                    for n in cmp.scenarios[1:]])
    for tab, name in zip(tabs, cmp.scenarios[1:], strict=True):
        keys = [k for k, _ in CARD_KPIS if k in cmp.results[name].kpis]
        with tab:
            for start in range(0, len(keys), 3):
                cols = st.columns(3)
                for col, k in zip(cols, keys[start:start + 3], strict=False):
                    value, delta, caption, color = headline.kpi_card_text(cmp, k, name, lang)
                    if k not in headline.HEADLINE_KPIS:
                        rise_good = dict(CARD_KPIS).get(k, False)
                        color = color if color == "off" else ("normal" if rise_good else "inverse")
                    with col:
                        st.metric(kpi_name(k, lang), value, delta=delta, delta_color=color, border=True,
                                  help=f"{kpi_help(k, lang)} ({t('vs_ref', lang, a=md_name(ref, lang))})")
                        st.caption(caption)


@st.fragment
def _money_flow(cmp: CompareResult, key: str, vs: state.ViewState) -> None:
    lang = vs.lang
    wk = state.wkey("w_sankey", lang)
    if st.session_state.get(wk) not in cmp.scenarios:
        st.session_state.pop(wk, None)
    state.seed_widget(wk, vs.sankey if vs.sankey in cmp.scenarios else cmp.scenarios[-1])
    st.selectbox(t("sankey_for", lang), cmp.scenarios, key=wk, format_func=lambda n: scenario_name(n, lang))
    chosen = state.chosen(wk, cmp.scenarios, cmp.scenarios[-1])
    wanted = chosen if chosen != cmp.scenarios[-1] else None
    if wanted != vs.sankey:
        vs.sankey = wanted
        state.sync_url(vs)
    st.plotly_chart(_fig(key, lang, "sankey", lambda: figures.sankey(cmp.results[chosen], lang), chosen),
                    width="stretch", key="fig_sankey")


def _scenario_notes(scenarios: list, vs: state.ViewState) -> None:
    """Each scenario's name and one-line description (a user's own text escaped), raw ids hidden."""
    lines = []
    for s in scenarios:
        desc = scenario_description(s.name, vs.lang, s.description.strip())
        lines.append(f"- **{md_name(s.name, vs.lang)}**: {esc(desc)}")
    st.markdown("\n".join(lines))


def _params(cmp: CompareResult, key: str, lang: str) -> None:
    scenarios = [cmp.results[n].scenario for n in cmp.scenarios]
    st.subheader(t("params_differ", lang))
    diff = _fig(key, lang, "param_diff", lambda: param_diff(scenarios, lang))
    if len(diff):
        short = diff[[t("param", lang)] + [scenario_name(s.name, lang) for s in scenarios]]
        st.dataframe(short, hide_index=True, width="stretch", height=min(35 * (len(diff) + 1) + 3, 700))
        with st.expander(t("params_full", lang)):
            st.dataframe(diff, hide_index=True, width="stretch")
    else:
        st.write(t("params_same", lang))


def _advanced(cmp: CompareResult, key: str, lang: str) -> None:
    """The raw identifiers, for people who write scenario files or use the command line."""
    with st.expander(t("ids_expander", lang)):
        st.caption(t("ids_note", lang))
        st.dataframe([{"id": n, t("scenario", lang): scenario_name(n, lang),
                       t("policy_changes", lang): "; ".join(f"{d}: {reform_label(lbl, lang)}"
                                                            for d, lbl in cmp.results[n].reforms)}
                      for n in cmp.scenarios], hide_index=True, width="stretch")
        scenarios = [cmp.results[n].scenario for n in cmp.scenarios]
        st.dataframe(_fig(key, lang, "param_ids", lambda: param_diff(scenarios, lang, ids=True)), hide_index=True,
                     width="stretch")


def _export(cmp: CompareResult, key: str, vs: state.ViewState) -> None:
    lang = vs.lang
    st.subheader(t("export", lang))
    st.caption(t("share_link", lang))
    dutch = st.checkbox(t("csv_dutch", lang), value=lang == "nl", key="w_csv_dutch")
    c1, c2, c3 = st.columns(3)
    stem = "fraudchain_" + "_vs_".join(file_label(n) for n in cmp.scenarios)
    meta = {"uncertainty": vs.uncertainty}
    c1.download_button(t("download_csv", lang),
                       _fig(key, lang, "csv", lambda: kpi_csv(cmp, lang, dutch=dutch), str(dutch)),
                       file_name=f"{stem}.csv", mime="text/csv", key="dl_csv", on_click="ignore")
    c2.download_button(t("download_csv_meta", lang),
                       _fig(key, lang, "csv_meta", lambda: csv_metadata(cmp, lang, dutch=dutch, version=package_version(),
                                                                        **meta), str(dutch)),
                       file_name=f"{stem}_toelichting.csv" if lang == "nl" else f"{stem}_about.csv", mime="text/csv",
                       key="dl_csv_meta", on_click="ignore")
    c3.download_button(t("download_html", lang), lambda: build_report(cmp, lang), file_name=f"{stem}.html",
                       mime="text/html", key="dl_html", on_click="ignore")


# metric values in a size that fits "EUR 123,4 mln" in a third of the page
CSS = "<style>[data-testid='stMetricValue'] { font-size: 1.55rem; }</style>"
CHARTS: tuple[tuple[str, Callable[[CompareResult, str], Any]], ...] = (
    ("losses_by_type", figures.losses_by_type_over_time), ("victim_outcomes", figures.victim_outcomes),
    ("detection", figures.detection_speed), ("profit", figures.profit_and_displacement),
    ("victims_who", figures.victim_profile))


def render(vs: state.ViewState) -> None:
    lang = vs.lang
    _controls(vs)
    st.html(CSS)
    st.title(t("app_title", lang))
    st.caption(t("app_subtitle", lang))
    if len(vs.scenarios) < 2:
        st.info(t("need_two", lang))
        return
    try:
        scenarios = [specs.resolve(n, vs.custom) for n in vs.scenarios]
    except ScenarioError as e:
        for p in e.problems:
            st.error(esc(p))
        return
    for name, day in data.reforms_outside(scenarios, vs.scale.years):
        st.warning(esc(t("reform_outside", lang, name=scenario_name(name, lang), day=day, years=vs.scale.years,
                         days=vs.scale.years * 365)))
    try:
        status = data.ensure(scenarios, vs.scale, lang, vs.uncertainty)
    except data.WorkTooLarge as e:
        st.error(esc(str(e), limit=600))
        return
    st.caption(t("scale_line", lang, seeds=vs.scale.seeds, agents=fmt_number(vs.scale.agents, lang),
                 years=vs.scale.years) + " " + t(f"uncertainty_{vs.uncertainty}", lang))
    if vs.scale.seeds < 4:
        st.warning(t("few_seeds", lang, seeds=vs.scale.seeds))
    _scenario_notes(scenarios, vs)
    if status.state != "done":
        st.info(t("computing_background", lang))
        waiting.wait("replications", data.replications_job(scenarios, vs.scale, vs.uncertainty), lang, "compare")
        return
    key = data.comparison_key(scenarios, vs.scale, vs.uncertainty)
    head = data.load(scenarios, vs.scale, vs.uncertainty, tables=False)
    if head is None:                  # the store lost a replication between the check and the read
        st.rerun()
    _headline(head, key, vs)
    _cards(head, lang)
    cmp = data.load(scenarios, vs.scale, vs.uncertainty, tables=True)
    if cmp is None:
        st.rerun()
    st.header(t("charts", lang))
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(_fig(key, lang, "losses_total", lambda: figures.losses_total_over_time(cmp, lang)),
                        width="stretch", key="fig_losses_total")
        st.plotly_chart(_fig(key, lang, "bearers", lambda: figures.loss_bearers(cmp, lang)), width="stretch",
                        key="fig_bearers")
    with right:
        _params(cmp, key, lang)
    st.plotly_chart(_fig(key, lang, "sector_bill", lambda: figures.sector_bill(cmp, lang)), width="stretch",
                    key="fig_sector_bill")
    _money_flow(cmp, key, vs)
    for name, build in CHARTS:
        st.plotly_chart(_fig(key, lang, name, lambda b=build: b(cmp, lang)), width="stretch", key=f"fig_{name}")
    _advanced(cmp, key, lang)
    _export(cmp, key, vs)
