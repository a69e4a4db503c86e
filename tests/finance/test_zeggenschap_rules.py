"""The council's decision authority per stream: the rule table of report 6.2, 6.3 and 6.5."""

from __future__ import annotations

from raadsmonitor.analysis.finance.authority import decide_zeggenschap
from raadsmonitor.domain.enums import Herkomst, Instrument, Zeggenschap
from raadsmonitor.domain.money import ZEGGENSCHAPSREGELS
from tests.finance.factories import GEMEENTE, PARTNER, stroom

MUNICIPALITY = frozenset({GEMEENTE.id})


def _decide(**fields: object) -> tuple[Zeggenschap | None, str]:
    oordeel = decide_zeggenschap(stroom("s", **fields), MUNICIPALITY)
    return oordeel.zeggenschap, oordeel.regel.id


def test_own_municipal_money_is_decided_by_the_council_through_the_budget() -> None:
    assert _decide(herkomst=Herkomst.GEMEENTE) == (Zeggenschap.BESLIST, "eigen-middelen")


def test_municipal_co_financing_of_a_grant_is_decided_by_the_council() -> None:
    assert _decide(herkomst=Herkomst.GEMEENTE, cofinanciering_van="spuk") == (
        Zeggenschap.BESLIST, "cofinanciering-door-de-gemeente")


def test_a_specifieke_uitkering_is_indirect() -> None:
    assert _decide(instrument=Instrument.SPECIFIEKE_UITKERING, ontvanger=GEMEENTE.id) == (
        Zeggenschap.INDIRECT, "specifieke-uitkering")


def test_a_specifieke_uitkering_with_co_financing_names_the_councils_stronger_role() -> None:
    zeggenschap, regel = _decide(instrument=Instrument.SPECIFIEKE_UITKERING, cofinanciering_vereist=True)
    assert (zeggenschap, regel) == (Zeggenschap.INDIRECT, "rijksgeld-met-cofinanciering")
    uitleg = next(r.uitleg for r in ZEGGENSCHAPSREGELS if r.id == regel)
    assert "sterker" in uitleg


def test_money_received_as_formal_applicant_for_the_alliance_is_a_gradation() -> None:
    assert _decide(instrument=Instrument.SPECIFIEKE_UITKERING, ontvanger=GEMEENTE.id, via_alliantie=True) == (
        Zeggenschap.BEPERKT, "aanvrager-voor-de-alliantie")


def test_partner_money_is_not_the_councils() -> None:
    assert _decide(herkomst=Herkomst.ALLIANTIEPARTNER) == (Zeggenschap.GEEN, "partnergeld")
    assert _decide(instrument=Instrument.PARTNERBUDGET) == (Zeggenschap.GEEN, "partnergeld")


def test_national_money_paid_to_a_partner_does_not_pass_the_council() -> None:
    # Like the € 599.000 Rijke schooldag that OCW granted to INNOVO (report 6.3, footnote 13).
    assert _decide(ontvanger=PARTNER.id) == (Zeggenschap.GEEN, "buiten-de-gemeente")


def test_unknown_instrument_gives_onbekend_instead_of_a_guess() -> None:
    zeggenschap, regel = _decide(herkomst=Herkomst.RIJK, instrument=None)
    assert zeggenschap is None
    assert regel == "onbekend"
    assert decide_zeggenschap(stroom("s"), MUNICIPALITY).label == "onbekend"


def test_a_controller_overrides_the_rule_with_a_reason_and_the_rule_stays_visible() -> None:
    oordeel = decide_zeggenschap(stroom("s", instrument=Instrument.SPECIFIEKE_UITKERING,
                                        zeggenschap=Zeggenschap.BESLIST,
                                        zeggenschap_reden="Raad besloot zelf over de besteding (voorbeeld)"),
                                 MUNICIPALITY)
    assert oordeel.zeggenschap is Zeggenschap.BESLIST
    assert oordeel.overschreven
    assert oordeel.overschreven_met == "Raad besloot zelf over de besteding (voorbeeld)"
    assert oordeel.regel.id == "specifieke-uitkering"


def test_the_rule_table_is_readable_and_ends_with_the_catch_all() -> None:
    assert len({regel.id for regel in ZEGGENSCHAPSREGELS}) == len(ZEGGENSCHAPSREGELS)
    assert all(regel.voorwaarde and regel.uitleg for regel in ZEGGENSCHAPSREGELS)
    assert all(regel.rapport for regel in ZEGGENSCHAPSREGELS[:-1])
    assert ZEGGENSCHAPSREGELS[-1].zeggenschap is None
