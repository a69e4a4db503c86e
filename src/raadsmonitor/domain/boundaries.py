"""Boundaries of wijken and buurten (issue 18): the shape of an area by its CBS code, for maps.

A boundary is kept by CBS code, not as a reference to a gebied: boundaries can be read before the figures
that create the gebieden, and a map joins the two on the code. Like the snapshots, this table lives in
the store only: it is not part of the data package (a package stays small and readable); it is filled by
`raadsmonitor import-grenzen` from a GeoJSON file.

The geometry is kept simplified, in metres on a plane (RD New, EPSG:28992, or a close approximation of
it for WGS84 input), as JSON: a list of polygons, each a list of rings, each a list of [x, y] pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from raadsmonitor.domain.catalogue import TableSpec
from raadsmonitor.domain.columns import col


@dataclass(frozen=True, kw_only=True, slots=True)
class Gebiedsgrens:
    """The (simplified) boundary of a municipality, wijk or buurt."""

    cbs_code: str = col("CBS-code van het gebied (GM0917, WK091701, BU09170101)", key=True, max_length=20)
    naam: str | None = col("Naam van het gebied volgens het grenzenbestand", default=None)
    geometrie: str = col("Vereenvoudigde grens als JSON: veelhoeken van ringen van [x, y] in meters (RD)",
                         max_length=5_000_000)
    bron: str = col("Waar de grens vandaan komt: het bestand en de uitgever", max_length=200)
    ingelezen_op: date = col("Datum waarop de grens is ingelezen")


BOUNDARY_TABLES: tuple[TableSpec, ...] = (
    TableSpec("gebiedsgrenzen", Gebiedsgrens, "Gebiedsgrenzen", "Grenzen van gemeenten, wijken en buurten."),
)
