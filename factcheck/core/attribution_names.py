"""Names in full, for :mod:`factcheck.core.attribution`: "Trump" → "Donald Trump" where the text says so once,
"the ministry" → "the Health Ministry" where the text names one such organisation.

A part of the attribution's document (:class:`FullNames`, mixed into it), read once per text and kept.
"""

from __future__ import annotations

import re

from factcheck.core.attribution_phrases import ORG_WORDS, TITLES, Name, person_names


class FullNames:
    """What the text says of everyone named in full (``text``, ``_all_tokens`` and the caches are the document's)."""

    text: str
    _registry: dict[str, tuple[int, int] | None] | None
    _genders: dict[str, str]
    _organisations: dict[str, str | None]

    def registry(self) -> dict[str, tuple[int, int] | None]:
        """Surname → the one full name the text gives it (None when several), of everyone named."""
        if self._registry is None:
            registry: dict[str, tuple[int, int] | None] = {}
            for name, titled, _ in person_names(self._all_tokens):
                words = self.text[name.start:name.end]
                if titled and name.gender:
                    self._genders.setdefault(name.surname, name.gender)
                if " " not in words:
                    if titled:
                        registry.setdefault(name.surname, None)
                    continue
                had = registry.get(name.surname)
                if had is None:
                    registry[name.surname] = (name.start, name.end)
                elif had != (-1, -1) and self.text[had[0]:had[1]] != words:
                    before = self.text[had[0]:had[1]]
                    if before.endswith(" " + words):
                        continue  # "de Blasio" of "Bill de Blasio"
                    registry[name.surname] = (name.start, name.end) if words.endswith(" " + before) \
                        else (-1, -1)
            self._registry = registry
        return self._registry

    def fuller(self, name: Name) -> str:
        """``name`` as the text gives it in full where it does so once.

        "Trump" → "Donald Trump"; "the ministry" → "the Health Ministry".
        """
        words = self.text[name.start:name.end]
        if name.kind == "person":
            full = self.registry().get(name.surname)
            if full is not None and full != (-1, -1) and full[1] - full[0] > len(words):
                return self.text[full[0]:full[1]]
            return words
        match = re.fullmatch(r"the (\w+)", words, re.IGNORECASE)
        if name.kind == "description" and match and match.group(1).lower() in ORG_WORDS:
            return self._named_organisation(match.group(1).lower()) or words
        return words

    def _named_organisation(self, head: str) -> str | None:
        if head not in self._organisations:
            self._organisations[head] = self._find_organisation(head)
        return self._organisations[head]

    def _find_organisation(self, head: str) -> str | None:
        """The one organisation the text names with ``head`` ("the Health Ministry"), or None."""
        names: dict[str, str] = {}
        for m in re.finditer(rf"\b{head.capitalize()}\b", self.text):
            a, b = m.start(), m.end()
            before = re.search(r"((?:[A-Z][\w’'&-]* )+)$", self.text[max(0, a - 60):a])
            after = re.match(r" of(?: the)? [A-Z][\w’'&-]*(?: [A-Z][\w’'&-]*)*", self.text[b:b + 60])
            if before:
                words = before.group(1).split()
                while words and words[0].lower() in TITLES | _NOT_ORGANISATION:
                    words.pop(0)
                a -= sum(len(w) + 1 for w in words)
            elif after:
                b += after.end()
            else:
                continue
            if a == m.start() and b == m.end():
                continue
            if self.text[max(0, a - 4):a].lower() == "the ":
                a -= 4
            names.setdefault(re.sub(r"^the ", "", self.text[a:b], flags=re.IGNORECASE), self.text[a:b])
        return next(iter(names.values())) if len(names) == 1 else None


_NOT_ORGANISATION = frozenset("the a an when after before but and if as while this that yesterday today".split())
