"""Model quantities over one seed's result, at national scale, as the published figures count them: the cases of
the last simulated year by type, what the police registered, what the Fraudehelpdesk heard, who got money back.

The building blocks of the calibration's quantities (targets.py `QUANTITIES`) and of the backcast's and the
country packs' own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
import pandas as pd
from fraudchain.sim.engine.metrics import SeedResult

YEAR = 365
Quantity = Callable[[SeedResult, float], float]   # one seed's result, persons 15+ -> the model's figure

PURCHASE = ("marketplace", "fake_webshop")
PURCHASE_SELLING = (*PURCHASE, "selling")       # the police count purchase and selling fraud together
# CBS "spoofing": money lost to someone posing as another person or body (investment fraud asked from 2023)
SPOOFING = ("bank_helpdesk", "phishing", "friend_in_need", "investment", "payment_request", "impersonation")


def types_sum(r: SeedResult, types: tuple[str, ...], key: str) -> float:
    return float(sum(r.by_type[t][key] for t in types if t in r.by_type))


def ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("nan")


def weighted_rate(r: SeedResult, types: tuple[str, ...], key: str) -> float:
    v = [r.by_type[t]["victims"] for t in types]
    return ratio(sum(w * r.by_type[t][key] for w, t in zip(v, types, strict=True)), sum(v))


def last_day(r: SeedResult) -> int:
    """One past the last simulated day."""
    return int(r.daily["day"].max()) + 1 if len(r.daily) else YEAR


def cases_in(r: SeedResult, start: int | None = None, end: int | None = None,
             types: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Cases with a loss whose first loss fell in days [start, end) (default: the last simulated year)."""
    v = r.victims
    if v is None or not len(v):
        return pd.DataFrame(columns=["weight", "gross_loss_eur", "fraud_type"])
    end = last_day(r) if end is None else end
    start = end - YEAR if start is None else start
    sel = (v["first_loss_day"] >= start) & (v["first_loss_day"] < end)
    if types is not None:
        sel &= v["fraud_type"].isin(types)
    return v.loc[sel]


def weighted_count(v: pd.DataFrame, mask: pd.Series | np.ndarray | None = None) -> float:
    """National number of the cases in `v` (each simulated case stands for `weight` real ones)."""
    w = v["weight"].to_numpy(float)
    return float(w.sum() if mask is None else w[np.asarray(mask, bool)].sum())


def weighted_sum(v: pd.DataFrame, col: str, mask: np.ndarray | pd.Series | None = None) -> float:
    """National sum of a column over the cases `v` (within `mask`)."""
    x = v[col].to_numpy(float) * v["weight"].to_numpy(float)
    return float(x.sum() if mask is None else x[np.asarray(mask, bool)].sum())


def persons_attempted(r: SeedResult) -> float:
    """Persons reached by at least one scam call or message in the last simulated year (national): each person
    counts once a year, on the day of their first (`persons_attempted`; a year is 365 days from day 0, and a run
    is whole years, so the last 365 days are its last year)."""
    end = last_day(r)
    days = r.system["day"].to_numpy()
    sel = (days >= end - YEAR) & (days < end)
    return float(r.system["persons_attempted"].to_numpy()[sel].sum())


def registered(r: SeedResult, types: tuple[str, ...] | None = None, key: str = "count") -> float:
    """The last year's cases the police registered (one registration per case): their number, gross loss
    ("loss") or mean loss ("mean")."""
    v = cases_in(r, types=types)
    if not len(v):
        return 0.0
    sel = v["police_registered"].astype(bool).to_numpy()
    n, loss = weighted_count(v, sel), weighted_sum(v, "gross_loss_eur", sel)
    return n if key == "count" else loss if key == "loss" else ratio(loss, n)


def weighted_median(v: pd.DataFrame, col: str) -> float:
    """Weighted median of a column over the cases `v`."""
    if not len(v):
        return float("nan")
    x, w = v[col].to_numpy(float), v["weight"].to_numpy(float)
    order = np.argsort(x)
    cum = np.cumsum(w[order])
    return float(x[order][np.searchsorted(cum, 0.5 * cum[-1])])


def kind_share(r: SeedResult, types: tuple[str, ...] | None, kinds: tuple[str, ...], of: str = "kind") -> float:
    """Among the last year's cases of `types` paid (first settled payment) in one of `kinds`: the share that got
    money back (of="money back"); or the share of all cases of `types` paid in `kinds` (of="kind")."""
    v = cases_in(r, types=types)
    if not len(v):
        return float("nan")
    paid = v["payment_kind"].isin(kinds).to_numpy()
    if of == "kind":
        return ratio(weighted_count(v, paid), weighted_count(v))
    return ratio(weighted_count(v, paid & got_back(v)), weighted_count(v, paid))


