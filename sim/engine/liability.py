"""The liability rule engine: who pays which part of each settled loss.

A regime is data (scenarios/regimes/*.toml or [[liability.rules]] in a scenario); this module compiles its
rules once and applies them to a batch of losses in arrays. Rules are tried in order; the first rule whose
scope (fraud type, payment kind, victim kind) matches a loss decides it, in four steps:

1. `_eligible`: the claim's conditions (a claim, in time, in scope, a police report, no gross negligence,
   the payer accepts); a claim that fails records its first reason (`REFUSAL_REASONS`);
2. `_covered`: what the rule covers of the loss, after an excess (applied on a share of claims,
   `excess_applied_share`) and up to a cap, given what the case already settled;
3. `_shares`: who carries that cover: the rule's fixed payers, or a waterfall of duties (the party that
   breached a duty pays); the origin's share falls back when the contact started outside platforms and
   telecoms; an extension actor pays only for losses that went through it;
4. the amounts, the decision time and the once-per-victim use.

Payers have names (`Payers`: sending bank, receiving bank, origin, victim, extension actors), never
column numbers. Insurers come after the regime, on what the victim still carries
(sim/engine/stages/settlement.py). Owns: rule compilation and the allocation arithmetic. Must not draw random
numbers itself (settlement passes named uniform draws from the model's streams, `LiabilityDraws`) and must
not touch agents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from fraudchain.scenarios.codes import (
    ORIGIN_NONE,
    ORIGIN_PLATFORM,
    ORIGIN_SECTORS,
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
           "LiabilityDraws", "Allocation", "Parties", "Payers", "CompiledRule", "resolve_rules", "compile_rules",
           "duty_floors", "allocate"]

PARTIES = ("sending_bank", "receiving_bank", "origin")   # the firms a duty can bind


@dataclass
class Parties:
    """One array per firm party (one row per loss): efforts, breaches, amounts paid for a breach."""

    sending_bank: np.ndarray
    receiving_bank: np.ndarray
    origin: np.ndarray

    def of(self, party: str) -> np.ndarray:
        """The array of the party a rule names ("sending_bank", "receiving_bank" or "origin")."""
        match party:
            case "sending_bank":
                return self.sending_bank
            case "receiving_bank":
                return self.receiving_bank
            case "origin":
                return self.origin
        raise ValueError(f"unknown party {party!r}; parties: {', '.join(PARTIES)}")


@dataclass
class Payers:
    """What part of each loss (share, or EUR) each payer carries: the three firm parties, the victim and the
    scenario's extension actors (`actors[:, a]`, in the order of the scenario's [actors] tables)."""

    sending_bank: np.ndarray
    receiving_bank: np.ndarray
    origin: np.ndarray
    victim: np.ndarray
    actors: np.ndarray

    def firm(self, party: str) -> np.ndarray:
        """The array of a firm party a rule names ("sending_bank", "receiving_bank" or "origin")."""
        return Parties(self.sending_bank, self.receiving_bank, self.origin).of(party)

    def firms(self) -> np.ndarray:
        """Everyone but the victim (firms and extension actors)."""
        return self.sending_bank + self.receiving_bank + self.origin + self.actors.sum(axis=1)

    def times(self, amount: np.ndarray) -> Payers:
        return Payers(amount * self.sending_bank, amount * self.receiving_bank, amount * self.origin,
                      amount * self.victim, amount[:, None] * self.actors)


@dataclass
class LiabilityDraws:
    """The uniform draws one batch of losses needs, by name (the model draws them from its streams)."""

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
    effort: Parties              # effective efforts of the sending bank, receiving bank and origin
    origin_sector: np.ndarray    # ORIGIN_NONE / ORIGIN_PLATFORM / ORIGIN_TELECOM
    origin_notified: np.ndarray  # the origin had been told about the instrument and not removed it
    name_check_failed: np.ndarray  # no payee-name check was offered and the name did not match
    draws: LiabilityDraws        # named uniform draws (acceptance, negligence proof, duties, decision)
    involved: np.ndarray | None = None   # (n, A) the loss went through extension actor a (e.g. an off-ramp)
    # an account at a bank received the money (None: every loss); else there is no receiving bank (cash, card,
    # wallet, a payment service provider's merchant account): it breaches no duty and its share falls to the
    # sending bank, which reimburses and has no receiving bank to recover it from
    receiving_account: np.ndarray | None = None

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
    actors: np.ndarray           # (n, A) paid by extension actors (see compile_rules' actor_names)
    rule: np.ndarray             # index of the deciding rule, -1 if none matched
    decision_days: np.ndarray    # days from claim to decision (nan if nothing reimbursed)
    breach: Parties              # the party breached a duty in this case (it pays and may be fined)
    breach_paid: Parties         # EUR paid because of a duty breach
    penalty: np.ndarray          # (n,) penalty per breaching party (EUR)
    once_used: np.ndarray        # a once-per-victim rule paid out
    refusal: np.ndarray          # REFUSAL_REASONS code of a claim that got nothing (0: not refused)

    @property
    def reimbursed(self) -> np.ndarray:
        return self.sending_bank + self.receiving_bank + self.origin + self.actors.sum(axis=1)

    def penalties(self) -> Parties:
        """The penalty each breaching party owes, per loss (EUR)."""
        return Parties(self.penalty * self.breach.sending_bank, self.penalty * self.breach.receiving_bank,
                       self.penalty * self.breach.origin)


@dataclass
class CompiledRule:
    rule: LiabilityRule
    types: np.ndarray            # bool over the model's fraud types
    kinds: np.ndarray            # bool over PAYMENT_KINDS
    victims: np.ndarray          # bool over VICTIM_KINDS
    payers: Payers               # the rule's fixed shares (one row), actors in the scenario's order


def refund_needs_report(rules: list[CompiledRule], n_types: int) -> np.ndarray:
    """[t, payment kind, victim kind]: the first rule that covers such a loss asks for a police report (the
    Dutch banks' goodwill scheme, the EU's refund of bank impersonation): a victim who wants that refund
    reports to the police for it (agents/reporting.py)."""
    table = np.zeros((n_types, len(PAYMENT_KINDS), len(VICTIM_KINDS)), dtype=bool)
    for index in np.ndindex(*table.shape):
        t, k, v = index
        rule = next((cr.rule for cr in rules if cr.types[t] and cr.kinds[k] and cr.victims[v]), None)
        table[index] = rule is not None and rule.requires_police_report
    return table


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
    """Rules as arrays over the model's fraud types, with their payers' shares by name."""
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
        share = r.payers.get
        payers = Payers(np.array([share("sending_bank", 0.0)]), np.array([share("receiving_bank", 0.0)]),
                        np.array([share("origin", 0.0)]), np.array([share("victim", 0.0)]),
                        np.array([[share(a, 0.0) for a in actor_names]]).reshape(1, len(actor_names)))
        out.append(CompiledRule(r, types, kinds, victims, payers))
    return out


def duty_floors(rules: list[CompiledRule], type_origin: np.ndarray | None = None) -> dict[str, float]:
    """The highest effort standard each party must meet under the regime (a floor on its effort).

    An origin duty binds only the sector where the rule's fraud types start: `origin_platform` and
    `origin_telecom` (type_origin[t] is ORIGIN_PLATFORM / ORIGIN_TELECOM / ORIGIN_NONE per fraud type), and of
    those only the duty's own sector where it names one (`Duty.sector`).
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
                if d.sector is not None and ORIGIN_SECTORS[d.sector] != code:
                    continue
                if (origins == code).any():
                    floors[key] = max(floors[key], d.standard)
    return floors


