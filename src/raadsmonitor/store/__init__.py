"""The database: SQLAlchemy tables generated from the catalogue, Alembic migrations, the repository and
the `Records` read port, peilmomenten, accounts, sessions, tokens, the audit trail, backups.

May import: domain only; never analysis, presentation, reports, services or the doors.
"""
