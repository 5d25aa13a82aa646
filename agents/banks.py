"""Banks: the sending side (monitoring, warnings, name check, limits, delays) and the receiving
side (mule-account detection, freezing on a recall). Dutch market shares.

`Bank` owns one bank's efforts, its detection probabilities and its prevention spend. `BankSector`
owns the banks as a group and their behaviour on events, vectorised over today's payments and
accounts: it screens payments (`on_payments`, the stage hook extension actors use too), catches mule accounts with its own monitoring
(`catch_mules`) and freezes reported accounts on a recall (`freeze_on_recall`). It reads the
events it is handed and returns decisions; the stages move the money.
"""

from __future__ import annotations

import mesa
import numpy as np

from agents.firm import EffortChoice, Firm
from scenarios.codes import PAY_CARD, PAY_UNAUTHORISED
from scenarios.schema import BankParams


class Bank(Firm):
    sector = "banks"

    def __init__(self, model: mesa.Model, name: str, share: float, p: BankParams, strength: float):
        super().__init__(model, name, share)
        # strength: this bank's effectiveness per unit of effort (heterogeneity, lognormal around 1)
        self.strength = strength
        half = p.spend_full_effort_eur * share / 2.0
        self.efforts["sending"] = EffortChoice(p.sending_effort, p.max_flag_sending, p.effort_returns, half)
        self.efforts["receiving"] = EffortChoice(p.receiving_effort, 1.0, p.effort_returns, half)
        self.params = p

    def configure(self, p: BankParams, floors: dict[str, float], strength: float,
                  changed: frozenset[str] | None = None) -> None:
        """Take the parameters and duty floors in force. `changed`: the keys a reform set (None: build)."""
        self.params, self.strength = p, strength
        half = p.spend_full_effort_eur * self.share / 2.0
        for side, max_effect, key in (("sending", p.max_flag_sending, "sending_effort"),
                                      ("receiving", 1.0, "receiving_effort")):
            start = getattr(p, key) if changed is None or key in changed else None
            if side == "receiving" and self.name in p.receiving_effort_by_bank and \
                    (changed is None or "receiving_effort_by_bank" in changed):
                start = p.receiving_effort_by_bank[self.name]
            floor = max(floors[f"{side}_bank"], getattr(p, f"{side}_effort_floor"))
            self.efforts[side].configure(max_effect, p.effort_returns, half, floor, start)

    @property
    def sending_effort(self) -> float:
        return self.efforts["sending"].effort

    @property
    def receiving_effort(self) -> float:
        return self.efforts["receiving"].effort

    def flag_probability(self) -> float:
        """Chance the sending bank's monitoring flags a fraudulent payment."""
        return self.efforts["sending"].effect(self.strength)

    def mule_hazard(self) -> float:
        """Daily chance an active mule account at this bank is caught by its own monitoring."""
        return self.params.mule_hazard_max * self.efforts["receiving"].effect(self.strength)

    def effective_effort(self, side: str) -> float:
        return float(min(self.efforts[side].effort * self.strength, 1.0))


class BankSector:
    """The banks together: their current probabilities as arrays (index = bank) and what they do to events.

    The arrays are refreshed (`refresh`) whenever efforts or membership may have changed: at build, after a
    reform and after each effort review. Between refreshes the daily stages read them.
    """

    def __init__(self, model: mesa.Model, p: BankParams, shares: dict[str, float], rng: np.random.Generator):
        self.rng = rng
        self.share = np.array(list(shares.values()))
        # one standard-normal draw per bank: its strength is exp(heterogeneity x draw), re-derived at a reform
        self.strength_draw = rng.standard_normal(len(shares))
        strengths = self._strengths(p)
        self.banks = [Bank(model, name, s, p, float(st))
                      for (name, s), st in zip(shares.items(), strengths, strict=True)]
        self.params = p

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
        p, rng = self.params, self.rng
        bank, kind = events.sending_bank, events.kind
        n = bank.size
        u = rng.random((n, 4))
        flag = u[:, 0] < self.flag[bank]
        authorised = kind != PAY_UNAUTHORISED
        stop = flag & (~authorised | (u[:, 1] < p.warning_heeded))
        if p.name_check:
            stop |= authorised & events.name_mismatch & (u[:, 2] < p.name_check_heeded)
        if p.risky_payment_delay_hours > 0:
            risky = u[:, 0] < np.minimum(p.delay_flag_multiplier * self.flag[bank], 1.0)
            p_cancel = p.delay_stop_share * min(p.risky_payment_delay_hours / 24.0, 1.0) * events.delay_sensitivity
            reflect = rng.random(n) < p_cancel
            stop |= (kind != PAY_CARD) & events.first_payment & risky & reflect
        return stop

    def stop_rate(self, authorised: np.ndarray, mismatch_share: np.ndarray) -> np.ndarray:
        """Expected share of payments stopped, per fraud type (what fraudsters learn from their funnel)."""
        p = self.params
        flag = float(np.dot(self.share, self.flag))
        stop = np.where(authorised, flag * p.warning_heeded, flag)
        if p.name_check:
            stop = stop + (1 - stop) * authorised * mismatch_share * p.name_check_heeded
        return stop

    def catch_mules(self, rng: np.random.Generator, bank: np.ndarray) -> np.ndarray:
        """Today's monitoring at the receiving banks: mask of active accounts (held at `bank`) caught."""
        return rng.random(bank.size) < self.hazard[bank]

    def freeze_on_recall(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """A victim's bank recalls the payment: mask of the n reported accounts the receiving bank freezes."""
        return rng.random(n) < self.params.freeze_on_report
