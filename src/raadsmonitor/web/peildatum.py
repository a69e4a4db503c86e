"""?peildatum=JJJJ-MM-DD (issue 19): every page whose content depends on the date can be shown as on another day.

A route asks for the date with `peildatum: date = PeildatumDep` and passes it on; without the parameter it is today
by the app's clock (app.state.clock). A value that is not a date is a 400 with a Dutch reason. A page shown at
another day than today says so above its content ("Stand op 6 december 2026"), with a link back to today.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlencode

from fastapi import Depends, HTTPException, Request

from raadsmonitor.presentation.formatting import format_datum_nl
from raadsmonitor.web.auth import clock_of

PARAMETER = "peildatum"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def today_of(request: Request) -> date:
    """Today by the app's clock."""
    return clock_of(request).today()


def parse_peildatum(text: str) -> date | None:
    """'2026-12-06' -> date(2026, 12, 6); None for anything else (also an impossible day such as 2026-02-30)."""
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def peildatum(request: Request) -> date:
    """The date the page is about: ?peildatum=, else today by the app's clock."""
    text = request.query_params.get(PARAMETER, "").strip()
    if not text:
        return today_of(request)
    chosen = parse_peildatum(text)
    if chosen is None:
        raise HTTPException(400, f"De peildatum '{text}' is geen datum: schrijf JJJJ-MM-DD, bijvoorbeeld "
                                 f"{today_of(request).isoformat()}.")
    request.state.peildatum = chosen
    return chosen


PeildatumDep = Depends(peildatum)


def stand_op(request: Request) -> dict[str, str] | None:
    """What the page says about its date when it is not today: the words and the link back to today."""
    chosen: date | None = getattr(request.state, "peildatum", None)
    if chosen is None or chosen == today_of(request):
        return None
    rest = [(name, value) for name, value in request.query_params.multi_items() if name != PARAMETER]
    vandaag = request.url.path + ("?" + urlencode(rest) if rest else "")
    return {"tekst": f"Stand op {format_datum_nl(chosen)}", "vandaag": vandaag, "iso": chosen.isoformat()}
