"""`writes_every_record` agrees with `may_write`: a register is paged by the store only where no record could be
refused to this principal (otherwise the list would show records the form then refuses)."""

from __future__ import annotations

from itertools import product
from typing import Any

import pytest

from raadsmonitor.domain.access import (
    PARTNER_OWNERSHIP,
    PARTNER_OWNERSHIP_VIA_GELDSTROOM,
    WRITABLE_TABLES,
    Principal,
    Rol,
    may_write,
    writes_every_record,
)
from raadsmonitor.domain.catalogue import TABLES_BY_NAME

ORGANISATIE = "eigen-organisatie"
PROGRAMMA = "eigen-programma"


def _rows(table: str) -> list[dict[str, Any]]:
    """Rows of a table with every combination of own, someone else's and empty values in the columns the rules read."""
    names = {column.name for column in TABLES_BY_NAME[table].columns}
    read = [name for name in ("programma", "id", PARTNER_OWNERSHIP.get(table, "")) if name in names]
    return [dict(zip(read, values, strict=True))
            for values in product([PROGRAMMA, ORGANISATIE, "iemand-anders", None], repeat=len(read))]


CASES = [(rol, programma, table) for rol, tables in WRITABLE_TABLES.items() for table in sorted(tables)
         for programma in (None, PROGRAMMA)]


@pytest.mark.parametrize(("rol", "programma", "table"), CASES)
def test_paged_by_the_store_exactly_where_every_record_may_be_written(rol: Rol, programma: str | None,
                                                                      table: str) -> None:
    principal = Principal(gebruiker="iemand", rol=rol, organisatie=ORGANISATIE, programma=programma)
    has_programma = any(column.name == "programma" for column in TABLES_BY_NAME[table].columns)
    verstrekkers = [ORGANISATIE, "iemand-anders"] if table == PARTNER_OWNERSHIP_VIA_GELDSTROOM else [None]
    verdicts = {may_write(principal, table, row, verstrekker)
                for row in _rows(table) for verstrekker in verstrekkers}
    assert writes_every_record(principal, table, has_programma) == (verdicts == {True})


def test_the_cases_cover_each_kind_of_answer() -> None:
    answers = {writes_every_record(Principal(gebruiker="iemand", rol=rol, organisatie=ORGANISATIE,
                                             programma=programma), table,
                                   any(c.name == "programma" for c in TABLES_BY_NAME[table].columns))
               for rol, programma, table in CASES}
    assert answers == {True, False}
