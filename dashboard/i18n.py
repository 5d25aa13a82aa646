"""Dutch and English for the dashboard and the HTML report: lookups of the words people read (KPI,
sector, channel and victim names, the model page's paragraphs) in the message catalogues
(catalog.py, locale/*.po), and number formatting per language (EUR 1.234.567 in Dutch, EUR 1,234,567 in
English, with Babel's CLDR data).

Owns how numbers and amounts are written. Dutch is the default language. Must not import streamlit or
sim's engine: the report and the figure builders use it outside a running app.
"""

from __future__ import annotations

import math
import re

from babel.numbers import format_decimal
from fraudchain.dashboard.catalog import DEFAULT_LANG, LANGS, has, ids, norm_lang, tr
from fraudchain.scenarios.fraud_types import FRAUD_TYPES

__all__ = ["DEFAULT_LANG", "LANGS", "norm_lang", "t", "tr"]
SECTORS = ("victims", "banks", "platforms", "telecoms", "insurers")
MODEL_SECTIONS = ("how_it_works", "assumptions", "limitations")


def t(key: str, lang: str, **kw: object) -> str:
    """The interface text `ui.<key>` in `lang` (falls back to English, then to the key itself)."""
    return tr(f"ui.{key}", lang, default=key, **kw)


def kpi_name(kpi: str, lang: str) -> str:
    return tr(f"kpi.{kpi}.name", lang, default=kpi.replace("_", " "))


def kpi_help(kpi: str, lang: str) -> str:
    return tr(f"kpi.{kpi}.help", lang, default="")


def kpi_phrase(kpi: str, lang: str) -> str:
    """The key figure as it reads inside a sentence, with its article where the language needs one
    ('het aantal slachtoffers', 'de netto schade'); falls back to the name in lower case."""
    if has(f"kpi.{kpi}.phrase"):
        return tr(f"kpi.{kpi}.phrase", lang)
    return kpi_name(kpi, lang).lower()


def has_kpi_text(kpi: str) -> bool:
    return has(f"kpi.{kpi}.name") and has(f"kpi.{kpi}.help")


def model_paragraphs(section: str, lang: str) -> list[str]:
    """The paragraphs of one part of the model page (how it works, assumptions, limitations)."""
    return [tr(i, lang) for i in ids(f"model.{section}.")]


def fraud_type_name(key: str, lang: str) -> str:
    ft = FRAUD_TYPES.get(key)
    if ft is None:
        return key
    return ft.label_nl if norm_lang(lang) == "nl" else ft.label_en


def sector_name(sector: str, lang: str) -> str:
    return tr(f"sector.{sector}", lang, default=sector)


def channel_name(channel: str, lang: str) -> str:
    return tr(f"channel.{channel}", lang, default=channel)


def victim_kind_name(kind: str, lang: str) -> str:
    return tr(f"victim_kind.{kind}", lang, default=kind)


# ---------------------------------------------------------------------------------------------
# Numbers
BABEL_LOCALE = {"nl": "nl_NL", "en": "en_GB"}


def _group(x: float, decimals: int, lang: str) -> str:
    """Thousands separator and decimal mark of the language (babel's CLDR data): 1.234.567,8 (nl) or
    1,234,567.8 (en)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(x, format=pattern, locale=BABEL_LOCALE[norm_lang(lang)])


def eur_unit(magnitude: float, lang: str) -> tuple[float, str]:
    """The divisor and word for an amount of this size: mld/bn from 1e9, mln/m from 1e6, else euros."""
    nl = norm_lang(lang) == "nl"
    if magnitude >= 1e9:
        return 1e9, "mld" if nl else "bn"
    if magnitude >= 1e6:
        return 1e6, "mln" if nl else "m"
    return 1.0, ""


def fmt_eur_in(x: float | None, divisor: float, word: str, lang: str, sign: bool = False) -> str:
    """An amount in a given unit (so that both ends of an interval share one unit)."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    decimals = 0 if divisor == 1.0 else (2 if divisor == 1e9 else 1)
    prefix = ("+" if x > 0 else ("-" if x < 0 else "±")) if sign else ("-" if x < 0 else "")
    body = _group(abs(x) / divisor, decimals, lang)
    return f"{prefix}EUR {body}" + (f" {word}" if word else "")


def fmt_range(kpi: str, lo: float | None, hi: float | None, lang: str, sign: bool = False) -> str:
    """'lo tot hi' with one unit for both ends (amounts) and the sign shown for differences."""
    if kpi_kind(kpi) == "eur":
        finite = [abs(v) for v in (lo, hi) if v is not None and math.isfinite(v)]
        divisor, word = eur_unit(max(finite, default=0.0), lang)
        a, b = fmt_eur_in(lo, divisor, word, lang, sign), fmt_eur_in(hi, divisor, word, lang, sign)
    elif sign:
        a, b = fmt_kpi_delta(kpi, lo, lang), fmt_kpi_delta(kpi, hi, lang)
    else:
        a, b = fmt_kpi(kpi, lo, lang), fmt_kpi(kpi, hi, lang)
    return f"{a} {t('to', lang)} {b}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&\"'=^%@/;,?])")


