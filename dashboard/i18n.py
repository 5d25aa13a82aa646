"""Dutch and English for the dashboard and the HTML report: every label, KPI name and
explanation, and number formatting per language (EUR 1.234.567 in Dutch, EUR 1,234,567 in English).

Owns the words people read. Dutch is the default language. Must not import streamlit or sim's
engine: the report and the figure builders use it outside a running app.
"""

from __future__ import annotations

import math
import re

from babel.numbers import format_decimal
from fraudchain.scenarios.fraud_types import FRAUD_TYPES

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"

# ---------------------------------------------------------------------------------------------
# KPI names and one-line explanations: key -> {lang: (name, explanation)}
KPI_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    "fraud_attempts": {"nl": ("Fraudepogingen", "Contacten van fraudeurs die een persoon of bedrijf bereikten."),
                       "en": ("Fraud attempts", "Contacts by fraudsters that reached a person or firm.")},
    "victims": {"nl": ("Slachtoffers", "Personen en mkb-bedrijven die geld verloren (landelijk, per jaar)."),
                "en": ("Victims", "Persons and SMEs who lost money (national, per year).")},
    "gross_loss_eur": {"nl": ("Bruto schade", "Geld dat van de rekeningen van slachtoffers verdween."),
                       "en": ("Gross loss", "Money that left victims' accounts.")},
    "recovered_eur": {"nl": ("Teruggehaald", "Bevroren of teruggeroepen en aan slachtoffers teruggegeven."),
                      "en": ("Recovered", "Frozen or recalled and returned to victims.")},
    "net_loss_eur": {"nl": ("Netto schade", "Bruto schade min wat is teruggehaald."),
                     "en": ("Net loss", "Gross loss minus what was recovered.")},
    "reimbursed_eur": {"nl": ("Vergoed", "Door banken, platforms, telecom of verzekeraars aan slachtoffers betaald."),
                       "en": ("Reimbursed", "Paid to victims by banks, platforms, telecoms or insurers.")},
    "reimbursed_share": {"nl": ("Vergoed deel", "Welk deel van de netto schade aan slachtoffers is vergoed."),
                         "en": ("Reimbursed share", "Share of the net loss paid back to victims.")},
    "loss_borne_victims_eur": {"nl": ("Schade gedragen door slachtoffers", "Wat slachtoffers zelf dragen."),
                               "en": ("Loss borne by victims", "What victims carry themselves.")},
    "loss_borne_banks_eur": {"nl": ("Schade gedragen door banken", "Vergoedingen betaald door banken."),
                             "en": ("Loss borne by banks", "Reimbursements paid by banks.")},
    "loss_borne_platforms_eur": {"nl": ("Schade gedragen door platforms", "Vergoedingen betaald door online platforms."),
                                 "en": ("Loss borne by platforms", "Reimbursements paid by online platforms.")},
    "loss_borne_telecoms_eur": {"nl": ("Schade gedragen door telecom", "Vergoedingen betaald door telecomaanbieders."),
                                "en": ("Loss borne by telecoms", "Reimbursements paid by telecom operators.")},
    "loss_borne_insurers_eur": {"nl": ("Schade gedragen door verzekeraars", "Uitkeringen van verzekeraars."),
                                "en": ("Loss borne by insurers", "Claims paid by insurers.")},
    "prevention_spend_banks_eur": {"nl": ("Preventie banken", "Uitgaven van banken aan preventie en detectie."),
                                   "en": ("Prevention: banks", "Banks' spending on prevention and detection.")},
    "prevention_spend_platforms_eur": {"nl": ("Preventie platforms", "Uitgaven van platforms aan preventie."),
                                       "en": ("Prevention: platforms", "Platforms' spending on prevention.")},
    "prevention_spend_telecoms_eur": {"nl": ("Preventie telecom", "Uitgaven van telecomaanbieders aan preventie."),
                                      "en": ("Prevention: telecoms", "Telecom operators' spending on prevention.")},
    "prevention_spend_eur": {"nl": ("Preventie totaal", "Alle uitgaven aan preventie en detectie samen."),
                             "en": ("Prevention, total", "All spending on prevention and detection.")},
    "social_cost_eur": {"nl": ("Maatschappelijke kosten", "Netto schade + preventie + maatregelen + frictie + "
                               "afhandeling van meldingen + publieke kosten + schade voor slachtoffers (elke euro "
                               "één keer)."),
                        "en": ("Social cost", "Net loss + prevention + measures + friction + handling of reports + "
                               "public cost + victims' harm (each euro once).")},
    "measure_cost_eur": {"nl": ("Kosten maatregelen", "Invoering (eenmalig, afgeschreven) en jaarlijkse kosten van "
                                "maatregelen, deel van banken, platforms, telecom en verzekeraars."),
                         "en": ("Cost of measures", "One-off (annualised) and yearly cost of measures, the share "
                                "of banks, platforms, telecoms and insurers.")},
    "friction_cost_eur": {"nl": ("Frictiekosten", "Tijd en afgebroken betalingen of verkopen van bonafide "
                                 "gebruikers door maatregelen."),
                          "en": ("Friction cost", "Legitimate users' time and abandoned payments or sales caused "
                                 "by measures.")},
    "victim_harm_eur": {"nl": ("Schade slachtoffers (niet-financieel)", "Verlies aan welzijn per slachtoffer naar "
                               "fraudevorm en schadebedrag, plus tijd voor het melden."),
                        "en": ("Victims' harm (non-financial)", "Wellbeing lost per victim by fraud type and loss, "
                               "plus time spent reporting.")},
    "victim_time_eur": {"nl": ("Tijd slachtoffers", "Tijd die slachtoffers kwijt zijn aan loketten, in euro."),
                        "en": ("Victims' time", "Time victims spend contacting desks, in EUR.")},
    "sector_bill_government_eur": {"nl": ("Rekening overheid", "Hetzelfde als de publieke kosten: maatregelen plus "
                                          "politie, Fraudehelpdesk, loket en slachtofferhulp."),
                                   "en": ("Government's bill", "The same as the public cost: measures plus police, "
                                          "Fraudehelpdesk, desk and victim support.")},
    "fraudster_profit_eur": {"nl": ("Winst fraudeurs", "Uitgecashte opbrengst min de kosten van fraudeurs."),
                             "en": ("Fraudsters' profit", "Proceeds cashed out minus fraudsters' costs.")},
    "reporting_rate": {"nl": ("Meldingsbereidheid", "Deel van de slachtoffers dat ergens melding deed."),
                       "en": ("Reporting rate", "Share of victims who reported anywhere.")},
    "police_report_rate": {"nl": ("Aangiftebereidheid", "Deel van de slachtoffers dat melding of aangifte deed bij "
                                  "de politie (ook online, zoals het CBS telt)."),
                           "en": ("Police report rate", "Share of victims who filed a police report (online forms "
                                  "included, as CBS counts it).")},
    "police_registration_rate": {"nl": ("Aangifte geregistreerd", "Deel van de slachtoffers van wie de politie de "
                                        "aangifte registreerde."),
                                 "en": ("Registered by the police", "Share of victims whose report the police "
                                        "registered.")},
    "mean_desks_contacted": {"nl": ("Loketten per melder", "Hoeveel loketten een melder gemiddeld moest benaderen."),
                             "en": ("Desks per reporter", "Desks a reporting victim had to contact, on average.")},
    "median_days_to_reimbursement": {"nl": ("Dagen tot vergoeding", "Mediaan, voor slachtoffers die vergoed zijn."),
                                     "en": ("Days to reimbursement", "Median, for victims who were reimbursed.")},
    "median_days_to_takedown": {"nl": ("Dagen tot uitschakelen",
                                       "Mediaan van eerste gebruik van een fraudemiddel (rekening, nummer, "
                                       "advertentie, site) tot het uit de lucht is."),
                                "en": ("Days to takedown",
                                       "Median from first use of a fraud instrument (account, number, ad, site) "
                                       "to its takedown.")},
    "median_mule_account_lifetime_days": {"nl": ("Levensduur geldezelrekening",
                                                 "Mediaan dagen van eerste frauduleuze bijschrijving tot blokkade."),
                                          "en": ("Mule-account lifetime",
                                                 "Median days from first fraudulent credit to the block.")},
    "suspects_identified_share": {"nl": ("Pakkans", "Deel van de aangiftes waarin een verdachte in beeld komt."),
                                  "en": ("Suspect identified", "Share of police reports in which a suspect is "
                                         "identified.")},
    "hub_members": {"nl": ("Deelnemers fraudehub", "Organisaties in de fraudehub aan het eind."),
                    "en": ("Fraud-hub members", "Organisations in the fraud hub at the end.")},
    "sector_bill_banks_eur": {"nl": ("Rekening banken", "Gedragen schade + preventie-uitgaven van banken."),
                              "en": ("Banks' bill", "Loss borne + prevention spend of banks.")},
    "sector_bill_platforms_eur": {"nl": ("Rekening platforms", "Gedragen schade + preventie-uitgaven van platforms."),
                                  "en": ("Platforms' bill", "Loss borne + prevention spend of platforms.")},
    "sector_bill_telecoms_eur": {"nl": ("Rekening telecom", "Gedragen schade + preventie-uitgaven van telecom."),
                                 "en": ("Telecoms' bill", "Loss borne + prevention spend of telecom operators.")},
    "sector_bill_insurers_eur": {"nl": ("Rekening verzekeraars", "Uitkeringen van verzekeraars."),
                                 "en": ("Insurers' bill", "Claims paid by insurers.")},
    "sector_bill_victims_eur": {"nl": ("Rekening slachtoffers", "Schade die slachtoffers zelf dragen."),
                                "en": ("Victims' bill", "Loss victims carry themselves.")},
    "case_handling_eur": {"nl": ("Afhandelingskosten", "Kosten van banken, platforms en telecom voor het afhandelen "
                                 "van meldingen (die van de overheid zitten in de publieke kosten)."),
                          "en": ("Case handling", "Banks', platforms' and telecoms' cost of handling reports (the "
                                 "state's is in the public cost).")},
    "public_cost_eur": {"nl": ("Publieke kosten", "Alles wat de overheid betaalt: haar deel in maatregelen (hub, "
                               "campagnes, Eén Loket) en de afhandeling door politie, Fraudehelpdesk, loket en "
                               "slachtofferhulp."),
                        "en": ("Public cost", "All the state pays: its share of measures (hub, campaigns, Eén "
                               "Loket) and the handling by police, Fraudehelpdesk, desk and victim support.")},
    "support_rate": {"nl": ("Slachtofferhulp", "Deel van de slachtoffers dat hulp kreeg."),
                     "en": ("Victim support", "Share of victims who received support.")},
    "repeat_victim_share": {"nl": ("Herhaald slachtoffer", "Deel van de slachtoffers dat eerder slachtoffer was."),
                            "en": ("Repeat victims", "Share of victims who were victimised before.")},
    "mean_caution_shift": {"nl": ("Verandering voorzichtigheid", "Gemiddelde verschuiving in voorzichtigheid."),
                           "en": ("Change in caution", "Mean shift in caution.")},
    "fraudster_groups": {"nl": ("Fraudegroepen", "Actieve fraudegroepen (gemiddeld)."),
                         "en": ("Fraudster groups", "Active fraudster groups (mean).")},
    "bank_sending_effort": {"nl": ("Inzet banken (verzendend)", "Preventie-inzet 0-1 aan de betaalkant."),
                            "en": ("Bank effort (sending)", "Prevention effort 0-1 on the paying side.")},
    "bank_receiving_effort": {"nl": ("Inzet banken (ontvangend)", "Inzet 0-1 tegen geldezelrekeningen."),
                              "en": ("Bank effort (receiving)", "Effort 0-1 against mule accounts.")},
    "platform_effort": {"nl": ("Inzet platforms", "Preventie-inzet 0-1 van platforms."),
                        "en": ("Platform effort", "Prevention effort 0-1 of platforms.")},
    "telecom_effort": {"nl": ("Inzet telecom", "Preventie-inzet 0-1 van telecomaanbieders."),
                       "en": ("Telecom effort", "Prevention effort 0-1 of telecom operators.")},
    "penalties_eur": {"nl": ("Boetes", "Boetes voor het schenden van zorgplichten."),
                      "en": ("Penalties", "Penalties for breaching duties.")},
    "median_days_to_help": {"nl": ("Dagen tot hulp", "Mediaan dagen van schade tot een slachtoffer hulp krijgt."),
                            "en": ("Days to help", "Median days from loss to a victim getting help.")},
    "loket_share": {"nl": ("Via Eén Loket", "Deel van de meldingen dat via Eén Loket binnenkwam."),
                    "en": ("Via one desk", "Share of reports that came in through the single desk (Eén Loket).")},
    # claims at the payment service provider (issue 11)
    "claim_rate": {"nl": ("Claimt bij bank", "Deel van de slachtoffers dat bij de eigen bank om vergoeding vroeg."),
                   "en": ("Claims at the bank", "Share of victims who claimed at their payment service provider.")},
    "claimed_returned_share": {
        "nl": ("Terug van geclaimd", "Vergoed + teruggehaald als deel van de geclaimde schade binnen de regels "
               "(zoals de Britse PSR meet)."),
        "en": ("Returned of claimed", "Reimbursed + recovered over the loss claimed in scope (as the UK PSR "
               "measures it).")},
    "app_claimed_returned_share": {
        "nl": ("Terug van geclaimde APP-schade", "Als de Britse PSR meet: vergoed + teruggehaald als deel van de "
               "geclaimde schade op overboekingen binnen de regels, zonder chargebacks van kaartbetalingen."),
        "en": ("Returned of claimed APP loss", "As the UK PSR measures it: reimbursed + recovered over the loss "
               "claimed on push payments in scope, without card chargebacks.")},
    "claims_refused_share": {"nl": ("Claims afgewezen", "Deel van de claims dat werd afgewezen (buiten de regels, "
                                    "grove nalatigheid, te laat, geweigerd)."),
                             "en": ("Claims refused", "Share of claims refused (outside scope, gross negligence, "
                                    "out of time, declined).")},
    "unclaimed_victims_share": {"nl": ("Niet geclaimd", "Slachtoffers die nooit claimden en schade dragen."),
                                "en": ("Never claimed", "Victims who never claimed and carry a loss.")},
    "unclaimed_victim_loss_eur": {"nl": ("Schade zonder claim", "Schade die slachtoffers dragen die nooit claimden."),
                                  "en": ("Loss never claimed", "Loss carried by victims who never claimed.")},
}

