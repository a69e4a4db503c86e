"""Helpers that several layers share instead of writing the same lines again (issue 19)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from raadsmonitor.domain.money import known_sum
from raadsmonitor.domain.records import first_or_fail


class Missing(ValueError):
    pass


def test_first_or_fail_gives_the_first_match() -> None:
    items = [("a", 1), ("b", 2), ("c", 2)]
    assert first_or_fail(items, lambda item: item[1] == 2, lambda item: item[0], Missing) == ("b", 2)


def test_first_or_fail_names_what_there_is() -> None:
    items = [("a", 1), ("b", 2)]
    with pytest.raises(Missing) as raised:
        first_or_fail(items, lambda item: item[1] == 3, lambda item: item[0],
                      lambda known: Missing(f"niets met 3; wel: {known}"))
    assert str(raised.value) == "niets met 3; wel: a, b"


def test_first_or_fail_says_geen_when_there_is_nothing() -> None:
    with pytest.raises(Missing, match="^geen$"):
        first_or_fail([], lambda item: True, str, Missing)


def test_known_sum_leaves_unknown_amounts_out() -> None:
    assert known_sum([Decimal("1.50"), None, Decimal(2)]) == Decimal("3.50")
    assert known_sum([None, None]) == Decimal(0)
    assert known_sum([]) == Decimal(0)
