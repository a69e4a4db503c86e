"""Importing council documents from OpenBesluitvorming into the register (issue 18), offline: the export is
served from tests/fixtures/openbesluitvorming by a real HTTP server on 127.0.0.1 (tests/council/obv_server.py)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from typer.testing import CliRunner

from raadsmonitor.cli import app
from raadsmonitor.domain.access import Principal, Rol
from raadsmonitor.domain.audit import Kanaal
from raadsmonitor.domain.council import Informatiekoppeling, Informatiestuk
from raadsmonitor.domain.enums import KoppelingSoort, StukSoort, Uitkomst
from raadsmonitor.domain.programme import Bron
from raadsmonitor.services.audit_context import local_context
from raadsmonitor.services.writes import get_record, row_values, save_record, spec_for
from raadsmonitor.sources import openbesluitvorming as obv
from raadsmonitor.store.dataset import StoreRecords
from tests.council.obv_server import Answer, Routes, fixture, heerlen, serve
from tests.packages import mini, write_csv_package

runner = CliRunner()
HEERLEN = "ibabs:gemeente:heerlen"
PERIOD = ["--zoek", "Heerlen-Noord", "--van", "2021-01-01", "--tot", "2022-12-31"]
M12 = "obv-motion-heerlen-9d7e-m12"
RIB_M12 = "obv-document-heerlen-2c0b-rib-m12"


@pytest.fixture
def store(store_url: str, tmp_path: Path) -> str:
    package = write_csv_package(tmp_path / "pakket", mini())
    assert runner.invoke(app, ["import", str(package), "--db", store_url]).exit_code == 0
    return store_url


def _run(base: str, store: str, *extra: str) -> Any:
    result = runner.invoke(app, ["import-raadsinformatie", HEERLEN, *PERIOD, "--db", store, *extra],
                           env={"RAADSMONITOR_OPENBESLUITVORMING_URL": base})
    return result


def _stukken(store: str) -> dict[str, Informatiestuk]:
    engine = create_engine(store)
    try:
        return {stuk.id: stuk for stuk in StoreRecords(engine).all(Informatiestuk)}
    finally:
        engine.dispose()


def test_every_kind_is_read_across_pages_with_its_date_link_and_source(store: str) -> None:
    routes = heerlen()
    with serve(routes) as base:
        result = _run(base, store, "--programma", "nphln")
    assert result.exit_code == 0, result.output
    assert [asked.get("cursor") for asked in routes.asked] == [None, "meeting:ibabs:gemeente:heerlen:m-2021-11-22"]
    stukken = _stukken(store)
    assert sorted(stukken) == sorted([
        "obv-document-heerlen-3f1c2a10-rib-0907", "obv-document-heerlen-5c3d-vragen",
        "obv-document-heerlen-6e4f-antwoord", "obv-agenda-item-heerlen-ai-0914-4", "obv-agenda-item-heerlen-ai-1122-7",
        M12, "obv-motion-heerlen-0a8f-a3", "obv-motion-heerlen-1b9a-m13", RIB_M12])
    rib = stukken["obv-document-heerlen-3f1c2a10-rib-0907"]
    assert (rib.soort, rib.datum.iso(), rib.onderwerp) == (
        StukSoort.RAADSINFORMATIEBRIEF, "2021-09-07", "Raadsinformatiebrief Heerlen-Noord update routekaart")
    assert rib.url == "https://heerlen.bestuurlijkeinformatie.nl/Reports/Document/3f1c2a10-rib-0907"
    assert rib.programma == "nphln"
    vragen = stukken["obv-document-heerlen-5c3d-vragen"]
    assert (vragen.soort, vragen.kenmerk) == (StukSoort.ARTIKEL_33_VRAGEN, "2022-014")
    assert stukken["obv-document-heerlen-6e4f-antwoord"].soort is StukSoort.ARTIKEL_33_ANTWOORDEN
    punt = stukken["obv-agenda-item-heerlen-ai-0914-4"]
    assert (punt.soort, punt.datum.iso(), punt.gremium) == (
        StukSoort.COMMISSIEVERGADERING, "2021-09-14", "Commissie Middelen en Financiën")
    assert stukken["obv-agenda-item-heerlen-ai-1122-7"].soort is StukSoort.RAADSVOORSTEL  # agenda of the council
    motie = stukken[M12]
    assert (motie.soort, motie.uitkomst, motie.indiener, motie.kenmerk) == (
        StukSoort.MOTIE, Uitkomst.AANGENOMEN, "GroenLinks, SP", "M12")
    assert motie.url == f"{base}/?view=motion%3Aibabs%3Agemeente%3Aheerlen%3A9d7e-m12"  # its page there
    amendement = stukken["obv-motion-heerlen-0a8f-a3"]
    assert (amendement.soort, amendement.uitkomst) == (StukSoort.AMENDEMENT, Uitkomst.VERWORPEN)
    aangehouden = stukken["obv-motion-heerlen-1b9a-m13"]
    assert aangehouden.uitkomst is None and aangehouden.toelichting == "Uitkomst in de bron: Motie aangehouden"
    assert {stuk.bron for stuk in stukken.values()} == {"openbesluitvorming-heerlen"}
    assert "Samenvatting: 9 nieuw, 0 gewijzigd, 0 ongewijzigd, 1 geweigerd" in result.stdout
    assert "geweigerd: Bijlage routekaart Heerlen-Noord (Bijlage): soort 'Bijlage' kent het register niet" \
        in result.stdout
    engine = create_engine(store)
    try:
        bron = next(b for b in StoreRecords(engine).all(Bron) if b.id == "openbesluitvorming-heerlen")
    finally:
        engine.dispose()
    assert bron.url is not None and bron.url.endswith("/api/export/snapshot?source=heerlen")


def test_a_second_run_adds_nothing_and_a_changed_name_updates_only_what_the_source_owns(store: str) -> None:
    routes = heerlen()
    with serve(routes) as base:
        assert _run(base, store).exit_code == 0
        again = _run(base, store, "--format", "json")
        assert again.exit_code == 0, again.output
        body = json.loads(again.stdout)
        assert body["samenvatting"] == {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 9, "geweigerd": 1}
        engine = create_engine(store)
        try:  # the griffie records the status of motie M12 through the normal write path
            record, etag = get_record(engine, "informatiestukken", [M12]) or (None, "")
            values = row_values(spec_for("informatiestukken"), record) | {"status": "open", "termijn": "2022-06-30"}
            save_record(engine, Principal("griffier", Rol.GRIFFIE), local_context(Kanaal.CLI), "informatiestukken",
                        values, key=[M12], if_match=etag)
        finally:
            engine.dispose()
        routes.answers.update(heerlen("heerlen_snapshot_2_gewijzigd.ndjson").answers)  # the source renamed M12
        changed = _run(base, store, "--format", "json")
    body = json.loads(changed.stdout)
    assert body["samenvatting"] == {"nieuw": 0, "gewijzigd": 1, "ongewijzigd": 8, "geweigerd": 1}
    motie = _stukken(store)[M12]
    assert motie.onderwerp == "M12 Heerlen-Noord veilig opgroeien en spelen"
    assert (motie.status.value if motie.status else None, motie.termijn) == ("open", date(2022, 6, 30))


def test_dry_run_reports_and_writes_nothing(store: str) -> None:
    with serve(heerlen()) as base:
        result = _run(base, store, "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert (body["proefrun"], body["opgeslagen"]) == (True, False)
    assert body["samenvatting"]["nieuw"] == 9
    assert body["geweigerd"][0]["soort_in_bron"] == "Bijlage"
    assert _stukken(store) == {}


def test_an_empty_export_adds_nothing(store: str) -> None:
    routes = Routes({("heerlen", None): Answer(fixture("leeg.ndjson"), has_more=False)})
    with serve(routes) as base:
        result = _run(base, store, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["samenvatting"] == {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 0, "geweigerd": 0}
    assert _stukken(store) == {}


def test_a_server_error_on_the_second_page_writes_nothing(store: str) -> None:
    routes = heerlen()
    routes.answers[("heerlen", "meeting:ibabs:gemeente:heerlen:m-2021-11-22")] = Answer(
        '{"error": "Zoeken mislukt. Probeer het opnieuw of meld deze fout met het request ID.", "request_id": "3f9c"}',
        status=503, content_type="application/json")
    with serve(routes) as base:
        result = _run(base, store)
    assert result.exit_code == 1
    assert "OpenBesluitvorming heeft een storing: het antwoordde met 503" in result.stderr
    assert "Er is niets opgeslagen." in result.stderr
    assert _stukken(store) == {}


def test_a_timeout_is_a_clear_error_and_writes_nothing(store: str) -> None:
    routes = Routes({("heerlen", None): Answer(fixture("heerlen_snapshot_1.ndjson"), delay=2.0)})
    with serve(routes) as base:
        result = _run(base, store, "--timeout", "0.3")
    assert result.exit_code == 1
    assert "OpenBesluitvorming gaf binnen 0.3 seconden geen antwoord" in result.stderr
    assert _stukken(store) == {}


def test_an_unknown_municipality_is_a_clear_error(store: str) -> None:
    with serve(Routes()) as base:
        result = runner.invoke(app, ["import-raadsinformatie", "ibabs:gemeente:nergens", "--db", store],
                               env={"RAADSMONITOR_OPENBESLUITVORMING_URL": base})
    assert result.exit_code == 1
    assert "antwoordde met 404" in result.stderr and "bestaat deze bron (gemeente)?" in result.stderr


def test_a_cursor_that_does_not_move_stops_the_import(store: str) -> None:
    routes = Routes({("heerlen", None): Answer(fixture("heerlen_snapshot_1.ndjson"), next_cursor="a", has_more=True),
                     ("heerlen", "a"): Answer("", next_cursor="a", has_more=True)})
    with serve(routes) as base:
        result = _run(base, store)
    assert result.exit_code == 1 and "paginering" in result.stderr
    assert _stukken(store) == {}


def test_letters_are_proposed_for_moties_and_questions_and_linked_only_when_confirmed(store: str) -> None:
    with serve(heerlen()) as base:
        result = _run(base, store, "--voorstellen", "--format", "json")
    assert result.exit_code == 0, result.output
    voorstellen = {(v["van"], v["naar"]): v for v in json.loads(result.stdout)["voorstellen"]}
    motie = voorstellen[(RIB_M12, M12)]
    assert motie["soort"] == "handelt motie af" and motie["score"] >= 0.6
    assert "kenmerk M12 staat in de brief" in motie["reden"]
    vraag = voorstellen[("obv-document-heerlen-6e4f-antwoord", "obv-document-heerlen-5c3d-vragen")]
    assert vraag["soort"] == "beantwoordt" and "kenmerk 2022-014" in vraag["reden"]
    engine = create_engine(store)
    try:
        assert StoreRecords(engine).all(Informatiekoppeling) == []  # a proposal links nothing
    finally:
        engine.dispose()
    confirmed = runner.invoke(app, ["koppel", RIB_M12, M12, "--soort", "handelt motie af", "--db", store])
    assert confirmed.exit_code == 0, confirmed.output
    engine = create_engine(store)
    try:
        koppelingen = StoreRecords(engine).all(Informatiekoppeling)
    finally:
        engine.dispose()
    assert [(k.van, k.naar, k.soort, k.bron) for k in koppelingen] == [
        (RIB_M12, M12, KoppelingSoort.HANDELT_MOTIE_AF, "openbesluitvorming-heerlen")]
    audit = runner.invoke(app, ["audit", "list", "--laatste", "1", "--format", "json", "--db", store])
    assert "informatiekoppelingen/" + RIB_M12 in audit.stdout
    with serve(heerlen()) as base:  # once linked, it is no longer proposed
        again = json.loads(_run(base, store, "--voorstellen", "--format", "json").stdout)
    assert (RIB_M12, M12) not in {(v["van"], v["naar"]) for v in again["voorstellen"]}


def test_a_link_to_an_unknown_item_is_refused_in_dutch(store: str) -> None:
    result = runner.invoke(app, ["koppel", "bestaat-niet", "ook-niet", "--soort", "beantwoordt", "--db", store])
    assert result.exit_code == 1
    assert "Er is niets opgeslagen." in result.stderr


def test_kinds_are_mapped_by_the_table_and_unknown_kinds_are_never_guessed() -> None:
    assert obv.document_kind(["Raadsinformatiebrieven"]) is StukSoort.RAADSINFORMATIEBRIEF
    assert obv.document_kind(["Schriftelijke vragen"]) is StukSoort.ARTIKEL_33_VRAGEN
    assert obv.document_kind(["Beantwoording schriftelijke vragen"]) is StukSoort.ARTIKEL_33_ANTWOORDEN
    assert obv.document_kind(["Collegebrief"]) is None
    assert obv.document_kind(["Bijlage"]) is None
    assert obv.motion_kind({"motion_type": "Motie Vreemd"})[0] is StukSoort.MOTIE
    assert obv.meeting_kind({"name": "Raadsinformatiebijeenkomst"})[0] is StukSoort.RAADSINFORMATIEBIJEENKOMST
    assert obv.meeting_kind({"name": "Gemeenteraad"}) == (None, True, "Gemeenteraad")
    assert obv.meeting_kind({"name": "Presidium"}) == (None, False, "Presidium")


def test_a_late_meeting_is_dated_in_dutch_time() -> None:
    assert obv._local_date("2023-03-14T23:30:00Z") == date(2023, 3, 15)
    assert obv._local_date("2023-03-14") == date(2023, 3, 14)


def test_progress_lines_are_printed_only_after_two_seconds() -> None:
    lines: list[str] = []

    class Out:
        def write(self, text: str) -> None:
            lines.append(text)

        def flush(self) -> None:
            return

    moments = iter([0.0, 1.0, 2.5])
    progress = obv.Progress(Out(), clock=lambda: next(moments))
    progress(1, 500)
    progress(2, 1000)
    assert "".join(lines).strip() == "OpenBesluitvorming: pagina 2 gelezen, 1.000 records"


@pytest.mark.network
@pytest.mark.skipif(os.environ.get("RAADSMONITOR_NETWORK_TESTS") != "1",
                    reason="alleen met RAADSMONITOR_NETWORK_TESTS=1")
def test_the_live_export_of_heerlen_has_the_shape_we_read() -> None:
    records = obv.fetch_snapshot(obv.UrllibClient(60), obv.BASE_URL, obv.Bronsleutel.parse(HEERLEN))
    assert records, "de export van Heerlen is leeg"
    assert {"entity_id", "entity_type", "op"} <= set(records[0])
    result = obv.interpret(records, obv.Bronsleutel.parse(HEERLEN), obv.Selectie("Heerlen-Noord"))
    assert result.stukken, "geen enkel stuk over Heerlen-Noord herkend"


def test_a_proposal_rests_on_wording_alone_only_when_enough_words_match_and_the_letter_is_later() -> None:
    from raadsmonitor.analysis.council.koppelvoorstellen import propose
    from tests.council.factories import stuk

    motie = stuk("motie-speeltuinen", StukSoort.MOTIE, "2023-03-01",
                 onderwerp="Motie speeltuinen Heerlen-Noord opknappen")
    brief = stuk("rib-speeltuinen", StukSoort.RAADSINFORMATIEBRIEF, "2023-09-01",
                 onderwerp="Stand van zaken opknappen speeltuinen Heerlen-Noord")
    eerder = stuk("rib-eerder", StukSoort.RAADSINFORMATIEBRIEF, "2023-01-10",
                  onderwerp="Speeltuinen opknappen in Heerlen-Noord")
    anders = stuk("rib-parkeren", StukSoort.RAADSINFORMATIEBRIEF, "2023-10-01",
                  onderwerp="Parkeren in Heerlen-Noord")
    found = propose([motie, brief, eerder, anders], [], ignore=frozenset({"heerlen", "noord"}))
    assert [(p.van.id, p.naar.id, p.score) for p in found] == [("rib-speeltuinen", "motie-speeltuinen", 0.4)]
    assert found[0].reden == "dezelfde woorden: opknappen, speeltuinen"
