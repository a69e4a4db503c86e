"""Command modules beyond the core ones in cli.py. Each module here defines `register(app)`; they are
found automatically, so adding a command group touches no shared file.

May import: everything but the web package (the `serve` command in cli.py loads it when it runs);
the store's audit trail, repository and listing through services."""

from __future__ import annotations

import importlib
import pkgutil

import typer


def _has_command(app: typer.Typer, name: str) -> bool:
    return (any(info.name == name for info in app.registered_groups)
            or any(info.name == name for info in app.registered_commands))


def register_all(app: typer.Typer, command: str | None = None) -> None:
    """Register every module's commands. With `command` (the word after `raadsmonitor` on the command line) the
    module of that name comes first, and when it registers that command the others are not loaded: each module
    costs its imports at start-up, and `raadsmonitor report ...` only needs its own (issue 15)."""
    names = [info.name for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
             if not info.name.startswith("_")]
    if command in names:
        importlib.import_module(f"{__name__}.{command}").register(app)
        if _has_command(app, command):
            return
        names.remove(command)
    for name in names:
        importlib.import_module(f"{__name__}.{name}").register(app)
