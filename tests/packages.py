"""Small, literal data packages for tests, written as CSV folders or workbooks."""

from __future__ import annotations

import copy
import csv
from pathlib import Path
from typing import Any

from raadsmonitor.domain.catalogue import TABLES_BY_NAME

BRON = "rk2023-test"

MINI: dict[str, list[dict[str, Any]]] = {
    "bronnen": [{"id": BRON, "document": "Rekenkamer Heerlen, Startonderzoek NPHLN", "onderdeel": "Figuur 2",
                 "datum": "2023-11"}],
    "gebieden": [
        {"id": "NL01", "naam": "Nederland", "soort": "land", "cbs_code": "NL01", "bron": BRON},
        {"id": "GM0917", "naam": "Heerlen", "soort": "gemeente", "cbs_code": "GM0917", "ligt_in": "NL01",
         "bron": BRON},
        {"id": "heerlen-noord", "naam": "Heerlen-Noord", "soort": "focusgebied", "ligt_in": "GM0917",
         "bron": BRON},
    ],
    "programmas": [{"id": "nphln", "naam": "Nationaal Programma Heerlen-Noord", "focusgebied": "heerlen-noord",
                    "startdatum": "2021-11-22", "bron": BRON}],
    "themas": [{"id": "talentontwikkeling", "programma": "nphln", "naam": "Talentontwikkeling", "volgorde": "1",
                "bron": BRON}],
    "doelen": [{"id": "doel-taal", "programma": "nphln", "thema": "talentontwikkeling", "soort": "programmadoel",
                "omschrijving": "Laaggeletterdheid daalt naar het landelijk gemiddelde.", "volgorde": "1",
                "bron": BRON}],
    "indicatoren": [{"id": "arbeidsparticipatie", "naam": "Arbeidsparticipatie", "eenheid": "procent",
                     "polariteit": "hoger is beter", "bron": BRON}],
    "waarnemingen": [
        {"indicator": "arbeidsparticipatie", "gebied": "heerlen-noord", "periode": "startsituatie",
         "waarde": "57", "bron": BRON},
        {"indicator": "arbeidsparticipatie", "gebied": "GM0917", "periode": "startsituatie", "waarde": "",
         "bron": BRON},
    ],
    "geldstromen": [{"id": "pmg", "naam": "Preventie met gezag", "programma": "nphln", "herkomst": "rijk",
                     "instrument": "specifieke uitkering", "begin_jaar": "2022", "eind_jaar": "2025",
                     "totaalbedrag": "5600000", "bron": BRON}],
    "geldstroombedragen": [{"geldstroom": "pmg", "jaar": "2022", "soort": "toegekend", "bedrag": "1400000",
                            "bron": BRON}],
    "begrippen": [{"id": "talentontwikkeling", "term": "talentontwikkeling", "definitie": "Thema.",
                   "tabel": "themas", "sleutel": "talentontwikkeling", "bron": BRON}],
    "aliassen": [{"alias": "onderwijs", "begrip": "talentontwikkeling", "context": "gemeente Heerlen: lijn",
                  "bron": BRON}],
}


def mini() -> dict[str, list[dict[str, Any]]]:
    return copy.deepcopy(MINI)


def write_csv_package(folder: Path, tables: dict[str, list[dict[str, Any]]]) -> Path:
    """Write each table with its full header; cells not given are empty."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        header = [column.name for column in TABLES_BY_NAME[name].columns]
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow([row.get(column, "") for column in header])
    return folder
