"""The audit trail: every write records itself in its own transaction, and tampering is found."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from raadsmonitor.domain.audit import Actie, AuditContext, Kanaal, Resultaat
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.services.moments import take_peilmoment
from raadsmonitor.store import audit
from tests.packages import mini, write_csv_package

GRIFFIER = AuditContext(actor="gebruiker:griffier", herkomst=Kanaal.CLI)


@pytest.fixture
def loaded(engine: Engine, tmp_path: Path) -> Engine:
    assert import_package(engine, write_csv_package(tmp_path / "basis", mini()), context=GRIFFIER).written
    return engine


def records(engine: Engine) -> list[audit.AuditRecord]:
    with engine.connect() as connection:
        return list(audit.iter_records(connection))


def problems(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return audit.verify(connection)


def test_an_import_records_who_imported_what_with_counts_per_table(loaded: Engine) -> None:
    [record] = records(loaded)
    assert (record.actie, record.resultaat, record.herkomst, record.actor) == (
        "importeren", "gelukt", "cli", "gebruiker:griffier")
    assert json.loads(record.nieuw or "")["tabellen"]["gebieden"] == {"nieuw": 3, "gewijzigd": 0, "ongewijzigd": 0}
    assert problems(loaded) == []


def test_a_changed_amount_is_recorded_with_its_old_and_new_value(loaded: Engine, tmp_path: Path) -> None:
    package = mini()
    package["geldstromen"][0]["totaalbedrag"] = "5700000"
    assert import_package(loaded, write_csv_package(tmp_path / "p", package), context=GRIFFIER).written
    change = next(r for r in records(loaded) if r.actie == Actie.WIJZIGEN.value)
    assert change.object == "geldstromen/pmg"
    assert Decimal(json.loads(change.nieuw or "")["totaalbedrag"]) == Decimal("5700000")
    assert Decimal(json.loads(change.oud or "")["totaalbedrag"]) == Decimal("5600000")
    assert problems(loaded) == []


def test_a_refused_import_records_its_refusal_and_nothing_else(loaded: Engine, tmp_path: Path) -> None:
    package = mini()
    package["gebieden"][0]["soort"] = "planeet"
    assert not import_package(loaded, write_csv_package(tmp_path / "p", package), context=GRIFFIER).ok
    last = records(loaded)[-1]
    assert (last.actie, last.resultaat) == ("importeren", Resultaat.GEWEIGERD.value)
    assert len(records(loaded)) == 2


def test_a_dry_run_records_nothing(loaded: Engine, tmp_path: Path) -> None:
    import_package(loaded, write_csv_package(tmp_path / "p", mini()), dry_run=True)
    assert len(records(loaded)) == 1


def test_a_snapshot_is_recorded(loaded: Engine) -> None:
    take_peilmoment(loaded, date(2023, 6, 30), "Eerste halfjaar", datetime(2023, 7, 1, tzinfo=UTC), GRIFFIER)
    assert records(loaded)[-1].object == "peilmomenten/2023-06-30"


@pytest.fixture
def three_records(loaded: Engine) -> Engine:
    take_peilmoment(loaded, date(2023, 6, 30), None, datetime(2023, 7, 1, tzinfo=UTC), GRIFFIER)
    take_peilmoment(loaded, date(2023, 12, 31), None, datetime(2024, 1, 1, tzinfo=UTC), GRIFFIER)
    assert problems(loaded) == []
    return loaded


def test_an_edited_record_breaks_the_chain(three_records: Engine) -> None:
    with three_records.begin() as connection:
        connection.execute(text("UPDATE auditregels SET actor = 'gebruiker:iemand-anders' WHERE volgnummer = 2"))
    assert problems(three_records) == ["regel 2: de inhoud past niet bij de hash (de regel is gewijzigd)"]


def test_a_removed_record_breaks_the_chain(three_records: Engine) -> None:
    with three_records.begin() as connection:
        connection.execute(text("DELETE FROM auditregels WHERE volgnummer = 2"))
    found = problems(three_records)
    assert found and all(problem.startswith("regel 3") for problem in found)


def test_reordered_records_break_the_chain(three_records: Engine) -> None:
    with three_records.begin() as connection:
        connection.execute(text("UPDATE auditregels SET volgnummer = 99 WHERE volgnummer = 2"))
        connection.execute(text("UPDATE auditregels SET volgnummer = 2 WHERE volgnummer = 3"))
        connection.execute(text("UPDATE auditregels SET volgnummer = 3 WHERE volgnummer = 99"))
    assert len(problems(three_records)) >= 2


def test_a_removed_last_record_is_found_against_the_kept_head(three_records: Engine) -> None:
    with three_records.connect() as connection:
        _, kept = audit.head(connection)
    with three_records.begin() as connection:
        connection.execute(text("DELETE FROM auditregels WHERE volgnummer = 3"))
    assert problems(three_records) == []  # the chain alone cannot see it ...
    with three_records.connect() as connection:
        assert audit.verify(connection, expected_head=kept)  # ... the kept head hash can
