"""Banks: the sending side (monitoring, warnings, name check, limits, delays) and the receiving
side (mule-account detection, freezing on a recall). Dutch market shares.

`Bank` owns one bank's efforts, its detection probabilities and its prevention spend. `BankSector`
owns the banks as a group and their behaviour on events, vectorised over today's payments and
accounts: it screens payments (`on_payments`, the stage hook extension actors use too), catches mule accounts with its own monitoring
(`catch_mules`) and freezes reported accounts on a recall (`recall_block_probability`). It reads the
events it is handed and returns decisions; the stages move the money.
"""

from __future__ import annotations

from functools import lru_cache

import mesa
import numpy as np
from fraudchain.agents.firm import EffortChoice, Firm
from fraudchain.agents.payment_limits import TypeFacts, apply_limits, pass_share_by_type
from fraudchain.agents.streams import RandomStreams
from fraudchain.scenarios.codes import IS_TRANSFER, PAY_CASH, PAY_UNAUTHORISED, PAYMENT_KINDS
from fraudchain.scenarios.schema import BankParams

# cells of a bank's payment mix: payment kind x first payment of the case x payee-name mismatch
_K = len(PAYMENT_KINDS)
MIX_KIND, MIX_FIRST, MIX_MISMATCH = (np.repeat(np.arange(_K), 4), np.tile([0, 0, 1, 1], _K) == 1,
                                     np.tile([0, 1, 0, 1], _K) == 1)
MIX_CELLS = MIX_KIND.size
MIX_MEMORY = 0.5     # weight the mix seen before the last review keeps (recent experience counts more; assumption)


def stop_probability(flag: np.ndarray, kind: np.ndarray, first: np.ndarray, mismatch: np.ndarray,
                     sensitivity: np.ndarray, p: BankParams) -> np.ndarray:
    """Chance the sending bank's checks stop a fraud payment, given the chance its monitoring flags it.

    Monitoring flags the payment: an unauthorised one is blocked, any other (card, wallet, crypto purchase
    included) only if the victim heeds the warning. A time lock holds risky first transfers (the victim's own
    transfers and crypto purchases) at a looser threshold than a warning (`delay_flag_multiplier` x the flag
    rate; a flagged payment is always risky) and some victims cancel after reflection, more in pressure scams
    (`sensitivity`). The payee-name check warns on a transfer's mismatch, independently. No bank sees a loss
    outside payment accounts (cash). The exact expectation of `stop_draws`, which the banks' screening
    (`BankSector.on_payments`) draws; their effort review (`BankSector.sending_passing`) uses this.
    """
    authorised = kind != PAY_UNAUTHORISED
    transfer = IS_TRANSFER[kind]          # the payee-name check and the hold apply to transfers only
    heeded = np.where(authorised, p.warning_heeded, 1.0)
    if p.risky_payment_delay_hours > 0:
        q = p.delay_stop_share * min(p.risky_payment_delay_hours / 24.0, 1.0) * sensitivity * (transfer & first)
    else:
        q = np.zeros_like(flag * heeded)
    risky = np.minimum(p.delay_flag_multiplier * flag, 1.0)
    monitored = flag * (1.0 - (1.0 - heeded) * (1.0 - q)) + (risky - flag) * q
    named = transfer & mismatch if p.name_check else np.zeros_like(authorised)
    stop = 1.0 - (1.0 - monitored) * (1.0 - named * p.name_check_heeded)
    return np.where(kind == PAY_CASH, 0.0, stop)      # no bank sees a loss outside payment accounts


