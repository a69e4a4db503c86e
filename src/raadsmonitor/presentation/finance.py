"""The wording of money facts that analysis and the domain return as values."""

from __future__ import annotations

from raadsmonitor.analysis.finance.overview import Totaal
from raadsmonitor.domain.money import Overschrijding
from raadsmonitor.presentation.formatting import format_euro, format_getal


def overschrijding_tekst(over: Overschrijding, geldstroom: str) -> str:
    """The Dutch reason why funders bring in more than their stream holds (import and form messages)."""
    if over.kolom == "aandeel":
        return (f"de aandelen van de financiers van geldstroom '{geldstroom}' zijn samen "
                f"{format_getal(over.samen)} %, meer dan 100 %")
    return (f"de financiers van geldstroom '{geldstroom}' brengen samen {format_euro(over.samen)} in, meer dan "
            f"het totaalbedrag van die stroom ({format_euro(over.grens)})")


def bekend_tekst(totaal: Totaal) -> str:
    """'3 van 5 bedragen bekend' — said beside every total that is not complete."""
    return f"{totaal.bekend} van {totaal.aantal} bedragen bekend"
