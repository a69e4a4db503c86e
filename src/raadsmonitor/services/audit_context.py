"""Who acts when someone runs the monitor on its own machine: the operating-system account."""

from __future__ import annotations

import getpass

from raadsmonitor.domain.audit import AuditContext, Kanaal


def local_context(herkomst: Kanaal = Kanaal.CLI) -> AuditContext:
    """The person at the terminal, named by the operating-system account (there is no sign-in there)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # a uid without a name, as in some containers
        user = "onbekend"
    return AuditContext(actor=f"cli:{user}", herkomst=herkomst)