def stop_draws(rng: np.random.Generator, flag: np.ndarray, kind: np.ndarray, first: np.ndarray,
               mismatch: np.ndarray, sensitivity: np.ndarray, p: BankParams) -> np.ndarray:
    """The sending bank's checks drawn for each payment (the mechanics `stop_probability` takes the
    expectation of; a test checks the two agree): mask of payments stopped."""
    n = flag.size
    u = rng.random((n, 4))
    flagged = u[:, 0] < flag
    authorised = kind != PAY_UNAUTHORISED
    transfer = IS_TRANSFER[kind]
    stop = flagged & (~authorised | (u[:, 1] < p.warning_heeded))
    if p.name_check:
        stop |= transfer & mismatch & (u[:, 2] < p.name_check_heeded)
    if p.risky_payment_delay_hours > 0:
        risky = u[:, 0] < np.minimum(p.delay_flag_multiplier * flag, 1.0)
        p_cancel = p.delay_stop_share * min(p.risky_payment_delay_hours / 24.0, 1.0) * sensitivity
        reflect = rng.random(n) < p_cancel
        stop |= transfer & first & risky & reflect
    return stop & (kind != PAY_CASH)


@lru_cache(maxsize=64)
def _cashout_after(cashout_days_mean: float) -> np.ndarray:
    """P(Z > d) for d = 0, 1, ...: Z = credit time - block time within the day (both uniform, as the payments
    and cash-out stages draw them) + the exponential time from credit to cash-out (mean in days)."""
    t = np.linspace(-1.0, 1.0, 2001)                    # U_credit - U_block: triangular on (-1, 1)
    w = 1.0 - np.abs(t)
    w /= w.sum()
    d = np.arange(int(np.ceil(2 + 40 * cashout_days_mean)))
    y = d[:, None] - t[None, :]
    return np.where(y < 0, 1.0, np.exp(-np.maximum(y, 0.0) / max(cashout_days_mean, 1e-9))) @ w


def frozen_before_cashout(hazard: np.ndarray, cashout_hours_mean: float) -> np.ndarray:
    """Share of the money paid into mule accounts that the receiving bank's own monitoring freezes.

    The cash-out stage checks every active account once a day (caught with the daily hazard h of
    `Bank.mule_hazard`) and blocks it at a uniform time that day; the payments stage credits money at a
    uniform time and it is cashed out an exponential time later (mean `cashout_hours_mean`); money is frozen
    when the block comes before the cash-out. So P(frozen) = sum over days d >= 0 of h (1-h)^d P(Z > d),
    Z = credit time - block time + time to cash-out. Both the stages' mechanics and the bank's effort review
    (`Bank.receiving_passing`) rest on this timing; a test checks the formula against the stages' draws."""
    h = np.asarray(hazard, dtype=float)[..., None]
    after = _cashout_after(float(cashout_hours_mean) / 24.0)
    days = np.arange(after.size)
    return (h * (1.0 - h) ** days * after).sum(axis=-1)


def frozen_before_mixed_cashout(hazard: np.ndarray, p: BankParams) -> np.ndarray:
    """`frozen_before_cashout` for the two cash-out speeds of `p` (agents/mules.py, cashout_delay_days): the fast
    share at `cashout_hours_mean`, the slow share at `slow_cashout_days`."""
    fast = frozen_before_cashout(hazard, p.cashout_hours_mean)
    if p.slow_cashout_share <= 0:
        return fast
    slow = frozen_before_cashout(hazard, p.slow_cashout_days * 24.0)
    return (1.0 - p.slow_cashout_share) * fast + p.slow_cashout_share * slow