# ---- applying the rules ------------------------------------------------------------------------------
class _Outcome:
    """The allocation being built for a batch (EUR by payer, one row per loss)."""

    def __init__(self, n: int, actors: int):
        zeros = np.zeros
        self.paid = Payers(zeros(n), zeros(n), zeros(n), zeros(n), zeros((n, actors)))
        self.rule = np.full(n, -1, dtype=np.int32)
        self.decision = np.full(n, np.nan)
        self.breach = Parties(zeros(n, dtype=bool), zeros(n, dtype=bool), zeros(n, dtype=bool))
        self.breach_paid = Parties(zeros(n), zeros(n), zeros(n))
        self.penalty = zeros(n)
        self.once_used = zeros(n, dtype=bool)
        self.refusal = np.full(n, REFUSE_NONE, dtype=np.int8)

    def refuse(self, ok: np.ndarray, fail: np.ndarray, reason: int) -> np.ndarray:
        """The losses in `fail` get nothing; record the first reason a claim fails. Returns ok without them."""
        self.refusal[fail & ok & (self.refusal == REFUSE_NONE)] = reason
        return ok & ~fail


def allocate(batch: LossBatch, rules: list[CompiledRule], gn_standard: float) -> Allocation:
    """Apply the rules in order to every loss of the batch (the first rule whose scope matches decides)."""
    n = batch.n
    a = rules[0].payers.actors.shape[1] if rules else 0
    involved = batch.involved if batch.involved is not None else np.zeros((n, a), dtype=bool)
    out = _Outcome(n, a)
    draws = batch.draws
    excess_u = draws.excess if draws.excess is not None else np.zeros(n)
    scope_u = draws.scope if draws.scope is not None else np.ones(n)
    open_ = np.ones(n, dtype=bool)
    for i, cr in enumerate(rules):
        match = open_ & cr.types[batch.ftype] & cr.kinds[batch.payment_kind] & cr.victims[batch.victim_kind]
        if not match.any():
            continue
        open_ &= ~match
        out.rule[match] = i
        ok = _eligible(batch, match, cr.rule, gn_standard, scope_u, out)
        if not ok.any():
            continue
        idx = np.flatnonzero(ok)
        covered = _covered(batch, idx, cr.rule, excess_u)
        shares, breach = _shares(batch, idx, cr, involved[idx])
        _pay(out, batch, idx, cr.rule, covered, shares, breach)
    # a claim no rule covers is refused as outside scope (e.g. purchase fraud under today's Dutch rules)
    out.refusal[(out.rule < 0) & batch.claimed] = REFUSE_SCOPE
    out.refusal[~batch.claimed] = REFUSE_NONE
    p = out.paid
    victim = batch.net - p.firms()
    return Allocation(p.sending_bank, p.receiving_bank, p.origin, victim, p.actors, out.rule, out.decision,
                      out.breach, out.breach_paid, out.penalty, out.once_used, out.refusal)


