"""The domain model in plain Python: entities and their columns, validation with Dutch reasons, dates,
the glossary, roles and the audit chain.

May import: nothing of raadsmonitor but domain itself (no SQL, HTTP, files or formatting of pages).
"""
