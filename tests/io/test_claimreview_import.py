"""Reading schema.org ClaimReview (JSON-LD files, saved fact-check pages) into PublishedCheck records.

The pages below are small and made up, marked up the way fact-checkers mark theirs: a lone
ClaimReview script beside the site's other JSON-LD (PolitiFact's pages), an organisation
author and a Claim with several appearances and a sentence for a verdict (Full Fact's),
an ``@graph`` holding the article and its ClaimReview with numbers as text (AFP's), and
microdata (older WordPress fact-check plugins).
"""

import json
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.core.published import PublishedCheck
from factcheck.io import BadInput
from factcheck.io.claimreview import render_claimreview
from factcheck.io.claimreview_import import (ClaimReviewFile, html_has_claimreview, is_claimreview_json,
                                             read_claimreviews)
from report_samples import ARTICLE_URL, sample_report

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checkdesk.example/2024/bus-fares",
    "claimReviewed": "Bus fares have doubled since 2020",
    "headline": "No, bus fares have not doubled",
    "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1, "bestRating": 5,
                     "worstRating": 1},
    "author": {"@type": "Organization", "name": "Check Desk", "url": "https://checkdesk.example"},
    "datePublished": "2024-05-07",
    "inLanguage": "en",
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Councillor Ada Brook"},
                     "datePublished": "2024-05-01",
                     "appearance": {"@type": "CreativeWork", "url": "https://gazette.example/fares"}},
}
EXPECTED = PublishedCheck(
    url="https://checkdesk.example/2024/bus-fares", claim_reviewed="Bus fares have doubled since 2020",
    verdict="False", title="No, bus fares have not doubled", author="Check Desk", published="2024-05-07",
    claimant="Councillor Ada Brook", claim_date="2024-05-01", claim_url="https://gazette.example/fares",
    language="en")


def read(value, name: str = "checks.jsonld") -> ClaimReviewFile:
    data = value if isinstance(value, bytes) else json.dumps(value).encode("utf-8")
    return read_claimreviews(data, name)


def only(value) -> PublishedCheck:
    result = read(value)
    assert result.problems == []
    (check,) = result.checks
    return check


def review(n: int = 1, **changes) -> dict:
    return {**REVIEW, "url": f"https://checkdesk.example/2024/check-{n}", "claimReviewed": f"Claim number {n}",
            **changes}


# --- JSON-LD files ---------------------------------------------------------------------------


def test_one_claimreview_field_by_field():
    assert only(REVIEW) == EXPECTED


def test_a_list_keeps_the_files_order():
    result = read([review(3), review(1), review(2)])
    assert [c.claim_reviewed for c in result.checks] == ["Claim number 3", "Claim number 1", "Claim number 2"]
    assert result.problems == []


def test_a_graph_with_references_to_other_nodes():
    document = {"@context": "https://schema.org", "@graph": [
        {"@type": "Organization", "@id": "https://checkdesk.example/#org", "name": "Check Desk"},
        {"@type": "Person", "@id": "https://checkdesk.example/#ada", "name": "Councillor Ada Brook"},
        {"@type": "WebPage", "@id": "https://checkdesk.example/2024/bus-fares", "mainEntity": {"@id": "#review"}},
        {**REVIEW, "@id": "#review", "author": {"@id": "https://checkdesk.example/#org"},
         "itemReviewed": {**REVIEW["itemReviewed"], "author": {"@id": "https://checkdesk.example/#ada"}}},
    ]}
    assert only(document) == EXPECTED


def test_nested_graphs_and_an_aggregators_data_feed():
    feed = {"@context": "http://schema.org", "@type": "DataFeed", "dataFeedElement": [
        {"@type": "DataFeedItem", "item": [review(1)]},
        {"@type": "DataFeedItem", "item": [{"@graph": [{"@graph": [review(2)]}]}]},
    ]}
    assert [c.claim_reviewed for c in read(feed).checks] == ["Claim number 1", "Claim number 2"]


