"""A data package sent through the browser (issue 21): checked as a file first, then by the importer.

The web door hands over the uploaded bytes; this module refuses what is no data package (not a
workbook, not a zip of CSV files, a zip bomb, a path that climbs out of its folder, a file that does
not belong in a package), keeps the package aside between the dry run and the confirmation, and
calls the importer's own core function (`importer.import_from`) for both: the same checks, the same
all-or-nothing write and the same audit records as `raadsmonitor import`, with the uploader as actor.

The confirmation writes only if the audit trail's head is still the one read before the dry run
(checked inside the write lock): two uploads confirmed at once give one winner and one refusal.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import stat
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sqlalchemy import Engine

from raadsmonitor.config import settings
from raadsmonitor.domain.access import Principal, Rol, can_write_table
from raadsmonitor.domain.audit import AuditContext
from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.services.datapackage.importer import STORE_CHANGED, ImportReport, import_from
from raadsmonitor.sources.csv_package import CsvFolderReader
from raadsmonitor.sources.package import PackageProblem, PackageReader, Place, RawTable
from raadsmonitor.store import audit

ENV_MAX_MB = settings.variable_of("upload_max_mb")
# A zip may unpack to at most this many times the upload limit, and no member may be compressed more than
# MAX_RATIO times (text compresses 5 to 20 times; a zip bomb thousands of times).
UNPACK_FACTOR = 10
MAX_RATIO = 200
RATIO_FROM_BYTES = 1 << 20  # small members may compress well without harm
MAX_MEMBERS = 500
PENDING_SECONDS = 3600  # a checked package waits this long for its confirmation

UPLOAD_ROLES = frozenset({Rol.GRIFFIE, Rol.PROGRAMMABUREAU})
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
NOT_A_PACKAGE = ("Het bestand is geen gegevenspakket: kies een Excel-werkmap (.xlsx) of een zip-bestand met "
                 "CSV-bestanden.")


class UploadRefused(Exception):
    """The upload is refused as a whole, with a Dutch message for the person who sent it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def can_upload(principal: Principal) -> bool:
    return principal.rol in UPLOAD_ROLES


def max_upload_bytes() -> int:
    return settings.current().upload_max_mb * 1024 * 1024


def upload_folder() -> Path:
    folder = settings.current().uploadmap or Path(tempfile.gettempdir()) / "raadsmonitor-uploads"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB".replace(".", ",")


# --- 1. is it a package at all ----------------------------------------------------------------------


def kind_of(filename: str) -> str:
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == ".zip":
        return "zip"
    raise UploadRefused(NOT_A_PACKAGE)


def _unsafe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (name.startswith(("/", "\\")) or "\\" in name or ".." in path.parts or ":" in name
            or any(ord(ch) < 32 for ch in name))


def check_archive(path: Path, kind: str, limit: int) -> list[zipfile.ZipInfo]:
    """The members of a workbook or zip, after refusing bombs, escaping paths and foreign files."""
    if not zipfile.is_zipfile(path):
        raise UploadRefused(NOT_A_PACKAGE if kind == "zip" else
                            "Het bestand is geen Excel-werkmap (.xlsx): het kan niet als werkmap worden geopend.")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UploadRefused(f"Het bestand is beschadigd en kan niet worden gelezen ({error}).") from error
    if len(members) > MAX_MEMBERS:
        raise UploadRefused(f"Het zip-bestand bevat {len(members)} bestanden; een gegevenspakket heeft er "
                            f"hoogstens {MAX_MEMBERS}.")
    total = 0
    for member in members:
        if _unsafe_name(member.filename):
            raise UploadRefused(f"Het zip-bestand bevat een bestandsnaam die buiten de map wijst "
                                f"('{member.filename}'); zo'n bestand wordt niet uitgepakt.")
        if stat.S_ISLNK(member.external_attr >> 16):
            raise UploadRefused(f"Het zip-bestand bevat een snelkoppeling ('{member.filename}'); een gegevenspakket "
                                "bevat alleen CSV-bestanden.")
        total += member.file_size
        if member.file_size > RATIO_FROM_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise UploadRefused(f"Het bestand '{member.filename}' in het zip-bestand is meer dan {MAX_RATIO} keer "
                                "samengeperst (een 'zip-bom'); het wordt niet uitgepakt.")
        if total > UNPACK_FACTOR * limit:
            raise UploadRefused(f"Uitgepakt is het bestand groter dan {megabytes(UNPACK_FACTOR * limit)}; dat is te "
                                "groot voor een upload. Lees zo'n groot pakket in met 'raadsmonitor import'.")
    names = {member.filename for member in members}
    if kind == "xlsx":
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise UploadRefused("Het bestand is geen Excel-werkmap (.xlsx): het werkboek ontbreekt erin.")
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise UploadRefused("De werkmap bevat macro's; sla haar op als gewone Excel-werkmap (.xlsx).")
        return members
    files = [member for member in members if not member.is_dir()]
    for member in files:
        parts = PurePosixPath(member.filename).parts
        if parts[0] == "__MACOSX" or parts[-1].startswith("._"):
            continue  # what macOS adds to every zip it makes; skipped
        if not parts[-1].lower().endswith(".csv") or len(parts) > 2:
            raise UploadRefused(f"Het zip-bestand bevat '{member.filename}', dat niet in een gegevenspakket hoort: "
                                "alleen CSV-bestanden, los of in één map.")
    return files


