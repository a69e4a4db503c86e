"""A seeded synthetic national data package for the benchmarks: every name says it is synthetic.

At scale 1.0 it has 344 gemeenten, 3,500 wijken, 14,000 buurten (CBS-like codes GM0001,
WK000101, BU00010101), 120 indicators over 12 years, 20 focus areas made of buurten, 200
geldstromen with yearly amounts and 5,000 register items. Rows are streamed to one CSV file per
table, with the header taken from the catalogue (only tables and columns that exist are written).

Observation density (a realistic national monitor, not every indicator on every buurt):
- Nederland, every gemeente and every focusgebied: all 120 indicators, every year;
- every wijk: the 30 indicators measured at wijk level or lower (1-30), every year;
- every buurt: the 10 indicators measured at buurt level (1-10), every year.
At scale 1.0 that is 365 x 120 x 12 + 3,500 x 30 x 12 + 14,000 x 10 x 12 = 3,465,600 waarnemingen.

Usage: generate.py OUT_DIR [--scale 1.0] [--seed 20261128]
"""

# ruff: noqa: S311 - seeded pseudo-random numbers are the point: the same seed gives the same package
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.domain.enums import (
    BedragSoort,
    Eenheid,
    GeldstroomStatus,
    Herkomst,
    Instrument,
    Polariteit,
    StukSoort,
)

SYNTHETIC_DOCUMENT = "SYNTHETISCH — benchmarkgegevens, geen echte cijfers"
SYNTHETIC_NOTE = "Synthetisch gegeven voor benchmarks (bench/generate.py); geen echte cijfers."
PUBLISHER = "raadsmonitor bench (synthetisch)"
YEARS = tuple(range(2013, 2025))
INDICATORS = 120
BUURT_INDICATORS = 10  # indicators 1-10 are measured down to buurt level
WIJK_INDICATORS = 30  # indicators 1-30 down to wijk level; the rest at gemeente level
THEMES_PER_PROGRAMME = 5
GOALS_PER_THEME = 3
WIJKEN_PER_FOCUS_AREA = 3
BRONNEN = {
    "syn-bron-gebieden": "Synthetische gebiedsindeling",
    "syn-bron-programma": "Synthetische programma's, thema's en doelen",
    "syn-bron-waarnemingen": "Synthetische waarnemingen",
    "syn-bron-geld": "Synthetische geldstromen",
    "syn-bron-register": "Synthetisch raadsregister",
}


class Sizes:
    """How many of each thing at a scale (1.0 = national size)."""

    def __init__(self, scale: float) -> None:
        self.gemeenten = max(1, round(344 * scale))
        self.wijken = max(self.gemeenten, round(3_500 * scale))
        self.buurten_per_wijk = 4
        self.focus_areas = 20 if scale >= 1 else max(2, min(20, self.gemeenten))
        self.geldstromen = max(10, round(200 * scale))
        self.informatiestukken = max(30, round(5_000 * scale))


