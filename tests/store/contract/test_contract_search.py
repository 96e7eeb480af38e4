"""The library search and the published fact-checks, the same on every engine (issue 13)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.core.claims import Source
from factcheck.core.published import PublishedCheck
from factcheck.core.search_query import parse_query


from contract_samples import add_article, mark
from search_model import pieces
from search_samples import WORDS, build_corpus

_FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def found(store, query) -> list[tuple[int, list[tuple[str, int | None]]]]:
    results = store.search(query)
    return [(m.article_id, [(h.where, h.claim_id) for h in m.hits]) for m in results.articles]


def marked(store, query) -> set[str]:
    """The words marked in every snippet of the results."""
    words = set()
    for m in store.search(query).articles:
        for hit in m.hits:
            words |= {hit.snippet.text[s:e].lower() for s, e in hit.snippet.marks}
    return words


@pytest.fixture
def desk(store):
    """Two articles with claims, sources and a comment."""
    budget = add_article(store, "Taxes and the Café budget", "The mayor said taxes rose by 40%. Crime fell in Zürich.",
                         outlet="The Times", published="2024-03-10")
    other = add_article(store, "Police figures", "Police figures show a fall. The council disagrees.",
                        outlet="Daily Post", published="2023-01-05")
    claim = mark(store, budget, "taxes rose", claimant="Lindsey Graham", verdict="False", rationale="Rates fell")
    store.add_source(claim.id, Source(url="https://stats.example.org/budget", title="Budget report", excerpt="Rates"))
    store.add_comment(claim.id, "Check the naïve figures again")
    police = mark(store, other, "Police figures", claimant="Chief Constable", verdict="True")
    return store, budget, other, claim, police


def test_words_are_stemmed_folded_and_found_where_they_are(desk):
    store, budget, other, claim, police = desk
    assert found(store, "tax") == [(budget.id, [("headline", None), ("text", None), ("claim", claim.id)])]
    assert found(store, "TAXES") == found(store, "tax")
    assert found(store, "cafe") == [(budget.id, [("headline", None)])]
    assert found(store, "zurich") == [(budget.id, [("text", None)])]
    assert found(store, "naive") == [(budget.id, [("comment", claim.id)])]
    assert found(store, "stats") == [(budget.id, [("source", claim.id)])]
    assert found(store, "graham") == [(budget.id, [("claimant", claim.id)])]
    assert found(store, "rates") == [(budget.id, [("rationale", claim.id), ("source", claim.id)])]
    assert [a for a, _ in found(store, "figures")] == [other.id, budget.id]  # newest first
    assert marked(store, "tax") == {"taxes"}


def test_phrases_exclusions_and_fields(desk):
    store, budget, other, claim, police = desk
    assert found(store, '"taxes rose"') == [(budget.id, [("text", None), ("claim", claim.id)])]
    assert found(store, '"rose taxes"') == []
    assert found(store, "figures -police") == [(budget.id, [("comment", claim.id)])]
    assert found(store, 'figures -"police figures"') == found(store, "figures -police")
    assert found(store, "claimant:graham") == [(budget.id, [("claim", claim.id)])]
    assert found(store, 'claimant:"lindsey graham" tax') == found(store, "tax")
    assert found(store, "claimant:nobody tax") == []
    assert found(store, "verdict:true") == [(other.id, [("claim", police.id)])]
    assert found(store, "status:draft figures")[0][0] == other.id
    assert found(store, "status:approved") == []
    assert found(store, "outlet:post") == [(other.id, [("headline", None)])]
    assert found(store, "figures before:2024-01-01") == [(other.id, [("headline", None), ("text", None),
                                                                     ("claim", police.id)])]
    assert [a for a, _ in found(store, "figures after:2024-03-10")] == [budget.id]


def test_the_index_follows_every_edit_undo_and_restore(desk):
    store, budget, other, claim, police = desk
    store.update_claim(claim.id, "claimant", "Joe Bloggs")
    assert found(store, "graham") == [] and found(store, "bloggs") == [(budget.id, [("claimant", claim.id)])]
    store.update_claim(claim.id, "claimant", "Lindsey Graham")
    assert found(store, "bloggs") == [] and found(store, "graham")
    deleted = store.delete_claim(claim.id)
    assert found(store, "naive") == [] and found(store, "stats") == [] and found(store, "graham") == []
    store.restore_claim(deleted)
    assert found(store, "graham") == [(budget.id, [("claimant", claim.id)])]
    assert found(store, "stats") == [(budget.id, [("source", claim.id)])]
    store.update_article(budget.id, "title", "Levies and the budget")
    assert found(store, "levy") == [(budget.id, [("headline", None)])]
    gone = store.delete_article(budget.id)
    assert found(store, "levy") == [] and found(store, "graham") == [] and found(store, "stats") == []
    store.restore_article(gone)
    assert found(store, "levy") == [(budget.id, [("headline", None)])]
    assert found(store, "stats") == [(budget.id, [("source", claim.id)])]


def test_claims_view_filters_and_sorts(desk):
    store, budget, other, claim, police = desk
    rows = store.search_claims()
    assert [r.claim_id for r in rows] == [police.id, claim.id]  # by article title: "Police…" < "Taxes…"
    assert [r.claim_id for r in store.search_claims(sort="claimant", descending=True)] == [claim.id, police.id]
    assert [r.claim_id for r in store.search_claims(verdict="True")] == [police.id]
    assert [r.claim_id for r in store.search_claims("claimant:graham")] == [claim.id]
    assert [r.claim_id for r in store.search_claims("tax")] == [claim.id]
    assert store.search_claims(sort="verdict", limit=1, offset=1)[0].claim_id == police.id
    with pytest.raises(ValueError):
        store.search_claims(sort="nonsense; DROP TABLE claims")


def test_claims_view_counts_bounds_dates_and_lists_each_fields_values(desk):
    store, budget, other, claim, police = desk
    unrated = mark(store, other, "The council disagrees", claim_date="2024-03-01")
    assert store.count_claims() == 3 and store.count_claims("claimant:graham") == 1
    assert store.count_claims("tax", verdict="False") == 1 and store.count_claims("claimant:nobody") == 0
    assert [r.claim_id for r in store.search_claims(verdict="")] == [unrated.id] and store.count_claims(verdict="") == 1
    assert store.count_claims(outlet="Daily Post", status="draft") == 2
    assert {r.rating_scale for r in store.search_claims()} == {store.scale(None).key}  # each article's scale

    stamp = store.search_claims(article_id=budget.id)[0].created_at
    assert claim.id in {r.claim_id for r in store.search_claims(dated="created_at", since=stamp)}  # since: included
    assert claim.id not in {r.claim_id for r in store.search_claims(dated="created_at", until=stamp)}  # until: not
    assert store.count_claims(since="2999-01-01T00:00:00+00:00") == 0
    assert store.count_claims(until="2999-01-01T00:00:00+00:00") == 3
    assert [r.claim_id for r in store.search_claims(dated="claim_date", since="2024-03-01", until="2024-03-02")] \
        == [unrated.id]
    assert store.count_claims(dated="claim_date", since="2024-03-02") == 0  # an undated claim is in no range
    with pytest.raises(ValueError):
        store.count_claims(dated="rationale")

    store.update_claim(police.id, "reviewer", "Zoë")
    assert [r.claim_id for r in store.search_claims(reviewer="Zoë")] == [police.id]
    assert store.claim_values() == {"claimant": ["Chief Constable", "Lindsey Graham"], "verdict": ["False", "True"],
                                    "status": ["draft"], "reviewer": ["Zoë"],
                                    "outlet": ["Daily Post", "The Times"]}


def test_published_checks_are_kept_by_address_and_searched(store):
    checks = [PublishedCheck(url=f"https://fc.example/{i}", claim_reviewed=f"Claim number {i} about taxes",
                             verdict="False" if i % 2 else "True", claimant="Lindsey Graham" if i == 3 else "")
              for i in range(5)]
    assert store.add_published_checks(checks) == (5, 0)
    assert store.add_published_checks([checks[0].with_(claim_reviewed="Claim about levies"),
                                       PublishedCheck(url="https://fc.example/new", claim_reviewed="New")]) == (1, 1)
    assert store.published_count() == 6
    first = store.published_checks(limit=1)[0]
    assert first.claim_reviewed == "Claim about levies" and store.published_check(first.id) == first
    with pytest.raises(KeyError):
        store.published_check(999_999)
    with pytest.raises(ValueError):
        store.add_published_checks([PublishedCheck(url=" ", claim_reviewed="x")])
    assert store.published_count() == 6
    urls = lambda q: [m.check.url for m in store.search(q).published]  # noqa: E731
    assert urls("levy") == ["https://fc.example/0"]
    assert urls("tax verdict:false") == ["https://fc.example/3", "https://fc.example/1"]
    assert urls("claimant:graham") == ["https://fc.example/3"]
    assert urls("status:draft") == []


INJECTIONS = ["'; DROP TABLE claims; --", '" OR 1=1 --', "claimant:\"x' OR '1'='1\"", "tax) OR (1=1",
              "NEAR(tax rose)", "tax*", "^tax", "{quote}: tax", "tax:*", "verdict:') OR 1=1 --", "\x00", "\ud800"]


@pytest.mark.parametrize("query", INJECTIONS)
def test_injection_attempts_are_inert(desk, query):
    store, *_ = desk
    before = len(store.search_claims())
    store.search(query)
    store.search_claims(query)
    assert len(store.search_claims()) == before


@_FAST
@given(query=st.text(max_size=40))
def test_no_text_breaks_a_search(desk, query):
    store, *_ = desk
    store.search(query)
    store.search_claims(query)


@_FAST
@given(words=st.lists(st.sampled_from(WORDS + ["-" + w for w in WORDS] + ['"' + w for w in WORDS]),
                      min_size=1, max_size=3))
def test_results_follow_the_query(corpus, words):
    """A hypothesis-made query's articles are exactly those a plain reading of the corpus finds (either engine)."""
    store, expected = corpus
    query = " ".join(words)
    assert {m.article_id for m in store.search(query, limit=1000).articles} == expected(parse_query(query))


