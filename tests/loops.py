"""Running a coroutine from a test in an event loop of its own.

The browser tests keep Playwright's synchronous API open for the whole session, and it leaves an event loop
running in the main thread; `asyncio.run` refuses to start another one there. A worker thread has no loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(coroutine)` in a thread of its own, whatever loop other tests left running here."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()
