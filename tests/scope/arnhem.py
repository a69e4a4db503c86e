"""Test data: a second focus area, Arnhem-Oost, beside the demo's Heerlen-Noord (issue 20).

Clearly test data, not shipped: a few themes, goals, an indicator with values, four funding streams (the
public figures the issue names: € 26,6 mln from the ministry, € 22,6 mln co-financing, € 6,9 mln SPUK
Kansrijke Wijk, € 25 mln Volkshuisvestingsfonds), a story, a participation activity, a register entry,
an information agreement, a steering agreement, and Arnhem's own council terms and municipal budget
programme (with `programma` set: each municipality has its own). The national programme's rows (the
programme, its ER-doelen and actielijnen), Nederland and the sources they cite are copied from the demo
package as they are, so a store holding Arnhem-Oost alone has the same national context as one that also
holds the demo. Heerlen's terms and budget programmes are not copied: they are Heerlen-Noord's.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tests.packages import write_csv_package

BRON = "test-arnhem-oost"
PROGRAMMA = "npao"

OWN: dict[str, list[dict[str, Any]]] = {
    "bronnen": [{"id": BRON, "document": "Testgegevens raadsmonitor: tweede focusgebied (geen echte bron)",
                 "datum": "2024"}],
    "gebieden": [
        {"id": "GM0202", "naam": "Arnhem", "soort": "gemeente", "cbs_code": "GM0202", "ligt_in": "NL01", "bron": BRON},
        {"id": "arnhem-oost", "naam": "Arnhem-Oost", "soort": "focusgebied", "ligt_in": "GM0202", "bron": BRON},
    ],
    "programmas": [{"id": PROGRAMMA, "naam": "Programma Arnhem-Oost", "afkorting": "PAO", "focusgebied": "arnhem-oost",
                    "onderdeel_van": "nplv", "ambitie": "Arnhem-Oost in één generatie op het Nederlands gemiddelde.",
                    "startdatum": "2022-06-01", "doeljaar": "2042", "bron": BRON}],
    "leefgebieden": [
        {"id": "ao-wonen", "programma": PROGRAMMA, "naam": "wonen", "volgorde": "1", "bron": BRON},
        {"id": "ao-veiligheid", "programma": PROGRAMMA, "naam": "veiligheid", "volgorde": "2", "bron": BRON},
        {"id": "ao-leren", "programma": PROGRAMMA, "naam": "leren", "volgorde": "3", "bron": BRON},
    ],
    "themas": [
        {"id": "ao-wonen-en-buurt", "programma": PROGRAMMA, "naam": "Wonen en buurt", "volgorde": "1", "bron": BRON},
        {"id": "ao-veilig-opgroeien", "programma": PROGRAMMA, "naam": "Veilig opgroeien", "volgorde": "2",
         "bron": BRON},
    ],
    "doelen": [
        {"id": "ao-doel-woningen", "programma": PROGRAMMA, "thema": "ao-wonen-en-buurt", "soort": "programmadoel",
         "omschrijving": "Bewoners zijn tevreden over hun woonomgeving.", "volgorde": "1", "bron": BRON},
        {"id": "ao-doel-jeugd", "programma": PROGRAMMA, "thema": "ao-veilig-opgroeien", "soort": "programmadoel",
         "omschrijving": "Minder jongeren komen in aanraking met criminaliteit.", "volgorde": "1", "bron": BRON},
    ],
    "mijlpalen": [{"id": "ao-start", "programma": PROGRAMMA, "datum": "2022-06-01",
                   "omschrijving": "Start van het programma Arnhem-Oost.", "bron": BRON}],
    "organen": [{"id": "ao-college", "naam": "College van Arnhem", "soort": "college", "programma": PROGRAMMA,
                 "bron": BRON}],
    "indicatoren": [{"id": "ao-tevredenheid-woonomgeving", "naam": "Tevredenheid met de woonomgeving (Arnhem-Oost)",
                     "eenheid": "procent", "polariteit": "hoger is beter", "leefgebied": "ao-wonen",
                     "thema": "ao-wonen-en-buurt", "doel": "ao-doel-woningen", "kernindicator": "nee", "bron": BRON}],
    "waarnemingen": [
        {"indicator": "ao-tevredenheid-woonomgeving", "gebied": "arnhem-oost", "periode": "startsituatie",
         "waarde": "61", "bron": BRON},
        {"indicator": "ao-tevredenheid-woonomgeving", "gebied": "NL01", "periode": "startsituatie",
         "waarde": "78", "bron": BRON},
        {"indicator": "ao-tevredenheid-woonomgeving", "gebied": "arnhem-oost", "periode": "2023",
         "peildatum": "2023-12-31", "waarde": "63", "bron": BRON},
        {"indicator": "ao-tevredenheid-woonomgeving", "gebied": "NL01", "periode": "2023", "peildatum": "2023-12-31",
         "waarde": "78", "bron": BRON},
    ],
    "voortgangsinstellingen": [{"programma": PROGRAMMA, "nulmeting_periode": "startsituatie", "tolerantie": "0.1",
                                "bron": BRON}],
    "geldstromen": [
        {"id": "ao-ministerie", "naam": "Bijdrage van het ministerie", "programma": PROGRAMMA, "herkomst": "rijk",
         "instrument": "specifieke uitkering", "begin_jaar": "2023", "eind_jaar": "2026", "status": "verleend",
         "reikwijdte": "focusgebied", "totaalbedrag": "26600000", "bron": BRON},
        {"id": "ao-cofinanciering", "naam": "Cofinanciering gemeente en partners", "programma": PROGRAMMA,
         "herkomst": "gemeente", "begin_jaar": "2023", "eind_jaar": "2026", "reikwijdte": "focusgebied",
         "totaalbedrag": "22600000", "bron": BRON},
        {"id": "ao-spuk-kansrijke-wijk", "naam": "SPUK Kansrijke Wijk", "programma": PROGRAMMA, "herkomst": "rijk",
         "instrument": "specifieke uitkering", "begin_jaar": "2024", "eind_jaar": "2027", "reikwijdte": "focusgebied",
         "totaalbedrag": "6900000", "bron": BRON},
        {"id": "ao-volkshuisvestingsfonds", "naam": "Volkshuisvestingsfonds", "programma": PROGRAMMA,
         "herkomst": "rijk", "begin_jaar": "2022", "eind_jaar": "2032", "reikwijdte": "focusgebied",
         "totaalbedrag": "25000000", "bron": BRON},
    ],
    "geldstroombedragen": [{"geldstroom": "ao-ministerie", "jaar": "2024", "soort": "toegekend", "bedrag": "6650000",
                            "bron": BRON}],
    "informatiestukken": [{"id": "ao-rib-2024-03", "soort": "raadsinformatiebrief", "datum": "2024-03-12",
                           "onderwerp": "Stand van zaken programma Arnhem-Oost", "programma": PROGRAMMA, "bron": BRON}],
    "informatieafspraken": [{"id": "ao-twee-keer-per-jaar", "programma": PROGRAMMA,
                             "omschrijving": "De raad van Arnhem hoort twee keer per jaar hoe het programma vordert.",
                             "leverancier": "ao-college", "aantal_per_jaar": "2", "bron": BRON}],
    "sturingsafspraken": [{"id": "ao-geldstroom-eindigt", "programma": PROGRAMMA,
                           "regel": "geldstroom eindigt binnenkort",
                           "omschrijving": "De raad van Arnhem wil het weten als een geldstroom binnen 12 maanden "
                                           "afloopt.", "maanden": "12", "bron": BRON}],
    "participatieactiviteiten": [{"id": "ao-buurtavond", "programma": PROGRAMMA, "soort": "bijeenkomst",
                                  "naam": "Buurtavond Arnhem-Oost", "datum": "2024-02-08", "bron": BRON}],
    "termijninstellingen": [{"id": "ao-antwoordtermijn-artikel-33", "soort_stuk": "artikel 33-vragen", "aantal": "20",
                             "eenheid": "werkdagen", "omschrijving": "Testinstelling Arnhem: artikel 33-vragen binnen "
                             "20 werkdagen beantwoord.", "programma": PROGRAMMA, "bron": BRON}],
    "begrotingsprogrammas": [{"id": "ao-bp-wonen", "nummer": "7", "naam": "Wonen en leefomgeving Arnhem",
                              "programma": PROGRAMMA, "bron": BRON}],
    "kernthemas": [{"id": "ao-kt-wijkaanpak", "begrotingsprogramma": "ao-bp-wonen", "naam": "wijkaanpak Arnhem",
                    "bron": BRON}],
    "begrotingskoppelingen": [{"id": "ao-bk-wijkaanpak", "kernthema": "ao-kt-wijkaanpak",
                               "onderdeel": "programmabureau Arnhem-Oost", "bron": BRON}],
    "verhalen": [{"id": "ao-verhaal-speeltuin", "programma": PROGRAMMA, "titel": "Een speeltuin die weer open is",
                  "tekst": "Sinds de speeltuin weer open is, spelen de kinderen buiten.", "verteller": "Bewoner",
                  "thema": "ao-veilig-opgroeien", "bron": BRON}],
}


def _demo_rows(demo: Path, table: str, wanted: Any) -> list[dict[str, str]]:
    with (demo / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if wanted(row)]


def shared_rows(demo: Path) -> dict[str, list[dict[str, Any]]]:
    """The national context, copied from the demo as it is: Nederland, the national programme, its ER-doelen and
    actielijnen, and the sources those rows cite."""
    national = {
        "gebieden": _demo_rows(demo, "gebieden", lambda row: row["id"] == "NL01"),
        "programmas": _demo_rows(demo, "programmas", lambda row: row["id"] == "nplv"),
        "actielijnen": _demo_rows(demo, "actielijnen", lambda row: row["programma"] == "nplv"),
        "doelen": _demo_rows(demo, "doelen", lambda row: row["programma"] == "nplv"),
        "mijlpalen": _demo_rows(demo, "mijlpalen", lambda row: row["programma"] == "nplv"),
        "organen": _demo_rows(demo, "organen", lambda row: row["programma"] == "nplv"),
        "governancetaken": _demo_rows(demo, "governancetaken", lambda row: row["orgaan"] == "rijk"),
    }
    cited = {row["bron"] for rows in national.values() for row in rows}
    return {"bronnen": _demo_rows(demo, "bronnen", lambda row: row["id"] in cited), **national}


def write_arnhem_package(folder: Path, demo: Path) -> Path:
    """Arnhem-Oost with its national context, as a CSV package (importable into an empty store or beside the demo)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, rows in shared_rows(demo).items():
        tables.setdefault(name, []).extend(rows)
    for name, rows in OWN.items():
        tables.setdefault(name, []).extend(rows)
    return write_csv_package(folder, tables)
