"""Online platforms (marketplace, social media/ads, messaging): seller and advertiser
verification, ad screening, notice-and-takedown.

Owns each platform's effort and the chances it blocks a fraudulent contact or takes down a fraud
account/ad. Does not decide liability: the model books what the regime makes it carry.
"""

from __future__ import annotations

import mesa

from agents.firm import EffortChoice, Firm
from scenarios.schema import PlatformParams

PLATFORM_KINDS = {"marketplace": 0.35, "social_media": 0.45, "messaging": 0.20}  # spend split (assumption)


class Platform(Firm):
    sector = "platforms"

    def __init__(self, model: mesa.Model, kind: str, p: PlatformParams):
        super().__init__(model, kind, PLATFORM_KINDS[kind])
        self.kind = kind
        self.params = p
        self.efforts["prevention"] = EffortChoice(p.effort, p.max_block, 3.0,
                                                  p.spend_full_effort_eur * PLATFORM_KINDS[kind])
        self.verification_boost = 0.0   # system measure: mandatory seller/advertiser verification

    @property
    def effort(self) -> float:
        return self.efforts["prevention"].effort

    def block_probability(self) -> float:
        """Chance a fraudulent contact is stopped by screening/verification before it reaches a person."""
        base = self.efforts["prevention"].effect()
        return 1.0 - (1.0 - base) * (1.0 - self.verification_boost)

    def proactive_hazard(self) -> float:
        return self.params.proactive_takedown_max * self.efforts["prevention"].effect() / max(self.params.max_block,
                                                                                               1e-9)

    def takedown_days(self) -> float:
        return self.params.takedown_hours_median / 24.0


def make_platforms(model: mesa.Model, p: PlatformParams) -> list[Platform]:
    return [Platform(model, kind, p) for kind in PLATFORM_KINDS]