SECTORS = ("victims", "banks", "platforms", "telecoms", "insurers")
SECTOR_TEXT = {
    "victims": {"nl": "Slachtoffers", "en": "Victims"},
    "banks": {"nl": "Banken", "en": "Banks"},
    "platforms": {"nl": "Platforms", "en": "Platforms"},
    "telecoms": {"nl": "Telecom", "en": "Telecoms"},
    "insurers": {"nl": "Verzekeraars", "en": "Insurers"},
}
CHANNEL_TEXT = {
    "call": {"nl": "Telefoon (gesprek)", "en": "Phone call"},
    "sms": {"nl": "Sms", "en": "SMS"},
    "email": {"nl": "E-mail", "en": "E-mail"},
    "messaging": {"nl": "Berichtenapp", "en": "Messaging app"},
    "marketplace": {"nl": "Online marktplaats", "en": "Marketplace"},
    "social_ads": {"nl": "Sociale media / advertenties", "en": "Social media / ads"},
    "dating": {"nl": "Datingplatform", "en": "Dating platform"},
}
VICTIM_KIND_TEXT = {
    "consumer": {"nl": "Consument", "en": "Consumer"},
    "micro": {"nl": "Micro-onderneming", "en": "Micro firm"},
    "sme": {"nl": "Mkb-bedrijf", "en": "SME"},
    "SME": {"nl": "Mkb (bedrijf)", "en": "SME (firm)"},
}