@pytest.mark.parametrize("author, expected", [
    ("Check Desk", "Check Desk"),
    ({"@type": "Organization", "name": "Check Desk"}, "Check Desk"),
    ([{"@type": "Person", "name": "Sam Reyes"}, {"@type": "Organization", "name": "Check Desk"}],
     "Sam Reyes, Check Desk"),
    (["Sam Reyes", "Sam Reyes"], "Sam Reyes"),
    ({"@type": "Organization", "url": "https://www.checkdesk.example/"}, "www.checkdesk.example"),
    ({"@type": "Organization", "name": {"@value": "Check Desk"}}, "Check Desk"),
])
def test_an_author_as_text_an_object_or_a_list(author, expected):
    assert only({**REVIEW, "author": author}).author == expected


def test_the_publisher_stands_in_for_a_missing_author():
    data = {k: v for k, v in REVIEW.items() if k != "author"}
    assert only({**data, "publisher": {"@type": "Organization", "name": "Check Desk"}}).author == "Check Desk"


def test_an_older_creative_work_as_the_item_reviewed():
    item = {"@type": "CreativeWork", "url": "https://gazette.example/fares",
            "author": {"@type": "Person", "name": "Councillor Ada Brook", "jobTitle": "Councillor"},
            "datePublished": "2024-05-01T18:00:00+01:00"}
    assert only({**REVIEW, "itemReviewed": item}) == EXPECTED


@pytest.mark.parametrize("appearance", [
    {"firstAppearance": "https://gazette.example/fares", "appearance": ["https://elsewhere.example/1"]},
    {"appearance": ["https://gazette.example/fares", "https://elsewhere.example/1"]},
    {"appearance": [{"@type": "CreativeWork", "url": "https://gazette.example/fares"}]},
    {"appearance": {"@type": "SocialMediaPosting", "@id": "https://gazette.example/fares"}},
    {"appearance": ["not a link", "https://gazette.example/fares"]},
])
def test_where_the_claim_appeared(appearance):
    item = {"@type": "Claim", "author": {"@type": "Person", "name": "Councillor Ada Brook"},
            "datePublished": "2024-05-01", **appearance}
    assert only({**REVIEW, "itemReviewed": [item]}).claim_url == "https://gazette.example/fares"


@pytest.mark.parametrize("kind", ["ClaimReview", ["ClaimReview", "CreativeWork"], ["Review", "ClaimReview"],
                                  "schema:ClaimReview", "http://schema.org/ClaimReview",
                                  "https://schema.org/ClaimReview"])
@pytest.mark.parametrize("context", ["https://schema.org", "http://schema.org", "https://schema.org/",
                                     ["https://schema.org", {"@language": "en"}], {"@vocab": "http://schema.org/"}])
def test_types_and_contexts_however_written(kind, context):
    assert only({**REVIEW, "@type": kind, "@context": context}) == EXPECTED


def test_properties_with_the_vocabulary_prefix():
    document = {"@context": {"schema": "http://schema.org/"}, "@type": "schema:ClaimReview",
                "schema:url": REVIEW["url"], "schema:claimReviewed": REVIEW["claimReviewed"],
                "http://schema.org/reviewRating": {"schema:alternateName": "False"}}
    check = only(document)
    assert (check.url, check.claim_reviewed, check.verdict) == (EXPECTED.url, EXPECTED.claim_reviewed, "False")


@pytest.mark.parametrize("written, day", [
    ("2024-05-07", "2024-05-07"), ("2024-05-07T23:30:00Z", "2024-05-07"),
    ("2024-05-07T23:30:00-04:00", "2024-05-07"), ("2024-05-07 08:00", "2024-05-07"),
    ("2024-05-07T08:00:00.123456789+00:00", "2024-05-07"), ("May 7, 2024", "2024-05-07"),
    ("7 May 2024", "2024-05-07"),
])
def test_dates_with_times_or_in_words(written, day):
    assert only({**REVIEW, "datePublished": written}).published == day


def test_a_date_that_is_not_one_is_left_out_and_said_so():
    result = read({**REVIEW, "datePublished": "last Tuesday"})
    assert result.checks == [EXPECTED.with_(published=None)]
    assert result.problems == ["checks.jsonld: ClaimReview 1 (at $): its datePublished “last Tuesday” is not "
                               "a date factcheck can read (such as 2024-05-06): it was left out."]


