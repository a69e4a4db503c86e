"""The programme at a glance: themes, their goals, interventions and partners (report figure 4)."""

from __future__ import annotations

from dataclasses import dataclass, field

from raadsmonitor.domain.enums import DoelSoort
from raadsmonitor.domain.indicators import Indicator
from raadsmonitor.domain.programme import (
    Actielijn,
    Doel,
    Gebied,
    Interventie,
    InterventiePartner,
    Kpi,
    Leefgebied,
    Mijlpaal,
    Organisatie,
    Programma,
    Thema,
)
from raadsmonitor.domain.records import Records, index_by_id


@dataclass(frozen=True)
class InterventieOverzicht:
    """An intervention with the partners involved in it."""

    interventie: Interventie
    partners: list[Organisatie]


@dataclass(frozen=True)
class DoelOverzicht:
    """A goal with its interventions and the indicators that measure it."""

    doel: Doel
    interventies: list[InterventieOverzicht]
    indicatoren: list[Indicator]


@dataclass(frozen=True)
class ThemaOverzicht:
    """A theme with its goals, KPIs, leefgebieden and the interventions tied to no single goal."""

    thema: Thema
    doelen: list[DoelOverzicht]
    kpis: list[Kpi]
    leefgebieden: list[Leefgebied]
    losse_interventies: list[InterventieOverzicht] = field(default_factory=list)  # not tied to one goal

    @property
    def aantal_interventies(self) -> int:
        return sum(len(doel.interventies) for doel in self.doelen) + len(self.losse_interventies)


@dataclass(frozen=True)
class ProgrammaOverzicht:
    """The programme tree as the themes page shows it."""

    programma: Programma
    nationaal: Programma | None
    focusgebied: Gebied | None
    leefgebieden: list[Leefgebied]
    themas: list[ThemaOverzicht]
    er_doelen: list[Doel]
    actielijnen: list[Actielijn]
    mijlpalen: list[Mijlpaal]

    def thema(self, thema_id: str) -> ThemaOverzicht | None:
        return next((item for item in self.themas if item.thema.id == thema_id), None)


def focus_programme(records: Records) -> Programma | None:
    """The focus area's own programme (the first by key when a store holds several)."""
    local = sorted((p for p in records.all(Programma) if p.focusgebied), key=lambda p: p.id)
    return local[0] if local else None


def _interventies(records: Records) -> dict[str, list[InterventieOverzicht]]:
    organisaties = index_by_id(records.all(Organisatie))
    partners: dict[str, list[Organisatie]] = {}
    for link in records.all(InterventiePartner):
        if link.organisatie in organisaties:
            partners.setdefault(link.interventie, []).append(organisaties[link.organisatie])
    by_key: dict[str, list[InterventieOverzicht]] = {}
    for interventie in sorted(records.all(Interventie), key=lambda item: item.id):
        item = InterventieOverzicht(interventie, sorted(partners.get(interventie.id, []), key=lambda o: o.naam))
        by_key.setdefault(interventie.doel or f"thema:{interventie.thema}", []).append(item)
    return by_key


def programme_overview(records: Records, programma_id: str | None = None) -> ProgrammaOverzicht | None:
    programmas = index_by_id(records.all(Programma))
    programma = programmas.get(programma_id) if programma_id else focus_programme(records)
    if programma is None:
        return None
    nationaal = programmas.get(programma.onderdeel_van) if programma.onderdeel_van else None
    leefgebieden = sorted((item for item in records.all(Leefgebied) if item.programma == programma.id),
                          key=lambda item: item.volgorde)
    leefgebied_by_id = {item.id: item for item in leefgebieden}
    interventies = _interventies(records)
    indicatoren = records.all(Indicator)
    kpis = records.all(Kpi)
    doelen = [doel for doel in records.all(Doel) if doel.programma == programma.id]
    themas = []
    for thema in sorted((t for t in records.all(Thema) if t.programma == programma.id), key=lambda t: t.volgorde):
        thema_doelen = sorted((d for d in doelen if d.thema == thema.id), key=lambda d: d.volgorde)
        thema_indicatoren = [i for i in indicatoren if i.thema == thema.id]
        gebied_ids = sorted({i.leefgebied for i in thema_indicatoren if i.leefgebied in leefgebied_by_id},
                            key=lambda key: leefgebied_by_id[key].volgorde)
        themas.append(ThemaOverzicht(
            thema=thema,
            doelen=[DoelOverzicht(doel, interventies.get(doel.id, []),
                                  [i for i in thema_indicatoren if i.doel == doel.id]) for doel in thema_doelen],
            kpis=sorted((k for k in kpis if k.thema == thema.id), key=lambda k: k.volgorde),
            leefgebieden=[leefgebied_by_id[key] for key in gebied_ids],
            losse_interventies=interventies.get(f"thema:{thema.id}", []),
        ))
    national_id = nationaal.id if nationaal else None
    return ProgrammaOverzicht(
        programma=programma,
        nationaal=nationaal,
        focusgebied=records.get(Gebied, programma.focusgebied) if programma.focusgebied else None,
        leefgebieden=leefgebieden,
        themas=themas,
        er_doelen=sorted((d for d in records.all(Doel) if d.programma == national_id and d.soort is DoelSoort.ER_DOEL),
                         key=lambda d: d.volgorde),
        actielijnen=sorted((a for a in records.all(Actielijn) if a.programma == national_id), key=lambda a: a.nummer),
        mijlpalen=sorted((m for m in records.all(Mijlpaal) if m.programma in (programma.id, national_id)),
                         key=lambda m: (m.datum.sort_key(), m.id)),
    )
