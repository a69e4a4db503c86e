"""The audit trail as the doors use it (issue 7, issue 19): append a record inside a write transaction,
read its head, page through it and verify its chain.

The pages, the API and the commands come here rather than to `store.audit`, so the store's tables stay
behind one port; the chain itself is `domain.audit`, its storage `store.audit`.
"""

from __future__ import annotations

from raadsmonitor.store.audit import append, head, iter_records, newest_page, verify

__all__ = ["append", "head", "iter_records", "newest_page", "verify"]
