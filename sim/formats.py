"""Numbers and KPI values as text for terminal and file output, in the reader's locale (the dashboard has
its own Dutch/English formats in dashboard/i18n.py).

The locale comes from LC_ALL, LC_NUMERIC or LANG (nl_NL.UTF-8 -> 1.234,5; en_GB or C -> 1,234.5), and
Babel's CLDR data writes the number, so a count is never printed with three decimals that a Dutch
reader takes for thousands ("6.000" for six). A value that is not a number prints as "n/a", never "nan".
Machine formats (JSON, CSV) do not use this: they print plain numbers.
"""

from __future__ import annotations

import math
import os
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

DEFAULT_LOCALE = "en_GB"
# key figures that count things (printed as whole numbers when they are whole)
COUNT_KPIS = ("fraud_attempts", "victims", "hub_members", "fraudster_groups", "mules_recruited", "suspects_identified")


def _env_locale() -> str:
    for var in ("LC_ALL", "LC_NUMERIC", "LANG"):
        value = os.environ.get(var, "").strip()
        if value:
            return value.split(".")[0].split("@")[0]
    return ""


@cache
def _locale(name: str) -> Locale:
    if name in ("", "C", "POSIX"):
        return Locale.parse(DEFAULT_LOCALE)
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LOCALE)


def number_locale() -> Locale:
    """The locale numbers are printed in (read each time: a test or a caller may change the environment)."""
    return _locale(_env_locale())


def _ok(v: float | None) -> bool:
    return v is not None and isinstance(v, (int, float)) and math.isfinite(v)


def fmt_decimal(v: float | None, decimals: int = 0, sign: bool = False) -> str:
    """A number with `decimals` decimals, grouped, in the locale's marks; '+' before a positive one if asked."""
    if not _ok(v):
        return "n/a"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(abs(v), format=pattern, locale=number_locale())
    neg = v < 0 and text.strip("0.,") != ""
    return ("-" if neg else ("+" if sign and v > 0 else "")) + text


def fmt_number(v: float | None) -> str:
    """A value of any size: millions as 'M', thousands grouped, small values with 1 or 2 decimals."""
    if not _ok(v):
        return "n/a"
    a = abs(v)
    if a >= 1e6:
        return f"{fmt_decimal(v / 1e6, 1)} M"
    if a >= 1e3:
        return fmt_decimal(v, 0)
    if a >= 10:
        return fmt_decimal(v, 1)
    return fmt_decimal(v, 2)


def fmt_count(v: float | None) -> str:
    """A count: whole numbers without decimals (6, not 6.000), a mean over replications with one."""
    if not _ok(v):
        return "n/a"
    if abs(v) >= 1e6:
        return fmt_number(v)
    return fmt_decimal(v, 0 if float(v).is_integer() else 1)


def kpi_text(kpi: str, v: float | None) -> str:
    """A KPI value with its unit: amounts in EUR (M/bn), shares as %, durations in days, counts whole."""
    if not _ok(v):
        return "n/a"
    if kpi.endswith("_eur"):
        if abs(v) >= 1e9:
            return f"EUR {fmt_decimal(v / 1e9, 2)} bn"
        return f"EUR {fmt_number(v)}" if abs(v) >= 1e3 else f"EUR {fmt_decimal(v, 0)}"
    if kpi.endswith(("_share", "_rate")):
        return f"{fmt_decimal(100 * v, 1)} %"
    if "days" in kpi:
        return f"{fmt_decimal(v, 1)} d"
    if kpi in COUNT_KPIS:
        return fmt_count(v)
    return fmt_number(v)


def fmt_interval(mean: float | None, low: float | None, high: float | None, fmt=fmt_number) -> str:
    """'mean [low; high]'; the interval is left out when it is not a number or has no width."""
    text = fmt(mean)
    if not (_ok(low) and _ok(high)) or low == high:
        return text
    return f"{text} [{fmt(low)}; {fmt(high)}]"
