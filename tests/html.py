"""Reading pages as a person does: fetch, check it answered, parse, and find what must be there.

BeautifulSoup's `find`, `select_one`, `find_parent` and `find_next` return None when nothing matches, and an
attribute may be a list (`class`); the helpers below make "it must be there" an assertion that names what was
missing, and give the type checker a `Tag` or `str` to work with.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient


def page(client: TestClient, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.text, "html.parser")


def text(node: object) -> str:
    return " ".join(node.get_text(" ").split())  # type: ignore[attr-defined]


def _tag(found: object, what: str) -> Tag:
    assert isinstance(found, Tag), f"geen element gevonden: {what}"
    return found


def one(node: Tag, name: Any = None, /, **filters: Any) -> Tag:
    """The first element below `node` that `node.find(name, **filters)` gives; it must exist."""
    return _tag(node.find(name, **filters), f"find({name!r}, {filters!r})")


def select_one(node: Tag, selector: str) -> Tag:
    """The first element below `node` matching the CSS selector; it must exist."""
    return _tag(node.select_one(selector), f"select_one({selector!r})")


def parent(node: Tag, name: Any = None, /, **filters: Any) -> Tag:
    """The nearest enclosing element that `node.find_parent(name, **filters)` gives; it must exist."""
    return _tag(node.find_parent(name, **filters), f"find_parent({name!r}, {filters!r})")


def following(node: Tag, name: Any = None, /, **filters: Any) -> Tag:
    """The first element after `node` that `node.find_next(name, **filters)` gives; it must exist."""
    return _tag(node.find_next(name, **filters), f"find_next({name!r}, {filters!r})")


def attr(node: Tag, name: str, default: str | None = None) -> str:
    """A single-valued attribute (href, src, value, ...); it must be present unless a default is given."""
    value = node.get(name, default)
    assert isinstance(value, str), f"attribuut {name!r} ontbreekt of heeft meer waarden: {value!r}"
    return value