@pytest.mark.parametrize("rating, verdict", [
    ({"alternateName": "Pants on Fire", "ratingValue": 1, "bestRating": 6}, "Pants on Fire"),
    ({"name": "Mostly True"}, "Mostly True"),
    ({"ratingValue": "2", "bestRating": "6", "worstRating": "1"}, "2/6"),
    ({"ratingValue": 3.5, "bestRating": 5.0}, "3.5/5"),
    ({"ratingValue": 4}, "4/5"),  # schema.org: bestRating is 5 when it is not given
    ("Misleading", "Misleading"),
    ([{"@type": "Rating", "alternateName": "Missing context"}], "Missing context"),
])
def test_the_verdict_in_words_else_as_a_score(rating, verdict):
    assert only({**REVIEW, "reviewRating": rating}).verdict == verdict


def test_text_is_cleaned_entities_controls_and_white_space():
    check = only({**REVIEW, "claimReviewed": "  The &quot;fare&quot;\n\tdoubled\u0000 since &#8216;20  ",
                  "headline": ["", "Fares &amp; fees"]})
    assert check.claim_reviewed == "The \"fare\" doubled\ufffd since \u201820"
    assert check.title == "Fares & fees"


def test_the_name_stands_in_for_a_missing_headline_and_a_language_object_gives_its_code():
    data = {k: v for k, v in REVIEW.items() if k != "headline"}
    check = only({**data, "name": "Bus fares", "inLanguage": {"@type": "Language", "name": "English",
                                                               "alternateName": "en"}})
    assert (check.title, check.language) == ("Bus fares", "en")


def test_an_id_that_is_a_web_address_stands_in_for_a_missing_url():
    data = {k: v for k, v in REVIEW.items() if k != "url"}
    assert only({**data, "@id": REVIEW["url"]}).url == REVIEW["url"]


def test_a_utf8_bom_and_utf16_are_read():
    text = json.dumps(REVIEW, ensure_ascii=False)
    assert read(b"\xef\xbb\xbf" + text.encode("utf-8")).checks == [EXPECTED]
    assert read(text.encode("utf-16")).checks == [EXPECTED]


# --- what is not kept ------------------------------------------------------------------------


def test_a_record_missing_its_url_is_named_and_the_others_are_kept():
    missing = {k: v for k, v in review(2).items() if k != "url"}
    result = read([review(1), missing, review(3, claimReviewed="")])
    assert [c.claim_reviewed for c in result.checks] == ["Claim number 1"]
    assert result.problems == [
        "checks.jsonld: ClaimReview 2 (at $[1]) was not imported: it has no \"url\" (the address of the "
        "fact-check page).",
        "checks.jsonld: ClaimReview 3 (at $[2]) was not imported: it has no \"claimReviewed\" (the words of "
        "the claim).",
    ]


def test_a_url_that_is_not_a_web_address_is_named():
    result = read([review(1), review(2, url="/2024/check-2")])
    assert result.problems == ["checks.jsonld: ClaimReview 2 (at $[1]) was not imported: its \"url\" "
                               "“/2024/check-2” is not a web address (it must start with http:// or https://)."]


def test_a_record_without_a_verdict_is_kept_and_said_so():
    data = {k: v for k, v in REVIEW.items() if k != "reviewRating"}
    result = read({"@graph": [data]})
    assert result.checks == [EXPECTED.with_(verdict="")]
    assert result.problems == ["checks.jsonld: ClaimReview 1 (at $[\"@graph\"][0]) has no verdict "
                               "(\"reviewRating\" with an \"alternateName\" or a \"ratingValue\"): "
                               "it was imported without one."]


