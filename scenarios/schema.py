"""The scenario schema: the whole scenario (its sections, its reforms) and the table of every parameter with
its default, unit, source and range.

Owns `Scenario`, `Reform` (and which keys a reform may set) and `parameter_table`. The sections live in
their own modules: the actors in scenarios/actor_params.py, the public side in scenarios/public_params.py,
liability and incentives in scenarios/liability_params.py, costs and harm in scenarios/cost_params.py;
they are re-exported here. Every field (pydantic, `extra="forbid"` so unknown keys are errors) carries
`unit` and `source` in its `json_schema_extra`; the source is either evidence, starting with a key of
docs/sources.md in square brackets (e.g. "[cbs_ovec_2024] ..."), or "assumption: ..." saying why the value
was chosen, how weak the evidence is and a plausible range. Must not import sim/, agents/ or dashboard/.
"""

from __future__ import annotations

from typing import Any

from fraudchain.scenarios.actor_params import (
    BankParams,
    FraudsterParams,
    FraudTypeParams,
    InsurerParams,
    MuleParams,
    PlatformParams,
    PopulationParams,
    RunParams,
    TelecomParams,
)
from fraudchain.scenarios.cost_params import ASSUMPTION_RANGES, CostParams, HarmParams
from fraudchain.scenarios.fields import MAX_EUR, Multiplier, P, Section, Share
from fraudchain.scenarios.fraud_type_defaults import DEFAULT_FRAUD_TYPES
from fraudchain.scenarios.fraud_types import FRAUD_TYPES
from fraudchain.scenarios.liability_params import (
    RULE_DRAWN_FIELDS,
    Duty,
    IncentiveParams,
    LiabilityParams,
    LiabilityRule,
)
from fraudchain.scenarios.limits import (
    MAX_BANDS,
    MAX_ENTRIES,
    MAX_NAME,
    MAX_REFORMS,
    MAX_SET_KEYS,
    unknown_types_message,
)
from fraudchain.scenarios.packs import DEFAULT_COUNTRY, country_codes
from fraudchain.scenarios.public_params import (
    MEASURE_PATTERN,
    AwarenessParams,
    EenLoketParams,
    HubParams,
    PoliceParams,
    PublicBudgetParams,
    ReportingParams,
)
from fraudchain.scenarios.strict import deferred, tables_as_keys
from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

__all__ = ["ASSUMPTION_RANGES", "AwarenessParams", "BankParams", "CostParams", "Duty", "EenLoketParams", "FraudTypeParams", "FraudsterParams", "HarmParams", "HubParams", "IncentiveParams", "InsurerParams", "LiabilityParams", "LiabilityRule", "MAX_BANDS", "MAX_ENTRIES", "MAX_EUR", "MAX_NAME", "MAX_REFORMS", "MAX_SET_KEYS", "MEASURE_PATTERN", "MuleParams", "Multiplier", "P", "PlatformParams", "PoliceParams", "PopulationParams", "PublicBudgetParams", "RULE_DRAWN_FIELDS", "ReportingParams", "RunParams", "Section", "Share", "TelecomParams"]   # the sections live in their own modules


# Keys a reform may not set: they shape what is built once, when the run starts (an exact key, where "*" matches
# any one part, or a prefix ending in "."). Everything else takes effect from the reform's day exactly as if the scenario
# had started with the new value.
FIXED_AT_START: dict[str, str] = {
    "run.": "the run's length and calendar are fixed when it starts",
    "population.": "the population (its size and composition) is drawn once when the run starts",
    "fraudsters.groups": "the number of groups is set when the run starts; afterwards it moves by entry and exit",
    "fraudsters.capacity_spread": "the groups' sizes are drawn when the run starts",
    "fraud_types.*.contact_rate": "contact rates set the fraudster groups' capacity when the run starts; "
                                  "afterwards their effort moves by adaptation",
    "mules.credits_per_account_day": "it sets how many mule accounts each group runs, fixed when the run starts",
    "mules.own_credits_per_account_day": "it sets how many owned or rented accounts each group runs, fixed when the "
                                         "run starts",
    "fraud_types.*.recruited_mule_share": "it sets how many accounts of each kind the groups run, fixed when the run "
                                          "starts",
    "mules.accounts_per_mule": "it converts accounts into persons for the whole run",
    "fraudsters.frozen_share_prior": "it is what groups expect when the run starts; afterwards they learn the "
                                     "frozen share from their cash-outs",
    "extensions": "extensions are imported before the scenario is validated",
    "country": "a country's population and firms are built when the run starts",
    "reforms": "a reform cannot schedule reforms",
    "actors": "actors join when the run starts; a reform sets actors.NAME.KEY of an actor the scenario has",
    "name": "labels are not parameters", "description": "labels are not parameters", "extends": "labels are not "
    "parameters",
}
# ...except these, which the model reads every day (behaviour, not composition)
REFORMABLE_EXCEPTIONS = ("population.repeat_victim_multiplier",)


