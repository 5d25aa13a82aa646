"""The banks' daily limits as a coached victim meets them: a default limit per bank, and a wait before a
raised limit takes effect.

A transfer above the victim's bank's default limit needs a raise. Without a wait the victim raises it at once
(up to `banks.raised_limit_eur`) and pays. With a wait (`banks.limit_raise_wait_hours`, by bank in
`limit_raise_wait_by_bank`), two things can happen while the victim waits, both scaled by how much time
helps against the fraud type (`fraud_types.*.delay_sensitivity`: 1 for pressure scams on the phone):
- the victim reflects and stops, with the chance a held payment is cancelled (`banks.delay_stop_share` x
  wait / 24 h x sensitivity, the rule of the risky-payment hold in agents/banks.py);
- otherwise the victim raises the limit and pays after the wait with chance 1 - sensitivity x (1 -
  `banks.limit_wait_persist_share`) (the fraudster of a pressure scam calls back in a share of cases; a scam that
  needs no call simply waits); the others pay what passes now, the default limit.
Limits apply to the victim's own transfers, crypto purchases and transfers made with stolen credentials;
card, wallet and cash payments have limits of their own (not modelled). Evidence: docs/sources.md
[ing_limit_2023] (ING: default EUR 5,000 -> 2,000 on 8 Feb 2023, four-hour wait since Nov 2020; Rabobank
EUR 5,000; ABN AMRO no wait), [nvb_measures_2023].

What the limits let through in expectation (`expected_paid`, `pass_share_by_type`) is what fraudster groups
know of them: banks publish their default limits and waits, and a group sees what its victims manage to pay.
It is the same rule as `apply_limits` taken in expectation over the lognormal payment (closed form, no
sampling noise), for one payment at a time: in a case of several payments a stop ends the case and a
depleted balance caps the later ones, which the expectation leaves out (exact for one-payment types such as
bank-helpdesk fraud, an approximation for investment and romance fraud).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from fraudchain.agents.payment_methods import kind_shares
from fraudchain.scenarios.codes import PAY_AUTHORISED, PAY_CRYPTO, PAY_UNAUTHORISED, kind_table
from fraudchain.scenarios.schema import BankParams
from scipy.special import ndtr


class TypeFacts(Protocol):
    """What the groups' view of the limits reads of each fraud type (arrays over types; the model's per-type
    arrays, sim/engine/type_arrays.py, have them)."""

    keys: list[str]
    target: np.ndarray
    payment: np.ndarray
    loss_median_eur: np.ndarray
    loss_sigma: np.ndarray
    wealth_reach: np.ndarray
    wealth_targeting: np.ndarray
    delay_sensitivity: np.ndarray
    card_share: np.ndarray
    wallet_share: np.ndarray
    crypto_share: np.ndarray
    cash_share: np.ndarray
    unauthorised_share: np.ndarray

LIMITED_KINDS = (PAY_AUTHORISED, PAY_UNAUTHORISED, PAY_CRYPTO)
IS_LIMITED = kind_table(LIMITED_KINDS)


def bank_limits(p: BankParams, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(default limit in EUR, wait in hours) of each bank (index = bank)."""
    default = np.array([p.daily_limit_by_bank.get(n, p.daily_limit_eur) for n in names], dtype=float)
    wait = np.array([p.limit_raise_wait_by_bank.get(n, p.limit_raise_wait_hours) for n in names], dtype=float)
    return default, wait


