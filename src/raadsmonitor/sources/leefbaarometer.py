"""Leefbaarometer score files (Leefbaarometer 3.0 open data) as raw tables for the importer.

Columns read: `bu_code, jaar, lbm, fys, onv, soc, vrz, won` (comma or semicolon separated, UTF-8; other
columns are ignored). `lbm` is the total score; the five dimensions are, as published, deviations from
the national average (report bijlage 3). The file holds every buurt of the country: rows for areas not in
the store are skipped, unless they lie in the municipality given (`gemeente`), in which case the buurt
is added to gebieden. Validation and the single transaction are the data package's (`import_from`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.domain.programme import Gebied
from raadsmonitor.presentation.formatting import aantal, format_datum_nl
from raadsmonitor.sources.cbs import parent_code, register_of
from raadsmonitor.sources.package import PackageProblem, Place, RawTable

Rows = list[tuple[int, dict[str, str]]]  # (line in the file, cells by column)
COLUMNS = ("bu_code", "jaar", "lbm", "fys", "onv", "soc", "vrz", "won")
SCORES = COLUMNS[2:]


@dataclass
class LeefbaarometerReader:
    """Reads one score file; a `PackageReader` for `importer.import_from`."""

    path: Path
    gebieden: Sequence[Gebied]
    today: date
    gemeente: str | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def bron(self) -> str:
        return f"leefbaarometer-{self.path.stem.lower().replace(' ', '-')}"[:200]

    def read(self) -> tuple[list[RawTable], list[PackageProblem]]:
        text, problem = self._text()
        if problem is not None:
            return [], [problem]
        first = text.split("\n", 1)[0]
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";" if ";" in first else ",")
        header = [name.strip().lower() for name in reader.fieldnames or []]
        missing = [name for name in COLUMNS if name not in header]
        if missing:
            return [], [PackageProblem(Place(self.path.name, 1, name), "kolom ontbreekt") for name in missing]
        reader.fieldnames = header
        scores, areas = self._rows(reader)
        bron = {"id": self.bron, "document": f"Leefbaarometer, scorebestand {self.path.name}",
                "uitgever": "Ministerie van BZK (Leefbaarometer)", "url": "https://www.leefbaarometer.nl",
                "toelichting": f"Ingelezen met raadsmonitor import-leefbaarometer op {format_datum_nl(self.today)}."}
        return [self._raw("bronnen", [(1, bron)]), self._raw("gebieden", areas),
                self._raw("leefbaarometerscores", scores)], []

    def _text(self) -> tuple[str, PackageProblem | None]:
        """The file as text; Python's own (English) decoding message is not shown, the place is."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return "", PackageProblem(Place(self.path.name), "het bestand is niet te lezen")
        try:
            return data.decode("utf-8-sig"), None
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            message = f"het bestand is geen UTF-8 (byte {error.start + 1}); sla het op als 'CSV UTF-8'"
            return "", PackageProblem(Place(self.path.name, line), message)

    def _rows(self, reader: csv.DictReader[str]) -> tuple[Rows, Rows]:
        register = register_of(self.gebieden)
        digits = self.gemeente.strip().upper().removeprefix("GM") if self.gemeente else None
        scores: Rows = []
        areas: Rows = []
        skipped = 0
        new: set[str] = set()
        for row in reader:
            line = reader.line_num
            code = (row.get("bu_code") or "").strip()
            gebied = register.resolve(code)
            if gebied is None and digits and code.startswith("BU") and code[2:6] == digits:
                gebied = code
                if code not in new:
                    new.add(code)
                    parent = parent_code(code)
                    areas.append((line, {"id": code, "naam": code, "soort": "buurt", "cbs_code": code,
                                         "ligt_in": (register.resolve(parent) if parent else None) or "",
                                         "toelichting": "Aangemaakt bij het inlezen van de Leefbaarometer.",
                                         "bron": self.bron}))
            if gebied is None:
                skipped += 1
                continue
            scores.append((line, {"gebied": gebied, "jaar": (row.get("jaar") or "").strip(), "bron": self.bron,
                                  **{name: (row.get(name) or "").strip() for name in SCORES}}))
        if skipped:
            hint = "" if digits else " (gebruik --gemeente om de buurten van een gemeente toe te voegen)"
            self.notices.append(f"{aantal(skipped, 'rij', 'rijen')} overgeslagen: buurten die niet in de monitor "
                                f"staan{hint}")
        return scores, areas

    def _raw(self, name: str, rows: Rows) -> RawTable:
        header = [column.name for column in TABLES_BY_NAME[name].columns]
        numbered = [(line, [row.get(column, "") for column in header]) for line, row in rows]
        return RawTable(name=name, source=self.path.name if name == "leefbaarometerscores" else f"{self.path.name}: "
                        f"{name}", header=header, rows=iter(numbered))
