"""The figures and sentences of "Wat levert het op?": what each measure buys (one sentence each, and its
net benefit with its interval), and what each measure contributes to a package (a waterfall with
intervals, coloured as the compare page colours: a fall in a loss is green, a rise red, grey when the
interval includes zero). Pure functions on results: no streamlit, no runs.
"""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go
from fraudchain.dashboard.headline import BAD, GOOD, GREY, HEADLINE_KPIS
from fraudchain.dashboard.i18n import (
    eur_unit,
    fmt_eur_in,
    fmt_kpi_delta,
    fmt_number,
    kpi_kind,
    kpi_name,
    kpi_phrase,
    plotly_separators,
    t,
)
from fraudchain.dashboard.names import measure_name, scenario_name
from fraudchain.sim.safe_text import chart_text

RATIO_DECIMALS = 2


def _finite(*xs: float | None) -> bool:
    return all(x is not None and math.isfinite(x) for x in xs)


def excludes_zero(m: Any, seeds: int) -> bool:
    """A value-for-money difference (mean, ci_low, ci_high) that can be told from noise."""
    return seeds >= 2 and _finite(m.ci_low, m.ci_high) and (m.ci_low > 0 or m.ci_high < 0)


def _eur_pair(m: Any, lang: str) -> tuple[str, str]:
    """'+EUR 72 mln' and '[20; 124]': the interval in the mean's unit, numbers only, whole numbers from 10 on."""
    divisor, word = eur_unit(max(abs(x) for x in (m.mean, m.ci_low, m.ci_high) if _finite(x)), lang)
    size = abs(m.mean) / divisor
    decimals = 0 if divisor == 1.0 or size >= 10 else (2 if divisor == 1e9 else 1)
    sign = "+" if m.mean > 0 else ("-" if m.mean < 0 else "±")
    mean = f"{sign}EUR {fmt_number(abs(m.mean) / divisor, lang, decimals)}" + (f" {word}" if word else "")
    lo, hi = (fmt_number(x / divisor, lang, decimals) for x in (m.ci_low, m.ci_high))
    return mean, f"[{lo}; {hi}]"


def measure_sentence(name: str, metrics: dict[str, Any], seeds: int, lang: str) -> str:
    """One sentence on what a measure buys: loss avoided per public euro, and the net benefit to society,
    each with its 95 % interval and a plain word where it cannot be told from zero."""
    who = scenario_name(name, lang)
    ratio, net, public = (metrics["loss_avoided_per_public_eur"], metrics["net_benefit_eur"],
                          metrics["public_cost_eur"])
    if ratio.mean is not None and _finite(ratio.mean):
        interval = "" if not _finite(ratio.ci_low, ratio.ci_high) else \
            f" [{fmt_number(ratio.ci_low, lang, RATIO_DECIMALS)}; {fmt_number(ratio.ci_high, lang, RATIO_DECIMALS)}]"
        word = "value_less_loss" if ratio.mean >= 0 else "value_more_loss"
        first = t(word, lang, eur=fmt_number(abs(ratio.mean), lang, RATIO_DECIMALS), interval=interval)
    elif _finite(public.mean) and public.mean <= 0:
        first = t("value_no_public_cost", lang)
    else:
        first = t("value_public_cost_unclear", lang)
    mean, interval = _eur_pair(net, lang) if _finite(net.mean, net.ci_low, net.ci_high) else ("–", "")
    tail = "" if excludes_zero(net, seeds) else " " + t("value_not_distinguishable", lang)
    return f"{who}: {first}; " + t("value_net", lang, net=mean, interval=interval) + tail


def net_benefit_chart(rows: list[tuple[str, Any]], seeds: int, lang: str) -> go.Figure:
    """Each measure's net benefit to society (the fall in social cost) with its 95 % interval; green a
    demonstrable gain, red a demonstrable loss, grey when the interval includes zero."""
    rows = sorted(rows, key=lambda r: r[1].mean if _finite(r[1].mean) else -math.inf)
    names = [chart_text(scenario_name(n, lang)) for n, _ in rows]      # a user's own name: text, never markup
    ms = [m for _, m in rows]
    colors = [GREY if not excludes_zero(m, seeds) else (GOOD if m.mean > 0 else BAD) for m in ms]
    divisor, word = eur_unit(max((abs(m.mean) for m in ms if _finite(m.mean)), default=0.0), lang)
    text = [fmt_eur_in(m.mean, divisor, word, lang, sign=True) for m in ms]
    fig = go.Figure(go.Bar(
        y=names, x=[(m.mean or 0.0) / 1e6 for m in ms], orientation="h", marker_color=colors, text=text,
        textposition="outside", cliponaxis=False, hoverinfo="text",
        hovertext=[f"{nm}: {tx}" for nm, tx in zip(names, text, strict=True)],
        error_x={"type": "data", "color": "#333",
                 "array": [max((m.ci_high or 0) - (m.mean or 0), 0) / 1e6 for m in ms],
                 "arrayminus": [max((m.mean or 0) - (m.ci_low or 0), 0) / 1e6 for m in ms]}))
    fig.add_vline(x=0, line={"color": "#444", "width": 1})
    fig.update_xaxes(title_text=t("eur_mln_per_year", lang), tickformat=",.0f")
    fig.update_yaxes(automargin=True)
    fig.update_layout(title={"text": f"{t('fig_net_benefit', lang)}<br><sup>{t('fig_net_benefit_sub', lang)}</sup>",
                             "x": 0.0}, template="plotly_white", height=140 + 60 * len(rows),
                      separators=plotly_separators(lang), showlegend=False, margin={"l": 20, "r": 60, "t": 90})
    return fig


