"""Fraud-type definitions: what each scam is, where it starts and how the money moves.

Owns the static, qualitative facts of a fraud type (channel, payment kind, target, the sector
where the contact starts). The tunable numbers (contact rates, susceptibility, loss sizes) live
in the scenario schema, so they carry a unit and a source and can be changed per scenario.

A registry, not a closed enum: researchers add a type with `register_fraud_type` (see
docs/extending.md) and give its numbers in a scenario file. Imports only scenarios/codes.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from fraudchain.scenarios.codes import PAYMENT_KINDS

# Where the contact starts: decides which sector's filters apply and who is "the origin"
# under chain liability. A channel belongs to one origin sector.
CHANNELS = {
    "call": "telecom",
    "sms": "telecom",
    "email": "none",
    "messaging": "platform",
    "marketplace": "platform",
    "social_ads": "platform",
    "dating": "platform",
}
# The channels whose contacts arrive as a call or a message (phone call, SMS, email, WhatsApp and other
# messaging): what a survey of scam attempts asks about ("received a scam call or message"). An offer on a
# marketplace, an ad on social media or a profile on a dating site is met, not received (assumption).
MESSAGE_CHANNELS = ("call", "sms", "email", "messaging")
TARGETS = ("consumer", "sme")
# Which platform kind (for platform channels) serves the contact.
PLATFORM_OF_CHANNEL = {
    "messaging": "messaging",
    "marketplace": "marketplace",
    "social_ads": "social_media",
    "dating": "social_media",
}


@dataclass(frozen=True)
class FraudType:
    """One kind of scam.

    key: the fixed key used across the project; label_nl / label_en: names for people.
    channel: where the fraudster's contact arrives (see CHANNELS).
    payment: the kind of the type's transfers: 'authorised' push payment (APP) or 'unauthorised' (credentials
        stolen); the numbers in the scenario split payments further over card, wallet, crypto and cash
        (`card_share`, `wallet_share`, `crypto_share`, `cash_share`; agents/payment_methods.py).
    target: 'consumer' or 'sme'.
    platform_use: the consumer attribute that makes a person reachable (None: everyone).
    impersonates_bank: the fraudster poses as the victim's own bank (goodwill/EU refund rules).
    seller_or_advertiser: the contact comes from a seller's or advertiser's account, which mandatory identity
        verification of sellers and advertisers checks (`platforms.verification` acts only on these types; it
        cannot stop an impersonator in a chat or a profile on a dating site).
    met_while_buying: the victim meets the fraud while buying online (a fake offer or shop), so a person meets it
        in proportion to how much they buy online (`ConsumerPopulation.aim_by_buying`,
        `population.online_buying_shape`).
    """

    key: str
    label_nl: str
    label_en: str
    channel: str
    payment: str
    target: str = "consumer"
    platform_use: str | None = None
    impersonates_bank: bool = False
    seller_or_advertiser: bool = False
    met_while_buying: bool = False

    @property
    def origin_sector(self) -> str:
        return CHANNELS[self.channel]

    @property
    def platform_kind(self) -> str | None:
        return PLATFORM_OF_CHANNEL.get(self.channel)


FRAUD_TYPES: dict[str, FraudType] = {}


def register_fraud_type(ft: FraudType) -> FraudType:
    """Add a fraud type to the registry (its numbers come from the scenario's [fraud_types.KEY])."""
    if ft.channel not in CHANNELS:
        raise ValueError(f"fraud type {ft.key!r}: unknown channel {ft.channel!r}; allowed: {sorted(CHANNELS)}")
    if ft.payment not in PAYMENT_KINDS:
        raise ValueError(f"fraud type {ft.key!r}: unknown payment {ft.payment!r}; allowed: {PAYMENT_KINDS}")
    if ft.target not in TARGETS:
        raise ValueError(f"fraud type {ft.key!r}: unknown target {ft.target!r}; allowed: {TARGETS}")
    FRAUD_TYPES[ft.key] = ft
    return ft


for _ft in (
    FraudType("bank_helpdesk", "Bankhelpdeskfraude (spoofing)", "Bank helpdesk fraud (spoofing)",
              "call", "authorised", impersonates_bank=True),
    FraudType("phishing", "Phishing", "Phishing", "sms", "unauthorised", impersonates_bank=True),
    FraudType("friend_in_need", "Vriend-in-noodfraude", "Friend-in-need fraud", "messaging", "authorised",
              platform_use="uses_messaging"),
    FraudType("marketplace", "Marktplaatsfraude", "Marketplace fraud", "marketplace", "authorised",
              platform_use="uses_marketplace", seller_or_advertiser=True, met_while_buying=True),
    FraudType("fake_webshop", "Nepwebwinkel", "Fake webshop", "social_ads", "authorised",
              platform_use="uses_social", seller_or_advertiser=True, met_while_buying=True),
    FraudType("investment", "Beleggingsfraude", "Investment fraud", "social_ads", "authorised",
              platform_use="uses_social", seller_or_advertiser=True),
    FraudType("romance", "Datingfraude", "Romance fraud", "dating", "authorised", platform_use="uses_dating"),
    FraudType("invoice", "Factuur-/CEO-fraude", "Invoice / CEO fraud", "email", "authorised", target="sme"),
    # issue 19: the rest of CBS's composition by type
    FraudType("selling", "Verkoopfraude", "Selling fraud", "marketplace", "unauthorised",
              platform_use="uses_marketplace"),
    FraudType("payment_request", "Betaalverzoekfraude (pakket, belasting, tol)",
              "Payment-request fraud (parcel, tax, toll)", "sms", "authorised"),
    FraudType("impersonation", "Overige imitatiefraude (WhatsApp, helpdesks)",
              "Other impersonation (WhatsApp, help desks)", "messaging", "authorised", platform_use="uses_messaging"),
):
    register_fraud_type(_ft)
