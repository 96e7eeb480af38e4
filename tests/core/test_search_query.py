"""The library search's query language: read whatever is typed, never refuse it (issue 13)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from factcheck.core.search_query import (FOLD, Snippet, Term, find_marks, fold, parse_query, snippet, value_matches,
                                         words)


def test_words_phrases_exclusions_and_fields():
    q = parse_query('tax "health service" -rumour -"fake news" claimant:"Lindsey Graham" verdict:false '
                    'STATUS:review reviewer:alice outlet:times before:2024-03-01 after:"1 January 2023"')
    assert q.terms == (Term(("tax",)), Term(("health", "service")))
    assert q.excluded == (Term(("rumour",)), Term(("fake", "news")))
    assert (q.claimant, q.verdict, q.status, q.reviewer, q.outlet) == (
        ("Lindsey Graham",), ("false",), ("in_review",), ("alice",), ("times",))
    assert (q.before, q.after, q.problems) == ("2024-03-01", "2023-01-01", ())


def test_accents_and_case_are_folded_and_offsets_kept():
    assert words("Café NAÏVE Zürich l'État") == ["cafe", "naive", "zurich", "l", "etat"]
    assert all(len(fold(chr(c))) == 1 for c in FOLD)
    assert len(fold("İstanbul ß Ǆ")) == len("İstanbul ß Ǆ")


def test_what_cannot_be_used_is_named_and_the_rest_kept():
    cases = {
        '"unbalanced tax': ("quote mark is not closed", ("unbalanced", "tax")),
        "tax -": ("lone -", ("tax",)),
        "claimant: tax": ("names nothing", ("tax",)),
        "before:31/02/2024 tax": ("before:", ("tax",)),
        "status:maybe tax": ("not a status", ("tax",)),
        "!!! tax": ("no letters or digits", ("tax",)),
    }
    for text, (problem, kept) in cases.items():
        q = parse_query(text)
        assert any(problem in p for p in q.problems), (text, q.problems)
        assert tuple(w for t in q.terms for w in t.words) == kept
    assert parse_query("-tax").empty and parse_query("-tax").problems
    assert parse_query("").empty and not parse_query("").problems
    assert parse_query("covid:19").terms == (Term(("covid", "19")),)  # not a field: words


def test_stemming_marks_and_snippets():
    terms = parse_query('tax "taxes rose"').terms
    assert find_marks("Taxes rose; the TAX fell.", terms) == [(0, 5), (0, 10), (16, 19)]
    long = "word " * 3000 + "Taxes rose here " + "word " * 50
    cut = snippet(long, terms)
    assert cut.text.startswith("…") and cut.text.endswith("…")
    assert {cut.text[s:e] for s, e in cut.marks} == {"Taxes", "Taxes rose"}
    assert snippet("No match here", terms) == Snippet("No match here")
    assert value_matches("graham", "Lindsey Graham") and not value_matches("lindsey graham", "Graham")


@given(st.text())
def test_no_text_breaks_the_parser(text):
    q = parse_query(text)
    for term in (*q.terms, *q.excluded):
        assert term.words and all(w and w.isalnum() or "\ue000" <= w[0] <= "\uf8ff" for w in term.words)
    assert all(isinstance(p, str) and p for p in q.problems)


@given(st.text(), st.text(max_size=20))
def test_no_text_breaks_a_snippet(text, query):
    s = snippet(text, parse_query(query).terms)
    assert all(0 <= a < b <= len(s.text) for a, b in s.marks)


def _fold_char_by_char(text: str) -> str:
    """fold as first written: each character lowered on its own (the index lowers a Σ to σ wherever it stands)."""
    folded = text.translate(FOLD)
    return "".join(c if len(low := c.lower()) != 1 else low for c in folded)


_LETTERS = st.sampled_from([*map(chr, FOLD), "Σ", "ΟΔΟΣ", "İ", "ß", "ǅ", "K", "Å", "𝔗", "é", "e\u0301", " ", "-", "a",
                            "Z", "1"])


@given(st.one_of(st.text(), st.lists(_LETTERS).map("".join)))
def test_the_quick_fold_is_the_fold_character_by_character(text):
    assert fold(text) == _fold_char_by_char(text)
    assert len(fold(text)) == len(text)


def _marks_plainly(text: str, terms) -> list[tuple[int, int]]:
    """find_marks as first written: every word stemmed, every place tried."""
    from factcheck.core.search_query import _TOKEN, stem

    tokens = [(m.start(), m.end(), stem(m.group(0))) for m in _TOKEN.finditer(fold(text))]
    stems = [t[2] for t in tokens]
    marks = set()
    for term in terms:
        want = term.stems
        for i in range(len(stems) - len(want) + 1):
            if tuple(stems[i:i + len(want)]) == want:
                marks.add((tokens[i][0], tokens[i + len(want) - 1][1]))
    return sorted(marks)


_WORDS = st.sampled_from(["tax", "Taxes", "taxed", "rose", "rising", "the", "Café", "CAFE", "naïve", "Zürich", "ΟΔΟΣ",
                          "İstanbul", "covid-19", "x_y", "3%", "’s", "tax-payers"])


@given(st.lists(_WORDS, max_size=12).map(" ".join), st.lists(st.one_of(_WORDS, _WORDS.map(lambda w: f'"{w} tax"'),
                                                                   _WORDS.map(lambda w: f'"the {w}"')),
                                                         min_size=1, max_size=3).map(" ".join))
def test_marks_are_found_where_every_word_stemmed_would_find_them(text, query):
    terms = parse_query(query).terms
    assert find_marks(text, terms) == _marks_plainly(text, terms)


def test_a_long_texts_snippet_finds_a_word_written_with_accents():
    text = "word " * 400 + "À ZÜRICH, les Cafés " + "word " * 400
    cut = snippet(text, parse_query("zurich cafe").terms)
    assert {cut.text[s:e] for s, e in cut.marks} == {"ZÜRICH", "Cafés"}
    assert snippet(text, parse_query("zürich").terms) == cut.__class__(cut.text, tuple(m for m in cut.marks
                                                                                         if cut.text[m[0]] == "Z"))


def test_a_pasted_page_keeps_its_first_words_and_says_so():
    q = parse_query(" ".join(f"w{i}" for i in range(300)) + " -tax claimant:" + " claimant:".join(
        f"n{i}" for i in range(250)) + ' "' + " ".join(["word"] * 40) + '"')
    assert [t.text for t in q.terms] == [f"w{i}" for i in range(200)] and q.excluded == ()
    assert len(q.claimant) == 200 and q.claimant[-1] == "n199"
    assert [p for p in q.problems if "first" in p] == [
        "A phrase of 40 words is looked for by its first 32.",
        "Only the first 200 claimant: values are looked for: the rest were left out.",
        "Only the first 200 words and phrases are looked for: the rest were left out."]
    assert parse_query(" ".join(f"w{i}" for i in range(200))).problems == ()


def test_words_to_leave_out_are_kept_to_the_first_twenty_and_the_rest_named():
    """Each word left out is one more test of every row found (on a server, seconds for a pasted list): twenty."""
    q = parse_query("tax " + " ".join(f"-w{i}" for i in range(30)) + ' -"a phrase" rose')
    assert [t.text for t in q.terms] == ["tax", "rose"]
    assert [t.text for t in q.excluded] == [f"w{i}" for i in range(20)]
    assert q.problems == ("Only the first 20 words and phrases to leave out are used: the rest were not.",)
    assert parse_query("tax " + " ".join(f"-w{i}" for i in range(20))).problems == ()


def test_article_names_words_of_a_headline():
    """``article:`` (issue 13: the claims view filters by article): its value's words, together, in the headline."""
    q = parse_query('article:kremlin ARTICLE:"Town Hall" tax')
    assert q.article == (Term(("kremlin",)), Term(("town", "hall"))) and q.terms == (Term(("tax",)),)
    assert not parse_query("article:kremlin").empty and not parse_query("article:kremlin").claim_filters
    assert any("names nothing" in p for p in parse_query("article: tax").problems)
    assert any("no letters or digits" in p for p in parse_query("article:!!! tax").problems)
    assert parse_query("-article:kremlin tax").article == (Term(("kremlin",)),)
