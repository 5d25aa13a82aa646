"""The scenario builder's levers: which parameters a policymaker changes, grouped the way they
think about the measures (liability, the hub, Eén Loket, awareness, system measures,
participation), each with a one-line explanation in Dutch and English.

Owns the choice and wording of the levers; the widget kind, bounds, unit and source come from
the scenario schema (fraudchain.scenarios.schema: the model fields and parameter_table()), so they never
disagree with the validator. Pure data and lookups: no streamlit.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

import annotated_types
from fraudchain.scenarios.regimes import regime_names
from fraudchain.scenarios.schema import Scenario, Section, parameter_table


@dataclass(frozen=True)
class Lever:
    key: str
    nl: tuple[str, str]   # label, one-line explanation
    en: tuple[str, str]

    def label(self, lang: str) -> str:
        return (self.nl if lang == "nl" else self.en)[0]

    def explanation(self, lang: str) -> str:
        return (self.nl if lang == "nl" else self.en)[1]


GROUPS: dict[str, dict[str, tuple[str, str]]] = {
    "liability": {"nl": ("Aansprakelijkheid: wie betaalt de schade?",
                         "Welke regels bepalen wie een slachtoffer vergoedt, en onder welke voorwaarden."),
                  "en": ("Liability: who pays for the loss?",
                         "Which rules decide who reimburses a victim, and on what conditions.")},
    "hub": {"nl": ("Fraudehub en gegevensdeling", "Eén publiek-private hub met regie, die signalen deelt "
                   "(geldezelrekeningen, nummers, sites)."),
            "en": ("Fraud hub and data sharing", "One public-private hub with a coordinator, sharing signals "
                   "(mule accounts, numbers, sites).")},
    "loket": {"nl": ("Eén Loket en slachtofferzorg", "Eén centraal meldpunt dat elke melding doorzet naar alle "
                     "partijen die moeten handelen."),
              "en": ("One desk (Eén Loket) and victim care", "One central desk that routes every report to all "
                     "parties that must act.")},
    "awareness": {"nl": ("Voorlichting", "Publiekscampagnes en één herkenbare overheidssite."),
                  "en": ("Awareness", "Public campaigns and one recognisable government site.")},
    "system": {"nl": ("Systeemmaatregelen", "Maatregelen in het betaalsysteem, het telefoonnetwerk en op "
                      "platforms, en minimale inzet die de wet kan eisen."),
               "en": ("System measures", "Measures in the payment system, the phone network and on platforms, "
                      "and minimum effort the law can require.")},
    "participation": {"nl": ("Brede deelname", "Platforms, telecom, verzekeraars en brancheorganisaties aan tafel."),
                      "en": ("Broad participation", "Platforms, telecoms, insurers and sector bodies at the table.")},
}

LEVERS: dict[str, list[Lever]] = {
    "liability": [
        Lever("liability.regime", ("Aansprakelijkheidsregime", "Het stelsel van vergoedingsregels (Nederland nu, "
                                   "VK, Singapore, Australië, EU, ketenaansprakelijkheid, ...)."),
              ("Liability regime", "The set of reimbursement rules (NL today, UK, Singapore, Australia, EU, chain "
               "liability, ...).")),
        Lever("liability.gross_negligence_standard", ("Grens grove nalatigheid", "Onder deze voorzichtigheid geldt "
              "een slachtoffer als grof nalatig en krijgt het niets (nooit bij kwetsbare slachtoffers)."),
              ("Gross-negligence standard", "Below this caution a victim counts as grossly negligent and gets "
               "nothing (never for vulnerable victims).")),
        Lever("liability.moral_hazard", ("Minder opletten bij vergoeding", "Hoeveel voorzichtigheid daalt als "
              "mensen volledige vergoeding verwachten."),
              ("Less care when reimbursed", "How much caution falls when people expect full reimbursement.")),
    ],
    "hub": [
        Lever("hub.enabled", ("Fraudehub", "Is er een hub waarin leden fraudesignalen delen?"),
              ("Fraud hub", "Is there a hub in which members share fraud signals?")),
        Lever("hub.data_sharing_scope", ("Wat mag gedeeld worden", "Deel van de fraudesignalen dat leden wettelijk "
              "mogen delen (AVG)."), ("What may be shared", "Share of fraud signals members may lawfully share "
                                      "(GDPR).")),
        Lever("hub.coordination_quality", ("Kwaliteit van de regie", "Hoe goed de hub wordt aangestuurd; maakt "
              "signalen bruikbaarder."), ("Quality of coordination", "How well the hub is run; makes signals more "
                                          "useful.")),
        Lever("hub.fragmentation", ("Versnippering", "Deel van de signalen dat verloren gaat in losse, parallelle "
              "initiatieven."), ("Fragmentation", "Share of signals lost to separate, parallel initiatives.")),
        Lever("hub.signal_delay_days", ("Snelheid van delen", "Dagen van ontdekking tot een gedeeld signaal."),
              ("Speed of sharing", "Days from detection to a shared signal.")),
        Lever("hub.funding_eur_per_year", ("Structurele financiering", "Jaarlijks budget voor de hub "
              "(EUR 800.000 voor 2026 is een begin)."), ("Structural funding", "Yearly budget for the hub "
                                                          "(EUR 800,000 for 2026 is a start).")),
        Lever("hub.subsidy_share", ("Bijdrage overheid", "Deel van de lidmaatschapskosten dat de overheid betaalt."),
              ("Government contribution", "Share of membership cost paid by the state.")),
        Lever("hub.mandate", ("Verplichte deelname", "Moeten organisaties wettelijk meedoen?"),
              ("Mandatory membership", "Are organisations required by law to join?")),
    ],
    "loket": [
        Lever("een_loket.enabled", ("Eén Loket", "Eén neutraal digitaal meldpunt voor burgers en bedrijven."),
              ("Single desk (Eén Loket)", "One neutral digital desk for citizens and firms.")),
        Lever("een_loket.reporting_uplift", ("Meer meldingen", "Deel van de slachtoffers die nu niet melden, die "
              "het wel doen als er één loket is."), ("More reports", "Share of victims who do not report today "
                                                      "who would with a single desk.")),
        Lever("een_loket.routing_hours", ("Doorzetten van een melding", "Uren tot een melding bij bank, platform, "
              "politie en hub is."), ("Routing a report", "Hours until a report reaches bank, platform, police and "
                                      "hub.")),
        Lever("een_loket.support_referral", ("Doorverwijzing naar hulp", "Deel van de melders met hulpbehoefte "
              "dat naar slachtofferhulp wordt verwezen."), ("Referral to support", "Share of reporters in need "
                                                            "referred to victim support.")),
    ],
    "awareness": [
        Lever("awareness.campaign_reach", ("Bereik campagne", "Deel van de bevolking dat een campagne per jaar "
              "bereikt."), ("Campaign reach", "Share of the population a campaign reaches per year.")),
        Lever("awareness.effect", ("Effect campagne", "Hoeveel minder vatbaar iemand direct na de campagne is "
              "(onderzoek vond geen meetbaar effect)."), ("Campaign effect", "How much less susceptible a person "
                                                          "is right after the campaign (studies found no "
                                                          "measurable effect).")),
        Lever("awareness.target", ("Doelgroep", "Wie de campagne vooral bereikt."),
              ("Target group", "Whom the campaign mainly reaches.")),
        Lever("awareness.sme_reach", ("Waarschuwingen aan mkb", "Deel van de mkb-bedrijven dat brancheorganisaties "
              "per jaar waarschuwen."), ("Warnings to SMEs", "Share of SMEs that sector bodies warn per year.")),
        Lever("awareness.public_info_portal", ("Eén overheidssite", "Eén herkenbare site (Veiliginternetten.nl)."),
              ("One government site", "One recognisable site (Veiliginternetten.nl).")),
    ],
    "system": [
        Lever("banks.name_check", ("IBAN-naamcheck", "Controle of de naam bij het rekeningnummer hoort, vóór elke "
              "overboeking."), ("Payee-name check", "Checks that the name matches the account before every "
                                "transfer.")),
        Lever("banks.risky_payment_delay_hours", ("Vertraging risicovolle betaling", "Uren dat een eerste "
              "risicovolle betaling wordt vastgehouden, zodat het slachtoffer kan nadenken."),
              ("Delay on risky payments", "Hours a risky first payment is held so the victim can reflect.")),
        Lever("banks.daily_limit_eur", ("Limiet per betaling", "Maximaal bedrag per betaling in EUR."),
              ("Limit per payment", "Largest amount per payment in EUR.")),
        Lever("banks.freeze_on_report", ("Bevriezen na melding", "Kans dat een gemelde geldezelrekening direct "
              "wordt bevroren."), ("Freeze on report", "Probability a reported mule account is frozen at once.")),
        Lever("banks.sending_effort_floor", ("Minimale inzet banken (betaalkant)", "Wettelijk minimum aan "
              "monitoring en waarschuwingen."), ("Minimum bank effort (paying side)", "Legal minimum of monitoring "
                                                 "and warnings.")),
        Lever("banks.receiving_effort_floor", ("Minimale inzet banken (geldezels)", "Wettelijk minimum aan "
              "opsporing van geldezelrekeningen."), ("Minimum bank effort (mule accounts)", "Legal minimum of "
                                                     "mule-account detection.")),
        Lever("telecoms.anti_spoofing", ("Tegen nagebootste banknummers", "Deel van de gespoofte bel-pogingen "
              "dat het netwerk tegenhoudt."), ("Anti-spoofing", "Share of spoofed bank-number calls the network "
                                               "stops.")),
        Lever("telecoms.sms_filter", ("Sms-filter", "Deel van de phishing-sms'jes dat afzender-registratie "
              "tegenhoudt."), ("SMS filter", "Share of phishing SMS that sender-ID registration stops.")),
        Lever("telecoms.effort_floor", ("Minimale inzet telecom", "Wettelijk minimum aan fraudefilters."),
              ("Minimum telecom effort", "Legal minimum of scam filtering.")),
        Lever("platforms.verification", ("Verificatie verkopers en adverteerders", "Deel van de frauduleuze "
              "verkopers en adverteerders dat verplichte verificatie tegenhoudt."),
              ("Seller and advertiser verification", "Share of fraudulent sellers and advertisers that mandatory "
               "verification stops.")),
        Lever("platforms.takedown_hours_median", ("Snelheid offline halen", "Uren van melding tot een "
              "frauduleuze advertentie of account offline is."), ("Takedown speed", "Hours from notice to a "
                                                                    "fraudulent ad or account being removed.")),
        Lever("platforms.effort_floor", ("Minimale inzet platforms", "Wettelijk minimum aan screening."),
              ("Minimum platform effort", "Legal minimum of screening.")),
    ],
    "participation": [
        Lever("hub.initial_members", ("Wie zit in de hub", "Sectoren die vanaf het begin meedoen."),
              ("Who is in the hub", "Sectors that take part from the start.")),
        Lever("hub.participation_barrier_eur", ("Drempel om mee te doen", "Ervaren jaarlijkse kosten van deelname "
              "voor platforms, telecom en verzekeraars (juridisch en organisatorisch)."),
              ("Barrier to joining", "Perceived yearly cost of joining for platforms, telecoms and insurers "
               "(legal and organisational).")),
        Lever("insurers.prevention_demand", ("Verzekeraars eisen preventie", "Hoeveel minder vatbaar verzekerde "
              "mkb-bedrijven zijn door eisen van verzekeraars."), ("Insurers require prevention", "How much less "
                                                                  "susceptible insured SMEs are because insurers "
                                                                  "require measures.")),
        Lever("platforms.notice_acted_share", ("Platforms handelen na melding", "Deel van de meldingen dat tot "
              "verwijdering leidt."), ("Platforms act on notices", "Share of notices that lead to removal.")),
    ],
}


@dataclass(frozen=True)
class Widget:
    """How a lever is edited: kind ('toggle', 'slider', 'number', 'choice', 'multi'), bounds, options."""

    kind: str
    low: float | None = None
    high: float | None = None
    options: tuple[Any, ...] = ()
    integer: bool = False


def _field(key: str) -> Any:
    model: Any = Scenario
    parts = key.split(".")
    for p in parts[:-1]:
        model = model.model_fields[p].annotation
    return model.model_fields[parts[-1]]


def widget_for(key: str) -> Widget:
    """The widget of a lever, from the schema field's type and bounds."""
    if key == "liability.regime":
        return Widget("choice", options=tuple(regime_names()))
    f = _field(key)
    ann = f.annotation
    low = next((m.ge for m in f.metadata if isinstance(m, annotated_types.Ge)), None)
    high = next((m.le for m in f.metadata if isinstance(m, annotated_types.Le)), None)
    if ann is bool:
        return Widget("toggle")
    if typing.get_origin(ann) is typing.Literal:
        return Widget("choice", options=typing.get_args(ann))
    if typing.get_origin(ann) is list:
        (inner,) = typing.get_args(ann)
        return Widget("multi", options=typing.get_args(inner))
    if ann is int:
        return Widget("number", low, high, integer=True)
    if low is not None and high is not None and high <= 1.0:
        return Widget("slider", low, high)
    return Widget("number", low, high)


def lever_groups() -> dict[str, list[Lever]]:
    """The levers whose keys exist in the current schema (the schema may grow or rename)."""
    known = {r["key"] for r in parameter_table()}
    out = {}
    for group, levers in LEVERS.items():
        ok = [lv for lv in levers if lv.key in known and _is_leaf(lv.key)]
        if ok:
            out[group] = ok
    return out


def _is_leaf(key: str) -> bool:
    try:
        ann = _field(key).annotation
    except (KeyError, AttributeError):
        return False
    return not (isinstance(ann, type) and issubclass(ann, Section))


def sources() -> dict[str, dict[str, Any]]:
    """parameter_table() by key: default, unit, source."""
    return {r["key"]: r for r in parameter_table()}


def all_lever_keys() -> set[str]:
    return {lv.key for levers in lever_groups().values() for lv in levers}