def _eligible(batch: LossBatch, match: np.ndarray, r: LiabilityRule, gn_standard: float, scope_u: np.ndarray,
              out: _Outcome) -> np.ndarray:
    """Step 1: the losses the rule reimburses among those it decides (`match`); the others record why not."""
    ok = match.copy()
    if r.requires_claim:
        ok &= batch.claimed
        if r.claim_window_days is not None:
            ok = out.refuse(ok, batch.claim_delay > r.claim_window_days, REFUSE_TIME)
    outside = scope_u < r.out_of_scope_share
    if r.requires_police_report:
        outside |= ~batch.police_report
    if r.requires_own_bank_impersonation:
        outside |= ~batch.own_bank
    if r.once_per_victim:
        outside |= ~batch.once_ok
    ok = out.refuse(ok, outside, REFUSE_SCOPE)
    if r.gross_negligence:
        negligent = ~batch.vulnerable & (batch.caution < gn_standard) & \
            (batch.draws.negligence_proof < r.gross_negligence_proof)
        ok = out.refuse(ok, negligent, REFUSE_NEGLIGENCE)
    return out.refuse(ok, batch.draws.acceptance >= r.acceptance, REFUSE_DECLINED)


def _capped(total: np.ndarray, excess: np.ndarray, cap: float | None) -> np.ndarray:
    out = np.maximum(total - excess, 0.0)
    return out if cap is None else np.minimum(out, cap)


def _covered(batch: LossBatch, idx: np.ndarray, r: LiabilityRule, excess_u: np.ndarray) -> np.ndarray:
    """Step 2: what the rule covers of each loss (EUR): the case's covered total after this loss minus before it,
    after the excess (waived for vulnerable customers where the rule says so, and on the share of claims where
    the firm does not apply it) and up to the cap."""
    waived = batch.vulnerable[idx] & r.excess_exempt_vulnerable | (excess_u[idx] >= r.excess_applied_share)
    excess = np.where(waived, 0.0, r.excess_eur)
    before = batch.cum_before[idx]
    covered = _capped(before + batch.net[idx], excess, r.cap_eur) - _capped(before, excess, r.cap_eur)
    return np.clip(covered, 0.0, batch.net[idx])


