"""The information agreements' verdicts worded for people: why each got its standing, with Dutch dates.

`analysis.council.compliance` gives the standing, its `Grond` and the values; the page, the
voortgangsrapportage and the command line take the explanation from here, and the JSON gives both
(`uitleg` and `grond` with the values).
"""

from __future__ import annotations

from raadsmonitor.analysis.council.nakoming import AfspraakToets, Grond, period_end
from raadsmonitor.domain.dates import format_datum
from raadsmonitor.presentation.formatting import aantal


def _span(toets: AfspraakToets) -> str:
    if toets.afspraak.uiterlijk_maand:
        return f"van 1 januari tot en met de uiterste datum {format_datum(period_end(toets.afspraak, toets.jaar))}"
    return "het hele jaar"


def _via_parts(toets: AfspraakToets) -> str:
    jaar, parts, skipped = toets.jaar, toets.onderdelen, toets.niet_geldend
    gevraagd = f" (gevraagd ten minste {toets.afspraak.aantal_per_jaar})" if toets.afspraak.aantal_per_jaar else ""
    if skipped:
        verbs = ("gold", "telt") if skipped == 1 else ("golden", "tellen")
        gevraagd = (f" ({aantal(skipped, 'onderdeel', 'onderdelen')} {verbs[0]} in {jaar} nog niet of niet meer en "
                    f"{verbs[1]} niet mee)")
    return (f"Getoetst via haar {len(parts)} onderdelen, zodat niets dubbel telt: samen "
            f"{aantal(len(toets.leveringen), 'stuk', 'stukken')} in {jaar}{gevraagd}. De stand is die van het "
            "zwakste onderdeel.")


TEKSTEN: dict[Grond, str] = {
    Grond.GELEVERD_OP_TIJD: "Geleverd {geleverd}; uiterlijk {uiterlijk}.",
    Grond.GELEVERD_TE_LAAT: "Geleverd {geleverd}; uiterlijk {uiterlijk}: {dagen} dagen te laat.",
    Grond.GEEN_STUK_NA_TERMIJN: ("Uiterlijk {uiterlijk}; op {bekend_tot} ({dagen} dagen later) staat er geen stuk "
                                 "voor in het register."),
    Grond.TERMIJN_NOG_NIET_VERSTREKEN: "Uiterlijk {uiterlijk}; het register is bekend tot {bekend_tot}.",
    Grond.GETELD: "In {jaar}: {geteld}.",
    Grond.GETELD_TOT_NU: "Tot en met {bekend_tot}: {geteld}; het register beslaat {jaar} nog niet helemaal.",
    Grond.GOLD_NOG_NIET: ("De afspraak geldt sinds {ingang}: in {jaar} gold zij niet {periode}, dus wordt zij in "
                          "{jaar} niet getoetst."),
    Grond.GOLD_NIET_MEER: ("De afspraak gold tot en met {einde}: in {jaar} gold zij niet {periode}, dus wordt zij in "
                           "{jaar} niet getoetst."),
    Grond.DOORLOPEND: ("De afspraak noemt geen aantal per jaar en geen maand; zij is doorlopend of voorwaardelijk. "
                       "Gekoppelde stukken staan erbij."),
    Grond.GEEN_ONDERDEEL_GOLD: ("Geen van haar {onderdelen} onderdelen gold in {jaar} het hele jaar; zij wordt in dat "
                                "jaar niet getoetst."),
}


def uitleg(toets: AfspraakToets) -> str:
    """Why the agreement got its standing in that year, as one or two Dutch sentences."""
    if toets.grond is Grond.VIA_ONDERDELEN:
        return _via_parts(toets)
    return TEKSTEN[toets.grond].format(
        jaar=toets.jaar, uiterlijk=format_datum(toets.uiterste_datum), bekend_tot=format_datum(toets.bekend_tot),
        geleverd=format_datum(toets.leveringen[0].stuk.datum) if toets.leveringen else "",
        dagen=toets.dagen_te_laat, geteld=f"{len(toets.leveringen)} keer (gevraagd: ten minste {toets.gevraagd})",
        ingang=format_datum(toets.afspraak.ingangsdatum), einde=format_datum(toets.afspraak.einddatum),
        periode=_span(toets), onderdelen=len(toets.onderdelen))
