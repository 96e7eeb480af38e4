"""The library search read plainly: what a query should find in a library, worked out in Python from what the
Store says it holds (its articles, claims, comments, sources and published checks), never from the index.

The search's tests compare an engine's answer with this one: words, phrases, words left out,
every field, on a library made by :func:`build_library` and changed by :func:`random_edit`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from hypothesis import strategies as st

from factcheck.core.claims import Source
from factcheck.core.published import PublishedCheck
from factcheck.core.search_query import SearchQuery, Term, stem, value_matches, words

from contract_samples import add_article, mark
from search_samples import WORDS

OPERATOR_WORDS = ["and", "or", "not", "near", "AND", "OR", "NOT", "NEAR"]
"""Words FTS5 would read as operators if the text ever reached it as a query: here they are only words."""
VOCABULARY = WORDS + ["and", "or", "not", "near"]
NAMES = ["Lindsey Graham", "Ana Pérez", "Chief Constable", "Mayor Smith", "Graham Norton"]
VERDICTS = ["False", "Mostly false", "True", "Half true", None]
OUTLETS = ["The Times", "Daily Post", "Times of Zürich", ""]
DAYS = ["2023-01-05", "2023-12-31", "2024-01-01", "2024-03-10", None]
REVIEWERS = ["alice", "bob", ""]


@dataclass
class Item:
    kind: str  # article, claim, comment, source
    article_id: int
    claim_id: int | None
    fields: list[str]


def _holds(text: str, term: Term) -> bool:
    stems = [stem(w) for w in words(text)]
    want = list(term.stems)
    return any(stems[i:i + len(want)] == want for i in range(len(stems) - len(want) + 1))


def _matches(fields: list[str], q: SearchQuery) -> bool:
    return (all(any(_holds(f, t) for f in fields) for t in q.terms)
            and not any(any(_holds(f, t) for f in fields) for t in q.excluded))


def _resolve(wanted: tuple[str, ...], stored) -> set[str] | None:
    if not wanted:
        return None
    return {v for v in stored if v and all(value_matches(w, v) for w in wanted)}


class Library:
    """What the store holds, read through the Store protocol; as a reader who owes blind opinions on ``hidden``
    claims sees it (no verdict finds them, their rationale is not searched)."""

    def __init__(self, store, hidden=frozenset()) -> None:
        self.hidden = frozenset(hidden)
        self.articles = {a.id: store.article(a.id) for a in store.articles(archived=True)}
        self.claims = {c.id: c for a in self.articles for c in store.claims(a)}
        self.items: list[Item] = []
        for a in self.articles.values():
            self.items.append(Item("article", a.id, None, [a.title, a.text]))
        for c in self.claims.values():
            public = [c.anchor.quote, c.claimant]
            self.items.append(Item("claim", c.article_id, c.id, public if c.id in self.hidden else
                                   [*public, c.rationale]))
            for m in store.comments(c.id):
                self.items.append(Item("comment", c.article_id, c.id, [m.text]))
            for s in c.sources:
                self.items.append(Item("source", c.article_id, c.id, [s.title, s.excerpt, s.url]))
        self.published = store.published_checks(limit=10_000)

    def found(self, q: SearchQuery) -> dict[int, tuple[bool, frozenset[int]]]:
        """Article id: (whether its own headline or text matched, the claims whose items matched)."""
        if q.empty:
            return {}
        claim_ok, article_ok = self._tests(q)
        kinds = ({"article", "claim", "comment", "source"} if q.terms
                 else {"claim"} if q.claim_filters else {"article"})
        found: dict[int, tuple[bool, set[int]]] = {}
        for item in self.items:
            if item.kind not in kinds or not article_ok(item.article_id):
                continue
            if (q.terms or q.excluded) and not _matches(item.fields, q):
                continue
            if item.kind == "article":
                if q.claim_filters and not any(claim_ok(c) for c in self.claims.values()
                                               if c.article_id == item.article_id):
                    continue
            elif not claim_ok(self.claims[item.claim_id]):
                continue
            own, claims = found.get(item.article_id, (False, set()))
            if item.kind == "article":
                own = True
            else:
                claims.add(item.claim_id)
            found[item.article_id] = (own, claims)
        return {a: (own, frozenset(claims)) for a, (own, claims) in found.items()}

    def claims_found(self, q: SearchQuery) -> set[int]:
        """The claims the claims view lists for ``q`` (its words in the claim's own fields)."""
        claim_ok, article_ok = self._tests(q)
        return {item.claim_id for item in self.items if item.kind == "claim" and article_ok(item.article_id)
                and claim_ok(self.claims[item.claim_id]) and (not (q.terms or q.excluded) or _matches(item.fields, q))}

    def _tests(self, q: SearchQuery):
        """Whether a claim passes the query's claim fields, and an article its article fields."""
        claimants = _resolve(q.claimant, {c.claimant for c in self.claims.values()})
        verdicts = _resolve(q.verdict, {c.verdict for c in self.claims.values()})
        reviewers = _resolve(q.reviewer, {c.reviewer for c in self.claims.values()})
        outlets = _resolve(q.outlet, {a.outlet for a in self.articles.values()})
        statuses = set(q.status)

        def claim_ok(claim) -> bool:
            return (len(statuses) <= 1 and (claimants is None or claim.claimant in claimants)
                    and (verdicts is None or (claim.id not in self.hidden and claim.verdict in verdicts))
                    and (reviewers is None or claim.reviewer in reviewers)
                    and (not statuses or str(claim.status) in statuses))

        def article_ok(article_id: int) -> bool:
            a = self.articles[article_id]
            day = (a.published if a.published is not None else a.imported_at)[:10]
            return ((outlets is None or a.outlet in outlets) and (not q.before or day < q.before)
                    and (not q.after or day >= q.after) and all(_holds(a.title, t) for t in q.article))

        return claim_ok, article_ok

    def published_found(self, q: SearchQuery) -> list[str]:
        """The urls of the published checks that match, newest stored first."""
        if q.empty or q.status or q.reviewer or q.article:
            return []
        claimants = _resolve(q.claimant, {p.claimant for p in self.published})
        verdicts = _resolve(q.verdict, {p.verdict for p in self.published})
        authors = _resolve(q.outlet, {p.author for p in self.published})
        found = []
        for p in sorted(self.published, key=lambda p: -p.id):
            day = (p.published if p.published is not None else p.imported_at)[:10]
            if ((claimants is None or p.claimant in claimants) and (verdicts is None or p.verdict in verdicts)
                    and (authors is None or p.author in authors) and (not q.before or day < q.before)
                    and (not q.after or day >= q.after)
                    and (not (q.terms or q.excluded) or _matches([p.claim_reviewed, p.title, p.claimant], q))):
                found.append(p.url)
        return found


def answer(store, query, limit: int = 1000) -> dict[int, tuple[bool, frozenset[int]]]:
    """What the engine found, in the model's terms."""
    results = store.search(query, limit=limit, per_article=1000)
    return {m.article_id: (any(h.where in ("headline", "text") for h in m.hits),
                           frozenset(h.claim_id for h in m.hits if h.claim_id is not None))
            for m in results.articles}


def _text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(low, high)))


