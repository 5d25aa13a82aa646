"""The scenario builder's levers: which parameters a policymaker changes, grouped the way they
think about the measures (liability, the hub, Eén Loket, awareness, system measures,
participation), each with a one-line explanation in Dutch and English (the catalogue's words).

Owns the choice and wording of the levers; the widget kind, bounds, unit and source come from
the scenario schema (fraudchain.scenarios.schema: the model fields and parameter_table()), so they never
disagree with the validator. Pure data and lookups: no streamlit.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

import annotated_types
from fraudchain.dashboard.catalog import tr
from fraudchain.scenarios.regimes import regime_names
from fraudchain.scenarios.schema import Scenario, Section, parameter_table


@dataclass(frozen=True)
class Lever:
    """A parameter the builder offers; its label and one-line explanation are in the catalogue
    (`lever.<key>.label`, `lever.<key>.help`)."""

    key: str

    def label(self, lang: str) -> str:
        return tr(f"lever.{self.key}.label", lang, default=self.key)

    def explanation(self, lang: str) -> str:
        return tr(f"lever.{self.key}.help", lang, default="")


def group_text(group: str, lang: str) -> tuple[str, str]:
    """A group's title and one-line introduction."""
    return tr(f"lever_group.{group}.title", lang), tr(f"lever_group.{group}.intro", lang)


LEVERS: dict[str, list[Lever]] = {
    "liability": [Lever(k) for k in (
        "liability.regime", "liability.gross_negligence_standard", "liability.moral_hazard"
    )],
    "hub": [Lever(k) for k in (
        "hub.enabled", "hub.data_sharing_scope", "hub.coordination_quality", "hub.fragmentation",
        "hub.signal_delay_days", "hub.funding_eur_per_year", "hub.subsidy_share", "hub.mandate"
    )],
    "loket": [Lever(k) for k in (
        "een_loket.enabled", "een_loket.reporting_uplift", "een_loket.routing_hours",
        "een_loket.support_referral"
    )],
    "awareness": [Lever(k) for k in (
        "awareness.campaign_reach", "awareness.effect", "awareness.target", "awareness.sme_reach",
        "awareness.public_info_portal"
    )],
    "system": [Lever(k) for k in (
        "banks.name_check", "banks.risky_payment_delay_hours", "banks.daily_limit_eur",
        "banks.freeze_on_report", "banks.sending_effort_floor", "banks.receiving_effort_floor",
        "telecoms.anti_spoofing", "telecoms.sms_filter", "telecoms.effort_floor", "platforms.verification",
        "platforms.takedown_hours_median", "platforms.effort_floor"
    )],
    "participation": [Lever(k) for k in (
        "hub.initial_members", "hub.participation_barrier_eur", "insurers.prevention_demand",
        "platforms.notice_acted_share"
    )],
}


@dataclass(frozen=True)
class Widget:
    """How a lever is edited: kind ('toggle', 'slider', 'number', 'choice', 'multi'), bounds, options."""

    kind: str
    low: float | None = None
    high: float | None = None
    options: tuple[Any, ...] = ()
    integer: bool = False


def _field(key: str) -> Any:
    model: Any = Scenario
    parts = key.split(".")
    for p in parts[:-1]:
        model = model.model_fields[p].annotation
    return model.model_fields[parts[-1]]


def widget_for(key: str) -> Widget:
    """The widget of a lever, from the schema field's type and bounds."""
    if key == "liability.regime":
        return Widget("choice", options=tuple(regime_names()))
    f = _field(key)
    ann = f.annotation
    low = next((m.ge for m in f.metadata if isinstance(m, annotated_types.Ge)), None)
    high = next((m.le for m in f.metadata if isinstance(m, annotated_types.Le)), None)
    if ann is bool:
        return Widget("toggle")
    if typing.get_origin(ann) is typing.Literal:
        return Widget("choice", options=typing.get_args(ann))
    if typing.get_origin(ann) is list:
        (inner,) = typing.get_args(ann)
        return Widget("multi", options=typing.get_args(inner))
    if ann is int:
        return Widget("number", low, high, integer=True)
    if low is not None and high is not None and high <= 1.0:
        return Widget("slider", low, high)
    return Widget("number", low, high)


def lever_groups() -> dict[str, list[Lever]]:
    """The levers whose keys exist in the current schema (the schema may grow or rename)."""
    known = {r["key"] for r in parameter_table()}
    out = {}
    for group, levers in LEVERS.items():
        ok = [lv for lv in levers if lv.key in known and _is_leaf(lv.key)]
        if ok:
            out[group] = ok
    return out


def _is_leaf(key: str) -> bool:
    try:
        ann = _field(key).annotation
    except (KeyError, AttributeError):
        return False
    return not (isinstance(ann, type) and issubclass(ann, Section))


def sources() -> dict[str, dict[str, Any]]:
    """parameter_table() by key: default, unit, source."""
    return {r["key"]: r for r in parameter_table()}


def all_lever_keys() -> set[str]:
    return {lv.key for levers in lever_groups().values() for lv in levers}
