"""Names instead of identifiers: the Dutch and English name and one-line description of every
built-in scenario, liability regime, parameter and parameter value, the Dutch wording of sources
and of the built-in reforms' labels, and a parameter search that understands both languages.

Owns these words. Raw identifiers (nl_baseline, hub.coordination_quality) are shown only where a
user asks for them (an "advanced" expander). Parameters: the hand-written names cover every
section, the levers and every key a built-in scenario sets; each field of a fraud type is named
once and combined with the fraud type's name. Pure data and lookups: no streamlit.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from fraudchain.dashboard.i18n import fmt_number, fraud_type_name, norm_lang, sector_name, t
from fraudchain.dashboard.levers import LEVERS
from fraudchain.scenarios.fraud_types import FRAUD_TYPES
from fraudchain.scenarios.packs import scenario_text

# ---------------------------------------------------------------------------------------------
# Built-in scenarios: {lang: (name, one-line description)}
SCENARIO_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    "nl_baseline": {
        "nl": ("Huidige situatie (NL 2024)", "PSD2 plus de coulanceregeling van banken, versnipperde meldpunten, "
               "gegevensdeling alleen tussen banken, de huidige campagnes."),
        "en": ("Status quo (NL 2024)", "PSD2 plus the banks' goodwill scheme, fragmented desks, data sharing "
               "among banks only, today's campaigns.")},
    "ecp_full_package": {
        "nl": ("Volledig ECP-pakket", "Alle aanbevelingen van het position paper samen vanaf jaar 2: fraudehub met "
               "regie, Eén Loket, voorlichting, systeemmaatregelen en brede deelname."),
        "en": ("Full ECP package", "All of the position paper's recommendations together from year 2: fraud hub "
               "with a coordinator, one desk, awareness, system measures and broad participation.")},
    "uk_psr_2024": {
        "nl": ("Britse vergoedingsplicht", "Verplichte vergoeding van misleide overboekingen zoals in het VK "
               "(sinds 7 okt. 2024), in Nederland vanaf jaar 2."),
        "en": ("UK mandatory reimbursement", "Mandatory reimbursement of authorised push-payment fraud as in the "
               "UK (since 7 Oct 2024), applied in the Netherlands from year 2.")},
    "eu_psr_2025": {
        "nl": ("EU-regels (IPR en PSR)", "Verificatie van de begunstigde vóór elke overboeking en vergoeding van "
               "bankhelpdeskfraude na aangifte (EU-akkoord nov. 2025), vanaf jaar 2."),
        "en": ("EU rules (IPR and PSR)", "Verification of payee before every transfer and refund of bank-"
               "impersonation fraud after a police report (EU deal Nov 2025), from year 2.")},
    "sg_srf_2024": {
        "nl": ("Singaporees gedeelde verantwoordelijkheid", "Bij phishing betaalt eerst de bank als die tekortschoot, "
               "dan de telecomaanbieder, anders het slachtoffer (vanaf jaar 2)."),
        "en": ("Singapore shared responsibility", "For phishing the bank pays if it fell short, then the telecom "
               "operator, else the victim (from year 2).")},
    "au_spf_2025": {
        "nl": ("Australische zorgplichten", "Zorgplichten voor banken, telecom en platforms; wie tekortschiet, "
               "vergoedt via geschillenbeslechting (vanaf jaar 2)."),
        "en": ("Australian sector duties", "Duties for banks, telecoms and platforms; a firm that falls short "
               "compensates through dispute resolution (from year 2).")},
    "chain_liability": {
        "nl": ("Ketenaansprakelijkheid", "De schade van misleide overboekingen wordt verdeeld over platform of "
               "telecom, verzendende en ontvangende bank en consument (vanaf jaar 2)."),
        "en": ("Chain liability", "The loss of authorised push-payment fraud is split over platform or telecom, "
               "sending and receiving bank and the consumer (from year 2).")},
    "bank_strict": {
        "nl": ("Bank altijd aansprakelijk", "Denkbeeldig uiterste: de verzendende bank vergoedt elke fraudeschade, "
               "zonder plafond of uitzondering (vanaf jaar 2)."),
        "en": ("Bank always liable", "Thought experiment: the sending bank reimburses every fraud loss, no cap, "
               "no exception (from year 2).")},
    "consumer_bears_all": {
        "nl": ("Slachtoffer draagt alles", "Denkbeeldig uiterste: geen enkele vergoeding; slachtoffers dragen elke "
               "schade (vanaf jaar 2)."),
        "en": ("Victim bears everything", "Thought experiment: no reimbursement at all; victims carry every loss "
               "(from year 2).")},
    "fraud_hub": {
        "nl": ("Fraudehub", "Een publiek-private fraudehub met landelijke regie die signalen deelt (vanaf jaar 2)."),
        "en": ("Fraud hub", "A public-private fraud hub with a national coordinator that shares signals (from "
               "year 2).")},
    "een_loket": {
        "nl": ("Eén Loket", "Eén centraal digitaal meldpunt dat elke melding doorzet naar alle partijen die moeten "
               "handelen (vanaf jaar 2)."),
        "en": ("One desk (Eén Loket)", "One central digital desk that routes each report to every party that "
               "must act (from year 2).")},
    "awareness_campaign": {
        "nl": ("Voorlichtingscampagne", "Een grote landelijke campagne (bereik 80 % per jaar) plus één herkenbare "
               "overheidssite (vanaf jaar 2)."),
        "en": ("Awareness campaign", "A large national campaign (reach 80 % a year) plus one recognisable "
               "government site (from year 2).")},
    "system_measures": {
        "nl": ("Systeemmaatregelen", "Vertraging van risicovolle betalingen, filters tegen nagebootste nummers en "
               "sms, verificatie op platforms en minimale inzet (vanaf jaar 2)."),
        "en": ("System measures", "Delays on risky payments, filters against spoofed numbers and SMS, verification "
               "on platforms and minimum effort (from year 2).")},
    "broad_participation": {
        "nl": ("Brede deelname", "Platforms, telecom, verzekeraars en brancheorganisaties doen blijvend mee "
               "(vanaf jaar 2)."),
        "en": ("Broad participation", "Platforms, telecoms, insurers and sector bodies take part for good (from "
               "year 2).")},
}

# the built-in reforms' labels (shown where a policy takes effect on the charts)
REFORM_LABELS: dict[str, str] = {
    "Australia-style sector duties": "Australische zorgplichten",
    "Awareness campaign + public information site": "Campagne + overheidssite",
    "Strict sending-bank liability": "Bank altijd aansprakelijk",
    "Broad participation": "Brede deelname",
    "Chain liability": "Ketenaansprakelijkheid",
    "No reimbursement": "Geen vergoeding",
    "ECP full package": "Volledig ECP-pakket",
    "Een Loket": "Eén Loket",
    "EU PSR/IPR package": "EU-regels (IPR en PSR)",
    "Fraud hub": "Fraudehub",
    "Singapore-style shared responsibility waterfall": "Singaporees gedeelde verantwoordelijkheid",
    "System measures": "Systeemmaatregelen",
    "UK-style mandatory APP reimbursement": "Britse vergoedingsplicht",
}

# Liability regimes: {lang: (name, one-line description)}
REGIME_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    "nl_status_quo": {
        "nl": ("Nederland nu", "PSD2 voor niet-toegestane betalingen; misleide overboekingen draagt het slachtoffer, "
               "behalve de coulance van banken bij bankhelpdeskfraude."),
        "en": ("Netherlands today", "PSD2 for unauthorised payments; authorised push payments are borne by the "
               "victim, except the banks' goodwill scheme for bank-helpdesk fraud.")},
    "uk_psr_2024": {
        "nl": ("VK: verplichte vergoeding", "Verzendende bank vergoedt, ontvangende bank betaalt de helft terug; "
               "plafond GBP 85.000, eigen risico tot GBP 100 (nooit bij kwetsbaren)."),
        "en": ("UK: mandatory reimbursement", "Sending bank refunds, receiving bank pays back half; cap GBP 85,000, "
               "excess up to GBP 100 (never for vulnerable victims).")},
    "eu_psr_2025": {
        "nl": ("EU: IPR en PSR", "Bank die geen naamcheck bood is aansprakelijk; vergoeding van bankhelpdeskfraude na "
               "aangifte."),
        "en": ("EU: IPR and PSR", "A bank that did not offer the name check is liable; refund of bank-impersonation "
               "fraud after a police report.")},
    "sg_srf_2024": {
        "nl": ("Singapore: gedeelde verantwoordelijkheid", "Bij phishing eerst de bank als die tekortschoot, dan de "
               "telecomaanbieder, anders de consument."),
        "en": ("Singapore: shared responsibility", "For phishing first the bank if it fell short, then the telecom "
               "operator, else the consumer.")},
    "au_spf_2025": {
        "nl": ("Australië: zorgplichten", "Banken, telecom en platforms hebben zorgplichten; wie ze schendt, "
               "vergoedt via geschillenbeslechting."),
        "en": ("Australia: sector duties", "Banks, telecoms and platforms have duties; a firm that breaches them "
               "compensates through dispute resolution.")},
    "chain_liability": {
        "nl": ("Ketenaansprakelijkheid", "Schade van misleide overboekingen verdeeld over de keten: platform of "
               "telecom, beide banken en de consument."),
        "en": ("Chain liability", "Authorised push-payment losses split along the chain: platform or telecom, both "
               "banks and the consumer.")},
    "bank_strict": {
        "nl": ("Bank altijd aansprakelijk", "De verzendende bank vergoedt alle fraudeschade, zonder plafond, eigen "
               "risico of uitzondering."),
        "en": ("Bank always liable", "The sending bank reimburses every fraud loss, no cap, excess or exception.")},
    "consumer_bears_all": {
        "nl": ("Slachtoffer draagt alles", "Geen enkele vergoeding: de ondergrens voor aansprakelijkheid van "
               "bedrijven."),
        "en": ("Victim bears everything", "No reimbursement at all: the lower bound of firms' liability.")},
}

SECTION_TEXT: dict[str, tuple[str, str]] = {
    "run": ("Simulatie", "Simulation"), "population": ("Bevolking", "Population"), "banks": ("Banken", "Banks"),
    "platforms": ("Platforms", "Platforms"), "telecoms": ("Telecom", "Telecoms"),
    "insurers": ("Verzekeraars", "Insurers"), "fraudsters": ("Fraudeurs", "Fraudsters"),
    "mules": ("Geldezels", "Money mules"), "reporting": ("Melden", "Reporting"),
    "een_loket": ("Eén Loket", "One desk"), "police": ("Politie", "Police"), "hub": ("Fraudehub", "Fraud hub"),
    "awareness": ("Voorlichting", "Awareness"), "liability": ("Aansprakelijkheid", "Liability"),
    "incentives": ("Prikkels voor bedrijven", "Firms' incentives"), "fraud_types": ("Fraudevormen", "Fraud types"),
    "extensions": ("Uitbreidingen", "Extensions"), "actors": ("Extra partijen", "Extra actors"),
}

# Parameters: key -> (Dutch name, Dutch one-line description, English name). The English description
# is the schema's own unit/meaning text. Levers (levers.py) bring their own names and explanations.
P = tuple[str, str, str]
PARAM_TEXT: dict[str, P] = {
    "run.years": ("Gesimuleerde jaren", "Aantal jaren; de kerncijfers gaan over het laatste.", "Simulated years"),
    "run.start_year": ("Startjaar", "Kalenderjaar waarin de simulatie begint.", "Start year"),
    "population.consumers": ("Personen 15+", "Aantal inwoners van 15 jaar en ouder.", "Persons aged 15+"),
    "population.smes": ("Mkb-bedrijven", "Aantal mkb-bedrijven.", "SMEs"),
    "population.micro_share_of_smes": ("Aandeel micro-ondernemingen", "Deel van het mkb dat micro is.",
                                       "Share of micro firms"),
    "population.age_band_shares": ("Leeftijdsopbouw", "Deel van de bevolking per leeftijdsgroep.", "Age structure"),
    "population.digital_skill_by_age": ("Digitale vaardigheid per leeftijd", "Gemiddelde score 0-1 per "
                                        "leeftijdsgroep.", "Digital skill by age"),
    "population.vulnerable_share": ("Aandeel kwetsbaren", "Deel van de personen dat kwetsbaar is.",
                                    "Vulnerable share"),
    "population.savings_median_eur": ("Mediaan spaargeld", "Spaargeld van de middelste persoon, in EUR.",
                                      "Median savings"),
    "population.savings_sigma": ("Spreiding spaargeld", "Log-standaardafwijking van het spaargeld.",
                                 "Spread of savings"),
    "population.sme_balance_median_eur": ("Mediaan saldo mkb", "Saldo van het middelste mkb-bedrijf, in EUR.",
                                          "Median SME balance"),
    "population.caution_mean": ("Gemiddelde voorzichtigheid", "Score 0-1.", "Mean caution"),
    "population.awareness_base": ("Basisbewustzijn", "Score 0-1 vóór campagnes.", "Baseline awareness"),
    "population.uses_marketplace": ("Gebruikt online marktplaatsen", "Deel van de personen.", "Uses marketplaces"),
    "population.uses_social": ("Gebruikt sociale media", "Deel van de personen.", "Uses social media"),
    "population.uses_messaging": ("Gebruikt berichtenapps", "Deel van de personen.", "Uses messaging apps"),
    "population.uses_dating": ("Gebruikt datingapps", "Deel van de personen.", "Uses dating apps"),
    "population.repeat_victim_multiplier": ("Herhaald slachtofferschap", "Hoeveel vatbaarder een eerder "
                                            "slachtoffer is (factor).", "Repeat-victim multiplier"),
    "population.bank_shares": ("Marktaandelen banken", "Deel van de betaalrekeningen per bank.", "Bank market shares"),
    "population.telecom_shares": ("Marktaandelen telecom", "Deel van de mobiele abonnementen per aanbieder.",
                                  "Telecom market shares"),
    "banks.sending_effort": ("Inzet banken (betaalkant)", "Inzet 0-1 aan monitoring en waarschuwingen.",
                             "Bank effort (paying side)"),
    "banks.receiving_effort": ("Inzet banken (geldezels)", "Inzet 0-1 tegen geldezelrekeningen.",
                               "Bank effort (mule accounts)"),
    "banks.effort_heterogeneity": ("Verschil tussen banken", "Spreiding van de inzet tussen banken.",
                                   "Differences between banks"),
    "banks.max_flag_sending": ("Maximaal gesignaleerd", "Deel van de frauduleuze betalingen dat bij volle inzet "
                               "wordt gesignaleerd.", "Maximum flagged"),
    "banks.effort_returns": ("Meeropbrengst van inzet", "Kromming: hoe snel extra inzet minder oplevert.",
                             "Returns to effort"),
    "banks.warning_heeded": ("Waarschuwing opgevolgd", "Deel van de gesignaleerde betalingen dat het slachtoffer "
                             "annuleert.", "Warning heeded"),
    "banks.name_check_heeded": ("Naamcheck opgevolgd", "Deel van de betalers dat stopt na een waarschuwing dat de "
                                "naam niet klopt.", "Name-check warning heeded"),
    "banks.delay_stop_share": ("Stoppen na bedenktijd", "Deel van de vastgehouden betalingen dat het slachtoffer "
                               "annuleert.", "Stopped after a delay"),
    "banks.mule_hazard_max": ("Kans geldezel betrapt", "Dagkans dat een actieve geldezelrekening bij volle inzet "
                              "wordt ontdekt.", "Mule detection hazard"),
    "banks.cashout_hours_mean": ("Tijd tot opnemen", "Gemiddeld aantal uren van bijschrijving tot het geld weg is.",
                                 "Time to cash-out"),
    "banks.spend_full_effort_eur": ("Kosten volle inzet banken", "EUR per jaar voor de sector bij inzet 1.",
                                    "Banks' cost of full effort"),
    "banks.case_cost_eur": ("Kosten per melding (bank)", "EUR per afgehandelde melding.", "Cost per report (bank)"),
    "platforms.effort": ("Inzet platforms", "Inzet 0-1 aan verificatie en screening.", "Platform effort"),
    "platforms.max_block": ("Maximaal geblokkeerd (platforms)", "Deel van de fraudecontacten dat bij volle inzet "
                            "wordt tegengehouden.", "Maximum blocked (platforms)"),
    "platforms.proactive_takedown_max": ("Zelf opsporen (platforms)", "Dagkans dat een actief fraudeaccount bij "
                                         "volle inzet wordt gevonden.", "Proactive takedown (platforms)"),
    "platforms.spend_full_effort_eur": ("Kosten volle inzet platforms", "EUR per jaar voor de sector bij inzet 1.",
                                        "Platforms' cost of full effort"),
    "platforms.case_cost_eur": ("Kosten per melding (platform)", "EUR per afgehandelde melding.",
                                "Cost per report (platform)"),
    "telecoms.effort": ("Inzet telecom", "Inzet 0-1 aan fraudefilters.", "Telecom effort"),
    "telecoms.max_block": ("Maximaal geblokkeerd (telecom)", "Extra deel van de fraudecontacten dat filters bij "
                           "volle inzet tegenhouden.", "Maximum blocked (telecoms)"),
    "telecoms.number_block_hours": ("Tijd tot blokkeren nummer", "Uren van melding tot een nummer geblokkeerd is.",
                                    "Time to block a number"),
    "telecoms.proactive_takedown_max": ("Zelf opsporen (telecom)", "Dagkans dat een fraudenummer bij volle inzet "
                                        "wordt gevonden.", "Proactive takedown (telecoms)"),
    "telecoms.spend_full_effort_eur": ("Kosten volle inzet telecom", "EUR per jaar voor de sector bij inzet 1.",
                                       "Telecoms' cost of full effort"),
    "telecoms.case_cost_eur": ("Kosten per melding (telecom)", "EUR per afgehandelde melding.",
                               "Cost per report (telecom)"),
    "insurers.consumer_cover_share": ("Verzekerde consumenten", "Deel van de consumenten met een fraudedekking.",
                                      "Consumers with cover"),
    "insurers.sme_cover_share": ("Verzekerd mkb", "Deel van het mkb met een fraudedekking.", "SMEs with cover"),
    "insurers.cap_eur": ("Maximale uitkering (consument)", "EUR per claim.", "Cap per claim (consumers)"),
    "insurers.sme_cap_eur": ("Maximale uitkering (mkb)", "EUR per claim.", "Cap per claim (SMEs)"),
    "insurers.excess_eur": ("Eigen risico", "EUR per claim.", "Excess"),
    "insurers.claim_share": ("Claimbereidheid", "Deel van de verzekerde slachtoffers dat claimt.", "Claim share"),
    "insurers.requires_police_report": ("Aangifte vereist", "Keert de verzekeraar alleen uit na aangifte?",
                                        "Police report required"),
    "insurers.loading": ("Opslag op premie", "Opslag bovenop de verwachte uitkeringen.", "Premium loading"),
    "fraudsters.groups": ("Fraudegroepen", "Aantal groepen bij de start.", "Fraudster groups"),
    "fraudsters.adaptation_rate": ("Aanpassingssnelheid fraudeurs", "Deel van het verschil naar de beste mix dat "
                                   "per maand wordt gedicht.", "Fraudsters' adaptation rate"),
    "fraudsters.profit_elasticity": ("Gevoeligheid voor winst", "Hoe sterk fraudeurs inzet verschuiven naar wat "
                                     "meer oplevert.", "Profit elasticity"),
    "fraudsters.entry_elasticity": ("Toetreding van groepen", "Hoe sterk het aantal groepen reageert op winst.",
                                    "Entry elasticity"),
    "fraudsters.bank_displacement": ("Uitwijken naar banken", "Voorkeur voor banken die minder geldezels vangen.",
                                     "Displacement between banks"),
    "fraudsters.cost_per_contact_eur": ("Kosten per contact", "EUR per contactpoging.", "Cost per contact"),
    "fraudsters.instrument_cost_eur": ("Kosten per middel", "EUR per nieuw nummer, account of site.",
                                       "Cost per instrument"),
    "fraudsters.instruments_per_type": ("Middelen per fraudevorm", "Nummers, accounts en sites die een groep "
                                        "tegelijk gebruikt.", "Instruments per fraud type"),
    "fraudsters.disruption_per_suspect": ("Verstoring per verdachte", "Deel van de capaciteit dat een groep "
                                          "verliest per opgespoorde verdachte.", "Disruption per suspect"),
    "fraudsters.recovery_per_month": ("Herstel per maand", "Deel van de verloren capaciteit dat een groep per maand "
                                      "terugwint.", "Recovery per month"),
    "mules.credits_per_account_day": ("Bijschrijvingen per rekening", "Frauduleuze bijschrijvingen per "
                                      "geldezelrekening per dag.", "Credits per account"),
    "mules.recruit_delay_days": ("Tijd tot nieuwe geldezel", "Dagen om een geblokkeerde rekening te vervangen.",
                                 "Time to a new mule"),
    "mules.max_use_days": ("Gebruiksduur rekening", "Dagen dat een groep een rekening gebruikt.", "Account use"),
    "mules.fee_share": ("Vergoeding geldezel", "Deel van de opbrengst voor de geldezel.", "Mule fee"),
    "mules.young_share": ("Jonge geldezels", "Deel van de rekeninghouders van 15-24 jaar.", "Young mules"),
    "mules.recruitment_cost_eur": ("Wervingskosten geldezel", "EUR per geworven rekening.", "Mule recruitment cost"),
    # victims' reporting and the step to a police registration (issue 19; scenarios/behaviour_params.py)
    "reporting.registration_loss_slope": ("Registratie groeit met schade", "Hoe sterk de kans op registratie stijgt "
                                          "met de schade.", "Registration rises with the loss"),
    "reporting.registration_refund_logit": ("Registratie bij vergoeding", "Extra log-odds op registratie als de "
                                            "vergoeding een aangifte vereist.", "Registration when a refund needs it"),
    "reporting.registration_abandon_share": ("Aangifte afgebroken", "Deel van de slachtoffers dat een (online) "
                                             "aangifte niet afmaakt.", "Reports abandoned"),
    "banks.daily_limit_by_bank": ("Standaardlimiet per bank", "Standaard daglimiet (EUR) van genoemde banken.",
                                  "Default limit by bank"),
    "banks.limit_raise_wait_hours": ("Wachttijd limietverhoging", "Uren voor een verhoogde limiet ingaat.",
                                     "Wait on raising a limit"),
    "banks.limit_raise_wait_by_bank": ("Wachttijd per bank", "Uren wachttijd bij genoemde banken.",
                                       "Wait by bank"),
    "banks.limit_wait_persist_share": ("Toch verhoogd na wachttijd", "Deel van de slachtoffers van druk-oplichting "
                                       "dat na de wachttijd alsnog verhoogt en betaalt.", "Raised after the wait"),
    "banks.raised_limit_eur": ("Hoogste limiet", "EUR: tot waar een klant de daglimiet kan verhogen.",
                               "Highest limit"),
    "reporting.support_share": ("Bij Slachtofferhulp", "Deel van de slachtoffers dat Slachtofferhulp bereikt.",
                                "Reaching victim support"),
    "reporting.bank_report_days": ("Tijd tot melding bij bank", "Gemiddeld aantal dagen.", "Time to bank report"),
    "reporting.police_report_days": ("Tijd tot aangifte", "Gemiddeld aantal dagen.", "Time to police report"),
    "reporting.platform_report_days": ("Tijd tot melding bij platform", "Gemiddeld aantal dagen.",
                                       "Time to platform report"),
    "reporting.realise_days": ("Tijd tot besef", "Gemiddeld aantal dagen voor een slachtoffer de fraude doorheeft.",
                               "Time to realise"),
    "reporting.claim_response": ("Claimen bij verwachte vergoeding", "Deel van de slachtoffers dat weet dat "
                                 "vergoeding kan en claimt als die de moeite waard is.", "Claim response"),
    "reporting.claim_loss_slope": ("Melden groeit met schade", "Hoe sterk de kans op een melding bij de bank stijgt "
                                   "met de schade.", "Claims rise with the loss"),
    "reporting.claim_effort_eur": ("Moeite van claimen", "Verwachte vergoeding (EUR) waarbij de helft claimt.",
                                   "Effort of claiming"),
    "reporting.claim_effort_spread": ("Spreiding moeite", "Hoe verschillend slachtoffers de moeite van claimen "
                                      "ervaren.", "Spread of that effort"),
    "reporting.site_takedown_hazard": ("Sites uit de lucht", "Dagkans dat een fraudesite wordt offline gehaald.",
                                       "Site takedown hazard"),
    "reporting.site_notice_takedown": ("Site offline na melding", "Kans dat een melding een site offline haalt.",
                                       "Site takedown on notice"),
    "reporting.fraudehelpdesk_case_cost_eur": ("Kosten per melding (Fraudehelpdesk)", "EUR per melding.",
                                               "Cost per report (Fraudehelpdesk)"),
    "reporting.support_case_cost_eur": ("Kosten slachtofferhulp", "EUR per geholpen slachtoffer.",
                                        "Cost of victim support"),
    "een_loket.police_forward_share": ("Doorgezet als aangifte", "Deel van de meldingen dat als aangifte naar de "
                                       "politie gaat.", "Forwarded as police report"),
    "een_loket.cost_per_report_eur": ("Kosten per melding (Eén Loket)", "EUR per melding.",
                                      "Cost per report (one desk)"),
    "een_loket.report_quality": ("Kwaliteit doorgezette aangifte", "Opsporingskans ten opzichte van een aangifte nu.",
                                 "Quality of routed reports"),
    "police.capacity_cases_per_year": ("Capaciteit politie", "Onderzochte zaken per jaar (landelijk).",
                                       "Police capacity"),
    "police.identification_prob": ("Kans op verdachte", "Kans dat een onderzochte zaak een verdachte oplevert.",
                                   "Identification probability"),
    "police.backlog_days": ("Wachttijd tot sepot", "Dagen dat een aangifte wacht voor ze vervalt.",
                            "Backlog before dismissal"),
    "police.investigation_cost_eur": ("Kosten per onderzoek", "EUR per onderzochte zaak.", "Cost per investigation"),
    "police.hub_signal_boost": ("Extra pakkans door hub", "Relatieve stijging van de opsporingskans met "
                                "hub-informatie.", "Boost from hub intelligence"),
    "police.case_cost_eur": ("Kosten per aangifte", "EUR om een aangifte op te nemen.", "Cost per police report"),
    "hub.endogenous_membership": ("Vrijwillig lidmaatschap", "Organisaties treden toe of uit naar verwacht nut.",
                                  "Voluntary membership"),
    "hub.member_cost_eur": ("Kosten lidmaatschap", "EUR per lid per jaar.", "Membership cost"),
    "hub.link_share": ("Bereik van een signaal", "Deel van de andere middelen van een groep dat een gedeeld signaal "
                       "blootlegt.", "Reach of a signal"),
    "hub.linked_accounts": ("Gekoppelde rekeningen", "Geldezelrekeningen van dezelfde groep die één blokkade "
                            "blootlegt.", "Linked accounts"),
    "awareness.half_life_days": ("Uitdoven van het effect", "Dagen tot het effect van een campagne gehalveerd is.",
                                 "Half-life of the effect"),
    "awareness.portal_reporting_uplift": ("Meer meldingen door de site", "Extra deel van de slachtoffers dat meldt "
                                          "dankzij één site.", "Reporting uplift from the site"),
    "awareness.cost_per_person_reached_eur": ("Kosten per bereikte persoon", "EUR.", "Cost per person reached"),
    "liability.rules": ("Vergoedingsregels", "De regels van het gekozen regime.", "Reimbursement rules"),
    "liability.gbp_eur": ("Wisselkoers GBP", "EUR per pond.", "GBP exchange rate"),
    "liability.sgd_eur": ("Wisselkoers SGD", "EUR per Singaporese dollar.", "SGD exchange rate"),
    "liability.aud_eur": ("Wisselkoers AUD", "EUR per Australische dollar.", "AUD exchange rate"),
    "incentives.enabled": ("Bedrijven passen inzet aan", "Herzien bedrijven hun inzet naar wat fraude hen kost?",
                           "Firms adapt effort"),
    "incentives.review_days": ("Herzieningstermijn", "Dagen tussen twee herzieningen van de inzet.", "Review period"),
    "incentives.adjustment": ("Aanpassing per herziening", "Deel van het verschil naar de goedkoopste inzet dat "
                              "wordt gedicht.", "Adjustment per review"),
    "incentives.max_step": ("Grootste stap", "Grootste verandering in inzet per herziening.", "Largest step"),
    "extensions": ("Uitbreidingsmodules", "Python-modules die het model uitbreiden (alleen via bestanden op de "
                   "server).", "Extension modules"),
    "actors": ("Extra partijen", "Parameters van partijen die uitbreidingen toevoegen.", "Extra actors"),
}

# the fields every fraud type has: field -> (Dutch name, Dutch description, English name)
FRAUD_FIELD_TEXT: dict[str, P] = {
    "contact_rate": ("contactfrequentie", "Contacten per bereikbaar doelwit per jaar, vóór filters.", "contact rate"),
    "susceptibility": ("vatbaarheid", "Kans dat een gemiddeld bereikt doelwit betaalt.", "susceptibility"),
    "loss_median_eur": ("mediaan bedrag", "EUR per betaling.", "median amount"),
    "loss_sigma": ("spreiding bedrag", "Log-standaardafwijking van het bedrag (zware staart).", "spread of amount"),
    "payments_mean": ("betalingen per slachtoffer", "Gemiddeld aantal.", "payments per victim"),
    "days_between_payments": ("dagen tussen betalingen", "Dagen.", "days between payments"),
    "card_share": ("aandeel kaartbetalingen", "Deel van de betalingen per kaart (terugboeking mogelijk).",
                   "card share"),
    "name_check_mismatch": ("naam wijkt af", "Deel van de betalingen waarbij de naam van de ontvanger afwijkt.",
                            "name mismatch"),
    "bank_report_prob": ("melding bij bank", "Kans dat een slachtoffer de bank inlicht.", "bank report"),
    "police_report_prob": ("aangifte", "Kans dat een slachtoffer melding of aangifte doet bij de politie (bij de "
                           "typische schade).", "police report"),
    "police_loss_slope": ("aangifte groeit met schade", "Hoe sterk de kans op aangifte stijgt met de schade.",
                          "police report rises with the loss"),
    "fraudehelpdesk_report_prob": ("melding bij Fraudehelpdesk", "Kans dat een slachtoffer het meldt bij de "
                                   "Fraudehelpdesk (bij de typische schade).", "Fraudehelpdesk report"),
    "fraudehelpdesk_loss_slope": ("Fraudehelpdesk groeit met schade", "Hoe sterk die kans stijgt met de schade.",
                                  "Fraudehelpdesk report rises with the loss"),
    "wallet_share": ("aandeel wallet of escrow", "Deel van de betalingen via een wallet of tussenrekening met "
                     "kopersbescherming.", "wallet share"),
    "crypto_share": ("aandeel crypto", "Deel van de betalingen naar crypto of een cryptobeurs (geen terughalen).",
                     "crypto share"),
    "wealth_reach": ("bereik vermogen", "Hoeveel keer het banksaldo een slachtoffer kan betalen (spaargeld en "
                     "beleggingen elders).", "reach of wealth"),
    "registration_prob": ("aangifte geregistreerd", "Kans dat de politie een melding als aangifte registreert (bij de "
                          "typische schade).", "report registered"),
    "unauthorised_share": ("aandeel via buitgemaakte gegevens", "Deel van de betalingen dat de fraudeur zelf doet met "
                           "inloggegevens of kaartgegevens van een nep-betaalpagina (niet toegestaan).",
                           "share paid with captured credentials"),
    "cash_share": ("aandeel buiten de bank", "Deel van de schade buiten een betaalrekening (contant, goederen, "
                   "cadeaukaarten).", "share outside payment accounts"),
    "platform_report_prob": ("melding bij platform", "Kans op een melding bij het platform of de telecomaanbieder.",
                             "platform report"),
    "delay_sensitivity": ("effect van vertraging", "Hoeveel een betaalvertraging helpt (factor).",
                          "delay sensitivity"),
    "age_profile": ("leeftijdsprofiel", "Vatbaarheid per leeftijdsgroep (factor).", "age profile"),
    "own_bank_share": ("eigen bank nagebootst", "Deel van de gevallen waarin de fraudeur zich voordoet als de eigen "
                       "bank.", "own bank impersonated"),
    "scam_days": ("dagen bewerking", "Dagen van inpalmen voor de eerste betaling.", "days of grooming"),
}

VALUE_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    "awareness.target": {"all": ("iedereen", "everyone"), "older": ("ouderen", "older people"),
                         "young": ("jongeren", "young people")},
}


def _lang_index(lang: str) -> int:
    return 0 if norm_lang(lang) == "nl" else 1


@cache
def _lever_text() -> dict[str, dict[str, tuple[str, str]]]:
    return {lv.key: {"nl": lv.nl, "en": lv.en} for group in LEVERS.values() for lv in group}


# ---------------------------------------------------------------------------------------------
def _text(table: dict[str, dict[str, tuple[str, str]]], name: str, lang: str) -> tuple[str, str] | None:
    """(name, description) from this module's table, else from a country pack's own texts (pack.toml)."""
    entry = table.get(name)
    return entry[norm_lang(lang)] if entry else scenario_text(name, norm_lang(lang))


def scenario_name(name: str, lang: str) -> str:
    """A built-in scenario's name; a user's own scenario keeps the name its maker gave it."""
    entry = _text(SCENARIO_TEXT, name, lang)
    return entry[0] if entry else name


def scenario_description(name: str, lang: str, fallback: str = "") -> str:
    entry = _text(SCENARIO_TEXT, name, lang)
    return entry[1] if entry else fallback


def regime_name(name: str, lang: str) -> str:
    entry = _text(REGIME_TEXT, name, lang)
    return entry[0] if entry else name


def regime_description(name: str, lang: str, fallback: str = "") -> str:
    entry = _text(REGIME_TEXT, name, lang)
    return entry[1] if entry else fallback


def reform_label(label: str, lang: str) -> str:
    if norm_lang(lang) != "nl":
        return label
    entry = None if label in REFORM_LABELS else scenario_text(label, "nl")   # a country pack's own reform label
    return entry[0] if entry else REFORM_LABELS.get(label, label)


def param_name(key: str, lang: str) -> str:
    """A parameter's name for people: 'Fraudehub: Kwaliteit van de regie'."""
    lever = _lever_text().get(key)
    section = key.split(".")[0]
    section_name = SECTION_TEXT.get(section, (section, section))[_lang_index(lang)]
    if lever:
        return f"{section_name}: {lever[norm_lang(lang)][0]}"
    if key in PARAM_TEXT:
        text = PARAM_TEXT[key]
        return f"{section_name}: {text[0] if norm_lang(lang) == 'nl' else text[2]}" if "." in key else \
            (text[0] if norm_lang(lang) == "nl" else text[2])
    parts = key.split(".")
    if section == "fraud_types" and len(parts) == 3 and parts[2] in FRAUD_FIELD_TEXT:
        field = FRAUD_FIELD_TEXT[parts[2]]
        return f"{fraud_type_name(parts[1], lang)}: {field[0] if norm_lang(lang) == 'nl' else field[2]}"
    return f"{section_name}: {parts[-1].replace('_', ' ')}"


