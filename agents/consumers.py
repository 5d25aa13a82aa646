"""Consumers (15+): a vectorised population, one numpy array per attribute, index = person id.

Owns the attributes and the per-person susceptibility of a contacted person. Slowly-changing
state is kept lazily: awareness is computed from the day of the last campaign exposure when a
person is contacted, never updated for everyone each day. Balances fall (`pay`), victimisation
is recorded (`record_victimisation`) and mules are recruited (`recruit_mules`) by its own methods,
called by the stages; it never sees banks, cases or reports.
"""

from __future__ import annotations

import numpy as np
from fraudchain.agents.population import VictimPopulation
from fraudchain.agents.streams import RandomStreams
from fraudchain.scenarios.schema import AwarenessParams, PopulationParams

NEVER = -1e9  # day of an exposure that never happened


class ConsumerPopulation(VictimPopulation):
    """The consumers of the model (a sample of `n` standing for the national 15+ population)."""

    kind = "consumer"

    def __init__(self, n: int, p: PopulationParams, bank_shares: list[float], telecom_shares: list[float],
                 insured_share: float, streams: RandomStreams):
        rng = streams["consumers"]
        self.n = n
        self.params = p           # fixed for the run (population keys cannot change by a reform)
        self.age_bands = list(p.age_band_shares)
        # age_band[i]: index into age_bands of person i
        self.age_band = rng.choice(len(self.age_bands), size=n, p=list(p.age_band_shares.values())).astype(np.int8)
        skill_mean = np.array([p.digital_skill_by_age[b] for b in self.age_bands])[self.age_band]
        conc = p.skill_concentration
        self.digital_skill = rng.beta(skill_mean * conc, (1 - skill_mean) * conc).astype(np.float32)
        # vulnerability is more likely for older and low-skill persons; scaled to the target share
        odds = (1.0 + p.vulnerability_age_weight * (self.age_band == len(self.age_bands) - 1)) * \
            (p.vulnerability_skill_offset - self.digital_skill)
        pv = np.clip(odds / odds.mean() * p.vulnerable_share, 0, 1)
        self.vulnerable = rng.random(n) < pv
        # savings by age (older persons hold more); the share-weighted mean of the bands' log medians is kept at
        # savings_median_eur (the median of the whole mixture comes out about 5 % higher)
        log_age = np.log([p.savings_by_age[b] for b in self.age_bands])
        log_age -= float(np.dot(list(p.age_band_shares.values()), log_age))
        median = p.savings_median_eur * np.exp(log_age)[self.age_band]
        self.savings = (median * np.exp(p.savings_sigma * rng.standard_normal(n))).astype(np.float32)
        self.initial_savings = self.savings.copy()   # who has money to invest (aim_by_wealth)
        self._wealth_cum: dict[float, np.ndarray] = {}
        self.bank = rng.choice(len(bank_shares), size=n, p=bank_shares).astype(np.int8)
        self.telecom = rng.choice(len(telecom_shares), size=n, p=telecom_shares).astype(np.int8)
        cm = p.caution_mean
        base = rng.beta(cm * p.caution_concentration, (1 - cm) * p.caution_concentration, size=n)
        sw = p.caution_skill_weight
        self.caution = np.clip((1 - sw) * base + sw * self.digital_skill, 0.0, 1.0).astype(np.float32)
        self.uses = {
            "uses_marketplace": rng.random(n) < p.uses_marketplace,
            "uses_social": rng.random(n) < p.uses_social,
            "uses_messaging": rng.random(n) < p.uses_messaging,
            "uses_dating": rng.random(n) < p.uses_dating,
        }
        self.cover(streams, "consumer_cover", insured_share)
        self.awareness_day = np.full(n, NEVER, dtype=np.float32)  # last campaign exposure
        self.victimisations = np.zeros(n, dtype=np.int16)
        self.last_victim_day = np.full(n, NEVER, dtype=np.float32)
        self.attempt_year = np.full(n, -1, dtype=np.int16)   # simulated year of the last call or message (-1: none)
        # how much each person buys online (mean 1): offers met while buying reach a person in proportion to it
        # (population.online_buying_shape; 0: everyone alike, and offers reach persons at random)
        k = p.online_buying_shape
        self.buying = streams["online_buying"].gamma(k, 1.0 / k, n).astype(np.float32) if k > 0 else None
        self.buying_cum = np.cumsum(self.buying, dtype=np.float64) if k > 0 else None
        self.young = np.flatnonzero(self.age_band == 0)   # ids of persons 15-24 (mule recruitment pool)
        self.skill_mean = float(self.digital_skill.mean())
        self.caution_mean = float(self.caution.mean())

    def note_attempts(self, idx: np.ndarray, day: int) -> int:
        """Scam calls or messages reached persons `idx` on `day` (an id may repeat): how many of them had none
        before in this simulated year (a year is 365 days from day 0), as a survey asks whether one received any."""
        year = day // 365
        fresh = idx[self.attempt_year[idx] != year]
        if fresh.size == 0:
            return 0
        fresh = np.unique(fresh)
        self.attempt_year[fresh] = year
        return int(fresh.size)

    def aim_by_wealth(self, rng: np.random.Generator, target: np.ndarray, exponent: np.ndarray) -> np.ndarray:
        """Contacts whose fraud type looks for money (`exponent` > 0, fraud_types.*.wealth_targeting) reach a
        person with a chance in proportion to savings ** exponent (the savings held at the start: who has money
        to invest is a trait, and a victim who lost it is still on the lists); the others keep `target`."""
        positive = exponent > 0
        if not positive.any():
            return target
        out = target.copy()
        for e in np.unique(exponent[positive]):
            m = exponent == e
            cum = self._wealth_cum.get(float(e))
            if cum is None:
                cum = self._wealth_cum[float(e)] = np.cumsum(self.initial_savings.astype(np.float64) ** float(e))
            out[m] = np.minimum(np.searchsorted(cum, rng.random(int(m.sum())) * cum[-1], side="right"), self.n - 1)
        return out

    def buying_weight(self, idx: np.ndarray) -> np.ndarray | float:
        """How much more often than at random an offer met while buying reaches persons `idx` (mean 1 over
        everyone; 1 when everyone buys alike): the weight `aim_by_buying` aims with."""
        if self.buying is None:
            return 1.0
        return self.buying[idx] / (self.buying_cum[-1] / self.n)

    def aim_by_buying(self, rng: np.random.Generator, target: np.ndarray, met_while_buying: np.ndarray
                      ) -> np.ndarray:
        """Contacts of a type met while buying online (`met_while_buying`, per contact: its type's flag) reach a
        person with a chance in proportion to the person's buying intensity (`population.online_buying_shape`:
        people who buy a lot meet more fake offers and shops, so some fall more than once a year); the others keep
        `target`."""
        if self.buying_cum is None or not met_while_buying.any():
            return target
        out = target.copy()
        cum = self.buying_cum
        out[met_while_buying] = np.minimum(
            np.searchsorted(cum, rng.random(int(met_while_buying.sum())) * cum[-1], side="right"), self.n - 1)
        return out

    def awareness_effect(self, idx: np.ndarray, day: int, a: AwarenessParams) -> np.ndarray:
        """Relative cut in susceptibility from the last campaign exposure, decaying with a half-life."""
        age = day - self.awareness_day[idx]
        return a.effect * np.exp(-np.log(2) * np.maximum(age, 0) / a.half_life_days)

    def caution_shift(self, idx: np.ndarray, shift: np.ndarray, floor: np.ndarray) -> np.ndarray:
        """The relative fall in caution of persons `idx` who expect reimbursement (moral hazard: `shift`), but not
        below the gross-negligence standard `floor` where the rule in force has the test: a person stays at least
        as cautious as the standard, or as it was if it was below it."""
        base = self.caution[idx]
        caution = np.maximum(base * (1.0 - shift), np.minimum(base, floor))
        return 1.0 - caution / np.maximum(base, 1e-9)

    def susceptibility(self, idx: np.ndarray, day: int, age_profile: np.ndarray, a: AwarenessParams,
                       caution_shift: float | np.ndarray, repeat_multiplier: float) -> np.ndarray:
        """Multiplier on a fraud type's base susceptibility for persons `idx` (mean ~1 over the population).

        age_profile: (len(idx), bands) susceptibility factor of each contact's fraud type by age band.
        caution_shift: relative fall in caution from expected reimbursement (moral hazard, `caution_shift`), >= 0.
        """
        skill = np.exp(self.params.skill_effect * (self.skill_mean - self.digital_skill[idx]))
        caution = self.caution[idx] * (1.0 - caution_shift)
        caution_f = (1.0 - caution) / (1.0 - self.caution_mean)
        vuln = np.where(self.vulnerable[idx], self.params.vulnerable_multiplier, 1.0)
        repeat = np.where(self.recent_victim(idx, day), repeat_multiplier, 1.0)
        aware = 1.0 - self.awareness_effect(idx, day, a)
        age = age_profile[np.arange(idx.size), self.age_band[idx]]   # each contact's type x age-band factor
        return age * skill * caution_f * vuln * repeat * aware

    def recruit_mules(self, k: int, young_share: float, rng: np.random.Generator) -> np.ndarray:
        """Pick k persons as mule account holders: mostly young people (recruited on social media)."""
        young = rng.random(k) < young_share
        idx = rng.integers(0, self.n, size=k)
        if self.young.size and young.any():
            idx[young] = self.young[rng.integers(0, self.young.size, size=int(young.sum()))]
        return idx

    def expose_to_campaign(self, day: int, reach_today: float, target: str, rng: np.random.Generator) -> int:
        """A campaign reaches a random share of the (targeted) population today; returns persons reached."""
        k = rng.binomial(self.n, min(reach_today, 1.0))
        if k == 0:
            return 0
        idx = rng.integers(0, self.n, size=k)
        if target == "older":
            idx = idx[self.age_band[idx] >= len(self.age_bands) - 2]
        elif target == "young":
            idx = idx[self.age_band[idx] == 0]
        self.awareness_day[idx] = day
        return int(idx.size)
