"""Settlement (a step of the cash-out stage): frozen money goes back to the victim whose bank asks for it; money
cashed out (or frozen and kept) is a loss, allocated by the liability regime, then insurers; each firm's book learns
what it carried.

In order: a victim decides where to report and whether to claim once its first loss is known (claims.py,
victim_reports.py); frozen money goes back to the victims whose bank asks for it, and the day's cash-outs are
counted and the groups learn from them (`record_cashouts`); each loss is allocated by the rules in force
(sim/engine/liability.py, `allocate`), then the insurer pays on what the victim still carries
(agents/insurers.py); who bore what is recorded (`bear`), with what victims hear about reimbursement, when
the victim was first reimbursed and the once-per-victim use; the firms' books learn what they carried
(`book_firms`); extension actors hear what the rules made them pay (`on_settled`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from fraudchain.agents.base import SettledLosses
from fraudchain.scenarios.codes import ORIGIN_PLATFORM, ORIGIN_TELECOM, PAY_AUTHORISED, POP_CONSUMER, POP_SME
from fraudchain.sim.engine.contracts import fields
from fraudchain.sim.engine.liability import Allocation, LiabilityDraws, LossBatch, Parties, allocate
from fraudchain.sim.engine.stages import claims
from fraudchain.sim.engine.tables import rounds, unique_ids

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

READS = (*fields("cases", "ftype", "pop", "victim", "group", "bank", "telecom", "instrument", "vkind",
                 "vulnerable", "own_bank", "police_day", "claimed", "claim_due", "first_loss_day", "settled",
                 "mismatch", "excess_u", "scope_u", "ins_paid", "bank_day", "reimb_day", "rule", "kind", "refusal",
                 "regime_paid", "decision_day"),
         *fields("instruments", "notified", "takedown"), *fields("mules", "bank"),
         "once_used", "rule_names")
WRITES = (*fields("cases", "recovered", "settled", "ins_paid", "borne_banks", "borne_receiving", "borne_platforms",
                  "borne_telecoms",
                  "borne_insurers", "reimbursed", "reimb_day", "rule", "kind", "refusal", "regime_paid",
                  "decision_day"),
          *fields("daily", "gross_loss_eur", "recovered_eur", "net_loss_eur", "fraudster_proceeds_eur",
                  "borne_banks_eur", "borne_platforms_eur", "borne_telecoms_eur", "borne_insurers_eur",
                  "borne_victims_eur", "reimbursed_eur"),
          *fields("system", "fraudster_proceeds_eur", "penalties_eur"), "claims_net", "claims_reimbursed",
          "rule_names", "once_used",
          *fields("books.bank_sending", "carried", "breach"), *fields("books.bank_receiving", "carried", "breach",
                                                                      "victims"),
          *fields("books.platforms", "carried", "breach"), *fields("books.telecoms", "carried", "breach"))
CALLS = ("claims.decide",)

# what an extension actor pays is carried by the sector it declared (so the five buckets still add up)
SECTOR_BUCKETS = ("banks", "platforms", "telecoms")


@dataclass
class Losses:
    """Losses being settled, one row per cashed-out payment (EUR per victim, model scale)."""

    case: np.ndarray
    ftype: np.ndarray
    net: np.ndarray
    when: np.ndarray             # cash-out time (fractional day)
    weight: np.ndarray           # national persons/SMEs each stands for
    involved: np.ndarray         # (n, actors) the loss went through extension actor a
    kind: np.ndarray             # payment kind (index into PAYMENT_KINDS)
    mule: np.ndarray             # the receiving account at a bank the payment went into (-1: none, stages/payments.py)

    def part(self, sel: np.ndarray) -> Losses:
        return Losses(self.case[sel], self.ftype[sel], self.net[sel], self.when[sel], self.weight[sel],
                      self.involved[sel], self.kind[sel], self.mule[sel])


def settle(model: FraudChainModel, day: int, ids: np.ndarray, amount: np.ndarray, frozen: np.ndarray,
           when: np.ndarray, involved: np.ndarray, kind: np.ndarray, mule: np.ndarray) -> None:
    """Settle today's cash-outs (one row per payment; a case may have two payments cashed out today); `mule`: the
    receiving account each payment went into (-1: none: cash, card, wallet, a merchant account)."""
    c = model.state.cases
    t = c.ftype[ids].astype(np.int64)
    w = model.weight(c.pop[ids])
    claims.decide(model, day, ids, kind)   # a victim decides where to report and to claim once its loss is known
    # frozen money goes back to a victim whose bank asks for it (the victim reported to its bank)
    returned = frozen & model.banks.returns_frozen(model.streams["returns"].random(ids.size),
                                                   np.isfinite(c.bank_day[ids]))
    net = record_cashouts(model, day, ids, t, w, amount, frozen, returned, mule >= 0)
    lost = net > 0
    if not lost.any():
        return
    losses = Losses(ids, t, net, when, w, involved, kind, mule).part(lost)
    n = losses.case.size
    # the batch's draws first, so that splitting it into rounds below moves no draw
    liability_u = model.streams["liability"].random((n, LiabilityDraws.columns(model.rules)))
    insurer_u = model.streams["insurers"].random(n)
    actors_paid = settle_in_rounds(model, day, losses, liability_u, insurer_u)
    for k, actor in enumerate(model.extension_actors):
        actor.on_settled(day, SettledLosses(losses.case, model.type_keys[losses.ftype], actors_paid[:, k],
                                            losses.weight))


def record_cashouts(model: FraudChainModel, day: int, ids: np.ndarray, t: np.ndarray, w: np.ndarray,
                    amount: np.ndarray, frozen: np.ndarray, returned: np.ndarray, account: np.ndarray) -> np.ndarray:
    """Frozen money is lost to the fraudster; of it, what is `returned` goes back to the victim (the rest stays
    frozen); the rest is cashed out: the daily counters, what the groups learn and earn (after the mules' fee on
    what passed through a receiving `account`). Returns the victim's net loss of each payment."""
    st, n_types = model.state, model.n_types
    held = np.where(frozen, amount, 0.0)
    recovered = np.where(returned, amount, 0.0)
    net = amount - recovered
    np.add.at(st.cases.recovered, ids, recovered)
    model.fraudsters.observe_cashouts(t, amount, held)
    st.daily.gross_loss_eur[day] += np.bincount(t, amount * w, n_types)
    st.daily.recovered_eur[day] += np.bincount(t, recovered * w, n_types)
    st.daily.net_loss_eur[day] += np.bincount(t, net * w, n_types)
    # cashed out, minus the mules' fee where a receiving account held it
    proceeds = (amount - held) * (1.0 - model.params.mules.fee_share * account)
    st.daily.fraudster_proceeds_eur[day] += np.bincount(t, proceeds * w, n_types)
    st.system.fraudster_proceeds_eur[day] += float((proceeds * w).sum())
    model.fraudsters.earn(st.cases.group[ids], t, proceeds)
    return net


