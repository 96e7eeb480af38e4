"""The command line's review commands: ``factcheck review ACTION``, the desk's review workflow from a terminal.

ACTION is ``propose``, ``ask`` (a second opinion), ``approve``, ``return``, ``reopen``, ``comment``,
``claims`` (an article's), ``show`` (a claim's proposals, requests, decisions and comments),
``waiting`` or ``agreement``.

Each goes through the public API's call of the same name (:mod:`factcheck.api`; docs/api.md,
"Review workflow"): the same rules, the same blindness, the same refusals. Each prints a line or
a short listing; an error prints one line on stderr and exits with status 1 (2 for a usage error).

- A claim is ``ARTICLE:NUMBER`` (claim NUMBER of article ARTICLE, as the window numbers
  them; ``factcheck list`` shows the articles' ids) or its id alone; every message names it
  as ``ARTICLE:NUMBER``.
- The reviewer: on a library file, ``--reviewer NAME``, else the name in the window's
  Preferences; on a shared library, the login (``--reviewer`` is refused there).
- ``approve``, ``return`` and ``reopen`` need a short note: ``-m NOTE``, else asked on a
  terminal, else refused.
- While a window has the library file open, ``claims``, ``show``, ``waiting`` and ``agreement``
  read a copy it writes; the other commands are refused (do them in the window, or close it).

:mod:`factcheck.cli` imports this module as it starts: nothing here loads the library until a
command runs.
"""

from __future__ import annotations

import argparse
import builtins
import re
import sys
from pathlib import Path

from factcheck.terminal_text import printable

ACTIONS = ("propose", "ask", "ask-article", "approve", "return", "reopen", "comment", "claims", "show", "waiting", "agreement")
READS = ("claims", "show", "waiting", "agreement")
NOTED = ("approve", "return", "reopen")
_CLAIM = re.compile(r"(\d+)(?::(\d+))?")


def say(text: str, *, error: bool = False) -> None:
    """One line for the user, its control characters shown, not run (a title or a name may hold some)."""
    builtins.print(printable(text), file=sys.stderr if error else sys.stdout)


def claim_word(word: str) -> tuple[int | None, int]:
    """``ARTICLE:NUMBER`` → (article id, claim number); a claim id alone → (None, id)."""
    found = _CLAIM.fullmatch(word.strip())
    if found is None:
        raise argparse.ArgumentTypeError(f"expected ARTICLE:NUMBER (claim NUMBER of article ARTICLE) or a claim "
                                         f"id, not {word!r}")
    article, number = found.groups()
    return (None, int(article)) if number is None else (int(article), int(number))


def add_commands(sub) -> None:
    """The ``review`` command and its actions, on the command parser's subparsers."""
    p_review = sub.add_parser("review", help="the desk's review: propose verdicts, ask for second opinions, approve, "
                                             "return, reopen, comment, what waits for me, agreement")
    actions = p_review.add_subparsers(dest="action", required=True, metavar="ACTION")
    who = argparse.ArgumentParser(add_help=False)
    who.add_argument("--reviewer", metavar="NAME", help="on a library file: who you are (default: the reviewer "
                                                        "name in Preferences); on a shared library, the login")

    def action(name: str, text: str, *, claim: bool = True) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=text, description=text, parents=[who])
        if claim:
            parser.add_argument("claim", type=claim_word, metavar="CLAIM",
                                help="ARTICLE:NUMBER (claim NUMBER of article ARTICLE), or the claim's id")
        if name in NOTED:
            parser.add_argument("-m", "--note", metavar="NOTE", help="why, in a few words (asked if left out)")
        return parser

    p_propose = action("propose", "propose your verdict for a claim (submitted: the claim waits for sign-off)")
    p_propose.add_argument("verdict", metavar="VERDICT", help="a verdict of the article's rating scale")
    p_propose.add_argument("rationale", nargs="?", default="", metavar="RATIONALE", help="why, with the evidence")
    p_propose.add_argument("--draft", action="store_true", help="save it as a draft that only you see")
    p_ask = action("ask", "ask colleagues to rate a claim independently (blind until they propose)")
    p_ask.add_argument("reviewers", nargs="+", metavar="REVIEWER", help="their reviewer names (logins)")
    p_ask.add_argument("-m", "--note", default="", metavar="NOTE", help="a word for them")
    p_ask_article = action("ask-article", "ask colleagues to rate every claim of an article not yet approved, "
                                          "independently", claim=False)
    p_ask_article.add_argument("article", type=int, metavar="ARTICLE", help="the article's id (`factcheck list`)")
    p_ask_article.add_argument("reviewers", nargs="+", metavar="REVIEWER", help="their reviewer names (logins)")
    p_ask_article.add_argument("-m", "--note", default="", metavar="NOTE", help="a word for them")
    p_approve = action("approve", "sign a claim off with a proposal's verdict, or your own")
    chosen = p_approve.add_mutually_exclusive_group()
    chosen.add_argument("--of", metavar="REVIEWER", help="approve this reviewer's submitted proposal")
    chosen.add_argument("--verdict", metavar="VERDICT", help="approve your own verdict (and --rationale)")
    p_approve.add_argument("--rationale", metavar="TEXT", help="with --verdict: the final rationale")
    action("return", "send a claim back to draft, saying why")
    action("reopen", "put an approved claim back in review, saying why")
    p_comment = action("comment", "add to a claim's discussion (kept out of published reports)")
    p_comment.add_argument("text", nargs="+", metavar="TEXT")
    p_claims = action("claims", "an article's claims: their numbers, ids, status and verdicts", claim=False)
    p_claims.add_argument("article", type=int, metavar="ARTICLE", help="the article's id (`factcheck list`)")
    action("show", "a claim with its proposals (those you may see), requests, decisions and comments")
    action("waiting", "what waits for you: second opinions, sign-offs, articles assigned to you", claim=False)
    p_agreement = action("agreement", "agreement between reviewers who rated the same claims", claim=False)
    p_agreement.add_argument("article", nargs="?", type=int, metavar="ARTICLE",
                             help="one article (default: the whole desk, per rating scale)")
    p_agreement.add_argument("--since", metavar="DATE", help="proposals submitted on or after this day (UTC)")
    p_agreement.add_argument("--until", metavar="DATE", help="proposals submitted on or before this day (UTC)")
    p_agreement.add_argument("--csv", type=Path, metavar="FILE", help="write the statistics to FILE as CSV")


