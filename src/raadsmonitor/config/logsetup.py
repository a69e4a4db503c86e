"""Structured log events on standard error, so command output (JSON included) stays clean."""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType

from raadsmonitor.config.settings import current


def _structlog_without_rich() -> ModuleType:
    """structlog, imported without rich when rich is not loaded yet.

    When rich is installed (Typer brings it) structlog imports rich's tracebacks, and with them pygments and its
    lexers, for the exception formatter of its console renderer: about 40 ms of every command's start (issue 15).
    The monitor logs JSON and never uses that renderer. structlog treats rich as optional (`rich = None` when it
    cannot be imported), so while structlog loads rich is hidden; it stays importable for anyone after."""
    if "structlog" in sys.modules or "rich" in sys.modules:
        return import_module("structlog")
    sys.modules["rich"] = None  # type: ignore[assignment]  # None in sys.modules: `import rich` fails
    try:
        return import_module("structlog")
    finally:
        del sys.modules["rich"]


structlog = _structlog_without_rich()


def configure_logging() -> None:
    level = current().log_level_number
    structlog.configure(
        processors=[structlog.processors.add_log_level, structlog.processors.TimeStamper(fmt="iso", utc=True),
                    structlog.processors.JSONRenderer(ensure_ascii=False)],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        # Resolve standard error at each event, so a swapped stream (tests, embedding) is honoured.
        logger_factory=lambda *_: structlog.PrintLogger(sys.stderr),
        cache_logger_on_first_use=False,
    )