@pytest.fixture
def corpus(store):
    return store, build_corpus(store)


# ------------------------------------------------------------- against a plain reading of the library

@pytest.fixture
def library(store):
    """A library of random words in every field (search_model.build_library), and its plain reading."""
    import random

    from search_model import Library, build_library

    build_library(store, random.Random(13))
    return store, Library(store)


@_FAST
@given(query=pieces())
def test_every_field_finds_what_the_library_holds(library, query):
    """Words, phrases, words left out and every field: the articles, their matching claims and the published checks
    are exactly those a plain reading of the library finds (either engine)."""
    from search_model import answer

    store, plain = library
    q = parse_query(query)
    assert answer(store, query) == plain.found(q)
    assert [m.check.url for m in store.search(query, limit=1000).published] == plain.published_found(q)


@_FAST
@given(query=pieces(tricks=True))
def test_operators_quotes_and_injections_are_words_or_nothing(library, query):
    """FTS5 operators and column filters, tsquery operators, quotes, backslashes, NULs, SQL: inert, in words and in
    fields' values alike; what is found is what the same words find, and the library is unchanged."""
    from search_model import answer

    store, plain = library
    before = len(store.search_claims())
    q = parse_query(query)
    assert answer(store, query) == plain.found(q)
    assert [m.check.url for m in store.search(query, limit=1000).published] == plain.published_found(q)
    store.search_claims(query)
    assert len(store.search_claims()) == before


