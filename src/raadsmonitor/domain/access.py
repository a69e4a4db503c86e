"""Who may do what (issue 7): the roles of the people who use the monitor and what each may write.

The council follows a programme it pays for but does not run: council members read, the griffie keeps
the register of what the council was told and agreed, the programme bureau keeps the programme, its
indicators and its money, a partner only its own organisation's contributions, the rekenkamer reads
everything including the audit trail, and the beheerder manages the accounts (and nothing else).
Everything here is pure: the web, API and CLI doors ask these functions and refuse what they refuse.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class Rol(enum.Enum):
    """A user's role; the value is what the CLI and the store use."""

    RAADSLID = "raadslid"
    GRIFFIE = "griffie"
    PROGRAMMABUREAU = "programmabureau"
    PARTNER = "partner"
    REKENKAMER = "rekenkamer"
    BEHEERDER = "beheerder"

    @property
    def label(self) -> str:
        return ROL_LABELS[self]


ROL_LABELS: Mapping[Rol, str] = {
    Rol.RAADSLID: "Raadslid",
    Rol.GRIFFIE: "Griffie",
    Rol.PROGRAMMABUREAU: "Programmabureau",
    Rol.PARTNER: "Partner",
    Rol.REKENKAMER: "Rekenkamer",
    Rol.BEHEERDER: "Beheerder",
}

# Every fact names its source, so whoever may write a fact may also add the source it comes from.
_SOURCES = frozenset({"bronnen"})

# Register, agreements and signals: what the council was told and asked, and what it agreed (issue 6).
GRIFFIE_TABLES = _SOURCES | frozenset({
    "informatiestukken", "informatiekoppelingen", "informatieafspraken", "afspraaknakomingen",
    "termijninstellingen", "sturingsafspraken", "begrippen", "aliassen",
})

# The programme, its indicators and its money (issues 2, 4, 5) and what residents said (participation).
PROGRAMMABUREAU_TABLES = _SOURCES | frozenset({
    "gebieden", "gebiedsonderdelen", "vergelijkingsgebieden", "programmas", "leefgebieden", "themas",
    "actielijnen", "doelen", "kpis", "organisaties", "interventies", "interventiepartners", "organen",
    "governancetaken", "lidmaatschappen", "bureaufuncties", "mijlpalen", "indicatoren", "waarnemingen",
    "voortgangsinstellingen", "leefbaarometerscores", "geldstromen", "geldstroombedragen",
    "geldstroomfinanciers", "begrotingsprogrammas", "kernthemas", "taakvelden", "begrotingskoppelingen", "toewijzingen",
    "participatieactiviteiten", "verhalen", "begrippen", "aliassen",
})

# A partner writes its own contributions only: which column of a record names the organisation it
# belongs to, directly or through the funding stream it is an amount of.
PARTNER_OWNERSHIP: Mapping[str, str] = {
    "geldstromen": "verstrekker",
    "geldstroomfinanciers": "organisatie",
    "interventiepartners": "organisatie",
}
PARTNER_OWNERSHIP_VIA_GELDSTROOM = "geldstroombedragen"
PARTNER_TABLES = _SOURCES | frozenset(PARTNER_OWNERSHIP) | {PARTNER_OWNERSHIP_VIA_GELDSTROOM}

WRITABLE_TABLES: Mapping[Rol, frozenset[str]] = {
    Rol.RAADSLID: frozenset(),
    Rol.GRIFFIE: GRIFFIE_TABLES,
    Rol.PROGRAMMABUREAU: PROGRAMMABUREAU_TABLES,
    Rol.PARTNER: PARTNER_TABLES,
    Rol.REKENKAMER: frozenset(),
    Rol.BEHEERDER: frozenset(),
}

# Reporting moments (issue 20): the griffie (for the council's reports) and the programme bureau (for its progress
# reports) freeze the state of the programme; a moment is never overwritten, so no role can change one.
PEILMOMENT_ROLES = frozenset({Rol.GRIFFIE, Rol.PROGRAMMABUREAU})

