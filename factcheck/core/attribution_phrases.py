"""The words of an attribution: speech verbs, the speaker's noun phrase, and its name.

The grammar :mod:`factcheck.core.attribution` needs and no more: a tokenizer that keeps
positions, the noun phrase a speech verb has before it ("Republican Senator Lindsey Graham
of South Carolina said") or after it ("said the minister", "according to the ministry"),
and the name that phrase gives ("Lindsey Graham"; "the Health Ministry"; "US intelligence
agencies"). Every name is a slice of the text it was read from.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from typing import NamedTuple

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:['’\-&]\w+)*|[^\w\s]")


class Token(NamedTuple):
    start: int
    end: int
    text: str
    low: str
    apart: bool  # a line break or more than a space since the token before


def tokens(text: str, start: int, end: int) -> list[Token]:
    """The words and punctuation marks of ``text[start:end]``, with positions in ``text``."""
    found = []
    append = found.append
    new = tuple.__new__
    last = start
    for m in _TOKEN.finditer(text, start, end):
        a, b = m.span()
        word = m.group()
        append(new(Token, (a, b, word, word.lower(), a - last > 1 or (a > last and text[last] == "\n"))))
        last = b
    return found


SPEECH_VERBS = frozenset("""
said says say told tells added adds wrote writes tweeted tweets posted asked asks insisted insists
claimed claims stated declared declares announced announces noted explained explains argued argues
warned warns joked jokes replied replies responded responds continued concluded admitted admits
acknowledged acknowledges suggested described describes called recalled recalls remarked observed
commented maintained maintains contended countered conceded boasted promised predicted reported
confirmed confirms denied denies alleged alleges urged urges testified shouted cried whispered
quipped mused estimated emphasised emphasized stressed retorted exclaimed complained wondered
blogged texted emailed pledged vowed insists argued disclosed revealed read reads comments
pointed explained
""".split())
"""Verbs that introduce what someone said, in the forms a news report uses them."""

PARTICIPLES = frozenset("""
saying adding writing telling arguing warning noting insisting claiming declaring explaining
calling describing asking tweeting stressing
""".split())
"""Speech verbs whose subject is the sentence's ("Trump hit back, saying …")."""

_BETWEEN_SUBJECT_AND_VERB = frozenset("""
has had have would will did does do also then later again once still previously earlier recently
today yesterday reportedly allegedly not never just even repeatedly publicly privately always often
sometimes usually first
""".split())

PRONOUNS = {"he": "m", "she": "f", "i": "self", "we": "self"}

_DETERMINERS = frozenset("the a an his her their its our my your this these those".split())
_QUANTIFIERS = frozenset("""
another multiple several many some other two three four five various numerous both one
""".split())
_NUMBERS = frozenset("one two three four five both".split())
_CONNECTORS = frozenset("of for at from with in".split())

ROLES = frozenset("""
minister ministry spokesman spokeswoman spokesperson spokespeople official officials president
senator senators secretary department government agency agencies police office chief staff leader
leaders analyst analysts expert experts researcher researchers critic critics source sources aide
aides adviser advisers advisor advisors lawyer lawyers attorney attorneys judge governor mayor
campaign company firm group committee council board report reports study survey statement
journalists reporters observers economists scientists doctors investigators prosecutors residents
witnesses protesters activists organisers organizers authorities party union military army navy
court bureau commission bank fund institute university centre center foundation association
federation regulator regulators watchdog ministers officers officer diplomat diplomats opponents
supporters democrats republicans lawmakers legislators members member head director executive
manager chairman chairwoman chair ambassador embassy administration cabinet parliament congress
people father mother brother sister wife husband son daughter friend friends
colleague colleagues neighbour neighbor teacher boss family rep reps representative letter insider
insiders commenter actor actress singer star player players coach fan fans user users post tweet
filing memo website paper lawsuit complaint petition
""".split())
"""Lowercase nouns that head a speaker's description ("the minister", "officials")."""

_MODIFIERS = frozenset("""
senior top former foreign health defence defense finance interior justice state federal local
national regional intelligence security economic military press deputy junior chief health-care
interior environment education energy trade treasury government party opposition ruling western
european american russian british chinese independent unnamed anonymous other industry
market company legal medical
""".split())

