"""raadsmonitor: lets a municipal council follow a long-running area programme.

The folders are the layers (docs/architecture.md, "The layers"); the import rules between them are
import-linter contracts in pyproject.toml, which tests/test_architecture.py enforces.

May import: the root package holds no code; each folder:

- domain: the model; imports nothing of the app but itself.
- analysis: pure functions over records; imports only domain.
- presentation: wording, Dutch numbers and dates, charts; imports analysis and domain.
- reports: the report content model and its renderers; imports presentation, analysis, domain.
- sources, store: the edges to files, open data and the database; import domain (sources also presentation).
- services: the use-cases both doors call; import the layers below them, never the doors.
- web, commands and cli: the two doors (HTTP and the command line); nothing imports them.
"""
