"""The built-in fraud types' numbers (defaults of `fraud_types.KEY.*`), read from the Dutch pack.

They are data of the Netherlands, so they live in scenarios/countries/nl/pack.toml (`[params.fraud_types.*]`),
each with its source on its line; units and field sources are on the fields of `FraudTypeParams` in
scenarios/actor_params.py and `TypeBehaviour` in scenarios/behaviour_params.py. Another country's pack sets its own
values over these (scenarios/packs.py). Calibration (`fraudchain calibrate`) writes fitted values into
scenarios/builtin/nl_baseline.toml, not into the pack.
"""

from __future__ import annotations

import copy
from typing import Any

from fraudchain.scenarios.packs import DEFAULT_COUNTRY, pack

DEFAULT_FRAUD_TYPES: dict[str, dict[str, Any]] = copy.deepcopy(pack(DEFAULT_COUNTRY).params["fraud_types"])
