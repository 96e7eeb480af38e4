"""Random edits through the Store, checked after every step against a simple model kept by the test.

The model knows what a user would see: the articles (archived or not) with their details, their
claims in text order with numbers and sources, how many history rows each article has, and which
ids were ever given. Every effective write must be announced once, naming its article; a write
that changes nothing, or is refused as stale, must write and announce nothing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import pytest
from contract_samples import PHRASES, TEXT, add_article, mark
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from factcheck.core.claims import ClaimStatus, Source, Stance
from factcheck.store import StaleValue

TITLES = st.sampled_from(["Mayor on crime", "Budget 💰", "Taxes"])
OUTLETS = st.sampled_from(["", "Gazette", "Herald"])
CLAIM_VALUES = {
    "verdict": st.sampled_from([None, "True", "False", "Half True"]),
    "claimant": st.sampled_from(["", "Mayor", "Council"]),
    "rationale": st.sampled_from(["", "Why.", "Police figures 📊 say 12%."]),
    "status": st.sampled_from(ClaimStatus),
}
SOURCE_TITLES = st.sampled_from(["Police", "Council", "Interview"])


@dataclass
class SourceModel:
    id: int
    title: str
    stance: Stance = Stance.CONTEXT


@dataclass
class ClaimModel:
    id: int
    start: int
    end: int
    number: int
    values: dict
    sources: list[SourceModel]


@dataclass
class ArticleModel:
    id: int
    title: str
    outlet: str = ""
    archived: bool = False
    claims: dict[int, ClaimModel] = field(default_factory=dict)
    numbered: int = 0
    history: int = 1  # its creation


class StoreMachine(RuleBasedStateMachine):
    def __init__(self, libraries) -> None:
        super().__init__()
        self.libraries = libraries
        self.store = libraries.open()
        self.notices = []
        self.store.subscribe(self.notices.append)
        self.heard = 0
        self.articles: dict[int, ArticleModel] = {}
        self.deleted_articles = []  # (DeletedArticle, ArticleModel)
        self.deleted_claims = []  # (Claim, ClaimModel)
        self.deleted_sources = []  # (Source, position, the claim's source ids once it was removed)
        self.given = {"articles": set(), "claims": set(), "sources": set()}

    def teardown(self) -> None:
        self.libraries.close(self.store)

    # ------------------------------------------------------------ helpers

    def announced(self, article_id: int, effective: bool) -> None:
        """One notice naming the article for an effective write, none for one that changed nothing."""
        new, self.heard = self.notices[self.heard:], len(self.notices)
        if effective:
            assert len(new) == 1 and article_id in new[0].articles, new
        else:
            assert new == []

    def give(self, kind: str, id_: int) -> None:
        assert id_ not in self.given[kind], f"{kind} id {id_} given twice"
        self.given[kind].add(id_)

    def pick_article(self, data) -> ArticleModel:
        return self.articles[data.draw(st.sampled_from(sorted(self.articles)))]

    def all_claims(self) -> list[tuple[ArticleModel, ClaimModel]]:
        return [(a, c) for a in self.articles.values() for c in a.claims.values()]

    def pick_claim(self, data) -> tuple[ArticleModel, ClaimModel]:
        return data.draw(st.sampled_from(self.all_claims()))

    def has_claims(self) -> bool:
        return any(a.claims for a in self.articles.values())

    def has_sources(self) -> bool:
        return any(c.sources for _, c in self.all_claims())

    def restorable_sources(self) -> list[int]:
        """Removed sources whose claim is as the removal left it (as an undo finds it)."""
        claims = {c.id: c for _, c in self.all_claims()}
        return [n for n, (source, _, after) in enumerate(self.deleted_sources)
                if source.claim_id in claims and [s.id for s in claims[source.claim_id].sources] == after]

    # -------------------------------------------------------------- articles

    @initialize()
    def an_article_with_claims_and_sources(self):
        self.add_an_article("Mayor on crime")
        article = self.store.article(max(self.articles))
        for phrase in ("Crime fell 40%", "The budget"):
            self.mark(article, phrase, None, "", ["Police", "Council", "Interview"])

    @precondition(lambda self: len(self.articles) < 3)  # a few articles: more steps go to claims and sources
    @rule(title=TITLES)
    def add_an_article(self, title):
        article = add_article(self.store, title, TEXT)
        self.give("articles", article.id)
        self.articles[article.id] = ArticleModel(article.id, title)
        self.announced(article.id, True)

    @precondition(lambda self: self.articles)
    @rule(data=st.data(), detail=st.sampled_from(["title", "outlet"]))
    def edit_a_detail(self, data, detail):
        article = self.pick_article(data)
        value = data.draw(TITLES if detail == "title" else OUTLETS)
        effective = getattr(article, detail) != value
        self.store.update_article(article.id, detail, value)
        setattr(article, detail, value)
        article.history += effective
        self.announced(article.id, effective)

    @precondition(lambda self: self.articles)
    @rule(data=st.data(), archived=st.booleans())
    def archive_or_bring_back(self, data, archived):
        article = self.pick_article(data)
        effective = article.archived != archived
        self.store.set_archived(article.id, archived)
        article.archived = archived
        article.history += effective
        self.announced(article.id, effective)

    @precondition(lambda self: self.articles)
    @rule(data=st.data())
    def delete_an_article(self, data):
        article = self.pick_article(data)
        deleted = self.store.delete_article(article.id)
        assert deleted.claims_numbered == article.numbered
        assert sorted(c.id for c in deleted.claims) == sorted(article.claims)
        self.deleted_articles.append((deleted, copy.deepcopy(article)))
        del self.articles[article.id]
        self.announced(article.id, True)

    @precondition(lambda self: self.deleted_articles)
    @rule(data=st.data())
    def restore_an_article(self, data):
        deleted, article = self.deleted_articles.pop(data.draw(st.integers(0, len(self.deleted_articles) - 1)))
        assert self.store.restore_article(deleted).id == article.id
        article.history += 1  # its history comes back, and the restore is recorded
        self.articles[article.id] = article
        self.announced(article.id, True)

    # ---------------------------------------------------------------- claims

    @precondition(lambda self: self.articles)
    @rule(data=st.data(), phrase=st.sampled_from(PHRASES), verdict=CLAIM_VALUES["verdict"],
          claimant=CLAIM_VALUES["claimant"], sources=st.lists(SOURCE_TITLES, max_size=2))
    def mark_a_claim(self, data, phrase, verdict, claimant, sources):
        self.mark(self.store.article(self.pick_article(data).id), phrase, verdict, claimant, sources)

    def mark(self, stored_article, phrase, verdict, claimant, sources):
        article = self.articles[stored_article.id]
        claim = mark(self.store, stored_article, phrase, verdict=verdict, claimant=claimant,
                     sources=tuple(Source(title=t) for t in sources))
        self.give("claims", claim.id)
        for source in claim.sources:
            self.give("sources", source.id)
        assert claim.number == article.numbered + 1
        article.numbered += 1
        article.claims[claim.id] = ClaimModel(
            claim.id, claim.start, claim.end, claim.number,
            {"verdict": verdict, "claimant": claimant, "rationale": "", "status": ClaimStatus.DRAFT},
            [SourceModel(s.id, s.title) for s in claim.sources])
        article.history += 1 + len(sources)
        self.announced(article.id, True)

    @precondition(lambda self: self.has_claims())
    @rule(data=st.data(), name=st.sampled_from(sorted(CLAIM_VALUES)), stale=st.booleans())
    def edit_a_claim(self, data, name, stale):
        article, claim = self.pick_claim(data)
        value = data.draw(CLAIM_VALUES[name])
        stored = claim.values[name]
        if stale:  # the caller read another value than the one stored: refused, nothing written
            expected = data.draw(CLAIM_VALUES[name].filter(lambda v: v != stored))
            with pytest.raises(StaleValue):
                self.store.update_claim(claim.id, name, value, expected=expected)
            self.announced(article.id, False)
            return
        effective = stored != value
        if data.draw(st.booleans()):
            self.store.update_claim(claim.id, name, value, expected=stored)
        else:
            self.store.update_claim(claim.id, name, value)
        claim.values[name] = value
        article.history += effective
        self.announced(article.id, effective)

    @precondition(lambda self: self.has_claims())
    @rule(data=st.data())
    def delete_a_claim(self, data):
        article, claim = self.pick_claim(data)
        self.deleted_claims.append((self.store.delete_claim(claim.id), claim))
        del article.claims[claim.id]
        article.history += 1
        self.announced(article.id, True)

    @precondition(lambda self: any(c.article_id in self.articles for c, _ in self.deleted_claims))
    @rule(data=st.data())
    def restore_a_claim(self, data):
        choices = [n for n, (c, _) in enumerate(self.deleted_claims) if c.article_id in self.articles]
        deleted, claim = self.deleted_claims.pop(data.draw(st.sampled_from(choices)))
        article = self.articles[deleted.article_id]
        assert self.store.restore_claim(deleted) == deleted
        article.claims[claim.id] = claim
        article.history += 1 + len(claim.sources)  # the claim and each of its sources come back
        self.announced(article.id, True)

    # --------------------------------------------------------------- sources

    @precondition(lambda self: self.has_claims())
    @rule(data=st.data(), title=SOURCE_TITLES)
    def add_a_source(self, data, title):
        article, claim = self.pick_claim(data)
        source = self.store.add_source(claim.id, Source(title=title))
        self.give("sources", source.id)
        claim.sources.append(SourceModel(source.id, title))
        article.history += 1
        self.announced(article.id, True)

    @precondition(lambda self: self.has_sources())
    @rule(data=st.data(), title=SOURCE_TITLES, stance=st.sampled_from(Stance))
    def edit_a_source(self, data, title, stance):
        article, claim = data.draw(st.sampled_from([(a, c) for a, c in self.all_claims() if c.sources]))
        source = data.draw(st.sampled_from(claim.sources))
        changed = (source.title != title) + (source.stance != stance)
        self.store.update_source(source.id, {"title": title, "stance": stance})
        source.title, source.stance = title, stance
        article.history += changed  # a row per changed field
        self.announced(article.id, bool(changed))

    @precondition(lambda self: self.has_sources())
    @rule(data=st.data())
    def remove_a_source(self, data):
        article, claim = data.draw(st.sampled_from([(a, c) for a, c in self.all_claims() if c.sources]))
        index = data.draw(st.integers(0, len(claim.sources) - 1))
        removed, position = self.store.delete_source(claim.sources[index].id)
        assert (removed.id, position) == (claim.sources[index].id, index)
        del claim.sources[index]
        self.deleted_sources.append((removed, position, [s.id for s in claim.sources]))
        article.history += 1
        self.announced(article.id, True)

    @precondition(lambda self: self.restorable_sources())
    @rule(data=st.data())
    def restore_a_source(self, data):
        source, position, _ = self.deleted_sources.pop(data.draw(st.sampled_from(self.restorable_sources())))
        article, claim = next((a, c) for a, c in self.all_claims() if c.id == source.claim_id)
        assert self.store.restore_source(source, position) == source
        claim.sources.insert(position, SourceModel(source.id, source.title, source.stance))
        article.history += 1
        self.announced(article.id, True)

    # ------------------------------------------------------------ invariants

    @invariant()
    def the_list_matches(self):
        assert [a.id for a in self.store.articles(archived=True)] == sorted(self.articles, reverse=True)
        assert {a.id for a in self.store.articles()} == {a.id for a in self.articles.values() if not a.archived}

    @invariant()
    def every_article_matches(self):
        for article in self.articles.values():
            summary = self.store.article_summary(article.id)
            stored = self.store.article(article.id)
            assert (stored.title, stored.outlet, stored.archived_at is not None) == (
                article.title, article.outlet, article.archived)
            assert (summary.title, summary.claim_count, summary.rated_count) == (
                article.title, len(article.claims),
                sum(c.values["verdict"] is not None for c in article.claims.values()))
            expected = sorted(article.claims.values(), key=lambda c: (c.start, c.end, c.id))
            assert [(c.id, c.number, c.verdict, c.claimant, c.rationale, c.status,
                     [(s.id, s.title, s.stance) for s in c.sources]) for c in self.store.claims(article.id)] == [
                (c.id, c.number, c.values["verdict"], c.values["claimant"], c.values["rationale"],
                 c.values["status"], [(s.id, s.title, s.stance) for s in c.sources]) for c in expected]
            assert len(self.store.history(article.id)) == article.history

    @invariant()
    def what_was_deleted_is_gone(self):
        for article_id in self.given["articles"] - set(self.articles):
            with pytest.raises(KeyError):
                self.store.article(article_id)
        for claim_id in self.given["claims"] - {c.id for _, c in self.all_claims()}:
            with pytest.raises(KeyError):
                self.store.claim(claim_id)


def test_random_edits_leave_the_store_as_the_model_says(libraries):
    run_state_machine_as_test(lambda: StoreMachine(libraries),
                              settings=settings(max_examples=20, stateful_step_count=25))
