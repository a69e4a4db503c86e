#!/usr/bin/env python3
"""Apply the vocabulary of docs/vocabulary.md to a checkout: one concept, one name (issue 19).

    python3 tools/renames.py ROOT [--dry-run] [--ruff PATH_TO_RUFF]

ROOT is a raadsmonitor checkout (a git worktree). The script rewrites ROOT's src/, tests/, docs/ and
README* files:

- a *symbol rename* changes Python identifiers (NAME tokens, found with `tokenize`, so strings, comments
  and CLI command names such as "compliance" stay as they are) in the module that defines the symbol,
  in every module that imports it from there (re-exports followed), and in
  extra files the rule names; dotted paths to the symbol in strings ("raadsmonitor.x.y.old", as in
  monkeypatch targets) change too; in Markdown, only inside `code spans`, and only for unambiguous names;
- a *module move* renames a file with `git mv` and rewrites its dotted path everywhere;
- a *shared definition* moves one class that several modules each defined into one module and makes the
  others import it.

It is idempotent (a second run changes nothing), plans everything in memory first and writes nothing
when a new name is already defined where it would go (a clash): it then stops with the reason. It prints
what it changed and which occurrences of an old name it left alone (another concept with the same
name, or a template or document to check by hand). With --ruff it then runs `ruff check --fix --select
I,F401` on src and tests (import sorting, and imports a moved definition left unused).
Standard library only; needs Python >= 3.11.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import functools
import io
import re
import shutil
import subprocess
import sys
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "raadsmonitor"


@dataclass(frozen=True)
class Rename:
    """Rename the symbol `old`, defined in module `module`, to `new`.

    `also` lists extra files (globs relative to ROOT) where the NAME is renamed too, for names that are not
    imported (pytest fixtures, local helpers). `docs` False: the old name means something else elsewhere,
    so Markdown is not touched (occurrences are reported).
    """

    old: str
    new: str
    module: str | None
    also: tuple[str, ...] = ()
    docs: bool = True


@dataclass(frozen=True)
class Move:
    """Move module `old` (dotted) to `new` (dotted) with git mv."""

    old: str
    new: str


@dataclass(frozen=True)
class Share:
    """Class `name`, defined identically in each of `sources`, is defined once in `target` instead."""

    name: str
    sources: tuple[str, ...]
    target: str


# --- The vocabulary (docs/vocabulary.md is the reader's version; keep the two in step) -------------------

RENAMES: tuple[Rename, ...] = (
    # One name, two concepts: the second concept gets its own name.
    Rename("Herkomst", "Kanaal", "raadsmonitor.domain.audit", docs=False),  # enums.Herkomst (money) stays
    Rename("AuditHerkomst", "Kanaal", None, also=("tests/finance/test_pakketten_en_financiers.py",)),
    Rename("Uitkomst", "SignInOutcome", "raadsmonitor.services.accounts.signin", docs=False),  # vote stays
    Rename("Soort", "WijzigingSoort", "raadsmonitor.analysis.moments.changes", docs=False),
    Rename("Soort", "ParagraafSoort", "raadsmonitor.reports.paragraaf", docs=False),
    Rename("Chart", "SvgChart", "raadsmonitor.presentation.charts.svg", docs=False),
    Rename("Chart", "Figure", "raadsmonitor.reports.content", docs=False),
    Rename("Page", "CachedPage", "raadsmonitor.web.cache", docs=False),
    Rename("Page", "ObvPage", "raadsmonitor.sources.openbesluitvorming", docs=False),
    # The --format choices: one name per set of choices, each defined once.
    Rename("Uitvoer", "TextFormat", "raadsmonitor.commands._shared", docs=False),
    Rename("Weergave", "TableFormat", "raadsmonitor.commands.council", docs=False),
    Rename("Weergave", "TableFormat", "raadsmonitor.commands.snapshots", docs=False),
    Rename("Weergave", "TableCsvFormat", "raadsmonitor.commands.progress", docs=False),
    Rename("Formaat", "PackageFormat", "raadsmonitor.cli", docs=False),
    Rename("Formaat", "DocumentFormat", "raadsmonitor.reports.formats", docs=False),
    # Infrastructure is English.
    Rename("Paginering", "Pagination", "raadsmonitor.web.paging"),
    Rename("Sessie", "Session", "raadsmonitor.store.sessions"),
    Rename("ConfigFout", "ConfigError", "raadsmonitor.services.accounts.sso"),
    Rename("GebruikerFout", "UserError", "raadsmonitor.store.users"),
    Rename("BackupFout", "BackupError", "raadsmonitor.store.backup"),
    Rename("PeilmomentFout", "PeilmomentError", "raadsmonitor.store.snapshots"),
    # Peilmoment, not snapshot / FrozenState (the CLI command `snapshot` keeps its name).
    Rename("FrozenState", "Programmastand", "raadsmonitor.domain.snapshots"),
    Rename("SNAPSHOT_TABLES", "PEILMOMENT_TABLES", "raadsmonitor.domain.snapshots"),
    Rename("take_snapshot", "take_peilmoment", "raadsmonitor.services.moments"),
    Rename("save_snapshot", "save_peilmoment", "raadsmonitor.store.snapshots"),
    Rename("load_snapshot", "load_peilmoment", "raadsmonitor.store.snapshots"),
    Rename("can_take_snapshot", "can_take_peilmoment", "raadsmonitor.domain.access"),
    Rename("SNAPSHOT_ROLES", "PEILMOMENT_ROLES", "raadsmonitor.domain.access"),
    Rename("snapshot_command", "peilmoment_command", "raadsmonitor.commands.snapshots"),
    # Voortgang, not progress (the CLI command `progress` keeps its name).
    Rename("progress_of", "voortgang_of", "raadsmonitor.analysis.progress.records"),
    Rename("progress_report", "voortgang_report", "raadsmonitor.analysis.progress.records"),
    Rename("progress_by_theme", "voortgang_by_theme", "raadsmonitor.analysis.progress.views"),
    Rename("progress_status_history", "voortgang_status_history", "raadsmonitor.analysis.signals.progress_status"),
    Rename("progress_section", "voortgang_section", "raadsmonitor.reports.voortgang"),
    Rename("_progress_row", "_voortgang_row", "raadsmonitor.reports.voortgang"),
    Rename("PROGRESS_HEADER", "VOORTGANG_HEADER", "raadsmonitor.reports.voortgang"),
    Rename("progress_command", "voortgang_command", "raadsmonitor.commands.progress"),
    # Financien, not money.
    Rename("theme_money", "thema_financien", "raadsmonitor.analysis.finance.budget"),
    Rename("money_through_municipality", "financien_through_municipality", "raadsmonitor.reports.finance_sections"),
    Rename("money_section", "financien_section", "raadsmonitor.reports.voortgang"),
    Rename("_money", "_financien", "raadsmonitor.reports.paragraaf"),
    Rename("_money_row", "_financien_row", "raadsmonitor.reports.comparison"),
    Rename("MONEY_TABLES", "FINANCIEN_TABLES", None, also=("tests/finance/*.py",)),
    Rename("money_package", "financien_package", None, also=("tests/finance/*.py",)),
    Rename("money_engine", "financien_engine", None, also=("tests/finance/*.py",)),
    Rename("money_records", "financien_records", None, also=("tests/finance/*.py",)),
    # Nakoming, not compliance / naleving (the CLI command `compliance` keeps its name).
    Rename("Naleving", "Nakomingen", "raadsmonitor.analysis.council.compliance"),
    Rename("compliance", "check_nakoming", "raadsmonitor.analysis.council.compliance", docs=False),
    Rename("compliance_years", "nakoming_years", "raadsmonitor.analysis.council.compliance"),
    Rename("naleving_as_json", "nakomingen_as_json", "raadsmonitor.commands.council"),
    Rename("_naleving_table", "_nakomingen_table", "raadsmonitor.commands.council"),
    Rename("compliance_command", "nakoming_command", "raadsmonitor.commands.council"),
)

MOVES: tuple[Move, ...] = (
    Move("raadsmonitor.analysis.council.compliance", "raadsmonitor.analysis.council.nakoming"),
)

SHARES: tuple[Share, ...] = (
    Share("TableFormat", ("raadsmonitor.commands.council", "raadsmonitor.commands.snapshots"),
          "raadsmonitor.commands._shared"),
)

# tests/test_vocabulary.py's `until_renamed` tests are expected to fail until this script has run; it lifts the mark.
XFAIL_MARK = re.compile(r"^until_renamed = pytest\.mark\.xfail\(.*\)\n\n?|^@until_renamed\n"
                        r"|\n\nA test marked `until_renamed`.*\n.*\n(?=\"\"\")", re.M)
# The vocabulary itself names the old names on purpose.
VOCABULARY = "docs/vocabulary.md"


class Clash(Exception):
    pass


# --- The tree in memory ------------------------------------------------------------------------------------

@dataclass
class Tree:
    root: Path
    texts: dict[str, str] = field(default_factory=dict)  # relative path -> text (current, in memory)
    original: dict[str, str] = field(default_factory=dict)
    moved: dict[str, str] = field(default_factory=dict)  # new relative path -> old relative path
    changes: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, root: Path) -> Tree:
        tree = cls(root)
        files = [*root.joinpath("src").rglob("*"), *root.joinpath("tests").rglob("*"),
                 *root.joinpath("docs").rglob("*.md"), *root.glob("README*")]
        for path in sorted(files):
            generated = "__pycache__" in path.parts or path.parent.suffix == ".egg-info"
            if not path.is_file() or generated or path.suffix not in (".py", ".md", ".html", ".txt"):
                continue
            rel = path.relative_to(root).as_posix()
            tree.texts[rel] = tree.original[rel] = path.read_text(encoding="utf-8")
        return tree

    def python(self) -> list[str]:
        return [p for p in self.texts if p.endswith(".py")]

    def markdown(self) -> list[str]:
        return [p for p in self.texts if p.endswith(".md") and not p.startswith("src/") and p != VOCABULARY]

    def module_path(self, module: str) -> str | None:
        base = "src/" + module.replace(".", "/")
        for candidate in (base + ".py", base + "/__init__.py"):
            if candidate in self.texts:
                return candidate
        return None


def module_of(rel: str) -> str | None:
    if not rel.startswith("src/") or not rel.endswith(".py"):
        return None
    parts = rel[len("src/"):-len(".py")].split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def importers(tree: Tree, module: str, name: str) -> dict[str, tuple[int, int] | None]:
    """Files that import `name` from `module`, or from a module that imported it from there.

    The value is None, or for `import name as other` the lines of that import: only there does the name change
    (the file may use `name` for another concept, as a test using both kinds of Herkomst does).
    """
    found: dict[str, tuple[int, int] | None] = {}
    queue = [module]
    seen: set[str] = set()
    while queue:
        current = queue.pop()
        if current in seen:
            continue
        seen.add(current)
        for rel in tree.python():
            text = tree.texts[rel]
            if current.rpartition(".")[0] not in text or (parsed := parse(text)) is None:
                continue
            for node in ast.walk(parsed):
                if isinstance(node, ast.ImportFrom) and node.module == current and \
                        any(alias.name == name for alias in node.names):
                    aliased = any(alias.name == name and alias.asname not in (None, name) for alias in node.names)
                    found[rel] = (node.lineno - 1, node.end_lineno or node.lineno) if aliased else None
                    if not aliased and (reexporter := module_of(rel)):  # others may import the name from here
                        queue.append(reexporter)
                if module_names(node, current) and rel not in found:
                    found[rel] = None
    return found


def module_names(node: ast.AST, module: str) -> frozenset[str]:
    """The names under which an import statement makes `module` itself available (`from p import m as x`)."""
    package, _, last = module.rpartition(".")
    if isinstance(node, ast.ImportFrom) and node.module == package:
        return frozenset(alias.asname or alias.name for alias in node.names if alias.name == last)
    if isinstance(node, ast.Import):
        return frozenset(alias.asname or last for alias in node.names if alias.name == module)
    return frozenset()


def qualifiers_in(text: str, module: str) -> frozenset[str]:
    parsed = parse(text)
    if parsed is None:
        return frozenset()
    return frozenset().union(*(module_names(node, module) for node in ast.walk(parsed)))


# --- Token-level rewriting -----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def tokens_of(text: str) -> tuple[tokenize.TokenInfo, ...]:
    return tuple(t for t in tokenize.generate_tokens(io.StringIO(text).readline)
                 if t.type not in (tokenize.NL, tokenize.COMMENT))


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except SyntaxError:
        return None


def name_positions(text: str, name: str, qualifiers: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """(line index, column) of every NAME token `name` (identifiers only, not strings or comments).

    After a dot only as `q.name` with q one of `qualifiers` (the file's names for the defining module): an
    attribute of something else, or a part of a module path, is not the symbol.
    """
    if name not in text:
        return []
    positions = []
    tokens = tokens_of(text)
    for index, token in enumerate(tokens):
        if token.type == tokenize.NAME and token.string == name:
            dotted = index >= 1 and tokens[index - 1].string == "."
            if not dotted or (index >= 2 and tokens[index - 2].type == tokenize.NAME
                              and tokens[index - 2].string in qualifiers):
                positions.append((token.start[0] - 1, token.start[1]))
    return positions


def replace_names(text: str, old: str, new: str, lines_only: tuple[int, int] | None = None,
                  qualifiers: frozenset[str] = frozenset()) -> tuple[str, int]:
    positions = [(row, col) for row, col in name_positions(text, old, qualifiers)
                 if lines_only is None or lines_only[0] <= row < lines_only[1]]
    if not positions:
        return text, 0
    lines = text.splitlines(keepends=True)
    for row, col in sorted(positions, reverse=True):
        line = lines[row]
        lines[row] = line[:col] + new + line[col + len(old):]
    result = "".join(lines)
    # `from m import Kanaal as Kanaal` after a rename of the imported name and of its alias
    result = re.sub(rf"\b{re.escape(new)} as {re.escape(new)}\b", new, result)
    return result, len(positions)


def defines(text: str, name: str) -> bool:
    """Does the module bind `name` itself (class, def, assignment, import)?"""
    parsed = parse(text)
    if parsed is None:
        return False
    for node in ast.walk(parsed):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return True
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
            return True
        if isinstance(node, ast.arg) and node.arg == name:
            return True
        if isinstance(node, (ast.Import, ast.ImportFrom)) and \
                any((alias.asname or alias.name.split(".")[0]) == name for alias in node.names):
            return True
    return False


def replace_in_all(text: str, old: str, new: str) -> str:
    """The name as a string in the module's `__all__`."""
    lines = text.splitlines(keepends=True)
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            for row in range(node.lineno - 1, node.end_lineno or node.lineno):
                lines[row] = re.sub(rf"""(["']){re.escape(old)}\1""", rf"\g<1>{new}\g<1>", lines[row])
    return "".join(lines)


CODE_SPAN = re.compile(r"`[^`\n]+`")


def replace_in_code_spans(text: str, pattern: re.Pattern[str], new: str) -> tuple[str, int]:
    count = 0

    def span(match: re.Match[str]) -> str:
        nonlocal count
        replaced, n = pattern.subn(new, match.group(0))
        count += n
        return replaced

    return CODE_SPAN.sub(span, text), count


# --- The operations ------------------------------------------------------------------------------------------

def apply_rename(tree: Tree, rule: Rename) -> None:
    label = f"{rule.old} -> {rule.new}" + (f" ({rule.module})" if rule.module else "")
    scope: dict[str, tuple[int, int] | None] = {}
    moved = {move.old: move.new for move in MOVES}
    if rule.module and tree.module_path(rule.module) is None and rule.module in moved:
        rule = Rename(rule.old, rule.new, moved[rule.module], rule.also, rule.docs)  # a second run, after the move
    if rule.module:
        definer = tree.module_path(rule.module)
        if definer is None:
            tree.left.append(f"{label}: module {rule.module} not found; rule skipped")
            return
        scope = {definer: None, **importers(tree, rule.module, rule.old)}
    for pattern in rule.also:
        scope.update({p: None for p in tree.python() if fnmatch.fnmatch(p, pattern)})
    for rel in sorted(scope):
        text = tree.texts[rel]
        qualifiers = qualifiers_in(text, rule.module) if rule.module else frozenset()
        if not name_positions(text, rule.old, qualifiers):
            continue
        if scope[rel] is None and name_positions(text, rule.new) and defines(text, rule.new):
            raise Clash(f"{label}: {rel} already defines {rule.new}; choose another name or rename that first")
        tree.texts[rel], count = replace_names(text, rule.old, rule.new, scope[rel], qualifiers)
        tree.texts[rel] = replace_in_all(tree.texts[rel], rule.old, rule.new)
        only = " (the aliased import only)" if scope[rel] else ""
        tree.changes.append(f"{label}: {rel}: {count} identifier(s){only}")
        if scope[rel] and name_positions(tree.texts[rel], rule.old):
            tree.left.append(f"{label}: {rel}: {rule.old} here is another concept (imported elsewhere)")
    if rule.module:  # dotted paths in strings, e.g. monkeypatch targets
        dotted = re.compile(rf"\b{re.escape(rule.module)}\.{re.escape(rule.old)}\b")
        for rel in tree.texts:
            text = tree.texts[rel]
            if dotted.search(text):
                tree.texts[rel], count = dotted.subn(f"{rule.module}.{rule.new}", text)
                tree.changes.append(f"{label}: {rel}: {count} dotted path(s)")
    word = re.compile(rf"(?<![\w.]){re.escape(rule.old)}\b")
    for rel in tree.markdown():
        if rule.docs:
            tree.texts[rel], count = replace_in_code_spans(tree.texts[rel], word, rule.new)
            if count:
                tree.changes.append(f"{label}: {rel}: {count} code span(s)")
    for rel in sorted(tree.texts):
        if rel in scope or rel == VOCABULARY:
            continue
        text = tree.texts[rel]
        if rel.endswith(".py"):
            hits = sum(1 for t in tokens_of(text) if t.type == tokenize.NAME and t.string == rule.old) \
                if rule.old in text else 0
        elif rel.endswith(".md") and rule.docs:
            continue
        else:
            hits = sum(len(word.findall(m.group(0))) for m in CODE_SPAN.finditer(text)) if rel.endswith(".md") \
                else len(re.findall(rf"\b{re.escape(rule.old)}\b", text))
        if hits:
            tree.left.append(f"{label}: {rel}: {hits} occurrence(s) of {rule.old} left alone (another meaning, "
                             "or check by hand)")


def apply_move(tree: Tree, move: Move) -> None:
    label = f"move {move.old} -> {move.new}"
    old_rel = tree.module_path(move.old)
    new_rel = "src/" + move.new.replace(".", "/") + ".py"
    if old_rel is None:
        if new_rel in tree.texts:
            return  # done before
        tree.left.append(f"{label}: module not found; skipped")
        return
    if new_rel in tree.texts or tree.root.joinpath(new_rel).exists():
        raise Clash(f"{label}: {new_rel} exists already")
    tree.texts[new_rel] = tree.texts.pop(old_rel)
    tree.original.setdefault(new_rel, "")
    tree.moved[new_rel] = old_rel
    tree.changes.append(f"{label}: git mv {old_rel} {new_rel}")
    dotted = re.compile(rf"\b{re.escape(move.old)}\b(?!\.py)")
    path = re.compile(rf"\b{re.escape(old_rel[len('src/'):])}")
    for rel in sorted(tree.texts):
        text = tree.texts[rel]
        text, count = dotted.subn(move.new, text)
        text, count2 = path.subn(new_rel[len("src/"):], text)
        if count + count2:
            tree.texts[rel] = text
            tree.changes.append(f"{label}: {rel}: {count + count2} reference(s)")


def class_block(text: str, name: str) -> tuple[int, int] | None:
    """Line span [start, end) of the top-level class `name`, with the blank lines after it."""
    for node in ast.parse(text).body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
            end = node.end_lineno or node.lineno
            lines = text.splitlines(keepends=True)
            while end < len(lines) and not lines[end].strip():
                end += 1
            return start, end
    return None


def insert_after_last_class(text: str, block: str) -> str:
    """Put a moved class next to the target's other classes (after the last one), or at the end."""
    classes = [node for node in ast.parse(text).body if isinstance(node, ast.ClassDef)]
    if not classes:
        return text.rstrip() + "\n\n\n" + block
    lines = text.splitlines(keepends=True)
    end = classes[-1].end_lineno or classes[-1].lineno
    return "".join(lines[:end]) + "\n\n" + block + "".join(lines[end:])


def add_import(text: str, module: str, name: str) -> str:
    lines = text.splitlines(keepends=True)
    last = 0
    for node in ast.parse(text).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            last = node.end_lineno or node.lineno
    lines.insert(last, f"from {module} import {name}\n")
    return "".join(lines)


def apply_share(tree: Tree, share: Share) -> None:
    label = f"share {share.name} in {share.target}"
    target = tree.module_path(share.target)
    if target is None:
        tree.left.append(f"{label}: target module not found; skipped")
        return
    for module in share.sources:
        rel = tree.module_path(module)
        if rel is None:
            tree.left.append(f"{label}: {module} not found; skipped")
            continue
        text = tree.texts[rel]
        span = class_block(text, share.name)
        if span is None:
            continue  # done before
        lines = text.splitlines(keepends=True)
        block = "".join(lines[span[0]:span[1]]).rstrip() + "\n"
        target_span = class_block(tree.texts[target], share.name)
        if target_span is None:
            tree.texts[target] = insert_after_last_class(tree.texts[target], block)
            tree.changes.append(f"{label}: {target}: class {share.name} added (from {rel})")
        else:
            existing = "".join(tree.texts[target].splitlines(keepends=True)[target_span[0]:target_span[1]])
            if existing.rstrip() != block.rstrip():
                raise Clash(f"{label}: {rel} defines {share.name} differently from {target}; merge by hand")
        tree.texts[rel] = add_import("".join(lines[:span[0]] + lines[span[1]:]), share.target, share.name)
        tree.changes.append(f"{label}: {rel}: own class {share.name} removed, imported instead")


def lift_xfail(tree: Tree) -> None:
    rel = "tests/test_vocabulary.py"
    if rel in tree.texts and XFAIL_MARK.search(tree.texts[rel]):
        tree.texts[rel] = XFAIL_MARK.sub("", tree.texts[rel])
        tree.changes.append(f"{rel}: the xfail mark lifted (the vocabulary now holds)")


# --- Writing -------------------------------------------------------------------------------------------------

def write(tree: Tree) -> None:
    git = shutil.which("git") if tree.root.joinpath(".git").exists() else None
    for new_rel, old_rel in tree.moved.items():
        if git:
            subprocess.run([git, "-C", str(tree.root), "mv", old_rel, new_rel], check=True)  # noqa: S603 # our paths
        else:
            tree.root.joinpath(old_rel).rename(tree.root.joinpath(new_rel))
    for rel, text in tree.texts.items():
        if text != tree.original.get(rel):
            tree.root.joinpath(rel).write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="the checkout to change")
    parser.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")
    parser.add_argument("--ruff", help="path to ruff: sort imports and drop unused ones afterwards")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    if not root.joinpath("src", PACKAGE).is_dir():
        print(f"renames: {root} is not a raadsmonitor checkout (no src/{PACKAGE})", file=sys.stderr)
        return 2
    tree = Tree.load(root)
    try:
        for rule in RENAMES:
            apply_rename(tree, rule)
        for move in MOVES:
            apply_move(tree, move)
        for share in SHARES:
            apply_share(tree, share)
        lift_xfail(tree)
    except Clash as clash:
        print(f"renames: stopped, nothing written: {clash}", file=sys.stderr)
        return 1
    for line in tree.changes:
        print(("would change " if args.dry_run else "changed ") + line)
    for line in tree.left:
        print("left alone " + line)
    changed = sum(1 for rel, text in tree.texts.items() if text != tree.original.get(rel))
    print(f"renames: {changed} file(s) {'would change' if args.dry_run else 'changed'}, "
          f"{len(tree.moved)} module(s) moved, {len(tree.left)} note(s) left alone")
    if args.dry_run:
        return 0
    write(tree)
    if args.ruff:
        ruff = shutil.which(args.ruff) or args.ruff
        fix = subprocess.run([ruff, "check", "--fix", "--select", "I,F401", "src", "tests"], cwd=root)  # noqa: S603
        if fix.returncode:
            print("renames: ruff could not sort the imports; see above", file=sys.stderr)
            return fix.returncode
        # A longer name can push a line past the limit: those lines are for a person to wrap.
        check = subprocess.run([ruff, "check", "src", "tests"], cwd=root)  # noqa: S603 # the given ruff
        if check.returncode:
            print("renames: the renames are written; ruff reports the lines above (wrap them by hand)", file=sys.stderr)
            return check.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