class Bank(Firm):
    sector = "banks"

    def __init__(self, model: mesa.Model, name: str, share: float, p: BankParams, strength: float):
        super().__init__(model, name, share)
        # strength: this bank's effectiveness per unit of effort (heterogeneity, lognormal around 1)
        self.strength = strength
        half = p.spend_full_effort_eur * share / 2.0
        self.efforts["sending"] = EffortChoice(p.sending_effort, p.effort_returns, half)
        self.efforts["receiving"] = EffortChoice(p.receiving_effort, p.effort_returns, half)
        self.efforts["receiving"].set_passing(self.receiving_passing)
        self.params = p

    def configure(self, p: BankParams, floors: dict[str, float], strength: float,
                  changed: frozenset[str] | None = None) -> None:
        """Take the parameters and duty floors in force. `changed`: the keys a reform set (None: build)."""
        self.params, self.strength = p, strength
        half = p.spend_full_effort_eur * self.share / 2.0
        for side in ("sending", "receiving"):
            key = f"{side}_effort"
            start = getattr(p, key) if changed is None or key in changed else None
            if side == "receiving" and self.name in p.receiving_effort_by_bank and \
                    (changed is None or "receiving_effort_by_bank" in changed):
                start = p.receiving_effort_by_bank[self.name]
            floor = max(floors[f"{side}_bank"], getattr(p, f"{side}_effort_floor")) * p.floor_compliance
            self.efforts[side].configure(p.effort_returns, half, floor, start)

    def end_reference_year(self) -> None:
        """End of year 1 (revealed preference, agents/firm.py), with one value per relevance-weighted victim
        for both sides of the bank: a victim weighs the same on a bank's name whichever side of the payment
        it is on. Receiving-side monitoring does little against fraud in the model (it catches a mule
        account before a cash-out within hours in about 1 % of payments), so the value its status quo would
        reveal is far above the sending side's; the value is capped at the sending side's and the effort that
        fraud does not justify is taken as held by anti-money-laundering supervision (Wwft gatekeeping): the
        bank keeps at least its status-quo receiving effort (docs/validation.md)."""
        send, recv = self.efforts["sending"], self.efforts["receiving"]
        send.infer_reputation()
        recv.infer_reputation()
        if recv.reputation_per_victim > send.reputation_per_victim:
            recv.reputation_per_victim = send.reputation_per_victim
            recv.held = recv.effort
        for c in self.efforts.values():
            c.ledger.reset()

    @property
    def sending_effort(self) -> float:
        return self.efforts["sending"].effort

    @property
    def receiving_effort(self) -> float:
        return self.efforts["receiving"].effort

    def flag_probability(self, effort: float | np.ndarray | None = None) -> float | np.ndarray:
        """Chance the sending bank's monitoring flags a fraudulent payment (at `effort`; default: current)."""
        return self.params.max_flag_sending * self.efforts["sending"].share(self.strength, effort)

    def mule_hazard(self, effort: float | np.ndarray | None = None) -> float | np.ndarray:
        """Daily chance an active mule account at this bank is caught by its own monitoring."""
        return self.params.mule_hazard_max * self.efforts["receiving"].share(self.strength, effort)

    def receiving_passing(self, effort: np.ndarray) -> np.ndarray:
        """Share of the money paid into mule accounts at this bank that is cashed out (not frozen by its
        own monitoring) at receiving-side `effort`: the detection hazard against cash-out timing."""
        return 1.0 - frozen_before_mixed_cashout(self.mule_hazard(effort), self.params)

    def effective_effort(self, side: str) -> float:
        return float(min(self.efforts[side].effort * self.strength, 1.0))


