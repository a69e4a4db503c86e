"""Council documents from OpenBesluitvorming (the successor of the Open Raadsinformatie API) as raw tables
for the importer: one `bronnen` row per municipality and one `informatiestukken` row per document.

The shape read is the bulk export of OpenBesluitvorming (`GET /api/export/snapshot?source=KEY`): NDJSON,
one record per line (`entity_id`, `entity_type`, `op`, `payload`), paged with the response headers
`X-Next-Cursor` and `X-Has-More`. Entity ids carry the supplier and the municipality
(`motion:ibabs:gemeente:heerlen:...`); the source key is the last part of that scope (`heerlen`).

- Meetings (`Meeting`) and their agenda items (`payload.agenda[]`, nested `agenda_items`), documents
  (`Document`) and moties and amendementen (`Motion`) are read; other types (recordings, committees)
  are not register items and are skipped.
- Each kind in the source is mapped to the register's own kinds (`StukSoort`) by the table below
  (docs/sources.md); a kind the table does not know is reported with its count and never guessed.
- The search phrase is matched like OpenBesluitvorming's own search: punctuation is dropped and every
  remaining word must occur (in the name, description or classification); the date range is inclusive.
- The key of a register item is derived from the source id (`obv-motion-...`), so a second run finds
  the same items: only new items are added, changed ones are updated in the fields the source owns,
  and what the griffie added (programme, theme, status, due date, remarks) is kept.

Nothing here writes: the result goes through the data package's validation and single transaction
(`importer.import_from`). The HTTP client is injectable; the tests serve recorded answers locally.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.domain.council import Informatiestuk
from raadsmonitor.domain.enums import StukSoort, Uitkomst
from raadsmonitor.domain.validation import escape_text
from raadsmonitor.presentation.formatting import aantal
from raadsmonitor.sources.cells import format_cell
from raadsmonitor.sources.http import HttpSource, SourceError, SourceNotFoundError
from raadsmonitor.sources.package import PackageProblem, RawTable

BASE_URL = "https://openbesluitvorming.nl"
PAGE_SIZE = 500
MAX_PAGES = 10_000
PROGRESS_AFTER = 2.0  # seconds: a shorter import prints no progress lines

# The fields of a register item that come from the source; the others are the griffie's and are kept.
SOURCE_FIELDS = ("soort", "datum", "onderwerp", "gremium", "vorm_in_bron", "kenmerk", "url", "indiener",
                 "uitkomst", "bron")

# Kinds in the source -> the register's kinds. Matched on lower-case text, first rule that fits wins.
MEETING_KINDS: tuple[tuple[str, StukSoort], ...] = (
    ("raadsinformatiebijeenkomst", StukSoort.RAADSINFORMATIEBIJEENKOMST),
    ("informatiebijeenkomst", StukSoort.RAADSINFORMATIEBIJEENKOMST),
    ("commissie", StukSoort.COMMISSIEVERGADERING),
    ("workshop", StukSoort.WORKSHOP),
)
COUNCIL_MEETINGS = ("gemeenteraad", "raadsvergadering", "raad")  # the council itself (whole name or word)
DOCUMENT_KINDS: tuple[tuple[tuple[str, ...], StukSoort], ...] = (
    (("beantwoording schriftelijke vragen", "antwoord schriftelijke vragen", "antwoorden schriftelijke vragen",
      "beantwoording artikel 33", "artikel 33-antwoorden", "antwoorden artikel 33"), StukSoort.ARTIKEL_33_ANTWOORDEN),
    (("schriftelijke vragen", "artikel 33-vragen", "artikel 33 vragen", "vragen artikel 33"),
     StukSoort.ARTIKEL_33_VRAGEN),
    (("raadsinformatiebrief", "raadsinformatiebrieven"), StukSoort.RAADSINFORMATIEBRIEF),
    (("raadsvoorstel", "raadsvoorstellen"), StukSoort.RAADSVOORSTEL),
    (("motie", "moties"), StukSoort.MOTIE),
    (("amendement", "amendementen"), StukSoort.AMENDEMENT),
    (("memo", "memo's", "memo’s"), StukSoort.MEMO),
    (("toezegging", "toezeggingen"), StukSoort.TOEZEGGING),
)
# iBabs names a list that was closed or split by its period: "Memo's (tot 1-4-2026)", "Verslagen commissies
# (vanaf 14-10-2021)" (the recorded list names in tests/fixtures/openbesluitvorming). The period is not the kind.
_PERIOD_SUFFIX = re.compile(r"\s*\([^()]*\d[^()]*\)\s*$")
MOTION_KINDS: tuple[tuple[str, StukSoort], ...] = (("amendement", StukSoort.AMENDEMENT), ("motie", StukSoort.MOTIE))
RESULTS = {"aangenomen": Uitkomst.AANGENOMEN, "verworpen": Uitkomst.VERWORPEN, "ingetrokken": Uitkomst.INGETROKKEN}
_REFERENCE = re.compile(r"\b\d{1,4}[-/]\d{2,4}\b|\b[MA]\s?\d{1,3}\b")
_WORD = re.compile(r"[^\W_]+")


class ObvError(SourceError):
    """OpenBesluitvorming could not be read, or answered something else than the export (Dutch message)."""


class ObvNietGevonden(ObvError, SourceNotFoundError):
    """OpenBesluitvorming answered 404: no such source (municipality)."""


@dataclass(frozen=True)
class ObvPage:
    lines: list[dict[str, Any]]
    next_cursor: str | None
    has_more: bool


class HttpClient(Protocol):
    def get_page(self, url: str) -> ObvPage: ...


class UrllibClient(HttpSource):
    """The default client: the one `HttpSource` of sources/http.py (timeout, one retry after a passing fault,
    Dutch messages; https only, plain http only on this machine, where the tests serve recorded answers)."""

    def __init__(self, timeout: float = 30) -> None:
        super().__init__("OpenBesluitvorming", timeout=timeout, accept="application/x-ndjson", error=ObvError,
                         not_found=ObvNietGevonden, hint_404="bestaat deze bron (gemeente)?")

    def get_page(self, url: str) -> ObvPage:
        answer = self.get(url)
        try:
            body = answer.body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ObvError(f"het antwoord van OpenBesluitvorming is geen UTF-8-tekst ({url}): {error}") from error
        return ObvPage(parse_ndjson(body, url), answer.headers.get("x-next-cursor") or None,
                    answer.headers.get("x-has-more", "false").strip().lower() == "true")


def parse_ndjson(body: str, url: str) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(body.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise ObvError(f"regel {number} van het antwoord op {url} is geen JSON") from error
        if not isinstance(record, dict):
            raise ObvError(f"regel {number} van het antwoord op {url} is geen exportrecord")
        records.append(record)
    return records


# --- where the municipality is, and fetching its export ------------------------------------------------------


@dataclass(frozen=True)
class Bronsleutel:
    """`ibabs:gemeente:heerlen` (supplier, kind, key) or only the key `heerlen`."""

    key: str
    scope: str | None  # the part of an entity id before the native id, when the supplier was given

    @classmethod
    def parse(cls, text: str) -> Bronsleutel:
        parts = [part for part in text.strip().lower().split(":") if part]
        if not parts or not all(re.fullmatch(r"[a-z0-9-]+", part) for part in parts) or len(parts) not in (1, 3):
            raise ObvError(f"bron '{text}' wordt niet herkend; schrijf bijvoorbeeld ibabs:gemeente:heerlen of heerlen")
        return cls(parts[-1], ":".join(parts) if len(parts) == 3 else None)


def snapshot_url(base: str, key: str, cursor: str | None) -> str:
    query = {"source": key, "limit": str(PAGE_SIZE)} | ({"cursor": cursor} if cursor else {})
    return f"{base.rstrip('/')}/api/export/snapshot?{urllib.parse.urlencode(query)}"


def fetch_snapshot(client: HttpClient, base: str, bron: Bronsleutel,
                   progress: Callable[[int, int], None] | None = None) -> list[dict[str, Any]]:
    """Every record of the municipality's export, page by page, until X-Has-More is false."""
    records: list[dict[str, Any]] = []
    cursor: str | None = None
    seen: set[str | None] = set()
    for number in range(1, MAX_PAGES + 1):
        url = snapshot_url(base, bron.key, cursor)
        page = client.get_page(url)
        records.extend(page.lines)
        if progress is not None:
            progress(number, len(records))
        if not page.has_more:
            return records
        if page.next_cursor is None or page.next_cursor in seen or page.next_cursor == cursor:
            raise ObvError(f"de paginering van OpenBesluitvorming gaat niet verder na {url} (X-Next-Cursor ontbreekt "
                           "of herhaalt zich)")
        seen.add(cursor)
        cursor = page.next_cursor
    raise ObvError(f"de export van {bron.key} heeft meer dan {MAX_PAGES} pagina's")


