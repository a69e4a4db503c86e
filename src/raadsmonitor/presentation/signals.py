"""The signals worded for people: the facts of each signal as Dutch sentences, and why a rule was not
(fully) evaluated. `analysis.signals.rules` gives the values; the page, the voortgangsrapportage and the
command line take their text from here, and the JSON gives both (`feiten` and `waarden`, `opmerking` and
`reden`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from raadsmonitor.analysis.signals.rules import (
    GOAL_SUBJECTS,
    Afloop,
    Afwijking,
    Daling,
    Doelwijziging,
    Feit,
    Reden,
    Signaal,
    Statusverslechtering,
    Toetsing,
    Vervallen,
)
from raadsmonitor.domain.dates import format_datum
from raadsmonitor.presentation.changes import value_text, when_text
from raadsmonitor.presentation.formatting import aantal, format_euro, format_getal

REDENEN: dict[Reden, str] = {
    Reden.MAANDEN_ONTBREKEN: "Vul het aantal maanden in; zonder is de regel niet te toetsen.",
    Reden.DREMPEL_ONTBREEKT: "Vul een drempel in procenten of euro's in.",
    Reden.NIETS_TE_VERGELIJKEN: "Geen jaar met zowel een geraamd als een besteed bedrag; niets te vergelijken.",
    Reden.VOORTGANG_NIET_AANGESLOTEN: "De voortgangsanalyse is niet aangesloten; deze regel is niet getoetst.",
    Reden.INDICATOR_ONTBREEKT: "Kies een indicator.",
    Reden.TE_WEINIG_BEOORDELINGEN: "Minder dan twee beoordelingen: er is niets te vergelijken.",
    Reden.VERGELIJKING_NIET_AANGESLOTEN: ("De vergelijking met een peilmoment is niet aangesloten; deze regel is "
                                          "niet getoetst."),
}


def opmerking(toetsing: Toetsing) -> str | None:
    """Why the rule could not be (fully) evaluated, as a sentence; None when it could."""
    if toetsing.reden is None:
        return None
    if toetsing.reden is Reden.EINDJAAR_ONBEKEND:
        return f"{aantal(toetsing.overgeslagen, 'geldstroom', 'geldstromen')} zonder bekend eindjaar niet getoetst."
    if toetsing.reden is Reden.GEEN_VERGELIJKING:
        return toetsing.toelichting
    return REDENEN[toetsing.reden]


def _drempel(feit: Afwijking) -> str:
    parts = (f"{format_getal(feit.drempel_procent)}%" if feit.drempel_procent is not None else "",
             format_euro(feit.drempel_bedrag) if feit.drempel_bedrag is not None else "")
    return " of ".join(part for part in parts if part)


def _doelwijziging(feit: Doelwijziging) -> list[str]:
    wijziging = feit.wijziging
    subject = GOAL_SUBJECTS[wijziging.tabel]
    what = f"{wijziging.veld.capitalize()} gewijzigd." if wijziging.veld else f"{subject} {wijziging.soort.value}."
    return [what, f"Voor: {value_text(wijziging.voor, wijziging.veld)}",
            f"Na: {value_text(wijziging.na, wijziging.veld)}", f"Wanneer: {when_text(wijziging)}."]


def feiten(signaal: Signaal) -> list[str]:
    """The signal's facts as Dutch sentences: amounts as € 1.350.000, dates as 22 november 2021."""
    feit = signaal.feit
    if isinstance(feit, Afloop):
        return [f"Looptijd {feit.begin_jaar or 'onbekend'} tot en met {feit.eind_jaar}.",
                f"Laatste dag {format_datum(feit.laatste_dag)}; dat is binnen {feit.maanden} maanden na "
                f"{format_datum(feit.peildatum)}."]
    if isinstance(feit, Vervallen):
        return [f"Status: {feit.status.value}.", f"Totaalbedrag: {format_euro(feit.totaalbedrag)}."]
    if isinstance(feit, Daling):
        soort = feit.soort.value.capitalize()
        return [f"{soort} {feit.jaar - 1}: {format_euro(feit.vorig_bedrag)}.",
                f"{soort} {feit.jaar}: {format_euro(feit.bedrag)} ({format_euro(feit.verschil)} minder)."]
    if isinstance(feit, Afwijking):
        procent = None if feit.procent is None else abs(feit.procent).quantize(Decimal("0.1"))
        shown_pct = "onbekend" if procent is None else format_getal(procent) + "%"
        direction = "meer" if feit.afwijking > 0 else "minder"
        return [f"Geraamd {feit.jaar}: {format_euro(feit.geraamd)}; besteed: {format_euro(feit.besteed)}.",
                f"{format_euro(abs(feit.afwijking))} ({shown_pct}) {direction} besteed dan geraamd; de drempel is "
                f"{_drempel(feit)}."]
    if isinstance(feit, Statusverslechtering):
        return [f"Status op {format_datum(feit.voor.moment)}: {feit.voor.status}.",
                f"Status op {format_datum(feit.na.moment)}: {feit.na.status}."]
    return _doelwijziging(feit)


def _plain(value: Any) -> Any:
    """A value for JSON: amounts and percentages as numbers, dates as ISO 8601, enumerations as their text."""
    if isinstance(value, Decimal):
        value = value.normalize()
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, (str, int, float)) or value is None:
        return value
    return str(value)  # a Datum: its ISO form (2023, 2023-09, 2023-09-14)


def waarden(feit: Feit) -> dict[str, Any]:
    """The signal's facts as plain values (for JSON): the kind of fact and its figures."""
    if isinstance(feit, Afloop):
        values: dict[str, Any] = {"soort": "afloop", "begin_jaar": feit.begin_jaar, "eind_jaar": feit.eind_jaar,
                                  "laatste_dag": feit.laatste_dag, "maanden": feit.maanden,
                                  "peildatum": feit.peildatum}
    elif isinstance(feit, Vervallen):
        values = {"soort": "vervallen", "status": feit.status, "totaalbedrag": feit.totaalbedrag}
    elif isinstance(feit, Daling):
        values = {"soort": "daling", "bedragsoort": feit.soort, "jaar": feit.jaar,
                  "vorig_bedrag": feit.vorig_bedrag, "bedrag": feit.bedrag, "verschil": feit.verschil}
    elif isinstance(feit, Afwijking):
        values = {"soort": "afwijking", "jaar": feit.jaar, "geraamd": feit.geraamd, "besteed": feit.besteed,
                  "afwijking": feit.afwijking,
                  "afwijking_procent": None if feit.procent is None else feit.procent.quantize(Decimal("0.1")),
                  "drempel_procent": feit.drempel_procent, "drempel_bedrag": feit.drempel_bedrag}
    elif isinstance(feit, Statusverslechtering):
        values = {"soort": "statusverslechtering", "status_voor": feit.voor.status, "moment_voor": feit.voor.moment,
                  "status_na": feit.na.status, "moment_na": feit.na.moment}
    else:
        w = feit.wijziging
        values = {"soort": "doelwijziging", "tabel": w.tabel, "sleutel": w.sleutel, "wijziging": w.soort,
                  "veld": w.veld, "voor": w.voor, "na": w.na, "wanneer": w.wanneer,
                  "wanneer_na": w.wanneer_na, "wanneer_uiterlijk": w.wanneer_uiterlijk}
    return {key: _plain(value) for key, value in values.items()}
