"""Paragraphs the extractor dropped, put back from the page's own structure; furniture left out."""

import json

from trafilatura.utils import load_html

from factcheck.io.body_completion import complete_blocks
from factcheck.io.json_ld import article_body, json_ld
from factcheck.io.page_paragraphs import page_paragraphs

FIRST = ("The council says the borough now recycles twice as much household waste as it did in 2021, "
         "a claim repeated by the council leader at the budget meeting.")
LOST = "Figures published in March show the rate rose from 21.4% to 34.9%."
THIRD = ("That is an increase of about 63%, not a doubling, although the tonnage collected did rise "
         "faster than the rate.")
FOURTH = "The council said it stood by the statement and would publish a breakdown of the figures next month."


def page(body: str, head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><title>Recycling claim</title>{head}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>{body}"
            "<footer><p>© 2024 The Courier. All rights reserved.</p></footer></body></html>")


def complete(html: str, blocks: list[str]) -> list[str]:
    tree = load_html(html)
    return complete_blocks(page_paragraphs(tree), blocks, article_body(json_ld(tree)))


def test_a_paragraph_between_two_kept_ones_is_restored_in_its_place():
    html = page(f"<article><div class='story-body'><p>{FIRST}</p><p>{LOST}</p><p>{THIRD}</p>"
                f"<p>{FOURTH}</p></div></article>")
    assert complete(html, [FIRST, THIRD, FOURTH]) == [FIRST, LOST, THIRD, FOURTH]


def test_a_short_sub_heading_where_the_body_sits_is_restored_but_not_a_one_word_label():
    html = page(f"<div class='story-body'><p>{FIRST}</p><h2>What the figures say</h2><p>Advert</p>"
                f"<p>{THIRD}</p></div>")
    assert complete(html, [FIRST, THIRD]) == [FIRST, "What the figures say", THIRD]


def test_a_caption_an_aside_and_a_related_articles_list_between_kept_paragraphs_are_not_pulled_in():
    html = page(
        f"<div class='story-body'><p>{FIRST}</p>"
        "<figure><img src='bins.jpg'><figcaption>Bins at the Millbrook recycling centre on Tuesday, "
        "where the council says most of the new tonnage is sorted before it is sent on.</figcaption></figure>"
        "<div class='photo'><span class='image-caption'>The recycling centre opened in 2019 and now "
        "handles the waste of the whole borough, the council says.</span></div>"
        "<aside><p>Sign up to our newsletter to get the day's local stories in your inbox every morning.</p></aside>"
        "<div class='related-articles'><h3>Related articles</h3><ul><li><a href='/a'>Bin collections move "
        "to fortnightly</a></li><li><a href='/b'>Landfill tax rises again</a></li></ul></div>"
        "<p class='share'>Share this article on Facebook, on X or by email with your friends and family.</p>"
        f"<p>{THIRD}</p></div>")
    assert complete(html, [FIRST, THIRD]) == [FIRST, THIRD]


def test_a_list_of_links_is_not_restored_but_a_list_of_figures_is_as_one_block():
    html = page(
        f"<div class='story-body'><p>{FIRST}</p>"
        "<ul><li><a href='/x'>More on recycling</a></li><li><a href='/y'>More on the council</a></li></ul>"
        "<ul><li>Food waste: 12,400 tonnes</li><li>Garden waste: 8,100 tonnes</li></ul>"
        f"<p>{THIRD}</p></div>")
    assert complete(html, [FIRST, THIRD]) == [
        FIRST, "- Food waste: 12,400 tonnes\n- Garden waste: 8,100 tonnes", THIRD]


def test_an_embedded_post_quoted_in_the_body_is_restored():
    html = page(
        f"<div class='story-body'><p>{FIRST}</p>"
        "<blockquote class='twitter-tweet'><p>We have doubled what we recycle since the food caddies "
        "arrived <a href='https://t.co/x'>pic.twitter.com/x</a></p>— Councillor Achebe (@achebe) "
        "<a href='https://twitter.com/achebe/status/1'>March 14, 2024</a></blockquote>"
        f"<p>{THIRD}</p></div>")
    completed = complete(html, [FIRST, THIRD])
    assert completed[0] == FIRST and completed[-1] == THIRD
    assert any(block.startswith("We have doubled what we recycle") for block in completed)