class BankSector:
    """The banks together: their current probabilities as arrays (index = bank) and what they do to events.

    The arrays are refreshed (`refresh`) whenever efforts or membership may have changed: at build, after a
    reform and after each effort review. Between refreshes the daily stages read them.
    """

    def __init__(self, model: mesa.Model, p: BankParams, shares: dict[str, float], streams: RandomStreams):
        self.streams = streams          # screening draws come from the stream "bank_checks"
        self.share = np.array(list(shares.values()))
        self.names = list(shares)            # bank names (population.bank_shares), index = bank
        # one standard-normal draw per bank: its strength is exp(heterogeneity x draw), re-derived at a reform
        self.strength_draw = streams["banks"].standard_normal(len(shares))
        strengths = self._strengths(p)
        self.banks = [Bank(model, name, s, p, float(st))
                      for (name, s), st in zip(shares.items(), strengths, strict=True)]
        self.params = p
        # each bank's own recent payment mix: [bank, cell, (EUR screened, EUR x delay sensitivity)]
        self.mix = np.zeros((len(self.banks), MIX_CELLS, 2))
        self._limits_pass: tuple | None = None   # (params, type arrays, share let through): see limits_pass
        for i, b in enumerate(self.banks):
            b.efforts["sending"].set_passing(lambda e, i=i: self.sending_passing(i, e))

    def _strengths(self, p: BankParams) -> np.ndarray:
        strengths = np.exp(p.effort_heterogeneity * self.strength_draw)
        return strengths / np.average(strengths, weights=self.share)

    def __len__(self) -> int:
        return len(self.banks)

    def __iter__(self):
        return iter(self.banks)

    def configure(self, p: BankParams, floors: dict[str, float], changed: frozenset[str] | None = None) -> None:
        self.params = p
        for b, st in zip(self.banks, self._strengths(p), strict=True):
            b.configure(p, floors, float(st), changed)

    def refresh(self) -> None:
        """Cache each bank's probabilities, efforts and hub membership as arrays."""
        banks = self.banks
        self.flag = np.array([b.flag_probability() for b in banks])          # P(flag a fraud payment)
        self.hazard = np.array([b.mule_hazard() for b in banks])             # P(catch an active mule)/day
        self.effective = np.array([[b.effective_effort("sending"), b.effective_effort("receiving")]
                                   for b in banks])                          # [bank, side] effort x strength
        self.member = np.array([b.hub_member for b in banks])
        self.mean_effort = (float(np.dot(self.share, [b.sending_effort for b in banks])),
                            float(np.dot(self.share, [b.receiving_effort for b in banks])))
        self.spend_per_day = sum(b.spend_per_year() for b in banks) / 365.0

    def on_payments(self, day: int, events) -> np.ndarray:
        """The sending bank's checks on each due payment (stage hook, see agents/base.py); returns the mask of
        payments stopped.

        Monitoring flags a payment (an unauthorised one is then blocked, an authorised one only if the victim
        heeds the warning); the payee-name check warns on a mismatch; a time lock on risky first payments (at a
        looser threshold than a warning) gives some victims time to cancel.
        """
        bank, kind = events.sending_bank, events.kind
        first, mismatch = events.first_payment, events.name_mismatch
        self.record_mix(bank, kind, first, mismatch, events.amount, events.delay_sensitivity)
        return stop_draws(self.streams["bank_checks"], self.flag[bank], kind, first, mismatch, events.delay_sensitivity, self.params)

    def limit_payments(self, u: np.ndarray, bank: np.ndarray, amount: np.ndarray, kind: np.ndarray,
                       sensitivity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each payment's amount after its bank's default limit and the wait on raising it, and the mask of
        victims who stop while they wait (agents/payment_limits.py); u: (n, 2) uniform draws per payment."""
        return apply_limits(u, self.params, self.names, bank, amount, kind, sensitivity)

    def returns_frozen(self, u: np.ndarray, asked: np.ndarray) -> np.ndarray:
        """Which frozen payments go back to their payer: those whose payer reported to its bank (its bank recalls
        them), and a share `frozen_return_unasked_share` of the others (u: one uniform draw per payment)."""
        return asked | (u < self.params.frozen_return_unasked_share)

    def record_mix(self, bank, kind, first, mismatch, amount, sensitivity) -> None:
        """Each bank learns the mix of fraud payments it screens (kinds, first payments, name mismatches)."""
        cell = kind * 4 + first.astype(int) * 2 + mismatch.astype(int)
        idx = bank * MIX_CELLS + cell
        size = len(self.banks) * MIX_CELLS
        self.mix[..., 0] += np.bincount(idx, amount, size).reshape(-1, MIX_CELLS)
        self.mix[..., 1] += np.bincount(idx, amount * sensitivity, size).reshape(-1, MIX_CELLS)

    def forget_mix(self) -> None:
        """At each effort review older experience counts for less (`MIX_MEMORY`)."""
        self.mix *= MIX_MEMORY

    def sending_passing(self, i: int, effort: np.ndarray) -> np.ndarray:
        """Share of bank i's fraud payments (EUR) that pass its checks at sending-side `effort`, over the mix of
        payment kinds it has screened (`stop_probability` with its own flag rate). Before it has seen any
        payment, the sector's mix; before anyone has, authorised push payments."""
        mix = self.mix[i] if self.mix[i, :, 0].sum() > 0 else self.mix.sum(axis=0)
        if mix[:, 0].sum() <= 0:
            mix = np.zeros((MIX_CELLS, 2))
            mix[0] = (1.0, 0.5)
        amount = mix[:, 0]
        sens = mix[:, 1] / np.maximum(amount, 1e-12)
        flag = np.asarray(self.banks[i].flag_probability(np.asarray(effort, dtype=float)))
        stop = stop_probability(flag[:, None], MIX_KIND[None, :], MIX_FIRST[None, :], MIX_MISMATCH[None, :],
                                sens[None, :], self.params)
        return (1.0 - stop) @ amount / amount.sum()

    def limits_pass(self, ft: TypeFacts, samples: dict[int, tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """Per fraud type, the expected share of what victims could pay that the limits in force let through
        (what the groups know of the limits; agents/payment_limits.py). Kept until the banks' parameters or the
        type arrays are replaced (at a reform; the samples are fixed traits)."""
        cached = self._limits_pass
        if cached is not None and cached[0] is self.params and cached[1] is ft:
            return cached[2]
        out = pass_share_by_type(self.params, self.names, ft, samples)
        self._limits_pass = (self.params, ft, out)
        return out

    def stop_rate(self, authorised: np.ndarray, mismatch_share: np.ndarray, held: np.ndarray | None = None
                  ) -> np.ndarray:
        """Expected share of payments stopped, per fraud type (what fraudsters learn from their funnel).

        `held`: per type, the share of its payments a risky-payment hold applies to (first transfers) times the
        type's delay sensitivity. Where a hold is in force its stops enter as in `stop_probability` (which is
        linear in the chance a held victim cancels, so the type's mean is that chance times `held`); without a
        hold the expression is the one before holds were seen, so nothing changes where no hold is set."""
        p = self.params
        flag = float(np.dot(self.share, self.flag))
        if p.risky_payment_delay_hours > 0 and held is not None:
            heeded = np.where(authorised, p.warning_heeded, 1.0)
            q = p.delay_stop_share * min(p.risky_payment_delay_hours / 24.0, 1.0) * held
            risky = min(p.delay_flag_multiplier * flag, 1.0)
            stop = flag * (1.0 - (1.0 - heeded) * (1.0 - q)) + (risky - flag) * q
        else:
            stop = np.where(authorised, flag * p.warning_heeded, flag)
        if p.name_check:
            stop = stop + (1 - stop) * authorised * mismatch_share * p.name_check_heeded
        return stop

    def catch_mules(self, rng: np.random.Generator, bank: np.ndarray) -> np.ndarray:
        """Today's monitoring at the receiving banks: mask of active accounts (held at `bank`) caught."""
        return rng.random(bank.size) < self.hazard[bank]

    def recall_block_probability(self, reports_per_account: np.ndarray) -> np.ndarray:
        """Chance a live account is frozen today when `reports_per_account` victims' recalls reach each such account
        a day (national, pooled: sim/engine/pooled.py) and the receiving bank freezes on each with `freeze_share`:
        1 - exp(-freeze_share x reports) (Poisson reports)."""
        return 1.0 - np.exp(-self.freeze_share() * np.asarray(reports_per_account, dtype=float))

    def freeze_share(self) -> float:
        """Share of reported mule accounts frozen: the stated share, with the share not frozen scaled by how much
        of the stated effect is realised (`freeze_miss_factor`, drawn by `--uncertainty assumptions`)."""
        p = self.params
        return max(0.0, 1.0 - (1.0 - p.freeze_on_report) * p.freeze_miss_factor)
