"""Capture every output of the monitor by content: the pages, the API lists and the reports (issue 15).

Every optimisation must keep the outputs identical. This tool loads a data package into a fresh store, with a fixed
clock, and captures:

- every GET page of the web app (its routes walked; path parameters filled from the data: every thema, indicator,
  geldstroom, bron and register on the demo, a fixed sample per route on the national package), as the public
  reader of `raadsmonitor demo` sees them and, for the pages behind a role, as that role;
- every API list under /api/v1 (each table, the register, the audit trail), all pages, with a token;
- the reports (paragraaf, raadsvoorstel, voortgang) in every format of `raadsmonitor report`, and the pages'
  PDF and DOCX downloads: HTML and Markdown as text, DOCX by its document XML, PDF by the text pdftotext extracts.

Each output is a text: a few response headers, then the normalised content. Usage:

    python -m tests.outputs.capture OUT_DIR [--package demo|national] [--db URL]
    python -m tests.outputs.capture --write          # regenerate tests/outputs/golden/

`--db` names an empty database (SQLite or PostgreSQL) to load into; without it a temporary SQLite file is used.
The tool uses only the application's public entry points (import_package, create_app, the report command), so
tools/compare_outputs.py can run it against the source tree of another commit.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden")
PACKAGES = ("demo", "national")
# The day every output is made on: the clock of the pages and the --peildatum of the reports. Outputs must not
# depend on the day the test runs.
PEILDATUM = date(2025, 6, 30)
MOMENT = datetime.combine(PEILDATUM, time(9, 0), tzinfo=UTC)
# The national package of the golden files: bench/generate.py at a small scale with its fixed seed: every table
# the generator writes, three programmes (the national one and two focus areas), 11,640 waarnemingen. All 20 focus
# areas need scale >= 0.06 (one per gemeente, 20/344), whose capture takes minutes (its /registers/waarnemingen
# page alone is 80 MB): tools/compare_outputs.py --scale 0.06 is the before/after check at that size.
NATIONAL_SCALE = 0.002
NATIONAL_SEED = 20261128
# On the national package each route with a parameter is opened for this many values (first, middle, last, ...)
# and the programme-prefixed pages for this many programmes: the whole set would be tens of thousands of pages.
NATIONAL_SAMPLE = 3
NATIONAL_PROGRAMMES = 2
PASSWORD = "uitvoer-vergelijken-12"  # noqa: S105 - the capture's own throwaway accounts
ROLE_ACCOUNTS = ("griffie", "programmabureau", "rekenkamer", "beheerder")
# Single sign-on's steps exist only with a provider configured (tests/browser/test_upload_and_sso.py); the static
# files are no output of the data.
SKIPPED_PATHS = {"/aanmelden/sso", "/aanmelden/sso/terug"}
# Pages that are the same for every programme: captured once, not again under each /programma/<id> prefix.
NOT_PER_PROGRAMME = ("/gezondheid", "/aanmelden", "/afmelden", "/registers", "/auditspoor",
                     "/gebruikers", "/gegevenspakket")
KEPT_HEADERS = ("content-type", "content-disposition", "location", "link")


# --- normalisation: only what is legitimately volatile -------------------------------------------------------

# The CSRF token is random per visitor (double-submit cookie, or derived from the random session id).
_CSRF = re.compile(r'(<input type="hidden" name="[^"]*csrf[^"]*" value=")[^"]*(")')
# PDF metadata: the creation and modification dates are the moment of rendering; the producer names the
# WeasyPrint version, which a dependency upgrade changes without changing the document.
_PDF_INFO_KEPT = ("Title", "Subject", "Keywords", "Author", "Tagged")
# The page numbers in the PDF footer ("3 / 12") follow where the layout breaks pages, not the content; an
# optimisation of the layout (issue 15: paginate tables by theme) may move them. Whitespace likewise: the text is
# compared word by word and rewrapped, so a changed line break in the layout is no difference.
_PAGE_NUMBER = re.compile(r"^\s*\d+ / \d+\s*$", re.MULTILINE)
# DOCX package metadata: the created/modified stamps are the moment of writing.
_DOCX_DATES = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


# The charts number their SVG ids from process-wide counters (presentation/charts/*: "tijdlijn-22-titel"): the number
# depends on how many charts the process drew before, so on which pages were asked for earlier, by whom, and on the
# page cache. Only the ids' identity within one output matters: they are renumbered per output in order of appearance
# ("tijdlijn-n1", "tijdlijn-n2", ...). Only these prefixes: other numbered ids (a form's "rol-1") are stable.
CHART_ID_PREFIXES = ("afstand", "geldgrafiek", "grafiek", "kaart", "legenda", "staaf", "tegelgrafiek", "tijdlijn",
                     "trend")
_CHART_ID = re.compile(r'id="(' + "|".join(CHART_ID_PREFIXES) + r')-(\d+)(?=[-"])')


def renumber_chart_ids(text: str) -> str:
    names: dict[str, str] = {}
    per_prefix: dict[str, int] = {}
    for match in _CHART_ID.finditer(text):
        found = f"{match[1]}-{match[2]}"
        if found not in names:
            per_prefix[match[1]] = per_prefix.get(match[1], 0) + 1
            names[found] = f"{match[1]}-n{per_prefix[match[1]]}"
    if not names:
        return text
    pattern = re.compile(r"\b(" + "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
                         + r")(?!\d)")
    return pattern.sub(lambda match: names[match[1]], text)


def normalise_html(text: str) -> str:
    return renumber_chart_ids(_CSRF.sub(r"\1<csrf>\2", text))


def normalise_json(body: bytes) -> str:
    return json.dumps(json.loads(body), indent=1, ensure_ascii=False) + "\n"


def pdf_text(data: bytes) -> str:
    """The PDF's text as pdftotext extracts it, word by word, with the metadata that is content (title, tagged)."""
    pdftotext, pdfinfo = shutil.which("pdftotext"), shutil.which("pdfinfo")
    if pdftotext is None or pdfinfo is None:
        raise SystemExit("pdftotext/pdfinfo ontbreken (Debian: apt-get install poppler-utils)")
    info = subprocess.run([pdfinfo, "-"], input=data, capture_output=True, check=True).stdout.decode("utf-8", "replace")
    kept = [line for line in info.splitlines() if line.split(":", 1)[0] in _PDF_INFO_KEPT]
    text = subprocess.run([pdftotext, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode("utf-8")
    words = _PAGE_NUMBER.sub("", text.replace("\f", "\n")).split()
    return "\n".join([*kept, "", textwrap.fill(" ".join(words), width=100, break_long_words=False,
                                               break_on_hyphens=False)]) + "\n"


# The parts of a DOCX that hold the document; the others (styles, theme, fonts, settings: ~800 KB of XML that comes
# with python-docx's template) are compared by their sha256.
DOCX_CONTENT_PARTS = ("word/document.xml", "docProps/core.xml")


def docx_text(data: bytes) -> str:
    """The DOCX by its document's XML, one element per line (readable diffs); the package's dates left out."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = sorted(package.namelist())
        parts.append("onderdelen: " + ", ".join(names))
        for name in names:
            if name not in DOCX_CONTENT_PARTS:
                parts.append(f"== {name}: sha256 {hashlib.sha256(package.read(name)).hexdigest()}")
                continue
            xml = package.read(name).decode("utf-8")
            xml = renumber_chart_ids(_DOCX_DATES.sub(r"\1<datum>\2", xml))
            parts.append(f"== {name}\n" + xml.replace("><", ">\n<"))
    return "\n".join(parts) + "\n"


def content_of(content_type: str, body: bytes) -> str:
    kind = content_type.split(";")[0].strip()
    if kind == "application/pdf":
        return pdf_text(body)
    if kind.endswith("wordprocessingml.document"):
        return docx_text(body)
    if kind.endswith("json"):
        return normalise_json(body)
    return normalise_html(body.decode("utf-8"))


# --- the store and its visitors -------------------------------------------------------------------------------


@contextlib.contextmanager
def fixed_write_times() -> Iterator[None]:
    """The audit trail's and the accounts' timestamps at MOMENT: they are the moment of writing, which the test
    cannot fix through the app's clock. With them fixed, the audit trail's hash chain is reproducible too."""
    patches = []
    stamp = MOMENT.isoformat(timespec="microseconds")
    for target, value in (("raadsmonitor.store.audit._now", stamp),
                          ("raadsmonitor.store.users.now", MOMENT.isoformat(timespec="seconds"))):
        module_name, _, attribute = target.rpartition(".")
        module = __import__(module_name, fromlist=[attribute])
        if hasattr(module, attribute):
            patches.append(mock.patch(target, lambda value=value: value))
        else:  # renamed: the audit trail and the accounts page will show the real time, and differ
            print(f"let op: {target} bestaat niet meer; pas fixed_write_times in {__file__} aan", file=sys.stderr)
    with contextlib.ExitStack() as stack:
        for patch in patches:
            stack.enter_context(patch)
        yield


def package_path(package: str, work: Path, scale: float = NATIONAL_SCALE) -> Path:
    if package == "demo":
        from raadsmonitor.demo import DEMO_PACKAGE

        return Path(DEMO_PACKAGE)
    folder = work / "national"
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(bench_generate()), str(folder), "--scale", str(scale),
                    "--seed", str(NATIONAL_SEED)], check=True, capture_output=True)
    return folder


def bench_generate() -> Path:
    """bench/generate.py of the source tree whose raadsmonitor is imported (compare_outputs runs another tree)."""
    import raadsmonitor

    tree = Path(raadsmonitor.__file__).resolve().parents[2]
    return tree / "bench" / "generate.py"


@dataclass
class Visitors:
    """Session cookies per role and an API token that reads everything (the beheerder reads the audit trail)."""

    sessions: dict[str, str] = field(default_factory=dict)
    token: str = ""


def load(url: str, package: Path) -> Visitors:
    """Migrate the store at `url`, import the package and add the accounts, sessions and token of the capture."""
    from raadsmonitor.domain.access import Rol
    from raadsmonitor.domain.audit import AuditContext, Kanaal
    from raadsmonitor.services.datapackage.importer import import_package
    from raadsmonitor.store import sessions, users
    from raadsmonitor.store.database import make_engine, migrate, write_transaction

    engine = make_engine(url)
    try:
        migrate(engine)
        visitors = Visitors()
        with fixed_write_times():
            report = import_package(engine, package)
            if not report.written:
                raise SystemExit("de import weigerde: " + "; ".join(str(problem) for problem in report.problems[:5]))
            context = AuditContext(actor="cli:capture", herkomst=Kanaal.CLI)
            with write_transaction(engine) as connection:
                for rol in ROLE_ACCOUNTS:
                    naam = f"{rol}-capture"
                    users.add_user(connection, context, naam=naam, rol=Rol(rol), wachtwoord=PASSWORD)
                    visitors.sessions[rol] = sessions.create_session(
                        connection, naam, tweede_factor=True, now=MOMENT, limits=sessions.SessionLimits())
                # The token's id is random and named in the audit trail: fixed here, so the trail is the same.
                with mock.patch("secrets.token_hex", return_value="00000000ca97e000"):
                    visitors.token = users.add_api_token(connection, context, "beheerder-capture", "capture")[1]
        return visitors
    finally:
        engine.dispose()


# --- what to open ---------------------------------------------------------------------------------------------


def _routes(routes: list[Any]) -> list[Any]:
    found = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            found.extend(_routes(inner.routes))
        elif hasattr(route, "methods") and hasattr(route, "path"):
            found.append(route)
    return found


def get_paths(app: Any) -> list[str]:
    return sorted({route.path for route in _routes(app.routes) if "GET" in (route.methods or ())
                   and route.path not in SKIPPED_PATHS})


def sample(values: list[str], size: int | None) -> list[str]:
    """All values, or `size` of them spread evenly (first and last included)."""
    values = sorted(values)
    if size is None or len(values) <= size:
        return values
    if size == 1:
        return values[:1]
    return [values[round(i * (len(values) - 1) / (size - 1))] for i in range(size)]


class Data:
    """Keys from the store, per table, optionally of one programme."""

    def __init__(self, engine: Any) -> None:
        from raadsmonitor.domain.catalogue import TABLES_BY_NAME
        from raadsmonitor.store import repository

        self.records: dict[str, list[Any]] = {}
        with engine.connect() as connection:
            for name in ("themas", "bronnen", "geldstromen", "indicatoren", "programmas"):
                self.records[name] = list(repository.load_records(connection, TABLES_BY_NAME[name]))
            self._first: dict[str, Any] = {}
            for name in ("geldstromen", "informatiestukken", "waarnemingen"):
                spec = TABLES_BY_NAME[name]
                keys = {str(spec.key_of(record)): record for record in repository.load_records(connection, spec)}
                if keys:
                    self._first[name] = (spec, keys[min(keys)])

    def ids(self, table: str, programma: str | None = None) -> list[str]:
        return [str(r.id) for r in self.records[table]
                if programma is None or getattr(r, "programma", programma) == programma]

    def record_query(self, name: str) -> str | None:
        if name not in self._first:
            return None
        spec, record = self._first[name]
        return urlencode([("sleutel", str(part)) for part in spec.key_of(record)])


def registers() -> list[str]:
    from raadsmonitor.web.routes.registers import REGISTERS

    return [spec.name for spec in REGISTERS]


def urls_for(path: str, data: Data, programma: str | None, size: int | None) -> list[str]:
    """The URLs that open a route: itself, or one per value of its path parameter."""
    if "{" not in path:
        return [path]
    by_table = {"{thema_id}": "themas", "{bron_id}": "bronnen", "{stroom_id}": "geldstromen",
                "{indicator_id}": "indicatoren"}
    for placeholder, table in by_table.items():
        if placeholder in path:
            return [path.replace(placeholder, value) for value in sample(data.ids(table, programma), size)]
    if path in ("/registers/{tabel}", "/registers/{tabel}/nieuw"):
        return [path.replace("{tabel}", name) for name in sample(registers(), size)]
    if path in ("/registers/{tabel}/wijzigen", "/registers/{tabel}/verwijderen"):
        found = []
        for name in ("geldstromen", "informatiestukken", "waarnemingen"):
            query = data.record_query(name)
            if query is not None:
                found.append(path.replace("{tabel}", name) + "?" + query)
        return found
    raise SystemExit(f"tests/outputs/capture.py weet niet welke adressen de route {path} opent: "
                     "voeg haar parameter toe aan urls_for")


def role_for(url: str) -> str | None:
    """Who opens a page that not every visitor may see (None: the public reader of the demo)."""
    from raadsmonitor.domain.access import GRIFFIE_TABLES

    path = url.split("?")[0]
    if path == "/auditspoor":
        return "rekenkamer"
    if path == "/gebruikers":
        return "beheerder"
    if path in ("/registers", "/gegevenspakket", "/wijzigingen"):
        return "griffie"
    if path.startswith("/registers/"):
        return "griffie" if path.split("/")[2] in GRIFFIE_TABLES else "programmabureau"
    return None


def output_name(url: str, role: str | None) -> str:
    """A file name for an output: its address, readable, with the role that opened it."""
    parts = urlsplit(url)
    name = parts.path.strip("/").replace("/", "~") or "start"
    if parts.query:
        name += "@" + re.sub(r"[^A-Za-z0-9_.=-]+", "_", parts.query)
    if role:
        name += f"#{role}"
    return name


# --- the capture ----------------------------------------------------------------------------------------------

Outputs = dict[str, str]


def response_text(response: Any) -> str:
    headers = [f"status: {response.status_code}"]
    for name in KEPT_HEADERS:
        if name in response.headers:
            headers.append(f"{name}: {response.headers[name]}")
    body = content_of(response.headers.get("content-type", "text/plain"), response.content)
    return "\n".join(headers) + "\n\n" + body


_HREF = re.compile(r'href="([^"?#]+)')


def capture_pages(app: Any, engine: Any, visitors: Visitors, national: bool, outputs: Outputs,
                  progress: Callable[[str], None]) -> None:
    from fastapi.testclient import TestClient

    from raadsmonitor.web.auth import SESSION_COOKIE

    data = Data(engine)
    clients: dict[str | None, Any] = {None: TestClient(app, follow_redirects=False)}
    for rol, session_id in visitors.sessions.items():
        clients[rol] = TestClient(app, follow_redirects=False, cookies={SESSION_COOKIE: session_id})
    size = NATIONAL_SAMPLE if national else None
    prefixes: list[tuple[str, str | None]] = [("", None)]
    focus = [r.id for r in data.records["programmas"] if getattr(r, "focusgebied", None)]
    if len(focus) > 1:  # several programmes: the pages of some of them under /programma/<id>
        prefixes += [(f"/programma/{p}", p) for p in sample(focus, NATIONAL_PROGRAMMES if national else None)]
    paths = [path for path in get_paths(app) if not path.startswith(("/api/", "/static"))]
    for prefix, programma in prefixes:
        linked: set[str] = set()  # the addresses this programme's pages link to
        for path in paths:
            if prefix and path.startswith(NOT_PER_PROGRAMME):
                continue
            urls = urls_for(path, data, programma, None)
            if prefix:  # an indicator this programme shows, not one of another programme's (a 404)
                urls = [url for url in urls if prefix + url in linked] or urls
            for url in sample(urls, size):
                role = role_for(url)
                full = prefix + url
                progress(full)
                outputs["pages/" + output_name(full, role)] = text = response_text(clients[role].get(full))
                linked.update(_HREF.findall(text))
        # The report pages' downloads: the same document as the page, as PDF and DOCX. On the national package the
        # reports are captured through `raadsmonitor report` only: the same documents, and a PDF takes seconds.
        for page in () if national else ("/financien/paragraaf", "/voortgang/rapportage"):
            for formaat in ("pdf", "docx"):
                full = f"{prefix}{page}?formaat={formaat}"
                progress(full)
                outputs["pages/" + output_name(full, None)] = response_text(clients[None].get(full))


def capture_api(app: Any, visitors: Visitors, national: bool, outputs: Outputs,
                progress: Callable[[str], None]) -> None:
    from fastapi.testclient import TestClient

    from raadsmonitor.domain.catalogue import TABLES

    client = TestClient(app, headers={"Authorization": f"Bearer {visitors.token}"})
    limit = "?limiet=1000" if national else ""  # the national lists in pages of the most the API gives
    for collection in [*(spec.name for spec in TABLES), "register", "auditspoor"]:
        url: str | None = f"/api/v1/{collection}{limit}"
        number = 1
        while url:
            progress(url)
            response = client.get(url)
            outputs[f"api/{collection}~{number:04d}"] = response_text(response)
            url = response.json().get("volgende") if response.status_code == 200 else None
            if url:
                url = url.removeprefix(str(client.base_url))
            number += 1


def capture_reports(url: str, data: Data, national: bool, outputs: Outputs, progress: Callable[[str], None],
                    work: Path) -> None:
    from typer.testing import CliRunner

    from raadsmonitor.cli import app as cli

    focus = [r.id for r in data.records["programmas"] if getattr(r, "focusgebied", None)]
    programmes = sample(focus, 1) if national else focus
    jaar = PEILDATUM.year
    runner = CliRunner()
    for programma in programmes:
        streams = sample(data.ids("geldstromen", programma), 2)
        reports: list[tuple[str, list[str], tuple[str, ...]]] = [
            (f"paragraaf-begroting-{jaar}", ["paragraaf", "--jaar", str(jaar)], ("html", "md", "docx", "pdf")),
            (f"paragraaf-jaarstukken-{jaar - 1}",
             ["paragraaf", "--jaar", str(jaar - 1), "--soort", "jaarstukken"], ("html", "md")),
            (f"voortgang-{jaar - 1}", ["voortgang", "--periode", str(jaar - 1)], ("html", "md", "docx", "pdf")),
            (f"voortgang-{jaar - 1}-H2", ["voortgang", "--periode", f"{jaar - 1}-H2"], ("md",)),
        ]
        if streams:
            stroom_args = [part for stroom in streams for part in ("--stroom", stroom)]
            reports.append(("raadsvoorstel", ["raadsvoorstel", *stroom_args], ("html", "md", "docx")))
        for name, arguments, formats in reports:
            for fmt in formats:
                out = work / f"{name}.{fmt}"
                progress(f"report {name} {fmt} ({programma})")
                result = runner.invoke(cli, ["report", *arguments, "--format", fmt, "--out", str(out),
                                             "--peildatum", PEILDATUM.isoformat(), "--programma", programma,
                                             "--db", url])
                if result.exit_code != 0:
                    outputs[f"reports/{programma}~{name}.{fmt}"] = f"exit: {result.exit_code}\n\n{result.output}"
                    continue
                body = out.read_bytes()
                content_type = {"pdf": "application/pdf", "html": "text/html", "md": "text/markdown",
                                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}[fmt]
                outputs[f"reports/{programma}~{name}.{fmt}"] = content_of(content_type, body)


def capture(url: str | None = None, package: str = "demo", progress: Callable[[str], None] | None = None,
            scale: float = NATIONAL_SCALE, folder: Path | None = None) -> Outputs:
    """Load `package` (or the data package in `folder`) into the empty store at `url` (a temporary SQLite file if
    None) and capture every output; `package` still decides how much is opened (every value, or a sample)."""
    from raadsmonitor.config.clock import FixedClock
    from raadsmonitor.store.database import make_engine
    from raadsmonitor.web.app import create_app
    from raadsmonitor.web.auth import DEMO_SETTINGS

    say = progress or (lambda _: None)
    national = package == "national"
    outputs: Outputs = {}
    with tempfile.TemporaryDirectory(prefix="raadsmonitor-outputs-") as temporary:
        work = Path(temporary)
        url = url or f"sqlite:///{work / 'store.sqlite'}"
        visitors = load(url, folder or package_path(package, work, scale))
        engine = make_engine(url)
        try:
            # Every page published read-only, as `raadsmonitor demo` serves it; the clock stands still at PEILDATUM.
            app = create_app(engine, DEMO_SETTINGS, clock=FixedClock(MOMENT))
            with fixed_write_times():
                capture_pages(app, engine, visitors, national, outputs, say)
                capture_api(app, visitors, national, outputs, say)
                capture_reports(url, Data(engine), national, outputs, say, work)
        finally:
            engine.dispose()
    return dict(sorted(outputs.items()))


# --- golden files ---------------------------------------------------------------------------------------------

# The golden files hold the sha256 of every output and the content of most, so that a difference shows as a readable
# diff. Kept as sha256 only, to keep the repository small: on the demo the registers' forms (made from the catalogue,
# ~750 KB) and the DOCX files (the same document is kept as HTML, Markdown and PDF text); on the national package
# everything but a few pages and the reports' Markdown and PDF text.
DEMO_HASH_ONLY = re.compile(r"^pages/registers~[^#]*~(nieuw|wijzigen|verwijderen)|docx")
NATIONAL_CONTENT = re.compile(r"^(pages/(start|themas|financien|financien~paragraaf|voortgang|signalen)\.txt"
                              r"|pages/programma~[^~]*~(financien|voortgang|themas)\.txt"
                              r"|reports/.*\.(md|pdf)\.txt$)")


def kept_in_full(package: str, name: str) -> bool:
    if package == "demo":
        return not DEMO_HASH_ONLY.search(name)
    return bool(NATIONAL_CONTENT.match(file_name(name)))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_name(name: str) -> str:
    return name.replace("#", "%23") + ".txt"


def write_exactly(path: Path, text: str) -> None:
    """Written as is: the iCalendar feed's lines end in CRLF, which is part of the output."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def read_exactly(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def write(outputs: Outputs, folder: Path, package: str) -> None:
    """Write one package's outputs as its golden files (the folder is replaced)."""
    target = folder / package
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    full = {name: text for name, text in outputs.items() if kept_in_full(package, name)}
    for name, text in full.items():
        path = target / file_name(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_exactly(path, text)
    manifest = "".join(f"{sha256(text)}  {name}\n" for name, text in outputs.items())
    (target / "SHA256SUMS").write_text(manifest, encoding="utf-8")


def read_golden(folder: Path, package: str) -> tuple[dict[str, str], dict[str, str]]:
    """(sha256 per output name, full content of those kept in full)."""
    target = folder / package
    hashes = {}
    for line in (target / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        hashes[name] = digest
    contents = {name: read_exactly(target / file_name(name)) for name in hashes
                if (target / file_name(name)).exists()}
    return hashes, contents


def differences(expected: dict[str, str], expected_content: dict[str, str], actual: Outputs,
                shown: int = 5, lines: int = 60, labels: tuple[str, str] = ("golden", "nu")) -> list[str]:
    """What differs, as readable messages: missing or extra outputs, and a unified diff of the first few."""
    import difflib

    messages = []
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    if missing:
        messages.append(f"{len(missing)} uitvoer(en) ontbreken: " + ", ".join(missing[:20]))
    if extra:
        messages.append(f"{len(extra)} uitvoer(en) zijn nieuw: " + ", ".join(extra[:20]))
    changed = [name for name in expected if name in actual and sha256(actual[name]) != expected[name]]
    if changed:
        messages.append(f"{len(changed)} uitvoer(en) verschillen: " + ", ".join(changed[:20]))
    for name in changed[:shown]:
        if name in expected_content:
            diff = list(difflib.unified_diff(expected_content[name].splitlines(), actual[name].splitlines(),
                                             f"{labels[0]}/{name}", f"{labels[1]}/{name}", lineterm="", n=2))
            messages.append("\n".join(diff[:lines]) + (f"\n... ({len(diff) - lines} regels meer)"
                                                       if len(diff) > lines else ""))
        else:
            messages.append(f"--- {name}: alleen de sha256 is bewaard; nu:\n" + actual[name][:2000])
    return messages


def compare_folders(before: Path, after: Path) -> list[str]:
    """Differences between two captures written with `capture OUT_DIR` (tools/compare_outputs.py)."""
    expected = {p.relative_to(before).as_posix(): read_exactly(p) for p in sorted(before.rglob("*.txt"))}
    actual = {p.relative_to(after).as_posix(): read_exactly(p) for p in sorted(after.rglob("*.txt"))}
    return differences({name: sha256(text) for name, text in expected.items()}, expected, actual,
                       labels=("voor", "na"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.outputs.capture",
                                     description="Leg alle uitvoer van de monitor vast (pagina's, API, rapporten)")
    parser.add_argument("out", nargs="?", type=Path, help="map voor de uitvoer, één bestand per uitvoer")
    parser.add_argument("--package", choices=PACKAGES, help="demo (standaard) of national; bij --write: alleen dit")
    parser.add_argument("--db", help="een lege database (standaard: een tijdelijk SQLite-bestand)")
    parser.add_argument("--scale", type=float, default=NATIONAL_SCALE,
                        help=f"schaal van het landelijke pakket (standaard {NATIONAL_SCALE}, die van de golden files)")
    parser.add_argument("--from", dest="folder", type=Path,
                        help="lees dit gegevenspakket in, in plaats van het zelf te maken (tools/compare_outputs.py)")
    parser.add_argument("--write", action="store_true", help="schrijf de golden files opnieuw (demo en national)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    def say(what: str) -> None:
        if not args.quiet:
            print(what, file=sys.stderr)

    if args.write:
        for package in [args.package] if args.package else PACKAGES:
            write(capture(args.db, package, say), GOLDEN, package)
            print(f"golden files van {package} geschreven naar {GOLDEN / package}")
        return 0
    if args.out is None:
        parser.error("geef OUT_DIR of --write")
    package = args.package or "demo"
    outputs = capture(args.db, package, say, args.scale, args.folder)
    if args.out.exists():
        shutil.rmtree(args.out)
    for name, text in outputs.items():
        path = args.out / file_name(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_exactly(path, text)
    print(f"{len(outputs)} uitvoer(en) van {package} geschreven naar {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