# ---------------------------------------------------------------------------------------------
# Every other label: key -> {lang: text}. Placeholders use str.format names.
STRINGS: dict[str, dict[str, str]] = {
    # how often a scenario beats the reference, beside each ranked bar (dashboard/headline.py, chance_text)
    "chance_worlds": {"nl": "beter in {pct} van de plausibele werelden", "en": "better in {pct} of plausible worlds"},
    "chance_replications": {"nl": "beter in {k} van {n} herhalingen", "en": "better in {k} of {n} replications"},
    "app_title": {"nl": "Online fraude in Nederland: wie betaalt, wat werkt?",
                  "en": "Online fraud in the Netherlands: who pays, what works?"},
    "app_subtitle": {"nl": "Een simulatie van de fraudeketen: consumenten, mkb, banken, platforms, telecom, "
                           "verzekeraars, fraudeurs en geldezels onder verschillende regels.",
                     "en": "A simulation of the fraud chain: consumers, SMEs, banks, platforms, telecoms, "
                           "insurers, fraudsters and money mules under different rules."},
    "language": {"nl": "Taal", "en": "Language"},
    "view": {"nl": "Onderdeel", "en": "Section"},
    "view_compare": {"nl": "Vergelijken", "en": "Compare"},
    "view_builder": {"nl": "Scenario samenstellen", "en": "Scenario builder"},
    "view_model": {"nl": "Model en bronnen", "en": "Model and sources"},
    "view_value": {"nl": "Wat levert het op?", "en": "What does it buy?"},
    "country": {"nl": "Land", "en": "Country"},
    "country_help": {"nl": "Het landenpakket waarvan de scenario's getoond worden: zijn basislijn en zijn hervormingen "
                           "(scenarios/countries/). Scenario's van verschillende landen vergelijk je niet met elkaar.",
                     "en": "The country pack whose scenarios are offered: its baseline and its reforms "
                           "(scenarios/countries/). Scenarios of different countries are not compared with each other."},
    "country_nl": {"nl": "Nederland", "en": "Netherlands"},
    "country_uk": {"nl": "Verenigd Koninkrijk", "en": "United Kingdom"},
    "scenarios": {"nl": "Scenario's (2 tot 4)", "en": "Scenarios (2 to 4)"},
    "scenarios_help": {"nl": "Het eerste scenario is de referentie: verschillen zijn ten opzichte daarvan, "
                             "gepaard per seed.",
                       "en": "The first scenario is the reference: differences are against it, paired by seed."},
    "need_two": {"nl": "Kies minstens twee scenario's om te vergelijken.",
                 "en": "Pick at least two scenarios to compare."},
    "seeds": {"nl": "Herhalingen (seeds)", "en": "Replications (seeds)"},
    "seeds_help": {"nl": "Meer herhalingen geven smallere onzekerheidsmarges maar duren langer.",
                   "en": "More replications give narrower uncertainty bands but take longer."},
    "agents": {"nl": "Gesimuleerde consumenten", "en": "Simulated consumers"},
    "agents_help": {"nl": "Uitkomsten worden altijd opgeschaald naar heel Nederland (15 mln personen 15+).",
                    "en": "Results are always scaled to the whole country (15 M people aged 15+)."},
    "years": {"nl": "Gesimuleerde jaren", "en": "Simulated years"},
    "years_help": {"nl": "KPI's gaan over het laatste jaar; eerdere jaren laten partijen zich aanpassen.",
                   "en": "KPIs cover the last year; earlier years let actors adapt."},
    "scale": {"nl": "Rekenomvang", "en": "Scale"},
    "running": {"nl": "Simuleren: {name} ({done}/{total} herhalingen klaar)",
                "en": "Simulating: {name} ({done}/{total} replications done)"},
    "versus": {"nl": "{b} vergeleken met {a}", "en": "{b} compared with {a}"},
    "interval": {"nl": "95 %-interval: {lo} tot {hi}", "en": "95 % interval: {lo} to {hi}"},
    "diff_interval": {"nl": "verschil: {lo} tot {hi}", "en": "difference: {lo} to {hi}"},
    "vs_ref": {"nl": "t.o.v. {a}", "en": "vs {a}"},
    "key_figures": {"nl": "Kerncijfers", "en": "Key figures"},
    "charts": {"nl": "Grafieken", "en": "Charts"},
    "params_differ": {"nl": "Waarin de scenario's verschillen", "en": "Where the scenarios differ"},
    "params_same": {"nl": "De scenario's hebben dezelfde parameters.", "en": "The scenarios have the same "
                    "parameters."},
    "param": {"nl": "Parameter", "en": "Parameter"},
    "unit": {"nl": "Eenheid", "en": "Unit"},
    "source": {"nl": "Bron of aanname", "en": "Source or assumption"},
    "default": {"nl": "Standaard", "en": "Default"},
    "description": {"nl": "Omschrijving", "en": "Description"},
    "reforms_row": {"nl": "Maatregelen (dag: wijziging)", "en": "Reforms (day: change)"},
    "export": {"nl": "Delen en exporteren", "en": "Share and export"},
    "share_link": {"nl": "De link in de adresbalk bevat de gekozen scenario's en instellingen: wie hem opent, "
                         "ziet dezelfde vergelijking.",
                   "en": "The link in the address bar holds the chosen scenarios and settings: whoever opens it "
                         "sees the same comparison."},
    "download_csv": {"nl": "Kerncijfers als CSV", "en": "KPIs as CSV"},
    "download_html": {"nl": "Rapport als HTML (werkt offline)", "en": "Report as HTML (works offline)"},
    "make_report": {"nl": "Rapport maken", "en": "Build report"},
    "sankey_for": {"nl": "Geldstroom voor scenario", "en": "Money flow for scenario"},
    # figures
    "fig_losses_time": {"nl": "Netto schade per kwartaal, per fraudevorm", "en": "Net loss per quarter, by fraud type"},
    "eur_per_quarter": {"nl": "EUR per kwartaal", "en": "EUR per quarter"},
    "params_full": {"nl": "Met eenheid en bron", "en": "With unit and source"},
    "fig_losses_time_sub": {"nl": "lijn: gemiddelde; band: 95 %-interval over herhalingen; stippellijn: "
                                  "maatregel gaat in",
                            "en": "line: mean; band: 95 % interval across replications; dotted line: policy "
                                  "takes effect"},
    "fig_total_time": {"nl": "Netto schade per maand, alle fraudevormen", "en": "Net loss per month, all fraud types"},
    "fig_bearers": {"nl": "Wie draagt de schade?", "en": "Who bears the loss?"},
    "fig_sankey": {"nl": "Van fraudevorm via kanaal naar wie de schade draagt ({name})",
                   "en": "From fraud type through channel to who bears the loss ({name})"},
    "fig_sector_bill": {"nl": "Rekening per sector: gedragen schade + preventie", "en": "Each sector's bill: loss "
                        "borne + prevention"},
    "fig_sector_total": {"nl": "Totaal", "en": "Total"},
    "fig_sector_bill_sub": {"nl": "vol: gedragen schade; gearceerd: preventie; streepje: 95 %-interval van het totaal",
                            "en": "solid: loss borne; hatched: prevention; whisker: 95 % interval of the total"},
    "fig_detection": {"nl": "Opsporingssnelheid", "en": "Detection speed"},
    "within": {"nl": "binnen", "en": "within"},
    "share_taken_down": {"nl": "aandeel uitgeschakeld", "en": "share taken down"},
    "fig_detection_sub": {"nl": "aandeel fraudemiddelen (nummers, accounts, sites) en geldezelrekeningen dat binnen "
                                "x dagen na eerste gebruik is uitgeschakeld; laatste jaar, alle herhalingen",
                          "en": "share of fraud instruments (numbers, accounts, sites) and mule accounts taken down "
                                "within x days of first use; last year, all replications"},
    "fig_victim_outcomes": {"nl": "Hoe het slachtoffers vergaat", "en": "Victim outcomes"},
    "fig_profit": {"nl": "Winst van fraudeurs en verschuiving tussen fraudevormen",
                   "en": "Fraudsters' profit and displacement between fraud types"},
    "fig_profit_left": {"nl": "Winst fraudeurs per jaar", "en": "Fraudsters' profit per year"},
    "fig_profit_right": {"nl": "Fraudepogingen per fraudevorm, verschil met {a}",
                         "en": "Fraud attempts by fraud type, change vs {a}"},
    "fig_victims_who": {"nl": "Wie de slachtoffers zijn", "en": "Who the victims are"},
    "age_band": {"nl": "Leeftijd", "en": "Age band"},
    "digital_skill": {"nl": "Digitale vaardigheid", "en": "Digital skill"},
    "vulnerability": {"nl": "Kwetsbaarheid", "en": "Vulnerability"},
    "victim_kind": {"nl": "Consument of mkb", "en": "Consumer or SME"},
    "vulnerable": {"nl": "Kwetsbaar", "en": "Vulnerable"},
    "not_vulnerable": {"nl": "Niet kwetsbaar", "en": "Not vulnerable"},
    "skill_low": {"nl": "laag", "en": "low"},
    "skill_mid": {"nl": "midden", "en": "medium"},
    "skill_high": {"nl": "hoog", "en": "high"},
    "not_applicable": {"nl": "n.v.t. (bedrijf)", "en": "n/a (firm)"},
    "loss_borne": {"nl": "Gedragen schade", "en": "Loss borne"},
    "prevention": {"nl": "Preventie", "en": "Prevention"},
    "week": {"nl": "Week", "en": "Week"},
    "date": {"nl": "Datum", "en": "Date"},
    "eur_per_month": {"nl": "EUR per maand", "en": "EUR per month"},
    "eur_per_year": {"nl": "EUR per jaar", "en": "EUR per year"},
    "victims_per_year": {"nl": "Slachtofferschappen per jaar", "en": "Victimisations per year"},
    "days": {"nl": "dagen", "en": "days"},
    "scenario": {"nl": "Scenario", "en": "Scenario"},
    "sector": {"nl": "Sector", "en": "Sector"},
    "fraud_type": {"nl": "Fraudevorm", "en": "Fraud type"},
    "channel": {"nl": "Kanaal", "en": "Channel"},
    "bearer": {"nl": "Wie betaalt", "en": "Who pays"},
    "no_data": {"nl": "geen gegevens", "en": "no data"},
    "policy_change": {"nl": "Maatregel: {label}", "en": "Policy: {label}"},
    "change_pct": {"nl": "verandering (%)", "en": "change (%)"},
    # builder
    "builder_intro": {"nl": "Begin bij een bestaand scenario en verander de knoppen. Elke knop heeft een korte "
                            "uitleg en de bron van zijn standaardwaarde. Het resultaat is te downloaden als TOML "
                            "en toe te voegen aan de vergelijking.",
                      "en": "Start from an existing scenario and change the levers. Each lever has a short "
                            "explanation and the source of its default value. Download the result as TOML or add "
                            "it to the comparison."},
    "base_scenario": {"nl": "Startpunt", "en": "Start from"},
    "start_day": {"nl": "Wanneer gaan de wijzigingen in?", "en": "When do the changes take effect?"},
    "start_day_0": {"nl": "Vanaf het begin (dag 0)", "en": "From the start (day 0)"},
    "start_day_365": {"nl": "Begin jaar 2 (dag 365): jaar 1 is de referentie",
                      "en": "Start of year 2 (day 365): year 1 is the reference"},
    "start_day_730": {"nl": "Begin jaar 3 (dag 730)", "en": "Start of year 3 (day 730)"},
    "new_name": {"nl": "Naam van het nieuwe scenario", "en": "Name of the new scenario"},
    "name_taken": {"nl": "'{name}' is al een ingebouwd scenario; kies een andere naam.",
                   "en": "'{name}' is already a built-in scenario; choose another name."},
    "source_label": {"nl": "Bron", "en": "Source"},
    "changes": {"nl": "Jouw wijzigingen", "en": "Your changes"},
    "no_changes": {"nl": "Nog geen wijzigingen ten opzichte van het startpunt.",
                   "en": "No changes from the starting point yet."},
    "advanced": {"nl": "Gevorderd: elke parameter aanpassen (sleutel=waarde, één per regel)",
                 "en": "Advanced: change any parameter (key=value, one per line)"},
    "advanced_help": {"nl": "Bijvoorbeeld banks.daily_limit_eur=5000. Alle sleutels staan onder 'Model en bronnen'.",
                      "en": "For example banks.daily_limit_eur=5000. Every key is listed under 'Model and sources'."},
    "valid": {"nl": "Het scenario is geldig.", "en": "The scenario is valid."},
    "invalid": {"nl": "Het scenario is nog niet geldig:", "en": "The scenario is not valid yet:"},
    "bad_line": {"nl": "Regel '{line}': verwacht sleutel=waarde", "en": "Line '{line}': expected key=value"},
    "download_toml": {"nl": "Download als TOML", "en": "Download as TOML"},
    "add_to_compare": {"nl": "Toevoegen aan de vergelijking", "en": "Add to the comparison"},
    "added": {"nl": "'{name}' staat in de vergelijking.", "en": "'{name}' is in the comparison."},
    "too_many": {"nl": "Er staan al 4 scenario's in de vergelijking; haal er eerst één weg.",
                 "en": "The comparison already has 4 scenarios; remove one first."},
    "upload": {"nl": "Scenario uploaden (TOML, max. {kb} kB)", "en": "Upload a scenario (TOML, max {kb} kB)"},
    "upload_help": {"nl": "Het bestand wordt alleen als gegevens gelezen en gecontroleerd, nooit uitgevoerd.",
                    "en": "The file is only read as data and validated, never executed."},
    "upload_ok": {"nl": "'{name}' is geldig en staat in de vergelijking.",
                  "en": "'{name}' is valid and is in the comparison."},
    "upload_too_big": {"nl": "{file}: groter dan {kb} kB", "en": "{file}: larger than {kb} kB"},
    "upload_not_text": {"nl": "{file}: geen UTF-8-tekstbestand", "en": "{file}: not a UTF-8 text file"},
    "upload_extends": {"nl": "{file}: extends moet een ingebouwd scenario zijn ({names})",
                       "en": "{file}: extends must be a built-in scenario ({names})"},
    "upload_extensions": {"nl": "{file}: extensions (Python-modules) zijn bij uploaden niet toegestaan",
                          "en": "{file}: extensions (Python modules) are not allowed in uploads"},
    "bad_scenario_link": {"nl": "Scenario uit de link niet geladen: {problem}",
                          "en": "Scenario from the link not loaded: {problem}"},
    "on": {"nl": "aan", "en": "on"},
    "off": {"nl": "uit", "en": "off"},
    "to": {"nl": "tot", "en": "to"},
    "government": {"nl": "Overheid", "en": "Government"},
    "day_word": {"nl": "dag", "en": "day"},
    "builder_default_description": {"nl": "Eigen scenario, samengesteld vanuit '{base}'.",
                                    "en": "Own scenario, built from '{base}'."},
    "policy_changes": {"nl": "Maatregelen (dag: maatregel)", "en": "Policy changes (day: policy)"},
    "report_settings": {"nl": "Instellingen", "en": "Settings"},
    "diff_interval_range": {"nl": "verschil: {range}", "en": "difference: {range}"},
    "work_too_large": {"nl": "Deze berekening is te groot voor het dashboard: {runs} herhalingen x {agents} "
                             "consumenten x {years} jaar is {work} mln persoonjaren (grens: {cap} mln). Kies minder "
                             "herhalingen, consumenten, jaren of scenario's, of reken via de opdrachtregel.",
                       "en": "This computation is too large for the dashboard: {runs} replications x {agents} "
                             "consumers x {years} years is {work} m person-years (limit: {cap} m). Choose fewer "
                             "replications, consumers, years or scenarios, or use the command line."},
    "computing": {"nl": "Rekenen: {done} van {total} herhalingen klaar", "en": "Computing: {done} of {total} "
                  "replications done"},
    "secs_left": {"nl": "nog ongeveer {n} s", "en": "about {n} s left"},
    "mins_left": {"nl": "nog ongeveer {n} min", "en": "about {n} min left"},
    "bad_change_link": {"nl": "Wijziging uit de link niet overgenomen: {problem}",
                        "en": "Change from the link not applied: {problem}"},
    "reform_outside": {"nl": "{name}: de maatregel gaat in op dag {day}, maar er worden maar {years} jaar ({days} "
                             "dagen) gesimuleerd. In deze berekening is het scenario dus gelijk aan zijn startpunt; "
                             "kies meer jaren.",
                       "en": "{name}: the policy takes effect on day {day}, but only {years} years ({days} days) "
                             "are simulated. In this run the scenario therefore equals its starting point; choose "
                             "more years."},
    "friendly_error": {"nl": "Er ging iets mis bij het tonen van deze pagina ({kind}). Controleer de link of kies "
                             "andere instellingen; de details staan in het serverlog.",
                       "en": "Something went wrong showing this page ({kind}). Check the link or choose other "
                             "settings; details are in the server log."},
    "scale_line": {"nl": "Rekenomvang: {seeds} herhalingen x {agents} gesimuleerde consumenten x {years} jaar "
                         "(uitkomsten opgeschaald naar heel Nederland; kerncijfers over het laatste jaar).",
                   "en": "Scale: {seeds} replications x {agents} simulated consumers x {years} years (results "
                         "scaled to the whole country; key figures over the last year)."},
    "few_seeds": {"nl": "Let op: de intervallen rusten op {seeds} herhaling(en); met minder dan 4 zijn ze "
                        "onbetrouwbaar breed of smal.",
                  "en": "Note: the intervals rest on {seeds} replication(s); with fewer than 4 they are unreliably "
                        "wide or narrow."},
    # headline
    "headline": {"nl": "De uitkomst in het kort", "en": "The result in brief"},
    "headline_kpi": {"nl": "Vergelijk op", "en": "Compare on"},
    "headline_best": {"nl": "{who} verlaagt de {kpi} het meest: {diff} per jaar ten opzichte van {ref} "
                            "(95 %-interval {lo}).",
                      "en": "{who} lowers {kpi} the most: {diff} a year compared with {ref} (95 % interval {lo})."},
    "headline_best_up": {"nl": "{who} verhoogt de {kpi} het meest: {diff} ten opzichte van {ref} "
                               "(95 %-interval {lo}).",
                         "en": "{who} raises {kpi} the most: {diff} compared with {ref} (95 % interval {lo})."},
    "headline_none": {"nl": "Bij deze rekenomvang verschilt geen van de scenario's aantoonbaar van {ref} in {kpi}: "
                            "elk interval omvat nul.",
                      "en": "At this scale none of the scenarios differs demonstrably from {ref} in {kpi}: every "
                            "interval includes zero."},
    "headline_worse": {"nl": "{who} maakt de {kpi} aantoonbaar slechter: {diff} ten opzichte van {ref}.",
                       "en": "{who} makes {kpi} demonstrably worse: {diff} compared with {ref}."},
    "not_significant": {"nl": "geen aantoonbaar verschil", "en": "no demonstrable difference"},
    "better": {"nl": "beter", "en": "better"},
    "worse": {"nl": "slechter", "en": "worse"},
    "fig_ranked": {"nl": "Verschil met {ref}: {kpi}", "en": "Difference from {ref}: {kpi}"},
    "fig_ranked_sub": {"nl": "per jaar, gepaard per herhaling; streep: 95 %-interval; grijs: interval omvat nul "
                             "(geen aantoonbaar verschil)",
                       "en": "per year, paired by replication; whisker: 95 % interval; grey: interval includes "
                             "zero (no demonstrable difference)"},
    "fig_who_pays": {"nl": "Wie betaalt meer, wie minder? Verschil in rekening per sector met {ref}",
                     "en": "Who pays more, who less? Change in each sector's bill vs {ref}"},
    "fig_who_pays_sub": {"nl": "gedragen schade + preventie, EUR mln per jaar; rechts: betaalt meer, links: minder; "
                               "grijs: geen aantoonbaar verschil",
                         "en": "loss borne + prevention, EUR m a year; right: pays more, left: pays less; grey: no "
                               "demonstrable difference"},
    "pays_more": {"nl": "betaalt meer", "en": "pays more"},
    "pays_less": {"nl": "betaalt minder", "en": "pays less"},
    "public_cost_card": {"nl": "Kosten voor de overheid", "en": "Cost to government"},
    "all_kpis": {"nl": "Alle kerncijfers", "en": "All key figures"},
    "ids_expander": {"nl": "Gevorderd: interne namen", "en": "Advanced: internal identifiers"},
    "ids_note": {"nl": "De namen zoals ze in scenariobestanden, links en de opdrachtregel staan.",
                 "en": "The names as used in scenario files, links and the command line."},
    "eur_mln_per_year": {"nl": "EUR mln per jaar", "en": "EUR m per year"},
    "eur_mln_per_month": {"nl": "EUR mln per maand", "en": "EUR m per month"},
    "eur_mln_per_quarter": {"nl": "EUR mln per kwartaal", "en": "EUR m per quarter"},
    "difference_axis": {"nl": "verschil", "en": "difference"},
    "csv_dutch": {"nl": "CSV in Nederlands formaat (puntkomma, decimale komma)",
                  "en": "CSV in Dutch format (semicolon, decimal comma)"},
    "upload_full": {"nl": "'{name}' is geldig, maar staat niet in de vergelijking: die heeft al 4 scenario's. Haal "
                          "er eerst één weg; '{name}' staat dan in de keuzelijst.",
                    "en": "'{name}' is valid but is not in the comparison: it already has 4 scenarios. Remove one "
                          "first; '{name}' is then in the list."},
    "new_description": {"nl": "Omschrijving (komt in rapporten en exports)",
                        "en": "Description (goes into reports and exports)"},
    "save_file": {"nl": "Opslaan als scenariobestand", "en": "Save as scenario file"},
    "copy_link": {"nl": "Link naar dit scenario (kopieer met het knopje rechtsboven in het vak)",
                  "en": "Link to this scenario (copy with the button at the top right of the box)"},
    "custom_mark": {"nl": "eigen scenario", "en": "own scenario"},
    # model page
    "model_intro": {"nl": "Hoe het model werkt, op welke aannames het rust en wat het niet kan.",
                    "en": "How the model works, what it assumes and what it cannot do."},
    "how_it_works": {"nl": "Hoe het model werkt", "en": "How the model works"},
    "assumptions": {"nl": "Belangrijkste aannames", "en": "Main assumptions"},
    "limitations": {"nl": "Bekende beperkingen", "en": "Known limitations"},
    "regimes": {"nl": "Aansprakelijkheidsregimes", "en": "Liability regimes"},
    "regime_rules": {"nl": "Regels", "en": "Rules"},
    "rule": {"nl": "Regel", "en": "Rule"},
    "cites": {"nl": "Grondslag", "en": "Cites"},
    "payers": {"nl": "Wie betaalt (aandeel)", "en": "Payers (share)"},
    "all": {"nl": "alle", "en": "all"},
    "all_params": {"nl": "Alle parameters, met eenheid en bron", "en": "Every parameter, with unit and source"},
    "params_note": {"nl": "Eenheden en bronnen staan er zoals gepubliceerd (titels van publicaties in hun eigen "
                          "taal); 'aanname' betekent: een aanname van de modelbouwers, met de reden erbij.",
                    "en": "Units and sources are shown as in the code; 'assumption' means a modellers' "
                          "assumption, with the reason given."},
    "filter": {"nl": "Zoeken in parameters", "en": "Search parameters"},
    "filter_help": {"nl": "Zoekt in het Nederlands en het Engels, bijvoorbeeld 'kosten' of 'cost'.",
                    "en": "Searches in Dutch and English, e.g. 'cost' or 'kosten'."},
    "calibration": {"nl": "Ijkpunten (publieke cijfers)", "en": "Calibration targets (public figures)"},
    "report_title": {"nl": "fraudchain: vergelijking van scenario's", "en": "fraudchain: scenario comparison"},
    "report_generated": {"nl": "Gemaakt op {date} met fraudchain {version}.",
                         "en": "Generated on {date} with fraudchain {version}."},
    "report_kpis": {"nl": "Kerncijfers (gemiddelde [95 %-interval]; verschil gepaard per seed)",
                    "en": "Key figures (mean [95 % interval]; difference paired by seed)"},
    "kpi": {"nl": "Kerncijfer", "en": "KPI"},
    "difference": {"nl": "Verschil met {a}", "en": "Difference vs {a}"},
    "p_value": {"nl": "p-waarde", "en": "p-value"},
    "explanation": {"nl": "Uitleg", "en": "Explanation"},
}

