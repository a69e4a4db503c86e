"""Structured log events on standard error, so command output (JSON included) stays clean."""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType

from raadsmonitor.config.settings import current


def _structlog_without_rich_or_greenlet() -> ModuleType:
    """structlog, imported without rich and greenlet when neither is loaded yet.

    When rich is installed (Typer brings it) structlog imports rich's tracebacks, and with them pygments and its
    lexers, for the exception formatter of its console renderer: about 40 ms of every command's start (issue 15).
    The monitor logs JSON and never uses that renderer. When greenlet is installed (SQLAlchemy brings it, for its
    asyncio extension, which the monitor does not use) structlog's deprecated `structlog.threadlocal` imports it
    for a greenlet-local context the monitor never uses either, and greenlet loads the C++ runtime: 1.1 MB in every
    process, each server worker included (issue 15, bench/RESULTS.md "Session 13, branch rss3"). structlog treats
    both as optional (it falls back when they cannot be imported), so while structlog loads they are hidden; they
    stay importable for anyone after."""
    if "structlog" in sys.modules:
        return import_module("structlog")
    hidden = [name for name in ("rich", "greenlet") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # None in sys.modules: `import name` fails
    try:
        return import_module("structlog")
    finally:
        for name in hidden:
            del sys.modules[name]


structlog = _structlog_without_rich_or_greenlet()


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