def test_a_long_stretch_of_another_part_of_the_page_is_not_taken_for_lost_paragraphs():
    teasers = "".join(f"<div class='teaser'><p>Story number {n} about something else entirely, told at "
                      "length in a teaser of its own on the home page.</p></div>" for n in range(12))
    html = page(f"<div class='story-body'><p>{FIRST}</p></div>{teasers}<div class='comments-list'>"
                f"<p>{THIRD}</p></div>")
    assert complete(html, [FIRST, THIRD]) == [FIRST, THIRD]


def test_a_body_continued_in_a_second_chunk_after_an_advert_is_restored_but_not_the_next_article():
    chunk = "<div class='body__container'>{}</div>"
    html = page(
        "<article>"
        + chunk.format(f"<p>{FIRST}</p><p>{THIRD}</p>")
        + "<div class='ad-slot'><p>Advertisement</p></div>"
        + chunk.format(f"<p>{FOURTH}</p>")
        + "</article><article><h1>Next story</h1>"
        + chunk.format("<p>An entirely different story about the ferry fares, which the reader did not "
                       "open and which is no part of this article.</p>")
        + "</article>")
    assert complete(html, [FIRST, THIRD]) == [FIRST, THIRD, FOURTH]


def test_a_json_ld_article_body_that_holds_more_brings_back_the_paragraphs_it_declares():
    standfirst = "Councillors were told the rate had doubled; the council's own figures say otherwise."
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Recycling claim",
          "articleBody": " ".join([standfirst, FIRST, LOST, THIRD, FOURTH])}
    html = page(
        f"<article><div class='standfirst-text'><div>{standfirst}</div></div>"
        f"<div class='story-body'><p>{FIRST}</p><div class='inline-box'><div>{LOST}</div></div>"
        f"<p>{THIRD}</p></div><div class='story-end'><div>{FOURTH}</div></div></article>",
        head=f"<script type='application/ld+json'>{json.dumps(ld)}</script>")
    assert complete(html, [FIRST, THIRD]) == [standfirst, FIRST, LOST, THIRD, FOURTH]


def test_a_short_json_ld_summary_decides_nothing():
    label = "Figures for every borough"
    ld = {"@type": "NewsArticle", "articleBody": f"{label}. {FIRST}"}
    html = page(f"<div class='story-body'><p>{FIRST}</p><div class='box'><div>{label}</div></div><p>{THIRD}</p></div>",
                head=f"<script type='application/ld+json'>{json.dumps(ld)}</script>")
    assert complete(html, [FIRST, THIRD]) == [FIRST, THIRD]


def test_unreadable_or_nested_json_ld_is_read_where_it_can_be():
    graph = {"@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle", "articleBody": "Line one\nline two"}]}
    html = page("<p>x</p>", head="<script type='application/ld+json'>{not json</script>"
                                 f"<script type='application/ld+json'>{json.dumps(graph)}</script>")
    assert article_body(json_ld(load_html(html))) == "Line one\nline two"


def test_a_kept_line_that_is_nearly_all_links_is_dropped_but_not_a_sentence_with_a_link():
    read_more = "Read more: Bin collections move to fortnightly from April across the whole borough"
    with_link = "The figures are in the council's annual report, which was published in March."
    html = page(f"<div class='story-body'><p>{FIRST}</p><p>Read more: <a href='/bins'>Bin collections move to "
                f"fortnightly from April across the whole borough</a></p><p>The figures are in the <a href='/r'>council's annual report</a>, "
                f"which was published in March.</p></div>")
    assert complete(html, [FIRST, read_more, with_link]) == [FIRST, with_link]


def test_the_page_paragraphs_keep_inline_text_together_and_leave_scripts_and_hidden_text_out():
    html = page("<div class='story-body'>Loose text before <b>a block</b><p>A <a href='/x'>linked</a> word "
                "and <em>emphasis</em>.</p><script>var x = 'no';</script><p hidden>Hidden text</p>"
                "<p style='display: none'>Also hidden</p>loose text after"
                "<table><tr><td>Pos</td><td>Player</td></tr><tr><td>1</td><td>Kyle Busch</td></tr></table></div>")
    texts = [paragraph.text for paragraph in page_paragraphs(load_html(html))]
    assert texts[texts.index("Loose text before a block"):] == [
        "Loose text before a block", "A linked word and emphasis.", "loose text after", "Pos Player",
        "1 Kyle Busch", "© 2024 The Courier. All rights reserved."]