# The model page's prose: (heading key, {lang: [paragraphs]})
MODEL_TEXT: dict[str, dict[str, list[str]]] = {
    "how_it_works": {
        "nl": [
            "Eén stap is één dag. Elke dag: fraudegroepen verdelen hun pogingen over acht fraudevormen; "
            "contacten gaan door de filters van telecom en platforms; het doelwit besluit (gevoeligheid naar "
            "leeftijd, digitale vaardigheid, voorzichtigheid, kwetsbaarheid, bewustzijn en eerder slachtofferschap); "
            "de bank van de betaler controleert (monitoring en waarschuwingen, IBAN-naamcheck, limieten, vertraging); "
            "het geld komt op een geldezelrekening en wordt bevroren of opgenomen; het slachtoffer meldt bij "
            "de huidige loketten of bij Eén Loket; meldingen leiden tot terugroepen, uitschakelen en politiewerk; "
            "tot slot verdeelt het aansprakelijkheidsregime de schade, daarna keren verzekeraars uit.",
            "Banken, platforms en telecomaanbieders herzien elk kwartaal hoeveel ze in preventie steken, op basis "
            "van wat fraude hen kost. Fraudeurs verschuiven maandelijks naar de fraudevormen die het meest opleveren "
            "(verplaatsing). Alle uitkomsten worden opgeschaald naar heel Nederland en gemeten over het laatste "
            "gesimuleerde jaar.",
            "Onzekerheid: elk scenario draait meerdere keren met verschillende toevalsgetallen (seeds). De marges "
            "zijn 95 %-betrouwbaarheidsintervallen over die herhalingen. Scenario's draaien op dezelfde seeds, "
            "zodat verschillen gepaard worden vergeleken. De marges zeggen niets over de onzekerheid in de aannames "
            "zelf: daarvoor is de gevoeligheidsanalyse.",
        ],
        "en": [
            "One step is one day. Each day: fraudster groups spread their attempts over eight fraud types; contacts "
            "pass telecom and platform filters; the target decides (susceptibility by age, digital skill, caution, "
            "vulnerability, awareness and earlier victimisation); the payer's bank checks (monitoring and warnings, "
            "payee-name check, limits, delays); the money lands in a mule account and is frozen or cashed out; the "
            "victim reports at today's desks or at the single desk (Eén Loket); reports lead to recalls, takedowns "
            "and police work; finally the liability regime allocates the loss, then insurers pay out.",
            "Banks, platforms and telecom operators review their prevention effort every quarter, based on what "
            "fraud costs them. Fraudsters shift each month towards the fraud types that pay best (displacement). "
            "All results are scaled to the whole country and measured over the last simulated year.",
            "Uncertainty: each scenario runs several times with different random numbers (seeds). The bands are "
            "95 % confidence intervals across those replications. Scenarios run on the same seeds, so differences "
            "are compared in pairs. The bands say nothing about uncertainty in the assumptions themselves: that is "
            "what the sensitivity analysis is for.",
        ],
    },
    "assumptions": {
        "nl": [
            "Bevolking en bedrijven volgen CBS-verdelingen (leeftijd, digitale vaardigheid); kwetsbaarheid, "
            "spaargeld en voorzichtigheid zijn aannames.",
            "Hoe vaak mensen worden benaderd en hoe vatbaar ze zijn, is afgestemd op publieke cijfers (CBS "
            "Veiligheidsmonitor, Fraudehelpdesk, politie); waar cijfers ontbreken staat er een aanname met reden.",
            "Bewustwordingscampagnes hebben een klein, wegebbend effect: evaluaties (Nederland 2025, Denemarken "
            "2024) vonden geen meetbare gedragsverandering.",
            "De IBAN-naamcheck halveert misleide betalingen; ongeveer een derde van de waarschuwingen wordt "
            "genegeerd.",
            "Bedrijven kiezen hun inzet begrensd rationeel: ze sluiten elk kwartaal een deel van het gat naar de "
            "inzet die hun eigen kosten minimaliseert.",
        ],
        "en": [
            "Population and firms follow CBS distributions (age, digital skill); vulnerability, savings and caution "
            "are assumptions.",
            "How often people are contacted and how susceptible they are is tuned to public figures (CBS Safety "
            "Monitor, Fraudehelpdesk, police); where figures are missing an assumption is stated with its reason.",
            "Awareness campaigns have a small effect that fades: evaluations (Netherlands 2025, Denmark 2024) found "
            "no measurable change in behaviour.",
            "The payee-name check halves misdirected payments; about a third of its warnings are ignored.",
            "Firms choose their effort with bounded rationality: each quarter they close part of the gap to the "
            "effort that minimises their own cost.",
        ],
    },
    "limitations": {
        "nl": [
            "Veel parameters zijn aannames zonder harde bron; de uitkomsten tonen richting en orde van grootte, "
            "geen voorspelling.",
            "Fraudeurs zijn groepen met een eenvoudige winstregel; nieuwe fraudevormen verschijnen niet vanzelf.",
            "Juridische details van regimes (bewijslast, geschillen, termijnen) zijn vereenvoudigd tot regels met "
            "kansen en termijnen.",
            "Grensoverschrijdende fraude en banken of platforms buiten Nederland zitten er alleen indirect in.",
            "Kleinere runs (minder gesimuleerde consumenten) zijn sneller maar ruiger, vooral bij zeldzame, grote "
            "schades zoals beleggings- en factuurfraude.",
        ],
        "en": [
            "Many parameters are assumptions without a firm source; results show direction and order of magnitude, "
            "not a forecast.",
            "Fraudsters are groups with a simple profit rule; new fraud types do not emerge by themselves.",
            "Legal details of regimes (burden of proof, disputes, deadlines) are simplified to rules with "
            "probabilities and delays.",
            "Cross-border fraud and banks or platforms outside the Netherlands are only included indirectly.",
            "Smaller runs (fewer simulated consumers) are faster but noisier, especially for rare, large losses "
            "such as investment and invoice fraud.",
        ],
    },
}