def apply_limits(u: np.ndarray, p: BankParams, names: list[str], bank: np.ndarray, amount: np.ndarray,
                 kind: np.ndarray, sensitivity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each payment's amount after its bank's limit, and the mask of victims who stop while waiting for a raise.

    u: (n, 2) uniform draws per payment (stop while waiting, fraudster takes the default limit)."""
    default, wait = bank_limits(p, names)
    lim, hours = default[bank], wait[bank]
    over = IS_LIMITED[kind] & (amount > lim)
    raised = np.minimum(amount, max(p.raised_limit_eur, 0.0))
    waits = over & (hours > 0)
    stop = waits & (u[:, 0] < p.delay_stop_share * np.minimum(hours / 24.0, 1.0) * sensitivity)
    capped = waits & ~stop & (u[:, 1] < sensitivity * (1.0 - p.limit_wait_persist_share))
    out = np.where(over, np.where(capped, np.minimum(lim, raised), raised), amount)
    return np.where(stop, 0.0, out), stop


class Lognormal:
    """A payment amount exp(mu + sigma Z) (median `median`, log-sd `sigma`) and its partial expectations."""

    def __init__(self, median: float, sigma: float):
        self.mu, self.sigma = float(np.log(max(median, 1e-9))), max(float(sigma), 1e-6)
        self.mean = float(np.exp(self.mu + 0.5 * self.sigma ** 2))

    def _z(self, k: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore"):
            return (np.log(np.maximum(k, 0.0)) - self.mu) / self.sigma

    def below(self, k: np.ndarray) -> np.ndarray:
        """E[a; a <= k] (the part of the mean from amounts up to k)."""
        return self.mean * ndtr(self._z(k) - self.sigma)

    def above(self, k: np.ndarray) -> np.ndarray:
        """P(a > k)."""
        return ndtr(-self._z(k))

    def capped(self, k: np.ndarray) -> np.ndarray:
        """E[min(a, k)]."""
        k = np.asarray(k, dtype=float)
        return self.below(k) + np.where(np.isfinite(k), k * self.above(np.where(np.isfinite(k), k, 0.0)), 0.0)


def expected_paid(p: BankParams, names: list[str], bank: np.ndarray, means: np.ndarray, amount: Lognormal,
                  sensitivity: float) -> np.ndarray:
    """Expected payment of each payer (bank `bank`, able to pay `means`) of a limited kind: `apply_limits` taken in
    expectation over the lognormal intended `amount` (capped at the means first, as in `scam_payments`)."""
    default, wait = bank_limits(p, names)
    lim, hours = default[bank], wait[bank]
    raised = max(p.raised_limit_eur, 0.0)
    cap = np.minimum(means, raised)
    within = amount.below(lim)                                   # amounts up to the limit pass as they are
    over = amount.above(lim)
    # E[min(a, cap); a > lim]: what a raised limit lets through of the amounts above the default
    over_raised = np.where(cap >= lim, amount.capped(cap) - within, cap * over)
    stop = np.where(hours > 0, p.delay_stop_share * np.minimum(hours / 24.0, 1.0) * sensitivity, 0.0)
    capped = np.where(hours > 0, (1.0 - stop) * sensitivity * (1.0 - p.limit_wait_persist_share), 0.0)
    limited = within + (1.0 - stop - capped) * over_raised + capped * np.minimum(lim, raised) * over
    return np.where(means <= lim, amount.capped(means), limited)


def pass_share_by_type(p: BankParams, names: list[str], ft: TypeFacts,
                       samples: dict[int, tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Per fraud type: the expected share of what victims could pay that the banks' limits let through (1 where no
    limit binds), over a sample of the type's target population (`samples[pop]`: each member's bank and savings;
    a type that looks for money weighs members by savings ** wealth_targeting, as `aim_by_wealth` aims)."""
    out = np.ones(len(ft.keys))
    shares = kind_shares(ft)
    # the share of payments of a limited kind: crypto purchases, transfers with stolen credentials, own transfers
    limited = shares[:, PAY_CRYPTO] + shares[:, PAY_UNAUTHORISED] + shares[:, PAY_AUTHORISED]
    for t in range(len(ft.keys)):
        bank, savings = samples[int(ft.target[t])]
        if bank.size == 0:
            continue
        amount = Lognormal(float(ft.loss_median_eur[t]), float(ft.loss_sigma[t]))
        means = savings.astype(float) * float(ft.wealth_reach[t])
        e = float(ft.wealth_targeting[t])
        w = np.power(savings.astype(float), e) if e > 0 else np.ones(savings.size)
        k = float(limited[t])
        free = amount.capped(means)
        paid = k * expected_paid(p, names, bank, means, amount, float(ft.delay_sensitivity[t])) + (1.0 - k) * free
        total = float(np.dot(w, free))
        out[t] = float(np.dot(w, paid)) / total if total > 0 else 1.0
    return out


def change_since_reference(now: np.ndarray, ref: np.ndarray | None) -> np.ndarray:
    """The share let through now relative to the reference (year 1), per type: 1 before the reference is taken
    and exactly 1 where the share did not change, so a scenario that changes no limit runs as if the groups did
    not look. The share moves with the limits and waits, and also with what a reform changes in a type's
    payments (their size, method mix): what the limits let through of them really changes then."""
    if ref is None:
        return np.ones_like(now)
    return np.where(now == ref, 1.0, now / np.maximum(ref, 1e-12))