@pytest.mark.parametrize("value", ["x' OR '1'='1", '"; DROP TABLE claims; --', "\\", "\x00", "%", "_", "tax*"])
def test_the_claims_views_exact_filters_are_values(desk, value):
    store, *_ = desk
    for name in ("claimant", "verdict", "status", "reviewer", "outlet"):
        assert store.search_claims(**{name: value}) == [] and store.count_claims(**{name: value}) == 0
    assert len(store.search_claims()) == 2


def test_each_article_is_listed_once(desk):
    """Fields alone find an article through each of its claims: it is listed once, its claims its hits."""
    store, budget, other, claim, police = desk
    second = mark(store, budget, "Crime fell", claimant="Lindsey Graham")
    assert found(store, "claimant:graham") == [(budget.id, [("claim", claim.id), ("claim", second.id)])]
    results = store.search("claimant:graham", limit=1)
    assert [m.article_id for m in results.articles] == [budget.id] and not results.more_articles


def test_the_index_follows_sources_comments_and_archiving(desk):
    store, budget, other, claim, police = desk
    source = store.claims(budget.id)[0].sources[0]
    store.update_source(source.id, {"title": "Treasury tables"})
    assert found(store, "treasury") == [(budget.id, [("source", claim.id)])] and found(store, "report") == []
    gone, position = store.delete_source(source.id)
    assert found(store, "treasury") == [] and found(store, "stats") == []
    store.restore_source(gone, position)
    assert found(store, "treasury") == [(budget.id, [("source", claim.id)])]
    store.add_comment(police.id, "Ask the statistics office")
    assert found(store, "office") == [(other.id, [("comment", police.id)])]
    store.set_archived(other.id, True)
    archived = store.search("office").articles
    assert [(m.article_id, m.archived) for m in archived] == [(other.id, True)]  # found, and shown as archived
    store.set_archived(other.id, False)
    assert [m.archived for m in store.search("office").articles] == [False]
    store.update_claim(police.id, "rationale", "Quarterly bulletin")
    assert found(store, "bulletin") == [(other.id, [("rationale", police.id)])]
    deleted = store.delete_article(other.id)
    assert found(store, "office") == [] and found(store, "bulletin") == []
    store.restore_article(deleted)
    assert found(store, "bulletin") == [(other.id, [("rationale", police.id)])]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_the_index_answers_for_the_library_after_any_edits(library, seed):
    """Random edits, deletions and undos (search_model.random_edit): every word and field still finds exactly what the
    library holds, on either engine."""
    import random

    from search_model import FIELD_QUERIES, Library, answer, random_edit

    store, _ = library
    rng = random.Random(seed)
    undo: list = []
    done = [random_edit(store, rng, undo) for _ in range(6)]
    plain = Library(store)
    for query in FIELD_QUERIES:
        assert answer(store, query) == plain.found(parse_query(query)), (query, done)


