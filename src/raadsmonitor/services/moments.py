"""Reporting moments as the commands and pages use them: take a snapshot of the store, and find the two
states to compare. The freezing is `analysis.snapshots.freeze`, the comparison `analysis.changes.compare`,
the storage `store.snapshots`; this module only puts them together on one connection."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, Engine

from raadsmonitor.analysis.moments.changes import Wijzigingen, attribute, compare
from raadsmonitor.analysis.moments.snapshots import freeze
from raadsmonitor.analysis.programme.scope import ProgrammeRecords, scope_state
from raadsmonitor.analysis.signals.rules import Peilvergelijking
from raadsmonitor.domain.audit import Actie, AuditContext
from raadsmonitor.domain.records import Records
from raadsmonitor.domain.snapshots import Peilmoment, Programmastand
from raadsmonitor.presentation.formatting import format_datum_nl
from raadsmonitor.services.audit_context import local_context
from raadsmonitor.store import audit
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.dataset import StoreRecords
from raadsmonitor.store.snapshots import PeilmomentError, find_moment, list_moments, load_peilmoment, save_peilmoment

__all__ = ["PeilmomentError", "changes_between", "goal_comparison", "live_state", "previous_moment", "report_changes",
           "take_peilmoment"]

NO_MOMENT = ("Er is nog geen peilmoment; leg er een vast met raadsmonitor snapshot --peildatum "
             "JJJJ-MM-DD. Deze regel is niet getoetst.")


def take_peilmoment(engine: Engine, peildatum: date, naam: str | None, now: datetime,
                  context: AuditContext | None = None) -> Peilmoment:
    """Freeze the store's state on `peildatum` and insert it in one transaction; refused when the date already
    has one. Read on its own connection: the store's streaming reads change a connection's options.
    The snapshot is recorded in the audit trail in the same transaction."""
    with engine.connect() as connection:
        state = freeze(StoreRecords(connection), peildatum)
    with write_transaction(engine) as connection:
        moment = save_peilmoment(connection, state, naam, now)
        audit.append(connection, (context or local_context()).event(
            Actie.PEILMOMENT, f"peilmomenten/{moment.id}", nieuw={"peildatum": moment.id, "naam": moment.naam}))
        return moment


def live_state(connection: Connection, today: date) -> Programmastand:
    return freeze(StoreRecords(connection), today)


def _scope(connection: Connection, programma: str | None) -> Records:
    """The view that judges what belongs to `programma` (all records when None)."""
    records = StoreRecords(connection)
    return ProgrammeRecords(records, programma) if programma is not None else records


def changes_between(connection: Connection, sinds: date | None, tot: date | None, today: date,
                    programma: str | None = None) -> Wijzigingen:
    """From the moment on `sinds` (default: the latest, or the latest before `tot`) to the moment on `tot`
    (default: the live data); with `programma`, only what belongs to that programme (issue 20)."""
    moments = list_moments(connection)
    if not moments:
        raise PeilmomentError("er is nog geen peilmoment; maak er een met raadsmonitor snapshot --peildatum JJJJ-MM-DD")
    van = find_moment(connection, sinds) if sinds else previous_moment(connection, tot) if tot else moments[-1]
    if van is None or (tot and tot <= van.peildatum):
        raise PeilmomentError(f"er is geen peilmoment vóór --tot {tot}" if van is None else
                             f"--tot ({tot}) moet na --sinds ({van.peildatum.isoformat()}) liggen")
    later = load_peilmoment(connection, find_moment(connection, tot)) if tot else live_state(connection, today)
    view = _scope(connection, programma)
    return _with_authors(connection, compare(scope_state(load_peilmoment(connection, van), view),
                                             scope_state(later, view)))


def _with_authors(connection: Connection, wijzigingen: Wijzigingen) -> Wijzigingen:
    """Who and when per change, from the audit trail between the two moments' own audit records."""
    van, tot = wijzigingen.van.moment, wijzigingen.tot.moment
    if van is None:
        return wijzigingen
    writes = audit.latest_writes(connection, van.id, tot.id if tot is not None else None)
    return attribute(wijzigingen, writes)


def previous_moment(connection: Connection, before: date) -> Peilmoment | None:
    """The latest reporting moment strictly before `before`."""
    earlier = [m for m in list_moments(connection) if m.peildatum < before]
    return earlier[-1] if earlier else None


def report_changes(connection: Connection, eind: date, today: date, programma: str | None = None
                   ) -> Wijzigingen | None:
    """What changed since the previous report: from the latest moment before `eind` to the moment on `eind`
    (the report's own moment) if there is one, else to the live data. None when there is no earlier moment."""
    vorige = previous_moment(connection, eind)
    if vorige is None:
        return None
    eigen = next((m for m in list_moments(connection) if m.peildatum == eind), None)
    later = load_peilmoment(connection, eigen) if eigen else live_state(connection, today)
    view = _scope(connection, programma)
    return _with_authors(connection, compare(scope_state(load_peilmoment(connection, vorige), view),
                                             scope_state(later, view)))


def goal_comparison(connection: Connection, peildatum: date, programma: str | None = None) -> Peilvergelijking:
    """What the signal rule 'doel of streefwaarde gewijzigd' compares on `peildatum`: the same two states as
    the progress report (`report_changes`), or the Dutch reason there is nothing to compare."""
    if not list_moments(connection):
        return Peilvergelijking(None, NO_MOMENT)
    found = report_changes(connection, peildatum, peildatum, programma)
    if found is None:
        return Peilvergelijking(None, f"Er is geen peilmoment vóór {format_datum_nl(peildatum)}; er is niets om "
                                      "mee te vergelijken. Deze regel is niet getoetst.")
    return Peilvergelijking(found)