def param_description(key: str, lang: str, schema_text: str = "") -> str:
    """One line on what the parameter means (English falls back to the schema's own text)."""
    lever = _lever_text().get(key)
    if lever:
        return lever[norm_lang(lang)][1]
    parts = key.split(".")
    if norm_lang(lang) == "nl":
        if key in PARAM_TEXT:
            return PARAM_TEXT[key][1]
        if parts[0] == "fraud_types" and len(parts) == 3 and parts[2] in FRAUD_FIELD_TEXT:
            return FRAUD_FIELD_TEXT[parts[2]][1]
    return schema_text[:1].upper() + schema_text[1:] if schema_text else ""


_SOURCE_WORDS = (("assumption", "aanname"), ("Assumption", "Aanname"), ("calibrated", "geijkt"),
                 ("plausible range", "plausibel bereik"), ("see ", "zie "), ("derived from", "afgeleid uit"))


def source_text(source: str, lang: str) -> str:
    """A source as written in the schema; in Dutch its fixed words are translated (publication titles
    stay as published)."""
    if norm_lang(lang) != "nl":
        return source
    out = source
    for en, nl in _SOURCE_WORDS:
        out = out.replace(en, nl)
    return out


# the kind of unit, in Dutch, read from the start of the schema's unit text (which also explains the
# parameter; the Dutch explanation is param_description)
_UNIT_NL = (("EUR per GBP", "EUR per pond"), ("EUR per SGD", "EUR per SGD"), ("EUR per AUD", "EUR per AUD"),
            ("EUR per payment", "EUR per betaling"), ("EUR per report", "EUR per melding"),
            ("EUR per claim", "EUR per claim"), ("EUR per year", "EUR per jaar"), ("EUR per member", "EUR per lid"),
            ("EUR per", "EUR per eenheid"), ("EUR", "EUR"), ("share", "aandeel 0-1"), ("relative", "aandeel 0-1"),
            ("probability", "kans 0-1"), ("daily probability", "kans per dag"), ("daily chance", "kans per dag"),
            ("chance", "kans 0-1"), ("days", "dagen"), ("mean days", "dagen"), ("hours", "uren"),
            ("on/off", "aan/uit"), ("years", "jaar"), ("calendar year", "jaar"), ("persons", "personen"),
            ("enterprises", "bedrijven"), ("score 0-1", "score 0-1"), ("mean skill score", "score 0-1"),
            ("quality", "score 0-1"), ("effort 0-1", "inzet 0-1"), ("mandated minimum", "inzet 0-1"),
            ("extra share", "aandeel 0-1"), ("groups", "aantal"), ("payments", "aantal"), ("investigated", "aantal"),
            ("fraudulent credits", "aantal per dag"), ("mule accounts", "aantal"), ("parallel", "aantal"),
            ("contacts", "aantal per jaar"), ("x susceptibility", "factor"), ("susceptibility multiplier", "factor"),
            ("how much", "factor"), ("elasticity", "factor"), ("exponent", "factor"), ("curvature", "factor"),
            ("log-sd", "spreiding (log)"), ("sd of", "spreiding"), ("premium loading", "factor"),
            ("largest effort", "inzet 0-1"), ("regime name", "naam"), ("rules", "regels"),
            ("python modules", "modules"), ("actor name", "per partij"), ("sectors", "sectoren"),
            ("group targeted", "doelgroep"), ("identification", "factor"), ("caution score", "score 0-1"),
            ("EUR per contact", "EUR per contact"), ("EUR per new", "EUR per middel"),
            ("EUR per investigated", "EUR per zaak"), ("EUR per victim", "EUR per slachtoffer"),
            ("EUR per recruited", "EUR per rekening"), ("EUR to register", "EUR per aangifte"))