# ------------------------------------------------------------------ running


def run(location, args: argparse.Namespace) -> int:
    """``factcheck review …`` on a library file (its lock held by the caller) or a shared library (an address)."""
    from factcheck.api import InvalidValue, NotInLibrary, WorkflowError, open_library
    from factcheck.store import LibraryError

    shared = isinstance(location, str)  # a shared library's address; a file is a Path
    if shared and args.reviewer:
        say("factcheck: on a shared library the reviewer is the login: leave --reviewer out (open the library as "
            "another login to review as them).", error=True)
        return 2
    reviewer = "" if shared else (args.reviewer or default_reviewer()).strip()
    if not shared and not reviewer:
        say("factcheck: who is reviewing? Add --reviewer NAME, or set your name in the window's Preferences "
            "(Reviewer name).", error=True)
        return 2
    note = None
    if args.action in NOTED:
        note = args.note if args.note is not None else ask_note(args.action)
        if note is None:
            return 2
    try:
        with open_library(location, reviewer, read_only=args.action in READS, lock=False) as library:
            if library.recovery_report is not None:
                say(f"factcheck: {library.recovery_report.message}", error=True)
            if args.action in LIBRARY_COMMANDS:
                return LIBRARY_COMMANDS[args.action](library, args)
            claim = find_claim(library, args.claim)
            return COMMANDS[args.action](library, claim, args, note)
    except (LibraryError, WorkflowError, InvalidValue, NotInLibrary) as error:
        say(f"factcheck: {error}", error=True)
        return 1


def in_window(path: Path, args: argparse.Namespace) -> int:
    """A window has the library file open: read a copy it writes; a change is the window's to make."""
    import tempfile

    from factcheck.store import LibraryError, window_channel

    if args.action not in READS:
        say(f"factcheck: the library {path} is open in a factcheck window: {args.action} the claim there, or "
            "close the window and run the command again.", error=True)
        return 1
    with tempfile.TemporaryDirectory(prefix="factcheck-") as folder:
        snapshot = Path(folder) / "snapshot.db"
        try:
            window_channel.ask(path, {"op": "snapshot", "path": str(snapshot)})
        except LibraryError as error:
            say(f"factcheck: {error}", error=True)
            return 1
        return run(snapshot, args)


def default_reviewer() -> str:
    """The reviewer name in the window's Preferences, as the other commands name their edits (else none)."""
    from factcheck.locations import settings_path
    from factcheck.preferences_file import read_preferences

    return read_preferences(settings_path()).get("reviewer_name", "").strip()


