"""The report's text runs: the article cut where claims start and end, each run with its innermost claims."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from factcheck.core.anchors import Anchor
from factcheck.core.articles import Article
from factcheck.core.claims import Claim
from factcheck.core.rating_scales import builtin_scales
from factcheck.core.report import SHOWN_DEPTH, Report, ReportOptions, build_report, covering_runs

SCALE = next(s for s in builtin_scales() if s.key == "politifact")
VERDICTS = [v.label for v in SCALE.verdicts]


def report_on(text: str, spans: list[tuple[int, int]]) -> Report:
    claims = [Claim(anchor=Anchor(a, b, text[a:b], "", ""), id=n, number=n, verdict=VERDICTS[n % len(VERDICTS)])
              for n, (a, b) in enumerate(spans, start=1)]
    return build_report(Article(title="Nested", text=text), SCALE, claims, ReportOptions())


def nested(k: int) -> tuple[str, list[tuple[int, int]]]:
    """``k`` claims nested one inside the next, around the middle of the text."""
    text = "x" * (2 * k + 10)
    return text, [(n, len(text) - n) for n in range(k)]


def test_a_run_keeps_only_its_innermost_claims_however_deep_they_nest():
    k = 300
    text, spans = nested(k)
    runs = report_on(text, spans).text_runs()
    assert "".join(run.text for run in runs) == text
    # What the runs hold grows with the number of runs, never with the depth: a run
    # keeps SHOWN_DEPTH claims at most, and each claim starts in one run only.
    assert max(len(run.claims) for run in runs) == SHOWN_DEPTH
    assert sum(len(run.claims) + len(run.starts) for run in runs) <= SHOWN_DEPTH * len(runs) + k
    middle = runs[len(runs) // 2]
    assert middle.covering == k and middle.hidden == k - SHOWN_DEPTH
    assert [c.number for c in middle.claims] == list(range(k - SHOWN_DEPTH + 1, k + 1))  # innermost last


def brute_force(report: Report, a: int) -> tuple[list[int], list[int]]:
    """The numbers of the claims covering ``a`` (outermost first) and of those starting there."""
    in_order = sorted(report.claims, key=lambda c: c.claim.sort_key())
    covering = sorted((c for c in in_order if c.claim.start <= a < c.claim.end),
                      key=lambda c: c.claim.start - c.claim.end)  # longest first; text order among equals
    return [c.number for c in covering], [c.number for c in in_order if c.claim.start == a]


@given(st.data())
def test_runs_match_a_direct_reading_of_the_claims(data):
    length = data.draw(st.integers(1, 40))
    spans = []
    for _ in range(data.draw(st.integers(0, 20))):
        a = data.draw(st.integers(0, length - 1))
        spans.append((a, data.draw(st.integers(a + 1, length))))
    text = "y" * length
    report = report_on(text, spans)
    runs = report.text_runs()
    assert "".join(run.text for run in runs) == text
    cuts = sorted({0, length, *(p for span in spans for p in span)})
    assert [len(run.text) for run in runs] == [b - a for a, b in pairwise(cuts)]
    for a, run in zip(cuts, runs, strict=False):
        covering, starting = brute_force(report, a)
        assert [c.number for c in run.claims] == covering[-SHOWN_DEPTH:]
        assert run.covering == len(covering)
        assert [c.number for c in run.starts] == starting


def test_covering_runs_keeps_to_the_stretch_asked_for():
    spans = [(0, 10), (2, 4), (3, 12)]
    runs = list(covering_runs(spans, lambda s: s, 3, 8, depth=2))
    # (a, b, the innermost two outermost first, how many cover, which start at a)
    assert runs == [(3, 4, ((3, 12), (2, 4)), 3, ((3, 12),)),
                    (4, 8, ((0, 10), (3, 12)), 2, ())]
