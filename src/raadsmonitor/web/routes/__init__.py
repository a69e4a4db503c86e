"""Page modules beyond the core pages. Each module here defines `router` (an APIRouter) and `MENU`
(menu entries as (order, href, label)); they are found automatically, so adding pages touches no
shared file.

May import: as web."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def page_modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
            if not info.name.startswith("_")]