# BIO 9.4 / ASVS V6: accounts that change the programme's figures or the accounts themselves need a
# second factor.
ROLES_NEEDING_SECOND_FACTOR = frozenset({Rol.BEHEERDER, Rol.PROGRAMMABUREAU})


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: a signed-in user (or API token holder), or an anonymous visitor (rol None)."""

    gebruiker: str | None
    rol: Rol | None
    organisatie: str | None = None  # for a partner: the organisation whose contributions it keeps
    programma: str | None = None  # an account limited to one focus programme (issue 20); None: every programme

    @property
    def actor(self) -> str:
        """How the audit trail names this principal."""
        return f"gebruiker:{self.gebruiker}" if self.gebruiker else "anoniem"

    @property
    def signed_in(self) -> bool:
        return self.rol is not None


ANONYMOUS = Principal(gebruiker=None, rol=None)


def can_read_internal(principal: Principal) -> bool:
    """Every signed-in role reads the whole monitor; anonymous visitors only published pages."""
    return principal.rol is not None


def can_read_audit(principal: Principal) -> bool:
    return principal.rol in (Rol.REKENKAMER, Rol.BEHEERDER)


def can_manage_users(principal: Principal) -> bool:
    return principal.rol is Rol.BEHEERDER


def can_take_peilmoment(principal: Principal) -> bool:
    return principal.rol in PEILMOMENT_ROLES


def can_write_table(principal: Principal, table: str) -> bool:
    """Whether the role may write the table at all (a partner only its own rows, see may_write)."""
    return principal.rol is not None and table in WRITABLE_TABLES[principal.rol]


def writable_tables(principal: Principal) -> frozenset[str]:
    return WRITABLE_TABLES[principal.rol] if principal.rol is not None else frozenset()


def owner_column(table: str) -> str | None:
    """The column naming the organisation a partner's record belongs to (None: not partner-owned)."""
    return PARTNER_OWNERSHIP.get(table)


def may_write(principal: Principal, table: str, row: Mapping[str, Any],
              geldstroom_verstrekker: str | None = None) -> bool:
    """Whether this principal may write this row (new values, or old values when it changes or deletes one).

    For a partner's yearly amount (geldstroombedragen) the caller looks up the funding stream's
    verstrekker and passes it as geldstroom_verstrekker.
    """
    if not can_write_table(principal, table):
        return False
    if not in_programme(principal, table, row):
        return False
    if principal.rol is not Rol.PARTNER or table in _SOURCES:
        return True
    if principal.organisatie is None:
        return False
    if table == PARTNER_OWNERSHIP_VIA_GELDSTROOM:
        return geldstroom_verstrekker == principal.organisatie
    column = owner_column(table)
    return column is not None and row.get(column) == principal.organisatie


def writes_every_record(principal: Principal, table: str, has_programma: bool) -> bool:
    """Whether this principal may write every record of a table it may write at all, whatever the record holds:
    no programme limit that a `programma` column (or, for the programmes, the id) could fail, and not a partner
    whose records are its own organisation's. Such a list can be paged by the store; otherwise `may_write` decides
    record by record. `has_programma`: whether the table has a `programma` column."""
    if principal.programma is not None and (table == "programmas" or has_programma):
        return False
    return principal.rol is not Rol.PARTNER or table in _SOURCES


def in_programme(principal: Principal, table: str, row: Mapping[str, Any]) -> bool:
    """Whether a record is within the programme an account is limited to (issue 20): its own `programma`
    column (or, for the programmes themselves, its id) names that programme. Records of tables without
    that column, and every record for an account that is not limited, are within."""
    if principal.programma is None:
        return True
    if table == "programmas":
        return row.get("id") == principal.programma
    return "programma" not in row or row["programma"] in (None, principal.programma)


@dataclass(frozen=True, kw_only=True, slots=True)
class Gebruiker:
    """An account. Its password hash and second-factor secret stay in the store and never leave it."""

    naam: str
    weergavenaam: str | None
    rol: Rol
    organisatie: str | None
    actief: bool
    tweede_factor: bool  # whether a TOTP secret is set
    aangemaakt: str
    gewijzigd: str
    programma: str | None = None  # limited to this focus programme's pages and API records (issue 20)

    @property
    def principal(self) -> Principal:
        return Principal(gebruiker=self.naam, rol=self.rol, organisatie=self.organisatie, programma=self.programma)

    @property
    def needs_second_factor(self) -> bool:
        return self.rol in ROLES_NEEDING_SECOND_FACTOR


MIN_PASSWORD_LENGTH = 12  # ASVS 2.1.1


def password_problem(wachtwoord: str) -> str | None:
    """Why a new password is refused (Dutch), or None. Length over composition rules (ASVS 2.1.1, 2.1.9)."""
    if len(wachtwoord) < MIN_PASSWORD_LENGTH:
        return f"een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens"
    if len(wachtwoord) > 128:
        return "een wachtwoord heeft hoogstens 128 tekens"
    return None