def build_library(store, rng: random.Random, articles: int = 14) -> None:
    """Articles of random words with claims (their fields random too), sources, comments, and published checks."""
    for _ in range(articles):
        add_random_article(store, rng)
    store.add_published_checks([
        PublishedCheck(url=f"https://fc.example/{i}", claim_reviewed=_text(rng, 2, 8), title=_text(rng, 0, 4),
                       claimant=rng.choice(NAMES + [""]), verdict=rng.choice(VERDICTS) or "",
                       author=rng.choice(OUTLETS), published=rng.choice(DAYS))
        for i in range(8)])


def add_random_article(store, rng: random.Random):
    text = _text(rng, 6, 14) + "."
    article = add_article(store, _text(rng, 1, 4), text, outlet=rng.choice(OUTLETS), published=rng.choice(DAYS))
    spoken = text[:-1].split(" ")
    for _ in range(rng.randint(0, 3)):
        start = rng.randrange(len(spoken))
        phrase = " ".join(spoken[start:start + rng.randint(1, 2)])
        claim = mark(store, article, phrase, claimant=rng.choice(NAMES + [""]), verdict=rng.choice(VERDICTS),
                     rationale=_text(rng, 0, 4), reviewer=rng.choice(REVIEWERS))
        for _ in range(rng.randint(0, 2)):
            store.add_source(claim.id, Source(url=f"https://example.org/{rng.choice(VOCABULARY).lower()}",
                                              title=_text(rng, 0, 3), excerpt=_text(rng, 0, 5)))
        if rng.random() < 0.4:
            store.add_comment(claim.id, _text(rng, 1, 5))
        if rng.random() < 0.3:
            store.update_claim(claim.id, "status", "in_review")
    return article