class Progress:
    """Counted progress lines on standard error, only once the import has taken over two seconds."""

    def __init__(self, out: Any = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.out = out or sys.stderr
        self.clock = clock
        self.start = clock()

    def __call__(self, page: int, records: int) -> None:
        if self.clock() - self.start >= PROGRESS_AFTER:
            print(f"OpenBesluitvorming: pagina {page} gelezen, {aantal(records, 'record', 'records')}",
                  file=self.out, flush=True)


# --- what a record is in the register -----------------------------------------------------------------------


@dataclass(frozen=True)
class Stuk:
    """One document of the source as a register item (cells as data-package text)."""

    entity_id: str
    soort: StukSoort
    datum: date
    onderwerp: str
    gremium: str = ""
    vorm_in_bron: str = ""
    kenmerk: str = ""
    url: str = ""
    indiener: str = ""
    uitkomst: str = ""
    toelichting: str = ""

    @property
    def key(self) -> str:
        return stuk_key(self.entity_id)


@dataclass(frozen=True)
class Weigering:
    """A document that is not read, and why (its kind is unknown, it has no date)."""

    entity_id: str
    naam: str
    soort_in_bron: str
    reden: str


def stuk_key(entity_id: str) -> str:
    """`motion:ibabs:gemeente:heerlen:49a-..` -> `obv-motion-heerlen-49a-..`; stable, at most 120 characters."""
    parts = entity_id.split(":")
    if len(parts) >= 5:
        parts = [parts[0], *parts[3:]]  # drop supplier and kind of government; keep type, municipality, id
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")
    key = f"obv-{slug}"
    if len(key) > 120:
        key = f"{key[:103]}-{hashlib.sha256(entity_id.encode()).hexdigest()[:16]}"
    return key


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [item.strip() for item in value if isinstance(item, str) and item.strip()]
    return []


def _local_date(value: Any) -> date | None:
    """The date in the Netherlands of an ISO date or time (a meeting at 23:30 UTC is the next day here)."""
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}", value.strip()):
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.date()
    try:
        return moment.astimezone(ZoneInfo("Europe/Amsterdam")).date()
    except ZoneInfoNotFoundError:
        return moment.date()


