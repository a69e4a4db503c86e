"""What `raadsmonitor report ... --format pdf` loads at start-up (issue 15): only its own command module, and
WeasyPrint without searching for each spelling of its libraries' names."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from raadsmonitor.commands import register_all
from raadsmonitor.reports.pdf_process import wants_pdf
from raadsmonitor.reports.render_pdf import import_with_loader_names


def _names(app: typer.Typer) -> set[str]:
    return {str(info.name) for info in app.registered_groups} | {str(info.name) for info in app.registered_commands}


def test_a_command_named_after_its_module_loads_that_module_alone() -> None:
    everything, report_only, core = typer.Typer(), typer.Typer(), typer.Typer()
    register_all(everything)
    register_all(report_only, "report")
    register_all(core, "import")  # a command of cli.py itself: every module, as before
    assert _names(report_only) == {"report"}
    assert {"report", "users", "register", "import-cbs"} <= _names(everything)
    assert _names(core) == _names(everything)


def test_a_library_the_loader_does_not_find_by_name_is_searched_for_after_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A module that only loads when `find_library` finds a library (as WeasyPrint would on a system where the
    loader does not know the sonames it tries) is imported again with the full search."""
    (tmp_path / "needs_search.py").write_text(
        "import ctypes.util\n"
        "print('kan de bibliotheek niet openen')\n"
        "FOUND = ctypes.util.find_library('c')\n"
        "if FOUND is None:\n"
        "    raise OSError('niet gevonden')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "needs_search", raising=False)
    original = ctypes.util.find_library
    module = import_with_loader_names("needs_search")
    assert module.FOUND == original("c") is not None
    assert ctypes.util.find_library is original


WHICH_LIBRARIES = """
import subprocess, sys
started = []
original = subprocess.Popen.__init__
def counted(self, *args, **kwargs):
    started.append(args[0] if args else kwargs.get("args"))
    original(self, *args, **kwargs)
subprocess.Popen.__init__ = counted
if sys.argv[1] == "sonames":
    from raadsmonitor.reports.render_pdf import import_with_loader_names
    import_with_loader_names("weasyprint")
else:
    import weasyprint
from weasyprint.text import ffi
loaded = [name for name in ("gobject", "pango", "harfbuzz", "harfbuzz_subset", "harfbuzz_vector", "fontconfig",
                            "pangoft2") if getattr(ffi, name) is not None]
print(" ".join(loaded), len(started))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the shortcut is for Linux only")
def test_weasyprint_opens_the_same_libraries_by_their_sonames_without_child_processes() -> None:
    pytest.importorskip("weasyprint")

    def loaded(how: str) -> tuple[str, int]:
        out = subprocess.run([sys.executable, "-c", WHICH_LIBRARIES, how], capture_output=True, text=True,
                             check=True).stdout.split()
        return " ".join(out[:-1]), int(out[-1])

    (by_soname, started), (searched, _) = loaded("sonames"), loaded("search")
    assert by_soname == searched and "pango" in by_soname
    assert started == 0


def test_only_a_report_asked_for_as_pdf_starts_the_pdf_helper() -> None:
    assert wants_pdf(["report", "paragraaf", "--jaar", "2024", "--format", "pdf", "--out", "p.pdf"])
    assert wants_pdf(["report", "voortgang", "--periode", "2024", "--format=pdf", "--out", "v.pdf"])
    assert not wants_pdf(["report", "paragraaf", "--jaar", "2024", "--format", "html", "--out", "pdf"])
    assert not wants_pdf(["report", "paragraaf", "--jaar", "2024", "--out", "p.pdf"])  # html is the default
    assert not wants_pdf(["import", "--format", "pdf"])
    assert not wants_pdf([])


HELPER_FAILS = """
import os, sys
from raadsmonitor.reports import pdf_process
helper = pdf_process.start()
assert helper is not None
os.kill(helper.pid, 9)  # the helper is gone: the PDF is rendered in-process after all
from raadsmonitor.reports.content import Document, Paragraph, Section
from raadsmonitor.reports.render_pdf import render_pdf
pdf = render_pdf(Document(title="Titel", subtitle="Ondertitel", meta=(), bronnen={},
                          sections=(Section(title="Kop", blocks=(Paragraph(text="Tekst van de paragraaf"),)),)))
print(pdf.startswith(b"%PDF"), "weasyprint" in sys.modules)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the helper is forked on Linux only")
def test_a_pdf_whose_helper_died_is_rendered_in_process() -> None:
    pytest.importorskip("weasyprint")
    out = subprocess.run([sys.executable, "-c", HELPER_FAILS], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]


COLLECTOR_AT_START = """
import gc
import raadsmonitor.cli
print(gc.isenabled())
"""


def test_a_report_command_runs_without_the_cyclic_garbage_collector() -> None:
    """A report is one short pass: the collector's passes over every module it loads cost 0.05-0.1 s of the
    paragraaf and 0.5 s of the voortgang for no memory saved (issue 15). Other commands (the server, an import)
    keep it."""
    def collecting(*arguments: str) -> str:
        return subprocess.run([sys.executable, "-c", COLLECTOR_AT_START, *arguments], capture_output=True,
                              text=True, check=True).stdout.strip()

    assert collecting("report", "paragraaf", "--jaar", "2024", "--format", "html", "--out", "p.html") == "False"
    assert collecting("report", "voortgang", "--periode", "2024", "--out", "v.html") == "False"
    assert collecting("import", "pakket", "--dry-run") == "True"
    assert collecting("serve") == "True"


HELPER_COLLECTOR = """
import gc
from raadsmonitor.reports import pdf_process, render_pdf
# the helper renders with what render_pdf holds when it is forked: here, whether its collector runs
render_pdf.write_tagged_pdf = lambda weasyprint, html: f"{gc.isenabled()} {html}".encode()
helper = pdf_process.start()
assert helper is not None
print(gc.isenabled(), helper.render("html").decode())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the helper is forked on Linux only")
def test_the_pdf_helper_renders_without_the_cyclic_garbage_collector() -> None:
    """The helper renders one document and ends: the collector's passes were 10-15 % of the render (issue 15)."""
    pytest.importorskip("weasyprint")
    out = subprocess.run([sys.executable, "-c", HELPER_COLLECTOR], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False", "html"]  # the command's process as it was, the helper's off


RICH_LOADED = """
import sys
from raadsmonitor.config.logsetup import configure_logging
configure_logging()
import structlog
structlog.get_logger("t").warning("proef", getal=1)
loaded = "rich" in sys.modules or "pygments" in sys.modules or "greenlet" in sys.modules
import rich.console  # still importable afterwards (Typer's help and errors use it)
import greenlet  # and SQLAlchemy's asyncio extension would still find greenlet
print(loaded, rich.console.Console is not None, greenlet.getcurrent() is not None)
"""


def test_logging_is_set_up_without_loading_rich_pygments_or_greenlet() -> None:
    """greenlet loads the C++ runtime, 1.1 MB in every process, for structlog's deprecated threadlocal (issue 15)."""
    done = subprocess.run([sys.executable, "-c", RICH_LOADED], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True", "True"]
    assert '"event": "proef"' in done.stderr and '"getal": 1' in done.stderr  # the JSON log line as before
