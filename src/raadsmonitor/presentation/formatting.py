"""Numbers, amounts and dates the Dutch way, for pages and reports alike.

€ 1.350.000 and € 212.084,50; 66,9; 45%; 22 november 2021. Unknown values are shown as "onbekend",
never as 0. The Dutch number symbols (decimal comma, a point between thousands, "-", "∞") are written out here:
Babel's `format_decimal` gave the same strings but loaded its locale data for them, 4.5 MB in each server process
(issue 15, bench/RESULTS.md "Session 11, branch rss").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from raadsmonitor.domain.dates import Datum, format_datum, format_tijdstip
from raadsmonitor.domain.enums import Eenheid

__all__ = [
    "ONBEKEND", "aantal", "format_datum", "format_datum_nl", "format_euro", "format_fte", "format_getal",
    "format_miljoen", "format_tijdstip", "format_waarde", "short_source_label",
]

ONBEKEND = "onbekend"


def format_getal(value: Decimal | int | float | None, decimals: int | None = None) -> str:
    """66,9 · 1.350.000 · 0,22; with `decimals`, exactly that many places."""
    if value is None:
        return ONBEKEND
    if decimals is None:
        number = Decimal(str(value)).normalize()
        exponent = number.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    else:
        places = decimals
    return _dutch_decimal(value, places)


def _dutch_decimal(value: Decimal | int | float | str, places: int) -> str:
    """`value` with exactly `places` decimals in nl_NL: what Babel's format_decimal(value, "#,##0.00…", "nl_NL")
    gives, step for step (NumberPattern.apply): rounded half to even in the current decimal context (which raises
    as Babel's quantize raised), the sign kept for a value that rounds to zero ("-0"), "∞" for infinity."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    negative = number.is_signed()
    number = abs(number).normalize()
    if number.is_infinite():
        digits = "∞"
    else:
        whole, _, fraction = f"{number.quantize(Decimal(10) ** -places):f}".partition(".")
        groups: list[str] = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        digits = ".".join([whole, *groups])
        if places:
            digits += "," + (fraction or "0").ljust(places, "0")
    return ("-" if negative else "") + digits


def format_euro(value: Decimal | int | None) -> str:
    """€ 1.350.000 for whole amounts, € 212.084,50 with cents."""
    if value is None:
        return ONBEKEND
    amount = Decimal(value)
    decimals = 0 if amount == amount.to_integral_value() else 2
    return "€ " + format_getal(amount, decimals)


def format_miljoen(value: Decimal | int | None) -> str:
    """€ 18,3 mln, for headlines; tables keep the full amount."""
    if value is None:
        return ONBEKEND
    return "€ " + format_getal(Decimal(value) / 1_000_000, 1 if Decimal(value) % 1_000_000 else 0) + " mln"


SUFFIX = {
    Eenheid.PROCENT: "%",
    Eenheid.PER_1000_INWONERS: " per 1.000 inwoners",
    Eenheid.PER_10000_INWONERS: " per 10.000 inwoners",
    Eenheid.JAREN: " jaar",
}


def format_waarde(value: Decimal | None, eenheid: Eenheid) -> str:
    """A value with its unit: 45%, 65 per 1.000 inwoners, € 126.000, 6,4."""
    if value is None:
        return ONBEKEND
    if eenheid is Eenheid.EURO:
        return format_euro(value)
    return format_getal(value) + SUFFIX.get(eenheid, "")


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """'1 fout', '3 fouten': a count with the right Dutch noun form."""
    return f"{format_getal(n)} {enkelvoud if n == 1 else meervoud}"


def short_source_label(label: str) -> str:
    """'Figuur 4 (Thema's en doelen ...)' -> 'Figuur 4': the place without its caption, for links."""
    return label.split(" (")[0]


def format_fte(value: Decimal | None) -> str:
    return ONBEKEND if value is None else format_getal(value) + " fte"


def format_datum_nl(value: Datum | date | None) -> str:
    return format_datum(value) if value is not None else ONBEKEND