def words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


def reference_of(name: str) -> str:
    match = _REFERENCE.search(name)
    return match.group(0).replace(" ", "") if match else ""


def view_url(base: str, entity_id: str) -> str:
    return f"{base.rstrip('/')}/?view={urllib.parse.quote(entity_id, safe='')}"


def meeting_kind(payload: Mapping[str, Any]) -> tuple[StukSoort | None, bool, str]:
    """(register kind, is the council itself, the kind as the source names it)."""
    names = [str(payload.get("name") or ""), *_texts(payload.get("classification"))]
    for text in names:
        lowered = text.casefold()
        for needle, soort in MEETING_KINDS:
            if needle in lowered:
                return soort, False, text
    for text in names:
        lowered = text.casefold().strip()
        if any(lowered == word or lowered.startswith(word + " ") for word in COUNCIL_MEETINGS) or \
                "gemeenteraad" in lowered or "raadsvergadering" in lowered:
            return None, True, text
    return None, False, names[0] or "(geen naam)"


def document_kind(classification: Sequence[str]) -> StukSoort | None:
    """The register kind of a document by its classification (iBabs: the name of its list); a period in
    brackets after the name and spacing are ignored; None for a classification the table does not know."""
    for text in classification:
        lowered = _PERIOD_SUFFIX.sub("", " ".join(text.casefold().split()))
        for needles, soort in DOCUMENT_KINDS:
            if lowered in needles:
                return soort
    return None


