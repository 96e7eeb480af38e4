"""Speed of the in-memory claim matcher over 100,000 library claims + 10,375 fact-checks.

Not what ships: "Already checked" asks the library's own full-text index for candidates and
ranks them as this matcher does, with nothing to build (``Store.similar``;
bench/checked_before.py measures it). This measures the in-memory index, the alternative
(4–8 s to build before its first answer).

Run by hand:

    .venv/bin/python bench/similar_speed.py [--claims 100000] [--queries 300] [--data ../shared/data/claim-retrieval]

Builds a :class:`~factcheck.core.matching.ClaimMatcher` over generated claim-like sentences
(with their article's headline) and the published fact-checks of the claim-retrieval data
(its verified claims: 10,375 claim + title; generated ones too if the data is absent), then
times, on one thread:

- building the index (once, off the UI thread: no target, reported);
- ``similar()`` for new claims not in the index: median ≤ 50 ms, p95 ≤ 150 ms (issue 13);
- one ``add``, ``update`` and ``remove`` each: ≤ 2 ms (the issue's budget per edit).

Prints each figure, its target and the ratio (measured ÷ target); exit status 1 if a target
is missed. The sentences are random but shaped like claims: a Zipf-like choice of words,
so some ("president", "million") are in a tenth of the library, as in a real one.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factcheck.core.matching import ClaimMatcher

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "claim-retrieval"

_FIRST = "Maria John Ahmed Li Olga Pedro Aisha Tom Fatima Ivan Grace Kofi Yuki Lars Sofia Omar"
_LAST = "Smith Okafor Müller Garcia Chen Kowalski Haddad Rossi Novak Silva Tanaka Dubois Jensen"
FIRST, LAST = _FIRST.split(), _LAST.split()
ROLES = [
    "The president", "The prime minister", "The health minister", "The mayor of {place}",
    "The opposition leader", "A senator from {place}", "The central bank", "The police in {place}",
    "The World Health Organization", "The finance ministry", "{name}", "{name}", "{name}",
    "A viral post", "A video shared on social media", "The governor of {place}", "The school board",
]
VERBS = [
    "said that", "claimed that", "announced that", "denied that", "wrote that", "promised that",
    "told reporters that", "posted that", "suggested that", "insisted that",
]
SUBJECTS = [
    "unemployment", "crime", "inflation", "the deficit", "vaccination rates", "immigration",
    "petrol prices", "rent", "the minimum wage", "hospital waiting times", "school funding",
    "carbon emissions", "the national debt", "food prices", "electricity bills", "taxes on {thing}",
    "spending on {thing}", "the number of {people}", "arrests of {people}", "support for {thing}",
]
CHANGES = [
    "rose by {n} percent", "fell by {n} percent", "doubled", "halved", "reached a record high",
    "is the lowest since {year}", "grew {n} times faster than in {place}", "cost {n} million",
    "has not changed since {year}", "will rise by {n} percent next year", "was cut by {n} million",
]
THINGS = [
    "diesel cars", "sugar", "tobacco", "bicycles", "private schools", "wind farms", "the army",
    "public transport", "pensions", "social media", "farmers", "nurses", "police officers",
    "solar panels", "imported cheese", "space research", "football clubs", "churches", "5G masts",
]
PEOPLE = ["migrants", "teachers", "doctors", "students", "pensioners", "refugees", "nurses", "tourists"]
PLACES = [
    "Lagos", "Berlin", "Texas", "Ontario", "Madrid", "Nairobi", "Manila", "São Paulo", "Kraków",
    "Ohio", "Scotland", "Bavaria", "Kerala", "Queensland", "Lyon", "Osaka", "Cairo", "Lima",
]
TAILS = [
    "", "", "", " in {year}", " last month", " according to a leaked report", " under the new law",
    " since the election", " in {place}", " because of the pandemic", " after the floods in {place}",
]
HEADLINES = [
    "{role} under fire over {subject}", "What we know about {subject} in {place}",
    "Fact check: {subject} and {thing}", "{place} debates {subject}", "Election {year}: {subject}",
]


def _pick(rng: random.Random, items: list[str]) -> str:
    # Zipf-like: the first items come up far more often than the last.
    return items[min(int(rng.paretovariate(1.2)) - 1, len(items) - 1)] if rng.random() < 0.5 else rng.choice(items)


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        place=_pick(rng, PLACES),
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        thing=_pick(rng, THINGS),
        people=_pick(rng, PEOPLE),
        n=rng.choice([2, 3, 5, 10, 12, 15, 20, 25, 40, 50, 70, 100, 250, rng.randint(1, 999)]),
        year=rng.randint(1990, 2024),
        role=_pick(rng, ROLES).format(place=_pick(rng, PLACES), name=f"{rng.choice(FIRST)} {rng.choice(LAST)}"),
        subject=_fill(rng, _pick(rng, SUBJECTS)) if "{subject}" in template else "",
    )


def generated_claim(rng: random.Random) -> tuple[str, str]:
    """A claim-like sentence and an article headline."""
    role = _fill(rng, _pick(rng, ROLES))
    subject = _fill(rng, _pick(rng, SUBJECTS))
    claim = f"{role} {_pick(rng, VERBS)} {subject} {_fill(rng, _pick(rng, CHANGES))}{_fill(rng, _pick(rng, TAILS))}."
    return claim, _fill(rng, _pick(rng, HEADLINES))


def published_checks(data: Path, rng: random.Random) -> list[tuple[str, str]]:
    docs = data / "verified_claims.docs.tsv"
    if docs.exists():
        with docs.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter="\t"))[1:]
        return [(row[1], row[2]) for row in rows if len(row) >= 3]
    print(f"({docs} not found: the fact-checks are generated too)")
    return [generated_claim(rng) for _ in range(10_375)]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(label: str, measured_ms: float, target_ms: float | None) -> bool:
    if target_ms is None:
        print(f"{label:42} {measured_ms:10.2f} ms")
        return True
    ratio = measured_ms / target_ms
    print(f"{label:42} {measured_ms:10.2f} ms   target ≤ {target_ms:g} ms   ratio {ratio:.2f}")
    return ratio <= 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    rng = random.Random(13)
    library = [generated_claim(rng) for _ in range(args.claims)]
    published = published_checks(args.data, rng)
    docs = [(("library", i), claim, title) for i, (claim, title) in enumerate(library)]
    docs += [(("published", i), claim, title) for i, (claim, title) in enumerate(published)]
    print(f"{len(library)} library claims + {len(published)} published fact-checks = {len(docs)} documents")
    print("e.g.", library[0][0], "/", library[0][1])

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    matcher = ClaimMatcher(docs)
    build = time.perf_counter() - start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024  # KiB on Linux
    print(f"{'build the index (once, off the UI thread)':42} {build:10.2f} s    (peak memory +{grown:.0f} MiB)")

    ok = True
    queries = [generated_claim(rng)[0] for _ in range(args.queries)]
    # Reworded published claims too, and one long post: the other shapes a query takes.
    queries += [f"Is it true that {claim.lower()} #factcheck" for claim, _ in rng.sample(published, args.queries // 3)]
    times = []
    for text in queries:
        start = time.perf_counter()
        matcher.similar(text, 10)
        times.append((time.perf_counter() - start) * 1000)
    ok &= report(f"similar(), median of {len(times)} new claims", statistics.median(times), 50)
    ok &= report("similar(), 95th percentile", percentile(times, 0.95), 150)
    report("similar(), slowest", max(times), None)

    for label, op in (
        ("add one claim", lambda i: matcher.add(("new", i), *generated_claim(rng))),
        ("update one claim", lambda i: matcher.update(("library", i), *generated_claim(rng))),
        ("remove one claim", lambda i: matcher.remove(("new", i))),
    ):
        times = []
        for i in range(500):
            start = time.perf_counter()
            op(i)
            times.append((time.perf_counter() - start) * 1000)
        ok &= report(f"{label}, median", statistics.median(times), 2)
        ok &= report(f"{label}, 95th percentile", percentile(times, 0.95), 2)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