def esc(text: object, limit: int = 400) -> str:
    """User text (URL parameters, file names, error details) made inert for Streamlit's Markdown: every
    ASCII punctuation mark backslash-escaped (no links, images, HTML, colour or LaTeX directives), bare
    URLs broken up, line breaks flattened, and long text cut."""
    flat = " ".join(str(text).split())
    if len(flat) > limit:
        flat = flat[:limit] + "…"
    out = _MD_SPECIAL.sub(r"\\\1", flat)
    # GFM turns bare URLs and e-mail addresses into links even when escaped; a zero-width space after
    # every colon and at-sign, and inside "www", breaks that without changing what people read
    out = out.replace("\\:", "\\:\u200b").replace("\\@", "\\@\u200b")
    return re.sub("(?i)w(ww)", "w\u200b\\1", out)


def fmt_number(x: float | None, lang: str, decimals: int = 0) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return _group(float(x), decimals, lang)


def fmt_eur(x: float | None, lang: str, compact: bool = False) -> str:
    """EUR 1.234.567 (nl) / EUR 1,234,567 (en); compact: EUR 1,2 mln / EUR 1.2 m, EUR 1,25 mld."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    divisor, word = eur_unit(abs(x), lang) if compact else (1.0, "")
    sign = "-" if x < 0 else ""                     # -EUR 197 mln, never EUR -197 mln
    if divisor == 1.0:
        return f"{sign}EUR {_group(abs(x), 0, lang)}"
    return f"{sign}EUR {_group(abs(x) / divisor, 2 if divisor == 1e9 else 1, lang)} {word}"


def fmt_count(x: float | None, lang: str, compact: bool = False) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    if compact and abs(x) >= 1e6:
        return f"{_group(x / 1e6, 2, lang)} {'mln' if norm_lang(lang) == 'nl' else 'm'}"
    return _group(x, 0, lang)


def fmt_share(x: float | None, lang: str, decimals: int = 1) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return f"{_group(100 * x, decimals, lang)} %"


def kpi_kind(kpi: str) -> str:
    """How a KPI is shown: 'eur', 'share', 'days', 'count' or 'level' (an effort or a mean)."""
    if kpi.endswith("_eur"):
        return "eur"
    if kpi.endswith(("_share", "_rate")):
        return "share"
    if "days" in kpi:
        return "days"
    if kpi in COUNTS_PER_YEAR or kpi in COUNTS:
        return "count"
    return "level"


COUNTS_PER_YEAR = ("fraud_attempts", "victims", "mules_recruited", "suspects_identified")
COUNTS = ("hub_members", "fraudster_groups")


def kpi_unit(kpi: str, lang: str, difference: bool = False) -> str:
    """A key figure's unit in words (a spreadsheet's unit column): EUR per jaar, %, procentpunt, dagen, ..."""
    kind = kpi_kind(kpi)
    if kind == "share":
        return t("unit_pp" if difference else "unit_pct", lang)
    if kind == "count":
        return t("unit_count_year" if kpi in COUNTS_PER_YEAR else "unit_count", lang)
    return t(f"unit_{kind}", lang)


def fmt_kpi(kpi: str, x: float | None, lang: str, compact: bool = True) -> str:
    """A KPI value formatted for its kind and the language."""
    kind = kpi_kind(kpi)
    if kind == "eur":
        return fmt_eur(x, lang, compact)
    if kind == "share":
        return fmt_share(x, lang)
    if kind == "days":
        return "–" if x is None or not math.isfinite(x) else f"{fmt_number(x, lang, 1)} {t('days', lang)}"
    if kind == "count":
        return fmt_count(x, lang, compact)
    return fmt_number(x, lang, 2)


def fmt_kpi_delta(kpi: str, x: float | None, lang: str) -> str:
    """A difference with its sign (+/-); shares as percentage points."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    # ASCII '-': Streamlit's metric reads the sign to choose the arrow and colour
    sign = "+" if x > 0 else ("-" if x < 0 else "±")
    if kpi_kind(kpi) == "share":
        return f"{sign}{_group(abs(100 * x), 1, lang)} {t('unit_pp_short', lang)}"
    return sign + fmt_kpi(kpi, abs(x), lang)


def plotly_separators(lang: str) -> str:
    """Plotly's layout.separators: decimal mark then thousands separator."""
    return ",." if norm_lang(lang) == "nl" else ".,"
