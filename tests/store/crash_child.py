"""The child of the crash test: a stream of user edits on a library, until it is killed.

    python tests/store/crash_child.py LIBRARY SEED TRIAL

Each edit is one call of :class:`factcheck.store.SQLiteStore` (one transaction), announced on
stdout before the call (``{"intent": ...}``) and acknowledged right after it returns,
that is after its commit (``{"ack": n}``): the acknowledgement is what the window's
"Saved" stands for. Claims are named by a unique claimant (``t3-c7``) and sources by a
unique title, so the parent can model the expected library without knowing row ids.
The parent SIGKILLs this process at a random moment.
"""

from __future__ import annotations

import json
import random
import sys
import time

from factcheck.core.anchors import make_anchor
from factcheck.core.claims import Claim, Source
from factcheck.store import SQLiteStore

ARTICLE_TITLE = "Crash trial article"
ARTICLE_TEXT = " ".join(f"Sentence {n} says the figure rose by {n % 97} percent in {1990 + n % 35}."
                        for n in range(400))
VERDICTS = [None, "True", "Mostly true", "Half true", "False", "Pants on fire 🔥"]
STATUSES = ["draft", "in_review", "approved"]
MAX_CLAIMS = 30


def say(**line) -> None:
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


def words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(["evidence", "figure", "report", "𝔡𝔞𝔱𝔞", "budget", "📊", "claim", "source"])
                    for _ in range(rng.randint(low, high)))


def main(path: str, seed: int, trial: int) -> None:
    rng = random.Random(seed)
    library = SQLiteStore.open(path, user="crash-test")
    article = next(a for a in library.articles() if a.title == ARTICLE_TITLE)
    claims = {c.claimant: c.id for c in library.claims(article.id)}
    sources = {s.title: (c.claimant, s.id) for c in library.claims(article.id) for s in c.sources}
    count = 0

    def fresh(kind: str) -> str:
        nonlocal count
        count += 1
        return f"t{trial}-{kind}{count}"

    say(ready=True)
    undo: Claim | None = None  # a claim just deleted: the next edit may put it back (an undo)
    n = 0
    while True:
        burst = rng.randint(1, 12)
        for _ in range(burst):
            n += 1
            owned = [t for t, (claim, _) in sources.items() if claim in claims]
            choices = ["add_claim"] * (3 if len(claims) < MAX_CLAIMS else 0)
            if claims:
                choices += ["update_claim"] * 4 + ["add_source"] * 2 + ["delete_claim"]
                choices += ["delete_claim"] * (4 if len(claims) >= MAX_CLAIMS else 0)
            if owned:
                choices += ["update_source"] * 2 + ["delete_source"]
            if undo is not None:
                choices += ["restore_claim"] * 12
            op = rng.choice(choices)
            if op == "add_claim":
                token = fresh("c")
                new = [(fresh("s"), words(rng, 50, 400)) for _ in range(rng.randint(0, 5))]
                start = rng.randrange(0, len(ARTICLE_TEXT) - 200)
                claim = Claim(anchor=make_anchor(ARTICLE_TEXT, start, start + rng.randint(5, 150)),
                              article_id=article.id, claimant=token,
                              sources=tuple(Source(title=t, excerpt=e) for t, e in new))
                say(intent={"op": op, "claim": token, "sources": new})
                stored = library.add_claim(claim)
                claims[token] = stored.id
                sources.update({s.title: (token, s.id) for s in stored.sources})
            elif op == "update_claim":
                token = rng.choice(sorted(claims))
                field = rng.choice(["verdict", "rationale", "status"])
                value = {"verdict": lambda: rng.choice(VERDICTS), "status": lambda: rng.choice(STATUSES),
                         "rationale": lambda: words(rng, 0, 300)}[field]()
                say(intent={"op": op, "claim": token, "field": field, "value": value})
                library.update_claim(claims[token], field, value)
            elif op == "add_source":
                token, title, excerpt = rng.choice(sorted(claims)), fresh("s"), words(rng, 0, 100)
                say(intent={"op": op, "claim": token, "source": title, "excerpt": excerpt})
                stored = library.add_source(claims[token], Source(title=title, excerpt=excerpt))
                sources[title] = (token, stored.id)
            elif op == "update_source":
                title = rng.choice(sorted(owned))
                excerpt = words(rng, 0, 200)
                say(intent={"op": op, "claim": sources[title][0], "source": title, "excerpt": excerpt})
                library.update_source(sources[title][1], {"excerpt": excerpt})
            elif op == "delete_source":
                title = rng.choice(sorted(owned))
                say(intent={"op": op, "claim": sources[title][0], "source": title})
                library.delete_source(sources.pop(title)[1])
            elif op == "delete_claim":
                token = rng.choice(sorted(claims))
                say(intent={"op": op, "claim": token})
                undo = library.delete_claim(claims.pop(token))
            elif op == "restore_claim":
                say(intent={"op": op, "claim": undo.claimant})
                library.restore_claim(undo)
                claims[undo.claimant] = undo.id
            if op != "delete_claim":
                undo = None
            say(ack=n)
        time.sleep(rng.choice([0, 0, 0.001, 0.005, 0.02]))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
