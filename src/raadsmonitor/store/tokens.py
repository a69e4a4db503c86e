"""Listing API tokens (issue 7); making and revoking them is in store/users.py. Never commits.

Only what identifies a token is read: its hash stays in the store and the token itself was never kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from raadsmonitor.store.tables import table


@dataclass(frozen=True, kw_only=True, slots=True)
class ApiToken:
    id: str
    gebruiker: str
    naam: str | None
    aangemaakt: str
    laatst_gebruikt: str | None
    ingetrokken: bool


def list_api_tokens(connection: Connection, gebruiker: str | None = None) -> list[ApiToken]:
    """Every token (of one user, if given), oldest first."""
    tokens = table("api_tokens")
    query = select(tokens.c.id, tokens.c.gebruiker, tokens.c.naam, tokens.c.aangemaakt, tokens.c.laatst_gebruikt,
                   tokens.c.ingetrokken).order_by(tokens.c.aangemaakt, tokens.c.id)
    if gebruiker is not None:
        query = query.where(tokens.c.gebruiker == gebruiker)
    return [ApiToken(**row._mapping) for row in connection.execute(query)]