def norm_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str, **kw: object) -> str:
    """The text for `key` in `lang` (falls back to English, then to the key itself)."""
    entry = STRINGS.get(key)
    text = (entry.get(norm_lang(lang)) or entry.get("en")) if entry else key
    return text.format(**kw) if kw else text


def kpi_name(kpi: str, lang: str) -> str:
    entry = KPI_TEXT.get(kpi)
    return entry[norm_lang(lang)][0] if entry else kpi.replace("_", " ")


def kpi_help(kpi: str, lang: str) -> str:
    entry = KPI_TEXT.get(kpi)
    return entry[norm_lang(lang)][1] if entry else ""


def fraud_type_name(key: str, lang: str) -> str:
    ft = FRAUD_TYPES.get(key)
    if ft is None:
        return key
    return ft.label_nl if norm_lang(lang) == "nl" else ft.label_en


def sector_name(sector: str, lang: str) -> str:
    return SECTOR_TEXT.get(sector, {}).get(norm_lang(lang), sector)


def channel_name(channel: str, lang: str) -> str:
    return CHANNEL_TEXT.get(channel, {}).get(norm_lang(lang), channel)


def victim_kind_name(kind: str, lang: str) -> str:
    return VICTIM_KIND_TEXT.get(kind, {}).get(norm_lang(lang), kind)


