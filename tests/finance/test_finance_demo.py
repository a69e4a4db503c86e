"""The report's streams (demo data, chapter 6.3) through the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from raadsmonitor.analysis.finance.horizon import choices_ahead
from raadsmonitor.analysis.finance.overview import allocations, focus_total, grand_total, ledger
from raadsmonitor.analysis.programme.overview import focus_programme
from raadsmonitor.domain.records import Records
from raadsmonitor.presentation.finance import bekend_tekst


def test_every_report_stream_gets_the_authority_the_report_describes(financien_records: Records) -> None:
    outcome = {r.id: (r.oordeel.label, r.oordeel.regel.id) for r in ledger(financien_records)}
    assert outcome["versnellingsbudget-heerlen-noord-2022"] == ("raad beslist", "eigen-middelen")
    assert outcome["preventie-met-gezag"] == ("indirect", "rijksgeld-met-cofinanciering")
    assert outcome["spuk-kansrijke-wijken"] == ("beperkt", "aanvrager-voor-de-alliantie")
    assert outcome["rijke-schooldag-innovo"] == ("geen", "buiten-de-gemeente")
    assert outcome["energiefixers"] == ("onbekend", "onbekend")  # instrument not in the report


def test_regio_deal_second_tranche_projects_add_up_to_more_than_the_rounded_total(financien_records: Records) -> None:
    verdeling = next(v for v in allocations(ledger(financien_records)) if v.regel.id == "regio-deal-parkstad-2")
    assert verdeling.toewijzingen.aantal == 7
    assert verdeling.toewijzingen.som == Decimal("4637084")
    assert verdeling.regel.stroom.totaalbedrag == Decimal("4600000")
    assert verdeling.verschil == Decimal("37084")


def test_the_total_of_known_streams_and_how_many_are_unknown(financien_records: Records) -> None:
    total = grand_total(ledger(financien_records))
    # 4,6 + 25 + 5,6 + 8,200309 + 9,75 + 18,3 + 1,5 + 0,599 mln; the four municipal amounts are unknown.
    assert total.som == Decimal("73549309")
    assert bekend_tekst(total) == "8 van 12 bedragen bekend"


def test_money_specific_to_heerlen_noord(financien_records: Records) -> None:
    total = focus_total(ledger(financien_records))
    # Preventie met gezag 5.600.000 + SPUK 18.300.000 + bureau 1.500.000 + Energiefixers' 2.310.000.
    assert total.som == Decimal("27710000")


def test_choices_for_the_budget_2024_as_seen_in_november_2023(financien_records: Records) -> None:
    keuzes = choices_ahead(ledger(financien_records), focus_programme(financien_records), date(2023, 11, 15), 2024)
    assert [r.id for r in keuzes.aflopend] == ["preventie-met-gezag"]
    assert [r.id for r in keuzes.aanvragen] == ["regio-deal-parkstad-4"]
    assert keuzes.cliff == 2031  # the Volkshuisvestingsfonds runs longest
