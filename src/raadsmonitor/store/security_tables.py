"""Store tables that are not part of the data package: accounts, sessions, API tokens, sign-in
attempts and the audit trail (issue 7). They never travel in an export and no import touches them.

Timestamps are ISO 8601 text in UTC (as peilmomenten.aangemaakt), the same on SQLite and PostgreSQL.
Secrets are never stored: passwords as argon2id hashes, session ids and API tokens as SHA-256.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text


def define(metadata: MetaData) -> None:
    Table("gebruikers", metadata,
          Column("naam", String(100), primary_key=True),
          Column("weergavenaam", Text, nullable=True),
          Column("rol", String(40), nullable=False),
          Column("organisatie", String(200), ForeignKey("organisaties.id"), nullable=True, index=True),
          Column("wachtwoord_hash", Text, nullable=False),
          Column("totp_geheim", String(64), nullable=True),
          # The 30-second step of the last code accepted: a code counts once (RFC 6238, section 5.2).
          Column("totp_laatste_stap", Integer, nullable=True),
          Column("actief", Boolean, nullable=False),
          Column("aangemaakt", String(40), nullable=False),
          Column("gewijzigd", String(40), nullable=False),
          # Limited to one focus programme (issue 20); empty: every programme.
          Column("programma", String(200), ForeignKey("programmas.id"), nullable=True, index=True))
    Table("sessies", metadata,
          Column("id_hash", String(64), primary_key=True),
          Column("gebruiker", String(100), ForeignKey("gebruikers.naam"), nullable=False, index=True),
          Column("aangemaakt", String(40), nullable=False),
          Column("laatst_gezien", String(40), nullable=False),
          Column("verloopt", String(40), nullable=False),
          Column("tweede_factor", Boolean, nullable=False))
    Table("api_tokens", metadata,
          Column("id", String(40), primary_key=True),
          Column("gebruiker", String(100), ForeignKey("gebruikers.naam"), nullable=False, index=True),
          Column("token_hash", String(64), nullable=False, unique=True),
          Column("naam", Text, nullable=True),
          Column("aangemaakt", String(40), nullable=False),
          Column("laatst_gebruikt", String(40), nullable=True),
          Column("ingetrokken", Boolean, nullable=False))
    attempts = Table("aanmeldpogingen", metadata,
                     Column("id", Integer, primary_key=True, autoincrement=True),
                     Column("gebruiker", String(100), nullable=False),
                     Column("adres", String(64), nullable=True),
                     Column("tijdstip", String(40), nullable=False),
                     Column("gelukt", Boolean, nullable=False))
    Index("ix_aanmeldpogingen_gebruiker_tijdstip", attempts.c.gebruiker, attempts.c.tijdstip)
    Index("ix_aanmeldpogingen_adres_tijdstip", attempts.c.adres, attempts.c.tijdstip)
    Table("auditregels", metadata,
          # The sequence number is assigned by the writer (last + 1), not by the database: two writers
          # that read the same last record collide on the key instead of forking the chain.
          Column("volgnummer", Integer, primary_key=True, autoincrement=False),
          Column("tijdstip", String(40), nullable=False),
          Column("actie", String(40), nullable=False),
          Column("object", Text, nullable=False),
          Column("resultaat", String(20), nullable=False),
          Column("herkomst", String(20), nullable=False),
          Column("actor", String(200), nullable=False),
          Column("adres", String(64), nullable=True),
          Column("toelichting", Text, nullable=True),
          Column("oud", Text, nullable=True),
          Column("nieuw", Text, nullable=True),
          Column("vorige_hash", String(64), nullable=False),
          Column("hash", String(64), nullable=False))
