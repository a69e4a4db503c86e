"""Een gegevenspakket inlezen in de browser (issue 21): dry run first, then confirm; the importer's own checks
and all-or-nothing write, refusals of what is no package, one winner when two confirm at once."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import select

from raadsmonitor.domain.access import Principal, Rol
from raadsmonitor.domain.audit import AuditContext, Kanaal
from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.services.datapackage import upload
from raadsmonitor.services.datapackage.importer import ImportReport
from raadsmonitor.store import audit
from raadsmonitor.store.tables import table
from tests.accounts import account
from tests.html import select_one
from tests.packages import mini, write_csv_package
from tests.trust.conftest import Site, csrf_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _zip_of(folder: Path, inside: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*.csv")):
            archive.write(path, inside + path.name)
    return buffer.getvalue()


def _workbook(tables: dict[str, list[dict[str, str]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in tables.items():
        sheet = workbook.create_sheet(name)
        header = [column.name for column in TABLES_BY_NAME[name].columns]
        sheet.append(header)
        for row in rows:
            sheet.append([row.get(column, "") or None for column in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _totaal(site: Site, stroom: str = "pmg") -> Decimal | None:
    with site.engine.connect() as connection:
        geldstromen = table("geldstromen")
        return connection.execute(select(geldstromen.c.totaalbedrag).where(geldstromen.c.id == stroom)).scalar()


def _send(client: TestClient, name: str, content: bytes, kind: str = "application/zip"):
    token = csrf_of(client.get("/gegevenspakket").text)
    return client.post("/gegevenspakket", data={"csrf": token}, files={"bestand": (name, content, kind)})


def _confirm(client: TestClient, html: str):
    soup = BeautifulSoup(html, "html.parser")
    form = soup.select_one('form[action="/gegevenspakket/bevestigen"]')
    assert form is not None, "geen knop om te bevestigen"
    values = {str(field["name"]): str(field["value"]) for field in form.select("input[type=hidden]")}
    return client.post("/gegevenspakket/bevestigen", data=values)


def _problems(html: str) -> list[list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    return [[cell.get_text(" ", strip=True) for cell in row.select("td")]
            for row in soup.select("table.rm-stack tbody tr")]


def _changed_package(tmp_path: Path, totaal: str) -> dict[str, list[dict[str, str]]]:
    package = {name: rows for name, rows in mini().items() if name in ("bronnen", "geldstromen")}
    package["geldstromen"][0]["totaalbedrag"] = totaal
    return package


def test_a_zip_of_csv_files_is_checked_first_and_written_only_when_confirmed(site: Site, tmp_path: Path) -> None:
    client = site.signed_in(Rol.PROGRAMMABUREAU)
    content = _zip_of(write_csv_package(tmp_path / "pakket", _changed_package(tmp_path, "6100000")), "pakket/")
    response = _send(client, "pakket.zip", content)
    assert response.status_code == 200, response.text
    soup = BeautifulSoup(response.text, "html.parser")
    counts = {select_one(row, "th").get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
              for row in soup.select("table tbody tr")}
    assert counts["geldstromen"] == ["0", "1", "0"]  # nieuw, gewijzigd, ongewijzigd
    assert _totaal(site) == Decimal("5600000")  # the dry run wrote nothing

    done = _confirm(client, response.text)
    assert done.status_code == 200, done.text
    assert "pakket.zip is ingelezen" in done.text
    assert _totaal(site) == Decimal("6100000")
    with site.engine.connect() as connection:
        records = list(audit.iter_records(connection))
    imported = [record for record in records if record.actie == "importeren" and record.object == "pakket.zip"]
    assert len(imported) == 1
    assert imported[0].actor == f"gebruiker:{account(Rol.PROGRAMMABUREAU)}"
    assert imported[0].herkomst == "web" and imported[0].resultaat == "gelukt"
    change = [record for record in records if record.object == "geldstromen/pmg"][-1]
    assert change.actor == f"gebruiker:{account(Rol.PROGRAMMABUREAU)}"
    assert _confirm_again_is_refused(client, response.text)


def _confirm_again_is_refused(client: TestClient, html: str) -> bool:
    again = _confirm(client, html)
    return again.status_code == 409 and "wacht niet meer op bevestiging" in again.text


def test_a_bad_workbook_shows_every_problem_with_sheet_row_and_column_and_changes_nothing(site: Site) -> None:
    client = site.signed_in(Rol.PROGRAMMABUREAU)
    package = _changed_package(Path(), "veel")
    package["geldstroombedragen"] = [{"geldstroom": "onbekend", "jaar": "2022", "soort": "toegekend",
                                      "bedrag": "100000", "bron": mini()["bronnen"][0]["id"]}]
    with site.engine.connect() as connection:
        before = audit.head(connection)
    response = _send(client, "werkmap.xlsx", _workbook(package), XLSX)
    assert response.status_code == 422
    problems = _problems(response.text)
    assert ["geldstromen", "2", "totaalbedrag"] == problems[0][:3]
    assert any(row[:3] == ["geldstroombedragen", "2", "geldstroom"] for row in problems), problems
    assert 'action="/gegevenspakket/bevestigen"' not in response.text
    assert _totaal(site) == Decimal("5600000")
    with site.engine.connect() as connection:
        assert audit.head(connection) == before  # a dry run records nothing and writes nothing


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("gebieden.csv", b"0" * (5 * 1024 * 1024))
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "melding"), [
    ("bom.zip", _bomb(), "zip-bom"),
    ("klim.zip", _zip({"../gebieden.csv": b"id\n"}), "buiten de map"),
    ("vreemd.zip", _zip({"gebieden.csv": b"id\n", "leesmij.txt": b"hallo"}), "niet in een gegevenspakket hoort"),
    ("diep.zip", _zip({"a/b/gebieden.csv": b"id\n"}), "niet in een gegevenspakket hoort"),
    ("notulen.pdf", b"%PDF-1.4", "geen gegevenspakket"),
    ("nep.xlsx", b"dit is geen werkmap", "geen Excel-werkmap"),
])
def test_what_is_no_package_is_refused_in_dutch_and_changes_nothing(site: Site, name: str, content: bytes,
                                                                     melding: str) -> None:
    client = site.signed_in(Rol.GRIFFIE)
    with site.engine.connect() as connection:
        before = audit.head(connection)
    response = _send(client, name, content)
    assert response.status_code == 422
    alert = select_one(BeautifulSoup(response.text, "html.parser"), ".rm-error-summary").get_text(" ", strip=True)
    assert "er is niets opgeslagen" in alert and melding in alert, alert
    with site.engine.connect() as connection:
        assert audit.head(connection) == before
    assert not [path for path in upload.upload_folder().iterdir() if path.name.startswith("ontvangen-")]


def test_an_upload_over_the_limit_is_refused_before_it_is_read(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(upload.ENV_MAX_MB, "1")
    client = site.signed_in(Rol.GRIFFIE)
    response = _send(client, "groot.zip", b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413
    assert "groter dan 1 MB" in response.text


def test_a_role_uploads_only_the_tables_it_may_write(site: Site, tmp_path: Path) -> None:
    client = site.signed_in(Rol.GRIFFIE)
    content = _zip_of(write_csv_package(tmp_path / "pakket", _changed_package(tmp_path, "6100000")))
    response = _send(client, "pakket.zip", content)
    assert response.status_code == 422
    assert ["geldstromen.csv", "", "", "Uw rol (griffie) mag de tabel 'geldstromen' niet bijhouden."] in \
        _problems(response.text)
    assert _totaal(site) == Decimal("5600000")


def test_roles_without_upload_rights_and_forms_without_csrf_are_refused(site: Site) -> None:
    raadslid = site.signed_in(Rol.RAADSLID)
    assert raadslid.get("/gegevenspakket").status_code == 403
    assert raadslid.post("/gegevenspakket", data={"csrf": csrf_of(raadslid.get("/aanmelden").text)},
                         files={"bestand": ("p.zip", b"", "application/zip")}).status_code == 403
    bureau = site.signed_in(Rol.PROGRAMMABUREAU)
    assert bureau.post("/gegevenspakket", files={"bestand": ("p.zip", b"", "application/zip")}).status_code == 403
    anonymous = site.client()
    assert re.match(r"/aanmelden\?volgende=", anonymous.get("/gegevenspakket", follow_redirects=False)
                    .headers["location"])


def test_two_confirmations_at_once_give_one_winner_and_one_clear_refusal(site: Site, tmp_path: Path) -> None:
    context = AuditContext(actor="gebruiker:test", herkomst=Kanaal.WEB)
    principal = Principal(gebruiker=account(Rol.PROGRAMMABUREAU), rol=Rol.PROGRAMMABUREAU)
    checked = []
    for index, totaal in enumerate(("6100000", "7200000")):
        folder = write_csv_package(tmp_path / f"pakket{index}", _changed_package(tmp_path, totaal))
        sent = tmp_path / f"pakket{index}.zip"
        sent.write_bytes(_zip_of(folder))
        pending, report = upload.receive(site.engine, sent, sent.name, principal, context)
        assert report.ok, [str(problem) for problem in report.problems]
        checked.append(pending)
    outcomes: list[ImportReport] = []
    barrier = threading.Barrier(2)

    def confirm(token: str) -> None:
        barrier.wait()
        outcomes.append(upload.confirm(site.engine, token, principal, context)[1])

    threads = [threading.Thread(target=confirm, args=(pending.token,)) for pending in checked]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    written = [report for report in outcomes if report.written]
    refused = [report for report in outcomes if not report.ok]
    assert len(written) == 1 and len(refused) == 1
    assert upload.store_changed(refused[0])
    assert _totaal(site) in (Decimal("6100000"), Decimal("7200000"))
    winner = "6100000" if written[0].source == "pakket0.zip" else "7200000"
    assert _totaal(site) == Decimal(winner)


def test_the_web_names_a_refused_confirmation_after_someone_else_wrote(site: Site, tmp_path: Path) -> None:
    first, second = site.signed_in(Rol.PROGRAMMABUREAU), site.signed_in(Rol.PROGRAMMABUREAU)
    one = _send(first, "een.zip", _zip_of(write_csv_package(tmp_path / "een", _changed_package(tmp_path, "6100000"))))
    two = _send(second, "twee.zip",
                _zip_of(write_csv_package(tmp_path / "twee", _changed_package(tmp_path, "7200000"))))
    assert _confirm(first, one.text).status_code == 200
    refused = _confirm(second, two.text)
    assert refused.status_code == 409
    assert "de gegevens zijn intussen veranderd" in refused.text
    assert _totaal(site) == Decimal("6100000")
    with site.engine.connect() as connection:
        last = list(audit.iter_records(connection))[-1]
    assert (last.actie, last.object, last.resultaat) == ("importeren", "twee.zip", "geweigerd")
