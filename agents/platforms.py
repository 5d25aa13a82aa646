"""Online platforms (marketplace, social media/ads, messaging): seller and advertiser
verification, ad screening, notice-and-takedown.

Owns each platform's effort and what it does: the chance it blocks a fraudulent contact, the
daily chance it finds a live fraud account/ad itself, and how it acts on a notice (how often and
how fast). Does not decide liability: settlement books what the regime makes it carry.
"""

from __future__ import annotations

import mesa
import numpy as np
from fraudchain.agents.firm import EffortChoice, Firm
from fraudchain.scenarios.schema import PlatformParams

PLATFORM_KINDS = {"marketplace": 0.35, "social_media": 0.45, "messaging": 0.20}  # spend split (assumption)


class Platform(Firm):
    sector = "platforms"

    def __init__(self, model: mesa.Model, kind: str, p: PlatformParams):
        super().__init__(model, kind, PLATFORM_KINDS[kind])
        self.kind = kind
        self.params = p
        self.efforts["prevention"] = EffortChoice(p.effort, p.effort_returns,
                                                  p.spend_full_effort_eur * PLATFORM_KINDS[kind])
        self.efforts["prevention"].set_passing(lambda e: 1.0 - self.block_probability(e))

    def configure(self, p: PlatformParams, floor: float, changed: frozenset[str] | None = None) -> None:
        """Take the parameters and the duty floor in force (at build and after every reform)."""
        self.params = p
        start = p.effort if changed is None or "effort" in changed else None
        self.efforts["prevention"].configure(p.effort_returns,
                                             p.spend_full_effort_eur * PLATFORM_KINDS[self.kind],
                                             max(floor, p.effort_floor) * p.floor_compliance, start)

    @property
    def effort(self) -> float:
        return self.efforts["prevention"].effort

    def verification_block(self) -> float:
        """Share of a seller's or advertiser's fraudulent contacts that mandatory identity verification stops: the
        stated effect times how much of it is realised (`verification_factor`, drawn by `--uncertainty
        assumptions`)."""
        return min(1.0, self.params.verification * self.params.verification_factor)

    def block_probability(self, effort: float | np.ndarray | None = None,
                          seller_or_advertiser: bool = True) -> float | np.ndarray:
        """Chance a fraudulent contact is stopped by screening or mandatory verification before it reaches a
        person (the two combine independently), at `effort` (default: the current one); verification acts only on
        contacts from a seller's or advertiser's account. The platform's effort review uses this same function
        (`passing` = 1 - block; verification is a constant factor of it, so it does not move the review)."""
        base = self.params.max_block * self.efforts["prevention"].share(1.0, effort)
        verified = self.verification_block() if seller_or_advertiser else 0.0
        return 1.0 - (1.0 - base) * (1.0 - verified)

    def proactive_hazard(self) -> float:
        """Daily chance the platform finds a live fraud account/ad itself."""
        return float(self.params.proactive_takedown_max * self.efforts["prevention"].share())

    def fraud_revenue_per_contact(self) -> float:
        """EUR the platform earns per fraudulent contact that gets past its defences (scam adverts' fees,
        fraudulent sellers' listing fees), by platform kind (schema `platforms.fraud_revenue_per_contact_eur`)."""
        return float(self.params.fraud_revenue_per_contact_eur.get(self.kind, 0.0))

    def notice_acted_share(self) -> float:
        """Chance a notice about a fraud account/ad leads to a takedown."""
        return self.params.notice_acted_share

    def notice_delay_days(self) -> float:
        """Mean days from a notice to the takedown."""
        return self.params.takedown_hours_median / 24.0


def make_platforms(model: mesa.Model, p: PlatformParams) -> list[Platform]:
    return [Platform(model, kind, p) for kind in PLATFORM_KINDS]
