"""A country pack's calibration targets (scenarios/countries/<code>/targets.csv) and how the model measures them.

A pack's targets are data: each row names its model quantity in a small vocabulary (the `quantity` column), so
a new country needs a CSV, not code. Money is compared in the pack's currency (the model's EUR converted back at
the pack's rate). Every quantity counts the way the UK's sources count: UK Finance's APP figures are cases
*known to the banks* (the victim reported to its payment service provider: a claim), gross of any money
recovered, by payment kind; the PSR's and the Lending Standards Board's reimbursement shares are over those
cases too.

The vocabulary (TYPES: fraud-type keys joined by "+", or "*" for every type; KIND: app = authorised push
payments, unauthorised, card, any):

    bank_cases:KIND:TYPES                cases known to the banks in the last simulated year (national)
    bank_loss:KIND:TYPES                 their gross loss (pack currency)
    bank_returned_share:KIND:TYPES       (reimbursed + recovered) / gross loss of those cases
    bank_inscope_returned_share:KIND:TYPES  the same over the claims not refused as outside the rules' scope: the
                                         PSR's measure (the KPI app_claimed_returned_share for KIND app, TYPES *)
    bank_refunded_case_share:KIND:TYPES  share of those cases with any money reimbursed or recovered
    bank_sme_loss_share:KIND:TYPES       share of their gross loss on business accounts (SMEs)
    bank_receiving_share:KIND:TYPES      the receiving banks' part of what the banks reimbursed on those cases
    bank_share_over:KIND:TYPES:AMOUNT    share of those cases with a gross loss above AMOUNT (pack currency)
    bank_refused_share:KIND:TYPES:WHY    share of those claims refused for a reason (REFUSAL_REASONS joined by "+")
    bank_origin_share:KIND:TYPES:SECTOR  share of those cases whose contact started at a telecom or platform
    kpi:NAME                             a KPI of the last year (e.g. kpi:police_report_rate)
    type_kpi:TYPE:NAME                   a per-type KPI of the last year

Runs nothing itself; the quantities read a finished run's victim table and KPIs (fraudchain.sim.engine.metrics).
"""

from __future__ import annotations

import csv
import io
from functools import cache

import numpy as np
import pandas as pd
from fraudchain.scenarios.codes import REFUSAL_REASONS
from fraudchain.scenarios.fraud_types import CHANNELS, FRAUD_TYPES
from fraudchain.scenarios.packs import CountryPack, pack, targets_text
from fraudchain.sim.engine.metrics import SeedResult
from fraudchain.sim.studies.calibration.seed_measures import Quantity, cases_in
from fraudchain.sim.studies.calibration.targets import Published, Target

KINDS = {"app": "authorised", "unauthorised": "unauthorised", "card": "card", "any": None}
MEASURES = ("bank_cases", "bank_loss", "bank_returned_share", "bank_inscope_returned_share", "bank_refunded_case_share", "bank_sme_loss_share",
            "bank_receiving_share", "bank_share_over", "bank_refused_share", "bank_origin_share", "kpi", "type_kpi")


class TargetFileError(ValueError):
    """A pack's targets file that cannot be read; the message names the row and the column."""


def _types(spec: str) -> tuple[str, ...] | None:
    return None if spec == "*" else tuple(spec.split("+"))


def _known_cases(r: SeedResult, kind: str | None, types: tuple[str, ...] | None) -> pd.DataFrame:
    """The last year's cases reported to the victim's payment service provider, of one payment kind: the case's
    settled payment kind, or (for a case whose money never settled, e.g. all recovered or frozen) the kind of its
    first payment that got through, or (for one whose every payment was stopped) its fraud type's."""
    v = cases_in(r, types=types)
    if not len(v):
        return v
    v = v.loc[v["claimed"].astype(bool).to_numpy()]
    if kind is None or not len(v):
        return v
    static = v["fraud_type"].map(lambda t: FRAUD_TYPES[t].payment if t in FRAUD_TYPES else "")
    settled = v["payment_kind"].astype(str)
    first = v["first_payment_kind"].astype(str)
    paid = settled.where(settled != "", first.where(first != "", static))
    return v.loc[(paid == kind).to_numpy()]


def _w(v: pd.DataFrame) -> np.ndarray:
    return v["weight"].to_numpy(float)


def _share(num: float, den: float) -> float:
    return num / den if den > 0 else float("nan")


