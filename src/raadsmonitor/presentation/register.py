"""The council register's lines worded for people: why a line has its stand, with Dutch dates.

`analysis.council.register` gives each line its `Stand`, a `StandGrond` where the stand alone does not
say why, and the values behind it (`nagegaan_op`, the later item, the motie's uitkomst); the register
page and the JSON of the API and the command line take the sentence from here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from raadsmonitor.analysis.council.register import RegisterRegel, StandGrond
from raadsmonitor.domain.dates import Datum, format_datum

_NIET_NAGEGAAN = {
    True: "Het register bevat geen antwoord, en niet wanneer is nagegaan of er een antwoord is; of de vraag "
          "beantwoord is, is onbekend.",
    False: "Het register bevat geen afdoening, en niet wanneer is nagegaan of die er is; of er is afgedaan, is "
           "onbekend.",
}


def stand_toelichting(regel: RegisterRegel) -> str | None:
    """The sentence beside the stand on the register page and in the JSON; None where the stand says it all."""
    stuk, vraag = regel.stuk, regel.is_vraag
    if regel.grond is StandGrond.NIET_NAGEGAAN:
        return _NIET_NAGEGAAN[vraag]
    if regel.grond is StandGrond.NAGEGAAN:
        return f"Op {format_datum(stuk.nagegaan_op)} nagegaan: {'geen antwoord' if vraag else 'niet afgedaan'}."
    if regel.grond is StandGrond.NA_PEILDATUM and regel.later is not None:
        return f"{'Beantwoord' if vraag else 'Afgedaan'} op {format_datum(regel.later.datum)}, na de peildatum."
    if regel.grond is StandGrond.UITKOMST_ONBEKEND:
        return "De uitkomst van de motie staat niet in het register; of zij moet worden afgedaan is onbekend."
    if regel.grond is StandGrond.NIET_AANGENOMEN and stuk.uitkomst is not None:
        return f"De motie is {stuk.uitkomst.value}; er is niets af te doen."
    return None


def _iso(value: date | Datum | None) -> str | None:
    return None if value is None else value.isoformat() if isinstance(value, date) else value.iso()


def regel_as_json(regel: RegisterRegel) -> dict[str, Any]:
    """One register line as JSON values (ISO dates, null for unknown), for the API and the command line."""
    tijd = regel.afhandeltijd
    stuk = regel.stuk
    return {
        "id": stuk.id, "soort": stuk.soort.value, "datum": stuk.datum.iso(), "onderwerp": stuk.onderwerp,
        "stand": regel.stand.value if regel.stand else None, "stand_toelichting": stand_toelichting(regel),
        "termijn": _iso(regel.termijn), "nagegaan_op": _iso(stuk.nagegaan_op), "bekend_op": _iso(regel.bekend_op),
        "dagen_open": regel.dagen_open,
        "afgedaan_door": regel.afgedaan_door.id if regel.afgedaan_door else None,
        "afhandeltijd": None if tijd is None else {"kalenderdagen": tijd.kalenderdagen, "werkdagen": tijd.werkdagen,
                                                   "binnen_termijn": tijd.binnen_termijn},
        "koppelingen": [{"richting": richting, "soort": k.soort.value, "stuk": k.stuk.id, "toelichting": k.toelichting}
                        for richting, links in (("naar", regel.naar), ("van", regel.van)) for k in links],
        "toelichting": stuk.toelichting, "bron": stuk.bron,
    }
