"""The base class for institutional actors added as extensions, and the events they see.

An extension actor is a Mesa agent that takes part in the daily stages it implements (docs/extending.md):

    on_payments(day, PaymentEvents)  -> bool mask of payments it stops, or None     (stage 4)
    on_cashout(day, CashoutEvents)   -> (involved, frozen) bool masks, or None       (stage 6)
    on_settled(day, SettledLosses)   -> None: what the liability regime made it pay  (stage 6)
    on_day_end(day)                  -> None                                          (stage 11)

Events are small typed batches (numpy arrays, one row per event), never one object per person. An actor
must not reach into the model's tables; it sees what the model hands it and keeps its own books.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np
from pydantic import BaseModel


@dataclass(frozen=True)
class PaymentEvents:
    """Payments that passed the sending banks' checks today (amounts in EUR per payment)."""

    case: np.ndarray
    fraud_type: np.ndarray       # fraud-type key of each payment (str)
    amount: np.ndarray
    victim_kind: np.ndarray      # 0 consumer, 1 micro-enterprise, 2 SME
    sending_bank: np.ndarray     # index into the model's banks


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

    def on_payments(self, day: int, events: PaymentEvents) -> np.ndarray | None:
        return None

    def on_cashout(self, day: int, events: CashoutEvents) -> tuple[np.ndarray, np.ndarray] | None:
        return None

    def on_settled(self, day: int, losses: SettledLosses) -> None:
        return None

    def on_day_end(self, day: int) -> None:
        return None
