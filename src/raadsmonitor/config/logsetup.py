"""Structured log events on standard error, so command output (JSON included) stays clean."""

from __future__ import annotations

import sys

import structlog

from raadsmonitor.config.settings import current


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
