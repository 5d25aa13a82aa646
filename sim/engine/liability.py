"""The liability rule engine: who pays which part of each settled loss.

A regime is data (scenarios/regimes/*.toml or [[liability.rules]] in a scenario); this module
compiles its rules once and applies them to a batch of losses in arrays. Rules are tried in
order; the first rule whose scope (fraud type, payment kind, victim kind) matches a loss decides
it. If its conditions fail (no claim, no police report, gross negligence, ...) the victim keeps
the loss, and a claim that fails records why (`REFUSAL_REASONS`: outside scope, gross negligence,
out of time, declined, no duty breached). Rules are applied as firms apply them: an optional excess
is deducted on a share of claims (`excess_applied_share`) and a share of claims is refused as
outside scope (`out_of_scope_share`: civil disputes and the like), each decided by a named draw.
Insurers come after the regime, on what the victim still carries (sim/engine/stages/settlement.py).

Owns: rule compilation and the allocation arithmetic. Must not draw random numbers itself (settlement
passes named uniform draws from the model's generator, `LiabilityDraws`) and must not touch agents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from fraudchain.scenarios.codes import (
    ORIGIN_NONE,
    ORIGIN_PLATFORM,
    ORIGIN_TELECOM,
    PAYMENT_KINDS,
    REFUSE_DECLINED,
    REFUSE_NEGLIGENCE,
    REFUSE_NO_BREACH,
    REFUSE_NONE,
    REFUSE_SCOPE,
    REFUSE_TIME,
    VICTIM_KINDS,
    currency_rates,
)
from fraudchain.scenarios.regimes import regime_rules_eur
from fraudchain.scenarios.schema import LiabilityRule, Scenario

__all__ = ["ORIGIN_NONE", "ORIGIN_PLATFORM", "ORIGIN_TELECOM", "PAYMENT_KINDS", "VICTIM_KINDS", "LossBatch",
           "LiabilityDraws", "Allocation", "CompiledRule", "resolve_rules", "compile_rules", "duty_floors", "allocate"]

PARTIES = ("sending_bank", "receiving_bank", "origin")


@dataclass
class LiabilityDraws:
    """The uniform draws one batch of losses needs, by name (the model draws them from its generator)."""

    acceptance: np.ndarray        # the payer honours an eligible claim (rule.acceptance)
    negligence_proof: np.ndarray  # the payer proves gross negligence (rule.gross_negligence_proof)
    duty: np.ndarray              # (n, D) duty j of a waterfall is breached (effort shortfall), one column per duty
    decision: np.ndarray          # spread of the decision time around the rule's median
    excess: np.ndarray | None = None  # the firm deducts the excess if below rule.excess_applied_share (per case)
    scope: np.ndarray | None = None   # the firm refuses the claim as outside scope if below rule.out_of_scope_share

    @staticmethod
    def columns(rules: list[CompiledRule]) -> int:
        """How many uniforms per loss: acceptance, negligence proof, one per waterfall duty (at least 3),
        decision."""
        duties = max([3] + [len(cr.rule.waterfall) for cr in rules])
        return 3 + duties

    @classmethod
    def from_uniforms(cls, u: np.ndarray, excess: np.ndarray | None = None, scope: np.ndarray | None = None
                      ) -> LiabilityDraws:
        """Name the columns of u (n, columns(rules)): acceptance, negligence proof, the duties, decision. `excess`
        and `scope` are drawn once per case (so every payment of a case is treated alike); without them every
        firm applies the excess and no claim is out of scope."""
        n = u.shape[0]
        return cls(acceptance=u[:, 0], negligence_proof=u[:, 1], duty=u[:, 2:-1], decision=u[:, -1],
                   excess=np.zeros(n) if excess is None else excess, scope=np.ones(n) if scope is None else scope)


@dataclass
class LossBatch:
    """One row per loss being settled (amounts in EUR). Booleans are numpy bool arrays."""

    net: np.ndarray
    ftype: np.ndarray            # index into the model's fraud-type list
    payment_kind: np.ndarray     # index into PAYMENT_KINDS
    victim_kind: np.ndarray      # index into VICTIM_KINDS
    vulnerable: np.ndarray
    caution: np.ndarray
    own_bank: np.ndarray         # the fraudster impersonated the victim's own bank
    police_report: np.ndarray
    claimed: np.ndarray          # the victim reported to its bank (a claim)
    claim_delay: np.ndarray      # days from loss to claim (inf: never)
    once_ok: np.ndarray          # a once-per-victim rule is still available for this case
    cum_before: np.ndarray       # case's settled loss before this one (for caps and excesses)
    eff: np.ndarray              # (n, 3) effective efforts of sending bank, receiving bank, origin
    origin_sector: np.ndarray    # ORIGIN_NONE / ORIGIN_PLATFORM / ORIGIN_TELECOM
    origin_notified: np.ndarray  # the origin had been told about the instrument and not removed it
    name_check_failed: np.ndarray  # no payee-name check was offered and the name did not match
    draws: LiabilityDraws        # named uniform draws (acceptance, negligence proof, duties, decision)
    involved: np.ndarray | None = None   # (n, A) the loss went through extension actor a (e.g. an off-ramp)

    @property
    def n(self) -> int:
        return int(self.net.size)


@dataclass
class Allocation:
    """Who pays each loss of a batch (EUR). victim = net - everyone else, so money is conserved."""

    sending_bank: np.ndarray
    receiving_bank: np.ndarray
    origin: np.ndarray
    victim: np.ndarray
    rule: np.ndarray             # index of the deciding rule, -1 if none matched
    decision_days: np.ndarray    # days from claim to decision (nan if nothing reimbursed)
    breach: np.ndarray           # (n, 3) the party breached a duty in this case (it pays and may be fined)
    breach_paid: np.ndarray      # (n, 3) EUR paid because of a duty breach
    penalty: np.ndarray          # (n,) penalty per breaching party (EUR)
    once_used: np.ndarray        # a once-per-victim rule paid out
    actors: np.ndarray           # (n, A) paid by extension actors (see compile_rules' actor_names)
    refusal: np.ndarray          # REFUSAL_REASONS code of a claim that got nothing (0: not refused)

    @property
    def reimbursed(self) -> np.ndarray:
        return self.sending_bank + self.receiving_bank + self.origin + self.actors.sum(axis=1)


@dataclass
class CompiledRule:
    rule: LiabilityRule
    types: np.ndarray            # bool over the model's fraud types
    kinds: np.ndarray            # bool over PAYMENT_KINDS
    victims: np.ndarray          # bool over VICTIM_KINDS
    payers: np.ndarray = field(default_factory=lambda: np.zeros(4))  # sending, receiving, origin, victim, actors...


def resolve_rules(scenario: Scenario) -> list[LiabilityRule]:
    """The rules in force: custom [[liability.rules]] if given, else the named regime's; a field named in
    `liability.rule_values` (how firms apply a rule, drawn by `--uncertainty assumptions` from the rule's `ranges`)
    replaces that field of the rule drawn under that name (`draw_as`, default its own)."""
    lia = scenario.liability
    rules = list(lia.rules) if lia.rules is not None else \
        [LiabilityRule.model_validate(r) for r in regime_rules_eur(lia.regime, currency_rates(lia))]
    return [r.model_copy(update=lia.rule_values[r.draw_name]) if r.draw_name in lia.rule_values else r for r in rules]


def compile_rules(rules: list[LiabilityRule], type_keys: list[str], actor_names: tuple[str, ...] = ()
                  ) -> list[CompiledRule]:
    """Rules as arrays over the model's fraud types; payer columns: sending, receiving, origin, victim, actors."""
    out = []
    parties = ("sending_bank", "receiving_bank", "origin", "victim", *actor_names)
    for r in rules:
        missing = [p for p in r.payers if p not in parties]
        if missing:
            raise ValueError(f"rule {r.name!r}: payer(s) {missing} are not actors in this scenario "
                             f"(add an [actors.NAME] table); actors here: {list(actor_names)}")
        types = np.array([("*" in r.fraud_types) or (t in r.fraud_types) for t in type_keys])
        kinds = np.array([k in r.payment_kinds for k in PAYMENT_KINDS])
        victims = np.array([v in r.victim_kinds for v in VICTIM_KINDS])
        payers = np.array([r.payers.get(p, 0.0) for p in parties])
        out.append(CompiledRule(r, types, kinds, victims, payers))
    return out


def duty_floors(rules: list[CompiledRule], type_origin: np.ndarray | None = None) -> dict[str, float]:
    """The highest effort standard each party must meet under the regime (a floor on its effort).

    An origin duty binds only the sector where the rule's fraud types start: `origin_platform` and
    `origin_telecom` (type_origin[t] is ORIGIN_PLATFORM / ORIGIN_TELECOM / ORIGIN_NONE per fraud type).
    """
    floors = {"sending_bank": 0.0, "receiving_bank": 0.0, "origin_platform": 0.0, "origin_telecom": 0.0}
    for cr in rules:
        for d in cr.rule.waterfall:
            if d.kind != "effort":
                continue
            if d.party != "origin":
                floors[d.party] = max(floors[d.party], d.standard)
                continue
            origins = type_origin[cr.types] if type_origin is not None else np.array([ORIGIN_PLATFORM,
                                                                                      ORIGIN_TELECOM])
            for code, key in ((ORIGIN_PLATFORM, "origin_platform"), (ORIGIN_TELECOM, "origin_telecom")):
                if (origins == code).any():
                    floors[key] = max(floors[key], d.standard)
    return floors


def _capped(total: np.ndarray, excess: np.ndarray, cap: float | None) -> np.ndarray:
    out = np.maximum(total - excess, 0.0)
    return out if cap is None else np.minimum(out, cap)


def allocate(batch: LossBatch, rules: list[CompiledRule], gn_standard: float) -> Allocation:
    """Apply the rules in order to every loss of the batch."""
    n = batch.n
    A = rules[0].payers.size - 4 if rules else 0
    involved = batch.involved if batch.involved is not None else np.zeros((n, A), dtype=bool)
    pay = np.zeros((n, 4 + A))                 # sending, receiving, origin, victim, actors...
    rule_of = np.full(n, -1, dtype=np.int32)
    decision = np.full(n, np.nan)
    breach = np.zeros((n, 3), dtype=bool)
    breach_paid = np.zeros((n, 3))
    penalty = np.zeros(n)
    once_used = np.zeros(n, dtype=bool)
    refusal = np.full(n, REFUSE_NONE, dtype=np.int8)
    draws = batch.draws
    excess_u = draws.excess if draws.excess is not None else np.zeros(n)
    scope_u = draws.scope if draws.scope is not None else np.ones(n)
    open_ = np.ones(n, dtype=bool)

    def refuse(fail: np.ndarray, reason: int) -> None:
        """The losses in `fail` get nothing; record the first reason a claim fails."""
        nonlocal ok
        refusal[fail & ok & (refusal == REFUSE_NONE)] = reason
        ok &= ~fail

    for i, cr in enumerate(rules):
        r = cr.rule
        match = open_ & cr.types[batch.ftype] & cr.kinds[batch.payment_kind] & cr.victims[batch.victim_kind]
        if not match.any():
            continue
        open_ &= ~match
        rule_of[match] = i
        ok = match.copy()
        if r.requires_claim:
            ok &= batch.claimed
            if r.claim_window_days is not None:
                refuse(batch.claim_delay > r.claim_window_days, REFUSE_TIME)
        outside = scope_u < r.out_of_scope_share
        if r.requires_police_report:
            outside |= ~batch.police_report
        if r.requires_own_bank_impersonation:
            outside |= ~batch.own_bank
        if r.once_per_victim:
            outside |= ~batch.once_ok
        refuse(outside, REFUSE_SCOPE)
        if r.gross_negligence:
            negligent = ~batch.vulnerable & (batch.caution < gn_standard) & (draws.negligence_proof < r.gross_negligence_proof)
            refuse(negligent, REFUSE_NEGLIGENCE)
        refuse(draws.acceptance >= r.acceptance, REFUSE_DECLINED)
        if not ok.any():
            continue
        idx = np.flatnonzero(ok)
        waived = batch.vulnerable[idx] & r.excess_exempt_vulnerable | (excess_u[idx] >= r.excess_applied_share)
        excess = np.where(waived, 0.0, r.excess_eur)
        before = batch.cum_before[idx]
        covered = _capped(before + batch.net[idx], excess, r.cap_eur) - _capped(before, excess, r.cap_eur)
        covered = np.clip(covered, 0.0, batch.net[idx])
        if r.waterfall:
            shares, br = _waterfall(batch, idx, r)
            shares = np.hstack([shares, np.zeros((idx.size, A))])
            breach[idx] |= br
        else:
            shares = np.repeat(cr.payers[None, :], idx.size, axis=0)
            if A:   # an actor pays only for losses that went through it; otherwise the victim keeps that share
                absent = ~involved[idx]
                shares[:, 3] += (shares[:, 4:] * absent).sum(axis=1)
                shares[:, 4:] *= ~absent
        # the origin's share falls back when the contact started outside platforms and telecoms
        no_origin = batch.origin_sector[idx] == ORIGIN_NONE
        if no_origin.any():
            fb = 0 if r.origin_fallback == "sending_bank" else 3
            shares[no_origin, fb] += shares[no_origin, 2]
            shares[no_origin, 2] = 0.0
        pay[idx] = covered[:, None] * shares
        if r.waterfall and r.waterfall_default == "victim":   # no party breached a duty: the claim fails
            refusal[idx[(shares[:, 3] >= 1.0) & batch.claimed[idx]]] = REFUSE_NO_BREACH
        pay[idx, 3] = 0.0
        if r.waterfall:
            breach_paid[idx] = pay[idx, :3] * breach[idx]
            penalty[idx] = r.penalty_eur_per_breach
        paid = (pay[idx, :3].sum(axis=1) + pay[idx, 4:].sum(axis=1)) > 0
        decision[idx[paid]] = r.decision_days * np.exp(0.5 * (batch.draws.decision[idx[paid]] - 0.5))
        if r.once_per_victim:
            once_used[idx[paid]] = True
    # a claim no rule covers is refused as outside scope (e.g. purchase fraud under today's Dutch rules)
    refusal[(rule_of < 0) & batch.claimed] = REFUSE_SCOPE
    refusal[~batch.claimed] = REFUSE_NONE
    firm_paid = pay[:, :3].sum(axis=1) + pay[:, 4:].sum(axis=1)
    victim = batch.net - firm_paid
    return Allocation(pay[:, 0], pay[:, 1], pay[:, 2], victim, rule_of, decision, breach, breach_paid,
                      penalty, once_used, pay[:, 4:], refusal)


def _waterfall(batch: LossBatch, idx: np.ndarray, r: LiabilityRule) -> tuple[np.ndarray, np.ndarray]:
    """Shares (sending, receiving, origin, victim) from duty breaches, in the rule's order."""
    k = idx.size
    breach = np.zeros((k, 3), dtype=bool)
    order = []
    for j, d in enumerate(r.waterfall):
        p = PARTIES.index(d.party)
        if d.kind == "effort":
            shortfall = np.clip((d.standard - batch.eff[idx, p]) / max(d.standard, 1e-9), 0.0, 1.0)
            b = batch.draws.duty[idx, j] < shortfall
            if d.party == "origin":
                b &= batch.origin_sector[idx] != ORIGIN_NONE
        elif d.kind == "notified":
            b = batch.origin_notified[idx] & (batch.origin_sector[idx] != ORIGIN_NONE)
        else:  # name_check
            b = batch.name_check_failed[idx].copy()
        breach[:, p] |= b
        order.append((p, b))
    shares = np.zeros((k, 4))
    if r.waterfall_mode == "first":
        assigned = np.zeros(k, dtype=bool)
        for p, b in order:
            take = b & ~assigned
            shares[take, p] = 1.0
            assigned |= take
        none = ~assigned
    else:
        cnt = breach.sum(axis=1)
        has = cnt > 0
        shares[has, :3] = breach[has] / cnt[has, None]
        none = ~has
    default = {"victim": 3, "sending_bank": 0, "receiving_bank": 1}[r.waterfall_default]
    shares[none, default] = 1.0
    return shares, breach
