"""Totals, the horizon and the choices ahead, on small synthetic ledgers computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from raadsmonitor.analysis.finance.horizon import choices_ahead, horizon
from raadsmonitor.analysis.finance.overview import (
    DIMENSIES,
    allocation,
    focus_total,
    grand_total,
    ledger,
    totals_by,
    yearly_totals,
)
from raadsmonitor.domain.enums import BedragSoort, GeldstroomStatus, Herkomst, Instrument, Reikwijdte
from raadsmonitor.domain.money import Toewijzing
from raadsmonitor.domain.records import MemoryRecords
from raadsmonitor.presentation.finance import bekend_tekst
from tests.finance.factories import BRON, GEMEENTE, bedrag, stroom


def _records() -> MemoryRecords:
    return MemoryRecords([
        GEMEENTE,
        stroom("spuk", herkomst=Herkomst.RIJK, instrument=Instrument.SPECIFIEKE_UITKERING, ontvanger=GEMEENTE.id,
               totaalbedrag=1_000_000, begin_jaar=2022, eind_jaar=2024, status=GeldstroomStatus.TOEGEZEGD,
               reikwijdte=Reikwijdte.FOCUSGEBIED, cofinanciering_vereist=True),
        stroom("eigen", herkomst=Herkomst.GEMEENTE, totaalbedrag=None, begin_jaar=2023, eind_jaar=2026),
        stroom("fonds", herkomst=Herkomst.RIJK, instrument=Instrument.FONDS, totaalbedrag=250_000,
               reikwijdte=Reikwijdte.GEMEENTE, bedrag_focusgebied=Decimal(100_000), status=GeldstroomStatus.VERWACHT),
        stroom("fonds-deel", herkomst=Herkomst.RIJK, totaalbedrag=50_000, onderdeel_van="fonds"),
        bedrag("spuk", 2022, 300_000, BedragSoort.TOEGEKEND),
        bedrag("spuk", 2023, 700_000, BedragSoort.TOEGEKEND),
        bedrag("spuk", 2023, 650_000, BedragSoort.BESTEED),
        Toewijzing(id="t1", geldstroom="spuk", omschrijving="Project A", bedrag=Decimal(600_000), bron=BRON),
        Toewijzing(id="t2", geldstroom="spuk", omschrijving="Project B", bedrag=Decimal(420_000), bron=BRON),
    ])


def test_unknown_amounts_are_listed_not_summed_as_zero() -> None:
    total = grand_total(ledger(_records()))
    # 1.000.000 + 250.000; the municipal stream has no amount; fonds counts through its part fonds-deel
    # (50.000) and the 200.000 its part leaves, never both.
    assert total.som == Decimal(1_250_000)
    assert bekend_tekst(total) == "3 van 4 bedragen bekend"


def test_totals_by_herkomst_keep_the_rows_behind_them() -> None:
    totals = {t.label: t for t in totals_by(ledger(_records()), DIMENSIES["herkomst"])}
    assert totals["rijk"].som == Decimal(1_250_000)
    assert [(p.id, p.bedrag) for p in totals["rijk"].posten] == [
        ("fonds-deel", Decimal(50_000)), ("spuk", Decimal(1_000_000)), ("fonds", Decimal(200_000))]
    assert totals["gemeente"].bekend == 0


def test_allocations_are_compared_with_the_stated_total() -> None:
    spuk = next(r for r in ledger(_records()) if r.id == "spuk")
    verdeling = allocation(spuk)
    assert verdeling.toewijzingen.som == Decimal(1_020_000)
    assert verdeling.verschil == Decimal(20_000)


def test_focus_share_takes_the_whole_focus_stream_and_the_stated_part_of_a_wider_one() -> None:
    total = focus_total(ledger(_records()))
    assert total.som == Decimal(1_100_000)  # 1.000.000 (focusgebied) + 100.000 (part of fonds)
    assert bekend_tekst(total) == "2 van 3 bedragen bekend"


def test_yearly_totals_use_only_recorded_amounts_of_one_kind() -> None:
    years, table = yearly_totals(ledger(_records()), DIMENSIES["zeggenschap"], BedragSoort.TOEGEKEND)
    assert years == [2022, 2023]
    assert table == {"indirect": {2022: Decimal(300_000), 2023: Decimal(700_000)}}


def test_horizon_shows_the_cliff_after_the_last_known_end() -> None:
    overzicht = horizon(ledger(_records()), None, 2024)
    assert (overzicht.begin, overzicht.eind) == (2022, 2026)
    assert overzicht.laatste_eindjaar == 2026
    stand = overzicht.stand(2023)
    assert stand is not None
    assert [r.id for r in stand.lopend] == ["eigen", "spuk"]
    assert [r.id for r in stand.zeker] == ["spuk"]
    assert stand.jaarbedragen.som == Decimal(650_000)  # besteed is more certain than toegekend
    assert [r.id for r in overzicht.zonder_periode] == ["fonds"]


def test_choices_ahead_for_a_budget_year() -> None:
    keuzes = choices_ahead(ledger(_records()), None, date(2023, 11, 15), jaar=2024)
    assert [r.id for r in keuzes.aflopend] == ["spuk"]
    assert [p.regel.id for p in keuzes.cofinanciering] == ["spuk"]
    assert [r.id for r in keuzes.aanvragen] == ["fonds"]
    assert dict((label, [r.id for r in items]) for label, items in keuzes.kort.groepen) == {
        "raad beslist": ["eigen"], "indirect": ["spuk"]}
    assert keuzes.cliff == 2026


def test_choices_default_to_the_year_of_the_reference_date() -> None:
    keuzes = choices_ahead(ledger(_records()), None, date(2026, 3, 1))
    assert (keuzes.jaar, keuzes.tot_jaar) == (2026, 2027)
    assert [r.id for r in keuzes.aflopend] == ["eigen"]