def _shares(batch: LossBatch, idx: np.ndarray, cr: CompiledRule, involved: np.ndarray) -> tuple[Payers, Parties | None]:
    """Step 3: who carries the cover of each loss, as shares; and, for a waterfall, who breached a duty."""
    r, k = cr.rule, idx.size
    breach = None
    if r.waterfall:
        shares, breach = _waterfall(batch, idx, r, cr.payers.actors.shape[1])
    else:
        fixed = cr.payers
        shares = Payers(np.repeat(fixed.sending_bank, k), np.repeat(fixed.receiving_bank, k),
                        np.repeat(fixed.origin, k), np.repeat(fixed.victim, k), np.repeat(fixed.actors, k, axis=0))
        if shares.actors.shape[1]:   # an actor pays only for losses that went through it; else the victim keeps it
            absent = ~involved
            shares.victim += (shares.actors * absent).sum(axis=1)
            shares.actors *= ~absent
    # the origin's share falls back when the contact started outside platforms and telecoms
    no_origin = batch.origin_sector[idx] == ORIGIN_NONE
    if no_origin.any():
        fallback = shares.sending_bank if r.origin_fallback == "sending_bank" else shares.victim
        fallback[no_origin] += shares.origin[no_origin]
        shares.origin[no_origin] = 0.0
    if batch.receiving_account is not None:     # no receiving bank: its share falls to the sending bank
        none = ~batch.receiving_account[idx]
        shares.sending_bank[none] += shares.receiving_bank[none]
        shares.receiving_bank[none] = 0.0
    return shares, breach


def _pay(out: _Outcome, batch: LossBatch, idx: np.ndarray, r: LiabilityRule, covered: np.ndarray, shares: Payers,
         breach: Parties | None) -> None:
    """Step 4: the amounts each payer carries, what a breach cost, when the claim is decided, once-per-victim use.
    The victim's part is what the others do not pay (Allocation.victim)."""
    paid = shares.times(covered)
    if breach is not None and r.waterfall_default == "victim":   # no party breached a duty: the claim fails
        out.refusal[idx[(shares.victim >= 1.0) & batch.claimed[idx]]] = REFUSE_NO_BREACH
    p = out.paid
    for party in PARTIES:
        p.firm(party)[idx] = paid.firm(party)
    p.actors[idx] = paid.actors
    if breach is not None:
        for party in PARTIES:
            out.breach.of(party)[idx] = breach.of(party)
            out.breach_paid.of(party)[idx] = paid.firm(party) * breach.of(party)
        out.penalty[idx] = r.penalty_eur_per_breach
    yes = idx[paid.firms() > 0]
    out.decision[yes] = r.decision_days * np.exp(0.5 * (batch.draws.decision[yes] - 0.5))
    if r.once_per_victim:
        out.once_used[yes] = True


def _waterfall(batch: LossBatch, idx: np.ndarray, r: LiabilityRule, actors: int) -> tuple[Payers, Parties]:
    """Shares from duty breaches, in the rule's order: the first party that breached pays ("first"), or the
    breaching parties share ("shared"); nobody breached: the rule's default payer."""
    k = idx.size
    breach = Parties(np.zeros(k, dtype=bool), np.zeros(k, dtype=bool), np.zeros(k, dtype=bool))
    order = []
    for j, d in enumerate(r.waterfall):
        if d.kind == "effort":
            shortfall = np.clip((d.standard - batch.effort.of(d.party)[idx]) / max(d.standard, 1e-9), 0.0, 1.0)
            b = batch.draws.duty[idx, j] < shortfall
            if d.party == "origin":
                b &= batch.origin_sector[idx] != ORIGIN_NONE
            if d.party == "receiving_bank" and batch.receiving_account is not None:
                b &= batch.receiving_account[idx]
        elif d.kind == "notified":
            b = batch.origin_notified[idx] & (batch.origin_sector[idx] != ORIGIN_NONE)
        else:  # name_check
            b = batch.name_check_failed[idx].copy()
        if d.party == "origin" and d.sector is not None:     # a duty of one sector's origins only
            b &= batch.origin_sector[idx] == ORIGIN_SECTORS[d.sector]
        breach.of(d.party)[:] |= b
        order.append((d.party, b))
    shares = Payers(np.zeros(k), np.zeros(k), np.zeros(k), np.zeros(k), np.zeros((k, actors)))
    if r.waterfall_mode == "first":
        assigned = np.zeros(k, dtype=bool)
        for party, b in order:
            take = b & ~assigned
            shares.firm(party)[take] = 1.0
            assigned |= take
        none = ~assigned
    else:
        count = breach.sending_bank.astype(np.int64) + breach.receiving_bank + breach.origin
        has = count > 0
        for party in PARTIES:
            shares.firm(party)[has] = breach.of(party)[has] / count[has]
        none = ~has
    default = shares.victim if r.waterfall_default == "victim" else shares.firm(r.waterfall_default)
    default[none] = 1.0
    return shares, breach
