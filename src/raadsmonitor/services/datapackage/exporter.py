"""Export the whole store as a data package, in the same schema the importer reads."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from raadsmonitor.domain.catalogue import TABLES
from raadsmonitor.sources.csv_package import write_csv_table
from raadsmonitor.sources.xlsx_package import write_workbook
from raadsmonitor.store import repository


def export_package(engine: Engine, path: Path, fmt: str) -> list[str]:
    """Write every table to a CSV folder or one workbook; returns the names of the tables written."""
    with engine.connect() as connection:
        if fmt == "xlsx":
            write_workbook(path, ((spec, repository.iter_records(connection, spec)) for spec in TABLES))
        elif fmt == "csv":
            path.mkdir(parents=True, exist_ok=True)
            for spec in TABLES:
                write_csv_table(path, spec, repository.iter_records(connection, spec))
        else:
            raise ValueError(f"onbekend formaat '{fmt}'; kies csv of xlsx")
    return [spec.name for spec in TABLES]
