"""The budget view on the page "Wat levert het op?": what each extra million a year buys on each public lever
(fraud hub, Eén Loket, campaigns, victim support, police), as curves with paired 95 % intervals.

Owns this view's widgets, chart and its own texts (Dutch first, English). Computation is sim's
(fraudchain.sim.studies.budget_curve, the same as `fraudchain budget`); it runs only on a button press, at
this page's scale capped to keep it short, and is cached. The JSON of `fraudchain budget --format json` can
be loaded instead.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from fraudchain.dashboard import data
from fraudchain.dashboard.i18n import esc, fmt_kpi_delta, kpi_name, plotly_separators
from fraudchain.sim.safe_text import chart_text, safe_figure
from fraudchain.sim.studies.public_budget import BUDGET_CHANNELS

AMOUNTS = (1e6, 5e6, 20e6)
MAX_SEEDS, MAX_AGENTS = 4, 40_000          # the curves run 1 + 5 x 3 scenarios: keep each small
KPIS = ("social_cost_eur", "loss_borne_victims_eur", "victim_harm_eur", "victims", "public_cost_eur",
        "hub_signals_acted_share", "supported_victims", "suspects_identified", "reporting_rate")
LEVER_TEXT = {"hub": ("Fraudehub", "Fraud hub"), "een_loket": ("Eén Loket", "Eén Loket"),
              "campaigns": ("Campagnes", "Campaigns"), "victim_support": ("Slachtofferhulp", "Victim support"),
              "police": ("Politiecapaciteit", "Police capacity")}
KPI_TEXT = {"hub_signals_acted_share": ("Signalen waarop de hub handelt", "Hub signals acted on"),
            "supported_victims": ("Slachtoffers met hulp", "Victims supported")}
TEXT: dict[str, dict[str, str]] = {
    "title": {"nl": "Wat levert elk extra miljoen op?", "en": "What does each extra million buy?"},
    "intro": {"nl": "Per hefboom: extra geld per jaar bovenop vandaag, vanaf jaar 2, gepaard per seed tegen {ref} "
                    "zoals het is. Het verschil met een 95 %-interval; een interval dat nul bevat is niet van ruis "
                    "te onderscheiden.",
              "en": "Per lever: extra money a year on top of today's, from year 2, paired by seed against {ref} as "
                    "it is. The difference with a 95 % interval; an interval that contains zero cannot be told from "
                    "noise."},
    "levers": {"nl": "Hefbomen", "en": "Levers"},
    "kpi": {"nl": "Uitkomst", "en": "Outcome"},
    "compute": {"nl": "Bereken de curves", "en": "Compute the curves"},
    "upload": {"nl": "Of laad de JSON van `fraudchain budget --format json`",
               "en": "Or load the JSON of `fraudchain budget --format json`"},
    "bad_upload": {"nl": "Dit is geen uitvoer van fraudchain budget: {why}",
                   "en": "This is not output of fraudchain budget: {why}"},
    "scale": {"nl": "{seeds} seeds x {agents} agenten x {years} jaar; laatste jaar, landelijk.",
              "en": "{seeds} seeds x {agents} agents x {years} years; last year, national."},
    "x": {"nl": "Extra geld per jaar (EUR)", "en": "Extra money a year (EUR)"},
    "y": {"nl": "Verschil met vandaag", "en": "Difference with today"},
    "lever": {"nl": "Hefboom", "en": "Lever"}, "extra": {"nl": "Extra per jaar", "en": "Extra a year"},
    "buys": {"nl": "Koopt (in de invoer van het model)", "en": "Buys (in the model's inputs)"},
    "diff": {"nl": "Verschil [95 %]", "en": "Difference [95 %]"},
    "noise": {"nl": "niet te onderscheiden van ruis", "en": "cannot be told from noise"},
}


def _t(key: str, lang: str, **kw: Any) -> str:
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**kw) if kw else text


def lever_name(lever: str, lang: str) -> str:
    names = LEVER_TEXT.get(lever)
    return names[0 if lang == "nl" else 1] if names else lever


def _kpi(kpi: str, lang: str) -> str:
    names = KPI_TEXT.get(kpi)
    return names[0 if lang == "nl" else 1] if names else kpi_name(kpi, lang)


@st.cache_data(max_entries=4, show_spinner=True)
def cached_curves(levers: tuple[str, ...], seeds: int, agents: int, years: int) -> dict[str, Any]:
    from fraudchain.scenarios.loader import load_scenario
    from fraudchain.sim.studies.budget_curve import budget_curves

    return budget_curves(load_scenario(data.REFERENCE), AMOUNTS, levers, seeds=seeds, agents=agents, years=years)


def check_curves(doc: Any) -> dict[str, Any]:
    """An uploaded result: the documented shape, known levers and KPIs, numbers only."""
    if not isinstance(doc, dict) or not isinstance(doc.get("levers"), dict) or not isinstance(doc.get("kpis"), list):
        raise ValueError("needs {\"levers\": {...}, \"kpis\": [...]}")
    unknown = [k for k in doc["levers"] if k not in BUDGET_CHANNELS]
    if unknown:
        raise ValueError(f"unknown levers: {', '.join(map(str, unknown[:5]))}")
    for points in doc["levers"].values():
        if not isinstance(points, list):
            raise ValueError("each lever needs a list of points")
        for p in points:
            if not isinstance(p, dict) or not isinstance(p.get("extra_eur"), (int, float)) or \
                    not isinstance(p.get("difference"), dict):
                raise ValueError("each point needs extra_eur and difference")
            for s in p["difference"].values():
                if not isinstance(s, dict) or not all(v is None or isinstance(v, (int, float))
                                                      for v in s.values()):
                    raise ValueError("differences must be numbers")
    return doc


def curve_figure(res: dict[str, Any], kpi: str, lang: str) -> go.Figure:
    """One line per lever: extra EUR a year across, the paired difference in `kpi` up, 95 % intervals."""
    fig = go.Figure()
    for lever, points in res["levers"].items():
        pts = [p for p in points if kpi in p["difference"] and p["difference"][kpi]["mean"] is not None]
        if not pts:
            continue
        m = [p["difference"][kpi]["mean"] for p in pts]
        lo = [p["difference"][kpi]["ci_low"] if p["difference"][kpi]["ci_low"] is not None else v
              for p, v in zip(pts, m, strict=True)]
        hi = [p["difference"][kpi]["ci_high"] if p["difference"][kpi]["ci_high"] is not None else v
              for p, v in zip(pts, m, strict=True)]
        fig.add_trace(go.Scatter(
            x=[0.0] + [p["extra_eur"] for p in pts], y=[0.0, *m], mode="lines+markers", name=lever_name(lever, lang),
            error_y={"type": "data", "symmetric": False, "array": [0.0] + [h - v for h, v in zip(hi, m, strict=True)],
                     "arrayminus": [0.0] + [v - lo_ for v, lo_ in zip(m, lo, strict=True)]},
            hovertext=[""] + [chart_text(p.get("buys", "")) for p in pts], hoverinfo="text+x+y"))
    fig.add_hline(y=0, line_color="grey", line_width=1)
    fig.update_layout(template="plotly_white", height=440, xaxis_title=_t("x", lang),
                      yaxis_title=f"{_t('y', lang)}: {_kpi(kpi, lang)}", separators=plotly_separators(lang),
                      title=_t("title", lang))
    return fig


def curve_rows(res: dict[str, Any], kpi: str, lang: str) -> pd.DataFrame:
    rows = []
    for lever, points in res["levers"].items():
        for p in points:
            d = p["difference"].get(kpi) or {}
            cell = "–" if d.get("mean") is None else \
                f"{fmt_kpi_delta(kpi, d['mean'], lang)} [{fmt_kpi_delta(kpi, d.get('ci_low'), lang)}; " \
                f"{fmt_kpi_delta(kpi, d.get('ci_high'), lang)}]"
            if d.get("mean") is not None and not p.get("distinguishable", {}).get(kpi, False):
                cell += f" ({_t('noise', lang)})"
            rows.append({_t("lever", lang): lever_name(lever, lang),
                         _t("extra", lang): fmt_kpi_delta("public_cost_eur", p["extra_eur"], lang),
                         _t("buys", lang): str(p.get("buys", "")), _t("diff", lang): cell})
    return pd.DataFrame(rows)


def render(vs: data.ViewState) -> None:
    """The budget view (called from the value page)."""
    lang = vs.lang
    st.subheader(_t("title", lang))
    st.caption(_t("intro", lang, ref=data.REFERENCE))
    seeds, agents = min(vs.scale.seeds, MAX_SEEDS), min(vs.scale.agents, MAX_AGENTS)
    c1, c2 = st.columns([3, 2])
    levers = c1.multiselect(_t("levers", lang), list(BUDGET_CHANNELS), default=list(BUDGET_CHANNELS),
                            format_func=lambda v: lever_name(v, lang), key="w_bu_levers")
    kpi = c2.selectbox(_t("kpi", lang), KPIS, format_func=lambda k: _kpi(k, lang), key="w_bu_kpi")
    st.caption(_t("scale", lang, seeds=seeds, agents=f"{agents:,}".replace(",", "." if lang == "nl" else ","),
                  years=vs.scale.years))
    key = (tuple(levers), seeds, agents, vs.scale.years)
    if st.button(_t("compute", lang), key="w_bu_compute") and levers:
        st.session_state["bu_key"] = key
    up = st.file_uploader(_t("upload", lang), type=["json"], key="w_bu_upload", max_upload_size=1)
    res = None
    if up is not None:
        try:
            res = check_curves(json.loads(up.getvalue().decode("utf-8")))
        except (ValueError, UnicodeDecodeError) as e:
            st.error(_t("bad_upload", lang, why=esc(e)))
    elif st.session_state.get("bu_key") == key:
        res = cached_curves(*key)
    if not res:
        return
    st.plotly_chart(safe_figure(curve_figure(res, kpi, lang)), width="stretch", key="fig_budget")
    st.dataframe(curve_rows(res, kpi, lang), hide_index=True, width="stretch")
