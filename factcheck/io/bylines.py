"""Bylines: the people who wrote an article, out of what a page or a document calls its author.

Pages put more than names in their author fields: the outlet ("SPIEGEL ONLINE"), a
place ("Hamburg, Germany"), a section ("Letters", "Editorial"), a job title ("Staff
Writer", "AP National Political Writer"), an agency ("Reuters"). An author is a
person, so :func:`clean_byline` keeps the names and drops the rest. It errs on the
side of keeping: a name it cannot judge (a single first name, a script without
capital letters) stays.

The rules, for each part of the byline (parts are separated by ``;``, ``,``, "and"
or "&"):

- a leading "By" (or "Analysis by", "Words by") goes;
- a part that starts with "The", holds an ``@`` or a digit, or is the outlet is dropped;
- a part with a word that no name holds (:data:`NOT_NAME_WORDS`: "staff", "online",
  "press", "letters", "writer"…) or an ordinary lower-case word ("is", "for") keeps the
  words before it when there are at least two ("Tom Gillespie News reporter" → "Tom
  Gillespie"), and is dropped otherwise. Name particles ("van", "de", "al-") are name
  words;
- a single word is dropped when other parts stand beside it (a place, an affiliation
  or a credential: "Jane Doe, London", "Sandee LaMotte, CNN", "Ilana Muhlstein, MS,
  RDN"), or when it is a known label (:data:`NOT_AUTHORS`) or the outlet's name or web
  address ("LinkNaija" on linknaija.com).

Names are returned once each, joined by ", ".
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

NOT_NAME_WORDS = frozenset({
    "staff", "writer", "writers", "reporter", "reporters", "correspondent", "correspondents", "editor", "editors",
    "editorial", "columnist", "contributor", "contributors", "contributing", "online", "news", "newsroom", "desk",
    "press", "agency", "wire", "wires", "services", "media", "bureau", "team", "letters", "magazine", "network",
    "associated", "international", "ministry", "ministries", "department", "published", "updated", "inc", "ltd",
    "llc", "com", "analysis", "opinion", "sport", "sports", "science", "business", "national", "political", "auto",
})
"""Words of newsroom labels, outlets and job titles that are nobody's given name or surname."""

NOT_AUTHORS = NOT_NAME_WORDS | frozenset({
    "admin", "administrator", "webmaster", "anonymous", "guest", "sponsored", "user", "author", "unknown",
    "reuters", "afp", "ap", "dpa", "pti", "ians", "ani", "upi", "efe", "ansa", "xinhua", "tass", "redaktion",
})
"""Single words that stand in a byline in place of a person."""

PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "da", "di", "del", "della", "dos", "das", "du", "des", "la", "le", "bin",
    "ibn", "al", "el", "ter", "ten", "y", "e", "zu", "af", "av", "d", "dell", "do",
})
"""Lower-case words that belong to names (Ursula von der Leyen, Bashar al-Assad, Valéry Giscard d'Estaing)."""

_SEPARATORS = re.compile(r"\s*[;,]\s*|\s+(?:and|&)\s+", re.IGNORECASE)
_BY = re.compile(r"^(?:[^\W\d_]+\s+)?by\s+", re.IGNORECASE)
_NAME_PIECES = re.compile(r"[-‐'’]")


def clean_byline(byline: str | None, outlet: str = "", url: str = "") -> str:
    """The people in ``byline``, joined by ", "; "" when it names nobody.

    ``outlet`` and ``url`` (the article's) let the outlet's own name be recognised.
    """
    parts = [part for part in (_BY.sub("", part.strip()) for part in _SEPARATORS.split(" ".join(
        (byline or "").split()))) if part]
    not_people = {_key(outlet), _site_label(url)} - {""}
    names: list[str] = []
    for part in parts:
        name = _person(part, alone=len(parts) == 1, not_people=not_people)
        if name and name not in names and _key(name) not in not_people:
            names.append(name)
    return ", ".join(names)


def _person(part: str, alone: bool, not_people: set[str]) -> str:
    words = part.split()
    if not any(ch.isupper() for ch in part):
        # no capital letters: a script without case (keep), or a lower-case label ("staff")
        return "" if any(ch.isalpha() and ch.lower() != ch.upper() for ch in part) else part
    if (words[0].casefold() == "the" or "@" in part or any(ch.isdigit() for ch in part)
            or _key(part) in not_people):
        return ""
    if len(words) == 1:
        return part if alone and _key(part) not in NOT_AUTHORS else ""
    for n, word in enumerate(words):
        if not _name_word(word):
            kept = words[:n]
            while kept and kept[-1][:1].islower():  # "Prefeitura Municipal de …" cut before "do"
                kept.pop()
            return " ".join(kept) if len(kept) >= 2 else ""
    return part


def _name_word(word: str) -> bool:
    """A word a name can hold: capitalised (or in a script without capitals), or a name particle."""
    pieces = [piece for piece in _NAME_PIECES.split(word.casefold().strip(".'’")) if piece]
    if any(piece in NOT_NAME_WORDS for piece in pieces):
        return False
    first = word[:1]
    if first.isupper() or not first.isalpha() or first.lower() == first.upper():
        return True
    return bool(pieces) and pieces[0] in PARTICLES


def _key(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .")


def _site_label(url: str) -> str:
    """The name in a web address: "spiegel" for https://www.spiegel.de/…, "bbc" for bbc.co.uk."""
    try:
        host = (urlsplit(url).hostname or "").casefold()
    except ValueError:
        return ""
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2:
        return ""
    if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3:  # bbc.co.uk, abc.net.au
        return labels[-3]
    return labels[-2]