# ---------------------------------------------------------------------------------------------
# Numbers
BABEL_LOCALE = {"nl": "nl_NL", "en": "en_GB"}


def _group(x: float, decimals: int, lang: str) -> str:
    """Thousands separator and decimal mark of the language (babel's CLDR data): 1.234.567,8 (nl) or
    1,234,567.8 (en)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(x, format=pattern, locale=BABEL_LOCALE[norm_lang(lang)])


def eur_unit(magnitude: float, lang: str) -> tuple[float, str]:
    """The divisor and word for an amount of this size: mld/bn from 1e9, mln/m from 1e6, else euros."""
    nl = norm_lang(lang) == "nl"
    if magnitude >= 1e9:
        return 1e9, "mld" if nl else "bn"
    if magnitude >= 1e6:
        return 1e6, "mln" if nl else "m"
    return 1.0, ""


def fmt_eur_in(x: float | None, divisor: float, word: str, lang: str, sign: bool = False) -> str:
    """An amount in a given unit (so that both ends of an interval share one unit)."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    decimals = 0 if divisor == 1.0 else (2 if divisor == 1e9 else 1)
    prefix = ("+" if x > 0 else ("-" if x < 0 else "±")) if sign else ("-" if x < 0 else "")
    body = _group(abs(x) / divisor, decimals, lang)
    return f"{prefix}EUR {body}" + (f" {word}" if word else "")


