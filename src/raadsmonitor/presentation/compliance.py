"""The information agreements' verdicts worded for people: why each got its standing, with Dutch dates.

`analysis.council.compliance` gives the standing, its `Grond` and the values; the page, the
voortgangsrapportage and the command line take the explanation from here, and the JSON gives both
(`uitleg` and `grond` with the values).
"""

from __future__ import annotations

from raadsmonitor.analysis.council.compliance import AfspraakToets, Grond, period_end
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


def uitleg(toets: AfspraakToets) -> str:
    """Why the agreement got its standing in that year, as one or two Dutch sentences."""
    jaar, grond, due = toets.jaar, toets.grond, toets.uiterste_datum
    so_far = f"{len(toets.leveringen)} keer (gevraagd: ten minste {toets.gevraagd})"
    if grond is Grond.GELEVERD_OP_TIJD:
        return f"Geleverd {format_datum(toets.leveringen[0].stuk.datum)}; uiterlijk {format_datum(due)}."
    if grond is Grond.GELEVERD_TE_LAAT:
        return (f"Geleverd {format_datum(toets.leveringen[0].stuk.datum)}; uiterlijk {format_datum(due)}: "
                f"{toets.dagen_te_laat} dagen te laat.")
    if grond is Grond.GEEN_STUK_NA_TERMIJN:
        return (f"Uiterlijk {format_datum(due)}; op {format_datum(toets.bekend_tot)} "
                f"({toets.dagen_te_laat} dagen later) staat er geen stuk voor in het register.")
    if grond is Grond.TERMIJN_NOG_NIET_VERSTREKEN:
        return f"Uiterlijk {format_datum(due)}; het register is bekend tot {format_datum(toets.bekend_tot)}."
    if grond is Grond.GETELD:
        return f"In {jaar}: {so_far}."
    if grond is Grond.GETELD_TOT_NU:
        return (f"Tot en met {format_datum(toets.bekend_tot)}: {so_far}; het register "
                f"beslaat {jaar} nog niet helemaal.")
    if grond is Grond.GOLD_NOG_NIET:
        return (f"De afspraak geldt sinds {format_datum(toets.afspraak.ingangsdatum)}: in {jaar} gold zij "
                f"niet {_span(toets)}, dus wordt zij in {jaar} niet getoetst.")
    if grond is Grond.GOLD_NIET_MEER:
        return (f"De afspraak gold tot en met {format_datum(toets.afspraak.einddatum)}: in {jaar} gold zij "
                f"niet {_span(toets)}, dus wordt zij in {jaar} niet getoetst.")
    if grond is Grond.DOORLOPEND:
        return ("De afspraak noemt geen aantal per jaar en geen maand; zij is doorlopend of "
                "voorwaardelijk. Gekoppelde stukken staan erbij.")
    if grond is Grond.GEEN_ONDERDEEL_GOLD:
        return (f"Geen van haar {len(toets.onderdelen)} onderdelen gold in {jaar} het hele jaar; zij wordt in dat "
                "jaar niet getoetst.")
    return _via_parts(toets)