def reform_refusal(key: str) -> str | None:
    """Why `key` cannot be set by a reform, or None if it can."""
    if key in REFORMABLE_EXCEPTIONS:
        return None
    parts = key.split(".")
    for fixed, why in FIXED_AT_START.items():
        if fixed.endswith("."):
            if key.startswith(fixed):
                return why
            continue
        pattern = fixed.split(".")
        if len(parts) == len(pattern) and all(p in ("*", q) for p, q in zip(pattern, parts, strict=True)):
            return why
    return None


class Reform(Section):
    """A change that takes effect on a day (e.g. a new regime at the start of year 3).

    A package of measures names its parts so `fraudchain contributions` can credit each one: `measure`
    names the whole entry, or `measures` groups the keys of `set` under names (a key not grouped
    belongs to `measure`). Names are lower-case identifiers, e.g. "hub" or "een_loket".
    """

    day: int = Field(ge=0, le=20 * 365, description="simulation day (0 = first day) from which the change applies "
                     "(before the end of the run: run.years x 365)")
    label: str = Field("", max_length=MAX_NAME)
    set: dict[str, Any] = Field(description="dotted keys and their new values (a table of the schema, e.g. "
                                "`run = { years = 1 }`, counts as its dotted keys)", max_length=MAX_SET_KEYS)
    measure: str | None = Field(None, pattern=MEASURE_PATTERN,
                                description="the measure this entry (or its ungrouped keys) belongs to")
    measures: dict[str, list[str]] = Field(default_factory=dict,
                                           description="measure name -> keys of `set` it consists of")

    @model_validator(mode="before")
    @classmethod
    def _tables_as_keys(cls, data: Any) -> Any:
        return tables_as_keys(data)      # set = { hub = { enabled = true } } is set = { "hub.enabled" = true }

    @model_validator(mode="after")
    def _measure_groups(self) -> Reform:
        import re

        problems = []
        seen: dict[str, str] = {}
        for name, keys in self.measures.items():
            if not re.match(MEASURE_PATTERN, name):
                problems.append(f"measure name '{name}': use a lower-case identifier (a-z, 0-9, _), "
                                "e.g. 'een_loket'")
            if not keys:
                problems.append(f"measures.{name}: names no keys")
            for k in keys:
                if k not in self.set:
                    problems.append(f"measures.{name}: '{k}' is not a key of this reform's `set` "
                                    f"(keys: {', '.join(self.set)})")
                elif k in seen:
                    problems.append(f"measures.{name}: '{k}' already belongs to measure '{seen[k]}'")
                else:
                    seen[k] = name
        loose = [k for k in self.set if k not in seen]
        if self.measures and loose and self.measure is None:
            problems.append(f"keys {', '.join(loose)} belong to no measure: add them to `measures` or give the "
                            "entry a `measure`")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def measure_of(self) -> dict[str, str | None]:
        """Each key of `set` -> the measure it belongs to (None: the entry names no measure)."""
        out: dict[str, str | None] = {k: self.measure for k in self.set}
        for name, keys in self.measures.items():
            for k in keys:
                out[k] = name
        return out

    @field_validator("set")
    @classmethod
    def _reformable(cls, v: dict[str, Any]) -> dict[str, Any]:
        problems = [f"'{k}' cannot change mid-run: {why}" for k in v if (why := reform_refusal(k))]
        if problems:
            raise ValueError("; ".join(problems) + " (set it in the scenario itself)")
        return v