def unit_text(unit: str, lang: str) -> str:
    """A parameter's unit: as the schema writes it in English; in Dutch the kind of unit (EUR per
    melding, aandeel 0-1, dagen, ...), longest matching start first."""
    if norm_lang(lang) != "nl" or not unit:
        return unit
    low = unit.lower()
    for en, nl in sorted(_UNIT_NL, key=lambda p: -len(p[0])):
        if low.startswith(en.lower()):
            return nl
    return unit


def value_text(key: str, value: Any, lang: str) -> str:
    """A parameter value for people: on/off in words, regimes and sectors by name, numbers in the
    language's format."""
    i = _lang_index(lang)
    if isinstance(value, bool):
        return t("on", lang) if value else t("off", lang)
    if key == "liability.regime" and isinstance(value, str):
        return regime_name(value, lang)
    if key in VALUE_TEXT and isinstance(value, str):
        return VALUE_TEXT[key].get(value, (value, value))[i]
    if isinstance(value, (int, float)):
        if float(value).is_integer() and abs(value) >= 1000:
            return fmt_number(value, lang, 0)
        text = f"{value:g}"
        return text.replace(".", ",") if norm_lang(lang) == "nl" else text
    if isinstance(value, list):
        if all(isinstance(x, str) for x in value):
            return ", ".join(_member_name(x, lang) for x in value) or "–"
        if all(not isinstance(x, dict) for x in value):
            return ", ".join(value_text(key, x, lang) for x in value)
        return f"{len(value)} x"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {value_text(key, v, lang)}" for k, v in value.items())
    if value is None:
        return "–"
    return str(value)


def _member_name(x: str, lang: str) -> str:
    if x == "police":
        return "Politie" if norm_lang(lang) == "nl" else "Police"
    if x in FRAUD_TYPES:
        return fraud_type_name(x, lang)
    return sector_name(x, lang)


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("é", "e").replace("ë", "e")).strip()


def param_matches(key: str, query: str, schema_text: str = "", source: str = "") -> bool:
    """Whether a search finds the parameter, in Dutch or English: its names and descriptions in both
    languages, its key, unit and source ('kosten' and 'cost' both find the cost parameters)."""
    words = _fold(query).split()
    if not words:
        return True
    haystack = _fold(" ".join([key, schema_text, source] + [param_name(key, lang) + " " +
                                                             param_description(key, lang, schema_text)
                                                             for lang in ("nl", "en")]))
    return all(w in haystack for w in words)
