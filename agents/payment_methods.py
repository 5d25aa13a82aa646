"""How victims pay a fraudster: the payment method of each fraud payment, by fraud type.

A payment is a card payment with the type's `card_share`, a wallet or escrow payment with buyer protection
with `wallet_share`, a transfer that buys crypto-assets or goes to an exchange with `crypto_share`, a loss
outside any payment account (cash or goods handed over, gift cards) with `cash_share`, a payment the fraudster
makes with credentials or card details captured on a fake payment page with `unauthorised_share`, and otherwise a
transfer of the type's own kind (an authorised push payment, or an unauthorised one made with stolen
credentials). The method decides who may screen the payment (agents/banks.py: no bank sees cash), whether
it reaches a receiving account at a bank at all (card and wallet payments, and transfers a payment service
provider's merchant account collects, do not: `account_share`), whether it can be recalled (crypto and cash are
cashed out at once), and which liability rule covers the loss (a card or wallet rule gives money back;
sim/engine/liability.py). Evidence: docs/sources.md
[thuiswinkel_payments_2016], [consumentenbond_fake_shops_2023], [marktplaats_buyer_protection_2022].
"""

from __future__ import annotations

import numpy as np
from fraudchain.scenarios.codes import (
    IS_INSTANT_CASHOUT,
    IS_NO_ACCOUNT,
    PAY_AUTHORISED,
    PAY_CARD,
    PAY_CASH,
    PAY_CRYPTO,
    PAY_UNAUTHORISED,
    PAY_WALLET,
    PAYMENT_KINDS,
)

# the method-share columns of the per-type arrays, in the order they are drawn, and the kind each gives
METHODS = (("card_share", PAY_CARD), ("wallet_share", PAY_WALLET), ("crypto_share", PAY_CRYPTO),
           ("cash_share", PAY_CASH), ("unauthorised_share", PAY_UNAUTHORISED))


def draw_kinds(u: np.ndarray, t: np.ndarray, ft) -> np.ndarray:
    """The payment kind (index into PAYMENT_KINDS) of each payment of fraud type `t`, from one uniform draw `u`
    per payment: the method shares are stacked from 0 (card, wallet, crypto, cash, unauthorised), the rest is a
    transfer of the type's own kind (`ft.payment`)."""
    kind = ft.payment[t].astype(np.int64)
    upper = np.zeros(t.size)
    for name, code in METHODS:
        lower = upper
        upper = lower + getattr(ft, name)[t]
        kind = np.where((u >= lower) & (u < upper), code, kind)
    return kind


def kind_shares(ft) -> np.ndarray:
    """shares[t, kind]: the expected share of fraud type t's payments of each payment kind (index into
    PAYMENT_KINDS), as `draw_kinds` draws them: each method's share, and the rest (1 - the method shares, which
    the schema keeps at most 1) a transfer of the type's own kind. Read where a rule's expected reach is needed
    without drawing (the groups' view of the limits and of a risky-payment hold)."""
    n = len(ft.payment)
    shares = np.zeros((n, len(PAYMENT_KINDS)))
    other = np.zeros(n)
    for name, code in METHODS:
        share = np.asarray(getattr(ft, name), dtype=float)
        shares[:, code] += share
        other = other + share
    shares[np.arange(n), ft.payment.astype(np.int64)] += np.maximum(1.0 - other, 0.0)
    return shares


def cashed_out_at_once(kind: np.ndarray) -> np.ndarray:
    """Payments that leave the fraudster's reach of a recall or freeze at once (crypto, cash)."""
    return IS_INSTANT_CASHOUT[kind]


def account_share(ft) -> np.ndarray:
    """Per fraud type, the expected share of its payments that go into an account at a bank, where the groups
    need a receiving account (stages/payments.py): every kind but scenarios/codes.py's NO_ACCOUNT_KINDS (cash, card,
    wallet), less the transfers a payment service provider's merchant account collects (`merchant_account_share`)."""
    shares = kind_shares(ft)
    into_account = shares[:, ~IS_NO_ACCOUNT[:len(PAYMENT_KINDS)]].sum(axis=1)
    return into_account - shares[:, PAY_AUTHORISED] * np.asarray(ft.merchant_account_share, dtype=float)