def random_edit(store, rng: random.Random, undo: list) -> str:
    """One edit a reviewer could make (or the undo of an earlier one); what it was, for a failing test's message."""
    library = Library(store)
    claims = list(library.claims.values())
    choice = rng.randrange(10)
    if choice == 0 or not claims:
        return f"added article {add_random_article(store, rng).id}"
    claim = rng.choice(claims)
    if choice == 1:
        field = rng.choice(["claimant", "rationale", "verdict", "reviewer"])
        value = {"claimant": rng.choice(NAMES), "rationale": _text(rng, 0, 4), "verdict": rng.choice(VERDICTS),
                 "reviewer": rng.choice(REVIEWERS)}[field]
        undo.append(("claim", claim.id, field, getattr(claim, field)))
        store.update_claim(claim.id, field, value)
        return f"claim {claim.id} {field} = {value!r}"
    if choice == 2:
        undo.append(("deleted claim", store.delete_claim(claim.id)))
        return f"deleted claim {claim.id}"
    if choice == 3 and claim.sources:
        source = rng.choice(claim.sources)
        undo.append(("deleted source", *store.delete_source(source.id)))
        return f"deleted source {source.id}"
    if choice == 4 and claim.sources:
        source = rng.choice(claim.sources)
        store.update_source(source.id, {"title": _text(rng, 1, 3)})
        return f"source {source.id} retitled"
    if choice == 5:
        article = library.articles[claim.article_id]
        field = rng.choice(["title", "outlet", "published"])
        value = {"title": _text(rng, 1, 4), "outlet": rng.choice(OUTLETS), "published": rng.choice(DAYS)}[field]
        undo.append(("article", article.id, field, getattr(article, field)))
        store.update_article(article.id, field, value)
        return f"article {article.id} {field} = {value!r}"
    if choice == 6:
        undo.append(("deleted article", store.delete_article(claim.article_id)))
        return f"deleted article {claim.article_id}"
    if choice == 7:
        archived = library.articles[claim.article_id].archived_at is None
        store.set_archived(claim.article_id, archived)
        return f"article {claim.article_id} archived={archived}"
    if choice == 8:
        store.add_comment(claim.id, _text(rng, 1, 4))
        return f"comment on claim {claim.id}"
    if undo:  # undo the newest edit still undoable
        step = undo.pop()
        if step[0] == "claim" and step[1] in library.claims:
            store.update_claim(step[1], step[2], step[3])
        elif step[0] == "article" and step[1] in library.articles:
            store.update_article(step[1], step[2], step[3])
        elif step[0] == "deleted claim" and step[1].article_id in library.articles:
            store.restore_claim(step[1])
        elif step[0] == "deleted source" and step[1].claim_id in library.claims:
            store.restore_source(step[1], step[2])
        elif step[0] == "deleted article":
            store.restore_article(step[1])
        return f"undid {step[0]}"
    return "nothing"


FIELD_QUERIES = [*VOCABULARY, "-tax police", '"tax figures"', "claimant:graham", "verdict:false", "status:review",
                 "reviewer:alice tax", "outlet:times", "after:2024-01-01", "before:2024-01-01 police", "article:tax"]
"""What :func:`random_edit`'s tests ask after each round of edits."""


FIELD_PIECES = ["claimant:graham", 'claimant:"ana perez"', "claimant:smith", "claimant:nobody", "verdict:false",
                "verdict:true", 'verdict:"mostly false"', "status:draft", "status:review", "reviewer:alice",
                "reviewer:bob", "outlet:times", "outlet:post", "outlet:zurich", "article:tax", 'article:"tax police"',
                "article:figures", "before:2024-01-01", "after:2024-01-01", "after:2023-06-01", "before:2024-03-10"]
TRICKS = ["AND", "OR", "NOT", "NEAR", "NEAR/2", "*", "^", "(", ")", ":", "{quote claimant}:", "quote:", "title:", "&",
          "|", "!", "<->", "<2>", ":*", "'", "''", '\\', "\\'", ";", "--", "%", "_", "\x00", "DROP TABLE claims;",
          "1=1", "/*", "*/", "?", "$1", "%s", "{", "}", "[", "]", "+", "@@", "::tsquery", "e'\\\\x00'"]
"""FTS5's query syntax, PostgreSQL's tsquery operators, SQL's quotes and comments: typed, they are words or nothing."""


def pieces(tricks: bool = False):
    """Queries of up to four pieces: words, words left out, phrases, fields; with ``tricks``, operators and quotes."""
    words = st.sampled_from(VOCABULARY + OPERATOR_WORDS)
    parts = [words, words.map(lambda w: "-" + w), st.tuples(words, words).map(lambda p: f'"{p[0]} {p[1]}"'),
             st.sampled_from(FIELD_PIECES)]
    if tricks:
        trick = st.sampled_from(TRICKS)
        parts += [trick, st.tuples(trick, words, trick).map("".join),
                  st.tuples(st.sampled_from(["claimant:", "verdict:", "outlet:", "reviewer:", "status:", "article:"]),
                            trick,
                            words).map(lambda p: f'{p[0]}"{p[1]}{p[2]}"')]
    return st.lists(st.one_of(*parts), min_size=1, max_size=4).map(" ".join)
