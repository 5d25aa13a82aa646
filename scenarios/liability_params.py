"""The liability and incentive rules of a scenario: who reimburses which loss under which conditions, the
duties whose breach shifts a loss, and the incentives between sectors (pydantic sections of the scenario
schema, each field with its unit and source).

Owns these sections' fields, defaults and checks. Must not import sim/, agents/ or dashboard/.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fraudchain.scenarios.codes import BANK_KINDS
from fraudchain.scenarios.fields import MAX_EUR, P, Section, Share
from fraudchain.scenarios.fraud_types import FRAUD_TYPES
from fraudchain.scenarios.limits import (
    MAX_ENTRIES,
    MAX_NAME,
    check_shares,
    unknown_types_message,
)
from fraudchain.scenarios.strict import deferred
from pydantic import Field, ValidationInfo, field_validator, model_validator

RULE_DRAWN_FIELDS = ("excess_applied_share", "out_of_scope_share", "acceptance", "gross_negligence_proof")


class LiabilityRule(Section):
    """One rule of a liability regime: which losses it covers and who pays which share."""

    name: str = Field(description="short name")
    cites: str = Field(description="the regulation or scheme this rule encodes")
    fraud_types: list[str] = Field(default_factory=lambda: ["*"])
    payment_kinds: list[Literal["authorised", "unauthorised", "card", "wallet", "crypto", "cash"]] = Field(
        default_factory=lambda: list(BANK_KINDS))
    victim_kinds: list[Literal["consumer", "micro", "sme"]] = Field(
        default_factory=lambda: ["consumer", "micro", "sme"])
    payers: dict[str, Share] = Field(
        default_factory=lambda: {"sending_bank": 1.0},
        description="shares of the covered loss, must sum to 1: sending_bank, receiving_bank, origin (the platform "
        "or telecom where the contact started), victim, or a registered actor (it pays only for losses that went "
        "through it; otherwise its share stays with the victim)")
    cap_eur: float | None = Field(None, ge=0, le=MAX_EUR, description="maximum reimbursed per claim (EUR)")
    excess_eur: float = Field(0.0, ge=0, le=MAX_EUR, description="victim keeps this first part of each claim (EUR)")
    excess_exempt_vulnerable: bool = True
    gross_negligence: bool = Field(False, description="no reimbursement if caution below the standard "
                                   "(never applied to vulnerable victims)")
    gross_negligence_proof: float = Field(0.5, ge=0, le=1, description="probability the payer proves negligence")
    requires_police_report: bool = False
    requires_claim: bool = Field(True, description="the victim must report to the bank")
    requires_own_bank_impersonation: bool = False
    once_per_victim: bool = False
    claim_window_days: float | None = Field(None, ge=0, le=3650)
    decision_days: float = Field(15.0, ge=0, le=400, description="median days from claim to decision")
    acceptance: float = Field(1.0, ge=0, le=1, description="probability the payer honours an eligible claim "
                              "(below 1 for voluntary schemes)")
    waterfall: list[Duty] = Field(default_factory=list, description="duty-breach payers in order; if set, "
                                  "`payers` is ignored")
    waterfall_mode: Literal["first", "shared"] = "first"
    waterfall_default: Literal["victim", "sending_bank", "receiving_bank"] = Field(
        "victim", description="who pays when no party in the waterfall breached its duty")
    origin_fallback: Literal["victim", "sending_bank"] = Field(
        "victim", description="who takes the origin's share when the contact started outside a platform or "
        "telecom network (e.g. e-mail)")
    penalty_eur_per_breach: float = Field(0.0, ge=0, le=MAX_EUR)
    # ---- the rule as firms apply it (issue 11: claims) ----
    excess_applied_share: float = Field(
        1.0, ge=0, le=1, description="share of claims on which the paying firm deducts the excess (an optional "
        "excess is charged by only some firms); 1: the excess as written is charged on every claim it may be")
    out_of_scope_share: float = Field(
        0.0, ge=0, le=1, description="share of claims under this rule the firm refuses as outside its scope (civil "
        "disputes, first-party fraud, payments the rule does not cover), drawn once per case")
    applied_cites: str = Field("", max_length=2000, description="the source (publication, year, figure) or stated "
                               "assumption with a range for excess_applied_share and out_of_scope_share; required "
                               "when either differs from its default")
    ranges: dict[Literal[RULE_DRAWN_FIELDS], Annotated[list[Share], Field(min_length=2, max_length=2)]] = Field(
        default_factory=dict, description="the plausible range (low, high) of how firms apply this rule, per field "
        "(excess_applied_share, out_of_scope_share, acceptance, gross_negligence_proof): `--uncertainty assumptions` "
        "draws the field from it (docs/evidence.md); the stated value must lie inside")
    draw_as: str = Field("", max_length=MAX_NAME, description="the name under which this rule's ranged fields are "
                         "drawn (default: its own name): rules that are the same practice under another regime's law "
                         "share one draw, so comparisons between regimes stay paired")

    @property
    def draw_name(self) -> str:
        return self.draw_as or self.name

    @model_validator(mode="after")
    def _ranges_hold_the_value(self) -> LiabilityRule:
        bad = [f"{k} {getattr(self, k)} outside [{lo}, {hi}]" for k, (lo, hi) in self.ranges.items()
               if not lo <= getattr(self, k) <= hi]
        if bad:
            raise ValueError("ranges: the stated value must lie inside its range: " + "; ".join(bad))
        return self

    @model_validator(mode="after")
    def _applied_cited(self) -> LiabilityRule:
        if (self.excess_applied_share < 1.0 or self.out_of_scope_share > 0.0) and not self.applied_cites.strip():
            raise ValueError("rule sets excess_applied_share or out_of_scope_share: give applied_cites (a source, "
                             "or 'assumption: ...' with a range)")
        return self

    @field_validator("payers")
    @classmethod
    def _payers_sum(cls, v: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        from fraudchain.scenarios.registry import ACTORS

        allowed = ["sending_bank", "receiving_bank", "origin", "victim", *ACTORS]
        bad = [k for k in v if k not in allowed]
        if bad and not deferred(info):
            raise ValueError(f"unknown payer(s) {bad}; allowed: {', '.join(allowed)}")
        return check_shares(v, "payers")

    @field_validator("fraud_types")
    @classmethod
    def _known_types(cls, v: list[str], info: ValidationInfo) -> list[str]:
        bad = [t for t in v if t != "*" and t not in FRAUD_TYPES]
        if bad and not deferred(info):
            raise ValueError(unknown_types_message(bad) + " or '*'")
        return v


class Duty(Section):
    """A duty a party must meet; breached -> it pays (waterfall)."""

    party: Literal["sending_bank", "receiving_bank", "origin"]
    kind: Literal["effort", "notified", "name_check"] = Field(
        "effort", description="'effort': its prevention effort is below `standard` (breach probability grows "
        "with the shortfall); 'notified': it was told about the fraud instrument and had not removed it; "
        "'name_check': the sending bank offered no payee-name check and the name did not match")
    standard: float = Field(0.6, ge=0, le=1)
    sector: Literal["platform", "telecom"] | None = Field(
        None, description="for party 'origin' only: the duty binds an origin in this sector and no other (Singapore's "
        "SRF binds telecom operators, not platforms); empty: the origin wherever the contact started")

    @model_validator(mode="after")
    def _sector_only_for_origin(self) -> Duty:
        if self.sector is not None and self.party != "origin":
            raise ValueError(f"sector: only a duty of party 'origin' names a sector (this one binds {self.party!r})")
        return self


LiabilityRule.model_rebuild()


class LiabilityParams(Section):
    """Who carries which loss: a regime (built-in name or custom rules) and consumer responses."""

    regime: str = P("nl_status_quo", "regime name",
                     "scenarios/regimes/*.toml: each rule cites the regulation it encodes (docs/sources.md)")
    rules: list[LiabilityRule] | None = P(None, "rules", "scenarios/regimes/*.toml format: a custom regime that "
                                          "replaces the named regime's rules", max_length=MAX_ENTRIES)
    moral_hazard: float = P(0.0, "relative fall in caution at full expected reimbursement",
                            "[psr_dashboard_2025] the PSR found 'no indication of people being significantly less "
                            "cautious' in the first year of mandatory reimbursement and refusals for lack of care "
                            "stayed near 3 % of claims; [tsb_guarantee_2020] TSB refused under 1 % of claims under its "
                            "full refund guarantee. Before-after comparisons cannot exclude a small effect, so the "
                            "concern is kept as a sensitivity range 0-0.05 (at 0.05 caution falls by 5 % at full "
                            "expected reimbursement)", ge=0, le=1, range=(0.0, 0.05))
    rule_values: dict[str, dict[Literal[RULE_DRAWN_FIELDS], Share]] = P(
        {}, "rule name -> field -> value: replaces that field of the rule drawn under that name in whichever regime "
        "is in force", "scenarios/regimes/*.toml: each rule's `ranges`, drawn by `--uncertainty assumptions` (one value "
        "per rule name in every regime); docs/evidence.md", max_length=MAX_ENTRIES)
    gross_negligence_standard: float = P(0.25, "caution score below which a victim is grossly negligent",
                                         "assumption on the caution scale", ge=0, le=1)
    gbp_eur: float = P(1.17, "EUR per GBP", "assumption: 2024-2025 average rate", ge=0, le=100)
    sgd_eur: float = P(0.69, "EUR per SGD", "assumption: 2024-2025 average rate", ge=0, le=100)
    aud_eur: float = P(0.61, "EUR per AUD", "assumption: 2024-2025 average rate", ge=0, le=100)


class IncentiveParams(Section):
    """How firms choose prevention effort (bounded rationality)."""

    enabled: bool = P(True, "on/off", "assumption")
    review_days: int = P(91, "days between effort reviews (quarterly)", "assumption", ge=7, le=730)
    adjustment: float = P(0.35, "share of the gap to the cost-minimising effort closed per review",
                          "assumption: partial adjustment, budgets are sticky", ge=0, le=1)
    max_step: float = P(0.1, "largest effort change per review", "assumption", ge=0, le=1)