def quantity(spec: str, p: CountryPack) -> Quantity:
    """The model quantity a `quantity` cell names (see the module's vocabulary); ValueError if it names none."""
    parts = spec.split(":")
    measure = parts[0]
    if measure == "kpi" and len(parts) == 2:
        return lambda r, pop: float(r.kpis[parts[1]])
    if measure == "type_kpi" and len(parts) == 3:
        return lambda r, pop: float(r.by_type[parts[1]][parts[2]])
    if measure not in MEASURES or len(parts) < 3 or parts[1] not in KINDS:
        raise ValueError(f"{spec!r}: not a quantity; measures: {', '.join(MEASURES)}; kinds: {', '.join(KINDS)}")
    kind, types = KINDS[parts[1]], _types(parts[2])
    unknown = [t for t in types or () if t not in FRAUD_TYPES]
    if unknown:
        raise ValueError(f"{spec!r}: unknown fraud type(s) {', '.join(unknown)}; allowed: {', '.join(FRAUD_TYPES)}")
    extra = parts[3] if len(parts) > 3 else None
    if measure in ("bank_share_over", "bank_origin_share", "bank_refused_share") and extra is None:
        raise ValueError(f"{spec!r}: {measure} needs a fourth part (an amount, or telecom / platform)")
    if measure == "bank_origin_share" and extra not in ("telecom", "platform"):
        raise ValueError(f"{spec!r}: the sector must be telecom or platform")
    if measure == "bank_refused_share" and not set(str(extra).split("+")) <= set(REFUSAL_REASONS[1:]):
        raise ValueError(f"{spec!r}: reasons must be of {', '.join(REFUSAL_REASONS[1:])}")

    def fn(r: SeedResult, pop: float) -> float:
        v = _known_cases(r, kind, types)
        if not len(v):
            return 0.0 if measure in ("bank_cases", "bank_loss") else float("nan")
        w = _w(v)
        gross = v["gross_loss_eur"].to_numpy(float)
        if measure == "bank_cases":
            return float(w.sum())
        if measure == "bank_loss":
            return p.to_currency(float((gross * w).sum()))
        back = v["reimbursed_eur"].to_numpy(float) + v["recovered_eur"].to_numpy(float)
        if measure == "bank_returned_share":
            return _share(float((back * w).sum()), float((gross * w).sum()))
        if measure == "bank_inscope_returned_share":
            ok = (v["refusal_reason"] != "outside_scope").to_numpy()
            return _share(float((back * w)[ok].sum()), float((gross * w)[ok].sum()))
        if measure == "bank_refunded_case_share":
            return _share(float(w[back > 0.5].sum()), float(w.sum()))
        if measure == "bank_sme_loss_share":
            sme = (v["victim_kind"] != "consumer").to_numpy()
            return _share(float((gross * w)[sme].sum()), float((gross * w).sum()))
        if measure == "bank_receiving_share":
            banks = v["borne_banks_eur"].to_numpy(float)
            return _share(float((v["borne_receiving_bank_eur"].to_numpy(float) * w).sum()), float((banks * w).sum()))
        if measure == "bank_refused_share":
            why = v["refusal_reason"].isin(str(extra).split("+")).to_numpy()
            return _share(float(w[why].sum()), float(w.sum()))
        if measure == "bank_share_over":
            over = gross > float(extra) * p.eur_per_unit
            return _share(float(w[over].sum()), float(w.sum()))
        sector = v["fraud_type"].map(lambda t: CHANNELS[FRAUD_TYPES[t].channel] if t in FRAUD_TYPES else "")
        return _share(float(w[(sector == extra).to_numpy()].sum()), float(w.sum()))

    return fn


COLUMNS = ("metric", "value", "low", "high", "year", "unit", "source", "notes", "measured_as", "quantity", "role",
           "weight", "known_miss")


@cache
def country_targets(code: str) -> tuple[dict[str, Published], tuple[Target, ...], dict[str, tuple[str, Quantity]]]:
    """A pack's published figures, its targets (fitted or checked) and the model quantity of each."""
    p = pack(code)
    text = targets_text(code)
    if not text:
        raise TargetFileError(f"country {code!r} has no calibration targets")
    pubs: dict[str, Published] = {}
    targets: list[Target] = []
    quantities: dict[str, tuple[str, Quantity]] = {}
    for i, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        where = f"scenarios/countries/{code}/{p.targets} line {i}"
        missing = [c for c in COLUMNS if c not in row]
        if missing:
            raise TargetFileError(f"{where}: missing column(s) {', '.join(missing)}")
        try:
            value, low, high = float(row["value"]), float(row["low"]), float(row["high"])
            weight = float(row["weight"] or 1.0)
            fn = quantity(row["quantity"], p)
        except ValueError as e:
            raise TargetFileError(f"{where}: {e}") from None
        if row["role"] not in ("fit", "check"):
            raise TargetFileError(f"{where}: role must be fit or check, not {row['role']!r}")
        if not low <= value <= high or low <= 0:
            raise TargetFileError(f"{where}: needs 0 < low <= value <= high")
        m = row["metric"]
        pubs[m] = Published(m, value, low, high, row["year"], row["unit"], row["source"], row["notes"],
                            row["measured_as"])
        targets.append(Target(m, row["role"], weight=weight, note=row["notes"], known_miss=row["known_miss"]))
        quantities[m] = (row["quantity"], fn)
    return pubs, tuple(targets), quantities