TITLES = frozenset("""
mr mrs ms miss dr prof professor sen senator rep representative gov governor president vice
prime minister secretary chancellor judge justice general gen col colonel lt lieutenant capt
captain sgt sergeant chairman chairwoman chair chief director mayor ambassador spokesman
spokeswoman leader king queen prince princess pope lord lady sir dame commissioner officer ceo
executive attorney speaker sheriff doctor former republican republicans democrat democratic
democrats labour conservative liberal deputy acting senior first cardinal bishop rev reverend
premier president-elect administrator commander coach manager editor founder co-founder
head economist dean inspector detective prosecutor counsel strategist fellow researcher scientist
secretary-general attorney-general insider analyst reporter correspondent columnist
congressman congresswoman councillor councilman councilwoman
""".split())
"""Words of a title or description before a person's name, stripped from it."""

PERSON_ROLES = {
    **dict.fromkeys("""
    minister spokesperson official president senator secretary chancellor premier chief leader analyst
    expert researcher critic source aide adviser advisor lawyer attorney judge governor mayor officer
    diplomat member head director executive manager chair ambassador friend colleague neighbour neighbor
    teacher boss representative insider commenter singer star player coach fan user economist scientist
    doctor investigator prosecutor resident witness protester activist organiser organizer driver
    lawmaker legislator councillor sheriff editor author professor
    """.split(), ""),
    **dict.fromkeys("spokesman chairman father brother husband son actor man".split(), "m"),
    **dict.fromkeys("spokeswoman chairwoman mother sister wife daughter actress woman".split(), "f"),
}
"""Nouns that describe one person ("the minister"), with the gender "he" or "she" needs, "" for either."""

_FEMALE_TITLES = frozenset("mrs ms miss lady dame queen princess congresswoman chairwoman spokeswoman".split())
_MALE_TITLES = frozenset("mr sir lord king prince congressman chairman spokesman".split())

ORG_WORDS = frozenset("""
ministry department office agency bank council committee commission house party union university
institute association corporation inc ltd company group police army navy court government service
bureau foundation center centre organization organisation authority board network news times post
reuters press church federation fund forum parliament congress senate kremlin pentagon assembly
administration embassy club league school hospital campaign cabinet
""".split())
"""Capitalised words that make a name an organisation's ("the Health Ministry")."""

_NOT_NAMES = frozenset("""
the a an when after before but and if in on at for as while this that these those it he she they we
i his her their our its yesterday today later meanwhile however then also still earlier once so
there here what why how where although though because since until with by from of to into about
over under during despite without according last next this every each no not yes one two three
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december advertisement others most all few everyone
nobody someone anyone amid among
""".split())
"""Capitalised words at a sentence's start that are not part of a name."""

