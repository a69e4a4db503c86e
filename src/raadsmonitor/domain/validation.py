"""From raw cells to domain records, with a Dutch reason for every refusal.

Pure functions: they know nothing of files or databases. A reader hands in the text of each cell
(or a number or date where a workbook holds one); what comes back is a record or the problems with
it, each naming the column. The caller adds the file and row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from raadsmonitor.domain.columns import Column, Kind
from raadsmonitor.domain.council import Informatieafspraak, Informatiekoppeling
from raadsmonitor.domain.dates import Datum, format_datum
from raadsmonitor.domain.glossary import Begrip
from raadsmonitor.domain.money import Geldstroom
from raadsmonitor.domain.programme import Lidmaatschap

TRUE_WORDS = frozenset({"ja", "j", "waar", "true", "1", "yes"})
FALSE_WORDS = frozenset({"nee", "n", "onwaar", "false", "0", "no"})
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED_AFTER_QUOTE = frozenset({*FORMULA_STARTS, "'"})
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
MEMO_LIMIT = 50_000  # distinct values remembered per column; beyond that, values are parsed each time
# Issue 20: "49,2" in an amount cell meant 49,2 million, not € 49,20. A stream's amount below this is refused
# unless the import is told the small amounts are meant (--kleine-bedragen); zero (nothing yet) is fine.
STREAM_AMOUNT_FLOOR = Decimal(1000)
# Units an amount may carry, understood exactly (Decimal): 49,2 mln is 49.200.000, never 49.199.999,99.
AMOUNT_UNITS = {"k": 3, "duizend": 3, "mln": 6, "miljoen": 6, "mld": 9, "miljard": 9}
_AMOUNT_WITH_UNIT = re.compile(r"^(?P<number>[+-]?(\d+([.,]\d*)?|[.,]\d+))(?P<unit>[a-z]+)\.?$")


class CellError(ValueError):
    """A cell that cannot become a value; the message is Dutch and says why."""


@dataclass(frozen=True, slots=True)
class Problem:
    column: str | None
    message: str


def is_empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def unescape_text(text: str) -> str:
    """Undo the quote an export puts before text that a spreadsheet would run as a formula."""
    if text.startswith("'") and text[1:2] in _ESCAPED_AFTER_QUOTE:
        return text[1:]
    return text


def escape_text(text: str) -> str:
    """Neutralise text a spreadsheet would run as a formula (= + - @), reversibly."""
    if text.startswith(FORMULA_STARTS) or (text.startswith("'") and text[1:2] in _ESCAPED_AFTER_QUOTE):
        return "'" + text
    return text


def parse_decimal(raw: object, column: Column) -> Decimal:
    if isinstance(raw, bool):
        raise CellError(f"'{raw}' is geen getal")
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
        if text.startswith("€"):
            text = text[1:]
        if text.count(".") + text.count(",") > 1 or not _NUMBER.match(text):
            raise CellError(
                f"'{raw}' is geen getal; schrijf bijvoorbeeld 1350000 of 66,9 "
                "(geen scheidingstekens voor duizendtallen)")
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation as error:  # pragma: no cover - the pattern already excludes this
            raise CellError(f"'{raw}' is geen getal") from error
    if not value.is_finite():
        raise CellError(f"'{raw}' is geen eindig getal")
    _check_scale(value, raw, column)
    return value


def _check_scale(value: Decimal, raw: object, column: Column) -> None:
    """No more decimals than the column declares, counted as written: "1.350" has three, not two."""
    exponent = value.as_tuple().exponent
    if column.scale is not None and isinstance(exponent, int) and -exponent > column.scale:
        raise CellError(f"'{raw}' heeft meer dan {column.scale} decimalen")


def _dutch_euro(value: Decimal) -> str:
    """€ 49.200.000 or € 49,20: the Dutch form, for messages (the domain does not use the pages' formatting)."""
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    sign = "-" if value < 0 else ""
    return f"€ {sign}{grouped}" + ("" if cents == "00" else f",{cents}")


def _without_exponent(value: Decimal) -> Decimal:
    """49.2 * 10**6 as 49200000, the way the number would have been typed in full."""
    return Decimal(format(value, "f"))


def parse_amount_with_unit(raw: str) -> Decimal | None:
    """'49,2 mln' -> 49200000 exactly; None if the text carries no unit. A unit that is not known, or a
    number whose separator could be a thousands separator ('1.350 mln'), is refused."""
    text = raw.strip().replace("\u00a0", "").replace(" ", "").lower()
    if text.startswith("€"):
        text = text[1:]
    found = _AMOUNT_WITH_UNIT.match(text)
    if found is None:
        return None
    number, unit = found["number"], found["unit"]
    if unit not in AMOUNT_UNITS:
        raise CellError(f"'{raw}': onbekende eenheid '{unit}'; gebruik k, mln of mld, of schrijf het hele bedrag")
    if re.search(r"[.,]\d{3}$", number):  # "1.350 mln": 1350 million, or 1,35 million?
        raise CellError(f"'{raw}' is niet eenduidig: is de punt of komma een scheidingsteken voor duizendtallen? "
                        f"Schrijf bijvoorbeeld {number.replace('.', '').replace(',', '')} {unit} of "
                        f"{number[:-4]},{number[-3:].rstrip('0') or '0'} {unit}")
    return _without_exponent(Decimal(number.replace(",", ".")).scaleb(AMOUNT_UNITS[unit]))


def _suggested_readings(value: Decimal) -> str:
    """What a small amount most likely meant: millions, or for a whole number also thousands."""
    millions = _without_exponent(value.scaleb(6))
    words = _dutch_euro(millions)
    if value == value.to_integral_value():
        return f"{_dutch_euro(_without_exponent(value.scaleb(3)))} of {words}"
    return words


def check_stream_amount(value: Decimal, raw: object) -> None:
    """Issue 20: a stream's amount below € 1.000 (but not zero) is almost always millions typed short."""
    if 0 < value < STREAM_AMOUNT_FLOOR:
        written = raw if isinstance(raw, str) else format(value, "f")
        raise CellError(
            f"'{written}' wordt gelezen als {_dutch_euro(value)}; dat is voor een geldstroom ongewoon weinig. "
            f"Bedoelde u {_suggested_readings(value)}? Schrijf het hele bedrag in euro's (zoals 49200000) of met "
            f"een eenheid (zoals 49,2 mln). {SMALL_AMOUNT_HINT}")


# The domain knows no doors: the command line adds how to say that a small amount is meant (cli.import_command).
SMALL_AMOUNT_HINT = "Een klein bedrag dat klopt, neemt alleen een import aan die zegt dat kleine bedragen bedoeld zijn."


def parse_stream_amount(raw: object, column: Column, *, small_amounts: bool = False) -> Decimal:
    """A geldstroom's euro amount: a number, or a number with a unit (k, mln, mld); below € 1.000 only when
    `small_amounts` says it is meant."""
    value = (parse_amount_with_unit(raw) if isinstance(raw, str) else None)
    if value is None:
        value = parse_decimal(raw, column)
    _check_scale(value, raw, column)
    _check_bounds(value, column)
    if not small_amounts:
        check_stream_amount(value, raw)
    return value


def _check_bounds(value: Decimal | int, column: Column) -> None:
    if column.minimum is not None and value < column.minimum:
        if column.minimum == 0:
            raise CellError(f"{value} is negatief; alleen 0 of meer is toegestaan")
        raise CellError(f"{value} is kleiner dan {column.minimum}")
    if column.maximum is not None and value > column.maximum:
        raise CellError(f"{value} is groter dan {column.maximum}")


def parse_integer(raw: object, column: Column) -> int:
    if isinstance(raw, bool):
        raise CellError(f"'{raw}' is geen geheel getal")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = str(raw).strip()
    if not _INTEGER.match(text):
        raise CellError(f"'{raw}' is geen geheel getal")
    return int(text)


def parse_boolean(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"'{raw}' is geen ja of nee")


def parse_date(raw: object) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError as error:
        raise CellError(f"'{raw}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2021-11-22") from error


def parse_datum(raw: object) -> Datum:
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    try:
        if isinstance(raw, (date, datetime)):  # a workbook date; Datum refuses years before 1000
            return Datum.of(raw if isinstance(raw, date) else raw.date())
        return Datum.parse(str(raw))
    except ValueError as error:
        raise CellError(str(error)) from error


def parse_enum(raw: object, column: Column) -> Any:
    assert column.enum is not None
    text = " ".join(str(raw).split()).lower()
    for member in column.enum:
        if member.value.lower() == text:
            return member
    choices = ", ".join(column.choices)
    raise CellError(f"'{raw}' is geen geldige keuze; kies uit: {choices}")


def parse_text(raw: object, column: Column) -> str:
    if isinstance(raw, (datetime, date)):
        raise CellError(f"een datum is hier geen geldige tekst ('{raw}')")
    text = raw if isinstance(raw, str) else (str(raw) if not isinstance(raw, float) else repr(raw))
    text = unescape_text(text.strip())
    if "\x00" in text:  # PostgreSQL cannot store it, and no person typed it (outside sources, issue 8 fuzzing)
        raise CellError("tekst bevat een NUL-teken (0x00); dat kan niet worden opgeslagen")
    if len(text) > column.max_length:
        raise CellError(f"tekst is {len(text)} tekens lang; ten hoogste {column.max_length} toegestaan")
    if column.kind is Kind.REF or column.key:
        text = " ".join(text.split())
    return text


def parse_cell(raw: object, column: Column, *, small_amounts: bool = False) -> Any:
    """The typed value of one cell; None for an empty optional cell (unknown, never zero).

    `small_amounts`: a stream's amount below € 1.000 is meant (the import's --kleine-bedragen).
    """
    if is_empty(raw):
        if column.required:
            raise CellError("verplicht veld is leeg")
        return column.default
    if column.stream_amount:
        return parse_stream_amount(raw, column, small_amounts=small_amounts)
    return _PARSERS[column.kind](raw, column)


def _bounded_integer(raw: object, column: Column) -> int:
    value = parse_integer(raw, column)
    _check_bounds(value, column)
    return value


def _bounded_decimal(raw: object, column: Column) -> Decimal:
    number = parse_decimal(raw, column)
    _check_bounds(number, column)
    return number


# How each column kind reads a cell that is not empty (the kind's other rules: domain/kinds.py).
_PARSERS: dict[Kind, Callable[[object, Column], Any]] = {
    Kind.TEXT: parse_text,
    Kind.REF: parse_text,
    Kind.INTEGER: _bounded_integer,
    Kind.DECIMAL: _bounded_decimal,
    Kind.BOOLEAN: lambda raw, column: parse_boolean(raw),
    Kind.DATE: lambda raw, column: parse_date(raw),
    Kind.DATUM: lambda raw, column: parse_datum(raw),
    Kind.ENUM: parse_enum,
}


# --- one parser per column, decided once per table ---------------------------------------------


class _Memoised:
    """parse_cell for a column whose values repeat (areas, periods, sources): each text parsed once.

    Only successful parses are kept (values are immutable), so a refused value is refused with the
    same message every time it occurs.
    """

    def __init__(self, column: Column) -> None:
        self.column = column
        self.memo: dict[str, Any] = {}

    def __call__(self, raw: object) -> Any:
        if raw.__class__ is str:
            try:
                return self.memo[raw]
            except KeyError:
                value = parse_cell(raw, self.column)
                if len(self.memo) < MEMO_LIMIT:
                    self.memo[raw] = value
                return value
        return parse_cell(raw, self.column)

    def many(self, cells: Sequence[object]) -> list[Any]:
        """The values of a column of cells; CellError for the first refused one. Each distinct text is
        parsed once and the rest looked up without a Python call per cell (issue 8)."""
        memo = self.memo
        try:
            return list(map(memo.__getitem__, cells))  # type: ignore[arg-type]
        except (KeyError, TypeError):  # a text not seen before, or a cell that is no text
            pass
        for raw in set(cells).difference(memo):
            if raw.__class__ is not str or len(memo) >= MEMO_LIMIT:
                return [self(cell) for cell in cells]
            memo[raw] = parse_cell(raw, self.column)
        return list(map(memo.__getitem__, cells))  # type: ignore[arg-type]


class _PlainDecimal:
    """parse_cell for a number column, with a fast path for the plain form (-12.5); anything else,
    including every refusal, goes through parse_cell and so gets its value and message from there."""

    def __init__(self, column: Column, *, small_amounts: bool = False) -> None:
        self.column = column
        self.small_amounts = small_amounts
        self.bounded = column.minimum is not None or column.maximum is not None
        # A stream's amount below € 1.000 is refused by parse_cell (issue 20), so the fast path leaves it there.
        self.floor = STREAM_AMOUNT_FLOOR if column.stream_amount and not small_amounts else None
        scale = column.scale
        # The plain form with no more decimals than the column allows: what an export writes.
        decimals = "" if scale == 0 else r"(?:\.\d+)?" if scale is None else rf"(?:\.\d{{1,{scale}}})?"
        self.plain = re.compile(rf"-?\d+{decimals}")

    def __call__(self, raw: object) -> Any:
        if raw.__class__ is str and self.plain.fullmatch(raw) is not None:
            value = Decimal(raw)
            if self.bounded:
                _check_bounds(value, self.column)
            if self.floor is None or not 0 < value < self.floor:
                return value
        return parse_cell(raw, self.column, small_amounts=self.small_amounts)

    def many(self, cells: Sequence[object]) -> list[Any]:
        """The values of a column of cells; CellError for the first refused one. A column of plain
        numbers within bounds is read without a Python call per cell (issue 8)."""
        if set(map(type, cells)) <= {str}:
            # Empty cells are unknown (the column's default) where the column is optional.
            present = cells if self.column.required or "" not in cells else [cell for cell in cells if cell]
            if all(map(self.plain.fullmatch, present)):  # type: ignore[arg-type]
                numbers = list(map(Decimal, present))  # type: ignore[arg-type]
                if (not (self.bounded and numbers) or (
                        (self.column.minimum is None or min(numbers) >= self.column.minimum)
                        and (self.column.maximum is None or max(numbers) <= self.column.maximum))) and (
                        self.floor is None or not any(0 < number < self.floor for number in numbers)):
                    if present is cells:
                        return numbers
                    found, default = iter(numbers), self.column.default
                    return [next(found) if cell else default for cell in cells]
        return [self(cell) for cell in cells]


ColumnParser = _Memoised | _PlainDecimal


def column_parser(column: Column, *, small_amounts: bool = False) -> ColumnParser:
    """parse_cell's results and messages for one column, for one cell or a whole column at a time, made
    once per import."""
    if column.kind is Kind.DECIMAL:
        return _PlainDecimal(column, small_amounts=small_amounts)
    return _Memoised(column)


class RowValidator:
    """build_record for the rows of one table with a given header; values come back in column order.

    The entity itself is only built where a rule across fields needs it: for the big tables the
    list of values is all the importer and the store need.
    """

    def __init__(self, entity: type, columns: Sequence[Column], header: Sequence[str], *,
                 small_amounts: bool = False) -> None:
        position = {name: index for index, name in enumerate(header)}  # as dict(zip(...)): the last wins
        self.entity = entity
        self.width = len(header)
        self.plan = [(column.name, position.get(column.name), column_parser(column, small_amounts=small_amounts))
                     for column in columns]
        # A full row takes the quick path; a short row, or a header that lacks a column, the careful one.
        self.fast = [(index, parse) for _, index, parse in self.plan if index is not None]
        if len(self.fast) < len(self.plan):
            self.fast = []
        self.names = [column.name for column in columns]
        self.rules = RULES.get(entity)

    def values(self, cells: Sequence[object]) -> tuple[list[Any] | None, list[Problem]]:
        if self.fast and len(cells) >= self.width:
            try:
                values = [parse(cells[index]) for index, parse in self.fast]
            except CellError:
                return self._careful(cells)
            return self._with_rules(values)
        return self._careful(cells)

    def columns(self, rows: Sequence[Sequence[object]]) -> list[list[Any]] | None:
        """The values of many whole rows at once, as one list per column (issue 8: no Python call per
        cell where values repeat or are plain numbers); None if any row is not exactly as wide as the
        header, any cell is refused or a rule across fields applies: then values(), row by row, gives
        the same values and names every problem."""
        if not self.fast or self.rules is not None or set(map(len, rows)) - {self.width}:
            return None
        return self.columns_of(list(zip(*rows, strict=True)) or [() for _ in range(self.width)])

    def columns_of(self, by_position: Sequence[Sequence[object]]) -> list[list[Any]] | None:
        """columns() for rows given as one sequence of cells per position in the header (each row as wide
        as the header)."""
        if not self.fast or self.rules is not None:
            return None
        try:
            return [parse.many(by_position[index]) for index, parse in self.fast]
        except CellError:
            return None

    def _careful(self, cells: Sequence[object]) -> tuple[list[Any] | None, list[Problem]]:
        """Every column, collecting every problem of the row."""
        values: list[Any] = []
        problems: list[Problem] = []
        width = len(cells)
        for name, index, parse in self.plan:
            try:
                values.append(parse(cells[index] if index is not None and index < width else None))
            except CellError as error:
                problems.append(Problem(name, str(error)))
        if problems:
            return None, problems
        return self._with_rules(values)

    def _with_rules(self, values: list[Any]) -> tuple[list[Any] | None, list[Problem]]:
        if self.rules is None:
            return values, []
        problems = self.rules(self.entity(**dict(zip(self.names, values, strict=True))))
        return (None, problems) if problems else (values, problems)


# --- rules across fields, one small function per entity -------------------------------------------


def _geldstroom_rules(record: Geldstroom) -> list[Problem]:
    problems = []
    if record.begin_jaar and record.eind_jaar and record.eind_jaar < record.begin_jaar:
        problems.append(Problem("eind_jaar", f"eindjaar {record.eind_jaar} ligt vóór beginjaar "
                                             f"{record.begin_jaar}"))
    if record.zeggenschap is not None and not record.zeggenschap_reden:
        problems.append(Problem("zeggenschap_reden", "wie de regel voor zeggenschap overschrijft, "
                                                     "geeft de reden"))
    if (record.totaalbedrag is not None and record.bedrag_focusgebied is not None
            and record.bedrag_focusgebied > record.totaalbedrag):
        problems.append(Problem("bedrag_focusgebied", "het deel voor het focusgebied is groter dan "
                                                      "het totaalbedrag"))
    for field_name in ("cofinanciering_van", "onderdeel_van"):
        if getattr(record, field_name) == record.id:
            problems.append(Problem(field_name, "een geldstroom kan niet naar zichzelf verwijzen"))
    return problems


def _lidmaatschap_rules(record: Lidmaatschap) -> list[Problem]:
    if record.vacature and record.organisatie:
        return [Problem("organisatie", "een vacature heeft geen organisatie; laat het veld leeg")]
    return []


def _begrip_rules(record: Begrip) -> list[Problem]:
    if (record.tabel is None) != (record.sleutel is None):
        column = "sleutel" if record.sleutel is None else "tabel"
        return [Problem(column, "vul tabel en sleutel allebei in, of allebei niet")]
    return []


def _koppeling_rules(record: Informatiekoppeling) -> list[Problem]:
    if record.van == record.naar:
        return [Problem("naar", "een stuk kan niet naar zichzelf verwijzen")]
    return []


def _afspraak_rules(record: Informatieafspraak) -> list[Problem]:
    if (record.ingangsdatum is not None and record.einddatum is not None
            and record.einddatum.latest() < record.ingangsdatum.earliest()):
        return [Problem("einddatum", f"einddatum {format_datum(record.einddatum)} ligt vóór ingangsdatum "
                                         f"{format_datum(record.ingangsdatum)}")]
    return []


def _no_rules(record: object) -> list[Problem]:
    return []


RULES: Mapping[type, Callable[[Any], list[Problem]]] = {
    Geldstroom: _geldstroom_rules,
    Lidmaatschap: _lidmaatschap_rules,
    Begrip: _begrip_rules,
    Informatiekoppeling: _koppeling_rules,
    Informatieafspraak: _afspraak_rules,
}


def build_record(entity: type, columns: tuple[Column, ...], cells: Mapping[str, object], *,
                 small_amounts: bool = False) -> tuple[Any | None, list[Problem]]:
    """Turn one row's cells into an entity, or say every way in which it cannot be one."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for column in columns:
        try:
            values[column.name] = parse_cell(cells.get(column.name), column, small_amounts=small_amounts)
        except CellError as error:
            problems.append(Problem(column.name, str(error)))
    if problems:
        return None, problems
    record = entity(**values)
    problems = RULES.get(entity, _no_rules)(record)
    return (None, problems) if problems else (record, [])