def got_back(v: pd.DataFrame) -> np.ndarray:
    back = v["recovered_eur"].to_numpy(float) + v["reimbursed_eur"].to_numpy(float)
    for col in ("borne_banks_eur", "borne_platforms_eur", "borne_telecoms_eur", "borne_insurers_eur"):
        back = back + v[col].to_numpy(float)
    return back > 0.5


def paid_in(v: pd.DataFrame, kinds: tuple[str, ...]) -> pd.DataFrame:
    """The cases of `v` whose first settled payment was of one of `kinds`."""
    return v[v["payment_kind"].isin(kinds)] if len(v) else v


def consumer_loss(r: SeedResult) -> float:
    """Gross loss of the last year's consumer cases (national)."""
    v = cases_in(r)
    return weighted_sum(v, "gross_loss_eur", v["victim_kind"] == "consumer") if len(v) else 0.0


def reported_damage_share(r: SeedResult, types: tuple[str, ...]) -> float:
    """Share of the gross loss of the last year's cases of `types` in cases reported to the police."""
    v = cases_in(r, types=types)
    return ratio(weighted_sum(v, "gross_loss_eur", v["police_report"].astype(bool)), weighted_sum(v, "gross_loss_eur")) \
        if len(v) else float("nan")


def fraudehelpdesk(r: SeedResult, key: Literal["victims", "loss", "mean"], types: tuple[str, ...] | None = None
                    ) -> float:
    """Victims with a loss who reported to the Fraudehelpdesk (last year), their gross loss, or its mean."""
    v = cases_in(r, types=types)
    if not len(v) or "fraudehelpdesk" not in v:
        return float("nan")
    sel = v["fraudehelpdesk"].astype(bool).to_numpy()
    n, loss = weighted_count(v, sel), weighted_sum(v, "gross_loss_eur", sel)
    return n if key == "victims" else loss if key == "loss" else ratio(loss, n)


def money_back_share(r: SeedResult, types: tuple[str, ...] | None = None) -> float:
    """Share of the last year's victims who got any of their loss back: recalled by the bank (recovered),
    reimbursed, or carried by a bank, platform, telecom operator or insurer."""
    v = cases_in(r, types=types)
    return ratio(weighted_count(v, got_back(v)), weighted_count(v)) if len(v) else float("nan")


def repeat_share(r: SeedResult, types: tuple[str, ...]) -> float:
    """Among consumers with a case of `types` in the last year, the share with two or more (as a survey asks
    whether one fell for it more than once in the 12 months)."""
    v = cases_in(r, types=types)
    if not len(v) or "victim_id" not in v:
        return float("nan")
    per_person = v.loc[v["victim_kind"] == "consumer", "victim_id"].value_counts()
    return float((per_person >= 2).mean()) if len(per_person) else float("nan")


def selling_fraud_rate(r: SeedResult, p: float) -> float:
    """Victims of a selling-fraud type / persons 15+ (0 when the scenario has no such type)."""
    return types_sum(r, tuple(t for t in r.by_type if t.startswith("selling")), "victims") / p


# ---- recalls, freezes and mule accounts: national counts (docs/evidence.md) ----
def accounts_blocked(r: SeedResult) -> float:
    """Receiving accounts at a bank blocked in the last year, nationally: every takedown of a mule account
    (recruited, or the groups' own and rented ones), as a bank counts the accounts it blocks for fraud."""
    t = r.takedowns
    if t is None or not len(t):
        return 0.0
    end = last_day(r)
    sel = (t["kind"] == "mule_account") & (t["takedown_day"] >= end - YEAR) & (t["takedown_day"] < end)
    return float(t.loc[sel, "weight"].sum())


def recovered_share_of_claimed_app(r: SeedResult) -> float:
    """Money frozen in receiving accounts and returned, over the gross loss of the last year's cases the victim
    paid by transfer (an authorised push payment, first settled payment) and claimed at its bank: the push-payment
    cases known to the banks, as UK Finance counts the money its members recover of them."""
    v = cases_in(r)
    if not len(v):
        return float("nan")
    known = (v["first_payment_kind"].eq("authorised") & v["claimed"].astype(bool)).to_numpy()
    return ratio(weighted_sum(v, "recovered_eur", known), weighted_sum(v, "gross_loss_eur", known))
