"""Progress for people: the command line's table row, numbers the Dutch way, 'onbekend' for unknown.

The same facts as plain values are `analysis.progress.export.as_record` (JSON, CSV).
"""

from __future__ import annotations

from raadsmonitor.analysis.progress.records import Voortgang
from raadsmonitor.presentation.formatting import format_getal, format_waarde

TABLE_HEADER = ("indicator", "gebied", "periode", "waarde", "norm", "achterstand", "status")


def as_table_row(item: Voortgang) -> tuple[str, ...]:
    """The same record for people: Dutch number format, 'onbekend' for unknown."""
    laatste = item.laatste
    eenheid = item.indicator.eenheid
    achterstand = laatste.afstand.achterstand if laatste and laatste.afstand else None
    return (
        item.indicator.naam, item.gebied.naam, laatste.waarneming.periode if laatste else "onbekend",
        format_waarde(laatste.waarneming.waarde if laatste else None, eenheid),
        format_waarde(laatste.norm.waarde if laatste and laatste.norm else None, eenheid),
        format_getal(achterstand) if achterstand is not None else "onbekend",
        item.oordeel.status.value,
    )
