"""The rules across records that the import and the forms/API share: glossary targets, aliases, circles."""

from __future__ import annotations

from collections.abc import Hashable

from raadsmonitor.domain.glossary import Alias, Begrip
from raadsmonitor.domain.integrity import (
    alias_problem,
    begrip_problem,
    cycle_message,
    glossary_terms,
    reaches,
    self_reference_problem,
)

TABLES = ("themas", "gebieden", "begrippen")
THEMAS = {"talentontwikkeling", "veiligheid"}


def _begrip(term: str, tabel: str | None = None, sleutel: str | None = None) -> Begrip:
    return Begrip(id=term.lower(), term=term, definitie="Wat de term betekent", tabel=tabel, sleutel=sleutel,
                  bron="b1")


def _exists(table: str, sleutel: str | None) -> bool:
    return table == "themas" and sleutel in THEMAS


def test_a_term_without_a_table_names_no_record_and_is_sound() -> None:
    assert begrip_problem(_begrip("Focusgebied"), TABLES, _exists) is None


def test_a_term_naming_an_existing_record_is_sound() -> None:
    assert begrip_problem(_begrip("Talent", "themas", "talentontwikkeling"), TABLES, _exists) is None


def test_a_term_naming_an_unknown_table_is_refused_on_the_table_column() -> None:
    problem = begrip_problem(_begrip("Talent", "thema", "talentontwikkeling"), TABLES, _exists)
    assert problem == ("tabel", "onbekende tabel 'thema'")


def test_a_term_naming_a_missing_record_is_refused_on_the_key_column() -> None:
    problem = begrip_problem(_begrip("Wonen", "themas", "wonen"), TABLES, _exists)
    assert problem == ("sleutel", "'wonen' bestaat niet in tabel themas")


def test_an_alias_may_not_be_a_fixed_term_whatever_its_capitals() -> None:
    terms = glossary_terms([_begrip("Focusgebied"), _begrip("Leefgebied")])
    assert terms == {"focusgebied", "leefgebied"}
    refused = alias_problem(Alias(alias="FOCUSGEBIED", begrip="focusgebied", bron="b1"), terms)
    assert refused == ("alias", "'FOCUSGEBIED' is zelf een begrip; een alias mag geen vaste term zijn")
    assert alias_problem(Alias(alias="NPHN-gebied", begrip="focusgebied", bron="b1"), terms) is None


# A chain of areas: buurt -> wijk -> gemeente -> nederland.
PARENTS: dict[Hashable, Hashable | None] = {"buurt": "wijk", "wijk": "gemeente", "gemeente": "nederland",
                                            "nederland": None}


def test_reaches_follows_the_parents_upwards_only() -> None:
    assert reaches("buurt", "nederland", PARENTS.get)
    assert not reaches("gemeente", "buurt", PARENTS.get)
    assert not reaches("onbekend", "buurt", PARENTS.get)


def test_reaches_stops_on_a_circle_that_does_not_pass_the_target() -> None:
    circle: dict[Hashable, Hashable | None] = {"a": "b", "b": "a"}
    assert not reaches("a", "c", circle.get)


def test_reaches_walks_a_long_chain_without_recursion() -> None:
    chain: dict[Hashable, Hashable | None] = {i: i - 1 for i in range(1, 20_000)}
    assert reaches(19_999, 0, chain.get)


def test_a_record_pointing_at_itself_is_a_circle() -> None:
    assert self_reference_problem("ligt_in", "wijk", "wijk", PARENTS.get) == (
        "ligt_in", "kringverwijzing: 'wijk' verwijst naar zichzelf")


def test_a_record_pointing_below_itself_closes_a_circle() -> None:
    # nederland would come to lie in buurt, which already lies (via wijk, gemeente) under nederland.
    assert self_reference_problem("ligt_in", "nederland", "buurt", PARENTS.get) == (
        "ligt_in", "kringverwijzing: 'buurt' ligt al onder 'nederland'")


def test_a_record_pointing_upwards_or_nowhere_is_sound() -> None:
    assert self_reference_problem("ligt_in", "buurt", "gemeente", PARENTS.get) is None
    assert self_reference_problem("ligt_in", "buurt", None, PARENTS.get) is None


def test_the_circle_message_names_the_path() -> None:
    assert cycle_message(["a", "b", "a"]) == "kringverwijzing: a → b → a"