def fmt_range(kpi: str, lo: float | None, hi: float | None, lang: str, sign: bool = False) -> str:
    """'lo tot hi' with one unit for both ends (amounts) and the sign shown for differences."""
    if kpi_kind(kpi) == "eur":
        finite = [abs(v) for v in (lo, hi) if v is not None and math.isfinite(v)]
        divisor, word = eur_unit(max(finite, default=0.0), lang)
        a, b = fmt_eur_in(lo, divisor, word, lang, sign), fmt_eur_in(hi, divisor, word, lang, sign)
    elif sign:
        a, b = fmt_kpi_delta(kpi, lo, lang), fmt_kpi_delta(kpi, hi, lang)
    else:
        a, b = fmt_kpi(kpi, lo, lang), fmt_kpi(kpi, hi, lang)
    return f"{a} {t('to', lang)} {b}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&\"'=^%@/;,?])")


def esc(text: object, limit: int = 400) -> str:
    """User text (URL parameters, file names, error details) made inert for Streamlit's Markdown: every
    ASCII punctuation mark backslash-escaped (no links, images, HTML, colour or LaTeX directives), bare
    URLs broken up, line breaks flattened, and long text cut."""
    flat = " ".join(str(text).split())
    if len(flat) > limit:
        flat = flat[:limit] + "…"
    out = _MD_SPECIAL.sub(r"\\\1", flat)
    # GFM turns bare URLs and e-mail addresses into links even when escaped; a zero-width space after
    # every colon and at-sign, and inside "www", breaks that without changing what people read
    out = out.replace("\\:", "\\:\u200b").replace("\\@", "\\@\u200b")
    return re.sub("(?i)w(ww)", "w\u200b\\1", out)