def test_one_address_is_one_fact_check_the_later_is_kept():
    assert read([REVIEW, REVIEW]) == ClaimReviewFile([EXPECTED], [])  # the same record twice: no problem
    result = read([REVIEW, {**REVIEW, "reviewRating": {"alternateName": "Mostly False"}}])
    assert result.checks == [EXPECTED.with_(verdict="Mostly False")]
    assert result.problems == [f"checks.jsonld: ClaimReviews 1 and 2 have the same address {EXPECTED.url}, "
                               "which is a fact-check's identity: ClaimReview 2, the later, was kept."]


def test_a_file_none_of_whose_records_can_be_kept_is_refused():
    with pytest.raises(BadInput) as refused:
        read([{**REVIEW, "url": ""}, {**REVIEW, "claimReviewed": None}])
    assert str(refused.value).startswith("checks.jsonld: none of its 2 ClaimReviews can be imported, so nothing "
                                         "was: checks.jsonld: ClaimReview 1 (at $[0]) was not imported")


@pytest.mark.parametrize("data, message", [
    (b"{\"@type\": \"ClaimReview\",", "checks.jsonld is not JSON (Expecting property name enclosed in double "
                                      "quotes, line 1, column 25). factcheck reads schema.org ClaimReview as "
                                      "JSON-LD (.jsonld, .json) or in a saved fact-check page (.html)."),
    (b"", "checks.jsonld is not JSON (Expecting value, line 1, column 1)."),
    (b"\xff\xfe\xfd not text", "checks.jsonld is not JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "checks.jsonld cannot be read as JSON"),
    (json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Fares"}).encode(),
     "checks.jsonld holds no schema.org ClaimReview: no object in it has \"@type\": \"ClaimReview\" "
     "(it holds NewsArticle)."),
    (b"[1, \"ClaimReview\", {\"claimReviewed\": \"x\"}]", "checks.jsonld holds no schema.org ClaimReview"),
    (json.dumps({"@type": "ClaimReview", "@id": "#only-a-reference"}).encode(),
     "checks.jsonld holds no schema.org ClaimReview"),
])
def test_bad_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(BadInput) as refused:
        read_claimreviews(data, "checks.jsonld")
    assert str(refused.value).startswith(message)


# --- pages -----------------------------------------------------------------------------------


def page(*scripts: object, head: str = "", body: str = "<p>The article's text.</p>") -> bytes:
    blocks = "".join(f'<script type="application/ld+json">{s if isinstance(s, str) else json.dumps(s)}</script>'
                     for s in scripts)
    return (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>A fact check</title>{head}"
            f"{blocks}</head><body>{body}</body></html>").encode()


def test_a_page_with_a_lone_claimreview_script_beside_the_sites_other_json_ld():
    # As PolitiFact's pages: the site's own JSON-LD, then one ClaimReview with its scale's numbers.
    data = page({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": []},
                {"@context": "http://schema.org", "@type": "ClaimReview",
                 "datePublished": "2024-03-02", "url": "https://meter.example/factchecks/2024/mar/02/bus-fares/",
                 "author": {"@type": "Organization", "url": "https://meter.example/"},
                 "claimReviewed": "Says bus fares have doubled since 2020.",
                 "reviewRating": {"@type": "Rating", "ratingValue": 2, "bestRating": 6,
                                  "alternateName": "false", "image": "https://meter.example/false.jpg"},
                 "itemReviewed": {"@type": "CreativeWork", "author": {"@type": "Person", "name": "Ada Brook",
                                                                     "jobTitle": "Councillor"},
                                  "datePublished": "2024-02-28", "name": "in a speech"}})
    assert html_has_claimreview(data)
    result = read_claimreviews(data, "fares.html")
    assert result == ClaimReviewFile([PublishedCheck(
        url="https://meter.example/factchecks/2024/mar/02/bus-fares/",
        claim_reviewed="Says bus fares have doubled since 2020.", verdict="false",
        author="meter.example", published="2024-03-02", claimant="Ada Brook", claim_date="2024-02-28")], [])


def test_a_page_with_several_appearances_and_a_sentence_for_a_verdict():
    # As Full Fact's: no scale, a conclusion sentence; the claim seen in several places.
    data = page({"@context": "https://schema.org", "@type": "ClaimReview",
                 "url": "https://facts.example/health/waiting-lists/",
                 "datePublished": "2024-04-11T12:09:00+01:00",
                 "author": {"@type": "Organization", "name": "Facts Desk", "url": "https://facts.example/"},
                 "claimReviewed": "Waiting lists are the shortest they have been for ten years.",
                 "reviewRating": {"@type": "Rating",
                                  "alternateName": "Incorrect. They are longer than at any point before 2020."},
                 "itemReviewed": {"@type": "Claim", "datePublished": "2024-04-08",
                                  "author": {"@type": "Person", "name": "A Minister"},
                                  "appearance": [{"@type": "CreativeWork", "url": "https://video.example/q1"},
                                                 {"@type": "CreativeWork", "url": "https://social.example/p/2"}]}})
    (check,) = read_claimreviews(data, "lists.html").checks
    assert check.verdict == "Incorrect. They are longer than at any point before 2020."
    assert (check.claim_url, check.published, check.author) == ("https://video.example/q1", "2024-04-11",
                                                                 "Facts Desk")


def test_a_page_whose_graph_holds_the_article_and_its_claimreview():
    # As AFP's: one @graph with the NewsArticle and the ClaimReview; numbers as text; a language.
    data = page({"@context": "http://schema.org", "@graph": [
        {"@type": "NewsArticle", "headline": "Photo does not show flooded station", "inLanguage": "en"},
        {"@type": "ClaimReview", "url": "https://check.agency.example/doc.agency.123ABC",
         "claimReviewed": "Photo shows the central station flooded this week",
         "reviewRating": {"@type": "Rating", "ratingValue": "1", "worstRating": "1", "bestRating": "5",
                          "alternateName": "False"},
         "author": {"@type": "Organization", "name": "Agency Fact Check", "url": "https://check.agency.example"},
         "datePublished": "2024-01-15T16:20:00+01:00", "inLanguage": "en",
         "itemReviewed": {"@type": "Claim", "author": {"@type": "Organization", "name": "Multiple sources"},
                          "datePublished": "2024-01-13",
                          "firstAppearance": {"@type": "CreativeWork", "url": "https://social.example/x/1"}}},
    ]})
    assert read_claimreviews(data, "flood.html").checks == [PublishedCheck(
        url="https://check.agency.example/doc.agency.123ABC",
        claim_reviewed="Photo shows the central station flooded this week", verdict="False",
        author="Agency Fact Check", published="2024-01-15", claimant="Multiple sources", claim_date="2024-01-13",
        claim_url="https://social.example/x/1", language="en")]


def test_a_page_without_a_url_in_its_one_claimreview_uses_its_canonical_address():
    data = {k: v for k, v in REVIEW.items() if k != "url"}
    canonical = '<link rel="canonical" href="https://checkdesk.example/2024/bus-fares">'
    assert read_claimreviews(page(data, head=canonical), "fares.html").checks == [EXPECTED]
    relative = page({**REVIEW, "url": "/2024/bus-fares"}, head=canonical)
    assert read_claimreviews(relative, "fares.html").checks == [EXPECTED]
    og = '<meta property="og:url" content="https://checkdesk.example/2024/bus-fares">'
    assert read_claimreviews(page(data, head=og), "fares.html").checks == [EXPECTED]


def test_json_ld_that_pages_get_slightly_wrong_is_still_read():
    text = json.dumps(REVIEW, indent=1)
    wrapped = "<!--\n" + text.replace('"en"\n}', '"en",\n}').replace("Bus fares", "Bus\nfares", 1) + "\n-->"
    assert read_claimreviews(page(wrapped), "fares.html").checks == [EXPECTED]


def test_a_broken_script_beside_good_ones_is_a_problem():
    broken = '{"@type": "ClaimReview", "claimReviewed": "x" "url": 1}'
    result = read_claimreviews(page(broken, REVIEW, '{"@type": "WebSite",'), "fares.html")
    assert result.checks == [EXPECTED]
    assert result.problems == ["fares.html: JSON-LD script 1 is not valid JSON (Expecting ',' delimiter, "
                               "line 1, column 47): the ClaimReviews in it were not imported."]


def test_a_page_whose_only_claimreview_markup_is_broken_is_refused():
    data = page('{"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://a.example/x"')
    assert html_has_claimreview(data)  # it is a fact-check page: reading it says what is wrong
    with pytest.raises(BadInput) as refused:
        read_claimreviews(data, "fares.html")
    assert str(refused.value) == ("fares.html: its ClaimReview markup cannot be read: JSON-LD script 1 is not "
                                  "valid JSON (Expecting ',' delimiter, line 1, column 88). Nothing was imported.")


def test_the_position_names_the_script():
    missing = {k: v for k, v in REVIEW.items() if k != "claimReviewed"}
    result = read_claimreviews(page({"@type": "WebSite"}, {"@graph": [REVIEW, missing]}), "fares.html")
    assert result.problems == ["fares.html: ClaimReview 2 (in JSON-LD script 2, at $[\"@graph\"][1]) was not "
                               "imported: it has no \"claimReviewed\" (the words of the claim)."]


MICRODATA = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Fares</title></head><body>
<article itemscope itemtype="https://schema.org/ClaimReview">
  <link itemprop="url" href="https://checkdesk.example/2024/bus-fares">
  <h1 itemprop="headline">No, bus fares have not doubled</h1>
  <meta itemprop="inLanguage" content="en">
  <p>Published <time itemprop="datePublished" datetime="2024-05-07T09:00:00+01:00">7 May</time> by
    <span itemprop="author" itemscope itemtype="https://schema.org/Organization">
      <span itemprop="name">Check Desk</span></span></p>
  <div itemprop="itemReviewed" itemscope itemtype="https://schema.org/Claim">
    <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Councillor
      Ada Brook</span></span> said on <meta itemprop="datePublished" content="2024-05-01">1 May,
    <a itemprop="appearance" href="https://gazette.example/fares">in the Gazette</a>:
  </div>
  <blockquote itemprop="claimReviewed">Bus fares have doubled since 2020</blockquote>
  <div itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating">
    Our verdict: <strong itemprop="alternateName">False</strong>
    <meta itemprop="ratingValue" content="1"><meta itemprop="bestRating" content="5">
  </div>
</article></body></html>"""


def test_a_page_marked_up_with_microdata():
    data = MICRODATA.encode("utf-8")
    assert html_has_claimreview(data)
    assert read_claimreviews(data, "fares.html") == ClaimReviewFile([EXPECTED], [])


def test_the_same_fact_check_in_json_ld_and_microdata_is_one():
    data = MICRODATA.replace("</head>", f'<script type="application/ld+json">{json.dumps(REVIEW)}</script></head>')
    assert read_claimreviews(data.encode("utf-8"), "fares.html") == ClaimReviewFile([EXPECTED], [])


def test_a_page_without_claimreview_markup_is_refused():
    data = page({"@type": "NewsArticle", "headline": "What is ClaimReview?"},
                body="<p>ClaimReview is markup; \"@type\": \"ClaimReview\" is how it starts.</p>")
    assert not html_has_claimreview(data)
    with pytest.raises(BadInput) as refused:
        read_claimreviews(data, "explainer.html")
    assert str(refused.value) == ("explainer.html carries no ClaimReview markup (JSON-LD or microdata), so it "
                                  "is not a published fact-check page; import it as an article to check its "
                                  "claims.")


def test_a_page_in_a_legacy_encoding():
    data = page({**REVIEW, "claimReviewed": "Café fares doubled"}).replace(b"charset=utf-8", b"charset=windows-1252")
    data = data.decode("utf-8").encode("cp1252")
    (check,) = read_claimreviews(data, "fares.html").checks
    assert check.claim_reviewed == "Café fares doubled"


# --- telling the kinds of file apart -----------------------------------------------------------


def test_is_claimreview_json_tells_claimreview_from_a_bundle_and_other_json():
    assert is_claimreview_json(json.dumps(REVIEW).encode())
    assert is_claimreview_json(json.dumps({"@graph": [{"@type": "WebPage"}, REVIEW]}).encode("utf-16"))
    bundle = {"format": "factcheck-bundle", "version": 1, "article": {"text": "About \"@type\": \"ClaimReview\""},
              "claims": [{"quote": "ClaimReview", "@type": "ClaimReview"}]}
    assert not is_claimreview_json(json.dumps(bundle).encode())
    assert not is_claimreview_json(b'{"@type": "NewsArticle", "headline": "ClaimReview explained"}')
    assert not is_claimreview_json(b'{"@type": "ClaimReview", broken')
    assert not is_claimreview_json(b"\x00\xff ClaimReview")


def test_html_has_claimreview_on_ordinary_pages():
    assert not html_has_claimreview(page({"@type": "NewsArticle", "headline": "Bus fares rise"}))
    assert not html_has_claimreview(b"")
    assert not html_has_claimreview(b"\x89PNG\r\n ClaimReview")
    assert html_has_claimreview(page(REVIEW).decode("utf-8").encode("utf-16"))


# --- factcheck's own export, read back -------------------------------------------------------------


def test_factchecks_own_claimreview_export_reads_back():
    report = sample_report()
    exported = render_claimreview(report, "https://checkdesk.example/2024/mayor-budget", include_unapproved=True)
    checks = read_claimreviews(exported.encode("utf-8"), "mayor.claimreview.jsonld").checks
    rated = [c for c in report.claims if c.claim.verdict]
    assert [(c.claim_reviewed, c.verdict, c.url) for c in checks] == [
        (c.claim.quote, c.claim.verdict, f"https://checkdesk.example/2024/mayor-budget#claim-{c.number}")
        for c in rated]
    assert {c.author for c in checks} == {"Check Desk"}
    assert [c.claimant for c in checks] == [c.claim.claimant for c in rated]
    assert [c.claim_date for c in checks] == [c.claim.claim_date for c in rated]
    assert {c.claim_url for c in checks} == {ARTICLE_URL}
    assert all(c.published for c in checks)


# --- speed and robustness --------------------------------------------------------------------------


def test_ten_thousand_claimreviews_read_quickly():
    records = [{**REVIEW, "url": f"https://checkdesk.example/{n}", "claimReviewed": f"Claim {n} about fares",
                "datePublished": f"2024-05-{1 + n % 28:02d}T10:00:00Z"} for n in range(10_000)]
    data = json.dumps(records).encode("utf-8")
    start = time.perf_counter()
    assert is_claimreview_json(data)
    result = read_claimreviews(data, "many.jsonld")
    elapsed = time.perf_counter() - start
    assert len(result.checks) == 10_000 and result.problems == []
    assert elapsed < 3  # about 0.3 s here (bench/claimreview_import.py); generous for a busy machine


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20)
KEYS = ["@type", "@id", "@graph", "url", "claimReviewed", "reviewRating", "alternateName", "ratingValue",
        "bestRating", "name", "headline", "author", "datePublished", "itemReviewed", "appearance",
        "firstAppearance", "inLanguage", "@value", "publisher"]
SHAPED = st.recursive(
    st.sampled_from(["ClaimReview", "https://checkdesk.example/x", "2024-05-07T10:00:00Z", "5", "", " "])
    | JSON_VALUES,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(KEYS), children, max_size=6),
    max_leaves=30)


@given(st.one_of(JSON_VALUES, SHAPED))
def test_no_json_value_crashes_the_reader(value):
    data = json.dumps(value).encode("utf-8")
    try:
        result = read_claimreviews(data, "any.jsonld")
    except BadInput as error:
        assert str(error).startswith("any.jsonld")
    else:
        assert result.checks
        for check in result.checks:
            assert check.url.startswith(("http://", "https://")) and check.claim_reviewed.strip()
            assert all(isinstance(getattr(check, f), str) for f in ("verdict", "title", "author", "claimant"))
    assert is_claimreview_json(data) in (True, False)
    assert html_has_claimreview(page(value)) in (True, False)
    try:
        read_claimreviews(page(value), "any.html")
    except BadInput:
        pass