def motion_kind(payload: Mapping[str, Any]) -> tuple[StukSoort | None, str]:
    names = _texts(payload.get("motion_type")) or _texts(payload.get("classification"))
    for text in names:
        lowered = text.casefold()
        for needle, soort in MOTION_KINDS:
            if needle in lowered:
                return soort, text
    return None, names[0] if names else "(geen soort)"


@dataclass
class Selectie:
    """Which documents to read: a search phrase and an inclusive date range."""

    zoekterm: str | None = None
    van: date | None = None
    tot: date | None = None

    def matches_text(self, *texts: str) -> bool:
        wanted = words(self.zoekterm or "")
        if not wanted:
            return True
        present = set(words(" ".join(texts)))
        return all(word in present for word in wanted)

    def in_period(self, day: date) -> bool:
        return (self.van is None or day >= self.van) and (self.tot is None or day <= self.tot)


@dataclass
class Uitkomsten:
    stukken: list[Stuk] = field(default_factory=list)
    weigeringen: list[Weigering] = field(default_factory=list)
    buiten_selectie: int = 0
    overgeslagen_typen: Counter[str] = field(default_factory=Counter)


def interpret(records: Iterable[Mapping[str, Any]], bron: Bronsleutel, selectie: Selectie,
              base: str = BASE_URL) -> Uitkomsten:
    """The records of an export as register items, refusals and counts of what was left out."""
    result = Uitkomsten()
    for record in records:
        entity_id = str(record.get("entity_id") or "")
        if record.get("op") == "delete" or not entity_id:
            continue
        if bron.scope and f":{bron.scope}:" not in f":{entity_id}":
            result.overgeslagen_typen["andere bron"] += 1
            continue
        found = record.get("payload")
        payload: Mapping[str, Any] = found if isinstance(found, dict) else {}
        kind = str(record.get("entity_type") or payload.get("type") or "")
        handler = _HANDLERS.get(kind)
        if handler is None:
            result.overgeslagen_typen[kind or "(geen type)"] += 1
            continue
        handler(entity_id, payload, selectie, base, result)
    return result


def _keep(result: Uitkomsten, selectie: Selectie, stuk: Stuk | None, weigering: Weigering | None,
          texts: Sequence[str], day: date | None) -> None:
    if not selectie.matches_text(*texts) or (day is not None and not selectie.in_period(day)):
        result.buiten_selectie += 1
    elif weigering is not None:
        result.weigeringen.append(weigering)
    elif stuk is not None:
        result.stukken.append(stuk)


def _meeting(entity_id: str, payload: Mapping[str, Any], selectie: Selectie, base: str, result: Uitkomsten) -> None:
    name = str(payload.get("name") or "").strip()
    day = _local_date(payload.get("start_date"))
    soort, council, in_bron = meeting_kind(payload)
    description = str(payload.get("description") or "")
    texts = [name, description, *_texts(payload.get("classification"))]
    url = view_url(base, entity_id)
    if day is None:
        _keep(result, selectie, None, Weigering(entity_id, name, in_bron, "de vergadering heeft geen datum"), texts,
              None)
    elif soort is None:
        reason = ("de vergadering van de raad zelf is geen soort in het register; haar agendapunten worden als "
                  "raadsvoorstel ingelezen" if council else f"soort vergadering '{in_bron}' kent het register niet")
        _keep(result, selectie, None, Weigering(entity_id, name, in_bron, reason), texts, day)
    else:
        stuk = Stuk(entity_id, soort, day, name or in_bron, gremium=name, vorm_in_bron=f"Vergadering ({in_bron})",
                    url=url)
        _keep(result, selectie, stuk, None, texts, day)
    item_soort = StukSoort.RAADSVOORSTEL if council else soort
    for item in _agenda_items(payload.get("agenda")):
        _agenda_item(entity_id, name, day, item_soort, in_bron, url, item, selectie, result)