def settle_in_rounds(model: FraudChainModel, day: int, losses: Losses, liability_u: np.ndarray,
                     insurer_u: np.ndarray) -> np.ndarray:
    """A victim's losses are settled one after another (caps, excesses, once-per-victim rules and insurers' caps
    see what its earlier losses used): round r settles every victim's r-th loss of today, by cash-out time.
    Returns what each extension actor paid on each loss, (n, actors)."""
    c = model.state.cases
    key = c.pop[losses.case].astype(np.int64) * (1 << 40) + c.victim[losses.case]
    actors_paid = np.zeros((losses.case.size, len(model.extension_actors)))
    for part in rounds(key, losses.when):
        actors_paid[part] = settle_losses(model, day, losses.part(part), liability_u[part], insurer_u[part])
    return actors_paid


def settle_losses(model: FraudChainModel, day: int, losses: Losses, liability_u: np.ndarray,
                  insurer_u: np.ndarray) -> np.ndarray:
    """Allocate losses of distinct victims (each case once) by the liability regime, then insurers; record who
    bore what and book the firms. Returns what each extension actor paid, (n, actors)."""
    st, params = model.state, model.params
    c, ids = st.cases, unique_ids(losses.case)
    batch, mule_bank = loss_batch(model, losses, liability_u)
    alloc = allocate(batch, model.rules, params.liability.gross_negligence_standard)
    c.settled[ids] += losses.net
    record_claims(model, ids, losses.kind, losses.when, alloc)
    # insurers on what the victim still carries
    pop, victim = c.pop[ids], c.victim[ids]
    insured = model.victim_values(pop, victim, model.consumers.insured, model.smes.insured)
    ins = model.insurer.pay_claims(alloc.victim, insured, pop == POP_SME, batch.police_report, insurer_u,
                                   c.ins_paid[ids])
    c.ins_paid[ids] += ins
    insurer_paid = ins
    reimbursed, ins = bear(model, day, losses, alloc, ins)
    # what victims hear: the share reimbursed to those who claimed (drives claims and moral hazard); insurance
    # enters as what it pays on such a loss on average over who is insured (a handful of insured victims in a small
    # sample would otherwise decide whether a rare type's victims expect anything back)
    claimed, t, n_types = batch.claimed, losses.ftype, model.n_types
    heard_ins = model.insurer.expected_pay(alloc.victim, pop == POP_SME, batch.police_report,
                                           c.ins_paid[ids] - insurer_paid, params.insurers.consumer_cover_share,
                                           params.insurers.sme_cover_share)
    heard = reimbursed - insurer_paid + heard_ins
    st.claims_net += np.bincount(t[claimed], losses.net[claimed], n_types)
    st.claims_reimbursed += np.bincount(t[claimed], heard[claimed], n_types)
    # the first reimbursement: the regime's decision after the claim, or the insurer's after the police report
    claim_day = np.maximum(np.where(claimed, c.claim_due[ids], c.bank_day[ids]), losses.when)
    any_paid = reimbursed > 0
    decision = np.where(np.isnan(alloc.decision_days), 0.0, alloc.decision_days)
    ins_day = np.maximum(c.police_day[ids], claim_day) + params.insurers.settlement_days
    rday = np.where(alloc.reimbursed > 0, claim_day + decision, np.where(ins > 0, ins_day, np.inf))
    c.reimb_day[ids[any_paid]] = np.minimum(c.reimb_day[ids[any_paid]], rday[any_paid])
    once = alloc.once_used
    for used, p in ((st.once_used.consumers, POP_CONSUMER), (st.once_used.smes, POP_SME)):
        mm = once & (pop == p)
        if mm.any():
            used[victim[mm]] = ids[mm]
    book_firms(model, day, losses, alloc, mule_bank)
    return alloc.actors