_PLACE_WORDS = frozenset("""
north south east west new united states kingdom republic city county street avenue road river
island islands gulf sea ocean mount lake
""".split())

ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sen rep gov gen col lt capt sgt st jr sr mt no vs etc inc ltd co corp rev
jan feb mar apr jun jul aug sep sept oct nov dec
""".split())


def is_capital(token: Token) -> bool:
    return token.text[:1].isupper() and token.low not in _NOT_NAMES


NAME_PARTICLES = frozenset("de von van der den da di du la le bin al ibn".split())
"""Lowercase words inside a name ("Ursula von der Leyen", "Mr. de Blasio"), never at its start."""


def name_particle(toks: list[Token], k: int) -> bool:
    """Whether ``toks[k]`` is a particle inside a run of capitalised words.

    After a capitalised word ("Charles de Gaulle") or a title's abbreviation ("Mr. de Blasio";
    "Mr de Blasio" has "Mr" before it), through other particles, and before a capitalised word.
    """
    t = toks[k]
    if t.low not in NAME_PARTICLES or not t.text.islower():
        return False
    j = k
    while j > 0 and not toks[j].apart and toks[j - 1].low in NAME_PARTICLES and toks[j - 1].text.islower():
        j -= 1
    if j == 0 or toks[j].apart:
        return False
    before = toks[j - 1]
    if not ((is_capital(before) and before.text[:1].isalpha())
            or (abbreviation_dot(toks, j - 1) and toks[j - 2].low in TITLES)):
        return False
    m = k + 1
    while m < len(toks) and not toks[m].apart and toks[m].low in NAME_PARTICLES and toks[m].text.islower():
        m += 1
    return m < len(toks) and not toks[m].apart and is_capital(toks[m]) and toks[m].text[:1].isalpha()


def abbreviation_dot(toks: list[Token], k: int) -> bool:
    """Whether ``toks[k]`` is the full stop of an abbreviation ("Mr." "Sen.")."""
    return (toks[k].text == "." and k > 0 and toks[k - 1].end == toks[k].start
            and toks[k - 1].low in ABBREVIATIONS)


def _head_word(token: Token) -> bool:
    return is_capital(token) or token.low in ROLES or token.low.endswith("-year-old")


def _inner_word(token: Token) -> bool:
    return _head_word(token) or token.low in _MODIFIERS


def phrase_before(toks: list[Token], j: int) -> tuple[int, int] | None:
    """The noun phrase ending with ``toks[j]``: ``(first, last)`` token indexes, or None."""
    if j < 0 or j >= len(toks) or _possessive(toks[j]):
        return None
    if not _head_word(toks[j]) and not _loose_head(toks, j):
        return None
    k = j
    while k > 0 and not toks[k].apart:
        prev = toks[k - 1]
        if abbreviation_dot(toks, k - 1) and k - 1 > 0:
            k -= 2
            continue
        if prev.low in _CONNECTORS and k - 2 >= 0 and _inner_word(toks[k - 2]):
            k -= 1
            continue
        if prev.low in _DETERMINERS or prev.low in _QUANTIFIERS:
            if not (k - 2 >= 0 and toks[k - 2].low in _CONNECTORS):
                return k - 1, j
            k -= 1
            continue
        if (_inner_word(prev) and not _possessive(prev) and toks[k - 1].text[:1].isalnum()) \
                or name_particle(toks, k - 1):
            k -= 1
            continue
        if _possessive(prev) and toks[k].text.islower():
            if prev.text[:1].isupper():
                return k - 1, j  # "Rudolph's supporters"
            k -= 1  # "the prosecutor’s office"
            continue
        break
    while toks[k].low in _CONNECTORS:
        k += 1
    return k, j


def phrase_after(toks: list[Token], i: int) -> tuple[int, int] | None:
    """The noun phrase starting at ``toks[i]``: ``(first, last)`` token indexes, or None."""
    k = i
    last = None
    while k < len(toks):
        t = toks[k]
        if k > i and t.apart:
            break
        if t.low in _DETERMINERS or t.low in _QUANTIFIERS:
            if last is not None and toks[k - 1].low not in _CONNECTORS:
                break
        elif abbreviation_dot(toks, k):
            pass
        elif t.low in _CONNECTORS:
            if last is None:
                break
        elif _head_word(t) and t.text[:1].isalnum():
            last = k
        elif t.low in _MODIFIERS or (last is not None and name_particle(toks, k)):
            pass
        elif _possessive(t) and t.text.islower() and k > i and toks[k - 1].low in _DETERMINERS:
            pass  # "the prosecutor’s office"
        elif last is None and t.text.isalpha() and t.text.islower() and k > i \
                and (toks[k - 1].low in _DETERMINERS or toks[k - 1].low in _QUANTIFIERS):
            last = k  # "said the actress": a noun the lists do not know, after "the"
        else:
            break
        k += 1
    if last is None:
        return None
    return i, last


def _loose_head(toks: list[Token], j: int) -> bool:
    """Whether ``toks[j]``, a word the lists do not know, heads a phrase: "an insider", "one Weibo commenter"."""
    word = toks[j]
    if not (word.text.isalpha() and word.text.islower()) or word.low in SPEECH_VERBS:
        return False
    k = j - 1
    if k >= 0 and (is_capital(toks[k]) or toks[k].low in _MODIFIERS):
        k -= 1
    return k >= 0 and k < j and (toks[k].low in _DETERMINERS or toks[k].low in _QUANTIFIERS)


def subject_before(toks: list[Token], verb: int) -> tuple[int, int] | str | None:
    """The subject of the speech verb ``toks[verb]``: token indexes of its phrase, a pronoun, or None.

    Skips auxiliaries and adverbs ("he had tweeted", "Mr Trump also announced"); of a
    phrase with another beside it between commas ("Another Senate Republican, Marco Rubio
    of Florida, said"; "Reince Priebus, his chief of staff, insisted"), the one that names
    a person.
    """
    j = verb - 1
    while j >= 0 and (toks[j].low in _BETWEEN_SUBJECT_AND_VERB
                      or (toks[j].low.endswith("ly") and toks[j].text.islower())):
        j -= 1
    if j < 0:
        return None
    if toks[j].low in PRONOUNS:
        return toks[j].low
    if toks[j].text != ",":
        return phrase_before(toks, j)
    inner = phrase_before(toks, j - 1)
    comma = j - 1
    while comma >= 0 and toks[comma].text != ",":
        if toks[comma].text in ".;:!?\"“”":
            return None
        comma -= 1
    if comma < 0:
        return inner if inner and inner[0] == 0 else None
    outer = phrase_before(toks, comma - 1)
    if toks[comma + 1].low in ("who", "which", "whose", "whom", "where"):
        return outer  # "Mr Trump, who was in Hamburg, said"
    if inner is None or inner[0] != comma + 1:
        return None  # "During the call, he asked about the Brotherhood, called …": no phrase between the commas
    if outer is None:
        return inner
    if not _names_person(toks, outer) and _names_person(toks, inner):
        return inner
    return outer


def _possessive(token: Token) -> bool:
    return token.low.endswith(("'s", "’s"))


def _names_person(toks: list[Token], span: tuple[int, int]) -> bool:
    return name_of(toks, span).kind == "person"


@dataclass(frozen=True, slots=True)
class Name:
    """A speaker read from a noun phrase: a slice of the text and what kind of speaker it is."""

    start: int
    end: int
    kind: str  # "person", "org", "description" or "title" (a bare title, "Mr", never an answer)
    gender: str = ""  # "m", "f" or "" from a title (Mr, Mrs, Ms …)
    surname: str = ""  # the last word of a person's name, lowercased


def name_of(toks: list[Token], span: tuple[int, int]) -> Name:
    """The speaker a phrase names: a person's name without title or place, an organisation, a description."""
    first, last = span
    while first < last and toks[first].low in _QUANTIFIERS and toks[first].low not in _NUMBERS:
        first += 1
    cut = last
    for k in range(first + 1, last):
        if toks[k].low in _CONNECTORS:
            left = _person(toks, first, k - 1)
            if left is not None:
                return left
            cut = k - 1
            break
    if cut != last:
        run = _capital_run_start(toks, first, last)
        tail = _person(toks, first, last)
        if (tail is not None and run > first and toks[run - 1].text[:1].islower()
                and toks[run - 1].low not in _CONNECTORS and toks[run - 1].low not in _DETERMINERS):
            return tail
    if not _head_word(toks[cut]) or toks[cut].text[:1].islower():
        return Name(toks[first].start, toks[last].end, "description")
    person = _person(toks, first, cut)
    run_start = _capital_run_start(toks, first, cut)
    if person is not None and not (run_start > first and toks[run_start - 1].low == "the"
                                   and person.start == toks[run_start].start):
        return person
    if person is None and all(toks[k].low in TITLES or toks[k].text == "." for k in range(first, last + 1)):
        return Name(toks[first].start, toks[last].end, "title")  # "Mr", "Senator": nobody in particular
    if person is not None:  # "the Treasury", "the Guardian": "the" and a name are an organisation
        return Name(toks[run_start - 1].start, toks[last].end, "org")
    start = first
    if any(toks[k].low in ORG_WORDS for k in range(run_start, cut + 1)):
        while start < run_start and toks[start].low != "the":
            start += 1
        return Name(toks[start].start, toks[last].end, "org")
    return Name(toks[first].start, toks[last].end, "description")


def _capital_run_start(toks: list[Token], first: int, last: int) -> int:
    k = last
    while k > first and not toks[k].apart and (is_capital(toks[k - 1]) or abbreviation_dot(toks, k - 1)
                                                or name_particle(toks, k - 1)):
        k -= 1
    return k


def _person(toks: list[Token], first: int, last: int) -> Name | None:
    """The person named by ``toks[first:last + 1]`` (its last run of capitalised words), or None."""
    if not is_capital(toks[last]) or not toks[last].text[:1].isalpha():
        return None
    run = _capital_run_start(toks, first, last)
    gender = ""
    start = run
    for k in range(run, last + 1):
        low = toks[k].low
        if low in TITLES or toks[k].text == ".":
            start = k + 1
            gender = "f" if low in _FEMALE_TITLES else "m" if low in _MALE_TITLES else gender
        elif k < last and len(toks[k].text) > 1 and toks[k].text.isupper():
            start = k + 1  # "CBS Sports NFL Insider Jason La Canfora", "Browns DL Sheldon Richardson"
        elif k < last and re.fullmatch(r"\w+-[a-z][\w-]*", toks[k].text):
            start = k + 1  # "Singer-guitarist Tom Johnston" (but "Jean-Paul Sartre")
    if start > last:
        return None
    words = toks[start:last + 1]
    if any(t.low in ORG_WORDS for t in words) \
            or any(not (t.text[:1].isupper() or t.low in NAME_PARTICLES) for t in words):
        return None
    if words[0].low in NAME_PARTICLES and start == run:
        return None  # a particle starts a name only after a title ("Mr. de Blasio")
    if len(words) > 1 and any(t.low in _PLACE_WORDS for t in words):
        return None
    return Name(words[0].start, words[-1].end, "person", gender, words[-1].low)


def person_names(toks: list[Token]) -> list[tuple[Name, bool, bool]]:
    """Every run of capitalised words that names a person: ``(name, titled, possessive)``."""
    found = []
    k = 0
    n = len(toks)
    while k < n:
        if not (is_capital(toks[k]) and toks[k].text[:1].isalpha()):
            k += 1
            continue
        end = k
        while end + 1 < n and not toks[end + 1].apart and (is_capital(toks[end + 1])
                                                            or abbreviation_dot(toks, end + 1)
                                                            or name_particle(toks, end + 1)):
            end += 1
        while toks[end].text == ".":
            end -= 1
        name = _person(toks, k, end)
        if name is not None:
            titled = name.start != toks[k].start
            possessive = _possessive(toks[end])
            if possessive:
                name = Name(name.start, name.end - 2, "person", name.gender, surname_key(toks[end].low))
            found.append((name, titled, possessive))
        k = end + 1
    return found


def surname_key(name: str) -> str:
    """The word a shorter mention of ``name`` keeps ("Trump" of "Donald Trump"), lowercased."""
    word = name.split()[-1] if name.split() else ""
    return re.sub(r"['’]s$", "", word.lower())


class KnownIndex:
    """The library's claimants, to match a name found in the text to the one it means."""

    def __init__(self, known: tuple[str, ...]) -> None:
        self.exact = {k.casefold(): k for k in known if k.strip()}
        self.by_word: dict[str, set[str]] = {}
        for k in known:
            for w in _words(k):
                self.by_word.setdefault(w, set()).add(k)

    def match(self, name: str) -> str | None:
        hit = self.exact.get(name.casefold())
        if hit is not None:
            return hit
        words = _words(name)
        if not words:
            return None
        fits = set.intersection(*(self.by_word.get(w, set()) for w in words))
        return fits.pop() if len(fits) == 1 else None


def _words(name: str) -> list[str]:
    return [surname_key(w) for w in re.findall(r"\w+(?:['’]\w+)*", name.casefold())
            if w not in TITLES and w not in ("the", "a", "an")]


@lru_cache(maxsize=8)
def known_index(known: tuple[str, ...]) -> KnownIndex:
    return KnownIndex(known)
