"""W3C Web Annotations read back: the quotes others (or factcheck) marked, as claims to place.

Shapes read (JSON or JSON-LD, UTF-8):

- one ``Annotation``; a list of them;
- an ``AnnotationCollection`` (its ``first`` page's ``items``, or ``items`` given directly)
  or an ``AnnotationPage`` (``items``), as :mod:`factcheck.io.webannotation` writes;
- Hypothesis's API export, ``{"rows": [...]}``, each row's ``target`` a list whose
  ``selector`` list holds a TextQuoteSelector (and a TextPositionSelector).

Each annotation's passage is its TextQuoteSelector (``exact``, ``prefix``, ``suffix``),
with the TextPositionSelector's offsets when they span the quote
(:func:`~factcheck.core.reanchor.anchor_from_selectors`). What becomes of the body:

- factcheck's own bodies: ``assessing`` is the verdict, ``describing`` the rationale, a
  ``linking`` SpecificResource with a web address a source (its ``label`` the stance,
  ``dc:`` fields its title, publisher, date and excerpt); the annotation's ``creator`` is
  the reviewer.
- A note with no purpose (Hypothesis's ``text``, a TextualBody without ``purpose``, a
  ``bodyValue``) is the rationale when no ``describing`` body gives one: it is what the
  annotator wrote about the passage. Hypothesis has no verdict.
- Left out, on purpose: the status (``tagging``: an imported claim is a draft; approving
  is the desk's work in this library), ``commenting`` bodies (factcheck writes a source
  without a web address that way, as one line of text), tags, and the claimant (neither
  factcheck's export nor Hypothesis carries one).

Annotations about another annotation (factcheck's workflow records, whose ``target`` is
the claim annotation's id; Hypothesis's replies, which have ``references``) are not
passages and are passed over in silence. One that marks no passage (a page note, no
TextQuoteSelector, a field of the wrong type) is a problem, said with where it is; the
others are read. A file that is not JSON or holds no annotation at all is
:class:`~factcheck.io.BadInput`. Hostile input is bounded: the caller limits the bytes,
nesting too deep for the JSON parser is refused, and a file of more than
:data:`MAX_ANNOTATIONS` annotations is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from factcheck.core.anchors import Anchor, make_anchor
from factcheck.core.claims import InvalidUrl, Source, Stance, check_source_url
from factcheck.core.rating_scales import RatingScale
from factcheck.core.reanchor import PlacementKind, anchor_from_selectors, place_all
from factcheck.io.errors import BadInput
from factcheck.io.json_input import load_json

MAX_ANNOTATIONS = 5_000
"""More annotations than any article holds claims: a file with more is refused."""

MAX_QUOTE = 20_000
"""Characters of a quote (a long paragraph is a few thousand): a longer one is a problem."""

_LISTED = 5
_STANCES = {s.label.lower(): s for s in Stance} | {s.value: s for s in Stance}
_WHAT = "A Web Annotation file holds an Annotation, a list of them, an AnnotationCollection or Hypothesis's export"


@dataclass(frozen=True)
class ReadAnnotation:
    """One annotation's passage and what it says of it."""

    anchor: Anchor
    where: str
    """E.g. "annotation 3": for messages."""
    verdict: str | None = None
    rationale: str = ""
    reviewer: str = ""
    sources: tuple[Source, ...] = ()
    claimant: str = ""
    """factcheck's ``identifying`` body: who made the claim."""


@dataclass(frozen=True)
class AnnotationFile:
    name: str
    annotations: tuple[ReadAnnotation, ...]
    problems: tuple[str, ...] = ()
    """Annotations left out, each with where and why (the others were read)."""


@dataclass(frozen=True)
class Placed:
    """The file's annotations placed on an article's text: claims to add, orphans to report."""

    claims: list[tuple[ReadAnnotation, Anchor, str | None]] = field(default_factory=list)
    """Each annotation with its anchor on the text and its verdict (None if not on the scale)."""
    orphans: list[tuple[str, str]] = field(default_factory=list)
    """(quote, why) of each annotation that could not be placed."""
    problems: list[str] = field(default_factory=list)