def loss_batch(model: FraudChainModel, losses: Losses, liability_u: np.ndarray) -> tuple[LossBatch, np.ndarray]:
    """What the rules need to know of each loss (and the receiving bank of the account the money went to)."""
    st, ft, params = model.state, model.ft, model.params
    c, ids, t, kind = st.cases, losses.case, losses.ftype, losses.kind
    pop, victim = c.pop[ids], c.victim[ids]
    # a payment no account at a bank received (cash or goods, card, wallet, a merchant account) has no receiving
    # bank: bank 0 stands in, the rules move the receiving bank's share to the sending bank (liability.py,
    # `receiving_account`) and the receiving side's book does not count it (`book_firms`)
    has_mule = losses.mule >= 0
    mule_bank = np.where(has_mule, model.mules.bank[np.maximum(losses.mule, 0)], 0).astype(np.int64)
    effort = Parties(model.banks.effective[c.bank[ids], 0], model.banks.effective[mule_bank, 1],
                     origin_effort(model, t, c.telecom[ids]))
    ins_table = st.instruments
    inst = c.instrument[ids]
    notified = (inst >= 0) & (ins_table.notified[np.maximum(inst, 0)] < losses.when) & \
               (ins_table.takedown[np.maximum(inst, 0)] > losses.when)
    once = st.once_used
    once_case = np.where(pop == POP_CONSUMER, once.consumers[np.where(pop == POP_CONSUMER, victim, 0)],
                         once.smes[np.where(pop == POP_SME, victim, 0)] if model.n_smes else -1)
    batch = LossBatch(
        net=losses.net, ftype=t, payment_kind=kind, victim_kind=c.vkind[ids].astype(np.int64),
        vulnerable=c.vulnerable[ids], caution=model.victim_values(pop, victim, model.consumers.caution,
                                                                  model.smes.caution),
        own_bank=c.own_bank[ids], police_report=np.isfinite(c.police_day[ids]), claimed=c.claimed[ids],
        claim_delay=c.claim_due[ids] - c.first_loss_day[ids], once_ok=(once_case < 0) | (once_case == ids),
        cum_before=c.settled[ids], effort=effort, origin_sector=ft.origin[t], origin_notified=notified,
        name_check_failed=c.mismatch[ids] & (not params.banks.name_check) & (kind == PAY_AUTHORISED),
        draws=LiabilityDraws.from_uniforms(liability_u, excess=c.excess_u[ids], scope=c.scope_u[ids]),
        receiving_account=has_mule,
        involved=losses.involved)
    return batch, mule_bank


