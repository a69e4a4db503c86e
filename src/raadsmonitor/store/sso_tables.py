"""The tie between an account and its identity at the organisation's identity provider (issue 21).

One row per provider subject: the issuer and its `sub` claim, which the provider never reuses, name the
account; the name shown to people may change at the provider without moving the account.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, MetaData, String, Table


def define(metadata: MetaData) -> None:
    Table("sso_koppelingen", metadata,
          Column("issuer", String(400), primary_key=True),
          Column("subject", String(255), primary_key=True),
          Column("gebruiker", String(100), ForeignKey("gebruikers.naam"), nullable=False, index=True),
          Column("aangemaakt", String(40), nullable=False),
          Column("laatst_aangemeld", String(40), nullable=False))