def is_webannotation(data: bytes) -> bool:
    """Whether a ``.json``/``.jsonld`` file's bytes are Web Annotations (never raises)."""
    if b"Annotation" not in data and b"selector" not in data:  # cheap: most files are not
        return False
    try:
        document = _load(data, "")
    except BadInput:
        return False
    try:
        return any(_looks_like_annotation(item) for item in _items(document)[:20])
    except BadInput:
        return False


def read_annotations(data: bytes, name: str) -> AnnotationFile:
    """The annotations of a file's bytes; raises :class:`BadInput` for a file that holds none."""
    document = _load(data, name)
    items = _items(document)
    if len(items) > MAX_ANNOTATIONS:
        raise BadInput(f"{name} holds {len(items):,} annotations, more than the {MAX_ANNOTATIONS:,} "
                       "an import takes.")
    if not any(_looks_like_annotation(item) for item in items):
        raise BadInput(f"{name} holds no W3C Web Annotation. {_WHAT}.")
    ids = {item.get("id") for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}
    read, problems = [], []
    for n, item in enumerate(items, start=1):
        where = f"annotation {n}"
        try:
            found = _annotation(item, where, ids)
        except _Skip as problem:
            if str(problem):
                problems.append(f"{name}: {where} was not imported: {problem}")
            continue
        read.append(found)
    return AnnotationFile(name, tuple(read), tuple(problems))


def place_annotations(text: str, annotations: tuple[ReadAnnotation, ...], scale: RatingScale,
                      taken: set[tuple[int, int]] = frozenset()) -> Placed:
    """Place the annotations on ``text`` (as a revision's claims are placed); ``taken`` are spans
    the article's claims hold already (an annotation placed on one is not added twice)."""
    placed = Placed()
    for annotation, placement in zip(annotations, place_all(text, [a.anchor for a in annotations]), strict=True):
        if placement.kind is PlacementKind.ORPHAN or placement.anchor is None:
            placed.orphans.append((annotation.anchor.quote, placement.why))
            continue
        anchor = make_anchor(text, placement.anchor.start, placement.anchor.end)
        if (anchor.start, anchor.end) in taken:
            continue
        taken = {*taken, (anchor.start, anchor.end)}
        verdict = annotation.verdict
        if verdict is not None and scale.verdict(verdict) is None:
            placed.problems.append(f"{annotation.where}: the verdict “{verdict}” is not on the article's "
                                   f"rating scale ({scale.name}): the claim was added without it")
            verdict = None
        placed.claims.append((annotation, anchor, verdict))
    return placed


class _Skip(Exception):
    """An annotation left out; the message says why (empty: left out in silence)."""


def _load(data: bytes, name: str) -> object:
    return load_json(data, name, _WHAT)