def bear(model: FraudChainModel, day: int, losses: Losses, alloc: Allocation, ins: np.ndarray
         ) -> tuple[np.ndarray, np.ndarray]:
    """Who bore what of each loss, by the five KPI buckets (an extension actor's payment in the sector it
    declared), on the cases and in the daily counters. Returns (reimbursed to the victim, paid by insurers)."""
    st, n_types = model.state, model.n_types
    c, ids, t, w = st.cases, losses.case, losses.ftype, losses.weight
    origin = model.ft.origin[t]
    banks = alloc.sending_bank + alloc.receiving_bank
    platforms = np.where(origin == ORIGIN_PLATFORM, alloc.origin, 0.0)
    telecoms = np.where(origin == ORIGIN_TELECOM, alloc.origin, 0.0)
    for k, sector in enumerate(model.actor_sector):
        paid_k = alloc.actors[:, k]
        if sector == "banks":
            banks = banks + paid_k
        elif sector == "platforms":
            platforms = platforms + paid_k
        elif sector == "telecoms":
            telecoms = telecoms + paid_k
        else:
            ins = ins + paid_k
    victims = losses.net - banks - platforms - telecoms - ins
    c.borne_banks[ids] += banks
    c.borne_receiving[ids] += alloc.receiving_bank
    c.borne_platforms[ids] += platforms
    c.borne_telecoms[ids] += telecoms
    c.borne_insurers[ids] += ins
    daily = st.daily
    daily.borne_banks_eur[day] += np.bincount(t, banks * w, n_types)
    daily.borne_platforms_eur[day] += np.bincount(t, platforms * w, n_types)
    daily.borne_telecoms_eur[day] += np.bincount(t, telecoms * w, n_types)
    daily.borne_insurers_eur[day] += np.bincount(t, ins * w, n_types)
    daily.borne_victims_eur[day] += np.bincount(t, victims * w, n_types)
    reimbursed = banks + platforms + telecoms + ins
    c.reimbursed[ids] += reimbursed
    daily.reimbursed_eur[day] += np.bincount(t, reimbursed * w, n_types)
    return reimbursed, ins


