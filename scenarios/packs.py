"""Country packs: a country is data, under scenarios/countries/<code>/.

A pack holds what makes a country: its population and firms, its currency and the exchange rate the model
uses, the fraud types' numbers, its payment methods, the liability regime in force, its desks and police
(`[params]`: a scenario layer applied *under* every scenario that names the country), its own scenarios
(`scenarios/*.toml`, listed by `fraudchain list` beside the Dutch ones), the names of those scenarios in
Dutch and English, and its calibration targets with their sources (`targets.csv`).

A scenario selects a pack with `country = "uk"` (default "nl"), or the CLI with `--country uk`. The loader
merges the pack's `[params]` under the scenario's own keys (the scenario wins), so the schema, the model,
the reports and the dashboard treat every country alike. The model computes in EUR (its KPI names say so);
a pack in another currency states its amounts in that currency in its sources and converts them at the
pack's stated rate (`eur_per_unit`), and its targets are compared in the pack's currency.

The Dutch pack's `[params]` holds the Dutch population facts that the schema's defaults also carry (the
Dutch built-in scenarios in scenarios/builtin/ belong to it); merging it changes no Dutch result.
Must not import sim/, agents/ or dashboard/.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

COUNTRY_DIR = "countries"
BUILTIN_DIR = "builtin"      # the Dutch built-in scenarios
DEFAULT_COUNTRY = "nl"


@dataclass(frozen=True)
class CountryPack:
    code: str
    name: str
    currency: str                      # the currency the country's sources state amounts in
    eur_per_unit: float                # EUR per unit of that currency, the rate the pack's amounts use
    rate_source: str                   # where the rate comes from (publication, year)
    baseline: str                      # the pack's reference scenario
    regime: str                        # the liability regime in force in the baseline
    targets: str                       # calibration targets file in the pack ("" = none)
    fit_params: tuple[tuple[str, float, float], ...]   # parameters `calibrate --country` may fit, with ranges
    agents: int                        # simulated persons a comparison with the pack's targets needs
    params: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)   # name -> {lang: (name, desc)}
    description: str = ""

    def to_currency(self, eur: float) -> float:
        """An amount in EUR in the pack's currency."""
        return eur / self.eur_per_unit


def _root() -> Traversable:
    return resources.files("fraudchain.scenarios").joinpath(COUNTRY_DIR)


@cache
def country_codes() -> tuple[str, ...]:
    """The codes of the packs shipped with fraudchain (folder names under scenarios/countries/)."""
    return tuple(sorted(p.name for p in _root().iterdir() if p.is_dir() and p.joinpath("pack.toml").is_file()))


@cache
def pack(code: str) -> CountryPack:
    """The pack of a country; KeyError for an unknown code."""
    if code not in country_codes():
        raise KeyError(code)
    doc = tomllib.loads(_root().joinpath(code, "pack.toml").read_text(encoding="utf-8"))
    c = doc["country"]
    texts = {name: {lang: (str(v[0]), str(v[1])) for lang, v in by_lang.items()}
             for name, by_lang in doc.get("texts", {}).items()}
    return CountryPack(code=code, name=c["name"], currency=c["currency"], eur_per_unit=float(c["eur_per_unit"]),
                       rate_source=c.get("rate_source", ""), baseline=c["baseline"], regime=c["regime"],
                       targets=c.get("targets", ""),
                       fit_params=tuple((k, float(lo), float(hi)) for k, lo, hi in c.get("fit_params", [])),
                       agents=int(c.get("check_agents", 50_000)),
                       params=doc.get("params", {}), texts=texts, description=c.get("description", ""))


def default_value(key: str) -> Any:
    """The default country's (Dutch) value of a dotted key `section.field` in its pack's `[params]`: the schema's
    defaults of a country's facts read it, so each Dutch figure is stated once, in the pack, with its source.
    A KeyError names a key the pack lacks (a schema default that points at nothing)."""
    section, name = key.split(".", 1)
    return copy.deepcopy(pack(DEFAULT_COUNTRY).params[section][name])


@cache
def pack_scenarios() -> dict[str, tuple[str, str]]:
    """Every pack scenario: name -> (country code, file text). Dutch built-ins live in scenarios/builtin/."""
    out: dict[str, tuple[str, str]] = {}
    for code in country_codes():
        folder = _root().joinpath(code, "scenarios")
        if not folder.is_dir():
            continue
        for p in sorted(folder.iterdir(), key=lambda q: q.name):
            if p.name.endswith(".toml"):
                out[p.name[:-5]] = (code, p.read_text(encoding="utf-8"))
    return out


