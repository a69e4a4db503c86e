"""The council's calendar worded: the title and description of each entry (pages, the dashboard tile and the
iCalendar feed say the same)."""

from __future__ import annotations

from raadsmonitor.analysis.council.agenda import AgendaPunt, AgendaSoort
from raadsmonitor.domain.dates import format_datum
from raadsmonitor.domain.enums import StukSoort

QUESTIONS = (StukSoort.ARTIKEL_33_VRAGEN, StukSoort.MONDELINGE_VRAAG)


def titel(punt: AgendaPunt) -> str:
    """'Uiterste datum rapportage College over 2023', 'Termijn antwoord op artikel 33-vragen: ...',
    'Commissie EBF: Voortgang'."""
    if punt.soort is AgendaSoort.RAPPORTAGE:
        assert punt.afspraak is not None
        what = f" over {punt.afspraak.verslagperiode}" if punt.afspraak.verslagperiode else ""
        return f"Uiterste datum rapportage {punt.leverancier}{what}"
    assert punt.stuk is not None
    if punt.soort is AgendaSoort.TERMIJN:
        action = "antwoord op" if punt.stuk.soort in QUESTIONS else "afdoening"
        return f"Termijn {action} {punt.stuk.soort.value}: {punt.stuk.onderwerp}"
    where = f"{punt.stuk.gremium}: " if punt.stuk.gremium else ""
    return f"{where}{punt.stuk.onderwerp}"


def omschrijving(punt: AgendaPunt) -> str:
    """What the entry rests on: the agreement, the item and its deadline rule, or the kind of meeting."""
    if punt.soort is AgendaSoort.RAPPORTAGE:
        assert punt.afspraak is not None
        return f"Informatieafspraak: {punt.afspraak.omschrijving}"
    assert punt.stuk is not None
    soort = punt.stuk.soort.value.capitalize()
    if punt.soort is AgendaSoort.TERMIJN:
        return f"{soort} van {format_datum(punt.stuk.datum)}. {punt.termijn or 'Eigen termijn van het stuk.'}"
    return f"{soort}."