def record_claims(model: FraudChainModel, ids: np.ndarray, kind: np.ndarray, when: np.ndarray,
                  alloc: Allocation) -> None:
    """What the regime did with each claim: the deciding rule and payment kind of the case's first loss, a
    refusal's reason (the first one recorded), what the firms paid and when they first decided to pay."""
    st = model.state
    c = st.cases
    first = (c.rule[ids] < 0) & (alloc.rule >= 0)
    if first.any():
        code = np.array([_rule_code(st.rule_names, cr.rule.name) for cr in model.rules])
        c.rule[ids[first]] = code[alloc.rule[first]]
    first = c.kind[ids] < 0
    c.kind[ids[first]] = kind[first]
    refused = (alloc.refusal > 0) & (c.refusal[ids] == 0)
    c.refusal[ids[refused]] = alloc.refusal[refused]
    paid = alloc.reimbursed
    c.regime_paid[ids] += paid
    ok = paid > 0
    if ok.any():
        claim_day = np.maximum(c.claim_due[ids[ok]], when[ok])
        decided = claim_day + np.where(np.isnan(alloc.decision_days[ok]), 0.0, alloc.decision_days[ok])
        np.minimum.at(c.decision_day, ids[ok], decided)


def _rule_code(names: list[str], name: str) -> int:
    """A rule's index in the model's list of rule names (added when first seen; kept across reforms)."""
    if name not in names:
        names.append(name)
    return names.index(name)


def origin_effort(model: FraudChainModel, t: np.ndarray, telecom: np.ndarray) -> np.ndarray:
    """The effort of the platform or operator where each loss's contact started (0: neither)."""
    ft = model.ft
    o = ft.origin[t]
    return np.where(o == ORIGIN_PLATFORM, model.platforms.effort[np.maximum(ft.platform[t], 0)],
                    np.where(o == ORIGIN_TELECOM, model.telecoms.effort[np.maximum(telecom, 0)], 0.0))


def book_firms(model: FraudChainModel, day: int, losses: Losses, alloc: Allocation, mule_bank: np.ndarray) -> None:
    """Each firm's book learns what the regime made it carry (national EUR): losses, and duty breaches with
    their penalties; the receiving side's "victims" are the fraud payments cashed out through its customers'
    accounts."""
    st, ft = model.state, model.ft
    c, ids, t, w = st.cases, losses.case, losses.ftype, losses.weight
    books, nb = st.books, len(model.banks)
    pen = alloc.penalties()
    paid_for_breach = alloc.breach_paid
    received = w * ft.bank_relevance[t] * (losses.mule >= 0)     # only what an account at a bank received
    books.bank_receiving.victims += np.bincount(mule_bank, received, nb)
    for book, payer, bank_of, breach, penalty in (
            (books.bank_sending, alloc.sending_bank, c.bank[ids], paid_for_breach.sending_bank, pen.sending_bank),
            (books.bank_receiving, alloc.receiving_bank, mule_bank, paid_for_breach.receiving_bank,
             pen.receiving_bank)):
        book.carried += np.bincount(bank_of, (payer - breach) * w, nb)
        book.breach += np.bincount(bank_of, (breach + penalty) * w, nb)
    st.system.penalties_eur[day] += float(((pen.sending_bank + pen.receiving_bank + pen.origin) * w).sum())
    origin = ft.origin[t]
    for book, code, firms in ((books.platforms, ORIGIN_PLATFORM, model.platforms),
                              (books.telecoms, ORIGIN_TELECOM, model.telecoms)):
        sel = origin == code
        if sel.any():
            k = ft.platform[t[sel]] if code == ORIGIN_PLATFORM else np.maximum(c.telecom[ids[sel]], 0)
            book.carried += np.bincount(k, (alloc.origin[sel] - paid_for_breach.origin[sel]) * w[sel], len(firms))
            book.breach += np.bincount(k, (paid_for_breach.origin[sel] + pen.origin[sel]) * w[sel], len(firms))