def pack_scenario_path(name: str) -> Traversable:
    """The file of a pack scenario (for writing calibrated values back)."""
    code, _ = pack_scenarios()[name]
    return _root().joinpath(code, "scenarios", f"{name}.toml")


def targets_text(code: str) -> str:
    """The pack's calibration targets (CSV text); '' when it has none."""
    p = pack(code)
    if not p.targets:
        return ""
    return _root().joinpath(code, p.targets).read_text(encoding="utf-8")


def country_of(raw: dict[str, Any]) -> str:
    """The country a raw scenario names (the default when it names none or names it badly: the schema says so)."""
    c = raw.get("country", DEFAULT_COUNTRY)
    return c if isinstance(c, str) else DEFAULT_COUNTRY


def scenario_text(name: str, lang: str) -> tuple[str, str] | None:
    """(name, one-line description) of a pack scenario or regime in a language ('nl' or 'en'), if the pack gives it."""
    for code in country_codes():
        entry = pack(code).texts.get(name)
        if entry:
            return entry.get(lang) or entry.get("en") or next(iter(entry.values()))
    return None


def with_country(raw: dict[str, Any]) -> dict[str, Any]:
    """The raw scenario on top of its country pack's parameters: the scenario's own keys win. Sections merge
    key by key and fraud types type by type; a value (a number, a list, a table of shares such as
    population.bank_shares) is replaced whole, never mixed with the pack's."""
    code = country_of(raw)
    if code not in country_codes():
        return raw                       # the schema names the problem
    out = dict(raw)
    for section, values in pack(code).params.items():
        mine = raw.get(section)
        if mine is None:
            out[section] = copy.deepcopy(values)
        elif isinstance(mine, dict) and isinstance(values, dict):
            if section == "fraud_types":
                # the scenario's own types first, in its order, then the pack's others (the order the schema's
                # defaults would give: a pack that states the defaults changes nothing, not even the order)
                merged = {t: {**copy.deepcopy(values.get(t, {})), **tv} if isinstance(tv, dict) else tv
                          for t, tv in mine.items()}
                for t, tv in values.items():
                    merged.setdefault(t, copy.deepcopy(tv))
                out[section] = merged
            else:
                out[section] = {**copy.deepcopy(values), **mine}
    return out


def country_problem(raw: dict[str, Any], label: str, country: str | None) -> str | None:
    """Why a scenario cannot run with --country `country` (it belongs to another pack), or None."""
    if country is None:
        return None
    if country not in country_codes():
        return f"--country {country!r}: unknown country; allowed: {', '.join(country_codes())}"
    own = raw.get("country")
    if own is None or own == country:
        return None
    theirs = [n for n, (c, _) in pack_scenarios().items() if c == country] or ["the scenarios in scenarios/builtin/"]
    return (f"{label}: a scenario of country {own!r}; --country {country} runs the {country} pack's scenarios "
            f"({', '.join(theirs)}) or a file that names no other country (see fraudchain list --country {country})")


# ---- the catalogue of built-in scenarios: the Dutch ones in scenarios/builtin/ and every pack's ------------------
def builtin_names() -> list[str]:
    """The Dutch built-in scenarios (scenarios/builtin/) and every country pack's (scenarios/countries/*/scenarios/)."""
    files = resources.files("fraudchain.scenarios").joinpath(BUILTIN_DIR)
    return sorted({p.name[:-5] for p in files.iterdir() if p.name.endswith(".toml")} | set(pack_scenarios()))


def builtin_country(name: str) -> str:
    """The country pack a built-in scenario belongs to."""
    return pack_scenarios()[name][0] if name in pack_scenarios() else DEFAULT_COUNTRY


def read_builtin(name: str) -> dict[str, Any]:
    """A built-in scenario's raw keys; it always names its country (the Dutch ones implicitly)."""
    if name in pack_scenarios():
        text = pack_scenarios()[name][1]
    else:
        text = resources.files("fraudchain.scenarios").joinpath(BUILTIN_DIR, f"{name}.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    raw.setdefault("country", builtin_country(name))
    return raw


def builtin_descriptions(country: str | None = None) -> dict[str, str]:
    """Each built-in scenario's first sentence (at most 120 characters); only one country's with `country`."""
    out = {}
    for name in builtin_names():
        if country is not None and builtin_country(name) != country:
            continue
        text = " ".join(str(read_builtin(name).get("description", "")).split())
        first = text.split(". ")[0].rstrip(".")
        out[name] = first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "..."
    return out