class Scenario(Section):
    """A complete, validated scenario."""

    name: str = Field("unnamed", min_length=1, max_length=MAX_NAME)
    description: str = Field("", max_length=20_000)
    extends: str | None = Field(None, max_length=4096)
    country: str = Field(DEFAULT_COUNTRY, max_length=MAX_NAME, description="the country pack whose data lie under "
                         "this scenario (scenarios/countries/<code>/pack.toml); default the Netherlands")
    run: RunParams = Field(default_factory=RunParams)
    population: PopulationParams = Field(default_factory=PopulationParams)
    fraud_types: dict[str, FraudTypeParams] = Field(
        default_factory=lambda: {k: FraudTypeParams(**v) for k, v in DEFAULT_FRAUD_TYPES.items()})
    banks: BankParams = Field(default_factory=BankParams)
    platforms: PlatformParams = Field(default_factory=PlatformParams)
    telecoms: TelecomParams = Field(default_factory=TelecomParams)
    insurers: InsurerParams = Field(default_factory=InsurerParams)
    fraudsters: FraudsterParams = Field(default_factory=FraudsterParams)
    mules: MuleParams = Field(default_factory=MuleParams)
    reporting: ReportingParams = Field(default_factory=ReportingParams)
    een_loket: EenLoketParams = Field(default_factory=EenLoketParams)
    police: PoliceParams = Field(default_factory=PoliceParams)
    hub: HubParams = Field(default_factory=HubParams)
    awareness: AwarenessParams = Field(default_factory=AwarenessParams)
    liability: LiabilityParams = Field(default_factory=LiabilityParams)
    incentives: IncentiveParams = Field(default_factory=IncentiveParams)
    costs: CostParams = Field(default_factory=CostParams)
    harm: HarmParams = Field(default_factory=HarmParams)
    budget: PublicBudgetParams = Field(default_factory=PublicBudgetParams)
    reforms: list[Reform] = Field(default_factory=list, max_length=MAX_REFORMS)
    extensions: list[str] = P([], "python modules", "modules imported before validation to register extensions "
                              "(fraud types, regimes, actors, KPIs); see docs/extending.md", max_length=MAX_ENTRIES)
    actors: dict[str, dict[str, Any]] = P({}, "actor name -> its parameters",
                                          "extension actors registered with fraudchain.scenarios.registry.register_actor",
                                          max_length=MAX_ENTRIES)

    @model_validator(mode="before")
    @classmethod
    def _fraud_type_defaults(cls, data: Any) -> Any:
        """A file names only what it changes: each type's numbers merge over the built-in defaults."""
        if isinstance(data, dict) and isinstance(data.get("fraud_types"), dict):
            merged: dict[str, Any] = {}
            for k, v in data["fraud_types"].items():
                base = dict(DEFAULT_FRAUD_TYPES.get(k, {}))
                if isinstance(v, FraudTypeParams):
                    v = v.model_dump()
                merged[k] = {**base, **v} if isinstance(v, dict) else v
            for k, base in DEFAULT_FRAUD_TYPES.items():
                merged.setdefault(k, dict(base))
            data = {**data, "fraud_types": merged}
        return data

    @model_validator(mode="after")
    def _age_profile_bands(self) -> Scenario:
        bands = set(self.population.age_band_shares)
        for name, ft in self.fraud_types.items():
            bad = sorted(set(ft.age_profile) - bands)
            if bad:
                raise ValueError(f"fraud_types.{name}.age_profile: unknown age band(s) {', '.join(bad)}; "
                                 f"allowed: {', '.join(sorted(bands))} (population.age_band_shares)")
        return self

    @model_validator(mode="after")
    def _names_exist(self) -> Scenario:
        """Tables keyed by fraud type or bank name only name ones the scenario has."""
        problems = []
        bad_types = sorted(set(self.fraudsters.skill_nests) - set(self.fraud_types))
        if bad_types:
            problems.append(f"fraudsters.skill_nests: unknown fraud type(s) {', '.join(bad_types)}; "
                            f"allowed: {', '.join(sorted(self.fraud_types))}")
        banks = set(self.population.bank_shares)
        for key in ("receiving_effort_by_bank", "daily_limit_by_bank", "limit_raise_wait_by_bank"):
            bad = sorted(set(getattr(self.banks, key)) - banks)
            if bad:
                problems.append(f"banks.{key}: unknown bank(s) {', '.join(bad)}; "
                                f"allowed: {', '.join(sorted(banks))} (population.bank_shares)")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @model_validator(mode="after")
    def _reforms_change_what_exists(self) -> Scenario:
        """A reform changes parameters of actors and fraud types the run starts with; it cannot add new ones."""
        problems = []
        for r in self.reforms:
            for key in r.set:
                head, _, rest = key.partition(".")
                name = rest.split(".", 1)[0]
                if head == "actors" and name not in self.actors:
                    problems.append(f"'{key}': actor '{name}' is not in the scenario; actors join when the run "
                                    "starts (add an [actors.NAME] table)")
                elif head in ("actors", "fraud_types") and not rest:
                    problems.append(f"'{key}': set the keys of one {head[:-1].replace('_', ' ')} instead")
                elif head == "fraud_types" and name not in self.fraud_types:
                    problems.append(f"'{key}': fraud type '{name}' is not in the scenario; fraud types are fixed "
                                    "when the run starts")
        if problems:
            raise ValueError("reforms: " + "; ".join(problems))
        return self

    @field_validator("country")
    @classmethod
    def _known_country(cls, v: str) -> str:
        if v not in country_codes():
            raise ValueError(f"unknown country {v!r}; allowed: {', '.join(country_codes())} (scenarios/countries/)")
        return v

    @field_validator("fraud_types")
    @classmethod
    def _fraud_type_keys(cls, v: dict[str, FraudTypeParams], info: ValidationInfo) -> dict[str, FraudTypeParams]:
        unknown = [k for k in v if k not in FRAUD_TYPES]
        if unknown and not deferred(info):
            raise ValueError(unknown_types_message(unknown))
        return v

    def with_overrides(self, overrides: dict[str, Any]) -> Scenario:
        """A new scenario with dotted-key overrides applied and validated."""
        from fraudchain.scenarios.loader import apply_overrides

        return apply_overrides(self, overrides)

    def with_extensions(self, *extensions: Any) -> Scenario:
        """A new scenario that asks for these extensions (fraudchain.sim.Extension objects or their names): their
        stages run and their KPIs are measured in its models, in no other scenario's."""
        names = [e if isinstance(e, str) else e.name for e in extensions]
        return self.model_copy(update={"extensions": [*self.extensions, *(n for n in names if n not in self.extensions)]})

    def flat(self) -> dict[str, Any]:
        """The scenario as {dotted.key: value} (for diffs and sweeps)."""
        out: dict[str, Any] = {}

        def walk(prefix: str, obj: Any) -> None:
            if isinstance(obj, dict) and obj and all(isinstance(k, str) for k in obj) and \
                    not prefix.endswith(("_shares", "_by_age", ".set")):
                for k, v in obj.items():
                    walk(f"{prefix}.{k}" if prefix else k, v)
            else:
                out[prefix] = obj

        walk("", self.model_dump(exclude={"name", "description", "extends"}))
        return out


