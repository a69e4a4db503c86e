"""Command modules beyond the core ones in cli.py. Each module here defines `register(app)`; they are
found automatically, so adding a command group touches no shared file.

May import: everything but the web package (the `serve` command in cli.py loads it when it runs);
the store's audit trail, repository and listing through services."""

from __future__ import annotations

import importlib
import pkgutil

import typer


def register_all(app: typer.Typer) -> None:
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        module.register(app)
