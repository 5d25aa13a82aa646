"""Who hosts an instrument: a platform, a telecom operator, or (for a site) a registrar or host.

`by_host` picks, per instrument, the value of the organisation hosting it: the platform's or operator's own
(their cached behaviour, agents/firm.py OriginFirms) or one value for sites. The takedowns, reports and hub
stages share it. A pure function: no state, no draws.
"""

from __future__ import annotations

import numpy as np
from fraudchain.scenarios.codes import ORIGIN_PLATFORM, ORIGIN_TELECOM


def by_host(sector: np.ndarray, org: np.ndarray, platform_values: np.ndarray, telecom_values: np.ndarray,
            default: float | bool) -> np.ndarray:
    """A per-host value for instruments: the platform's or operator's own, `default` for sites."""
    out = np.full(sector.size, default, dtype=np.result_type(platform_values, telecom_values, default))
    pl, tc = sector == ORIGIN_PLATFORM, sector == ORIGIN_TELECOM
    out[pl] = platform_values[org[pl]]
    out[tc] = telecom_values[org[tc]]
    return out