def _agenda_items(agenda: Any) -> Iterator[Mapping[str, Any]]:
    for item in agenda if isinstance(agenda, list) else []:
        if isinstance(item, dict):
            yield item
            yield from _agenda_items(item.get("agenda_items"))


def _agenda_item(meeting_id: str, meeting_name: str, meeting_day: date | None, soort: StukSoort | None,
                 in_bron: str, url: str, item: Mapping[str, Any], selectie: Selectie, result: Uitkomsten) -> None:
    title = str(item.get("title") or item.get("name") or "").strip()
    texts = [title, str(item.get("description") or ""), str(item.get("classification") or "")]
    if item.get("is_heading") or not title:
        return
    item_id = str(item.get("id") or f"{meeting_id}:{item.get('number') or title}")
    day = _local_date(item.get("start_date")) or meeting_day
    number = str(item.get("number") or "").strip()
    if day is None:
        _keep(result, selectie, None, Weigering(item_id, title, "agendapunt", "het agendapunt heeft geen datum"),
              texts, None)
    elif soort is None:
        _keep(result, selectie, None, Weigering(item_id, title, f"agendapunt van '{in_bron}'",
                                                f"soort vergadering '{in_bron}' kent het register niet"), texts, day)
    else:
        stuk = Stuk(item_id, soort, day, title, gremium=meeting_name,
                    vorm_in_bron=f"Agendapunt {number}".strip() + f" ({in_bron})", kenmerk=reference_of(title),
                    url=url)
        _keep(result, selectie, stuk, None, texts, day)


def _document(entity_id: str, payload: Mapping[str, Any], selectie: Selectie, base: str, result: Uitkomsten) -> None:
    name = str(payload.get("name") or "").strip()
    classification = _texts(payload.get("classification"))
    in_bron = ", ".join(classification) or "(geen soort)"
    day = _local_date(payload.get("last_discussed_at")) or _local_date(payload.get("date")) or \
        _local_date(payload.get("date_modified"))
    texts = [name, str(payload.get("description") or ""), *classification]
    soort = document_kind(classification)
    if soort is None:
        _keep(result, selectie, None, Weigering(entity_id, name, in_bron, f"soort '{in_bron}' kent het register niet"),
              texts, day)
    elif day is None:
        _keep(result, selectie, None, Weigering(entity_id, name, in_bron, "het document heeft geen datum"), texts, None)
    else:
        original = str(payload.get("original_url") or "").strip()
        url = original if original.startswith(("https://", "http://")) else view_url(base, entity_id)
        _keep(result, selectie, Stuk(entity_id, soort, day, name or in_bron, vorm_in_bron=in_bron,
                                     kenmerk=reference_of(name), url=url), None, texts, day)


def _motion(entity_id: str, payload: Mapping[str, Any], selectie: Selectie, base: str, result: Uitkomsten) -> None:
    name = str(payload.get("name") or "").strip()
    soort, in_bron = motion_kind(payload)
    day = _local_date(payload.get("date")) or _local_date(payload.get("last_discussed_at"))
    texts = [name, str(payload.get("description") or ""), in_bron]
    if soort is None:
        _keep(result, selectie, None, Weigering(entity_id, name, in_bron, f"soort '{in_bron}' kent het register niet"),
              texts, day)
        return
    if day is None:
        _keep(result, selectie, None, Weigering(entity_id, name, in_bron, "de motie heeft geen datum"), texts, None)
        return
    outcome = str(payload.get("result") or "").strip().casefold()
    uitkomst = RESULTS.get(outcome)
    note = (f"Uitkomst in de bron: {payload.get('status') or outcome}" if outcome and uitkomst is None else "")
    indieners = _texts(payload.get("proposers")) or _texts(payload.get("parties"))
    _keep(result, selectie, Stuk(entity_id, soort, day, name or in_bron, vorm_in_bron=in_bron,
                                 kenmerk=reference_of(name), url=view_url(base, entity_id),
                                 indiener=", ".join(indieners), uitkomst=uitkomst.value if uitkomst else "",
                                 toelichting=note), None, texts, day)