class PackageWriter:
    """Streams rows to one CSV per table; counts them. Columns the schema lacks are left out."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.counts: dict[str, int] = {}

    def table(self, name: str, rows: Iterable[dict[str, Any]]) -> None:
        spec = TABLES_BY_NAME.get(name)
        if spec is None:
            return
        header = [column.name for column in spec.columns]
        count = 0
        with (self.folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow([_cell(row.get(column, "")) for column in header])
                count += 1
        self.counts[name] = count


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


# --- areas ------------------------------------------------------------------------------------------


def gemeente_id(g: int) -> str:
    return f"GM{g:04d}"


def wijken_of(sizes: Sizes) -> list[tuple[int, int]]:
    """(gemeente number, wijk number within it) for every wijk; the first gemeenten get one extra."""
    base, extra = divmod(sizes.wijken, sizes.gemeenten)
    return [(g, w) for g in range(1, sizes.gemeenten + 1) for w in range(1, base + (1 if g <= extra else 0) + 1)]


def wijk_id(g: int, w: int) -> str:
    return f"WK{g:04d}{w:02d}"


def buurt_id(g: int, w: int, b: int) -> str:
    return f"BU{g:04d}{w:02d}{b:02d}"


def focus_id(f: int) -> str:
    return f"SYN-FG{f:02d}"


def focus_wijken(sizes: Sizes, wijken: list[tuple[int, int]]) -> dict[int, list[tuple[int, int]]]:
    """Each focus area takes up to three wijken of one gemeente, spread over the country."""
    by_gemeente: dict[int, list[tuple[int, int]]] = {}
    for g, w in wijken:
        by_gemeente.setdefault(g, []).append((g, w))
    step = max(1, sizes.gemeenten // sizes.focus_areas)
    result = {}
    for f in range(1, sizes.focus_areas + 1):
        g = ((f - 1) * step) % sizes.gemeenten + 1
        result[f] = by_gemeente[g][:WIJKEN_PER_FOCUS_AREA]
    return result


def gebieden(sizes: Sizes, wijken: list[tuple[int, int]]) -> Iterator[dict[str, Any]]:
    bron = "syn-bron-gebieden"
    yield {"id": "NL01", "naam": "Synthetisch Nederland (benchmark)", "soort": "land", "cbs_code": "NL01",
           "toelichting": SYNTHETIC_NOTE, "bron": bron}
    for g in range(1, sizes.gemeenten + 1):
        yield {"id": gemeente_id(g), "naam": f"Synthetische gemeente {g:04d}", "soort": "gemeente",
               "cbs_code": gemeente_id(g), "ligt_in": "NL01", "bron": bron}
    for f, members in focus_wijken(sizes, wijken).items():
        yield {"id": focus_id(f), "naam": f"Synthetisch focusgebied {f:02d}", "soort": "focusgebied",
               "ligt_in": gemeente_id(members[0][0]), "toelichting": SYNTHETIC_NOTE, "bron": bron}
    for g, w in wijken:
        yield {"id": wijk_id(g, w), "naam": f"Synthetische wijk {g:04d}-{w:02d}", "soort": "wijk",
               "cbs_code": wijk_id(g, w), "ligt_in": gemeente_id(g), "bron": bron}
    for g, w in wijken:
        for b in range(1, sizes.buurten_per_wijk + 1):
            yield {"id": buurt_id(g, w, b), "naam": f"Synthetische buurt {g:04d}-{w:02d}-{b:02d}", "soort": "buurt",
                   "cbs_code": buurt_id(g, w, b), "ligt_in": wijk_id(g, w), "bron": bron}


def gebiedsonderdelen(sizes: Sizes, wijken: list[tuple[int, int]]) -> Iterator[dict[str, Any]]:
    for f, members in focus_wijken(sizes, wijken).items():
        for g, w in members:
            for b in range(1, sizes.buurten_per_wijk + 1):
                yield {"focusgebied": focus_id(f), "gebied": buurt_id(g, w, b), "focusbuurt": b <= 2,
                       "bron": "syn-bron-gebieden"}


def vergelijkingsgebieden(sizes: Sizes, wijken: list[tuple[int, int]]) -> Iterator[dict[str, Any]]:
    for f, members in focus_wijken(sizes, wijken).items():
        yield {"focusgebied": focus_id(f), "gebied": "NL01", "rol": "norm", "bron": "syn-bron-gebieden"}
        yield {"focusgebied": focus_id(f), "gebied": gemeente_id(members[0][0]), "rol": "gemeente",
               "bron": "syn-bron-gebieden"}


# --- programme --------------------------------------------------------------------------------------


def programma_id(f: int) -> str:
    return f"syn-fg{f:02d}"


def thema_id(f: int, t: int) -> str:
    return f"syn-fg{f:02d}-thema-{t}"


def programmas(sizes: Sizes) -> Iterator[dict[str, Any]]:
    bron = "syn-bron-programma"
    yield {"id": "syn-nplv", "naam": "Synthetisch nationaal programma (benchmark)", "afkorting": "SYN",
           "ambitie": SYNTHETIC_NOTE, "startdatum": "2022", "bron": bron}
    for f in range(1, sizes.focus_areas + 1):
        yield {"id": programma_id(f), "naam": f"Synthetisch programma focusgebied {f:02d}", "afkorting": f"SYN{f:02d}",
               "focusgebied": focus_id(f), "onderdeel_van": "syn-nplv", "ambitie": SYNTHETIC_NOTE,
               "startdatum": "2021-11-22", "doeljaar": 2041, "bron": bron}


def leefgebieden(sizes: Sizes) -> Iterator[dict[str, Any]]:
    for f in range(1, sizes.focus_areas + 1):
        for t in range(1, THEMES_PER_PROGRAMME + 1):
            yield {"id": f"syn-fg{f:02d}-leefgebied-{t}", "programma": programma_id(f),
                   "naam": f"Synthetisch leefgebied {t}", "volgorde": t, "bron": "syn-bron-programma"}


def themas(sizes: Sizes) -> Iterator[dict[str, Any]]:
    for f in range(1, sizes.focus_areas + 1):
        for t in range(1, THEMES_PER_PROGRAMME + 1):
            yield {"id": thema_id(f, t), "programma": programma_id(f), "naam": f"Synthetisch thema {t}",
                   "omschrijving": SYNTHETIC_NOTE, "volgorde": t, "bron": "syn-bron-programma"}


def actielijnen() -> Iterator[dict[str, Any]]:
    for a in range(1, 5):
        yield {"id": f"syn-actielijn-{a}", "programma": "syn-nplv", "nummer": a,
               "naam": f"Synthetische actielijn {a}", "bron": "syn-bron-programma"}


def doelen(sizes: Sizes) -> Iterator[dict[str, Any]]:
    for f in range(1, sizes.focus_areas + 1):
        for t in range(1, THEMES_PER_PROGRAMME + 1):
            for d in range(1, GOALS_PER_THEME + 1):
                yield {"id": f"{thema_id(f, t)}-doel-{d}", "programma": programma_id(f), "thema": thema_id(f, t),
                       "soort": "programmadoel", "omschrijving": f"Synthetisch doel {d} van thema {t}",
                       "volgorde": d, "bron": "syn-bron-programma"}


def voortgangsinstellingen(sizes: Sizes) -> Iterator[dict[str, Any]]:
    for f in range(1, sizes.focus_areas + 1):
        yield {"programma": programma_id(f), "nulmeting_periode": "2016", "tolerantie": "0.1",
               "toelichting": "Voorbeeldinstelling, synthetisch (benchmark); geen gegeven uit een rapport.",
               "bron": "syn-bron-programma"}


def indicator_level(i: int) -> str:
    return "buurt" if i <= BUURT_INDICATORS else ("wijk" if i <= WIJK_INDICATORS else "gemeente")


def indicatoren() -> Iterator[dict[str, Any]]:
    eenheden = [Eenheid.PROCENT, Eenheid.PER_1000_INWONERS, Eenheid.RAPPORTCIJFER, Eenheid.EURO, Eenheid.JAREN]
    polariteiten = [Polariteit.HOGER_IS_BETER, Polariteit.LAGER_IS_BETER]
    for i in range(1, INDICATORS + 1):
        t = (i - 1) % THEMES_PER_PROGRAMME + 1
        row = {"id": f"syn-ind-{i:03d}", "naam": f"Synthetische indicator {i:03d}",
               "eenheid": eenheden[i % len(eenheden)].value, "polariteit": polariteiten[i % 2].value,
               "leefgebied": f"syn-fg01-leefgebied-{t}", "thema": thema_id(1, t),
               "doel": f"{thema_id(1, t)}-doel-{(i - 1) // THEMES_PER_PROGRAMME % GOALS_PER_THEME + 1}",
               "actielijn": f"syn-actielijn-{i % 4 + 1}" if i % 6 == 0 else "", "kernindicator": i % 6 == 0,
               "gegevensbron": "Synthetisch", "gebiedsniveau": indicator_level(i), "definitie": SYNTHETIC_NOTE,
               "bron": "syn-bron-waarnemingen"}
        if i == 1:
            row.update(naam="Synthetisch aantal inwoners", eenheid=Eenheid.AANTAL.value,
                       polariteit=Polariteit.NEUTRAAL.value, aggregatie="som")
        elif i <= BUURT_INDICATORS:
            row.update(aggregatie="gewogen gemiddelde", weegindicator="syn-ind-001")
        yield row


def _value(rng: random.Random, i: int, year: int) -> str:
    if rng.random() < 0.02:
        return ""  # unknown, as real sources have gaps
    if i == 1:
        return str(rng.randint(200, 4_000))
    return f"{rng.uniform(10, 90) + (year - 2013) * 0.2:.1f}"


def waarnemingen(sizes: Sizes, wijken: list[tuple[int, int]], rng: random.Random) -> Iterator[dict[str, Any]]:
    areas: list[tuple[str, int]] = [("NL01", INDICATORS)]
    areas += [(gemeente_id(g), INDICATORS) for g in range(1, sizes.gemeenten + 1)]
    areas += [(focus_id(f), INDICATORS) for f in range(1, sizes.focus_areas + 1)]
    areas += [(wijk_id(g, w), WIJK_INDICATORS) for g, w in wijken]
    areas += [(buurt_id(g, w, b), BUURT_INDICATORS) for g, w in wijken for b in range(1, sizes.buurten_per_wijk + 1)]
    for gebied, count in areas:
        for i in range(1, count + 1):
            for year in YEARS:
                yield {"indicator": f"syn-ind-{i:03d}", "gebied": gebied, "periode": str(year),
                       "peildatum": f"{year}-12-31", "waarde": _value(rng, i, year), "bron": "syn-bron-waarnemingen"}


# --- money and register -----------------------------------------------------------------------------


def geldstromen(sizes: Sizes, rng: random.Random) -> Iterator[dict[str, Any]]:
    kinds = [(Herkomst.RIJK, Instrument.SPECIFIEKE_UITKERING), (Herkomst.RIJK, Instrument.REGIO_DEAL),
             (Herkomst.GEMEENTE, Instrument.EIGEN_MIDDELEN), (Herkomst.PROVINCIE, Instrument.SUBSIDIE),
             (Herkomst.ALLIANTIEPARTNER, Instrument.PARTNERBUDGET)]
    statuses = [GeldstroomStatus.VERLEEND, GeldstroomStatus.TOEGEZEGD, GeldstroomStatus.AANGEVRAAGD]
    for s in range(1, sizes.geldstromen + 1):
        herkomst, instrument = kinds[s % len(kinds)]
        begin = rng.randint(2016, 2024)
        yield {"id": f"syn-stroom-{s:03d}", "naam": f"Synthetische geldstroom {s:03d}",
               "programma": programma_id((s - 1) % sizes.focus_areas + 1), "herkomst": herkomst.value,
               "instrument": instrument.value, "begin_jaar": begin, "eind_jaar": begin + rng.randint(1, 6),
               "status": statuses[s % len(statuses)].value, "categorie": "programma", "reikwijdte": "focusgebied",
               "totaalbedrag": rng.randint(1, 400) * 25_000, "toelichting": SYNTHETIC_NOTE, "bron": "syn-bron-geld"}


def geldstroombedragen(sizes: Sizes, seed: int) -> Iterator[dict[str, Any]]:
    """Amounts per year of the streams that `geldstromen(sizes, Random(seed))` yields."""
    rng = random.Random(seed + 100)
    for stroom in geldstromen(sizes, random.Random(seed)):
        for year in range(stroom["begin_jaar"], stroom["eind_jaar"] + 1):
            share = stroom["totaalbedrag"] // (stroom["eind_jaar"] - stroom["begin_jaar"] + 1)
            yield {"geldstroom": stroom["id"], "jaar": year, "soort": BedragSoort.GERAAMD.value, "bedrag": share,
                   "bron": "syn-bron-geld"}
            if year <= 2024:
                yield {"geldstroom": stroom["id"], "jaar": year, "soort": BedragSoort.BESTEED.value,
                       "bedrag": round(share * rng.uniform(0.6, 1.1), 2), "bron": "syn-bron-geld"}


def _stuk_date(n: int, total: int) -> date:
    return date(2013, 1, 1) + timedelta(days=(n * (12 * 365)) // total)


def informatiestukken(sizes: Sizes, rng: random.Random) -> Iterator[dict[str, Any]]:
    soorten = list(StukSoort)
    for n in range(sizes.informatiestukken):
        soort = soorten[n % len(soorten)]
        f = n % sizes.focus_areas + 1
        datum = _stuk_date(n, sizes.informatiestukken)
        row = {"id": f"syn-stuk-{n:05d}", "soort": soort.value, "datum": datum.isoformat(),
               "onderwerp": f"Synthetisch stuk {n:05d}", "gremium": "Synthetische raadsvergadering",
               "programma": programma_id(f), "thema": thema_id(f, n % THEMES_PER_PROGRAMME + 1),
               "portefeuillehouder": f"Synthetische wethouder {n % 7 + 1}", "bron": "syn-bron-register"}
        if soort in (StukSoort.MOTIE, StukSoort.AMENDEMENT):
            row["uitkomst"] = "aangenomen" if rng.random() < 0.7 else "verworpen"
        if soort in (StukSoort.MOTIE, StukSoort.TOEZEGGING):
            row["status"] = "afgedaan" if rng.random() < 0.5 else "open"
            row["termijn"] = (datum + timedelta(days=90)).isoformat()
        yield row


def informatiekoppelingen(sizes: Sizes) -> Iterator[dict[str, Any]]:
    """Each artikel 33-antwoorden item answers the questions item just before it."""
    soorten = list(StukSoort)
    answer = soorten.index(StukSoort.ARTIKEL_33_ANTWOORDEN)
    for n in range(1, sizes.informatiestukken):
        if n % len(soorten) == answer and soorten[(n - 1) % len(soorten)] is StukSoort.ARTIKEL_33_VRAGEN:
            yield {"van": f"syn-stuk-{n:05d}", "naar": f"syn-stuk-{n - 1:05d}", "soort": "beantwoordt",
                   "bron": "syn-bron-register"}


def bronnen() -> Iterator[dict[str, Any]]:
    for key, onderdeel in BRONNEN.items():
        yield {"id": key, "document": SYNTHETIC_DOCUMENT, "onderdeel": onderdeel, "uitgever": PUBLISHER,
               "datum": "2026", "toelichting": SYNTHETIC_NOTE}


# --- the package ------------------------------------------------------------------------------------


def generate(folder: Path, scale: float = 1.0, seed: int = 20261128) -> dict[str, int]:
    """Write the package to `folder`; returns the row count per table."""
    folder.mkdir(parents=True, exist_ok=True)
    sizes = Sizes(scale)
    wijken = wijken_of(sizes)
    rng = random.Random(seed)
    out = PackageWriter(folder)
    out.table("bronnen", bronnen())
    out.table("gebieden", gebieden(sizes, wijken))
    out.table("gebiedsonderdelen", gebiedsonderdelen(sizes, wijken))
    out.table("vergelijkingsgebieden", vergelijkingsgebieden(sizes, wijken))
    out.table("programmas", programmas(sizes))
    out.table("leefgebieden", leefgebieden(sizes))
    out.table("themas", themas(sizes))
    out.table("actielijnen", actielijnen())
    out.table("doelen", doelen(sizes))
    out.table("indicatoren", indicatoren())
    out.table("waarnemingen", waarnemingen(sizes, wijken, rng))
    out.table("voortgangsinstellingen", voortgangsinstellingen(sizes))
    out.table("geldstromen", geldstromen(sizes, random.Random(seed + 1)))
    out.table("geldstroombedragen", geldstroombedragen(sizes, seed + 1))
    out.table("informatiestukken", informatiestukken(sizes, random.Random(seed + 2)))
    out.table("informatiekoppelingen", informatiekoppelingen(sizes))
    (folder / "LEESMIJ-SYNTHETISCH.txt").write_text(
        f"{SYNTHETIC_DOCUMENT}\n{SYNTHETIC_NOTE}\nSchaal {scale}, zaad {seed}.\n", encoding="utf-8")
    return out.counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Synthetisch landelijk gegevenspakket voor benchmarks")
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=20261128)
    args = parser.parse_args(argv)
    counts = generate(args.out, args.scale, args.seed)
    json.dump(counts, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
