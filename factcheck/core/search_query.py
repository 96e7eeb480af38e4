"""The library search's query language: what a reviewer types, read into a :class:`SearchQuery`, never refused.

    tax "health service" -rumour -"fake news" claimant:"Lindsey Graham" verdict:false
    status:approved reviewer:alice outlet:times article:"town hall" before:2024-03-01 after:"1 January 2023"

* words: every one must be found (in any of an item's fields: an article's headline or
  text, a claim's quote, claimant or rationale, a comment, a source's title, excerpt or
  address); "exact phrases": their words next to each other, in one field;
* ``-word`` and ``-"a phrase"``: items holding it are left out;
* fields (case ignored): ``claimant:``, ``verdict:``, ``status:``, ``reviewer:``, ``outlet:``
  name a value by some of its words ("graham" finds "Lindsey Graham"; quote a value with
  spaces); ``article:`` names the articles whose headline holds its words, next to each other
  (stemmed, as words are: ``article:"town hall"``); ``before:DATE`` (earlier than that day)
  and ``after:DATE`` (that day or later), dates as :func:`factcheck.core.dates.parse_date`
  reads them.

Case and accents are ignored and words are stemmed ("tax" finds "taxes"), the same way on
both engines: the text is cut into words where SQLite FTS5's ``unicode61`` tokenizer cuts
it (letters and digits; anything else separates), folded as ``remove_diacritics 2`` folds
it, and stemmed with the Porter stemmer (FTS5's ``porter``, PostgreSQL's snowball
``porter``; here the ``snowballstemmer`` package, to mark the words in a snippet).

:func:`parse_query` never raises: what it cannot use (an unbalanced quote, a lone ``-``, an
empty or unknown field, a date it cannot read) is left out and named in
``SearchQuery.problems``, a sentence each, for the window to show. The query reaches the
engines as parameters only (see :mod:`factcheck.store.search_records`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from factcheck.core.dates import InvalidDate, parse_date

FIELDS = ("claimant", "verdict", "status", "reviewer", "outlet", "article", "before", "after")
"""The fields a query may name, as ``field:value``."""

MOST = 200
"""Words and phrases (looked for or left out) a query keeps, and values a field keeps: a page pasted into the
box is looked for by its first 200, and the rest named in the problems."""
MOST_LEFT_OUT = 20
"""Of those, words and phrases left out (``-word``) a query keeps: each is one more test of every item found. On a
shared library of 100,000 claims, 50 to 200 common words left out took 1.5-2.8 s to count (20: under 0.2 s);
200 words looked for, under 0.2 s."""
LONGEST_PHRASE = 32
"""Words of a phrase looked for together: a longer one is cut there."""

STATUS_WORDS = {"draft": "draft", "review": "in_review", "in_review": "in_review", "inreview": "in_review",
                "approved": "approved", "approve": "approved"}

_TOKEN = re.compile(r"[^\W_]+|[\ue000-\uf8ff]+")  # letters and digits (and private use), as FTS5's unicode61
_PIECE = re.compile(r'(-?)(?:([A-Za-z]+):)?("[^"]*"?|[^\s"]+)?')


def _fold_table() -> dict[int, str]:
    """Accented Latin letters to their plain lower-case letter (one character to one: offsets stay)."""
    table = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii() and base.isalpha() and base.lower() != char:
            table[code] = base.lower()
    return table


FOLD = _fold_table()
"""The letters both engines fold, and to what (PostgreSQL's ``factcheck_fold`` is built from it)."""


def fold(text: str) -> str:
    """``text`` as the index reads it: accents off Latin letters, lower case; one character for one."""
    if text.isascii():  # no letter FOLD changes (they are all past U+00BF): lower() alone, far quicker
        return text.lower()
    folded = text.translate(FOLD)
    low = folded.lower()
    if len(low) == len(folded) and "\u03a3" not in folded:  # each character lowered alone (Σ: by its place)
        return low
    return "".join(c if len(low := c.lower()) != 1 else low for c in folded)


def words(text: str) -> list[str]:
    """The index's words of ``text``, folded (not stemmed)."""
    return _TOKEN.findall(fold(text))


@functools.lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """The Porter stem of a folded word (words under three letters are kept whole, as FTS5 keeps them)."""
    if len(word) < 3 or not word.isascii():
        return word
    return _stemmer().stemWord(word)


@functools.lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer  # loaded at the first search, never at start-up

    return snowballstemmer.stemmer("porter")


@dataclass(frozen=True)
class Term:
    """A word or an exact phrase: its folded words, in order."""

    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @functools.cached_property
    def stems(self) -> tuple[str, ...]:
        return tuple(stem(w) for w in self.words)


@dataclass(frozen=True)
class SearchQuery:
    """A query as understood: what must be found, what must not, the fields' values, and what was left out."""

    text: str = ""
    terms: tuple[Term, ...] = ()
    excluded: tuple[Term, ...] = ()
    claimant: tuple[str, ...] = ()
    verdict: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    """Statuses as stored: ``draft``, ``in_review``, ``approved``."""
    reviewer: tuple[str, ...] = ()
    outlet: tuple[str, ...] = ()
    article: tuple[Term, ...] = ()
    """Words the headline must hold, each value's together."""
    before: str | None = None
    """ISO date: items dated earlier than this day."""
    after: str | None = None
    """ISO date: items dated this day or later."""
    problems: tuple[str, ...] = ()

    @property
    def claim_filters(self) -> bool:
        """Whether the query names something only claims have (claimant, verdict, status, reviewer)."""
        return bool(self.claimant or self.verdict or self.status or self.reviewer)

    @property
    def empty(self) -> bool:
        """Nothing to look for: no words and no field (excluded words alone select nothing)."""
        return not (self.terms or self.claim_filters or self.outlet or self.article or self.before or self.after)


def parse_query(text: str, *, date_order: str | None = None) -> SearchQuery:
    """What ``text`` asks for. Never raises: what cannot be used is named in ``problems``."""
    text = text if isinstance(text, str) else str(text)
    text = text.replace("\x00", " ").replace("\u201c", '"').replace("\u201d", '"')
    terms: list[Term] = []
    excluded: list[Term] = []
    values: dict[str, list] = {name: [] for name in ("claimant", "verdict", "status", "reviewer", "outlet",
                                                     "article")}
    dates: dict[str, str | None] = {"before": None, "after": None}
    problems: list[str] = []
    too_many: set[str] = set()  # what had more than MOST
    for match in _PIECE.finditer(text):
        if not match.group(0):
            continue
        minus, name, value = match.group(1), match.group(2), match.group(3) or ""
        quoted = value.startswith('"')
        if quoted:
            if len(value) == 1 or not value.endswith('"'):
                problems.append(f"A quote mark is not closed: {value} was read as if it were.")
                value = value[1:]
            else:
                value = value[1:-1]
        if name is not None and name.lower() in FIELDS:
            key = name.lower()
            if minus:
                problems.append(f"-{key}: cannot leave a field out; {key}:{match.group(3)} was used as written.")
            if not value.strip():
                problems.append(f"{key}: names nothing: write e.g. {_EXAMPLES[key]}.")
            elif key in dates:
                try:
                    day = parse_date(value, date_order)
                except InvalidDate as error:
                    problems.append(f"{key}: {error}")
                else:
                    dates[key] = day
            elif key == "status":
                status = STATUS_WORDS.get(fold(value).strip().replace(" ", "_").replace("-", "_"))
                if status is None:
                    problems.append(f"status:{value} is not a status: write draft, review or approved.")
                elif status not in values["status"]:
                    values["status"].append(status)
            elif not words(value):
                problems.append(f"{key}:{value} has no letters or digits to look for.")
            elif len(values[key]) >= MOST:
                too_many.add(f"{key}:")
            elif key == "article":
                values[key].append(Term(tuple(words(value))[:LONGEST_PHRASE]))
            else:
                values[key].append(value.strip())
            continue
        if name is not None:  # not a field: "covid:19", "http://x" are words like the rest
            value = match.group(0)[len(minus):] if not quoted else f"{name} {value}"
        found = tuple(words(value))
        if not found:
            if minus and not value:
                problems.append("A lone - excludes nothing: write -word or -\"a phrase\".")
            elif value.strip():
                problems.append(f"{value.strip()} has no letters or digits to look for: it was left out.")
            continue
        if len(found) > LONGEST_PHRASE:
            problems.append(f"A phrase of {len(found)} words is looked for by its first {LONGEST_PHRASE}.")
            found = found[:LONGEST_PHRASE]
        if len(terms) + len(excluded) >= MOST:
            too_many.add("words")
        elif minus and len(set(excluded)) >= MOST_LEFT_OUT:
            if Term(found) not in excluded:  # (the same word again is no more)
                too_many.add("left out")
        else:
            (excluded if minus else terms).append(Term(found))
    for what in sorted(too_many):
        if what == "left out":
            problems.append(f"Only the first {MOST_LEFT_OUT} words and phrases to leave out are used: the rest "
                            "were not.")
        else:
            problems.append(f"Only the first {MOST} {'words and phrases' if what == 'words' else what + ' values'} "
                            "are looked for: the rest were left out.")
    query = SearchQuery(
        text=text, terms=_unique(terms), excluded=_unique(excluded),
        claimant=tuple(values["claimant"]), verdict=tuple(values["verdict"]), status=tuple(values["status"]),
        reviewer=tuple(values["reviewer"]), outlet=tuple(values["outlet"]),
        article=_unique(values["article"]), before=dates["before"],
        after=dates["after"], problems=tuple(problems))
    if query.excluded and query.empty:
        query = _with_problem(query, "Words to leave out need something to look for: add a word or a field.")
    return query


_EXAMPLES = {"claimant": 'claimant:"Lindsey Graham"', "verdict": "verdict:false", "status": "status:approved",
             "reviewer": "reviewer:alice", "outlet": "outlet:times", "article": 'article:"town hall"',
             "before": "before:2024-03-01",
             "after": 'after:"1 January 2024"'}


def _unique(terms: list[Term]) -> tuple[Term, ...]:
    return tuple(dict.fromkeys(terms))


def _with_problem(query: SearchQuery, problem: str) -> SearchQuery:
    from dataclasses import replace

    return replace(query, problems=(*query.problems, problem))


def value_matches(wanted: str, stored: str) -> bool:
    """Whether a field's value (``claimant:graham``) names ``stored`` ("Lindsey Graham"): its words, in order."""
    want = tuple(stem(w) for w in words(wanted))
    have = tuple(stem(w) for w in words(stored))
    if not want:
        return False
    return any(have[i:i + len(want)] == want for i in range(len(have) - len(want) + 1))


# ------------------------------------------------------------------ where it matched

@dataclass(frozen=True)
class Snippet:
    """A piece of a field's text, with the matched words as ``(start, end)`` ranges into :attr:`text`.

    Plain text and code-point offsets: a view marks the ranges itself (no markup to escape).
    """

    text: str
    marks: tuple[tuple[int, int], ...] = field(default=())


def find_marks(text: str, terms: tuple[Term, ...]) -> list[tuple[int, int]]:
    """The ranges of ``text`` where each of ``terms`` is found (a phrase: one range over its words)."""
    if not terms or not text:
        return []
    folded = fold(text)  # one character for one: offsets stay
    stems = list(map(stem, _TOKEN.findall(folded)))
    found = []  # (first word, last word) of each match
    for term in terms:
        want = term.stems
        n = len(want)
        i = -1
        while True:
            try:
                i = stems.index(want[0], i + 1)
            except ValueError:
                break
            if n == 1 or tuple(stems[i:i + n]) == want:
                found.append((i, i + n - 1))
    if not found:
        return []
    spans = [m.span() for m in _TOKEN.finditer(folded)]  # where the words are: only for a text that matched
    return sorted({(spans[first][0], spans[last][1]) for first, last in found})


def snippet(text: str, terms: tuple[Term, ...], *, width: int = 160) -> Snippet:
    """About ``width`` characters of ``text`` around the first match, matches marked; the start if none."""
    if len(text) > 4 * width:
        return _long_snippet(text, terms, width)
    marks = find_marks(text, terms)
    if len(text) <= width:
        return Snippet(text, tuple(marks))
    first = marks[0][0] if marks else 0
    start = max(0, first - width // 3)
    start = _word_start(text, start)
    end = min(len(text), start + width)
    return _cut(text, start, end, marks)


def _long_snippet(text: str, terms: tuple[Term, ...], width: int) -> Snippet:
    """A long text (an article's): look for the first word's first match only, a piece at a time."""
    if not terms:
        return _cut(text, 0, _word_end(text, width), [])
    heads = {t.stems[0] for t in terms}
    prefixes = sorted({h[:max(1, len(h) - 2)] for h in heads}, key=len)
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(map(_any_accent, prefixes)) + r")[^\W_]*", re.IGNORECASE)
    for m in pattern.finditer(text):  # the text as written: the pattern takes each letter's accented forms
        if stem(m.group(0).translate(FOLD).lower()) in heads:
            start = _word_start(text, max(0, m.start() - width // 3))
            end = min(len(text), start + width)
            piece_end = _word_end(text, min(len(text), end + width))  # a phrase may run past the cut
            marks = [(s + start, e + start) for s, e in find_marks(text[start:piece_end], terms)]
            return _cut(text, start, end, marks)
    return _cut(text, 0, _word_end(text, width), [])


def _any_accent(prefix: str) -> str:
    """A pattern for ``prefix`` (folded) that also matches it written with the accents :data:`FOLD` takes off."""
    return "".join(f"[{letter}{_accented()[letter]}]" if letter in _accented() else re.escape(letter)
                   for letter in prefix)


@functools.lru_cache(maxsize=1)
def _accented() -> dict[str, str]:
    """Each plain letter: the letters FOLD turns into it."""
    letters: dict[str, str] = {}
    for code, plain in FOLD.items():
        letters[plain] = letters.get(plain, "") + chr(code)
    return letters


def _word_start(text: str, at: int) -> int:
    """``at``, moved back to the start of the word it falls in (at most 20 characters back)."""
    limit = max(0, at - 20)
    while at > limit and not text[at - 1].isspace():
        at -= 1
    return at if at > limit or at == 0 else limit


def _word_end(text: str, at: int) -> int:
    return min(len(text), at)


def _cut(text: str, start: int, end: int, marks) -> Snippet:
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    piece = text[start:end].replace("\n", " ")
    shift = len(lead) - start
    kept = tuple((s + shift, min(e, end) + shift) for s, e in marks if s >= start and s < end)
    return Snippet(lead + piece + tail, kept)


# ------------------------------------------------------------------ results

WHERE = ("headline", "text", "claim", "claimant", "rationale", "comment", "source")
"""Where a hit can be, in the order an article's hits are listed."""


@dataclass(frozen=True)
class SearchHit:
    """One place an article matched: the field, the claim it belongs to (if any), a snippet."""

    where: str
    """One of :data:`WHERE`."""
    snippet: Snippet
    claim_id: int | None = None
    claim_number: int | None = None


@dataclass(frozen=True)
class ArticleMatches:
    """An article that matched, and where."""

    article_id: int
    title: str
    outlet: str = ""
    published: str | None = None
    archived: bool = False
    hits: tuple[SearchHit, ...] = ()


@dataclass(frozen=True)
class PublishedMatch:
    """A published fact-check that matched (``check`` whole), with its claim's snippet."""

    check: object  # factcheck.core.published.PublishedCheck
    snippet: Snippet


@dataclass(frozen=True)
class SearchResults:
    """A library search's results: the newest matching articles first, then published fact-checks, newest first."""

    query: SearchQuery
    articles: tuple[ArticleMatches, ...] = ()
    published: tuple[PublishedMatch, ...] = ()
    more_articles: bool = False
    """More articles matched than the limit let in."""
    more_published: bool = False

    @property
    def problems(self) -> tuple[str, ...]:
        return self.query.problems


@dataclass(frozen=True)
class ClaimRow:
    """One line of the claims view across the library."""

    claim_id: int
    article_id: int
    article_title: str
    number: int | None
    quote: str
    claimant: str
    verdict: str | None
    status: str
    reviewer: str
    claim_date: str | None
    created_at: str
    updated_at: str
    outlet: str
    published: str | None
    rating_scale: str | None = None
    """The article's rating scale (its key), which colours the verdict."""
    placement: str = ""
    """How its position was last set (``Claim.placement``): "orphan" if its words are not in the article's text now."""
    verdict_hidden: bool = False
    """The reader owes a blind second opinion on the claim: its verdict is not theirs to see yet (``verdict`` is
    None, whatever is stored)."""


CLAIM_SORTS = ("article", "number", "quote", "claimant", "verdict", "status", "reviewer", "claim_date",
               "created_at", "updated_at", "outlet", "published")
"""The columns :meth:`Store.search_claims` sorts by."""
