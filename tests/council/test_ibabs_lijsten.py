"""The document kinds of OpenBesluitvorming against RECORDED iBabs list names (issue 18).

`tests/fixtures/openbesluitvorming/ibabs_lists_response.xml` is a real iBabs `GetLists` answer (Utrecht, as
recorded in ontola/openbesluitvorming's tests; see tests/fixtures/README.md): the names of the lists from
which OpenBesluitvorming's iBabs importer takes a document's classification. Each must map to the register's
kind or be refused, never guessed."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: N817 - the usual name
from pathlib import Path

from raadsmonitor.domain.enums import StukSoort
from raadsmonitor.sources import openbesluitvorming as obv

LISTS = Path(__file__).resolve().parent.parent / "fixtures" / "openbesluitvorming" / "ibabs_lists_response.xml"
VALUE = "{http://schemas.datacontract.org/2004/07/iBabsWCFObjects}Value"


def _recorded_list_names() -> list[str]:
    return [element.text or "" for element in ET.parse(LISTS).getroot().iter(VALUE)]  # noqa: S314 - own fixture


def test_every_recorded_list_name_is_mapped_or_refused_never_guessed() -> None:
    names = _recorded_list_names()
    assert len(names) == 29 and "Memo's " in names  # as recorded: a trailing space, periods in brackets
    kinds = {name: obv.document_kind([name]) for name in names}
    assert {name: kind for name, kind in kinds.items() if kind is not None} == {
        "Amendementen": StukSoort.AMENDEMENT,
        "Memo's ": StukSoort.MEMO,
        "Memo's (tot 1-4-2026)": StukSoort.MEMO,  # a list closed on a date is still memo's
        "Moties": StukSoort.MOTIE,
        "Schriftelijke vragen": StukSoort.ARTIKEL_33_VRAGEN,
        "Toezeggingen": StukSoort.TOEZEGGING,
    }
    # letters in general, minutes and registers are not a kind of the register: reported, not read
    assert kinds["Brieven (tot 1-4-2026)"] is None and kinds["Verslagen commissies (vanaf 14-10-2021)"] is None
    assert kinds["Vragen Coronavirus (20-03-2020 t/m 03-06-2020)"] is None


def test_a_period_in_brackets_is_only_dropped_at_the_end_and_only_with_a_date() -> None:
    assert obv.document_kind(["Raadsinformatiebrieven (vanaf 2024)"]) is StukSoort.RAADSINFORMATIEBRIEF
    assert obv.document_kind(["Moties (oud)"]) is None  # no date: not a period, so not the same list
    assert obv.document_kind(["(2024) Moties"]) is None
