"""Proposals for the griffie: which letter settles which motie, question or toezegging (issue 18).

Nothing is linked here. A proposal names the letter (`van`), the item it may settle (`naar`), the kind of
link, a score between 0 and 1 and the reason in words; the griffie confirms a proposal with
`raadsmonitor koppel VAN NAAR --soort ...`, which writes the link through the normal write path.

The score: 0.6 when the reference number of the motie or question (kenmerk, such as 045-2022 or M12) occurs
in the letter's subject or reference; up to 0.4 for the share of the item's meaningful words that the
letter's subject repeats (numbers and the words of the search phrase do not count); 0.1 more when an
artikel 33-antwoorden item follows artikel 33-vragen. Only a letter dated on or after the item is
proposed, never for an item already settled by a link of that kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from raadsmonitor.domain.council import Informatiekoppeling, Informatiestuk
from raadsmonitor.domain.enums import KoppelingSoort, StukSoort

LETTERS = frozenset({StukSoort.RAADSINFORMATIEBRIEF, StukSoort.ARTIKEL_33_ANTWOORDEN, StukSoort.ANTWOORD,
                     StukSoort.MEMO})
SETTLES = {StukSoort.MOTIE: KoppelingSoort.HANDELT_MOTIE_AF,
           StukSoort.ARTIKEL_33_VRAGEN: KoppelingSoort.BEANTWOORDT,
           StukSoort.MONDELINGE_VRAAG: KoppelingSoort.BEANTWOORDT,
           StukSoort.TOEZEGGING: KoppelingSoort.DOET_TOEZEGGING_AF}
THRESHOLD = 0.35
PER_ITEM = 3
# Words that say nothing about the subject of a letter or motie.
STOPWORDS = frozenset("""
aan als bij dat de den der des die dit door een en er het hier hun in is met na naar niet nog of om onder op over
te tot uit van voor vanuit wat zijn zal zich ook wordt worden werd inzake betreffende motie moties amendement
brief raadsinformatiebrief vragen vraag antwoord antwoorden beantwoording schriftelijke artikel raad college
gemeente heerlen stand zaken over update
""".split())
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Koppelvoorstel:
    van: Informatiestuk
    naar: Informatiestuk
    soort: KoppelingSoort
    score: float
    reden: str


def meaningful_words(text: str, ignore: frozenset[str] = frozenset()) -> set[str]:
    """Words that say what a document is about: four letters or more, no number, no stopword."""
    return {word for word in (w.casefold() for w in _WORD.findall(text))
            if len(word) >= 4 and not word.isdigit() and word not in STOPWORDS and word not in ignore}


def _has_reference(kenmerk: str | None, letter: Informatiestuk) -> bool:
    if not kenmerk:
        return False
    haystack = f"{letter.onderwerp} {letter.kenmerk or ''}"
    return re.search(rf"(?<![\w-]){re.escape(kenmerk)}(?![\w-])", haystack, re.IGNORECASE) is not None


def score(letter: Informatiestuk, item: Informatiestuk, ignore: frozenset[str] = frozenset()) -> tuple[float, str]:
    """How likely the letter settles the item, and why, in Dutch."""
    reasons = []
    value = 0.0
    if _has_reference(item.kenmerk, letter):
        value += 0.6
        reasons.append(f"kenmerk {item.kenmerk} staat in de brief")
    item_words = meaningful_words(item.onderwerp, ignore)
    shared = sorted(item_words & meaningful_words(letter.onderwerp, ignore))
    if item_words and shared:
        value += 0.4 * len(shared) / len(item_words)
        reasons.append("dezelfde woorden: " + ", ".join(shared))
    if letter.soort is StukSoort.ARTIKEL_33_ANTWOORDEN and item.soort is StukSoort.ARTIKEL_33_VRAGEN and value:
        value += 0.1
        reasons.append("antwoorden op artikel 33-vragen")
    return min(value, 1.0), "; ".join(reasons)


def propose(stukken: Iterable[Informatiestuk], koppelingen: Iterable[Informatiekoppeling],
            threshold: float = THRESHOLD, ignore: frozenset[str] = frozenset()) -> list[Koppelvoorstel]:
    """Proposals, best first per item; items are in date order. `ignore`: words every item shares (the
    search phrase of the import), which say nothing about which letter belongs to which item."""
    all_items = sorted(stukken, key=lambda s: (s.datum.iso(), s.id))
    settled = {(k.naar, k.soort) for k in koppelingen}
    linked = {(k.van, k.naar) for k in koppelingen}
    letters = [s for s in all_items if s.soort in LETTERS]
    proposals: list[Koppelvoorstel] = []
    for item in all_items:
        soort = SETTLES.get(item.soort)
        if soort is None or (item.id, soort) in settled:
            continue
        found = []
        for letter in letters:
            if letter.datum.iso() < item.datum.iso() or (letter.id, item.id) in linked:
                continue
            value, reason = score(letter, item, ignore)
            if value >= threshold:
                found.append(Koppelvoorstel(letter, item, soort, round(value, 2), reason))
        found.sort(key=lambda p: (-p.score, p.van.datum.iso(), p.van.id))
        proposals.extend(found[:PER_ITEM])
    return proposals


def voorstel_as_json(voorstel: Koppelvoorstel) -> dict[str, object]:
    return {"van": voorstel.van.id, "van_onderwerp": voorstel.van.onderwerp, "naar": voorstel.naar.id,
            "naar_onderwerp": voorstel.naar.onderwerp, "soort": voorstel.soort.value, "score": voorstel.score,
            "reden": voorstel.reden}