def ask_note(action: str) -> str | None:
    """The note for ``action``, typed on a terminal; None (having said why) when there is no one to ask."""
    if sys.stdin is None or not sys.stdin.isatty():
        say(f"factcheck: {action} needs a short note saying why: add -m NOTE.", error=True)
        return None
    try:
        return input(f"Why {action} it? (a short note for the history): ")
    except EOFError:
        return ""  # refused as an empty note, with the library's own words


def find_claim(library, word: tuple[int | None, int]):
    """The claim a ``claim_word`` names."""
    from factcheck.api import NotInLibrary

    article_id, number = word
    if article_id is None:
        return library.claim(number)
    found = [claim for claim in library.claims(article_id) if claim.number == number]
    if not found:
        raise NotInLibrary(f"Article {article_id} has no claim {number}: `factcheck review claims {article_id}` "
                           "lists its claims.")
    return found[0]


def named(claim) -> str:
    return f"claim {claim.article_id}:{claim.number}"


def quoted(text: str | None, limit: int = 60) -> str:
    one_line = " ".join((text or "").split())
    return f"“{one_line if len(one_line) <= limit else one_line[: limit - 1] + '…'}”"


# ------------------------------------------------------------------ commands


def cmd_propose(library, claim, args, note) -> int:
    proposal = library.propose(claim.id, args.verdict, args.rationale, submit=not args.draft)
    if not proposal.submitted:
        say(f"Saved a draft proposal {quoted(proposal.verdict)} for {named(claim)}: only you see it until you "
            "propose without --draft.")
    else:
        status = library.claim(claim.id).status
        say(f"Proposed {quoted(proposal.verdict)} for {named(claim)}; the claim is {status.label.lower()}.")
    return 0


def cmd_ask(library, claim, args, note) -> int:
    library.request_second_opinion(claim.id, args.reviewers, args.note)
    names = [name.strip() for name in args.reviewers if name.strip()]
    say(f"Asked {_and(names)} for a second opinion on {named(claim)}.")
    return 0


def cmd_ask_article(library, args) -> int:
    asked = library.request_second_opinions_on_article(args.article, args.reviewers, args.note)
    names = [name.strip() for name in args.reviewers if name.strip()]
    title = library.article(args.article).title
    say(f"Asked {_and(names)} for a second opinion on {len(asked)} claim{'s' * (len(asked) != 1)} of “{title}”.")
    return 0


def cmd_approve(library, claim, args, note) -> int:
    from factcheck.api import WorkflowError

    if args.rationale is not None and args.verdict is None:
        raise WorkflowError("--rationale goes with --verdict: approve your own verdict with both.")
    proposal = None
    if args.of is not None:
        proposal = next((p for p in library.proposals(claim.id) if p.reviewer == args.of.strip() and p.submitted),
                        None)
        if proposal is None:
            raise WorkflowError(f"There is no submitted proposal by {args.of.strip()} for {named(claim)} "
                                f"(`factcheck review show {claim.article_id}:{claim.number}` lists them).")
    decision = library.approve(claim.id, note, proposal, verdict=args.verdict, rationale=args.rationale)
    say(f"Approved {named(claim)}: {quoted(decision.verdict)}.")
    return 0


def cmd_return(library, claim, args, note) -> int:
    library.return_claim(claim.id, note)
    say(f"Returned {named(claim)} to draft.")
    return 0


def cmd_reopen(library, claim, args, note) -> int:
    library.reopen(claim.id, note)
    say(f"Reopened {named(claim)}: it is in review again.")
    return 0


def cmd_comment(library, claim, args, note) -> int:
    library.comment(claim.id, " ".join(args.text))
    say(f"Commented on {named(claim)}.")
    return 0


def cmd_show(library, claim, args, note) -> int:
    """The claim, then one tab-separated line per proposal, request, decision and comment, oldest first."""
    blind = claim.id in library.store.blind_claims()
    verdict = "hidden until you propose yours (a second opinion)" if blind else (claim.verdict or "no verdict")
    say(f"{named(claim)} (id {claim.id})\t{quoted(claim.quote)}\t{claim.status.label}\t{verdict}")
    for p in library.proposals(claim.id):
        state = "submitted" if p.submitted else "draft"
        kind = " (second opinion)" if p.second_opinion else ""
        say(f"proposal\t{p.reviewer}\t{p.verdict or '-'}\t{state}{kind} {p.submitted_at or p.created_at}\t"
            f"{printable(p.rationale, one_line=True)}")
    for r in library.store.opinion_requests(claim.id):
        say(f"asked\t{r.reviewer}\tby {r.requested_by} {r.requested_at}\t{printable(r.note, one_line=True)}")
    for d in library.store.decisions(claim.id):  # the claim shows the verdict approved; these say who and why
        say(f"{d.action.label.lower()}\tby {d.decided_by}\t{d.decided_at}\t{printable(d.note, one_line=True)}")
    for c in library.comments(claim.id):
        say(f"comment\t{c.author}\t{c.written_at}\t{printable(c.text, one_line=True)}")
    return 0


