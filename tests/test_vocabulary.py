"""One concept, one name (issue 19, docs/vocabulary.md): the old names stay out of the code."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from tools import renames

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "raadsmonitor"
VOCABULARY = ROOT / "docs" / "vocabulary.md"

# Old names that name nothing any more (docs/vocabulary.md says what replaced each).
FORBIDDEN = frozenset({
    "Soort", "Chart", "Page", "Formaat", "Weergave", "Uitvoer", "Paginering", "Sessie", "FrozenState",
    "Naleving", "compliance", "compliance_years", "take_snapshot", "save_snapshot", "load_snapshot",
    "can_take_snapshot", "SNAPSHOT_ROLES", "SNAPSHOT_TABLES", "progress_of", "progress_report",
    "progress_by_theme", "progress_status_history", "progress_section", "theme_money", "money_section",
    "money_through_municipality",
})
# Names kept for one concept only: defined in this module, imported from nowhere else.
ONE_MEANING = {"Herkomst": "raadsmonitor.domain.enums", "Uitkomst": "raadsmonitor.domain.enums"}
# Two sources each keep their own small HTTP client on purpose (each is a port for its own fake in tests).
SAME_CLASS_TWICE = frozenset({"HttpClient", "UrllibClient"})


def _modules() -> list[tuple[str, ast.Module]]:
    result = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        result.append((name, ast.parse(path.read_text(encoding="utf-8"))))
    return result


def _identifiers(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update(alias.asname or alias.name.split(".")[-1] for alias in node.names)
            names.update((node.module or "").split(".") if isinstance(node, ast.ImportFrom) else ())
    return names


def test_no_old_name_is_an_identifier_in_the_code() -> None:
    found = {f"{module}: {name}" for module, tree in _modules() for name in _identifiers(tree) & FORBIDDEN}
    assert sorted(found) == []


# Old names kept out of every name the code and the templates use: attributes, fields, keyword
# arguments, local and template variables too (the user-facing Dutch prose may still say "Naleving").
OLD_VARIABLE_NAMES = frozenset({"naleving"})
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def _all_names(tree: ast.Module) -> set[str]:
    names = _identifiers(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.keyword) and node.arg:
            names.add(node.arg)
    return names


def test_no_old_name_is_a_variable_attribute_or_template_variable() -> None:
    found = {f"{module}: {name}" for module, tree in _modules() for name in _all_names(tree) & OLD_VARIABLE_NAMES}
    for template in sorted((SRC / "web" / "templates").rglob("*.html")):
        code = " ".join(_JINJA.findall(template.read_text(encoding="utf-8")))
        found.update(f"{template.name}: {name}" for name in set(re.findall(r"\w+", code)) & OLD_VARIABLE_NAMES)
    assert sorted(found) == []


def test_a_name_with_two_meanings_now_has_one() -> None:
    wrong = []
    for module, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in ONE_MEANING and module != ONE_MEANING[node.name]:
                wrong.append(f"{module} defines {node.name}")
            if isinstance(node, ast.ImportFrom):
                wrong += [f"{module} imports {alias.name} from {node.module}" for alias in node.names
                          if alias.name in ONE_MEANING and node.module != ONE_MEANING[alias.name]]
    assert wrong == []


def test_errors_are_called_error_not_fout() -> None:
    fout = [f"{module}.{node.name}" for module, tree in _modules() for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef) and node.name.endswith("Fout")]
    assert fout == []


def test_each_class_is_defined_once() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    for module, tree in _modules():
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                where[node.name].append(module)
    twice = {name: modules for name, modules in where.items() if len(modules) > 1 and name not in SAME_CLASS_TWICE}
    assert twice == {}


def test_the_vocabulary_defines_each_new_name_once_and_names_what_it_replaces() -> None:
    text = VOCABULARY.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    defined = [re.match(r"\| `([^`]+)`", row).group(1) for row in rows]  # type: ignore[union-attr]
    assert len(defined) == len(set(defined)), "a term is defined twice"
    for rule in renames.RENAMES:
        row = next((r for r in rows if r.startswith(f"| `{rule.new}`")), None)
        assert row is not None, f"{rule.new} is not in docs/vocabulary.md"
        assert f"`{rule.old}`" in row, f"the row of {rule.new} does not name {rule.old}, which it replaces"


def test_the_readme_links_the_vocabulary() -> None:
    assert "docs/vocabulary.md" in (ROOT / "README.md").read_text(encoding="utf-8")


# --- The rename script, on a small tree of its own ----------------------------------------------------------

def _tree(tmp_path: Path, files: dict[str, str]) -> renames.Tree:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return renames.Tree.load(tmp_path)


AUDIT = "import enum\n\n\nclass Herkomst(enum.Enum):\n    WEB = 'web'\n"
MONEY = "import enum\n\n\nclass Herkomst(enum.Enum):\n    RIJK = 'rijk'\n"


def test_a_rename_changes_the_symbol_where_it_is_defined_and_imported_and_nothing_else(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {
        "src/raadsmonitor/audit.py": AUDIT,
        "src/raadsmonitor/money.py": MONEY,
        "src/raadsmonitor/web.py": ("from raadsmonitor.audit import Herkomst\n\n"
                                    "LABEL = 'Herkomst'  # Herkomst in a comment\nDOOR = Herkomst.WEB\n"),
        "src/raadsmonitor/views.py": "from raadsmonitor.money import Herkomst\n\nRIJK = Herkomst.RIJK\n",
        "tests/test_both.py": ("from raadsmonitor.audit import Herkomst as AuditHerkomst\n"
                               "from raadsmonitor.money import Herkomst\n\n"
                               "PAIR = (AuditHerkomst.WEB, Herkomst.RIJK)\n"),
    })
    renames.apply_rename(tree, renames.Rename("Herkomst", "Kanaal", "raadsmonitor.audit"))
    renames.apply_rename(tree, renames.Rename("AuditHerkomst", "Kanaal", None, also=("tests/*.py",)))

    assert "class Kanaal(enum.Enum)" in tree.texts["src/raadsmonitor/audit.py"]
    assert tree.texts["src/raadsmonitor/web.py"] == (
        "from raadsmonitor.audit import Kanaal\n\nLABEL = 'Herkomst'  # Herkomst in a comment\nDOOR = Kanaal.WEB\n")
    assert tree.texts["src/raadsmonitor/money.py"] == MONEY
    assert tree.texts["src/raadsmonitor/views.py"] == tree.original["src/raadsmonitor/views.py"]
    assert tree.texts["tests/test_both.py"] == ("from raadsmonitor.audit import Kanaal\n"
                                                "from raadsmonitor.money import Herkomst\n\n"
                                                "PAIR = (Kanaal.WEB, Herkomst.RIJK)\n")
    assert any(line.startswith("Herkomst -> Kanaal") and "src/raadsmonitor/money.py" in line for line in tree.left)


def test_a_rename_stops_when_the_new_name_is_taken(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {"src/raadsmonitor/audit.py": AUDIT + "\n\nclass Kanaal:\n    pass\n"})
    with pytest.raises(renames.Clash, match="already defines Kanaal"):
        renames.apply_rename(tree, renames.Rename("Herkomst", "Kanaal", "raadsmonitor.audit"))


def test_the_script_writes_nothing_on_a_clash_and_nothing_twice(tmp_path: Path) -> None:
    _tree(tmp_path, {"src/raadsmonitor/__init__.py": "", "src/raadsmonitor/web/__init__.py": "",
                            "src/raadsmonitor/web/paging.py": "class Paginering:\n    pass\n",
                            "src/raadsmonitor/web/pages.py": ("from raadsmonitor.web.paging import Paginering\n\n"
                                                              "PAGES = Paginering()\n")})
    script = [sys.executable, str(ROOT / "tools" / "renames.py"), str(tmp_path)]
    first = subprocess.run(script, capture_output=True, text=True, check=True)  # noqa: S603 # our own script
    assert "changed Paginering -> Pagination" in first.stdout
    assert (tmp_path / "src/raadsmonitor/web/pages.py").read_text(encoding="utf-8") == (
        "from raadsmonitor.web.paging import Pagination\n\nPAGES = Pagination()\n")
    second = subprocess.run(script, capture_output=True, text=True, check=True)  # noqa: S603
    assert "renames: 0 file(s) changed" in second.stdout

    (tmp_path / "src/raadsmonitor/web/paging.py").write_text("class Paginering:\n    pass\n\n\nclass Pagination:\n"
                                                              "    pass\n", encoding="utf-8")
    clash = subprocess.run(script, capture_output=True, text=True)  # noqa: S603
    assert clash.returncode == 1
    assert "nothing written" in clash.stderr and "already defines Pagination" in clash.stderr
    assert (tmp_path / "src/raadsmonitor/web/pages.py").read_text(encoding="utf-8").count("Pagination") == 2
    assert "Paginering" in (tmp_path / "src/raadsmonitor/web/paging.py").read_text(encoding="utf-8")