_HANDLERS: dict[str, Callable[[str, Mapping[str, Any], Selectie, str, Uitkomsten], None]] = {
    "Meeting": _meeting, "Document": _document, "MediaObject": _document, "Report": _document, "Motion": _motion,
}


# --- the reader for the importer ----------------------------------------------------------------------------


def bron_id(bron: Bronsleutel) -> str:
    return f"openbesluitvorming-{bron.key}"


@dataclass
class ObvPackageReader:
    """The interpreted export as the raw tables of a data package (a `PackageReader`)."""

    bron: Bronsleutel
    uitkomsten: Uitkomsten
    bestaand: Mapping[str, Informatiestuk]
    programma: str | None = None
    base: str = BASE_URL
    notices: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        return f"OpenBesluitvorming {self.bron.scope or self.bron.key}"

    def read(self) -> tuple[list[RawTable], list[PackageProblem]]:
        bron = {"id": bron_id(self.bron), "document": f"OpenBesluitvorming: raadsinformatie van {self.bron.key}",
                "onderdeel": f"export van bron {self.bron.scope or self.bron.key}", "uitgever": "OpenBesluitvorming",
                "url": f"{self.base.rstrip('/')}/api/export/snapshot?source={self.bron.key}",
                "toelichting": "Ingelezen met raadsmonitor import-raadsinformatie; elk stuk noemt zijn eigen adres."}
        rows: dict[str, dict[str, str]] = {}
        for stuk in self.uitkomsten.stukken:
            rows.setdefault(stuk.key, self._row(stuk))  # the same agenda item twice in one export: the first
        return [self._raw("bronnen", [bron]), self._raw("informatiestukken", list(rows.values()))], []

    def _row(self, stuk: Stuk) -> dict[str, str]:
        existing = self.bestaand.get(stuk.key)
        spec = TABLES_BY_NAME["informatiestukken"]
        row = ({column.name: format_cell(getattr(existing, column.name), column) for column in spec.columns}
               if existing is not None else {"programma": self.programma or "", "toelichting": escape_text(
                   stuk.toelichting)})
        if existing is not None and not row.get("programma") and self.programma:
            row["programma"] = self.programma
        row.update({"id": stuk.key, "soort": stuk.soort.value, "datum": stuk.datum.isoformat(),
                    "onderwerp": escape_text(stuk.onderwerp), "gremium": escape_text(stuk.gremium),
                    "vorm_in_bron": escape_text(stuk.vorm_in_bron), "kenmerk": escape_text(stuk.kenmerk),
                    "url": escape_text(stuk.url), "indiener": escape_text(stuk.indiener), "uitkomst": stuk.uitkomst,
                    "bron": bron_id(self.bron)})
        return row

    def _raw(self, name: str, rows: list[dict[str, str]]) -> RawTable:
        header = [column.name for column in TABLES_BY_NAME[name].columns]
        numbered = [(index + 1, [row.get(column, "") for column in header]) for index, row in enumerate(rows)]
        return RawTable(name=name, source=f"{self.source}: {name}", header=header, rows=iter(numbered))


def summary_notices(uitkomsten: Uitkomsten) -> list[str]:
    notices = []
    if uitkomsten.buiten_selectie:
        notices.append(f"{aantal(uitkomsten.buiten_selectie, 'stuk', 'stukken')} buiten de zoekterm of periode "
                       "overgeslagen")
    for kind, count in sorted(uitkomsten.overgeslagen_typen.items()):
        notices.append(f"{aantal(count, 'record', 'records')} van type '{kind}' overgeslagen (geen stuk voor het "
                       "register)")
    by_reason = Counter(weigering.reden for weigering in uitkomsten.weigeringen)
    for reason, count in sorted(by_reason.items()):
        notices.append(f"niet ingelezen: {aantal(count, 'stuk', 'stukken')}: {reason}")
    return notices
