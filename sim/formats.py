"""Numbers and KPI values as text for terminal and file output (the dashboard has its own Dutch/English
formats in dashboard/i18n.py)."""

from __future__ import annotations


def fmt_number(v: float | None) -> str:
    if v is None or v != v:
        return "n/a"
    a = abs(v)
    if a >= 1e6:
        return f"{v / 1e6:,.1f} M"
    if a >= 1e3:
        return f"{v:,.0f}"
    if a >= 10:
        return f"{v:,.1f}"
    return f"{v:.3f}"


def kpi_text(kpi: str, v: float | None) -> str:
    """A KPI value with its unit: amounts in EUR (M/bn), shares as %, durations in days."""
    if v is None or v != v:
        return "n/a"
    if kpi.endswith("_eur"):
        if abs(v) >= 1e9:
            return f"EUR {v / 1e9:,.2f} bn"
        return f"EUR {fmt_number(v)}" if abs(v) >= 1e3 else f"EUR {v:,.0f}"
    if kpi.endswith(("_share", "_rate")):
        return f"{100 * v:.1f} %"
    if "days" in kpi:
        return f"{v:,.1f} d"
    return fmt_number(v)