def fmt_number(x: float | None, lang: str, decimals: int = 0) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return _group(float(x), decimals, lang)


def fmt_eur(x: float | None, lang: str, compact: bool = False) -> str:
    """EUR 1.234.567 (nl) / EUR 1,234,567 (en); compact: EUR 1,2 mln / EUR 1.2 m, EUR 1,25 mld."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    divisor, word = eur_unit(abs(x), lang) if compact else (1.0, "")
    if divisor == 1.0:
        return f"EUR {_group(x, 0, lang)}"
    return f"EUR {_group(x / divisor, 2 if divisor == 1e9 else 1, lang)} {word}"


def fmt_count(x: float | None, lang: str, compact: bool = False) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    if compact and abs(x) >= 1e6:
        return f"{_group(x / 1e6, 2, lang)} {'mln' if norm_lang(lang) == 'nl' else 'm'}"
    return _group(x, 0, lang)


def fmt_share(x: float | None, lang: str, decimals: int = 1) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return f"{_group(100 * x, decimals, lang)} %"


def kpi_kind(kpi: str) -> str:
    """How a KPI is shown: 'eur', 'share', 'days', 'count' or 'level' (an effort or a mean)."""
    if kpi.endswith("_eur"):
        return "eur"
    if kpi.endswith(("_share", "_rate")):
        return "share"
    if "days" in kpi:
        return "days"
    if kpi in ("fraud_attempts", "victims", "hub_members", "fraudster_groups"):
        return "count"
    return "level"


def fmt_kpi(kpi: str, x: float | None, lang: str, compact: bool = True) -> str:
    """A KPI value formatted for its kind and the language."""
    kind = kpi_kind(kpi)
    if kind == "eur":
        return fmt_eur(x, lang, compact)
    if kind == "share":
        return fmt_share(x, lang)
    if kind == "days":
        return "–" if x is None or not math.isfinite(x) else f"{fmt_number(x, lang, 1)} {t('days', lang)}"
    if kind == "count":
        return fmt_count(x, lang, compact)
    return fmt_number(x, lang, 2)


def fmt_kpi_delta(kpi: str, x: float | None, lang: str) -> str:
    """A difference with its sign (+/-); shares as percentage points."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    # ASCII '-': Streamlit's metric reads the sign to choose the arrow and colour
    sign = "+" if x > 0 else ("-" if x < 0 else "±")
    if kpi_kind(kpi) == "share":
        return f"{sign}{_group(abs(100 * x), 1, lang)} {'procentpunt' if norm_lang(lang) == 'nl' else 'pp'}"
    return sign + fmt_kpi(kpi, abs(x), lang)


def plotly_separators(lang: str) -> str:
    """Plotly's layout.separators: decimal mark then thousands separator."""
    return ",." if norm_lang(lang) == "nl" else ".,"
