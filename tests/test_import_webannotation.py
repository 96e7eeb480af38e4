"""Web Annotations placed on an article: export → import gives the same claims; a revised text
moves a claim and orphans another; a bad file writes nothing; ``factcheck import --article``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.core.anchors import make_anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim, Source, Stance
from factcheck.io import BadInput
from factcheck.operations import import_annotations, import_file, render_export, report_for
from factcheck.store import SQLiteStore, open_store

TEXT = ("Council approves new cycle lanes\n\n"
        "The council voted 7–2 on Tuesday to approve the lanes. Traffic deaths fell 30% last year, "
        "the mayor said. Cycling doubled since 2019, according to the transport office.\n\n"
        "The lanes will cost £4m, paid by a national grant.")


def span(phrase: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def new_library(text: str = TEXT) -> tuple[SQLiteStore, int]:
    library = SQLiteStore.in_memory(user="alice")
    article = library.add_article(Article(title="Cycle lanes", text=text, url="https://news.example/lanes",
                                          rating_scale="politifact"))
    return library, article.id


def mark(library, article_id: int, phrase: str, **fields) -> Claim:
    text = library.article(article_id).text
    return library.add_claim(Claim(anchor=make_anchor(text, *span(phrase, text)), article_id=article_id, **fields))


def exported(tmp_path: Path) -> Path:
    library, article_id = new_library()
    mark(library, article_id, "Traffic deaths fell 30% last year", verdict="False", reviewer="Dana",
         claimant="Mayor Ana Ilić", rationale="The police count shows 12%.\n\nSee the figures.",
         sources=(Source(url="https://police.example/2023", title="Road deaths 2023", publisher="Police",
                         date="2024-02-01", excerpt="down 12%", stance=Stance.REFUTES),))
    mark(library, article_id, "Cycling doubled since 2019", verdict="Mostly True", reviewer="Sam")
    mark(library, article_id, "The lanes will cost £4m")
    path = tmp_path / "lanes.annotations.jsonld"
    path.write_text(render_export(report_for(library, article_id, fmt="webannotation"), "webannotation"),
                    encoding="utf-8")
    library.close()
    return path


def same(claim: Claim) -> tuple:
    sources = tuple((s.url, s.title, s.publisher, s.date, s.excerpt, s.stance) for s in claim.sources)
    return (claim.anchor.start, claim.anchor.end, claim.anchor.quote, claim.verdict, claim.rationale,
            claim.reviewer, claim.claimant, sources)


def test_export_then_import_onto_the_same_text_gives_the_same_claims(tmp_path):
    path = exported(tmp_path)
    before, before_id = new_library()
    original = [mark(before, before_id, "Traffic deaths fell 30% last year", verdict="False", reviewer="Dana",
                     claimant="Mayor Ana Ilić", rationale="The police count shows 12%.\n\nSee the figures.",
                     sources=(Source(url="https://police.example/2023", title="Road deaths 2023",
                                     publisher="Police", date="2024-02-01", excerpt="down 12%",
                                     stance=Stance.REFUTES),)),
                mark(before, before_id, "Cycling doubled since 2019", verdict="Mostly True", reviewer="Sam"),
                mark(before, before_id, "The lanes will cost £4m")]
    library, article_id = new_library()
    result = import_annotations(library, path, article_id)
    assert (result.placed, result.orphans, result.problems) == (3, (), ())
    assert [same(c) for c in library.claims(article_id)] == [same(c) for c in original]

    again = import_annotations(library, path, article_id)  # the same file twice adds nothing twice
    assert again.placed == 0 and len(library.claims(article_id)) == 3


def test_a_revised_text_moves_one_claim_changes_one_and_orphans_one(tmp_path):
    path = exported(tmp_path)
    revised = ("Council approves new cycle lanes\n\nA new paragraph above everything else.\n\n"
               "The council voted 7–2 on Tuesday to approve the lanes. Traffic deaths fell 25% last year, "
               "the mayor said. Cycling doubled since 2019, according to the transport office.")
    library, article_id = new_library(revised)
    result = import_annotations(library, path, article_id)
    claims = library.claims(article_id)
    assert [c.anchor.quote for c in claims] == ["Traffic deaths fell 25% last year", "Cycling doubled since 2019"]
    assert claims[0].verdict == "False"  # the changed wording keeps what was said of it
    assert claims[1].anchor.start == revised.index("Cycling")  # moved with its paragraph
    assert result.placed == 2
    assert [quote for quote, _ in result.orphans] == ["The lanes will cost £4m"]
    assert result.orphans[0][1]  # with the reason


def test_a_bad_file_writes_nothing_and_says_why(tmp_path):
    library, article_id = new_library()
    broken = tmp_path / "broken.jsonld"
    broken.write_text('{"type": "AnnotationCollection", "first": {"items": [', encoding="utf-8")
    with pytest.raises(BadInput, match="is not JSON"):
        import_annotations(library, broken, article_id)
    reviews = tmp_path / "reviews.jsonld"
    reviews.write_text(json.dumps({"@type": "ClaimReview", "claimReviewed": "x"}), encoding="utf-8")
    with pytest.raises(BadInput, match="no W3C Web Annotation"):
        import_annotations(library, reviews, article_id)
    assert library.claims(article_id) == []


def test_without_an_article_a_web_annotation_file_is_refused_by_name(tmp_path):
    path = exported(tmp_path)
    library, _ = new_library()
    with pytest.raises(BadInput, match="--article ID"):
        import_file(library, path)


def test_factcheck_import_article_places_the_annotations(tmp_path):
    path = exported(tmp_path)
    (tmp_path / "lanes.txt").write_text(TEXT.replace("The lanes will cost £4m, paid by a national grant.", ""),
                                        encoding="utf-8")
    env = {**os.environ, "FACTCHECK_SETTINGS": str(tmp_path / "settings.ini"), "XDG_DATA_HOME": str(tmp_path)}
    env.pop("FACTCHECK_DB", None)

    def factcheck(*words: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "factcheck", "--db", "lib.db", *words], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)

    assert factcheck("import", "lanes.txt").returncode == 0
    refused = factcheck("import", path.name)
    assert refused.returncode == 1 and "--article" in refused.stderr
    done = factcheck("import", path.name, "--article", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"1\t2 claims placed, 1 orphan ({path.name})\n"
    assert done.stderr.startswith("factcheck: orphan: “The lanes will cost £4m”: ")
    library = open_store(tmp_path / "lib.db")
    try:
        assert [c.anchor.quote for c in library.claims(1)] == ["Traffic deaths fell 30% last year",
                                                              "Cycling doubled since 2019"]
    finally:
        library.close()
