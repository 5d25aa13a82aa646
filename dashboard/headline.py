"""The headline of a comparison: one sentence, a ranked chart of every scenario's paired difference
against the reference on the chosen key figure, and who pays more or less per sector.

Honest about noise: a difference whose 95 % interval includes zero (or rests on one replication)
is drawn grey and labelled "geen aantoonbaar verschil", never coloured as a gain or a loss.
Owns the choice of headline key figures and their direction (is a rise good news?). Pure functions
on results (no streamlit, no runs), shared by the dashboard and the HTML report.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
from fraudchain.dashboard.i18n import (
    eur_unit,
    fmt_eur_in,
    fmt_kpi,
    fmt_kpi_delta,
    fmt_range,
    kpi_kind,
    kpi_name,
    kpi_phrase,
    plotly_separators,
    sector_name,
    t,
)
from fraudchain.dashboard.names import scenario_name
from fraudchain.sim import CompareResult, Difference
from fraudchain.sim.safe_text import chart_text
from plotly.subplots import make_subplots

# the key figures a headline can be about, and whether a rise is good news
HEADLINE_KPIS: dict[str, bool] = {
    "net_loss_eur": False, "social_cost_eur": False, "loss_borne_victims_eur": False, "victims": False,
    "public_cost_eur": False, "reimbursed_share": True, "fraudster_profit_eur": False,
    "median_days_to_takedown": False, "reporting_rate": True,
}
GOOD, BAD, GREY = "#2E9E6A", "#C0392B", "#9AA0A6"
# who pays: each sector's bill (loss borne + prevention) and the government's cost
BILLS = (("victims", "sector_bill_victims_eur"), ("banks", "sector_bill_banks_eur"),
         ("platforms", "sector_bill_platforms_eur"), ("telecoms", "sector_bill_telecoms_eur"),
         ("insurers", "sector_bill_insurers_eur"), ("government", "public_cost_eur"))


def demonstrable(d: Difference, seeds: int) -> bool:
    """A difference that can be told from noise: at least two replications and a 95 % interval that
    does not include zero."""
    if seeds < 2 or not all(math.isfinite(x) for x in (d.mean, d.ci_low, d.ci_high)):
        return False
    return d.ci_low > 0 or d.ci_high < 0


def verdict(kpi: str, d: Difference, seeds: int) -> str:
    """'better', 'worse' or 'none' (no demonstrable difference)."""
    if not demonstrable(d, seeds):
        return "none"
    rise_is_good = HEADLINE_KPIS.get(kpi, False)
    return "better" if (d.mean > 0) == rise_is_good else "worse"


def _color(v: str) -> str:
    return {"better": GOOD, "worse": BAD}.get(v, GREY)


def _scale(kpi: str) -> tuple[float, str]:
    """Chart units of a key figure's difference: EUR mln, percentage points or the figure's own."""
    kind = kpi_kind(kpi)
    if kind == "eur":
        return 1e6, "EUR mln"
    if kind == "share":
        return 0.01, "procentpunt"
    return 1.0, ""


def ranked(cmp: CompareResult, kpi: str) -> list[tuple[str, Difference]]:
    """The compared scenarios with their paired difference against the reference, best first."""
    ref = cmp.scenarios[0]
    rows = [(n, cmp.difference(kpi, n, ref)) for n in cmp.scenarios[1:]]
    sign = -1.0 if HEADLINE_KPIS.get(kpi, False) else 1.0
    return sorted(rows, key=lambda r: sign * r[1].mean if math.isfinite(r[1].mean) else math.inf)


def sentence(cmp: CompareResult, kpi: str, lang: str) -> str:
    """One sentence on the comparison: the best demonstrable improvement, else the honest 'no difference'."""
    ref = scenario_name(cmp.scenarios[0], lang)
    seeds = len(cmp.results[cmp.scenarios[0]].seeds)
    name = kpi_phrase(kpi, lang)
    rows = ranked(cmp, kpi)
    best = [(n, d) for n, d in rows if verdict(kpi, d, seeds) == "better"]
    if best:
        n, d = best[0]
        key = "headline_best_up" if d.mean > 0 else "headline_best"
        return t(key, lang, who=scenario_name(n, lang), kpi=name, diff=fmt_kpi_delta(kpi, d.mean, lang), ref=ref,
                 lo=fmt_range(kpi, d.ci_low, d.ci_high, lang, sign=True))
    worse = [(n, d) for n, d in rows if verdict(kpi, d, seeds) == "worse"]
    if worse:
        n, d = worse[-1]
        return t("headline_worse", lang, who=scenario_name(n, lang), kpi=name, diff=fmt_kpi_delta(kpi, d.mean, lang),
                 ref=ref)
    return t("headline_none", lang, ref=ref, kpi=name)


def _delta_texts(kpi: str, values: list[float], lang: str) -> list[str]:
    """Signed differences for one chart, amounts all in the same unit (the largest one's)."""
    if kpi_kind(kpi) != "eur":
        return [fmt_kpi_delta(kpi, v, lang) for v in values]
    divisor, word = eur_unit(max((abs(v) for v in values if math.isfinite(v)), default=0.0), lang)
    return [fmt_eur_in(v, divisor, word, lang, sign=True) for v in values]


def _padded_range(lows: list[float], highs: list[float]) -> list[float]:
    """An axis range with room on both sides for the labels next to the bars."""
    lo = min([0.0] + [x for x in lows if math.isfinite(x)])
    hi = max([0.0] + [x for x in highs if math.isfinite(x)])
    pad = 0.08 * max(hi - lo, 1e-9)
    return [lo - (pad if lo < 0 else 0.1 * pad), hi + (pad if hi > 0 else 0.1 * pad)]


def _layout(fig: go.Figure, title: str, subtitle: str, lang: str, height: int) -> go.Figure:
    fig.update_layout(title={"text": f"{title}<br><sup>{subtitle}</sup>", "x": 0.0, "xanchor": "left"},
                      template="plotly_white", height=height, separators=plotly_separators(lang),
                      margin={"l": 20, "r": 30, "t": 90, "b": 50}, showlegend=False,
                      font={"family": "Source Sans Pro, Arial, sans-serif"})
    return fig


def chance_text(cmp: CompareResult, kpi: str, name: str, lang: str) -> str:
    """' · better in 94 % of plausible worlds' (a comparison that drew the assumptions) or ' · better in 7 of 8
    replications' (seeds only): how often the scenario beats the reference, pair by pair
    (fraudchain.sim.studies.robustness.beat_probability); empty with fewer than two replications."""
    from fraudchain.sim.studies.robustness import beat_probability

    p, n = beat_probability(cmp, kpi, name, cmp.scenarios[0])
    if n < 2 or not math.isfinite(p):
        return ""
    if cmp.results[cmp.scenarios[0]].draws is not None:
        return " · " + t("chance_worlds", lang, pct=f"{100 * p:.0f} %")
    return " · " + t("chance_replications", lang, k=f"{p * n:g}", n=n)


def widen_for_text(fig: go.Figure, text: list[str]) -> None:
    """Room right of the plot for the longest value-and-verdict text (about 7 px a character at size 13)."""
    fig.update_layout(margin={"r": max(290, min(560, 20 + 7 * max((len(x) for x in text), default=0)))})


def ranked_chart(cmp: CompareResult, kpi: str, lang: str) -> go.Figure:
    """Every scenario's paired difference against the reference, best at the top, with its 95 % interval;
    grey and labelled where the interval includes zero."""
    seeds = len(cmp.results[cmp.scenarios[0]].seeds)
    rows = ranked(cmp, kpi)[::-1]                       # plotly draws the first category at the bottom
    div, unit = _scale(kpi)
    names = [chart_text(scenario_name(n, lang)) for n, _ in rows]
    verdicts = [verdict(kpi, d, seeds) for _, d in rows]
    text = [txt + ("" if v != "none" else f" · {t('not_significant', lang)}") + chance_text(cmp, kpi, n, lang)
            for txt, v, (n, _) in zip(_delta_texts(kpi, [d.mean for _, d in rows], lang), verdicts, rows, strict=True)]
    hover = [f"{nm}: {fmt_kpi_delta(kpi, d.mean, lang)}<br>95 %: {fmt_range(kpi, d.ci_low, d.ci_high, lang, True)}"
             for nm, (_, d) in zip(names, rows, strict=True)]
    fig = go.Figure(go.Bar(
        y=names, x=[d.mean / div for _, d in rows], orientation="h", marker_color=[_color(v) for v in verdicts],
        error_x={"type": "data", "color": "#333",
                 "array": [max(d.ci_high - d.mean, 0.0) / div if math.isfinite(d.ci_high) else 0 for _, d in rows],
                 "arrayminus": [max(d.mean - d.ci_low, 0.0) / div if math.isfinite(d.ci_low) else 0 for _, d in rows]},
        text=text, textposition="none", hovertext=hover, hoverinfo="text", customdata=verdicts))
    # the value and verdict of each row in a column right of the plot: never over a bar or a whisker
    for nm, txt, v in zip(names, text, verdicts, strict=True):
        fig.add_annotation(x=1.01, xref="paper", y=nm, yref="y", text=txt, showarrow=False, xanchor="left",
                           font={"color": _color(v) if v != "none" else "#555", "size": 13})
    fig.update_xaxes(range=_padded_range([d.ci_low / div for _, d in rows], [d.ci_high / div for _, d in rows]))
    fig.add_vline(x=0, line={"color": "#444", "width": 1})
    unit_text = (unit if lang == "nl" else unit.replace("procentpunt", "percentage points")) if unit else ""
    fig.update_xaxes(title_text=f"{t('difference_axis', lang)}{' (' + unit_text + ')' if unit_text else ''}",
                     zeroline=True, tickformat=",.1f" if kpi_kind(kpi) != "count" else ",.0f")
    fig.update_yaxes(automargin=True)
    title = t("fig_ranked", lang, ref=chart_text(scenario_name(cmp.scenarios[0], lang)), kpi=kpi_name(kpi, lang))
    fig = _layout(fig, title, t("fig_ranked_sub", lang), lang, height=160 + 70 * len(rows))
    fig.update_layout(margin={"r": 290})
    widen_for_text(fig, text)
    return fig


def who_pays_chart(cmp: CompareResult, lang: str) -> go.Figure:
    """Per compared scenario (a panel each, all on one axis so bars compare across panels): the change
    in each sector's bill and in the government's cost against the reference, each labelled with its
    value; right of zero pays more (red), left pays less (green), grey when the interval includes zero."""
    ref = cmp.scenarios[0]
    others = cmp.scenarios[1:]
    seeds = len(cmp.results[ref].seeds)
    bills = [(s, k) for s, k in BILLS if k in cmp.results[ref].kpis]
    labels = [t("government", lang) if s == "government" else sector_name(s, lang) for s, _ in bills][::-1]
    diffs = {n: [cmp.difference(k, n, ref) for _, k in bills][::-1] for n in others}
    every = [d for ds in diffs.values() for d in ds]
    span = _padded_range([d.ci_low / 1e6 for d in every], [d.ci_high / 1e6 for d in every])
    width = max(span[1] - span[0], 1e-9)
    span = [span[0] - (0.45 * width if span[0] < 0 else 0.05 * width), span[1] + 0.45 * width]
    divisor, word = eur_unit(max((abs(d.mean) for d in every if math.isfinite(d.mean)), default=0.0), lang)
    fig = make_subplots(rows=1, cols=len(others), shared_yaxes=True, shared_xaxes="all", horizontal_spacing=0.03,
                        subplot_titles=[chart_text(scenario_name(n, lang)) for n in others])
    for j, n in enumerate(others, start=1):
        ds = diffs[n]
        colors = [GREY if not demonstrable(d, seeds) else (BAD if d.mean > 0 else GOOD) for d in ds]
        values = [fmt_eur_in(d.mean, divisor, word, lang, sign=True) for d in ds]
        hover = [f"{lab}: {fmt_kpi_delta('x_eur', d.mean, lang)}<br>95 %: {fmt_range('x_eur', d.ci_low, d.ci_high, lang, True)}"
                 + ("" if demonstrable(d, seeds) else f"<br>{t('not_significant', lang)}")
                 for lab, d in zip(labels, ds, strict=True)]
        fig.add_trace(go.Bar(
            y=labels, x=[d.mean / 1e6 for d in ds], orientation="h", marker_color=colors, customdata=values,
            hovertext=hover, hoverinfo="text", name=chart_text(scenario_name(n, lang)),
            error_x={"type": "data", "color": "#333",
                     "array": [max(d.ci_high - d.mean, 0.0) / 1e6 if math.isfinite(d.ci_high) else 0 for d in ds],
                     "arrayminus": [max(d.mean - d.ci_low, 0.0) / 1e6 if math.isfinite(d.ci_low) else 0
                                    for d in ds]}), row=1, col=j)
        # each bar's value beyond the end of its whisker, in the bar's colour (grey: no demonstrable difference)
        ends = [(d.ci_high if d.mean >= 0 else d.ci_low) / 1e6 if math.isfinite(d.ci_low) else 0.0 for d in ds]
        fig.add_trace(go.Scatter(
            y=labels, x=ends, mode="text", text=values, hoverinfo="skip", showlegend=False, cliponaxis=False,
            textposition=["middle right" if d.mean >= 0 else "middle left" for d in ds],
            textfont={"color": [c if c != GREY else "#555" for c in colors], "size": 12}), row=1, col=j)
        fig.add_vline(x=0, line={"color": "#444", "width": 1}, row=1, col=j)
    fig.update_xaxes(range=span, tickformat=",.0f", title_text="")
    fig.update_xaxes(title_text=f"← {t('pays_less', lang)} · {t('pays_more', lang)} →", row=1, col=(len(others) + 1) // 2)
    fig.update_yaxes(automargin=True)
    title = t("fig_who_pays", lang, ref=chart_text(scenario_name(ref, lang)))
    return _layout(fig, title, t("fig_who_pays_sub", lang), lang, height=440)


def kpi_card_text(cmp: CompareResult, kpi: str, name: str, lang: str) -> tuple[str, str, str, str]:
    """(value, delta, caption, delta colour) of a card: a non-demonstrable difference is grey ('off')
    and says so."""
    ref = cmp.scenarios[0]
    s = cmp.results[name].kpis[kpi]
    d = cmp.difference(kpi, name, ref)
    seeds = len(cmp.results[ref].seeds)
    v = verdict(kpi, d, seeds)
    # the card's delta stays short (a long one is cut off); the verdict is the caption's first line
    delta = fmt_kpi_delta(kpi, d.mean, lang)
    caption = ((t("not_significant_card", lang) + "  \n") if v == "none" else "") + \
        t("interval", lang, lo=fmt_kpi(kpi, s.ci_low, lang), hi=fmt_kpi(kpi, s.ci_high, lang)) + "  \n" + \
        t("diff_interval_range", lang, range=fmt_range(kpi, d.ci_low, d.ci_high, lang, sign=True))
    color = "off" if v == "none" else ("normal" if HEADLINE_KPIS.get(kpi, False) else "inverse")
    return fmt_kpi(kpi, s.mean, lang), delta, caption, color