def _items(document: object) -> list:
    """The annotations of any shape read (not their validity: :func:`_annotation` checks each)."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        return []
    if isinstance(document.get("rows"), list):  # Hypothesis's API
        return document["rows"]
    if isinstance(document.get("items"), list):  # an AnnotationPage, or a collection listing its items
        return document["items"]
    first = document.get("first")
    if isinstance(first, dict) and isinstance(first.get("items"), list):
        return first["items"]
    return [document]


def _looks_like_annotation(item: object) -> bool:
    """An object with a target that says it is an Annotation, or has a body, a note or a page (Hypothesis)."""
    if not isinstance(item, dict) or "target" not in item:
        return False
    kind = item.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "Annotation" in kinds or "oa:Annotation" in kinds or any(k in item for k in ("body", "text", "uri"))


def _annotation(item: object, where: str, ids: set) -> ReadAnnotation:
    if not isinstance(item, dict):
        raise _Skip("it is not a JSON object")
    if not _looks_like_annotation(item):
        raise _Skip("it is not an Annotation with a target")
    target = item.get("target")
    if (isinstance(target, str) and target in ids) or item.get("references"):
        raise _Skip("")  # about another annotation (the desk's workflow; a reply), not a passage
    quote = _quote_selector(target)
    if quote is None:
        raise _Skip("it marks no passage (no TextQuoteSelector: a note on the whole page?)")
    exact, prefix, suffix, start, end = quote
    if not exact.strip():
        raise _Skip("its quote is empty")
    if len(exact) > MAX_QUOTE:
        raise _Skip(f"its quote is longer than {MAX_QUOTE:,} characters")
    verdict, rationale, note, sources, claimant = _bodies(item.get("body"))
    if not rationale:
        rationale = note or _text(item.get("bodyValue")) or _text(item.get("text"))
    return ReadAnnotation(anchor_from_selectors(exact, prefix, suffix, start, end), where,
                          verdict=verdict, rationale=rationale, reviewer=_creator(item), sources=tuple(sources),
                          claimant=claimant)


def _quote_selector(target: object) -> tuple[str, str, str, int | None, int | None] | None:
    """The first target's quote (exact, prefix, suffix) and position, when it has a TextQuoteSelector."""
    targets = target if isinstance(target, list) else [target]
    for one in targets[:_LISTED * 4]:
        if not isinstance(one, dict):
            continue
        selector = one.get("selector")
        selectors = selector if isinstance(selector, list) else [selector]
        quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
        if quote is None or not isinstance(quote.get("exact"), str):
            continue
        position = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"),
                        {})
        start, end = position.get("start"), position.get("end")
        if not (_is_int(start) and _is_int(end)):
            start = end = None
        return quote["exact"], _text(quote.get("prefix")), _text(quote.get("suffix")), start, end
    return None


def _bodies(body: object) -> tuple[str | None, str, str, list[Source], str]:
    """(verdict, rationale, a note without purpose, sources, claimant) of an annotation's bodies."""
    verdict, rationale, notes, sources, claimant = None, "", [], [], ""
    for one in (body if isinstance(body, list) else [body])[:200]:
        if isinstance(one, str):
            continue  # a body that is only an address: nothing to read
        if not isinstance(one, dict):
            continue
        purpose = one.get("purpose")
        value = _text(one.get("value"))
        if one.get("type") == "SpecificResource" or isinstance(one.get("source"), dict):
            source = _source(one)
            if source is not None:
                sources.append(source)
        elif purpose == "assessing" and value.strip() and verdict is None:
            verdict = value.strip()
        elif purpose == "describing" and value.strip() and not rationale:
            rationale = value
        elif purpose == "identifying" and value.strip() and not claimant:
            claimant = " ".join(value.split())[:500]
        elif purpose is None and value.strip():
            notes.append(value)
    return verdict, rationale, "\n\n".join(notes), sources, claimant


def _source(body: dict) -> Source | None:
    if body.get("purpose") not in (None, "linking"):
        return None
    resource = body.get("source")
    resource = resource if isinstance(resource, dict) else {"id": resource}
    try:
        url = check_source_url(_text(resource.get("id")))
    except InvalidUrl:
        return None
    if not url:
        return None
    date = _text(resource.get("dc:date")).strip() or None
    return Source(url=url, title=_text(resource.get("dc:title")).strip(),
                  publisher=_text(resource.get("dc:publisher")).strip(), date=date,
                  excerpt=_text(resource.get("dc:description")).strip(),
                  stance=_STANCES.get(_text(body.get("label")).strip().lower(), Stance.CONTEXT))


def _creator(item: dict) -> str:
    """The annotator's name: ``creator`` (a name, or a Person with one), else Hypothesis's user."""
    creator = item.get("creator")
    if isinstance(creator, list) and creator:
        creator = creator[0]
    if isinstance(creator, dict):
        creator = creator.get("name") or creator.get("nickname")
    if isinstance(creator, str) and creator.strip() and not creator.startswith(("http:", "https:", "urn:")):
        return " ".join(creator.split())
    info = item.get("user_info")
    if isinstance(info, dict) and isinstance(info.get("display_name"), str) and info["display_name"].strip():
        return " ".join(info["display_name"].split())
    user = item.get("user")
    if isinstance(user, str) and user.startswith("acct:"):
        return user[len("acct:"):].split("@")[0]
    return ""


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
