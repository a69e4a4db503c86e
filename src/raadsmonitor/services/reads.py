"""Reads the doors need beyond the `Records` port (issue 19): whole tables of one entity for the
editing pages, and the API's lists paged in SQL with their remembered totals.

The pages and the API come here rather than to `store.repository` or `store.listing`; those stay the
store's own business (how a value is stored, how a page is cut).
"""

from __future__ import annotations

from raadsmonitor.store.listing import Remembered, count, page, remembered_count, state
from raadsmonitor.store.repository import load_records, select_records, to_row_value

__all__ = ["Remembered", "count", "load_records", "page", "remembered_count", "select_records", "state",
           "to_row_value"]