def cmd_claims(library, args) -> int:
    """One tab-separated line per claim of the article, in text order (a verdict one must rate blind hidden)."""
    claims = library.claims(args.article)
    if not claims:
        say(f"Article {args.article} has no claims yet: mark them in the window.")
        return 0
    blind = library.store.blind_claims()
    say("CLAIM\tID\tSTATUS\tVERDICT\tQUOTE")
    for claim in claims:
        verdict = "(hidden: your second opinion)" if claim.id in blind else claim.verdict or "-"
        say(f"{claim.article_id}:{claim.number}\t{claim.id}\t{claim.status.label}\t{verdict}\t{quoted(claim.quote)}")
    return 0


def cmd_waiting(library, args) -> int:
    waiting = library.waiting()
    if not any(waiting.values()):
        say(f"Nothing waits for {library.reviewer}.")
        return 0
    for claim in waiting["opinions"]:
        asked = [f"asked by {r.requested_by}" + (f": {r.note}" if r.note else "")
                 for r in library.store.opinion_requests(claim.id) if r.reviewer == library.reviewer]
        say(f"second opinion\t{named(claim)}\t{quoted(claim.quote)}\t{printable('; '.join(asked), one_line=True)}")
    for claim in waiting["sign_off"]:
        proposed = ", ".join(f"{p.reviewer} {p.verdict}" for p in library.proposals(claim.id) if p.submitted)
        say(f"sign-off\t{named(claim)}\t{quoted(claim.quote)}\tproposed: {printable(proposed, one_line=True)}")
    for article in waiting["assigned"]:
        due = library.store.article_stage(article.id).due
        say(f"assigned\tarticle {article.id}\t{printable(article.title, one_line=True)}"
            f"\t{f'due {due}' if due else 'no due date'}")
    return 0


def cmd_agreement(library, args) -> int:
    if args.article is not None:
        results = [(library.rating_scale(args.article), library.agreement(args.article, since=args.since,
                                                                          until=args.until))]
    else:
        results = list(library.agreement(since=args.since, until=args.until).items())
    where = f"article {args.article}" if args.article is not None else "the desk"
    if args.csv is not None:
        return write_csv(args.csv, results, where)
    if not any(result.claims for _, result in results):
        say(f"No claim in {where} was rated by two or more reviewers{_period(args)}: there is no agreement to "
            "measure yet.")
        return 0
    for scale, result in results:
        if not result.claims:
            say(f"{scale.name}: no claim rated by two or more reviewers{_period(args)}")
            continue
        say(f"{scale.name}: {_counted(len(result.reviewers), 'reviewer')} ({_and(result.reviewers)}), "
            f"{_counted(result.claims, 'claim')} rated by two or more{_period(args)}")
        for s in result.statistics:
            value = f"{s.value:.4f}" if s.value is not None else f"undefined: {s.undefined_because}"
            say(f"{s.name}\t{value}\t{_counted(s.claims, 'claim')}\t{_counted(s.verdicts, 'verdict')}")
    return 0


def write_csv(path: Path, results, where: str) -> int:
    """The statistics as CSV (:func:`factcheck.core.agreement.agreement_csv`, as the window exports them)."""
    from factcheck.core.agreement import agreement_csv
    from factcheck.io.files import write_atomically

    try:
        write_atomically(path, agreement_csv(results))
    except OSError as error:
        say(f"factcheck: cannot write {path}: {error.strerror or error}", error=True)
        return 1
    rows = sum(len(result.statistics) for _, result in results)
    say(f"{path}\t{rows} statistics of {where}")
    return 0


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _and(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _period(args) -> str:
    since = f" from {args.since}" if args.since else ""
    return since + (f" to {args.until}" if args.until else "")


LIBRARY_COMMANDS = {"claims": cmd_claims, "waiting": cmd_waiting, "agreement": cmd_agreement,
                    "ask-article": cmd_ask_article}
COMMANDS = {"propose": cmd_propose, "ask": cmd_ask, "approve": cmd_approve, "return": cmd_return,
            "reopen": cmd_reopen, "comment": cmd_comment, "show": cmd_show}
