"""Text to terms for the claim matcher: cleaning of social-media posts, words, stems, n-grams.

A claim arrives as a reviewer typed it, as a sentence of an article, or pasted from a post
("RT @someone: Obama banned … #Fake https://t.co/x — Name (@handle) May 3, 2019"). What
says what the claim is about are its words; the address, "RT" and the emoji say nothing,
and a hashtag or a mention is words run together (#DefundTheCBC is "defund the cbc").
:func:`terms` turns any text into the stems the index counts; :func:`query_terms` weighs
those of a text to look up.

Pure Python and Qt-free; nothing here is loaded before the matcher is first used.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

MAX_TEXT = 20_000
"""Characters of a text that are read: a claim is a sentence; a pasted book is cut there."""

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.IGNORECASE)
# A post copied with its signature: "… — Name (@handle) January 6, 2020".
_SIGNATURE = re.compile(r"\s[—–]\s*([^—–]{0,80}\(@\w+\)\s*\w+\s+\d{1,2},\s+\d{4})\s*$")
SIGNATURE_WEIGHT = 0.6
_MENTION = re.compile(r"(?<!\w)@\w+")
_RETWEET = re.compile(r"(?<!\w)RT\b:?")
_HASHTAG = re.compile(r"#(\w+)")
# Words run together in a hashtag: "DefundTheCBC" -> "Defund The CBC", "WW3" -> "WW 3".
_CAMEL = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\d|\b)|[A-Z]?[a-z]+|[A-Z]+|\d+")
_WORD = re.compile(r"\d[\d,.]*\d|[^\W_]+(?:['’.][^\W_]+)*")
_NUMBER = re.compile(r"\d[\d,.]*")

_STOPWORDS = """a about above after again against all am an and any are aren't as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just let me more most my myself no nor not of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves s t don ll re ve d m also via amp rt via get got one would says said
    say"""
STOPWORDS = frozenset(_STOPWORDS.split())
"""Words that say nothing about which claim it is. "not" is here: a claim and its denial are
the same claim for "has anyone checked this?"."""


def clean(text: str) -> str:
    """The words of ``text`` without the post's packaging: addresses and "RT".

    Hashtags and mentions become their words ("#DefundTheCBC" -> "Defund The CBC",
    "@realDonaldTrump" -> "real Donald Trump"): who is named is often what the claim is
    about. A post's signature ("— Name (@handle) January 6, 2020") is kept: on the
    claim-retrieval data dropping it, or its date, lost more than it gained.
    """
    text = _URL.sub(" ", text[:MAX_TEXT])
    if "RT" in text:
        text = _RETWEET.sub(" ", text)
    if "@" in text:
        text = _MENTION.sub(lambda m: _split_words(m.group(0)[1:]), text)
    if "#" in text:
        text = _HASHTAG.sub(lambda m: _split_words(m.group(1)), text)
    return text


def _split_words(run_together: str) -> str:
    if not run_together.isascii():
        return f" {run_together} "  # Camel case of other alphabets is left alone.
    return " " + " ".join(_CAMEL.findall(run_together) or [run_together]) + " "


def fold(text: str) -> str:
    """Case and accents folded ("Pérez" -> "perez"); letters of scripts without accents kept."""
    text = text.casefold()
    if text.isascii():  # most claims: nothing to decompose
        return text
    text = unicodedata.normalize("NFKD", text)
    # Curly quotes and dashes are not accents: only the marks that are are taken out.
    marks = [c for c in set(text) if not c.isascii() and unicodedata.combining(c)]
    return text.translate(dict.fromkeys(map(ord, marks))) if marks else text


def words(text: str) -> list[str]:
    """The folded words of ``text``, numbers without their thousands separators ("1,000" -> "1000")."""
    out = []
    for word in _WORD.findall(fold(text)):
        if not ("," in word or "." in word or "'" in word or "’" in word):
            out.append(word)  # most words: nothing to take off
            continue
        if _NUMBER.fullmatch(word):
            word = word.replace(",", "")
        else:
            word = word.replace("’", "'").split("'")[0].replace(".", "")  # "obama's" -> "obama", "u.s" -> "us"
        if word:
            out.append(word)
    return out


def terms(text: str) -> list[str]:
    """The stems that the index counts for ``text``: cleaned, folded, stop words out, stemmed."""
    return stems(words(clean(text)))


def stems(folded_words: list[str]) -> list[str]:
    """The stems of :func:`words`' words that the index counts: stop words out, stemmed."""
    return [stem(w) for w in folded_words if w not in STOPWORDS and len(w) < 40]


def query_terms(text: str) -> dict[str, float]:
    """The stems of a text to look up, each with its weight: a post's signature counts less.

    "… — Ilhan Omar (@IlhanMN) January 6, 2020": who posted and when sometimes names what
    the claim is about, and more often not; its words count 0.6 (chosen on the dev split).
    """
    text = text[:MAX_TEXT]
    weights: dict[str, float] = {}
    signature = _SIGNATURE.search(text)
    if signature:
        for term in terms(signature.group(1)):
            weights[term] = SIGNATURE_WEIGHT
        text = text[: signature.start()]
    for term in terms(text):
        weights[term] = 1.0
    return weights


def lookup_words(text: str) -> dict[str, str]:
    """The words of a text to look up in a full-text index, each with its stem: {"taxes": "tax", …}.

    The same words :func:`query_terms` weighs (a post's packaging cleaned, stop words out), as
    folded words rather than stems, for an index that stems them its own way (SQLite's FTS5,
    PostgreSQL's text search) to find the documents that hold them.
    """
    return {w: stem(w) for w in words(clean(text[:MAX_TEXT])) if w not in STOPWORDS and len(w) < 40}


_english = snowballstemmer.stemmer("english")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem: "taxes" -> "tax", "vaccinated" -> "vaccin".

    Better on the claim-retrieval dev and train splits than a lighter stemmer of our own
    (MAP@5 +0.009 dev, +0.004 train); words of other languages mostly pass unchanged.
    """
    return _english.stemWord(word) if word.isalpha() else word
