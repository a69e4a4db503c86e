"""Rules that span records: the glossary's targets and aliases, and references within one table that
must not go round in a circle. The import and the forms/API writes ask these same functions; each door
supplies how to look records up (a package being read, or the store) and where to put the problem.

Each check returns `(column, message)` pairs in Dutch, or nothing when the records are sound.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable

from raadsmonitor.domain.glossary import Alias, Begrip

Problem = tuple[str, str]  # (column, Dutch message)


def begrip_problem(begrip: Begrip, tables: Collection[str],
                   exists: Callable[[str, str | None], bool]) -> Problem | None:
    """A term that names a record must name a table there is and a record in it.

    `tables` are the table names there are; `exists(table, sleutel)` says whether that record is there.
    """
    if begrip.tabel is None:
        return None
    if begrip.tabel not in tables:
        return "tabel", f"onbekende tabel '{begrip.tabel}'"
    if not exists(begrip.tabel, begrip.sleutel):
        return "sleutel", f"'{begrip.sleutel}' bestaat niet in tabel {begrip.tabel}"
    return None


def glossary_terms(begrippen: Iterable[Begrip]) -> frozenset[str]:
    """The fixed terms, as an alias is compared with them: without regard to capitals."""
    return frozenset(begrip.term.lower() for begrip in begrippen)


def alias_problem(alias: Alias, terms: Collection[str]) -> Problem | None:
    """An alias may not be a fixed term itself (`terms` from `glossary_terms`)."""
    if alias.alias.lower() in terms:
        return "alias", f"'{alias.alias}' is zelf een begrip; een alias mag geen vaste term zijn"
    return None


def reaches(start: Hashable, target: Hashable, parent_of: Callable[[Hashable], Hashable | None]) -> bool:
    """Whether following `parent_of` upwards from `start` arrives at `target`, without recursion.

    A chain that loops back on itself without passing `target` ends where it first repeats.
    """
    seen: set[Hashable] = set()
    current: Hashable | None = start
    while current is not None and current not in seen:
        if current == target:
            return True
        seen.add(current)
        current = parent_of(current)
    return False


def self_reference_problem(column: str, key: Hashable, parent: Hashable | None,
                           parent_of: Callable[[Hashable], Hashable | None]) -> Problem | None:
    """A record (`key`) whose `column` points at `parent` in its own table must not close a circle:
    neither point at itself nor at a record that already lies under it."""
    if parent is None:
        return None
    if parent == key:
        return column, f"kringverwijzing: '{parent}' verwijst naar zichzelf"
    if reaches(parent, key, parent_of):
        return column, f"kringverwijzing: '{parent}' ligt al onder '{key}'"
    return None


def cycle_message(path: Iterable[Hashable]) -> str:
    """The message for a circle found among rows: `path` runs from a key back to the same key."""
    return "kringverwijzing: " + " → ".join(str(key) for key in path)
