"""The Heerlen-Noord demo: the report's tables transcribed as a data package, with their sources.

May import: nothing of raadsmonitor."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEMO_PACKAGE = Path(str(resources.files("raadsmonitor.demo") / "data"))
