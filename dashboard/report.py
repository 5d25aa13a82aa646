"""The standalone HTML report of a comparison: the dashboard's figures and tables in one file that
works offline (plotly.js inlined once) and can be forwarded.

Owns the report's layout and writing it atomically (temp file + os.replace). Used by the
dashboard's download button and by `fraudchain report`. Builds on figures.py and tables.py; runs
no model itself.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from fraudchain.dashboard import headline
from fraudchain.dashboard.figures import landing_figures
from fraudchain.dashboard.i18n import MODEL_SECTIONS, fmt_number, model_paragraphs, norm_lang, t
from fraudchain.dashboard.names import reform_label, scenario_description, scenario_name
from fraudchain.dashboard.tables import kpi_display_table, param_diff
from fraudchain.sim import CompareResult
from fraudchain.sim.engine.metrics import KPI_KEYS
from fraudchain.sim.safe_text import html_text, safe_figure, terminal_text

CSS = """
body { font-family: 'Source Sans Pro', Arial, sans-serif; margin: 2rem auto; max-width: 1200px; color: #222;
       padding: 0 1rem; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .6rem 0; }
th, td { border: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f5f8; } .meta { color: #666; font-size: .9rem; } .figure { margin: 1.2rem 0; }
"""


def package_version() -> str:
    try:
        return version("fraudchain")
    except PackageNotFoundError:
        return "dev"


def _table_html(df) -> str:
    return df.map(lambda v: terminal_text(v) if isinstance(v, str) else v).to_html(
        index=False, border=0, escape=True, na_rep="–")


def build_report(cmp: CompareResult, lang: str, title: str | None = None) -> str:
    """A complete HTML document: the scenarios (names, descriptions, policy changes), the headline,
    the KPI table, every figure, the parameters in which they differ (by name, then as raw settings)
    and the model notes."""
    lang = norm_lang(lang)
    names = cmp.scenarios
    first = cmp.results[names[0]]
    title = title or t("report_title", lang)
    generated = t("report_generated", lang, date=datetime.now().strftime("%Y-%m-%d %H:%M"), version=package_version())
    scale = t("scale_line", lang, seeds=len(first.seeds), agents=fmt_number(first.agents, lang), years=first.years)
    parts = [f"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">",
             f"<title>{html_text(title)}</title><style>{CSS}</style></head><body>",
             f"<h1>{html_text(title)}</h1>",
             f"<p class=\"meta\">{html_text(generated)}</p>",
             f"<p>{html_text(scale)}</p>",
             f"<h2>{html_text(t('scenarios', lang))}</h2><ul>"]
    for n in names:
        r = cmp.results[n]
        desc = scenario_description(n, lang, r.scenario.description.strip())
        changes = "; ".join(f"{t('day_word', lang)} {d}: {reform_label(lbl, lang)}" for d, lbl in r.reforms)
        item = f"<li><b>{html_text(scenario_name(n, lang))}</b> <span class=\"meta\">({html_text(n)})</span>: "
        item += html_text(desc)
        if changes:
            item += f"<br><span class=\"meta\">{html_text(t('policy_changes', lang))}: {html_text(changes)}</span>"
        parts.append(item + "</li>")
    parts.append("</ul>")
    parts.append(f"<h2>{html_text(t('headline', lang))}</h2>")
    parts.append(f"<p><b>{html_text(headline.sentence(cmp, 'net_loss_eur', lang))}</b></p>")
    figs = [("headline-ranked", headline.ranked_chart(cmp, "net_loss_eur", lang)),
            ("headline-who-pays", headline.who_pays_chart(cmp, lang))]
    parts.append(f"<h2>{html_text(t('report_kpis', lang))}</h2>")
    parts.append(_table_html(kpi_display_table(cmp, lang, [*KPI_KEYS, "public_cost_eur"])))
    figs += list(landing_figures(cmp, lang).items())
    for i, (key, fig) in enumerate(figs):
        if i == 2:
            parts.append(f"<h2>{html_text(t('charts', lang))}</h2>")
        # plotly.js once, inlined, so the file works offline
        parts.append(f"<div class=\"figure\" id=\"fig-{key}\">"
                     + safe_figure(fig).to_html(full_html=False, include_plotlyjs=(i == 0),
                                                config={"displaylogo": False})
                     + "</div>")
    scenarios = [cmp.results[n].scenario for n in names]
    parts.append(f"<h2>{html_text(t('params_differ', lang))}</h2>")
    diff = param_diff(scenarios, lang)
    parts.append(_table_html(diff) if len(diff) else f"<p>{html_text(t('params_same', lang))}</p>")
    if len(diff):
        parts.append(f"<h2>{html_text(t('report_settings', lang))}</h2>")
        parts.append(_table_html(param_diff(scenarios, lang, ids=True)))
    for section in MODEL_SECTIONS:
        parts.append(f"<h2>{html_text(t(section, lang))}</h2>")
        tag = "p" if section == "how_it_works" else "li"
        items = "".join(f"<{tag}>{html_text(p)}</{tag}>" for p in model_paragraphs(section, lang))
        parts.append(items if tag == "p" else f"<ul>{items}</ul>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_report(path: str | Path, document: str) -> Path:
    """Write atomically: a temp file in the same folder, then os.replace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(document)
        os.chmod(tmp, 0o644)      # mkstemp creates 0600; a report is meant to be read and forwarded
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