def _extract_csv(path: Path, members: list[zipfile.ZipInfo], folder: Path) -> None:
    """The CSV files, flat in `folder`, by their own names; never more bytes than each member declared."""
    folder.mkdir()
    seen: set[str] = set()
    with zipfile.ZipFile(path) as archive:
        for member in members:
            parts = PurePosixPath(member.filename).parts
            if parts[0] == "__MACOSX" or parts[-1].startswith("._"):
                continue
            name = parts[-1]
            if name.lower() in seen:
                raise UploadRefused(f"Het zip-bestand bevat '{name}' twee keer.")
            seen.add(name.lower())
            written = 0
            with archive.open(member) as source, (folder / name).open("xb") as target:
                while block := source.read(1 << 20):
                    written += len(block)
                    if written > member.file_size:
                        raise UploadRefused(f"Het bestand '{member.filename}' in het zip-bestand is groter dan het "
                                            "zip-bestand opgeeft; het wordt niet uitgepakt.")
                    target.write(block)


# --- 2. the package kept between its check and its confirmation ------------------------------------


@dataclass(frozen=True)
class Pending:
    """A checked package waiting for its confirmation: who sent it, which file, the store state it was checked on."""

    token: str
    bestand: str
    soort: str
    gebruiker: str
    head: tuple[int, str]
    ontvangen: float

    @property
    def folder(self) -> Path:
        return upload_folder() / self.token


def _reader(pending: Pending) -> PackageReader:
    if pending.soort == "xlsx":
        from raadsmonitor.sources.xlsx_package import XlsxReader

        return XlsxReader(pending.folder / "pakket.xlsx")
    return CsvFolderReader(pending.folder / "csv")


class WritableOnly:
    """A reader that refuses the tables the uploader's role may not write (the same rule as the forms)."""

    def __init__(self, inner: PackageReader, principal: Principal) -> None:
        self.inner, self.principal = inner, principal

    def read(self) -> tuple[list[RawTable], list[PackageProblem]]:
        tables, problems = self.inner.read()
        kept = []
        for table in tables:
            if table.name in TABLES_BY_NAME and not can_write_table(self.principal, table.name):
                rol = self.principal.rol.label.lower() if self.principal.rol else "anoniem"
                problems.append(PackageProblem(Place(table.source), f"uw rol ({rol}) mag de tabel "
                                                                    f"'{table.name}' niet bijhouden"))
            else:
                kept.append(table)
        return kept, problems


def _clean_old(now: float) -> None:
    for folder in upload_folder().iterdir():
        try:
            if now - folder.stat().st_mtime > PENDING_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def receive(engine: Engine, upload: Path, filename: str, principal: Principal, context: AuditContext
            ) -> tuple[Pending, ImportReport]:
    """Keep the uploaded file aside and dry-run it: the report of every problem, nothing written.

    `upload` is the file as received (moved, not copied). Raises UploadRefused for what is no package.
    """
    if principal.gebruiker is None or not can_upload(principal):
        raise UploadRefused("Uw rol mag geen gegevenspakket inlezen.")
    limit = max_upload_bytes()
    if upload.stat().st_size > limit:
        raise UploadRefused(f"Het bestand is groter dan {megabytes(limit)}; dat is te groot voor een upload.")
    soort = kind_of(filename)
    members = check_archive(upload, soort, limit)
    now = time.time()
    _clean_old(now)
    token = secrets.token_urlsafe(24)
    folder = upload_folder() / token
    folder.mkdir(mode=0o700)
    try:
        if soort == "xlsx":
            shutil.move(str(upload), folder / "pakket.xlsx")
        else:
            _extract_csv(upload, members, folder / "csv")
        with engine.connect() as connection:
            head = audit.head(connection)
        bestand = PurePosixPath(filename.replace("\\", "/")).name[:200]
        pending = Pending(token, bestand, soort, principal.gebruiker, (head[0], head[1]), now)
        (folder / "upload.json").write_text(json.dumps({
            "bestand": pending.bestand, "soort": soort, "gebruiker": pending.gebruiker, "head": list(pending.head),
            "ontvangen": now}), encoding="utf-8")
        report = import_from(engine, WritableOnly(_reader(pending), principal), pending.bestand, dry_run=True,
                             context=context)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if not report.ok:
        shutil.rmtree(folder, ignore_errors=True)  # nothing to confirm
    return pending, report


def find_pending(token: str, principal: Principal) -> Pending:
    """The package this user checked under `token`; refused if unknown, expired or someone else's."""
    gone = UploadRefused("Dit pakket wacht niet meer op bevestiging (het is al ingelezen, geannuleerd of "
                         "langer dan een uur geleden gecontroleerd). Kies het bestand opnieuw.")
    if not TOKEN.match(token):
        raise gone
    try:
        info = json.loads((upload_folder() / token / "upload.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise gone from error
    pending = Pending(token, info["bestand"], info["soort"], info["gebruiker"], (info["head"][0], info["head"][1]),
                      info["ontvangen"])
    if pending.gebruiker != principal.gebruiker or time.time() - pending.ontvangen > PENDING_SECONDS:
        raise gone
    return pending


def confirm(engine: Engine, token: str, principal: Principal, context: AuditContext) -> tuple[Pending, ImportReport]:
    """Write the checked package, all or nothing, only if the store is still as it was when it was checked."""
    if not can_upload(principal):
        raise UploadRefused("Uw rol mag geen gegevenspakket inlezen.")
    pending = find_pending(token, principal)
    try:
        report = import_from(engine, WritableOnly(_reader(pending), principal), pending.bestand, context=context,
                             expected_head=pending.head)
    finally:
        shutil.rmtree(pending.folder, ignore_errors=True)
    return pending, report


def discard(token: str, principal: Principal) -> None:
    pending = find_pending(token, principal)
    shutil.rmtree(pending.folder, ignore_errors=True)


def store_changed(report: ImportReport) -> bool:
    """Whether the confirmation was refused because someone else wrote since the check."""
    return any(problem.message == STORE_CHANGED for problem in report.problems)
