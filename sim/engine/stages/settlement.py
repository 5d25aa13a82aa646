"""Settlement (part of the cash-out stage): frozen money goes back to the victim; money cashed out is a
loss, allocated by the liability regime, then insurers; each firm's book learns what it carried.

Reads: the cases and instruments tables, the firms' efforts, the compiled liability rules
(sim/engine/liability.py), the insurer (agents/insurers.py), extension actors (the `on_settled` hook).
Writes: the cases' money columns and reimbursement day, the victims' claims at their first settled loss
(claims.py) and what the regime did with them (rule, payment kind, refusal reason, decision day), daily
loss counters, fraudster proceeds (agents/fraudsters.py), what victims hear about reimbursement,
once-per-victim use, the firms' books, penalties.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from fraudchain.agents.base import SettledLosses
from fraudchain.scenarios.codes import ORIGIN_PLATFORM, ORIGIN_TELECOM, PAY_AUTHORISED, POP_CONSUMER, POP_SME
from fraudchain.sim.engine.liability import LiabilityDraws, LossBatch, allocate
from fraudchain.sim.engine.stages import claims
from fraudchain.sim.engine.state import BREACH, CARRIED, VICTIMS

if TYPE_CHECKING:
    from fraudchain.sim.engine.model import FraudChainModel

# what an extension actor pays is carried by the sector it declared (so the five buckets still add up)
SECTOR_BUCKETS = ("banks", "platforms", "telecoms")


def settle(model: FraudChainModel, day: int, ids: np.ndarray, amount: np.ndarray, frozen: np.ndarray,
           when: np.ndarray, involved: np.ndarray, kind: np.ndarray) -> None:
    st, params, rng, ft = model.state, model.params, model.rng, model.ft
    c, n_types = st.cases, model.n_types
    t = c.ftype[ids].astype(np.int64)
    w = model.weight(c.pop[ids])
    recovered = np.where(frozen, amount, 0.0)
    net = amount - recovered
    c.recovered[ids] += recovered
    a = params.fraudsters.frozen_share_smoothing
    # per fraud type: a group sees its own funnel (one type's freezes say nothing about another's)
    paid = np.bincount(t, amount, n_types)
    seen = paid > 0
    st.frozen_share[seen] = (1.0 - a) * st.frozen_share[seen] + a * np.bincount(t, recovered, n_types)[seen] / paid[seen]
    st.daily["gross_loss_eur"][day] += np.bincount(t, amount * w, n_types)
    st.daily["recovered_eur"][day] += np.bincount(t, recovered * w, n_types)
    st.daily["net_loss_eur"][day] += np.bincount(t, net * w, n_types)
    # fraudster proceeds: cashed out, minus the mule's fee
    proceeds = net * (1.0 - params.mules.fee_share)
    st.daily["fraudster_proceeds_eur"][day] += np.bincount(t, proceeds * w, n_types)
    st.system["fraudster_proceeds_eur"][day] += float((proceeds * w).sum())
    st.proceeds_window += np.bincount(t, proceeds, n_types)
    model.fraudsters.earn(c.group[ids], proceeds)
    claims.decide(model, day, ids, kind)   # a victim decides where to report and to claim once its loss is known
    lost = net > 0
    if not lost.any():
        return
    ids, t, net, when, w, involved, kind = (x[lost] for x in (ids, t, net, when, w, involved, kind))
    n = ids.size
    pop = c.pop[ids]
    victim = c.victim[ids]
    origin = ft.origin[t]
    has_mule = c.last_mule[ids] >= 0        # cash losses reach no account (sim/engine/stages/payments.py)
    mule_bank = np.where(has_mule, model.mules.bank[np.maximum(c.last_mule[ids], 0)], 0).astype(np.int64)
    eff = np.column_stack([model.banks.effective[c.bank[ids], 0], model.banks.effective[mule_bank, 1],
                           origin_effort(model, t, c.telecom[ids])])
    ins_table = st.instruments
    inst = c.instrument[ids]
    notified = (inst >= 0) & (ins_table.notified[np.maximum(inst, 0)] < when) & \
               (ins_table.takedown[np.maximum(inst, 0)] > when)
    once_case = np.where(pop == POP_CONSUMER, st.once_used_case[0][np.where(pop == POP_CONSUMER, victim, 0)],
                         st.once_used_case[1][np.where(pop == POP_SME, victim, 0)] if model.n_smes else -1)
    batch = LossBatch(
        net=net, ftype=t, payment_kind=kind, victim_kind=c.vkind[ids].astype(np.int64),
        vulnerable=c.vulnerable[ids], caution=model.person_attr(pop, victim, "caution"), own_bank=c.own_bank[ids],
        police_report=np.isfinite(c.police_day[ids]), claimed=c.claimed[ids],
        claim_delay=c.claim_due[ids] - c.first_loss_day[ids], once_ok=(once_case < 0) | (once_case == ids),
        cum_before=c.settled[ids], eff=eff, origin_sector=origin, origin_notified=notified,
        name_check_failed=c.mismatch[ids] & (not params.banks.name_check) & (kind == PAY_AUTHORISED),
        draws=LiabilityDraws.from_uniforms(rng.random((n, LiabilityDraws.columns(model.rules))),
                                           excess=c.excess_u[ids], scope=c.scope_u[ids]),
        involved=involved)
    alloc = allocate(batch, model.rules, params.liability.gross_negligence_standard)
    c.settled[ids] += net
    record_claims(model, ids, kind, when, alloc)
    # insurers on what the victim still carries
    ins = model.insurer.pay_claims(alloc.victim, model.person_attr(pop, victim, "insured"), pop == POP_SME,
                                   batch.police_report, rng.random(n), c.ins_paid[ids])
    c.ins_paid[ids] += ins
    paid = {"banks": alloc.sending_bank + alloc.receiving_bank,
            "platforms": np.where(origin == ORIGIN_PLATFORM, alloc.origin, 0.0),
            "telecoms": np.where(origin == ORIGIN_TELECOM, alloc.origin, 0.0)}
    for k, actor in enumerate(model.extension_actors):
        paid_k = alloc.actors[:, k]
        sector = model.actor_sector[k]
        if sector in SECTOR_BUCKETS:
            paid[sector] = paid[sector] + paid_k
        else:
            ins = ins + paid_k
        actor.on_settled(day, SettledLosses(ids, model.type_keys[t], paid_k, w))
    victim_paid = net - paid["banks"] - paid["platforms"] - paid["telecoms"] - ins
    for col, v in (("borne_banks", paid["banks"]), ("borne_platforms", paid["platforms"]),
                   ("borne_telecoms", paid["telecoms"]), ("borne_insurers", ins)):
        getattr(c, col)[ids] += v
        st.daily[col + "_eur"][day] += np.bincount(t, v * w, n_types)
    st.daily["borne_victims_eur"][day] += np.bincount(t, victim_paid * w, n_types)
    reimbursed = paid["banks"] + paid["platforms"] + paid["telecoms"] + ins
    c.reimbursed[ids] += reimbursed
    st.daily["reimbursed_eur"][day] += np.bincount(t, reimbursed * w, n_types)
    # what victims hear: the share reimbursed to those who claimed (drives claims and moral hazard)
    claimed = batch.claimed
    st.claims_net += np.bincount(t[claimed], net[claimed], n_types)
    st.claims_reimbursed += np.bincount(t[claimed], reimbursed[claimed], n_types)
    claim_day = np.maximum(np.where(batch.claimed, c.claim_due[ids], c.bank_day[ids]), when)
    any_paid = reimbursed > 0
    decision = np.where(np.isnan(alloc.decision_days), 0.0, alloc.decision_days)
    ins_day = np.maximum(c.police_day[ids], claim_day) + params.insurers.settlement_days
    rday = np.where(alloc.reimbursed > 0, claim_day + decision, np.where(ins > 0, ins_day, np.inf))
    c.reimb_day[ids[any_paid]] = np.minimum(c.reimb_day[ids[any_paid]], rday[any_paid])
    for p in (POP_CONSUMER, POP_SME):
        mm = alloc.once_used & (pop == p)
        if mm.any():
            st.once_used_case[p][victim[mm]] = ids[mm]
    book_firms(model, day, ids, t, alloc, origin, mule_bank, w)


def record_claims(model: FraudChainModel, ids: np.ndarray, kind: np.ndarray, when: np.ndarray, alloc) -> None:
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


def book_firms(model: FraudChainModel, day: int, ids: np.ndarray, t: np.ndarray, alloc, origin: np.ndarray,
               mule_bank: np.ndarray, w: np.ndarray) -> None:
    """Each firm's book learns what the regime made it carry (national EUR)."""
    st = model.state
    c = st.cases
    nb = len(model.banks)
    pen = alloc.penalty[:, None] * alloc.breach     # (n, 3) penalty per breaching party
    # the receiving side's "victims": fraud payments cashed out through its customers' accounts (not cash losses)
    received = w * model.ft.bank_relevance[t] * (c.last_mule[ids] >= 0)
    st.books["banks", "receiving"][:, VICTIMS] += np.bincount(mule_bank, received, nb)
    for dim, payer, bank_of, col in (("sending", alloc.sending_bank, c.bank[ids], 0),
                                     ("receiving", alloc.receiving_bank, mule_bank, 1)):
        book = st.books["banks", dim]
        book[:, CARRIED] += np.bincount(bank_of, (payer - alloc.breach_paid[:, col]) * w, nb)
        book[:, BREACH] += np.bincount(bank_of, (alloc.breach_paid[:, col] + pen[:, col]) * w, nb)
    st.system["penalties_eur"][day] += float((pen.sum(axis=1) * w).sum())
    for sector, code, firms in (("platforms", ORIGIN_PLATFORM, model.platforms),
                                ("telecoms", ORIGIN_TELECOM, model.telecoms)):
        sel = origin == code
        if sel.any():
            k = model.ft.platform[t[sel]] if code == ORIGIN_PLATFORM else np.maximum(c.telecom[ids[sel]], 0)
            book = st.books[sector, "prevention"]
            book[:, CARRIED] += np.bincount(k, (alloc.origin[sel] - alloc.breach_paid[sel, 2]) * w[sel], len(firms))
            book[:, BREACH] += np.bincount(k, (alloc.breach_paid[sel, 2] + pen[sel, 2]) * w[sel], len(firms))
