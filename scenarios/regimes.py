"""Liability regimes as data: the registry of named rule sets.

Built-in regimes are TOML files in scenarios/regimes/ (one per regime, each rule citing the
regulation it encodes). A regime file may state its amounts in a foreign currency
(`currency = "GBP"`, rules with `cap` / `excess` / `penalty`); they are converted to EUR with the rate in
the scenario's [liability] section. Researchers add regimes with `register_regime`.
Imports only the schema.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

REGIME_DIR = "regimes"
_CUSTOM: dict[str, dict[str, Any]] = {}


def builtin_regime_names() -> list[str]:
    files = resources.files("fraudchain.scenarios").joinpath(REGIME_DIR)
    return sorted(p.name[:-5] for p in files.iterdir() if p.name.endswith(".toml"))


def regime_names() -> list[str]:
    return sorted(set(builtin_regime_names()) | set(_CUSTOM))


def register_regime(name: str, rules: list[dict[str, Any]], description: str = "",
                    currency: str = "EUR") -> None:
    """Register a regime from rule dicts (same keys as a [[rules]] table in a regime file)."""
    _CUSTOM[name] = {"description": description, "currency": currency, "rules": rules}


def regime_data(name: str) -> dict[str, Any]:
    """The raw regime document: description, currency, rules (amounts in the regime's currency)."""
    if name in _CUSTOM:
        return _CUSTOM[name]
    path = resources.files("fraudchain.scenarios").joinpath(REGIME_DIR, f"{name}.toml")
    if not path.is_file():
        raise KeyError(name)
    return tomllib.loads(path.read_text(encoding="utf-8"))


def regime_rules_eur(name: str, fx: dict[str, float]) -> list[dict[str, Any]]:
    """The regime's rules with amounts converted to EUR (`cap_eur`, `excess_eur`)."""
    doc = regime_data(name)
    rate = fx.get(doc.get("currency", "EUR"), None)
    if rate is None:
        raise ValueError(f"regime {name}: unknown currency {doc.get('currency')!r}; allowed: {sorted(fx)}")
    out = []
    for rule in doc["rules"]:
        r = dict(rule)
        if "cap" in r:
            cap = r.pop("cap")
            r["cap_eur"] = None if cap is None else float(cap) * rate
        if "excess" in r:
            r["excess_eur"] = float(r.pop("excess")) * rate
        if "penalty" in r:
            r["penalty_eur_per_breach"] = float(r.pop("penalty")) * rate
        out.append(r)
    return out