@pytest.mark.parametrize("query", [
    " ".join(f"w{i}" for i in range(5000)) + " tax",
    "tax " + " ".join(f"-w{i}" for i in range(5000)),
    '"' + " ".join(["tax"] * 3000) + '"',
    "tax " + " ".join(f'-"w{i} rose"' for i in range(3000)),
    " ".join(f"claimant:w{i}" for i in range(3000)) + " tax",
], ids=["5000 words", "5000 left out", "a 3000-word phrase", "3000 phrases left out", "3000 claimants"])
def test_a_query_of_thousands_of_words_is_answered(desk, query):
    """A pasted page as a query: the first words are looked for (the rest named in the problems), no error."""
    from search_model import Library

    store, *_ = desk
    q = parse_query(query)
    assert len(q.terms) + len(q.excluded) <= 200 and len(q.claimant) <= 200 and q.problems
    assert all(len(t.words) <= 32 for t in (*q.terms, *q.excluded))
    assert {m.article_id for m in store.search(query).articles} == set(Library(store).found(q))
    assert len(store.search_claims(query)) == store.count_claims(query)


def test_article_names_claims_and_hits_by_their_articles_headline(desk):
    """``article:`` (the claims view's article filter): the headline's words, stemmed, a phrase's together."""
    store, budget, other, claim, police = desk
    assert [r.claim_id for r in store.search_claims("article:budget")] == [claim.id]
    assert [r.claim_id for r in store.search_claims('article:"police figure"')] == [police.id]
    assert store.search_claims('article:"figures police"') == [] and store.count_claims("article:tax") == 1
    assert [r.claim_id for r in store.search_claims("article:police figures")] == [police.id]  # and: both
    assert store.search_claims("article:police taxes") == []  # the word must be the claim's; the headline, police
    assert found(store, "article:cafe") == [(budget.id, [("headline", None)])]
    assert found(store, "figures article:police") == [(other.id, [("headline", None), ("text", None),
                                                                  ("claim", police.id)])]
    assert found(store, "article:crime") == []  # in the text, not the headline
    store.update_article(other.id, "title", "Crime statistics")
    assert [r.claim_id for r in store.search_claims("article:crime")] == [police.id]
    assert store.search("article:crime").published == ()
