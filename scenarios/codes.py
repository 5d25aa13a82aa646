"""Named codes shared by the engine, the actors and the liability rules (one definition each).

Events carry small integer codes in numpy arrays; these names say what the numbers mean.
"""

from __future__ import annotations

import numpy as np

# how a fraud payment is made (index into PAYMENT_KINDS); decides which liability rules apply:
# authorised: the victim's own transfer (iDEAL, bank transfer, payment request); unauthorised: the fraudster
# pays from the victim's account with stolen credentials; card: a card payment; wallet: a wallet or escrow with
# buyer protection (PayPal, pay later, a marketplace's escrow); crypto: a transfer that buys crypto-assets or goes
# to an exchange; cash: a loss outside any payment account (cash or goods handed over, gift cards)
PAYMENT_KINDS = ("authorised", "unauthorised", "card", "wallet", "crypto", "cash")
PAY_AUTHORISED, PAY_UNAUTHORISED, PAY_CARD, PAY_WALLET, PAY_CRYPTO, PAY_CASH = range(6)
# kinds that go through the victim's payment service provider (a liability rule covers these by default)
BANK_KINDS = PAYMENT_KINDS[:5]
# the victim's own transfers: the payee-name check, holds on risky first payments and the daily limit apply
TRANSFER_KINDS = (PAY_AUTHORISED, PAY_CRYPTO)
# cashed out at once: a recall or a freeze of the receiving account comes too late
INSTANT_CASHOUT_KINDS = (PAY_CRYPTO, PAY_CASH)


def kind_table(kinds: tuple[int, ...]) -> np.ndarray:
    """A mask over the payment kinds: `kind_table(K)[kind]` is `np.isin(kind, K)` by lookup (a stage asks it
    for every payment, every day) for the codes -1 ("no kind", in no set: the extra False entry at the end) to
    len(PAYMENT_KINDS) - 1, integer arrays or scalars. Read-only."""
    table = np.zeros(len(PAYMENT_KINDS) + 1, dtype=bool)
    table[list(kinds)] = True
    table.setflags(write=False)
    return table


# no account at a bank receives them: cash (or goods handed over); card payments, which the card acquirer collects;
# wallet payments, which the wallet or escrow provider collects (a transfer may not reach one either: iDEAL through
# a payment service provider's merchant account, fraud_types.*.merchant_account_share)
NO_ACCOUNT_KINDS = (PAY_CARD, PAY_WALLET, PAY_CASH)
IS_TRANSFER = kind_table(TRANSFER_KINDS)
IS_INSTANT_CASHOUT = kind_table(INSTANT_CASHOUT_KINDS)
IS_NO_ACCOUNT = kind_table(NO_ACCOUNT_KINDS)

# where a fraud contact started: the sector whose filters apply and who is the "origin" under chain liability
ORIGIN_NONE, ORIGIN_PLATFORM, ORIGIN_TELECOM = 0, 1, 2
ORIGIN_SECTORS = {"platform": ORIGIN_PLATFORM, "telecom": ORIGIN_TELECOM}

# which population an event's person belongs to (index into the model's populations)
POP_CONSUMER, POP_SME = 0, 1

# the victim as the liability rules see it (index into VICTIM_KINDS)
VICTIM_KINDS = ("consumer", "micro", "sme")
VICTIM_CONSUMER, VICTIM_MICRO, VICTIM_SME = 0, 1, 2

# currencies a regime may state amounts in, and the scenario key holding each one's EUR rate
CURRENCY_RATE_KEYS = {"GBP": "gbp_eur", "SGD": "sgd_eur", "AUD": "aud_eur"}


def currency_rates(liability: object) -> dict[str, float]:
    """EUR per unit of each currency, from a LiabilityParams-like object or a raw dict (EUR is 1). A rate that
    is not a finite number falls back to the schema's default (validation reports it)."""
    import math

    from fraudchain.scenarios.schema import LiabilityParams

    get = liability.get if isinstance(liability, dict) else (lambda k, d=None: getattr(liability, k, d))
    defaults = LiabilityParams()

    def rate(key: str) -> float:
        v = get(key, getattr(defaults, key))
        ok = isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
        return float(v) if ok else float(getattr(defaults, key))

    return {"EUR": 1.0, **{cur: rate(key) for cur, key in CURRENCY_RATE_KEYS.items()}}

# why a claim at the payment service provider was refused (index into REFUSAL_REASONS; 0: not refused)
REFUSAL_REASONS = ("none", "outside_scope", "gross_negligence", "out_of_time", "declined", "no_duty_breach")
REFUSE_NONE, REFUSE_SCOPE, REFUSE_NEGLIGENCE, REFUSE_TIME, REFUSE_DECLINED, REFUSE_NO_BREACH = range(6)