def _scale(kpi: str) -> tuple[float, str]:
    return (1e6, "eur_mln_per_year") if kpi_kind(kpi) == "eur" else (1.0, "")


def waterfall(res: dict[str, Any], kpi: str, lang: str) -> go.Figure:
    """Each measure's Shapley contribution to the package's effect on `kpi`, then the package's effect,
    with 95 % intervals (whiskers at each step's end) and the compare page's colours."""
    c = res["kpis"][kpi]
    measures = list(c["contributions"])
    steps = [c["contributions"][m] for m in measures] + [c["package_effect"]]
    names = [chart_text(measure_name(m, lang)) for m in measures] + [t("package_total", lang)]
    div, unit = _scale(kpi)
    seeds = len(res.get("seeds_done") or res.get("seeds") or [])
    rise_good = HEADLINE_KPIS.get(kpi, False)
    bases, ends, level = [], [], 0.0
    for i, s in enumerate(steps):
        mean = s["mean"] or 0.0
        start = 0.0 if i == len(steps) - 1 else level
        bases.append(start / div)
        ends.append((start + mean) / div)
        level = level + mean if i < len(steps) - 1 else level

    def color(s: dict[str, Any]) -> str:
        lo, hi = s.get("ci_low"), s.get("ci_high")
        if seeds < 2 or not _finite(lo, hi) or (lo <= 0 <= hi):
            return GREY
        return GOOD if (s["mean"] > 0) == rise_good else BAD

    text = [fmt_kpi_delta(kpi, s["mean"], lang) for s in steps]
    fig = go.Figure(go.Bar(
        x=names, y=[(s["mean"] or 0.0) / div for s in steps], base=bases, marker_color=[color(s) for s in steps],
        text=text, textposition="outside", cliponaxis=False, hoverinfo="text",
        hovertext=[f"{n}: {tx}<br>95 %: [{fmt_kpi_delta(kpi, s.get('ci_low'), lang)}; "
                   f"{fmt_kpi_delta(kpi, s.get('ci_high'), lang)}]" for n, tx, s in zip(names, text, steps, strict=True)]))
    fig.add_trace(go.Scatter(
        x=names, y=ends, mode="markers", marker={"size": 1, "color": "#333"}, hoverinfo="skip", showlegend=False,
        error_y={"type": "data", "color": "#333",
                 "array": [max((s.get("ci_high") or s["mean"]) - s["mean"], 0) / div for s in steps],
                 "arrayminus": [max(s["mean"] - (s.get("ci_low") or s["mean"]), 0) / div for s in steps]}))
    fig.add_hline(y=0, line={"color": "#444", "width": 1})
    fig.update_yaxes(title_text=t(unit, lang) if unit else kpi_name(kpi, lang), tickformat=",.1f")
    title = t("fig_waterfall", lang, kpi=kpi_phrase(kpi, lang), package=chart_text(scenario_name(res["scenario"], lang)))
    sub = t("fig_waterfall_sub", lang, n=res.get("coalitions_run", 0), seeds=seeds)
    fig.update_layout(title={"text": f"{title}<br><sup>{sub}</sup>", "x": 0.0}, template="plotly_white", height=460,
                      separators=plotly_separators(lang), showlegend=False, margin={"t": 90})
    return fig


def contribution_sentence(res: dict[str, Any], kpi: str, lang: str) -> str:
    """'Van de daling van de netto schade (-EUR 229 mln) komt het meeste van Systeemmaatregelen: ...'."""
    c = res["kpis"][kpi]
    total = c["package_effect"]
    best = max(c["contributions"].items(), key=lambda kv: abs(kv[1]["mean"] or 0.0))
    return t("contrib_sentence", lang, kpi=kpi_phrase(kpi, lang), total=fmt_kpi_delta(kpi, total["mean"], lang),
             lo=fmt_kpi_delta(kpi, total.get("ci_low"), lang), hi=fmt_kpi_delta(kpi, total.get("ci_high"), lang),
             who=measure_name(best[0], lang), part=fmt_kpi_delta(kpi, best[1]["mean"], lang),
             plo=fmt_kpi_delta(kpi, best[1].get("ci_low"), lang), phi=fmt_kpi_delta(kpi, best[1].get("ci_high"), lang))