def parameter_table() -> list[dict[str, Any]]:
    """Every parameter with default, unit and source (for docs and the dashboard)."""
    rows: list[dict[str, Any]] = []

    def walk(prefix: str, model: type[BaseModel]) -> None:
        for name, f in model.model_fields.items():
            ann = f.annotation
            if isinstance(ann, type) and issubclass(ann, Section):
                walk(f"{prefix}{name}.", ann)
                continue
            extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
            if "unit" not in extra:
                continue
            key = f"{prefix}{name}"
            rows.append({"key": key, "default": f.default, "unit": extra["unit"],
                         "source": extra["source"], "description": f.description or "",
                         "range": extra.get("range", ASSUMPTION_RANGES.get(key))})

    walk("", Scenario)
    # entries of a table with their own range (e.g. harm.type_multiplier.romance): a row each, with the table's source
    keys = {r["key"]: r for r in rows}
    defaults = Scenario().flat()
    for key, rng in ASSUMPTION_RANGES.items():
        table = key.rsplit(".", 1)[0]
        if key not in keys and table in keys:
            rows.append({**keys[table], "key": key, "default": defaults[key], "range": rng})
    for t, vals in DEFAULT_FRAUD_TYPES.items():
        for name, f in FraudTypeParams.model_fields.items():
            extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
            key = f"fraud_types.{t}.{name}"
            rows.append({"key": key, "default": vals.get(name, f.default),
                         "unit": extra.get("unit", ""), "source": extra.get("source", ""), "description": "",
                         "range": ASSUMPTION_RANGES.get(key)})
    return rows
