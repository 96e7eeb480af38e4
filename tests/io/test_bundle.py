"""The factcheck bundle: writing, reading, checking, and import/export through a library."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, ClaimStatus, Source, Stance
from factcheck.io import BadInput, bundle
from factcheck.operations import export_bundle, import_bundle
from factcheck.store import SQLiteStore, Store

TEXT = (
    "Mayor says crime fell 40%\n\n"
    "Crime fell 40% last year, the mayor 🏛️ said on Monday.\n\n"
    "Police figures 📊 show a fall of 12%. The council 𝔡𝔦𝔰𝔞𝔤𝔯𝔢𝔢𝔰.\n\n"
    "The budget is balanced, she added."
)


def span(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def claim(phrase: str, **fields) -> Claim:
    return Claim(anchor=make_anchor(TEXT, *span(phrase)), **fields)


def sample_library() -> tuple[Store, int]:
    library = SQLiteStore.in_memory(user="alice")
    article = library.add_article(Article(
        title="Mayor says crime fell 40%", text=TEXT, outlet="Gazette 📰", author="Zoë",
        url="https://gazette.example/mayor", published="2024-05-06", rating_scale="politifact"))
    for c in (
        claim("The budget is balanced", claimant="Mayor", verdict="Half True", status=ClaimStatus.APPROVED,
              rationale="Balanced only after a one-off 💰 transfer.", reviewer="Dana", claim_date="2024-05-06",
              sources=(Source(url="https://council.example/budget", title="Budget 2024", publisher="Council",
                              date="2024-02-01", excerpt="…a transfer of £2m…", stance=Stance.REFUTES),
                       Source(title="Interview", stance=Stance.CONTEXT))),
        claim("Crime fell 40% last year", claimant="Mayor", verdict="False", status=ClaimStatus.IN_REVIEW,
              sources=(Source(url="https://police.example/2023", title="Police figures 📊",
                              stance=Stance.REFUTES),)),
        claim("Police figures 📊 show a fall of 12%."),
    ):
        library.add_claim(c.with_(article_id=article.id))
    return library, article.id


@pytest.fixture
def exported() -> str:
    library, article_id = sample_library()
    return export_bundle(library, article_id)


def comparable(text: str) -> dict:
    data = json.loads(text)
    data.pop("generator")
    data["article"].pop("imported_at")
    return data


def counts(library: Store) -> tuple[int, int, int, int]:
    """How many articles (archived ones too), claims, sources and rating scales the library holds."""
    articles = library.articles(archived=True)
    claims = [c for a in articles for c in library.claims(a.id)]
    return len(articles), len(claims), sum(len(c.sources) for c in claims), len(library.scales())


# ------------------------------------------------------------------ writing


def test_dumps_writes_a_documented_bundle(exported):
    data = json.loads(exported)
    assert (data["format"], data["version"]) == ("factcheck-bundle", 1)
    assert data["generator"].startswith("factcheck ")
    assert data["article"]["text"] == TEXT
    assert data["article"]["outlet"] == "Gazette 📰"
    assert data["rating_scale"]["key"] == "politifact"
    starts = [c["start"] for c in data["claims"]]
    assert starts == sorted(starts)  # text order
    for c in data["claims"]:
        assert TEXT[c["start"]:c["end"]] == c["quote"]
    first = data["claims"][0]
    assert first["claimant"] == "Mayor" and first["verdict"] == "False" and first["status"] == "in_review"
    assert data["claims"][1]["claimant"] is None  # unknown values are null
    assert "🏛️" in exported  # written as UTF-8, not \u escapes
    assert exported.endswith("\n")


def test_dumps_loads_round_trip(exported):
    library, article_id = sample_library()
    parsed = bundle.loads(exported.encode("utf-8"), "mayor.json")
    article = library.article(article_id)
    assert parsed.article.text == article.text
    assert (parsed.article.title, parsed.article.outlet, parsed.article.author, parsed.article.url,
            parsed.article.published) == (article.title, article.outlet, article.author, article.url,
                                          article.published)
    assert parsed.rating_scale == library.scale("politifact")
    stored = library.claims(article_id)
    assert len(parsed.claims) == len(stored)
    for got, want in zip(parsed.claims, stored):
        assert got.anchor == want.anchor
        assert (got.claimant, got.verdict, got.status, got.rationale, got.reviewer, got.claim_date) == (
            want.claimant, want.verdict, want.status, want.rationale, want.reviewer, want.claim_date)
        assert (got.created_at, got.updated_at) == (want.created_at, want.updated_at)
        assert [s.with_(id=None, claim_id=None) for s in got.sources] == [
            s.with_(id=None, claim_id=None) for s in want.sources]
    # str input works too
    assert bundle.loads(exported) == parsed


def test_export_import_export_gives_the_same_bundle(exported):
    fresh = SQLiteStore.in_memory(user="bob")
    result = import_bundle(fresh, exported.encode("utf-8"), "mayor.json")
    assert result.created and result.claims == 3
    assert fresh.article(result.article_id).rating_scale == "politifact"
    again = export_bundle(fresh, result.article_id)
    assert comparable(again) == comparable(exported)


def test_importing_into_the_same_library_reuses_its_scale(exported):
    library, article_id = sample_library()
    scales_before = library.scales()
    result = import_bundle(library, exported.encode("utf-8"), "mayor.json")
    assert result.article_id != article_id
    assert library.scales() == scales_before
    assert comparable(export_bundle(library, result.article_id)) == comparable(exported)


def test_a_clashing_custom_scale_is_imported_under_a_new_key(exported):
    data = json.loads(exported)
    data["rating_scale"]["name"] = "Our own scale"
    data["rating_scale"]["key"] = "politifact"
    for verdict in data["rating_scale"]["verdicts"]:
        verdict["color"] = "#123456"
    library = SQLiteStore.in_memory()
    politifact = library.scale("politifact")
    result = import_bundle(library, json.dumps(data).encode(), "custom.json")
    article = library.article(result.article_id)
    assert article.rating_scale == "politifact-2"
    assert library.scale("politifact") == politifact
    assert library.scale("politifact-2").name == "Our own scale"
    again = json.loads(export_bundle(library, result.article_id))
    assert again["rating_scale"]["verdicts"] == data["rating_scale"]["verdicts"]
    assert again["claims"] == data["claims"]


def test_a_minimal_bundle_imports_with_defaults():
    data = {"format": "factcheck-bundle", "version": 1, "article": {"text": "Just text."},
            "rating_scale": {"name": "Tiny", "verdicts": [{"label": "Yes"}]},
            "claims": [{"start": 0, "end": 4, "quote": "Just"}], "future_key": {"ignored": True}}
    parsed = bundle.loads(json.dumps(data), "tiny.json")
    assert parsed.article.title == "Untitled article"
    assert parsed.article.source_type == "bundle"
    assert parsed.rating_scale.key == "tiny"
    only = parsed.claims[0]
    assert (only.status, only.verdict, only.sources, only.anchor.prefix) == (ClaimStatus.DRAFT, None, (), "")


# ----------------------------------------------------------------- refusals


def mutate(exported: str, change) -> bytes:
    data = json.loads(exported)
    change(data)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def set_in(path, value):
    def change(data):
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change


BAD_CLAIMS = [
    pytest.param(set_in(["claims", 1, "end"], 10_000), "claim 2: offsets", id="end-past-text"),
    pytest.param(set_in(["claims", 1, "start"], -1), "claim 2: offsets", id="negative-start"),
    pytest.param(set_in(["claims", 1, "end"], 0), "claim 2: offsets", id="end-before-start"),
    pytest.param(set_in(["claims", 1, "start"], "3"), "claim 2: \"start\" and \"end\" must be whole numbers",
                 id="start-text"),
    pytest.param(set_in(["claims", 1, "end"], 12.0), "claim 2: \"start\" and \"end\"", id="end-float"),
    pytest.param(set_in(["claims", 1, "start"], True), "claim 2: \"start\" and \"end\"", id="start-bool"),
    pytest.param(set_in(["claims", 1, "quote"], "Crime rose 40%"), "claim 2: the quote", id="quote-differs"),
    pytest.param(set_in(["claims", 1, "quote"], None), "claim 2: \"quote\" is missing", id="quote-missing"),
    pytest.param(set_in(["claims", 1, "verdict"], "Totally False"), "claim 2: verdict 'Totally False'",
                 id="unknown-verdict"),
    pytest.param(set_in(["claims", 1, "status"], "published"), "claim 2: status must be", id="bad-status"),
    pytest.param(set_in(["claims", 1, "status"], ["draft"]), "claim 2: status must be", id="status-list"),
    pytest.param(set_in(["claims", 2, "sources", 0, "url"], "javascript:alert(1)"),
                 "claim 3, source 1: “javascript:alert(1)” is not a web address", id="javascript-url"),
    pytest.param(set_in(["claims", 2, "sources", 0, "url"], "file:///etc/passwd"),
                 "claim 3, source 1:", id="file-url"),
    pytest.param(set_in(["claims", 2, "sources", 0, "url"], "http://[oops"),
                 "claim 3, source 1:", id="malformed-url"),
    pytest.param(set_in(["claims", 2, "sources", 0, "stance"], "agrees"), "claim 3, source 1: stance",
                 id="bad-stance"),
    pytest.param(set_in(["claims", 2, "sources", 0], "https://x.example"), "claim 3, source 1 must be an object",
                 id="source-not-object"),
    pytest.param(set_in(["claims", 2, "sources"], {"url": "https://x.example"}), "claim 3: \"sources\" must be",
                 id="sources-not-list"),
    pytest.param(set_in(["claims", 1, "claim_date"], "last Tuesday"), "claim 2: \"claim_date\" is not an ISO",
                 id="bad-date"),
    pytest.param(set_in(["claims", 1, "claimant"], 42), "claim 2: \"claimant\" must be text", id="claimant-number"),
    pytest.param(set_in(["claims", 1], [1, 2]), "claim 2 must be an object", id="claim-not-object"),
]


@pytest.mark.parametrize(("change", "message"), BAD_CLAIMS)
def test_a_bad_claim_is_refused_naming_it_and_the_library_is_unchanged(exported, change, message):
    library, _ = sample_library()
    before = counts(library)
    with pytest.raises(BadInput) as caught:
        import_bundle(library, mutate(exported, change), "mayor.json")
    assert message in str(caught.value)
    assert str(caught.value).startswith("mayor.json")
    assert counts(library) == before
    assert len(library.articles()) == 1


BAD_BUNDLES = [
    pytest.param(set_in(["format"], "other-format"), "is not a factcheck bundle", id="wrong-format"),
    pytest.param(lambda d: d.pop("format"), "is not a factcheck bundle", id="no-format"),
    pytest.param(set_in(["version"], 4), "is a version 4 bundle", id="version-4"),
    pytest.param(set_in(["version"], "1"), "is a version '1' bundle", id="version-text"),
    pytest.param(lambda d: d.pop("version"), "is a version None bundle", id="no-version"),
    pytest.param(set_in(["article"], "text"), "\"article\" must be an object", id="article-not-object"),
    pytest.param(set_in(["article", "text"], "   "), "article: \"text\" is empty", id="empty-text"),
    pytest.param(set_in(["article", "text"], None), "article: \"text\" is missing", id="no-text"),
    pytest.param(set_in(["article", "published"], "May 2024"), "\"published\" is not an ISO 8601 date",
                 id="bad-published"),
    pytest.param(set_in(["rating_scale", "verdicts", 0, "color"], "green"), "rating_scale: verdict",
                 id="bad-colour"),
    pytest.param(set_in(["rating_scale"], None), "rating_scale: a rating scale must be", id="no-scale"),
    pytest.param(set_in(["claims"], {"0": {}}), "\"claims\" must be a list", id="claims-not-list"),
    # Qt shows "\r\n" as one line break: every offset after it would point one character off.
    pytest.param(lambda d: d["article"].update(text=d["article"]["text"].replace("\n", "\r\n")),
                 "carriage returns", id="windows-line-ends"),
    pytest.param(lambda d: d["article"].update(text=d["article"]["text"] + "\x00"),
                 "control characters", id="nul-in-text"),
]


@pytest.mark.parametrize(("change", "message"), BAD_BUNDLES)
def test_a_bad_bundle_is_refused_and_the_library_is_unchanged(exported, change, message):
    library, _ = sample_library()
    before = counts(library)
    with pytest.raises(BadInput, match="^mayor.json") as caught:
        import_bundle(library, mutate(exported, change), "mayor.json")
    assert message in str(caught.value)
    assert counts(library) == before


@pytest.mark.parametrize(
    "data",
    [b"", b"not json at all", b"{\"format\": ", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b"null", b"\"text\"",
     b"[" * 100_000],
    ids=["empty", "prose", "truncated", "binary", "list", "null", "string", "deeply-nested"],
)
def test_non_bundles_are_refused(data):
    library = SQLiteStore.in_memory()
    before = counts(library)
    with pytest.raises(BadInput, match="^x.json"):
        import_bundle(library, data, "x.json")
    assert counts(library) == before


def test_a_bundle_with_a_lone_surrogate_is_refused(exported):
    # JSON allows "\ud83d" on its own (e.g. from a JavaScript tool that cut an
    # emoji in half); it cannot be stored as UTF-8 text.
    text = exported.replace('"title": "Interview"', '"title": "Interview \\ud83d"')
    assert text != exported
    library, _ = sample_library()
    before = counts(library)
    with pytest.raises(BadInput, match="^mayor.json: claim 3, source 2: \"title\" holds a lone"):
        import_bundle(library, text.encode(), "mayor.json")
    assert counts(library) == before


def test_a_rating_scale_with_a_lone_surrogate_is_refused(exported):
    text = exported.replace('"Pants on Fire"', '"Pants on Fire \\udd25"')
    assert text != exported
    with pytest.raises(BadInput, match="^mayor.json: rating_scale: holds a lone"):
        bundle.loads(text, "mayor.json")


@pytest.mark.parametrize("value", ["1e400", "-1e400", "NaN", "Infinity", "100000000000000000000000000"])
def test_a_rating_value_that_cannot_be_stored_is_refused(exported, value):
    text = exported.replace('"value": 6', f'"value": {value}', 1)
    assert text != exported
    library, _ = sample_library()
    before = counts(library)
    with pytest.raises(BadInput, match="rating_scale: verdict 'True'"):
        import_bundle(library, text.encode(), "mayor.json")
    assert counts(library) == before


# ------------------------------------------------------------ property tests

json_scalars = (st.none() | st.booleans() | st.integers(-(2**70), 2**70)
                | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12)
                # Hypothesis never draws lone surrogates itself; JSON allows them
                | st.sampled_from(["\ud83d", "half an emoji \ud83d", "\udc00", "https://x.example/\ud800"]))
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=25,
)


@given(st.binary(max_size=500))
def test_loads_on_random_bytes_only_raises_bad_input(data):
    try:
        bundle.loads(data, "random.json")
    except BadInput as error:
        assert str(error).startswith("random.json")


@given(json_values)
def test_loads_on_random_json_only_raises_bad_input(value):
    try:
        bundle.loads(json.dumps(value), "random.json")
    except BadInput as error:
        assert str(error).startswith("random.json")


BASE = {
    "format": "factcheck-bundle", "version": 1,
    "article": {"title": "T", "text": "Crime fell 40% last year."},
    "rating_scale": {"key": "k", "name": "K", "verdicts": [{"label": "True", "color": "#00ff00", "value": 1}]},
    "claims": [{"start": 0, "end": 10, "quote": "Crime fell", "verdict": "True", "status": "draft",
                "sources": [{"url": "https://a.example", "stance": "supports", "date": "2024-01-01"}]}],
}

PATHS = [
    ("version",), ("article",), ("article", "text"), ("article", "title"), ("article", "published"),
    ("article", "outlet"), ("rating_scale",), ("rating_scale", "key"), ("rating_scale", "name"),
    ("rating_scale", "verdicts"), ("rating_scale", "verdicts", 0), ("rating_scale", "verdicts", 0, "label"),
    ("rating_scale", "verdicts", 0, "color"), ("rating_scale", "verdicts", 0, "value"),
    ("rating_scale", "verdicts", 0, "definition"), ("claims",), ("claims", 0), ("claims", 0, "start"),
    ("claims", 0, "end"), ("claims", 0, "quote"), ("claims", 0, "verdict"), ("claims", 0, "status"),
    ("claims", 0, "prefix"), ("claims", 0, "created_at"), ("claims", 0, "claimant"),
    ("claims", 0, "sources"), ("claims", 0, "sources", 0), ("claims", 0, "sources", 0, "url"),
    ("claims", 0, "sources", 0, "stance"), ("claims", 0, "sources", 0, "date"),
]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), json_values), min_size=1, max_size=3))
def test_importing_a_damaged_bundle_either_works_or_raises_bad_input_leaving_the_library_alone(changes):
    data = copy.deepcopy(BASE)
    for path, value in changes:
        node = data
        try:
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    library = SQLiteStore.in_memory()
    before = counts(library)
    try:
        result = import_bundle(library, json.dumps(data).encode("utf-8"), "damaged.json")
    except BadInput as error:
        assert str(error).startswith("damaged.json")
        assert counts(library) == before
    else:
        assert len(library.articles()) == 1
        # whatever was accepted can be exported and read back
        bundle.loads(export_bundle(library, result.article_id), "again.json")


def test_numbers_review_page_and_claimants_travel_in_the_bundle():
    from factcheck.core.claims import Claimant, ClaimantKind

    library, article_id = sample_library()  # "The budget…" was marked first: it is claim 1, last in the text
    library.update_article(article_id, "review_url", "https://check.example/mayor")
    library.set_claimant(Claimant("Mayor", ClaimantKind.PERSON, "https://www.wikidata.org/wiki/Q1"))
    library.set_claimant(Claimant("Nobody here", ClaimantKind.ORGANIZATION))  # named by no claim: left out
    data = json.loads(export_bundle(library, article_id))
    assert data["article"]["review_url"] == "https://check.example/mayor"
    assert data["claimants"] == [{"name": "Mayor", "kind": "person", "same_as": "https://www.wikidata.org/wiki/Q1"}]
    numbers = {c["quote"]: c["number"] for c in data["claims"]}
    assert numbers["The budget is balanced"] == 1

    other = SQLiteStore.in_memory()
    result = import_bundle(other, json.dumps(data).encode(), "mayor.json")
    assert {c.quote: c.number for c in other.claims(result.article_id)} == numbers
    assert other.article(result.article_id).review_url == "https://check.example/mayor"
    assert other.claimant("Mayor").same_as == "https://www.wikidata.org/wiki/Q1"


def test_a_bundle_without_numbers_is_numbered_in_text_order(exported):
    data = json.loads(exported)
    for item in data["claims"]:
        item.pop("number")
    data.pop("claimants")
    library = SQLiteStore.in_memory()
    result = import_bundle(library, json.dumps(data).encode(), "old.json")
    claims = library.claims(result.article_id)
    assert [c.number for c in claims] == list(range(1, len(claims) + 1))


def test_a_library_keeps_its_own_record_of_a_claimant(exported):
    from factcheck.core.claims import Claimant, ClaimantKind

    data = json.loads(exported)
    data["claimants"] = [{"name": "Mayor", "kind": "organization", "same_as": None}]
    library = SQLiteStore.in_memory()
    library.set_claimant(Claimant("Mayor", ClaimantKind.PERSON, "https://mayor.example"))
    import_bundle(library, json.dumps(data).encode(), "b.json")
    assert library.claimant("Mayor") == Claimant("Mayor", ClaimantKind.PERSON, "https://mayor.example")


@pytest.mark.parametrize("claimant, message", [
    ({"name": "X", "kind": "robot"}, "kind must be person or organization"),
    ({"name": "X", "same_as": "file:///etc/passwd"}, "not a web address"),
    ({"kind": "person"}, '"name" is missing'),
])
def test_a_bad_claimant_is_refused_with_its_place(exported, claimant, message):
    data = json.loads(exported)
    data["claimants"] = [claimant]
    with pytest.raises(BadInput, match=message):
        bundle.loads(json.dumps(data), "b.json")
