"""The start page as a dashboard (issue 16): one tile per question a council member brings to a committee
meeting, each answered by the same core function as the page behind it, so the figures are the same.

Signals and what changed since the last peilmoment compare against stored reporting moments, which is why
this lives in services (it reads the store through a connection) and not in analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from raadsmonitor.analysis.council.agenda import Agenda, AgendaPunt, build_agenda
from raadsmonitor.analysis.council.nakoming import Nakoming, Nakomingen, check_nakoming
from raadsmonitor.analysis.council.register import OPEN_STANDEN, Register, RegisterRegel, build_register
from raadsmonitor.analysis.finance.horizon import choices_ahead
from raadsmonitor.analysis.finance.overview import DIMENSIES, StroomRegel, Totaal, grand_total, ledger, totals_by
from raadsmonitor.analysis.moments.changes import Wijzigingen
from raadsmonitor.analysis.programme.overview import programme_overview
from raadsmonitor.analysis.programme.scope import programme_of
from raadsmonitor.analysis.progress.formulas import Status
from raadsmonitor.analysis.progress.views import Overzicht, voortgang_by_theme
from raadsmonitor.analysis.signals.progress_status import voortgang_status_history
from raadsmonitor.analysis.signals.rules import Signaal, Signalen, evaluate_signals
from raadsmonitor.domain.enums import StukSoort, Zeggenschap
from raadsmonitor.domain.programme import Thema
from raadsmonitor.domain.records import Records
from raadsmonitor.services.moments import changes_between, goal_comparison
from raadsmonitor.store.snapshots import list_moments

# The four answers the progress page gives per indicator, in the order a reader weighs them (issue 16);
# 'geen richting' (a neutral indicator) is no answer to "are we on course" and is not counted.
STATUSSEN = (Status.OP_KOERS, Status.AANDACHT, Status.ACHTER, Status.ONVOLDOENDE_GEGEVENS)
NIEUWSTE = 3  # how many signals and calendar entries a tile names


@dataclass(frozen=True)
class ThemaStand:
    """How many indicators of one theme are op koers, aandacht, achter or without enough data."""

    thema: Thema
    aantallen: dict[Status, int]

    @property
    def totaal(self) -> int:
        return sum(self.aantallen.values())


@dataclass(frozen=True)
class Voortgangstegel:
    overzicht: Overzicht
    themas: list[ThemaStand]

    def aantal(self, status: Status) -> int:
        return sum(t.aantallen.get(status, 0) for t in self.themas)

    @property
    def totaal(self) -> int:
        return sum(t.totaal for t in self.themas)


@dataclass(frozen=True)
class Geldtegel:
    totaal: Totaal  # every amount that counts, as the finance page's "Totaal"
    raad_beslist: Totaal | None  # the row "raad beslist" of the finance page's zeggenschap table
    aflopend: tuple[StroomRegel, ...]  # streams ending this year or next (the choices page's list)
    jaar: int
    tot_jaar: int

    @property
    def onbekend(self) -> int:
        return self.totaal.aantal - self.totaal.bekend


@dataclass(frozen=True)
class Informatietegel:
    nakomingen: Nakomingen
    open_moties: list[RegisterRegel]
    open_toezeggingen: list[RegisterRegel]

    def aantal(self, stand: Nakoming) -> int:
        """Agreements (not their parts) with this standing, as the rows of the agreements page."""
        return sum(1 for toets in self.nakomingen.toetsen if toets.stand is stand)

    @staticmethod
    def oudste(regels: list[RegisterRegel]) -> RegisterRegel | None:
        known = [r for r in regels if r.dagen_open is not None]
        return max(known, key=lambda r: r.dagen_open or 0) if known else None


@dataclass(frozen=True)
class Signaaltegel:
    signalen: Signalen

    @property
    def nieuwste(self) -> list[Signaal]:
        return list(reversed(self.signalen.alle[-NIEUWSTE:]))


@dataclass(frozen=True)
class Agendategel:
    agenda: Agenda

    @property
    def komend(self) -> list[AgendaPunt]:
        return self.agenda.komend[:NIEUWSTE]


@dataclass(frozen=True)
class Wijzigingstegel:
    wijzigingen: Wijzigingen | None  # None: there is no peilmoment yet


@dataclass(frozen=True)
class Dashboard:
    peildatum: date
    voortgang: Voortgangstegel
    geld: Geldtegel
    informatie: Informatietegel
    signalen: Signaaltegel
    agenda: Agendategel
    wijzigingen: Wijzigingstegel


def progress_tile(records: Records, today: date) -> Voortgangstegel:
    overzicht = voortgang_by_theme(records, today)
    themas = []
    for thema in overzicht.themas:
        aantallen = dict.fromkeys(STATUSSEN, 0)
        for groep in thema.doelen:
            for kaart in groep.kaarten:
                status = kaart.voortgang.oordeel.status
                if status in aantallen:
                    aantallen[status] += 1
        themas.append(ThemaStand(thema.thema, aantallen))
    return Voortgangstegel(overzicht, themas)


def money_tile(records: Records, today: date) -> Geldtegel:
    regels = ledger(records)
    overview = programme_overview(records)
    keuzes = choices_ahead(regels, overview.programma if overview else None, today, today.year)
    beslist = next((t for t in totals_by(regels, DIMENSIES["zeggenschap"]) if t.label == Zeggenschap.BESLIST.value),
                   None)
    return Geldtegel(grand_total(regels), beslist, keuzes.aflopend, keuzes.jaar, keuzes.tot_jaar)


def information_tile(records: Records, today: date) -> Informatietegel:
    # The agreements page's default year: the year up to which the register is known (routes/informatie.py).
    bekend_tot = check_nakoming(records, today.year, today).bekend_tot
    nakomingen = check_nakoming(records, bekend_tot.year if bekend_tot else today.year, today)
    register: Register = build_register(records, today)

    def still_open(soort: StukSoort) -> list[RegisterRegel]:
        return [r for r in register.regels if r.stuk.soort is soort and r.stand in OPEN_STANDEN]

    return Informatietegel(nakomingen, still_open(StukSoort.MOTIE), still_open(StukSoort.TOEZEGGING))


def changes_tile(connection: Connection, records: Records, today: date) -> Wijzigingstegel:
    if not list_moments(connection):
        return Wijzigingstegel(None)
    return Wijzigingstegel(changes_between(connection, None, None, today, programme_of(records)))


def build_dashboard(connection: Connection, records: Records, today: date) -> Dashboard:
    """Every tile of the start page on `today`, from the functions the pages behind the tiles call."""
    vergelijking = goal_comparison(connection, today, programme_of(records))
    signalen = evaluate_signals(records, today, voortgang_status_history(records, today), vergelijking)
    return Dashboard(today, progress_tile(records, today), money_tile(records, today),
                     information_tile(records, today), Signaaltegel(signalen),
                     Agendategel(build_agenda(records, today)), changes_tile(connection, records, today))
