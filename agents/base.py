"""The stage hooks actors take part in, the events they see, and the base class for extension actors.

An actor takes part in the daily stages whose hooks it implements (docs/extending.md):

    configure(params)                -> None: the parameters in force (at build and after every reform)
    on_payments(day, PaymentEvents)  -> bool mask of payments it stops, or None     (stage payments)
    on_cashout(day, CashoutEvents)   -> (involved, frozen) bool masks, or None       (stage settlement)
    on_settled(day, SettledLosses)   -> None: what the liability regime made it pay  (stage settlement)
    on_day_end(day)                  -> None                                          (stage record)

The banks screen payments through the same `on_payments` hook (agents/banks.py, first in line); extension
actors follow in the order the scenario names them. Events are small typed batches (numpy arrays, one row per
event), never one object per person. An actor must not reach into the model's tables; it sees what it is
handed and keeps its own books. Its random draws come from its own stream, `self.rng`.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np
from pydantic import BaseModel


@dataclass(frozen=True)
class PaymentEvents:
    """Fraud payments due today, before anyone stopped them (amounts in EUR per payment). Each actor's stop
    mask is combined with the others': a payment goes through only if nobody stops it."""

    case: np.ndarray
    fraud_type: np.ndarray       # fraud-type key of each payment (str)
    amount: np.ndarray
    victim_kind: np.ndarray      # index into fraudchain.scenarios.codes.VICTIM_KINDS
    sending_bank: np.ndarray     # index into the model's banks
    kind: np.ndarray | None = None             # index into fraudchain.scenarios.codes.PAYMENT_KINDS
    name_mismatch: np.ndarray | None = None    # the payee name differs from what the victim expects
    first_payment: np.ndarray | None = None    # the case's first payment
    delay_sensitivity: np.ndarray | None = None  # how much a payment delay helps for the payment's fraud type


@dataclass(frozen=True)
class CashoutEvents:
    """Money in mule accounts due to be cashed out today (before freezes are applied)."""

    case: np.ndarray
    fraud_type: np.ndarray
    amount: np.ndarray
    group: np.ndarray            # fraudster group position
    receiving_bank: np.ndarray
    time: np.ndarray             # cash-out time (fractional day)
    weight: np.ndarray           # national persons/SMEs each simulated payment stands for


@dataclass(frozen=True)
class SettledLosses:
    """Losses the liability regime charged to this actor today (EUR, real amounts per loss)."""

    case: np.ndarray
    fraud_type: np.ndarray
    paid: np.ndarray
    weight: np.ndarray           # national persons/SMEs each simulated loss stands for


class ChainActor(mesa.Agent):
    """An institutional actor from an extension; override the hooks for the stages it takes part in."""

    sector = "extension"
    hub_member = False

    def __init__(self, model: mesa.Model, name: str, params: BaseModel):
        super().__init__(model)
        self.name = name
        self.params = params

    def configure(self, params: BaseModel) -> None:
        """The parameters in force: called after every reform (a reform may set `actors.NAME.KEY`)."""
        self.params = params

    @property
    def rng(self) -> np.random.Generator:
        """This actor's own random stream for the current day (agents/streams.py: named `actor:NAME`), so what
        it draws never shifts the draws of the model's stages, nor theirs its own."""
        return self.model.streams[f"actor:{self.name}"]

    def on_payments(self, day: int, events: PaymentEvents) -> np.ndarray | None:
        return None

    def on_cashout(self, day: int, events: CashoutEvents) -> tuple[np.ndarray, np.ndarray] | None:
        return None

    def on_settled(self, day: int, losses: SettledLosses) -> None:
        return None

    def on_day_end(self, day: int) -> None:
        return None
